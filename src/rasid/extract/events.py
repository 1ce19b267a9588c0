"""The events of one recognised article (``find_events``).

Each sentence is cut into clauses (``rasid.extract.clauses``). A clause with an event word
yields one event, typed by its strongest trigger, unless the wording cancels the word or
makes it only refer to an event told elsewhere (``rasid.extract.reporting``); its actors
and roles come from ``rasid.extract.roles``, its place from ``rasid.extract.locations``,
its date from the clause first, then the sentence, then the day the story is told on, then
the publication day; its figures become claims (``rasid.extract.claims``), or, in a
sentence that reports no event, the toll of the event just before. Every event word not coded is recorded on the
Doc with the reason (``Doc.rejections``).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import timedelta

from rasid.extract.claims import attach_claims, attach_responsibility, set_figures
from rasid.extract.clauses import Clause, by_distance, gap_tokens, near, same_part, split_clauses
from rasid.extract.locations import countries, dominant_location, locations
from rasid.extract.reporting import WEAK_TRIGGER, cancelled, is_headline, outranked, refers
from rasid.extract.roles import backers, territory_sub_type
from rasid.model import (
    Actor, Claim, Doc, Event, FieldEvidence, Location, Mention, Provenance, RejectReason, Rejection, ResolvedDate,
)
from rasid.normalise import tokens
from rasid.recognise.actors import UNARMED_INTERS, actor_by_id, in_country
from rasid.recognise.triggers import always_actor, event_type_of, sub_type_says, unnamed_actor, yields_to

MAX_ACTORS = 2  # ACLED's actor1/actor2
DEMONYM_WINDOW_TOKENS = 2  # words between an attack's word and the adjective of its state (غارات جوية إسرائيلية)
TOLL_DEATHS = 1000  # deaths from which a figure is a running total (no ACLED event of the gold sets reaches 300)
UNNAMED_RULE = "unnamed-actor-of-sub-type"
CONTEXT_RULE = "author-of-the-articles-other-strikes"
SUBJECT_RULE = "subject-of-the-event-before"
BACKGROUND_DAYS = 14  # FORMAT.md: events from weeks before publication are background (gold: none over 30 days)
REFINING_WINDOW_TOKENS = 12  # words across which a weapon refines an attack's sub-type (beyond its clause)
ARMED_TARGET_SUB_TYPES = {"Attack": "Armed clash"}
POST_KINDS = frozenset({"base", "sea"})  # what a strike from afar hits: army posts and bases (the gazetteer's kind or
# the cue's: موقع المالكية), ships at sea


@dataclass(frozen=True, slots=True)
class Setting:
    """What the whole article says about where and when it happens: the place it names most
    (the fallback for an event's place), its countries, most named first (what a generic
    actor stands for where the event's own country does not say), and the days it names
    that can date its story, in text order (read once: an article can be a million
    characters long)."""

    place: Location | None
    countries: tuple[str, ...]
    told: tuple[Mention, ...]
    told_ends: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc) -> Setting:
        dates = doc.of_kind("DATE")
        starts = [d.norm_start for d in dates]
        after_since = set()  # منذ مساء الثلاثاء: the start of a span, not the day of the story
        for cue in (c for c in doc.of_kind("CUE") if c.value.value == "since"):
            i = bisect_right(starts, cue.norm_start)
            if i < len(dates) and near(doc, cue, dates[i], 0):
                after_since.add(i)
        told = tuple(d for i, d in enumerate(dates) if _usable(d) and not _background(doc, d.value)
                     and i not in after_since)
        return cls(dominant_location(doc), countries(doc), told, tuple(d.norm_end for d in told))

    def story_day(self, before: int) -> Mention | None:
        """The latest day named before position ``before``."""
        i = bisect_right(self.told_ends, before)
        return self.told[i - 1] if i else None


def find_events(doc: Doc) -> list[Event]:
    """One event per clause that holds an event word that reports an event; each figure
    of a sentence becomes a claim on the event it gives the toll of."""
    assert doc.norm is not None
    setting = Setting.of(doc)
    events: list[Event] = []
    previous: tuple[Mention, Event] | None = None  # the last event of the sentence before
    subject: Subject | None = None  # who the last event of this sentence or the one before was by
    for sentence, clauses in split_clauses(doc):
        if is_headline(doc, sentence):
            _reject(doc, [t for c in clauses for t in c.of_kind("TRIGGER")], RejectReason.HEADLINE)
            continue
        found, latest = _sentence_events(doc, clauses, setting, subject)
        events += [event for _, event in found]
        if not found and previous:
            _follow_up(doc, clauses, *previous)
        previous = max(found, key=lambda f: f[0].norm_start) if found else None
        subject = latest if found else None
    _attribute_unnamed(events)
    return events


def _follow_up(doc: Doc, clauses: list[Clause], trigger: Mention, event: Event) -> None:
    """A sentence that reports no event of its own but counts the dead or wounded right
    after one that does gives that event's toll (وأفاد مصدر بأن 12 حوثيا سقطوا قتلى);
    deaths it tells without a number add nothing."""
    if not any(m.kind == "CASUALTY" and m.value in ("killed", "injured") for m in clauses[0].sentence_mentions):
        return
    fatalities, known = event.fatalities, len(event.claims)
    attach_claims(doc, clauses[0].sentence_mentions, [(trigger, event, clause) for clause in clauses])
    event.claims = event.claims[:known] + [c for c in event.claims[known:] if not _total(c)]
    event.fatalities = fatalities
    set_figures(event)


def _attribute_unnamed(events: list[Event]) -> None:
    """A strike whose author its sentence does not name is by the one author the article
    names for every other strike of its type (FORMAT.md: an owner unambiguous in context);
    with none or several, it stays the Unidentified Armed Group's."""
    authors: dict[str, dict[str, Actor]] = {}
    for e in events:
        if e.actors and e.from_text("actors") and e.actors[0].inter not in UNARMED_INTERS:
            authors.setdefault(e.event_type, {})[e.actors[0].id] = e.actors[0]
    for event in events:
        named = authors.get(event.event_type, {})
        if len(named) != 1 or not any(f.field == "actors" and f.provenance.rule == UNNAMED_RULE
                                      for f in event.field_evidence):
            continue
        [author] = named.values()
        event.actors = [author] + event.actors[1:]
        event.field_evidence = [replace(f, provenance=Provenance(CONTEXT_RULE, author.id))
                                if f.field == "actors" and f.provenance.rule == UNNAMED_RULE else f
                                for f in event.field_evidence]


def _reject(doc: Doc, words: list[Mention], reason: RejectReason, detail: str = "") -> None:
    doc.rejections += [Rejection(w.span, reason, detail) for w in words]


@dataclass(frozen=True, slots=True)
class Subject:
    """The doer of the last event told, and the words that named it: what a clause that
    names no one continues (كما استهدفت موقع شتولا)."""

    actor: Actor
    evidence: FieldEvidence
    sub_event_type: str
    sub_type_evidence: FieldEvidence

    @classmethod
    def of(cls, event: Event) -> Subject | None:
        actor = next((f for f in event.field_evidence if f.field == "actors"), None)
        if not event.actors or actor is None:
            return None
        kind = [f for f in event.field_evidence if f.field in ("sub_event_type", "event_type")]
        return cls(event.actors[0], actor, event.sub_event_type, kind[-1])


def _sentence_events(doc: Doc, clauses: list[Clause], setting: Setting,
                     subject: Subject | None) -> tuple[list[tuple[Mention, Event]], Subject | None]:
    """The events of one sentence with their words, and their claims, and the subject it
    leaves to the next. An attack's result told beside the attack (أسفر عن تدمير مخازن) is
    part of it, not an event of its own."""
    candidates = [(trigger, clause) for clause in clauses if (trigger := _strongest(doc, clause))]
    found = []
    for trigger, clause in candidates:
        dropped = subject if subject and _opens(doc, clause, trigger) and not clause.of_kind("ACTOR") else None
        if outranked(trigger, clause, candidates, implied_subject=dropped is not None):
            _reject(doc, [trigger], RejectReason.WEAK_WORD)
            continue
        events = _events(doc, clause, trigger, setting, dropped)
        found += [(trigger, event, clause) for event in events]
        subject = next(filter(None, map(Subject.of, events)), subject)
    if any(sub_type_says(event.sub_event_type, "violent") for _, event, _ in found):
        _reject(doc, [t for t, e, _ in found if sub_type_says(e.sub_event_type, "outcome")], RejectReason.OUTCOME)
        found = [f for f in found if not sub_type_says(f[1].sub_event_type, "outcome")]
    if found:
        attach_claims(doc, clauses[0].sentence_mentions, found)
        attach_responsibility(clauses[0].sentence_mentions, found)
    totals = {id(trigger) for trigger, event, _ in found if _running_total(event)}
    _reject(doc, list({id(t): t for t, _, _ in found if id(t) in totals}.values()), RejectReason.RUNNING_TOTAL)
    kept = [(trigger, event) for trigger, event, _ in found if id(trigger) not in totals]  # a toll's places go with it
    return kept, subject


def _opens(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Does the event word open its clause, right after its comma or the clause word that
    starts it (كما استهدفت)?"""
    start = max([clause.start] + [c.norm_end for c in clause.of_kind("CUE")
                                   if c.value.kind == "clause" and c.norm_start == clause.start])
    return gap_tokens(doc, start, trigger.norm_start) == 0


def _running_total(event: Event) -> bool:
    """A toll of a war or a campaign rather than of one event (ارتفاع حصيلة ضحايا العدوان
    إلى 40005 شهداء، منذ 7 تشرين الأول؛ قتلت طائرات التحالف 3042 ... خلال 10 أشهر): a
    count since an earlier day, or more deaths than an ACLED event reports. The event goes
    when it has no other death figure; else only the total leaves it."""
    totals = [c for c in event.claims if _total(c) and c.plausible]
    if not totals:
        return False
    if all(c in totals for c in event.claims if c.kind == "killed"):
        return True
    event.claims = [c for c in event.claims if c not in totals]
    set_figures(event)
    return False


def _total(claim: Claim) -> bool:
    """A death figure that totals more than one event."""
    return claim.kind == "killed" and (claim.running_total or claim.value >= TOLL_DEATHS)


def _strongest(doc: Doc, clause: Clause) -> Mention | None:
    """The clause's strongest event word that the wording does not cancel; an attack's
    result (تدمير مخازن) never outranks the attack."""
    triggers = []
    for trigger in clause.of_kind("TRIGGER"):
        reason = cancelled(doc, clause, trigger)
        if reason:
            _reject(doc, [trigger], reason)
        else:
            triggers.append(trigger)
    return max(triggers, key=lambda t: (not sub_type_says(t.value.sub_event_type, "outcome"), t.value.priority),
               default=None)


def _refining(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """A word that the event word's sub-type yields to (the aircraft of قصفت الطائرات): in
    its clause, else a few words away in the same part of the sentence across a comma, with no
    other event word between (استهدفت مسيرة إسرائيلية، منزلا... بصاروخ)."""
    wanted = yields_to(trigger.value.sub_event_type)
    if not wanted:
        return None
    in_clause = [t for t in clause.of_kind("TRIGGER") if t.value.sub_event_type == wanted]
    nearby = [t for t in clause.of_kind("TRIGGER", whole_sentence=True)
              if t.value.sub_event_type == wanted and t not in in_clause and _beside(doc, clause, trigger, t)]
    return next((t for t in by_distance(in_clause, trigger) + by_distance(nearby, trigger)
                 if not cancelled(doc, clause, t)), None)


def _beside(doc: Doc, clause: Clause, trigger: Mention, other: Mention) -> bool:
    """Is ``other`` within REFINING_WINDOW_TOKENS words of the event word, in the same part of
    the sentence, with no event word between them?"""
    first, second = sorted((trigger, other), key=lambda m: m.norm_start)
    between = [t for t in clause.of_kind("TRIGGER", whole_sentence=True)
               if first.norm_end <= t.norm_start < second.norm_start]
    words = len(tokens(doc.norm.text, first.norm_end, second.norm_start))
    return not between and words <= REFINING_WINDOW_TOKENS and same_part(clause, first.norm_start, second.norm_start)


def _usable(date_mention: Mention) -> bool:
    return date_mention.value is not None and not date_mention.value.flag


def _actors(doc: Doc, clause: Clause, trigger: Mention) -> list[tuple[Actor, Mention | None]]:
    """The actors nearest the event word, its clause first, after a state the word's own
    adjective names (غارة إسرائيلية). A battle is fought by armed groups, and a side's
    backers (بدعم من التحالف) come after the sides; a protest always has protesters and a
    flight civilians (``always_actor`` in event_types.tsv) unless the text names others of
    their kind; a blast or strike whose author the text does not name is the Unidentified
    Armed Group's (``unnamed_actor``)."""
    ordered = ([m for m in clause.of_kind("DEMONYM") if _describes(doc, m, trigger)][:1]
               + by_distance(clause.of_kind("ACTOR"), trigger)
               + by_distance(clause.of_kind("ACTOR", whole_sentence=True), trigger))
    if sub_type_says(trigger.value.sub_event_type, "armed_sides"):
        backing = backers(doc, clause)
        ordered = sorted((m for m in ordered if m.value.inter not in UNARMED_INTERS), key=lambda m: m in backing)
    actors: list[tuple[Actor, Mention | None]] = []
    for m in ordered:
        if m.value.id not in {a.id for a, _ in actors}:
            actors.append((m.value, m))
    always = always_actor(trigger.value.sub_event_type)
    if always and not any(a.inter == actor_by_id(always).inter for a, _ in actors):
        actors.insert(0, (actor_by_id(always), None))
    unnamed = unnamed_actor(trigger.value.sub_event_type)
    if unnamed and not actors:
        actors.append((actor_by_id(unnamed), None))
    return actors[:MAX_ACTORS]


def _describes(doc: Doc, demonym: Mention, trigger: Mention) -> bool:
    """Is the adjective of a state the event word's own: inside it (مسيرة إسرائيلية) or a few
    words after it (غارات جوية إسرائيلية)?"""
    inside = trigger.norm_start <= demonym.norm_start and demonym.norm_end <= trigger.norm_end
    return inside or near(doc, trigger, demonym, DEMONYM_WINDOW_TOKENS)


def _unique(actors: list[Actor]) -> list[Actor]:
    return list({a.id: a for a in actors}.values())


def _date(doc: Doc, clause: Clause, trigger: Mention, setting: Setting) -> tuple[ResolvedDate | None, FieldEvidence]:
    """The date in the clause, else in the sentence, else the day the story is told on (the
    latest day named before the sentence, within the news of the last weeks, and not the
    start of a span: منذ مساء الثلاثاء), else the publication day at precision 2 (FORMAT.md:
    undated events reported as current news)."""
    for whole_sentence in (False, True):
        dates = [m for m in clause.of_kind("DATE", whole_sentence) if _usable(m)]
        if dates:
            best = by_distance(dates, trigger)[0]
            return best.value, FieldEvidence.of("event_date", best)
    told = setting.story_day(clause.sentence.norm_start)
    if told:
        return told.value, FieldEvidence("event_date", told.span, Provenance("story-date", str(told.provenance)),
                                         inferred=True)
    published = doc.article.published
    return (ResolvedDate(published, 2) if published else None), FieldEvidence.of("event_date", None,
                                                                                  "publication-date")


def _events(doc: Doc, clause: Clause, trigger: Mention, setting: Setting, dropped: Subject | None) -> list[Event]:
    """The event the clause reports, once per place it names (none without a place). A clause
    that opens with its event word and names no one continues the subject told just before
    (``dropped``): Arabic drops a subject the text has just named."""
    actors = _actors(doc, clause, trigger)
    when, date_evidence = _date(doc, clause, trigger, setting)
    sub_type = trigger.value.sub_event_type
    evidence = [FieldEvidence.of("event_type", trigger)]
    if trigger.value.territorial:
        sub_type, deciding = territory_sub_type(doc, clause, trigger)
        evidence.append(FieldEvidence.of("sub_event_type", deciding, "territory-by-agent"))
    elif refining := _refining(doc, clause, trigger):
        sub_type = refining.value.sub_event_type
        evidence.append(FieldEvidence.of("sub_event_type", refining))
    elif dropped and trigger.value.priority <= WEAK_TRIGGER:  # كما استهدفت: more of the strikes told before
        sub_type = dropped.sub_event_type
        evidence.append(_continued(dropped.sub_type_evidence, "sub_event_type"))
    evidence += [FieldEvidence.of("actors", m, UNNAMED_RULE if a.id == unnamed_actor(sub_type)
                                  else "always-actor-of-sub-type") for a, m in actors]
    if dropped and not any(m for _, m in actors) and dropped.actor.id not in {a.id for a, _ in actors}:
        actors.insert(0, (dropped.actor, None))
        evidence.append(_continued(dropped.evidence, "actors"))
    evidence.append(date_evidence)
    if date_evidence.span and not date_evidence.inferred and _background(doc, when):
        _reject(doc, [trigger], RejectReason.BACKGROUND, f"dated {when.day.isoformat()}")
        return []
    if sub_type in ARMED_TARGET_SUB_TYPES and len({a.id for a, _ in actors if a.inter not in UNARMED_INTERS}) >= 2:
        sub_type = ARMED_TARGET_SUB_TYPES[sub_type]  # an attack on soldiers or fighters is a clash (ACLED)
    placed = [(location, place, _at(trigger, place, sub_type))
              for location, place in locations(doc, clause, trigger, setting.place) if location]
    if not placed:
        _reject(doc, [trigger], RejectReason.NO_PLACE)
    reference_only = refers(doc, clause, trigger) and not any(_usable(d) for d in clause.of_kind("DATE"))
    return [Event(
        reference_only=reference_only,
        named_by_toll=trigger.value.counts_events,
        doc_id=doc.article.doc_id, event_type=event_type_of(sub_type_here), sub_event_type=sub_type_here,
        event_date=when.day if when else None, time_precision=when.precision if when else None,
        actors=_unique([in_country(a, location.country, *setting.countries) for a, _ in actors]), location=location,
        claims=[], evidence=[clause.sentence.span], provenance=[trigger.provenance],
        field_evidence=evidence + [FieldEvidence.of("location", place, "article-dominant-place")],
    ) for location, place, sub_type_here in placed]


def _continued(evidence: FieldEvidence, field_name: str) -> FieldEvidence:
    """The words that named a value of the event before, as the evidence of this event's."""
    return replace(evidence, field=field_name, provenance=Provenance(SUBJECT_RULE, str(evidence.provenance)))


def _at(trigger: Mention, place: Mention | None, sub_type: str) -> str:
    """The sub-type at this place: the generic word for targeting, when what it hits is an
    army post, a base or a ship at sea, is an attack from afar (``at_post`` in triggers.tsv)."""
    if sub_type == trigger.value.sub_event_type and trigger.value.at_post and place is not None \
            and (place.value.kind in POST_KINDS or place.value.cue_value in POST_KINDS):
        return trigger.value.at_post
    return sub_type


def _background(doc: Doc, when: ResolvedDate) -> bool:
    """Dated by the text weeks before publication: background to the news (FORMAT.md)."""
    published = doc.article.published
    return published is not None and when.day < published - timedelta(days=BACKGROUND_DAYS)
