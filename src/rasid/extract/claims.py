"""Claims: each figure of a sentence as one source gives it (kind, value, whose people,
who says so, how sure), given to the event it reports the toll of; and the ACLED
fatalities an event's claims add up to."""
from __future__ import annotations

from datetime import timedelta

from rasid.extract.clauses import Clause, irrealis_before, near, opens_conjunct, same_part
from rasid.extract.roles import target
from rasid.model import Claim, Doc, Event, FieldEvidence, Mention, Provenance
from rasid.normalise import tokens
from rasid.recognise.actors import UNARMED_INTERS, actor_by_id, in_country
from rasid.recognise.dates import MONTH
from rasid.recognise.matcher import token_prefix
from rasid.recognise.numbers import Quantity
from rasid.recognise.triggers import default_victims, sub_type_says

DISPLACEMENT = "Displacement"
CIVILIANS_ID = "civilians"  # actors.tsv row
STATE_FORCES_ID = "state-forces"  # actors.tsv row: a state's forces, actor_by_country.tsv says whose
SOLDIER = "soldier"  # the unit of a figure that counts soldiers
MAX_GAP_TOKENS = 3  # words allowed between a figure and its casualty word (43 شخصا قتلوا)
SUBJECT_WINDOW_TOKENS = 4  # words allowed between a figure and whose people they were
TOTAL_WINDOW_TOKENS = 8  # words allowed between a figure and the منذ that makes it a running total
UNNUMBERED_DEATHS = 3  # FORMAT.md: deaths reported without a number count as "several"
DISPLACEMENT_UNITS = {"household": "displaced_households", "person": "displaced_individuals",
                      "civilian": "displaced_individuals"}
THING = "thing"  # the casualties.tsv kind of nouns that count no people
FIGURE_KINDS = ("killed", "injured", "captured", "arrested", "escaped")
VICTIM_KINDS = ("killed", "injured", "captured")  # what an attack does to the side it targets
TAKEN_KINDS = VICTIM_KINDS + ("arrested",)  # figures whose people the sub-type's default victims are


def set_figures(event: Event, unnumbered_deaths: bool = False) -> None:
    """ACLED fatalities: the lowest figure per victim group, summed; a vague word (عشرات)
    only counts where no source gives an exact figure; events that are not violence (an
    arrest, a protest) count none, though their claims stay. Displacement counts likewise."""
    deaths = [c for c in event.claims
              if c.kind == "killed" and c.modality != "denied" and c.plausible and not c.subset]
    lowest: dict[str | None, int] = {}
    for c in [c for c in deaths if not c.vague] or deaths:
        lowest[c.subject] = min(c.value, lowest.get(c.subject, c.value))
    if not sub_type_says(event.sub_event_type, "violent"):
        event.fatalities = 0
    elif lowest:
        event.fatalities = sum(lowest.values())
    elif unnumbered_deaths or event.fatalities:
        event.fatalities = max(event.fatalities, UNNUMBERED_DEATHS)
    for kind in ("displaced_households", "displaced_individuals"):
        values = [c.value for c in event.claims if c.kind == kind]
        setattr(event, kind, max(values) if values else None)


