"""Clitic-aware dictionary matching on normalised Arabic text (Aho-Corasick).

An entry matches a whole token, or the end of a token whose beginning is a proclitic
string from ``data/clitics.tsv`` (و، ف، ب، ل، ك، ال and their combinations), so one
entry "الحسكة" also finds "بالحسكة", "وللحسكة" and "حسكة". Entries ending in ``*`` are
stems: any further letters may follow inside the token. Where several entries overlap,
the longest wins; entries sharing one key are returned together (ambiguity is for the
resolver to settle, not the matcher).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from rasid.lexicon import load_table
from rasid.normalise import normalise_key

MIN_KEY_LETTERS = 2
ACCUSATIVE_ALEF = "\u0627"  # the alef that carries tanween fath (ا)
ACCUSATIVE_ALEF_AFTER = "\u0627\u0647\u0621"  # no such alef after ا، ة (ه once normalised), ء


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found in the text. The span includes a written article (الحسكة in
    بالحسكة) but no other proclitic; ``article`` says whether the word had one."""

    start: int
    end: int
    key: str
    payloads: tuple[Any, ...]
    article: bool = False


@cache
def proclitics() -> dict[str, str]:
    """Proclitic strings (normalised) and what they are made of, e.g. {"بال": "prep+article"}."""
    return {"": ""} | {normalise_key(r["prefix"]): r["parts"] for r in load_table("clitics").rows}


@cache
def locative_prefixes() -> frozenset[str]:
    """Proclitic strings holding the preposition ب (in, at: بحولا، وبالخيام)."""
    return frozenset(normalise_key(r["prefix"]) for r in load_table("clitics").rows if r["locative"] == "yes")


@cache
def purpose_prefixes() -> frozenset[str]:
    """Proclitic strings holding the preposition ل, which before a verbal noun states an aim."""
    return frozenset(normalise_key(r["prefix"]) for r in load_table("clitics").rows if r["purpose"] == "yes")


@cache
def article() -> str:
    """The definite article, as the clitics table spells it."""
    return next(prefix for prefix, parts in proclitics().items() if parts == "article")


def token_prefix(text: str, start: int) -> str:
    """The letters of the token before ``start``."""
    t = start
    while t > 0 and text[t - 1].isalnum():
        t -= 1
    return text[t:start]


def pick_by_article(text: str, match: Match, rows: tuple[dict[str, str], ...], column: str = "form") -> dict[str, str]:
    """Of the rows sharing a key (اليوم/يوم، الشرقي/شرقي), the one whose form agrees with
    the text in having the article or not."""
    with_article = match.article
    candidates = [rows[i] for i in match.payloads]
    for row in candidates:
        if normalise_key(row[column]).startswith(article()) == with_article:
            return row
    return candidates[0]


def token_start(text: str, position: int) -> int:
    """Where the token holding ``position`` begins, proclitics included."""
    return position - len(token_prefix(text, position))


def blank_between(text: str, start: int, end: int) -> bool:
    """Is there nothing but white space from ``start`` to ``end`` (and ``start`` <= ``end``)?"""
    return start <= end and not text[start:end].strip()


def entry_keys(form: str, agreement: bool = True) -> tuple[list[str], bool]:
    """The search keys of a lexicon form, and whether it is a stem.

    Keys are normalised with the leading article dropped (the matcher accepts it as a
    proclitic). In a common-noun phrase the later words agree in definiteness with the
    first ("ضربات جوية" / "الضربات الجوية"), so with ``agreement`` both are keys; proper
    names (دير الزور) are written one way only.
    """
    stem = form.endswith("*")
    raw_words = form.rstrip("*").split()
    words = normalise_key(form.rstrip("*")).split(" ")
    al = article()
    # Only a written article is dropped: in ألفي or إلى the alef is part of the word.
    bare = [w[len(al):] if raw.startswith(al) and len(w) - len(al) >= MIN_KEY_LETTERS else w
            for raw, w in zip(raw_words, words)]
    keys = [" ".join(bare[:1] + words[1:])]
    if agreement and len(words) > 1:
        keys += [" ".join(bare), " ".join(bare[:1] + [al + w for w in bare[1:]])]
    return list(dict.fromkeys(keys)), stem


class Matcher:
    """Find lexicon entries in normalised text."""

    def __init__(self, entries: Iterable[tuple[str, Any]], agreement: bool = True, accusative: bool = False) -> None:
        """``accusative``: an indefinite entry also matches with the alef of the indefinite
        accusative on each word (تمييز after numbers: 30 برميلاً، 16 متمرداً; objects: شن
        هجوماً جوياً، قصفاً مدفعياً إسرائيلياً)."""
        grouped: dict[tuple[str, bool], list[Any]] = {}
        for form, payload in entries:
            keys, stem = entry_keys(form, agreement)
            if accusative and not stem and not keys[0].startswith(article()):
                keys = keys + [_accusative(keys[0])]
            for key in keys:
                if len(key.replace(" ", "")) < MIN_KEY_LETTERS:
                    continue
                bucket = grouped.setdefault((key, stem), [])
                if payload not in bucket:
                    bucket.append(payload)
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[bool, tuple[Any, ...]]]] = {}
        for (key, stem), payloads in grouped.items():
            by_key.setdefault(key, []).append((stem, tuple(payloads)))
        for key, variants in by_key.items():
            self._automaton.add_word(key, (key, variants))
        self._empty = not by_key
        if not self._empty:
            self._automaton.make_automaton()
        self._proclitics = proclitics()

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Non-overlapping matches in ``text[start:end]``, longest first, in text order."""
        if self._empty:
            return []
        end = len(text) if end is None else end
        found: list[Match] = []
        al = article()
        for last, (key, variants) in self._automaton.iter(text, start, end):
            s, e = last - len(key) + 1, last + 1
            prefix = token_prefix(text, s)
            parts = self._proclitics.get(prefix)
            if parts is None:
                continue
            token_end = _token_end(text, e, end)
            with_article = "article" in parts
            if with_article and prefix.endswith(al) and s - len(al) >= start:
                s -= len(al)  # the article belongs to the name; ب، و، ل do not
            for stem, payloads in variants:
                if stem or token_end == e:
                    found.append(Match(s, token_end if stem else e, key, payloads, with_article))
                    break
        return _longest_first(found)


def _accusative(key: str) -> str:
    """Each word of ``key`` with the alef of the indefinite accusative, where it takes one."""
    return " ".join(w if w[-1] in ACCUSATIVE_ALEF_AFTER else w + ACCUSATIVE_ALEF for w in key.split(" "))


def _token_end(text: str, e: int, limit: int) -> int:
    while e < limit and text[e].isalnum():
        e += 1
    return e


def _longest_first(matches: list[Match]) -> list[Match]:
    """Keep the longest matches that do not overlap a longer (or earlier) one."""
    starts: list[int] = []  # the chosen matches, kept sorted by start; they never overlap
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        i = bisect_left(starts, m.start)
        if (i > 0 and chosen[i - 1].end > m.start) or (i < len(chosen) and chosen[i].start < m.end):
            continue
        starts.insert(i, m.start)
        chosen.insert(i, m)
    return chosen
