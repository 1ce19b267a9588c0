"""Sanity checks: the guard rails between a coded toll and an analyst's trust in it.

The extraction rules decide what a figure means; these checks look at what they decided
and flag an event for a person to review when its toll looks like something else: a total
counted over a period (منذ بداية الحرب، منذ إبريل الماضي), killed and wounded counted together (400 بين قتيل
وجريح), a large figure read from a vague word (الآلاف), an event dated long before the
article (a retrospective), a toll above what one event of its sub-type usually reaches
(``event_types.tsv`` ``review_above``), sources far apart on the toll, or a span of days.

A flag changes no value: the event keeps its toll, and ``rasid summary``, the exports
(ACLED ``tags``) and the API say which events hold flagged tolls and why. The words come
from the lexicons (cues, casualties); the thresholds are below.
"""
from __future__ import annotations

from bisect import bisect_left
from datetime import date
from functools import cache
from typing import Any

from rasid.lexicon import load_table
from rasid.model import Claim, Doc, Event, Flag, Mention, Span

RETROSPECTIVE_DAYS = 30  # an event this long before its article is history, not news
VAGUE_TOLL = 100  # a toll read from a vague word (مئات، الآلاف) from here up
DISAGREEMENT_RATIO = 3  # sources' totals this many times apart ...
DISAGREEMENT_MIN = 10  # ... and at least this many deaths apart
LONG_SPAN_DAYS = 3  # sources' days further apart than this
JOINED_GAP = 1  # characters (a conjunction) at most between "killed" and "wounded" counted as one figure
FIGURE_AFTER = 4  # characters after "wounded" in which a figure of its own would stand


@cache
def review_above() -> dict[str, int]:
    """The toll above which one event of a sub-type is flagged (event_types.tsv)."""
    return {r["sub_event_type"]: int(r["review_above"]) for r in load_table("event_types").rows if r["review_above"]}


class MentionIndex:
    """An article's mentions by position, so the mentions of a claim's sentence are found by
    bisection: checking every event of a long article stays linear in its length."""

    def __init__(self, doc: Doc) -> None:
        self.mentions = sorted(doc.mentions, key=lambda m: m.span.start)
        self.starts = [m.span.start for m in self.mentions]

    def within(self, span: Span) -> list[Mention]:
        first, last = bisect_left(self.starts, span.start), bisect_left(self.starts, span.end)
        return [m for m in self.mentions[first:last] if m.span.end <= span.end]


def flag_events(doc: Doc) -> None:
    """Set the flags of every event of the article (the pipeline's last stage)."""
    index = MentionIndex(doc)
    for event in doc.events:
        event.flags = article_flags(doc, event, index)


def article_flags(doc: Doc, event: Event, index: MentionIndex | None = None) -> list[Flag]:
    """The flags of one article's event, each once, with the text that raised it."""
    index = index or MentionIndex(doc)
    flags: dict[str, Flag] = {}
    for claim in event.claims:
        if claim.kind == "killed" and claim.modality != "denied":
            for flag in _claim_flags(doc, index.within(claim.evidence), claim, event.event_date):
                flags.setdefault(flag.code, flag)
    published = doc.article.published
    if event.event_date and published and (published - event.event_date).days > RETROSPECTIVE_DAYS:
        days = (published - event.event_date).days
        flags.setdefault("retrospective", Flag("retrospective", f"the event is dated {event.event_date}, "
                                                                f"{days} days before the article"))
    limit = review_above().get(event.sub_event_type)
    if limit is not None and event.fatalities > limit:
        flags.setdefault("toll_above_type", Flag("toll_above_type", f"{event.fatalities} killed in one "
                                                 f"{event.sub_event_type} event (flagged above {limit})"))
    return list(flags.values())


def _claim_flags(doc: Doc, sentence: list[Mention], claim: Claim, day: date | None) -> list[Flag]:
    """The flags a figure raises, from the mentions of its sentence (in text order)."""
    found = []
    total = next((m for m in sentence if m.kind == "CUE" and _counts_a_period(m)), None) or _since(sentence, day)
    if total is not None:
        found.append(Flag("total_phrase", f"the sentence of the figure {claim.value} counts over a period "
                                          f"({total.surface})", total.span))
    joined = _killed_and_wounded(doc, sentence)
    if joined is not None:
        found.append(Flag("killed_and_wounded", f"the figure {claim.value} may count the killed and the wounded "
                                                f"together ({joined[0].surface} … {joined[1].surface})",
                          joined[0].span))
    if claim.vague and claim.value >= VAGUE_TOLL:
        found.append(Flag("vague_toll", f"{claim.value} is read from a vague word ({claim.vague})", claim.evidence))
    return found


def _since(sentence: list[Mention], day: date | None) -> Mention | None:
    """"Since" before a day well before the event's (منذ إبريل الماضي): a count over the days between."""
    if day is None:
        return None
    for cue, after in zip(sentence, sentence[1:]):
        if cue.kind == "CUE" and cue.value.kind == "reference" and cue.value.value == "since" \
                and after.kind == "DATE" and after.value is not None \
                and (day - after.value.day).days > LONG_SPAN_DAYS:
            return cue
    return None


def _counts_a_period(cue: Mention) -> bool:
    """A total (منذ بداية الحرب) or a phrase that is a span by itself (خلال الأسبوع); a bare
    period word (عام) counts only beside a number, which the extraction rules judge."""
    value = cue.value
    return (value.kind == "generic" and value.value == "total") or (value.kind == "period" and value.value == "dual")


def _killed_and_wounded(doc: Doc, sentence: list[Mention]) -> tuple[Mention, Mention] | None:
    """A killed word and a wounded word joined by a conjunction alone and followed by no
    figure of their own (400 بين قتيل وجريح, not قتلوا وأصيب 12): one figure for both."""
    casualties = sorted((m for m in sentence if m.kind == "CASUALTY" and m.value in ("killed", "injured")),
                        key=lambda m: m.span.start)
    numbers = [m.span.start for m in sentence if m.kind == "NUMBER"]
    for a, b in zip(casualties, casualties[1:]):
        gap = doc.article.text[a.span.end:b.span.start].strip()
        own_figure = any(b.span.end <= start <= b.span.end + FIGURE_AFTER for start in numbers)
        if a.value != b.value and len(gap) <= JOINED_GAP and not own_figure:
            return a, b
    return None


def fused_flags(sources: list[dict[str, Any]], fields: dict[str, Any]) -> list[dict[str, Any]]:
    """An event's flags across its sources: every source's (once per code, naming the
    article), and the disagreements only several sources show."""
    flags: dict[str, dict[str, Any]] = {}
    for source in sources:
        for flag in source.get("flags") or []:
            flags.setdefault(flag["code"], flag | {"doc_id": source.get("doc_id")})
    low, high = fields["deaths"]["low"], fields["deaths"]["high"]
    if low is not None and high is not None and high >= DISAGREEMENT_RATIO * max(low, 1) \
            and high - low >= DISAGREEMENT_MIN:
        flags["sources_disagree"] = {"code": "sources_disagree", "rule": "sanity:sources_disagree", "span": None,
                                     "detail": f"the sources' tolls run from {low} to {high}"}
    start, end = fields["date_start"], fields["date_end"]
    if start and end and (date.fromisoformat(end) - date.fromisoformat(start)).days > LONG_SPAN_DAYS:
        flags["long_span"] = {"code": "long_span", "rule": "sanity:long_span", "span": None,
                              "detail": f"the sources date it from {start} to {end}"}
    return list(flags.values())