def attach_claims(doc: Doc, sentence: tuple[Mention, ...], found: list[tuple[Mention, Event, Clause]]) -> None:
    """Read the sentence's figures; give each to the event it reports the toll of."""
    words = [m for m in sentence if m.kind == "CASUALTY"]
    actors = [m for m in sentence if m.kind == "ACTOR"]
    numbers = [m for m in sentence if m.kind == "NUMBER"]
    previous_subject = None
    for number in numbers:
        trigger, event, clause = _reporting_event(found, number)
        kind, anchor = _figure_kind(doc, number, words, actors, numbers, event.event_type)
        if kind is None:
            continue
        quantity: Quantity = number.value
        claimant, claimant_type = _claimant(doc, clause, number)
        subject = _subject(doc, clause, number, anchor, previous_subject)
        if subject is None and not quantity.unit:
            subject = previous_subject  # قتل 43 شخصا وأصيب 173: the same people
        if subject is None and quantity.unit == SOLDIER and event.location:
            subject = _forces(doc, clause, anchor, event.location.country)
        if subject is None and (quantity.unit == "civilian" or kind.startswith("displaced")):
            subject = actor_by_id(CIVILIANS_ID).name  # people counted as such, and the displaced, are civilians
        if subject is None and kind in VICTIM_KINDS:
            subject = target(doc, clause, trigger, event)
        if subject is None and kind in TAKEN_KINDS and (victims := default_victims(event.sub_event_type)):
            subject = actor_by_id(victims).name
        previous_subject = subject
        event.claims.append(Claim(
            kind=kind, value=quantity.value, vague=quantity.vague,
            subject=subject, claimant=claimant, claimant_type=claimant_type,
            modality=_modality(clause), evidence=clause.sentence.span,
            provenance=Provenance("figure-next-to-casualty-word" + (f":{quantity.flag}" if quantity.flag else "")
                                  + (":running-total" if _running_total(doc, sentence, number) else "")
                                  + (":subset" if _part_of_another(doc, sentence, number) else ""),
                                  str(number.provenance)),
        ))
    counted = any(c.kind == "killed" and c.plausible for _, event, _ in found for c in event.claims)
    for _, event, clause in found:  # deaths told without a number, where no figure counts them
        set_figures(event, unnumbered_deaths=not counted and any(
            m.value == "killed" and not irrealis_before(clause, m) for m in clause.of_kind("CASUALTY")))


def _running_total(doc: Doc, sentence: tuple[Mention, ...], number: Mention) -> bool:
    """A figure that totals more than one event, told a few words from a word that says so
    with no new clause between: since an earlier day or since a war began (إلى 40005 شهداء،
    منذ 7 تشرين الأول; منذ بداية التصعيد), over a whole month or more (شهد شهر تموز مقتل 844،
    خلال شهرين، خلال 10 أشهر), or over a count of separate events (ارتكب 44 مجزرة راح ضحيتها 756)."""
    marks = [m for m in sentence
             if m.kind == "CUE" and (_total_cue(doc, sentence, m) or _since_earlier_day(doc, sentence, m))
             or m.kind == "DATE" and m.value is not None and m.value.precision == MONTH[0]  # a month, or a year
             or m.kind == "TRIGGER" and m.value.counts_events and any(
                 n.kind == "NUMBER" and n.value.value > 1 and near(doc, n, m, 0) for n in sentence)]
    return any(_close(doc, sentence, number, mark) for mark in marks)


def _total_cue(doc: Doc, sentence: tuple[Mention, ...], cue: Mention) -> bool:
    """منذ بداية الحرب، الحصيلة الإجمالية; or a period counted (خلال 10 أشهر) or in the dual (خلال شهرين)."""
    if cue.value.kind == "generic":
        return cue.value.value == "total"
    return cue.value.kind == "period" and (
        cue.value.value == "dual" or any(n.kind == "NUMBER" and near(doc, n, cue, 0) for n in sentence))


def _since_earlier_day(doc: Doc, sentence: tuple[Mention, ...], cue: Mention) -> bool:
    """منذ right before a day more than a day before publication."""
    published = doc.article.published
    return cue.value.value == "since" and published is not None and any(
        d.kind == "DATE" and d.value is not None and not d.value.flag
        and d.value.day < published - timedelta(days=1) and near(doc, cue, d, 0) for d in sentence)


def _part_of_another(doc: Doc, sentence: tuple[Mention, ...], number: Mention) -> bool:
    """A figure right after بينهم or منهم counts part of the figure before (قتل 10 بينهم 3
    أطفال): FORMAT.md, a subset is no addition."""
    return any(m.kind == "CUE" and (m.value.kind == "subset" or m.value.kind == "anaphor" and m.value.value == "group")
               and near(doc, m, number, 0) for m in sentence)


def _close(doc: Doc, sentence: tuple[Mention, ...], a: Mention, b: Mention) -> bool:
    """At most ``TOTAL_WINDOW_TOKENS`` words apart, with no clause word or sentence end between."""
    first, second = (a, b) if a.norm_start <= b.norm_start else (b, a)
    between = doc.norm.text[first.norm_end:second.norm_start]
    return (len(tokens(between)) <= TOTAL_WINDOW_TOKENS and not any(ch in between for ch in ".;:?!")
            and not any(m.kind == "CUE" and m.value.kind == "clause" and first.norm_end <= m.norm_start
                        < second.norm_start for m in sentence))


