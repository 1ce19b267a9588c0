"""Extraction: events from one recognised article.

Each sentence is cut into clauses (at commas and at clause words such as في حين/فيما).
A clause with an event word yields one event, typed by its strongest trigger; its
arguments come from the clause first, then from the rest of the sentence, then (for
the place) from the article's dominant place at a lower precision. Casualty figures
next to casualty words become claims, attributed to the cue or party that voices them.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from rasid.lexicon import load_table
from rasid.model import (
    Actor, Claim, Doc, Event, FieldEvidence, Location, Mention, Provenance, ResolvedDate, Sentence,
)
from rasid.normalise import tokens
from rasid.recognise.actors import actor_by_id, in_country
from rasid.recognise.matcher import article, proclitics, purpose_prefixes, token_prefix
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.numbers import Quantity

MAX_ACTORS = 2  # ACLED's actor1/actor2
POLITICAL_MILITIA = 3  # ACLED inter code
MAX_HEADLINE_CHARS = 300
DISPLACEMENT = "Displacement"
CIVILIANS_ID, CIVILIANS_INTER = "civilians", 7  # actors.tsv row and ACLED inter code
UNARMED_INTERS = (6, 7)  # ACLED inter codes of protesters and civilians
EXPOSURE_WINDOW_TOKENS = 4  # تعرضت أحياء المدينة القديمة لقصف
SUPPORT_WINDOW_TOKENS = 2
ALLY_WINDOW_TOKENS = 2  # جماعة الحوثي والقوات الموالية: a side named with و right after another  # words allowed between بدعم and the backer (بدعم من قوات التحالف)
WIDE_IRREALIS = ("threat", "demand", "plan", "fear", "expectation", "aim", "condition", "attempt", "permission")
WEAK_TRIGGER = 3  # trigger priority at or below which a word is too generic to stand alone
MAX_GAP_TOKENS = 3  # words allowed between a figure and its casualty word (43 شخصا قتلوا)
SUBJECT_WINDOW_TOKENS = 4  # words allowed between a figure and whose people they were
UNNUMBERED_DEATHS = 3  # FORMAT.md: deaths reported without a number count as "several"
DISPLACEMENT_UNITS = {"household": "displaced_households", "person": "displaced_individuals",
                      "civilian": "displaced_individuals"}
FIGURE_KINDS = ("killed", "injured", "captured", "arrested", "escaped")
VICTIM_KINDS = ("killed", "injured", "captured")  # what an attack does to the side it targets


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    sentence: Sentence
    mentions: tuple[Mention, ...]          # mentions inside the clause
    sentence_mentions: tuple[Mention, ...]  # mentions anywhere in its sentence

    def of_kind(self, kind: str, whole_sentence: bool = False) -> list[Mention]:
        pool = self.sentence_mentions if whole_sentence else self.mentions
        return [m for m in pool if m.kind == kind]


def extract_events(doc: Doc) -> list[Event]:
    """One event per clause that holds a (not negated, not future) event word; each
    figure of a sentence goes to the sentence's event whose event word is nearest."""
    assert doc.norm is not None
    dominant = dominant_location(doc)
    events = []
    for sentence, clauses in _sentences(doc):
        if _is_headline(doc, sentence):
            continue
        found: list[tuple[Mention, Event, Clause]] = []
        candidates = []
        for clause in clauses:
            triggers = [t for t in clause.of_kind("TRIGGER") if not _cancelled(doc, clause, t)]
            if triggers:  # the strongest word; an attack's result (تدمير مخازن) never outranks the attack
                strongest = max(triggers, key=lambda t: (not _event_type_says(t.value.sub_event_type, "outcome"),
                                                         t.value.priority))
                candidates.append((strongest, clause))
        for trigger, clause in candidates:
            if trigger.value.priority <= WEAK_TRIGGER and (not clause.of_kind("ACTOR") or any(
                    t.value.priority > WEAK_TRIGGER and _same_part(clause, clause.start, other.start) for t, other in candidates)):
                continue  # a weak word (استهدف، هجوم) only opens an event on its own, with an actor
            event = _event(doc, clause, trigger, dominant)
            if event is not None:
                found.append((trigger, event, clause))
        if any(_event_type_says(e.sub_event_type, "violent") for _, e, _ in found):
            found = [f for f in found if not _event_type_says(f[1].sub_event_type, "outcome")]
        if found:
            _attach_claims(doc, clauses[0].sentence_mentions, found)
            _attach_responsibility(clauses[0].sentence_mentions, found)
            events += [event for _, event, _ in found]
    return events


