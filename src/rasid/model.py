"""Records that flow through the pipeline.

Every value produced from text keeps the span of the *original* article text it came
from and the provenance (the rule, and the lexicon entry or model) that produced it,
so an analyst can audit any field down to the characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

MAX_FIGURE = 2**31 - 1  # the largest count a store's integer column holds (a larger figure is no count)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the original article text."""

    start: int
    end: int

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Why a value exists: the rule that fired and the knowledge entry it used."""

    rule: str
    source: str = ""

    def __str__(self) -> str:
        return f"{self.rule}({self.source})" if self.source else self.rule


@dataclass(frozen=True, slots=True)
class RawInput:
    """An input exactly as received (a file, a JSON line, a page), kept for the quarantine."""

    where: str
    data: bytes


@dataclass(slots=True)
class Article:
    """One news article as received. ``text`` is title, blank line, body (FORMAT.md)."""

    doc_id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str = ""  # where it was read from, e.g. "examples/articles.jsonl:3"

    def __post_init__(self) -> None:
        # Control characters and lone surrogates are never content, and NUL is not text to
        # PostgreSQL: both stores must hold the same article (a text of NULs is refused before)
        self.text = _TEXT_CONTROLS.sub("", self.text)
        for name in ("doc_id", "title", "url", "outlet", "origin"):
            value = getattr(self, name)
            if value:
                setattr(self, name, without_controls(value))


# Control characters (in a text, all but tab and line breaks) and lone surrogates, which a
# JSON escape can carry and no store can encode
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def without_controls(value: str) -> str:
    """One line of text with no control character: tabs and line breaks become spaces,
    the rest (NUL, escape, C1 controls, lone surrogates) go. For names, titles, URLs and reasons."""
    return _CONTROLS.sub(lambda m: " " if m.group() in "\t\n\r" else "", value).strip()


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text (``rasid.normalise``); ``starts[i]``/``ends[i]`` bound the original
    text of char ``i``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> Span:
        """Map the normalised half-open range ``[start, end)`` to the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return Span(pos, pos)
        return Span(self.starts[start], self.ends[end - 1])


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article, with its paragraph number, in original offsets."""

    span: Span
    paragraph: int
    norm_start: int
    norm_end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed piece of text: ACTOR, PLACE, DATE, NUMBER, TRIGGER, CASUALTY or CUE.

    ``span`` indexes the original text; ``norm_start``/``norm_end`` the normalised text
    that recognisers search. ``value`` is the kind's normalised value (a lexicon entry,
    a resolved date, an integer...).
    """

    kind: str
    span: Span
    norm_start: int
    norm_end: int
    surface: str
    value: Any
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    name_ar: str
    inter: int
    country: str = ""
    kind: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "name_ar": self.name_ar, "inter": self.inter}


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, at an ACLED ``geo_precision`` (1 place, 2 near/district, 3 region)
    and a UCDP ``where_prec`` (1 exact ... 6 country)."""

    place_id: str
    name: str
    name_ar: str
    country: str
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    pcode: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    where_prec: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "place_id": self.place_id, "name": self.name, "name_ar": self.name_ar,
            "country": self.country, "admin1": self.admin1, "admin2": self.admin2,
            "admin3": self.admin3, "pcode": self.pcode, "lat": self.lat, "lon": self.lon,
            "geo_precision": self.geo_precision, "where_prec": self.where_prec,
        }


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A day with ACLED ``time_precision`` (1 day, 2 week, 3 month) and UCDP ``date_prec``
    (1 day, 2 two to six days, 3 week, 4 month, 5 longer); a span has a first and last day.
    ``flag`` names what is wrong with it (after publication, impossible...), if anything."""

    day: date
    precision: int
    ucdp_prec: int = 1
    start: date | None = None
    end: date | None = None
    flag: str = ""


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """Which text (if any) and which rule gave an event field its value. ``inferred`` marks
    a value read from text about something else (the day the story is told on), which
    fusion treats like a fallback."""

    field: str
    span: Span | None
    provenance: Provenance
    inferred: bool = False

    @classmethod
    def of(cls, field_name: str, mention: Mention | None, fallback_rule: str = "") -> FieldEvidence:
        """Evidence for a field: the mention it came from, or the fallback rule that set it."""
        if mention is None:
            return cls(field_name, None, Provenance(fallback_rule))
        return cls(field_name, mention.span, mention.provenance)

    def to_json(self) -> dict[str, Any]:
        record = {"field": self.field, "span": self.span.as_list() if self.span else None, "rule": str(self.provenance)}
        return record | {"inferred": True} if self.inferred else record


@dataclass(frozen=True, slots=True)
class Flag:
    """A sanity check's finding: the event may be right, but a person should look before its
    toll is trusted (a total over months, killed and wounded counted together...)."""

    code: str
    detail: str
    span: Span | None = None  # the text that raised it

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, "span": self.span.as_list() if self.span else None,
                "rule": f"sanity:{self.code}"}