def attach_responsibility(sentence: tuple[Mention, ...], found: list[tuple[Mention, Event, Clause]]) -> None:
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
                event.field_evidence += [FieldEvidence.of("claimed_by", party), FieldEvidence.of("claimed_by", cue)]


def _reporting_event(found: list[tuple[Mention, Event, Clause]], number: Mention) -> tuple[Mention, Event, Clause]:
    """The event a figure belongs to, among those of its sentence part (بينما قتل 9 ... في
    هجوم للمقاومة): the nearest whose word comes before it (Arabic tells the event, then its
    toll: ضربة ... أسفرت عن قتل 21), else the nearest after it."""
    candidates = [f for f in found if same_part(f[2], f[0].norm_start, number.norm_start)] or found
    before = [f for f in candidates if f[0].norm_start < number.norm_start]
    if before:  # of one event told in several clauses (a follow-up sentence), the figure's own clause
        return max(before, key=lambda f: (f[0].norm_start, f[2].start <= number.norm_start < f[2].end))
    return min(candidates, key=lambda f: f[0].norm_start)


def _figure_kind(doc: Doc, number: Mention, words: list[Mention], actors: list[Mention], numbers: list[Mention],
                 event_type: str) -> tuple[str | None, Mention]:
    """What a figure counts: the casualty word it is (قتيلين), else the nearest one right
    before it (قتل 8) or right after it and the group it counts (43 شخصا قتلوا، 25 من
    ميليشيات الحوثي وقوات صالح قتلوا), but not one that opens the next conjunct (قتل مدني
    واحد وأصيب أربعة); in a displacement, the households or people it counts."""
    overlapping = [w for w in words if w.norm_start < number.norm_end and number.norm_start < w.norm_end]
    before = [w for w in words if near(doc, w, number, MAX_GAP_TOKENS)  # not the noun another figure counts (32
              and not any(n is not number and near(doc, n, w, 0) for n in numbers)]  # قتيلا و100جريح: 100 is no death
    after = [w for w in words if w.norm_start >= number.norm_end and not opens_conjunct(doc, w)
             and near(doc, number, w, MAX_GAP_TOKENS + _words_of(doc, actors, number.norm_end, w.norm_start))]
    counted = [w for w in after if near(doc, number, w, 0)]  # 150 جريحا: the noun it counts comes first
    if counted and counted[0].value == THING:
        return None, number  # 15 غارة، 24 ساعة، 44 مجزرة: it counts no people
    ordered = counted + sorted(before, key=lambda w: number.norm_start - w.norm_end) + sorted(after, key=lambda w: w.norm_start)
    for word in overlapping + ordered:
        if word.value in FIGURE_KINDS:
            if word.norm_start >= number.norm_start and _counts_both(doc, word, words, numbers):
                return None, number  # 400 قتيل وجريح: no death toll (FORMAT.md)
            return word.value, max(word, number, key=lambda m: m.norm_end)
    if event_type == DISPLACEMENT and number.value.unit in DISPLACEMENT_UNITS:
        return DISPLACEMENT_UNITS[number.value.unit], number
    return None, number


def _counts_both(doc: Doc, word: Mention, words: list[Mention], numbers: list[Mention]) -> bool:
    """The casualty word a figure counts is joined by و to one of the other kind right after
    it, which no figure of its own counts (قتيلا وجريحا، بين قتيل وجريح، القتلى والجرحى; not
    قتلوا وأصيب 173): the figure counts both together."""
    following = next((w for w in words if w.norm_start >= word.norm_end), None)
    return (following is not None and {word.value, following.value} == {"killed", "injured"}
            and not any(near(doc, following, n, 0) or near(doc, n, following, 0) for n in numbers)
            and opens_conjunct(doc, following)
            and doc.norm.text[word.norm_end:following.norm_start].strip() == token_prefix(doc.norm.text,
                                                                                         following.norm_start))