def _same_part(clause: Clause, a: int, b: int) -> bool:
    """Whether no clause word (بينما، فيما) separates two positions of the clause's sentence."""
    start, end = min(a, b), max(a, b)
    return not any(c.value.kind == "clause" and start < c.norm_start <= end
                   for c in clause.of_kind("CUE", whole_sentence=True))


def _is_headline(doc: Doc, sentence: Sentence) -> bool:
    """The title paragraph of an article that has a body: it only summarises the body."""
    return sentence.paragraph == 0 and doc.sentences[-1].paragraph > 0 and sentence.span.end <= MAX_HEADLINE_CHARS


def _sentences(doc: Doc) -> list[tuple[Sentence, list[Clause]]]:
    """Each sentence with its clauses, cut at commas and clause words."""
    text = doc.norm.text
    starts = [m.norm_start for m in doc.mentions]  # mentions are in text order
    out = []
    for sentence in doc.sentences:
        inside = tuple(doc.mentions[bisect_left(starts, sentence.norm_start):bisect_left(starts, sentence.norm_end)])
        cuts = {sentence.norm_start, sentence.norm_end}
        cuts |= {i for i in range(sentence.norm_start, sentence.norm_end) if text[i] == ","}
        cuts |= {m.norm_start for m in inside if m.kind == "CUE" and m.value.kind == "clause"}
        bounds = sorted(cuts)
        clauses = [Clause(start, end, sentence, tuple(m for m in inside if start <= m.norm_start < end), inside)
                   for start, end in zip(bounds, bounds[1:])]
        out.append((sentence, clauses))
    return out


def _gap_tokens(doc: Doc, start: int, end: int) -> int | None:
    """Words between two positions, or None when punctuation separates them."""
    if start > end:
        start, end = end, start
    between = doc.norm.text[start:end]
    if any(ch in between for ch in ",.;:?!()"):  # not quote marks: names are often quoted (تنظيم «داعش»)
        return None
    return len(tokens(between))


def _near(doc: Doc, left: Mention, right: Mention, limit: int) -> bool:
    gap = _gap_tokens(doc, left.norm_end, right.norm_start)
    return gap is not None and gap <= limit and left.norm_end <= right.norm_start


