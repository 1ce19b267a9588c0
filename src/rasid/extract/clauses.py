"""Clauses: a sentence cut where a new statement starts (commas, بينما، فيما), and the
geometry the extractor reads them by: how many words lie between two mentions, which cues
govern a word, which part of the sentence a word is in."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rasid.model import Doc, Mention, Sentence
from rasid.normalise import tokens
from rasid.recognise.matcher import proclitics, token_prefix

# irrealis cue values (cues.tsv) that govern the rest of their sentence part, not only their clause
WIDE_IRREALIS = ("threat", "demand", "plan", "fear", "expectation", "aim", "condition", "attempt", "permission")


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of a sentence between commas or clause words, with its mentions and its sentence's."""

    start: int
    end: int
    sentence: Sentence
    mentions: tuple[Mention, ...]          # mentions inside the clause
    sentence_mentions: tuple[Mention, ...]  # mentions anywhere in its sentence

    def of_kind(self, kind: str, whole_sentence: bool = False) -> list[Mention]:
        pool = self.sentence_mentions if whole_sentence else self.mentions
        return [m for m in pool if m.kind == kind]


def split_clauses(doc: Doc) -> list[tuple[Sentence, list[Clause]]]:
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


def gap_tokens(doc: Doc, start: int, end: int) -> int | None:
    """Words between two positions, or None when punctuation separates them."""
    if start > end:
        start, end = end, start
    between = doc.norm.text[start:end]
    if any(ch in between for ch in ",.;:?!()"):  # not quote marks: names are often quoted (تنظيم «داعش»)
        return None
    return len(tokens(between))


def near(doc: Doc, left: Mention, right: Mention, limit: int) -> bool:
    gap = gap_tokens(doc, left.norm_end, right.norm_start)
    return gap is not None and gap <= limit and left.norm_end <= right.norm_start


def same_part(clause: Clause, a: int, b: int) -> bool:
    """Whether no clause word (بينما، فيما) separates two positions of the clause's sentence."""
    start, end = min(a, b), max(a, b)
    return not any(c.value.kind == "clause" and start < c.norm_start <= end
                   for c in clause.of_kind("CUE", whole_sentence=True))


def governing(clause: Clause, trigger: Mention, breaks: tuple[str, ...] = ("clause",)) -> list[Mention]:
    """Cues of the sentence before the event word with no clause word (فيما، بينما), or
    other cue of a kind in ``breaks``, between."""
    cues = [c for c in clause.of_kind("CUE", whole_sentence=True) if c.norm_end <= trigger.norm_start]
    last_break = max((c.norm_start for c in cues if c.value.kind in breaks), default=-1)
    return [c for c in cues if c.norm_start > last_break]


def irrealis_before(clause: Clause, word: Mention) -> bool:
    """A negation or future earlier in the clause, or a threat, demand, plan... earlier in the sentence part."""
    return (any(c.value.kind == "irrealis" and c.norm_end <= word.norm_start for c in clause.of_kind("CUE"))
            or any(c.value.kind == "irrealis" and c.value.value in WIDE_IRREALIS for c in governing(clause, word)))


def opens_conjunct(doc: Doc, word: Mention) -> bool:
    """A word written with و or ف in front: it starts a new coordinated clause."""
    return proclitics().get(token_prefix(doc.norm.text, word.norm_start), "").startswith("conj")


def by_distance(mentions: list[Mention], anchor: Mention) -> list[Mention]:
    return sorted(mentions, key=lambda m: abs(m.norm_start - anchor.norm_start))