def _words_of(doc: Doc, mentions: list[Mention], start: int, end: int) -> int:
    """How many words the mentions lying between ``start`` and ``end`` take up."""
    return sum(len(tokens(doc.norm.text, m.norm_start, m.norm_end)) for m in mentions if start <= m.norm_start and m.norm_end <= end)


def _forces(doc: Doc, clause: Clause, anchor: Mention, country: str) -> str | None:
    """Whose soldiers a figure counts: the state an adjective right after names (جنود
    إسرائيليين), else the state forces of the event's country, if ``actor_by_country.tsv`` knows them."""
    named = [m for m in clause.of_kind("DEMONYM", whole_sentence=True) if near(doc, anchor, m, 1)]
    if named:
        return named[0].value.name
    forces = in_country(actor_by_id(STATE_FORCES_ID), country)
    return None if forces.id == STATE_FORCES_ID else forces.name


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
             if a.norm_start >= anchor.norm_end and near(doc, anchor, a, SUBJECT_WINDOW_TOKENS)
             and not any(anchor.norm_end <= t.norm_start < a.norm_start for t in triggers)]
    cues = [c for c in clause.of_kind("CUE", whole_sentence=True) if c.norm_start >= anchor.norm_end]
    if after and any(c.value.kind == "from" and near(doc, c, after[0], 0) for c in cues):
        return after[0].value.name
    anaphors = [c for c in cues if c.value.kind == "anaphor" and near(doc, anchor, c, 1)]
    earlier = [a for a in actors if a.norm_end <= number.norm_start]
    if anaphors:
        return previous if anaphors[0].value.value == "previous" else earlier[-1].value.name if earlier else None
    if after:
        return after[0].value.name
    if earlier and near(doc, earlier[-1], number, 0):
        return earlier[-1].value.name
    return None


def _claimant(doc: Doc, clause: Clause, figure: Mention) -> tuple[str | None, str]:
    """Who voices the figure: a source named after it (قتل 5 مدنيين بحسب المرصد), else the
    last attribution cue before it in its sentence. A source inside a party (مصدر في
    المقاومة الشعبية) is that party; a speaking party is the one right after the verb (قالت
    قوات النظام) or the last one before it, and never the civilians the figure counts."""
    cues = clause.of_kind("CUE", whole_sentence=True)
    speakers = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a.value.inter not in UNARMED_INTERS]
    according = [c for c in cues if c.value.kind == "according" and c.norm_start > figure.norm_end
                 and same_part(clause, figure.norm_start, c.norm_start)]
    for cue in according:
        source = next((m for m in cues + speakers if near(doc, cue, m, 1) and m.value is not cue.value
                       and (m.kind == "ACTOR" or m.value.kind == "claimant")), None)
        if source is not None:
            return _source(doc, source, speakers)
    before = [c for c in cues if c.value.kind in ("claimant", "statement", "responsibility") and c.norm_start < figure.norm_start]
    if not before:
        return None, "unattributed"
    cue = before[-1]
    if cue.value.kind == "claimant":
        return _source(doc, cue, speakers)
    after_verb = [a for a in speakers if near(doc, cue, a, 1)]
    before_verb = [a for a in speakers if a.norm_end <= cue.norm_start and same_part(clause, a.norm_start, cue.norm_start)]
    speaker = after_verb[0] if after_verb else before_verb[-1] if before_verb else None
    return (speaker.value.name, "party") if speaker else (None, "unattributed")


def _source(doc: Doc, mention: Mention, speakers: list[Mention]) -> tuple[str, str]:
    """The claimant a source word or actor names: the party a source is inside, else the source."""
    if mention.kind == "ACTOR":
        return mention.value.name, "party"
    party = next((a for a in speakers if near(doc, mention, a, 1)), None)
    if party is not None:
        return party.value.name, "party"
    return mention.value.label or mention.surface, mention.value.value


def _modality(clause: Clause) -> str:
    for cue in clause.of_kind("CUE", whole_sentence=True):
        if cue.value.kind == "modality":
            return cue.value.value
    return "asserted"