def _cancelled(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Negation and the future govern the rest of their clause; threats, demands, plans,
    fears and aims the rest of their sentence part (توعد ...، ... بعمليات ذبح); habitual
    or undated wording (مرارا، مؤخرا) its whole clause; and an event word written with the
    preposition ل states a purpose (عملية لتحرير المدينة), unless it is the object of a
    verb that takes ل (تعرضت لقصف) or names the displaced (مخيمات للنازحين)."""
    cues = clause.of_kind("CUE")
    if any(c.value.kind == "not_event" and c.norm_start <= trigger.norm_start < c.norm_end for c in cues):
        return True  # another sense of the word (ساحة التحرير)
    if _irrealis_before(clause, trigger):
        return True
    if any(c.value.kind == "generic" for c in cues):
        return True
    if trigger.value.event_type == DISPLACEMENT or not _purpose(doc, trigger):
        return False
    return not any(c.value.kind == "exposure" and _near(doc, c, trigger, EXPOSURE_WINDOW_TOKENS) for c in cues)


def _irrealis_before(clause: Clause, word: Mention) -> bool:
    """A negation or future earlier in the clause, or a threat, demand, plan... earlier in the sentence part."""
    return (any(c.value.kind == "irrealis" and c.norm_end <= word.norm_start for c in clause.of_kind("CUE"))
            or any(c.value.kind == "irrealis" and c.value.value in WIDE_IRREALIS for c in _governing(clause, word)))


def _governing(clause: Clause, trigger: Mention, breaks: tuple[str, ...] = ("clause",)) -> list[Mention]:
    """Cues of the sentence before the event word with no clause word (فيما، بينما), or
    other cue of a kind in ``breaks``, between."""
    cues = [c for c in clause.of_kind("CUE", whole_sentence=True) if c.norm_end <= trigger.norm_start]
    last_break = max((c.norm_start for c in cues if c.value.kind in breaks), default=-1)
    return [c for c in cues if c.norm_start > last_break]


def _purpose(doc: Doc, word: Mention) -> bool:
    """Written with the preposition ل in front (لتحرير، للسيطرة)."""
    return token_prefix(doc.norm.text, word.norm_start) in purpose_prefixes()


def _by_distance(mentions: list[Mention], anchor: Mention) -> list[Mention]:
    return sorted(mentions, key=lambda m: abs(m.norm_start - anchor.norm_start))


def _actors(doc: Doc, clause: Clause, trigger: Mention) -> list[tuple[Actor, Mention | None]]:
    """The actors nearest the event word, its clause first; people who flee are civilians
    unless the text says otherwise. A battle is fought by armed groups, and a side's
    backers (بدعم من التحالف) come after the sides."""
    ordered = (_by_distance(clause.of_kind("ACTOR"), trigger)
               + _by_distance(clause.of_kind("ACTOR", whole_sentence=True), trigger))
    if _event_type_says(trigger.value.sub_event_type, "armed_sides"):
        backers = _backers(doc, clause)
        ordered = sorted((m for m in ordered if m.value.inter not in UNARMED_INTERS), key=lambda m: m in backers)
    actors: list[tuple[Actor, Mention | None]] = []
    for m in ordered:
        if m.value.id not in {a.id for a, _ in actors}:
            actors.append((m.value, m))
    if trigger.value.event_type == DISPLACEMENT and not any(a.inter == CIVILIANS_INTER for a, _ in actors):
        actors.insert(0, (actor_by_id(CIVILIANS_ID), None))
    return actors[:MAX_ACTORS]


def _backers(doc: Doc, clause: Clause) -> set[Mention]:
    """Actors named right after a support word (بدعم من قوات التحالف) in the sentence."""
    actors = clause.of_kind("ACTOR", whole_sentence=True)
    return {a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "support"
            for a in actors
            if c.norm_end <= a.norm_start and len(tokens(doc.norm.text, c.norm_end, a.norm_start)) <= SUPPORT_WINDOW_TOKENS}


@cache
def _event_type_says(sub_event_type: str, column: str) -> bool:
    """A yes/no column of ``event_types.tsv`` for a sub-type: ``armed_sides`` (ACLED wants
    armed groups on both sides), ``outcome`` (the result of an attack told with it),
    ``violent`` (an attack or battle)."""
    return any(r["sub_event_type"] == sub_event_type and r[column] == "yes" for r in load_table("event_types").rows)


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


def _location(clause: Clause, trigger: Mention, dominant: Location | None) -> tuple[Location | None, Mention | None]:
    """The most specific place in the clause, else in the sentence, else the article's dominant place."""
    for whole_sentence in (False, True):
        places = _locating(clause.of_kind("PLACE", whole_sentence))
        if places:
            best = min(_by_distance(places, trigger), key=lambda m: m.value.location().geo_precision)
            return best.value.location(), best
    return dominant, None


def _date(doc: Doc, clause: Clause, trigger: Mention) -> tuple[ResolvedDate | None, Mention | None]:
    """The date in the clause, else in the sentence, else the publication day at precision 2
    (FORMAT.md: undated events reported as current news)."""
    for whole_sentence in (False, True):
        dates = [m for m in clause.of_kind("DATE", whole_sentence) if m.value is not None and not m.value.flag]
        if dates:
            best = _by_distance(dates, trigger)[0]
            return best.value, best
    published = doc.article.published
    return (ResolvedDate(published, 2) if published else None), None


def _event(doc: Doc, clause: Clause, trigger: Mention, dominant: Location | None) -> Event | None:
    actors = _actors(doc, clause, trigger)
    location, place = _location(clause, trigger, dominant)
    if location is None:
        return None
    when, date_mention = _date(doc, clause, trigger)
    sub_type = trigger.value.sub_event_type
    evidence = [_field("event_type", trigger)]
    if trigger.value.territorial:
        sub_type, deciding = _territory_sub_type(doc, clause, trigger)
        evidence.append(_field("sub_event_type", deciding, "territory-by-agent"))
    evidence += [_field("actors", m, "displaced-are-civilians") for _, m in actors]
    evidence.append(_field("location", place, "article-dominant-place"))
    evidence.append(_field("event_date", date_mention, "publication-date"))
    return Event(
        reference_only=date_mention is None and _refers(doc, clause, trigger),
        doc_id=doc.article.doc_id, event_type=trigger.value.event_type, sub_event_type=sub_type,
        event_date=when.day if when else None, time_precision=when.precision if when else None,
        actors=_unique([in_country(a, location.country) for a, _ in actors]), location=location, claims=[], evidence=[clause.sentence.span],
        provenance=[trigger.provenance], field_evidence=evidence,
    )


def _refers(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Whether the event word refers to an event rather than reports it: inside a relative
    clause (الهجوم الذي استهدف)، the object of a statement (أدان القصف), told as background
    (وكانت تركيا قد هاجمت، بعد تحريرها), pointed at by a demonstrative (هذه الغارات) or
    owned by its doer (هجومها)."""
    if any(c.value.kind == "reference" and c.value.value in ("relative", "verbal", "pluperfect", "response")
           for c in _governing(clause, trigger, breaks=("clause", "complementizer"))):
        return True
    return any(c.value.kind == "reference" and (
        c.value.value == "demonstrative" and (_near(doc, c, trigger, 0) or _near(doc, trigger, c, 0))
        or c.value.value == "background" and _near(doc, c, trigger, 0)
        or c.value.value == "possessive" and c.norm_start <= trigger.norm_start < c.norm_end) for c in clause.of_kind("CUE"))


def _field(name: str, mention: Mention | None, fallback_rule: str = "") -> FieldEvidence:
    """Evidence for a field: the mention it came from, or the fallback rule that set it."""
    if mention is None:
        return FieldEvidence(name, None, Provenance(fallback_rule))
    return FieldEvidence(name, mention.span, mention.provenance)


def _territory_sub_type(doc: Doc, clause: Clause, trigger: Mention) -> tuple[str, Mention | None]:
    """Who took the ground decides: the government side regains it, anyone else overtakes it;
    with only the side it was taken from named (بعد طرد الحوثيين منها), the other side took it."""
    agent, loser = _agent(doc, clause, trigger), None
    if agent is None:
        loser = _loser(doc, clause, trigger)
    government = _with_government(agent.value) if agent else bool(loser) and not _with_government(loser.value)
    return ("Government regains territory" if government else "Non-state actor overtakes territory"), agent or loser


def _losers(doc: Doc, clause: Clause) -> set[Mention]:
    """Actors right after a word naming the side something is taken from (من قبضة داعش)."""
    return {a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "from"
            for a in clause.of_kind("ACTOR", whole_sentence=True) if _near(doc, c, a, 0)}


def _loser(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """The side ground is taken from: one after من (من قبضة داعش), else the object right
    after a verbal noun (طرد الحوثيين)."""
    losers = _by_distance(list(_losers(doc, clause)), trigger)
    if losers:
        return losers[0]
    after = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a.norm_start >= trigger.norm_end]
    return after[0] if after and _near(doc, trigger, after[0], 0) else None


def _agent(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """Who acts: an actor right after a verb (VSO: سيطرت قوات النظام), else the nearest
    one before the event word (SVO: المقاومة ... دحرت), else one after the event word that
    is not its object (after a take-over noun, طرد، تحرير, the next actor loses the ground)
    nor a side something is taken from (من قبضة داعش)."""
    losers = _losers(doc, clause)
    actors = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a not in losers]
    after = [a for a in actors if a.norm_start >= trigger.norm_end]
    verb = _verb_like(doc, trigger)
    if after and _near(doc, trigger, after[0], 0) and verb:
        return after[0]
    before = [a for a in actors if a.norm_end <= trigger.norm_start]
    if before:
        return before[-1]
    if after and not verb and trigger.value.territorial and _near(doc, trigger, after[0], 0):
        after = after[1:]  # the object of a take-over noun (طرد الحوثيين), unlike قصف الحوثيين: their shelling
    return after[0] if after else None


def _verb_like(doc: Doc, word: Mention) -> bool:
    """A word that can be a finite verb: no article, no preposition, not after a preposition."""
    text = doc.norm.text
    prefix = token_prefix(text, word.norm_start)
    if text.startswith(article(), word.norm_start) or proclitics().get(prefix, "prep") not in ("", "conj"):
        return False
    before = tokens(text, max(0, word.norm_start - 20), word.norm_start - len(prefix))
    return not before or text[before[-1][0]:before[-1][1]] not in word_set("function_words")


def _with_government(actor: Actor) -> bool:
    """State forces, the coalitions that fight beside them, or a political militia (ACLED
    inter 3), which in these wars mostly fights for a government."""
    return actor.kind in ("state", "external") or actor.inter == POLITICAL_MILITIA


def set_figures(event: Event, unnumbered_deaths: bool = False) -> None:
    """ACLED fatalities: the lowest figure per victim group, summed; a vague word (عشرات)
    only counts where no source gives an exact figure; events that are not violence (an
    arrest, a protest) count none, though their claims stay. Displacement counts likewise."""
    deaths = [c for c in event.claims
              if c.kind == "killed" and c.modality != "denied" and ":implausible" not in c.provenance.rule]
    lowest: dict[str | None, int] = {}
    for c in [c for c in deaths if not c.vague] or deaths:
        lowest[c.subject] = min(c.value, lowest.get(c.subject, c.value))
    if not _event_type_says(event.sub_event_type, "violent"):
        event.fatalities = 0
    elif lowest:
        event.fatalities = sum(lowest.values())
    elif unnumbered_deaths or event.fatalities:
        event.fatalities = max(event.fatalities, UNNUMBERED_DEATHS)
    for kind in ("displaced_households", "displaced_individuals"):
        values = [c.value for c in event.claims if c.kind == kind]
        setattr(event, kind, max(values) if values else None)


def _attach_claims(doc: Doc, sentence: tuple[Mention, ...], found: list[tuple[Mention, Event, Clause]]) -> None:
    """Read the sentence's figures; give each to the event it reports the toll of."""
    words = [m for m in sentence if m.kind == "CASUALTY"]
    actors = [m for m in sentence if m.kind == "ACTOR"]
    previous_subject = None
    for number in (m for m in sentence if m.kind == "NUMBER"):
        trigger, event, clause = _reporting_event(found, number)
        kind, anchor = _figure_kind(doc, number, words, actors, event.event_type)
        if kind is None:
            continue
        quantity: Quantity = number.value
        claimant, claimant_type = _claimant(doc, clause, number)
        subject = _subject(doc, clause, number, anchor, previous_subject)
        if subject is None and not quantity.unit:
            subject = previous_subject  # قتل 43 شخصا وأصيب 173: the same people
        if subject is None and (quantity.unit == "civilian" or kind.startswith("displaced")):
            subject = actor_by_id(CIVILIANS_ID).name  # people counted as such, and the displaced, are civilians
        if subject is None and kind in VICTIM_KINDS:
            subject = _target(doc, clause, trigger, event)
        previous_subject = subject
        event.claims.append(Claim(
            kind=kind, value=quantity.value, vague=quantity.vague,
            subject=subject, claimant=claimant, claimant_type=claimant_type,
            modality=_modality(clause), evidence=clause.sentence.span,
            provenance=Provenance("figure-next-to-casualty-word" + (f":{quantity.flag}" if quantity.flag else ""),
                                  str(number.provenance)),
        ))
    for _, event, clause in found:
        set_figures(event, unnumbered_deaths=any(m.value == "killed" and not _irrealis_before(clause, m)
                                                 for m in clause.of_kind("CASUALTY")))


def _attach_responsibility(sentence: tuple[Mention, ...], found: list[tuple[Mention, Event, Clause]]) -> None:
    """A party that claims the attack (تنظيم داعش ... أعلن تبنيه الهجوم): the nearest actor
    before the claim word, recorded on the sentence's events with its evidence."""
    actors = [m for m in sentence if m.kind == "ACTOR"]
    for cue in (m for m in sentence if m.kind == "CUE"):
        if cue.value.kind != "responsibility":
            continue
        before = [a for a in actors if a.norm_end <= cue.norm_start]
        if not before:
            continue
        party = before[-1]
        for _, event, _ in found:
            if party.value.name not in event.claimed_by:
                event.claimed_by.append(party.value.name)
                event.field_evidence += [_field("claimed_by", party), _field("claimed_by", cue)]


def _figure_kind(doc: Doc, number: Mention, words: list[Mention], actors: list[Mention],
                 event_type: str) -> tuple[str | None, Mention]:
    """What a figure counts: the casualty word it is (قتيلين), else the nearest one right
    before it (قتل 8) or right after it and the group it counts (43 شخصا قتلوا، 25 من
    ميليشيات الحوثي وقوات صالح قتلوا), but not one that opens the next conjunct (قتل مدني
    واحد وأصيب أربعة); in a displacement, the households or people it counts."""
    overlapping = [w for w in words if w.norm_start < number.norm_end and number.norm_start < w.norm_end]
    before = [w for w in words if _near(doc, w, number, MAX_GAP_TOKENS)]
    after = [w for w in words if w.norm_start >= number.norm_end and not _opens_conjunct(doc, w)
             and _near(doc, number, w, MAX_GAP_TOKENS + _words_of(doc, actors, number.norm_end, w.norm_start))]
    near = sorted(before, key=lambda w: number.norm_start - w.norm_end) + sorted(after, key=lambda w: w.norm_start)
    for word in overlapping + near:
        if word.value in FIGURE_KINDS:
            return word.value, max(word, number, key=lambda m: m.norm_end)
    if event_type == DISPLACEMENT and number.value.unit in DISPLACEMENT_UNITS:
        return DISPLACEMENT_UNITS[number.value.unit], number
    return None, number


def _words_of(doc: Doc, mentions: list[Mention], start: int, end: int) -> int:
    """How many words the mentions lying between ``start`` and ``end`` take up."""
    return sum(len(tokens(doc.norm.text, m.norm_start, m.norm_end)) for m in mentions if start <= m.norm_start and m.norm_end <= end)


def _reporting_event(found: list[tuple[Mention, Event, Clause]], number: Mention) -> tuple[Mention, Event, Clause]:
    """The event a figure belongs to, among those of its sentence part (بينما قتل 9 ... في
    هجوم للمقاومة): the nearest whose word comes before it (Arabic tells the event, then its
    toll: ضربة ... أسفرت عن قتل 21), else the nearest after it."""
    candidates = [f for f in found if _same_part(f[2], f[0].norm_start, number.norm_start)] or found
    before = [f for f in candidates if f[0].norm_start < number.norm_start]
    return max(before, key=lambda f: f[0].norm_start) if before else min(candidates, key=lambda f: f[0].norm_start)


def _target(doc: Doc, clause: Clause, trigger: Mention, event: Event) -> str | None:
    """The side an attack (not a battle, where either side bleeds) is aimed at: an actor named
    right after what was hit (تجمعا للحوثيين، مواقع داعش), else the event's one actor that is
    not the attacker."""
    if _event_type_says(event.sub_event_type, "armed_sides"):
        return None
    actors = clause.of_kind("ACTOR", whole_sentence=True)
    hit = [a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "target"
           for a in actors if _near(doc, c, a, 1)]
    if hit:
        return _by_distance(hit, trigger)[0].value.name
    agent = _agent(doc, clause, trigger)
    if agent is None:
        return None
    allies = {a.value.id for a in actors if _opens_conjunct(doc, a) and _near(doc, agent, a, ALLY_WINDOW_TOKENS)}
    others = [a for a in event.actors if a.id != agent.value.id and a.id not in allies]
    return others[0].name if len(others) == 1 else None


def _opens_conjunct(doc: Doc, word: Mention) -> bool:
    """A word written with و or ف in front: it starts a new coordinated clause."""
    return proclitics().get(token_prefix(doc.norm.text, word.norm_start), "").startswith("conj")


def _subject(doc: Doc, clause: Clause, number: Mention, anchor: Mention, previous: str | None) -> str | None:
    """Whose people: the group the figure counts (3 حوثيين قتلوا) or is part of (3 عناصر
    آخرين من قوات النظام), else the group a pronoun after it stands for (قتل 8 منهم;
    وإصابة 93 آخرين: the previous figure's), else the first actor named just after it
    (7 عناصر داعش), else a group named right before it."""
    actors = clause.of_kind("ACTOR", whole_sentence=True)
    for actor in actors:
        if number.norm_start <= actor.norm_start < anchor.norm_end or actor.norm_start <= number.norm_start < actor.norm_end:
            return actor.value.name
    triggers = clause.of_kind("TRIGGER", whole_sentence=True)
    after = [a for a in actors  # not past an event word: جراء قصف الحوثيين names the attacker
             if a.norm_start >= anchor.norm_end and _near(doc, anchor, a, SUBJECT_WINDOW_TOKENS)
             and not any(anchor.norm_end <= t.norm_start < a.norm_start for t in triggers)]
    cues = [c for c in clause.of_kind("CUE", whole_sentence=True) if c.norm_start >= anchor.norm_end]
    if after and any(c.value.kind == "from" and _near(doc, c, after[0], 0) for c in cues):
        return after[0].value.name
    anaphors = [c for c in cues if c.value.kind == "anaphor" and _near(doc, anchor, c, 1)]
    earlier = [a for a in actors if a.norm_end <= number.norm_start]
    if anaphors:
        return previous if anaphors[0].value.value == "previous" else earlier[-1].value.name if earlier else None
    if after:
        return after[0].value.name
    if earlier and _near(doc, earlier[-1], number, 0):
        return earlier[-1].value.name
    return None


def _claimant(doc: Doc, clause: Clause, figure: Mention) -> tuple[str | None, str]:
    """Who voices the figure: the last attribution cue before it in the sentence; a source
    inside a party (مصدر في المقاومة الشعبية) is that party."""
    cues = [c for c in clause.of_kind("CUE", whole_sentence=True)
            if c.value.kind in ("claimant", "statement", "responsibility") and c.norm_start < figure.norm_start]
    if not cues:
        return None, "unattributed"
    cue = cues[-1]
    actors = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a.norm_start < figure.norm_start]
    if cue.value.kind == "claimant":
        party = next((a for a in actors if _near(doc, cue, a, 1)), None)
        if party is not None:
            return party.value.name, "party"
        return cue.value.label or cue.surface, cue.value.value
    if actors:
        return _by_distance(actors, cue)[0].value.name, "party"
    return None, "unattributed"


def _modality(clause: Clause) -> str:
    for cue in clause.of_kind("CUE", whole_sentence=True):
        if cue.value.kind == "modality":
            return cue.value.value
    return "asserted"
