"""The events of one recognised article (``find_events``).

Each sentence is cut into clauses (``rasid.extract.clauses``). A clause with an event word yields
one event, typed by its strongest trigger, unless the word is cancelled (negated, future,
a purpose, another sense) or only refers to an event told elsewhere; its actors and
roles come from ``rasid.extract.roles``, its place and date from the clause first, then the
sentence, then the article's dominant place and the publication day; its figures become
claims (``rasid.extract.claims``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from rasid.extract.claims import attach_claims, attach_responsibility, set_figures
from rasid.extract.clauses import (
    Clause, by_distance, governing, irrealis_before, near, opens_conjunct, same_part, split_clauses,
)
from rasid.extract.roles import backers, territory_sub_type
from rasid.model import Actor, Doc, Event, FieldEvidence, Location, Mention, ResolvedDate, Sentence
from rasid.recognise.actors import UNARMED_INTERS, actor_by_id, in_country
from rasid.normalise import tokens
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.matcher import purpose_prefixes, token_prefix
from rasid.recognise.triggers import always_actor, sub_type_says, unnamed_actor, yields_to

MAX_ACTORS = 2  # ACLED's actor1/actor2
MAX_HEADLINE_CHARS = 300
EXPOSURE_WINDOW_TOKENS = 4  # تعرضت أحياء المدينة القديمة لقصف
DEMONYM_WINDOW_TOKENS = 2  # words allowed between an attack's word and the adjective naming its state (غارات جوية إسرائيلية)
TOLL_DEATHS = 1000  # deaths from which a figure is a running total (no ACLED event of the gold sets reaches 300)
WEAK_TRIGGER = 3  # trigger priority at or below which a word is too generic to stand alone


def find_events(doc: Doc) -> list[Event]:
    """One event per clause that holds an event word that reports an event; each figure
    of a sentence becomes a claim on the event it gives the toll of."""
    assert doc.norm is not None
    setting = Setting(dominant_location(doc), main_country(doc))
    events = []
    for sentence, clauses in split_clauses(doc):
        if not _is_headline(doc, sentence):
            events += _sentence_events(doc, clauses, setting)
    return events


@dataclass(frozen=True, slots=True)
class Setting:
    """What the whole article says about where it happens: the place and the country it
    names most (fallbacks for an event's place, and for what a generic actor stands for)."""

    place: Location | None
    country: str


def _sentence_events(doc: Doc, clauses: list[Clause], setting: Setting) -> list[Event]:
    """The events of one sentence, with their claims. An attack's result told beside the
    attack (أسفر عن تدمير مخازن) is part of it, not an event of its own."""
    candidates = [(trigger, clause) for clause in clauses if (trigger := _strongest(doc, clause))]
    found = [(trigger, event, clause) for trigger, clause in candidates if not _outranked(trigger, clause, candidates)
             for event in _events(doc, clause, trigger, setting)]
    if any(sub_type_says(event.sub_event_type, "violent") for _, event, _ in found):
        found = [f for f in found if not sub_type_says(f[1].sub_event_type, "outcome")]
    if found:
        attach_claims(doc, clauses[0].sentence_mentions, found)
        attach_responsibility(clauses[0].sentence_mentions, found)
    totals = {id(trigger) for trigger, event, _ in found if _running_total(event)}
    return [event for trigger, event, _ in found if id(trigger) not in totals]  # a toll's places go with it


def _running_total(event: Event) -> bool:
    """A toll of a war or a campaign rather than of one event (ارتفاع حصيلة ضحايا العدوان
    إلى 40005 شهداء، منذ 7 تشرين الأول؛ قتلت طائرات التحالف 3042 ... خلال 10 أشهر): a
    count since an earlier day, or more deaths than an ACLED event reports. The event goes
    when it has no other death figure; else only the total leaves it."""
    totals = [c for c in event.claims if c.kind == "killed" and c.plausible
              and (c.running_total or c.value >= TOLL_DEATHS)]
    if not totals:
        return False
    if all(c in totals for c in event.claims if c.kind == "killed"):
        return True
    event.claims = [c for c in event.claims if c not in totals]
    set_figures(event)
    return False


def _strongest(doc: Doc, clause: Clause) -> Mention | None:
    """The clause's strongest event word that is not cancelled; an attack's result (تدمير
    مخازن) never outranks the attack."""
    triggers = [t for t in clause.of_kind("TRIGGER") if not _cancelled(doc, clause, t)]
    return max(triggers, key=lambda t: (not sub_type_says(t.value.sub_event_type, "outcome"), t.value.priority),
               default=None)


def _outranked(trigger: Mention, clause: Clause, candidates: list[tuple[Mention, Clause]]) -> bool:
    """A weak word (استهدف، هجوم) opens an event only with an actor in its clause and no
    stronger word in its sentence part."""
    if trigger.value.priority > WEAK_TRIGGER:
        return False
    return not clause.of_kind("ACTOR") or any(
        other.value.priority > WEAK_TRIGGER and same_part(clause, clause.start, home.start) for other, home in candidates)


def _refining(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """A word of the clause that the event word's sub-type yields to (the aircraft of
    قصفت الطائرات), if any."""
    wanted = yields_to(trigger.value.sub_event_type)
    return next((t for t in by_distance(clause.of_kind("TRIGGER"), trigger)
                 if wanted and t.value.sub_event_type == wanted and not _cancelled(doc, clause, t)), None)


def _is_headline(doc: Doc, sentence: Sentence) -> bool:
    """The title paragraph of an article that has a body: it only summarises the body."""
    return sentence.paragraph == 0 and doc.sentences[-1].paragraph > 0 and sentence.span.end <= MAX_HEADLINE_CHARS


def _cancelled(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Negation and the future govern the rest of their clause; threats, demands, plans,
    fears and aims the rest of their sentence part (توعد ...، ... بعمليات ذبح); habitual
    or undated wording (مرارا، مؤخرا) its whole clause; and an event word written with the
    preposition ل states a purpose (عملية لتحرير المدينة) when it names violence (not in
    لتبادل الأسرى), unless it is the object of a verb that takes ل (تعرضت لقصف)."""
    cues = clause.of_kind("CUE")
    if any(c.value.kind == "not_event" and c.norm_start <= trigger.norm_start < c.norm_end for c in cues):
        return True  # another sense of the word (ساحة التحرير)
    if irrealis_before(clause, trigger):
        return True
    if any(c.value.kind == "generic" for c in cues) or _over_a_period(doc, clause):
        return True
    if not (sub_type_says(trigger.value.sub_event_type, "violent") and _purpose(doc, trigger)):
        return False
    return not any(c.value.kind == "exposure" and near(doc, c, trigger, EXPOSURE_WINDOW_TOKENS) for c in cues)


def _over_a_period(doc: Doc, clause: Clause) -> bool:
    """A count of months or years in the clause (خلال 10 أشهر، منذ ثلاث سنوات): a running total."""
    numbers = clause.of_kind("NUMBER")
    return any(c.value.kind == "period" and any(near(doc, n, c, 0) for n in numbers) for c in clause.of_kind("CUE"))


def _purpose(doc: Doc, word: Mention) -> bool:
    """Written with the preposition ل in front (لتحرير، للسيطرة)."""
    return token_prefix(doc.norm.text, word.norm_start) in purpose_prefixes()


def _usable(date_mention: Mention) -> bool:
    return date_mention.value is not None and not date_mention.value.flag


def _refers(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Whether the event word refers to an event rather than reports it: inside a relative
    clause (الهجوم الذي استهدف)، the object of a statement (أدان القصف), told as background
    (وكانت تركيا قد هاجمت، بعد تحريرها), pointed at by a demonstrative (هذه الغارات) or
    owned by its doer (هجومها)."""
    if any(c.value.kind == "reference" and c.value.value in ("relative", "verbal", "pluperfect", "response")
           for c in governing(clause, trigger, breaks=("clause", "complementizer"))):
        return True
    return any(c.value.kind == "reference" and (
        c.value.value == "demonstrative" and (near(doc, c, trigger, 0) or near(doc, trigger, c, 0))
        or c.value.value in ("background", "since") and near(doc, c, trigger, 0)
        or c.value.value == "possessive" and c.norm_start <= trigger.norm_start < c.norm_end
        and not any(a.norm_end <= trigger.norm_start for a in clause.of_kind("ACTOR"))) for c in clause.of_kind("CUE"))


def _actors(doc: Doc, clause: Clause, trigger: Mention) -> list[tuple[Actor, Mention | None]]:
    """The actors nearest the event word, its clause first, after a state the word's own
    adjective names (غارة إسرائيلية). A battle is fought by armed groups, and a side's
    backers (بدعم من التحالف) come after the sides; a protest always has protesters and a
    flight civilians (``always_actor`` in event_types.tsv) unless the text names others of
    their kind; a blast or strike whose author the text does not name is the Unidentified
    Armed Group's (``unnamed_actor``)."""
    ordered = ([m for m in clause.of_kind("DEMONYM") if near(doc, trigger, m, DEMONYM_WINDOW_TOKENS)][:1]
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


def _unique(actors: list[Actor]) -> list[Actor]:
    return list({a.id: a for a in actors}.values())


def _locating(mentions: list[Mention]) -> list[Mention]:
    """Place mentions that give an event a location below country level."""
    return [m for m in mentions if m.value.kind != "country" and m.value.location() is not None]


def dominant_location(doc: Doc) -> Location | None:
    """The article's most often named place below country level, at precision 2 or coarser."""
    places = _locating(doc.of_kind("PLACE"))
    if not places:
        return None
    counts = Counter(m.value.id for m in places)
    location = max(places, key=lambda m: counts[m.value.id]).value.location()
    return replace(location, geo_precision=max(location.geo_precision, 2),
                   where_prec=max(location.where_prec, 2))


def main_country(doc: Doc) -> str:
    """The country the article's places lie in most often ('' when it names none)."""
    counts = Counter(m.value.location().country for m in doc.of_kind("PLACE") if m.value.location() is not None)
    return max(counts, key=counts.get, default="")


def _locations(doc: Doc, clause: Clause, trigger: Mention,
               dominant: Location | None) -> list[tuple[Location | None, Mention | None]]:
    """The most specific place in the clause, with every place of a list it is in (الموصل
    وتلعفر والرمادي، الحسكة، وقرب الحديثة: ACLED codes one event per place), else the most
    specific one in the sentence, else the article's dominant place."""
    for whole_sentence in (False, True):
        places = _locating(clause.of_kind("PLACE", whole_sentence))
        if places:
            best = min(by_distance(places, trigger), key=lambda m: m.value.location().geo_precision)
            listed = [best] if whole_sentence else _listed_with(doc, clause, best)
            return [(m.value.location(), m) for m in listed]
    return [(dominant, None)]


def _listed_with(doc: Doc, clause: Clause, place: Mention) -> list[Mention]:
    """``place`` and the places listed with it, in text order: a list may run on past a
    comma (الحسكة والرقة في سوريا، وقرب الحديثة وكركوك) but not past another word of
    the sentence."""
    mentions = clause.of_kind("PLACE", whole_sentence=True)
    places = _locating(mentions)
    first = last = places.index(place)
    while first > 0 and _joined(doc, mentions, places[first - 1], places[first]):
        first -= 1
    while last + 1 < len(places) and _joined(doc, mentions, places[last], places[last + 1]):
        last += 1
    return places[first:last + 1]


def _joined(doc: Doc, mentions: list[Mention], left: Mention, right: Mention) -> bool:
    """Two different places with only list words between them: و, commas, words such as
    قرب or مناطق (``list_words.tsv``), and the country a list part lies in (في سوريا)."""
    if left.value.id == right.value.id or not opens_conjunct(doc, right) and "," not in doc.norm.text[
            left.norm_end:right.norm_start]:
        return False
    text = doc.norm.text
    words, pos = [], left.norm_end
    for country in (m for m in mentions if left.norm_end <= m.norm_start and m.norm_end <= right.norm_start):
        before = [text[s:e] for s, e in tokens(text, pos, country.norm_start)]
        words += before[:-1] if before[-1:] == ["في"] else before  # في before the country of a list part
        pos = country.norm_end
    words += [text[s:e] for s, e in tokens(text, pos, right.norm_start)]
    conjunction = token_prefix(text, right.norm_start)
    return all(_bare(w) in word_set("list_words") or w == conjunction for w in words) and not any(
        ch in text[left.norm_end:right.norm_start] for ch in ".;:?!()")


def _bare(word: str) -> str:
    """A word without the conjunction و in front."""
    return word[1:] if word.startswith("و") and len(word) > 2 else word


def _date(doc: Doc, clause: Clause, trigger: Mention) -> tuple[ResolvedDate | None, Mention | None]:
    """The date in the clause, else in the sentence, else the publication day at precision 2
    (FORMAT.md: undated events reported as current news)."""
    for whole_sentence in (False, True):
        dates = [m for m in clause.of_kind("DATE", whole_sentence) if _usable(m)]
        if dates:
            best = by_distance(dates, trigger)[0]
            return best.value, best
    published = doc.article.published
    return (ResolvedDate(published, 2) if published else None), None


def _events(doc: Doc, clause: Clause, trigger: Mention, setting: Setting) -> list[Event]:
    """The event the clause reports, once per place it names (none without a place)."""
    actors = _actors(doc, clause, trigger)
    when, date_mention = _date(doc, clause, trigger)
    sub_type = trigger.value.sub_event_type
    evidence = [FieldEvidence.of("event_type", trigger)]
    if trigger.value.territorial:
        sub_type, deciding = territory_sub_type(doc, clause, trigger)
        evidence.append(FieldEvidence.of("sub_event_type", deciding, "territory-by-agent"))
    elif refining := _refining(doc, clause, trigger):
        sub_type = refining.value.sub_event_type
        evidence.append(FieldEvidence.of("sub_event_type", refining))
    evidence += [FieldEvidence.of("actors", m, "unnamed-actor-of-sub-type" if a.id == unnamed_actor(sub_type)
                                  else "always-actor-of-sub-type") for a, m in actors]
    evidence.append(FieldEvidence.of("event_date", date_mention, "publication-date"))
    return [Event(
        reference_only=_refers(doc, clause, trigger) and not any(_usable(d) for d in clause.of_kind("DATE")),
        doc_id=doc.article.doc_id, event_type=trigger.value.event_type, sub_event_type=sub_type,
        event_date=when.day if when else None, time_precision=when.precision if when else None,
        actors=_unique([in_country(a, location.country, setting.country) for a, _ in actors]), location=location,
        claims=[],
        evidence=[clause.sentence.span], provenance=[trigger.provenance],
        field_evidence=evidence + [FieldEvidence.of("location", place, "article-dominant-place")],
    ) for location, place in _locations(doc, clause, trigger, setting.place) if location is not None]
