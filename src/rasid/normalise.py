"""Normalisation: Arabic text in, matching-ready text and an offset map out.

Recognisers search the normalised text (NFC, no tatweel/diacritics/bidi or zero-width
marks, one alef, ya for alef maqsura, ha for ta marbuta, ASCII digits and punctuation).
The offset map sends any span of the normalised text back to the exact span of the
original, so every produced value can be shown in the text the user gave us.

The character table is data (``data/charmap.tsv``); this module only applies it.
Each original character is deleted or replaced by exactly one character, except that
NFC may first fuse a base letter with its combining marks: a fused cluster maps to the
whole original cluster.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from rasid.lexicon import load_table
from rasid.model import Normalised, Sentence


@cache
def _char_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for row in load_table("charmap").rows:
        repl = chr(int(row["to"], 16)) if row["to"] else None
        for cp in range(int(row["first"], 16), int(row["last"], 16) + 1):
            table[cp] = repl
    return table


_COMBINING = re.compile(r".[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+", re.S)


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching and keep the offset map back to it."""
    if unicodedata.is_normalized("NFC", text):
        return _normalise_per_char(text)
    return _normalise_clusters(text)


def _normalise_per_char(text: str) -> Normalised:
    """Fast path for NFC text (nearly all news): one translate, offsets built run by run."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for run in _deleted_run().finditer(text):
        starts += range(pos, run.start())
        ends += range(pos + 1, run.start() + 1)
        if ends and ends[-1] == run.start() and _attaches(run.group()):
            ends[-1] = run.end()
        pos = run.end()
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    return Normalised(text.translate(_char_table()), tuple(starts), tuple(ends), len(text))


def _normalise_clusters(text: str) -> Normalised:
    """General path: fuse what NFC fuses (a base letter and its marks), keeping for each
    fused character the whole original cluster, then take the per-character path."""
    pieces: list[str] = []
    origin_start: list[int] = []
    origin_end: list[int] = []
    pos = 0
    for m in _COMBINING.finditer(text):
        fused = unicodedata.normalize("NFC", m.group())
        if fused == m.group():
            continue
        pieces += [text[pos:m.start()], fused]
        origin_start += [*range(pos, m.start()), *[m.start()] * len(fused)]
        origin_end += [*range(pos + 1, m.start() + 1), *[m.end()] * len(fused)]
        pos = m.end()
    pieces.append(text[pos:])
    origin_start += range(pos, len(text))
    origin_end += range(pos + 1, len(text) + 1)
    inner = _normalise_per_char("".join(pieces))
    return Normalised(inner.text, tuple(origin_start[i] for i in inner.starts),
                      tuple(origin_end[e - 1] for e in inner.ends), len(text))


def _attaches(deleted_chars: str) -> bool:
    """Deleted marks and tatweel right after a kept letter belong to its span."""
    return all(unicodedata.category(c) in ("Mn", "Lm") for c in deleted_chars)


@cache
def _deleted() -> frozenset[str]:
    return frozenset(chr(cp) for cp, repl in _char_table().items() if repl is None)


@cache
def _deleted_run() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_deleted())) + "]+")


@lru_cache(maxsize=65536)
def normalise_key(text: str) -> str:
    """Normalised form of a lexicon entry or name, for comparison."""
    return " ".join(normalise(text).text.split())


def name_search_key(name: str) -> str:
    """A name as a search box compares it: Arabic normalised, Latin casefolded without its
    diacritics or hyphens (Al Ḩasakah, al-Hasakah and hasakah meet)."""
    decomposed = unicodedata.normalize("NFKD", normalise_key(name.casefold()))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ").split())


def name_rank(key: str, names: tuple[str, ...]) -> int | None:
    """How well a searched ``key`` (``name_search_key``) names something called ``names``:
    0 a name is it, 1 a word of a name begins with it, 2 a name holds it, None none does."""
    if not key:
        return None
    return min((0 if name == key else 1 if name.startswith(key) or f" {key}" in name else 2
                for name in names if key in name), default=None)


# Sentences end at . ! ? ; or a line break; a full stop between digits (3.5) does not end one.
_SENTENCE_END = re.compile(r"(?:(?<!\d)\.(?!\d)|[!?;]|\n)+")
_WORD = re.compile(r"\w+")


def split_sentences(norm: Normalised) -> list[Sentence]:
    """Split into sentences that never cross a paragraph (a line break)."""
    text = norm.text
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _add_sentence(sentences, norm, pos, m.end(), paragraph)
        if "\n" in m.group():
            paragraph += 1
        pos = m.end()
    _add_sentence(sentences, norm, pos, len(text), paragraph)
    return sentences


def _add_sentence(out: list[Sentence], norm: Normalised, start: int, end: int, paragraph: int) -> None:
    text = norm.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _WORD.search(text, start, end) is None:
        return
    out.append(Sentence(norm.to_original(start, end), paragraph, start, end))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens of ``text[start:end]`` as (start, end) offsets."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