@dataclass(slots=True)
class Claim:
    """One figure as one source gives it: who claims how many of whose people."""

    kind: str
    value: int
    vague: str | None
    subject: str | None
    claimant: str | None
    claimant_type: str
    modality: str
    evidence: Span
    provenance: Provenance

    @property
    def plausible(self) -> bool:
        """False for a figure the number recogniser flagged (more people than a report can count)."""
        return ":implausible" not in self.provenance.rule

    @property
    def subset(self) -> bool:
        """True for a figure that counts part of another (بينهم 3 أطفال): it adds no deaths."""
        return ":subset" in self.provenance.rule

    @property
    def running_total(self) -> bool:
        """True for a figure counted since an earlier day or since a war began: no event's toll."""
        return ":running-total" in self.provenance.rule

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "value": self.value, "vague": self.vague,
            "subject": self.subject, "claimant": self.claimant,
            "claimant_type": self.claimant_type, "modality": self.modality,
            "evidence": self.evidence.as_list(), "provenance": str(self.provenance),
        }


@dataclass(slots=True)
class Event:
    """An event in ACLED's taxonomy (plus rasid's two extensions), with its evidence."""

    doc_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    actors: list[Actor]
    location: Location | None
    claims: list[Claim]
    evidence: list[Span]
    provenance: list[Provenance]
    field_evidence: list[FieldEvidence] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)  # parties that claim responsibility (تبنى)
    fatalities: int = 0
    displaced_households: int | None = None
    displaced_individuals: int | None = None
    reference_only: bool = False  # a mention of an event told elsewhere (الهجوم الذي...): it only adds to one
    named_by_toll: bool = False  # its word names it by its toll (المجزرة): it is the strike or battle it followed
    flags: list[Flag] = field(default_factory=list)  # sanity checks' findings (rasid.sanity)

    def from_text(self, field_name: str) -> bool:
        """Whether the text named this field's value (not a fallback such as the publication day)."""
        return any(f.field == field_name and f.span is not None and not f.inferred for f in self.field_evidence)

    def to_json(self) -> dict[str, Any]:
        """The FORMAT.md event form, plus ``doc_id`` and ``provenance``."""
        return {
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "actors": [a.to_json() for a in self.actors],
            "location": self.location.to_json() if self.location else None,
            "fatalities": self.fatalities,
            "claims": [c.to_json() for c in self.claims],
            "claimed_by": self.claimed_by,
            "displaced": {"households": self.displaced_households,
                          "individuals": self.displaced_individuals},
            "evidence": [s.as_list() for s in self.evidence],
            "provenance": [str(p) for p in self.provenance],
            "field_evidence": [f.to_json() for f in self.field_evidence],
            "flags": [f.to_json() for f in self.flags],
        }


class RejectReason(StrEnum):
    """Why an event word was not coded as an event of its own, or a place name not as a place."""

    HEADLINE = "headline"  # the title of an article with a body only summarises it
    ANOTHER_SENSE = "another-sense"  # ساحة التحرير
    IRREALIS = "irrealis"  # negated, future, threatened, demanded, feared...
    HABITUAL_OR_TOTAL = "habitual-or-total"  # مرارا، منذ بداية الحرب، خلال 10 أشهر
    PURPOSE = "purpose"  # لتحرير المدينة
    WEAK_WORD = "weak-word"  # استهدف without an actor, or beside a stronger word
    OUTCOME = "outcome-of-attack"  # أسفر عن تدمير مخازن: part of the attack told beside it
    NO_PLACE = "no-place"  # no place in the text
    BACKGROUND = "background"  # dated weeks before publication
    RUNNING_TOTAL = "running-total"  # its only death figure is a war's or a campaign's toll
    NO_ACTOR = "no-actor"  # no party named, and its sub-type is not coded without one
    REFERENCE_ONLY = "reference-only"  # refers to an event the article does not report
    MERGED = "merged"  # another mention of an event already coded
    # Place names that are not places here:
    OUTLET = "outlet"  # مراسل الميادين، للميادين: the channel, not the town
    SPEAKER = "speaker"  # أعلنت الرياض: a government by metonymy
    NO_PLACE_EVIDENCE = "no-place-evidence"  # a small place's name used as a common word (بيان دان فيه)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An event word or a place name (``span`` of the original text) that rasid chose not to
    code as an event of its own or as a place, and why."""

    span: Span
    reason: RejectReason
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"span": self.span.as_list(), "reason": str(self.reason), "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Options:
    """Choices that change what the pipeline does, set once per run."""

    place_tagger: bool = False  # also tag place names with the CRF (about 7x slower)


@dataclass(slots=True)
class Doc:
    """An article on its way through the pipeline: text, normalised text, annotations."""

    article: Article
    norm: Normalised | None = None
    options: Options = field(default_factory=Options)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # event words not coded, and why

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]
