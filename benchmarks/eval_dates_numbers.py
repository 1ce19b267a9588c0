"""Accuracy and speed of the date and number recognisers (``rasid.recognise.dates.find_dates``,
``rasid.recognise.numbers.find_numbers``).

    .venv/bin/python benchmarks/eval_dates_numbers.py [--shared ../shared] [--json OUT]
        [--splits test,val] [--articles 200] [--examples 12]

Two evaluations, on data under ``--shared`` (default: ``../shared`` next to the repo):

1. Wojood (nested Arabic NER, the public sample): span precision, recall and F1 of
   ``find_dates(text, published=None)`` against gold DATE and of ``find_numbers(text)``
   against gold CARDINAL, exact span and partial (overlapping) span, per split. Each sentence's
   text is its tokens joined with single spaces. Wojood splits "13.2", "2,500" and "26/4/1947"
   into separate tokens, so every split is also scored on a second text, "glued", in which
   a ``. , / : -`` token between two digit tokens is written without the spaces round it.
   Predictions that match no gold span of their own type are broken down by the gold type they
   fall on (a number on a DATE, ORDINAL, PERCENT, MONEY or QUANTITY span is a reading Wojood
   labels otherwise, not necessarily an error).
2. dateparser (``search_dates``, languages=['ar'], RELATIVE_BASE = publication day,
   PREFER_DATES_FROM = past) against ``find_dates`` on the first ``--articles`` SaudiNewsNet
   conflict articles: ms per article, the date expressions each finds and how far they agree;
   then both on a fixed list of phrases with a publication day of Saturday 2015-07-25 and the
   expected day of each phrase. dateparser's import and first call are not timed.

Scoring rules (the README in this folder explains them):

* Gold entities: every B-/I- run of the type at any nesting level (a DATE inside an EVENT
  counts), one entity per distinct span.
* A prediction matches at most one gold span and a gold span at most one prediction. Candidate
  pairs must overlap (and, for exact, have the same span); they are taken greedily, largest
  overlap first, then closest in length.

Numbers, not assertions. Wojood's train split is kept out of everyone's tuning; it is scored
only when asked for (``--splits test,val,train``). Needs ``dateparser`` for part 2 (``pip install
dateparser``); without it part 2 is skipped.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scoring import Tally, match, overlap, pct, render_table, section, share  # benchmarks/scoring.py (the script folder is on sys.path)
from rasid.recognise.dates import find_dates
from rasid.recognise.numbers import find_numbers

TARGETS = {"DATE": "dates", "CARDINAL": "numbers"}  # gold type -> recogniser scored against it
# For predictions that match no gold span of their own type: the gold types they may fall on,
# checked in this order.
OTHER_TYPES = {"DATE": ("TIME", "CARDINAL", "ORDINAL", "EVENT"),
               "CARDINAL": ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")}
# Number predictions on these gold types are figures rasid is meant to read; the lenient
# precision counts them as right.
EXCUSED_FOR_NUMBERS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
SEGMENT_END = "$#$"
GLUE_SEPARATORS = frozenset("./,:-")
DIGITS = re.compile(r"^\d+$")
HAS_DIGIT = re.compile(r"\d")
ERA_SUFFIXES = frozenset({"م", "هـ", "ه"})  # 2015م، 1436هـ: Wojood writes the suffix as its own token
MODES = ("exact", "partial")
TEXT_VARIANTS = ("spaced", "glued")
PUBLISHED = date(2015, 7, 25)  # a Saturday: the publication day of the phrase test
SAUDINEWSNET = "saudinewsnet-conflict-subset/saudinewsnet_conflict_2015.jsonl"

# (phrase, expected ISO day or None for "no date here", granularity the day is scored at, note)
# Granularity: "day" = same day; "month" = same year and month; "year" = same year.
PHRASES: list[tuple[str, str | None, str, str]] = [
    ("مساء السبت", "2015-07-25", "day", "weekday = publication day"),
    ("يوم الخميس", "2015-07-23", "day", "latest Thursday on or before publication"),
    ("الخميس الماضي", "2015-07-23", "day", ""),
    ("يوم الاثنين الماضي", "2015-07-20", "day", ""),
    ("الأحد", "2015-07-19", "day", ""),
    ("أمس", "2015-07-24", "day", ""),
    ("أول أمس", "2015-07-23", "day", ""),
    ("مساء أمس الأول", "2015-07-23", "day", ""),
    ("فجر اليوم", "2015-07-25", "day", ""),
    ("صباح اليوم", "2015-07-25", "day", ""),
    ("ليلة الجمعة", "2015-07-24", "day", "dated to the day named (rasid's convention)"),
    ("غدا", "2015-07-26", "day", "after publication: kept, flagged by rasid"),
    ("20 تموز 2015", "2015-07-20", "day", ""),
    ("20 يوليو 2015", "2015-07-20", "day", ""),
    ("20 تموز/يوليو 2015", "2015-07-20", "day", "UN-style double month name"),
    ("في 20/7/2015", "2015-07-20", "day", ""),
    ("في الثالث من يوليو", "2015-07-03", "day", ""),
    ("2 أغسطس", "2014-08-02", "day", "no year: the latest 2 August on or before publication"),
    ("5 رمضان 1436", "2015-06-22", "day", "Hijri"),
    ("قبل يومين", "2015-07-23", "day", ""),
    ("لليوم الثالث على التوالي", "2015-07-25", "day", "a run of days ending on publication"),
    ("الأسبوع الماضي", "2015-07-18", "day", "publication minus 7 days"),
    ("منتصف الشهر الجاري", "2015-07-15", "month", ""),
    ("أواخر يونيو", "2015-06-25", "month", ""),
    ("الشهر الماضي", "2015-06-15", "month", ""),
    ("كانون الثاني 2015", "2015-01-15", "month", ""),
    ("قتل 27 شخصا", None, "day", "casualty figure, not a date"),
    ("بلغ عدد القتلى 2015 شخصا", None, "day", "a figure that looks like a year"),
]


# ---------------------------------------------------------------- Wojood loading


@dataclass(frozen=True, slots=True)
class Gold:
    """A gold entity: half-open character range of the sentence text, type, and nesting."""

    start: int
    end: int
    type: str
    nested: bool  # inside another entity (not the outermost tag of its first token)
    text: str


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    surface: str


@dataclass(slots=True)
class Sentence:
    text: str
    gold: list[Gold]


@dataclass(slots=True)
class WojoodNotes:
    """What loading one split found: sizes, entity counts, tokenisation quirks."""

    sentences: int = 0
    tokens: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {"sentences": self.sentences, "tokens": self.tokens, "counts": dict(sorted(self.counts.items()))}


def read_conll(path: Path) -> Iterator[list[tuple[str, list[str]]]]:
    """Sentences as lists of (token, tags outer-to-inner); ``$#$`` segment markers are skipped."""
    sentence: list[tuple[str, list[str]]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                if sentence:
                    yield sentence
                sentence = []
                continue
            if fields[0] == SEGMENT_END:
                continue
            sentence.append((fields[0], fields[1:]))
    if sentence:
        yield sentence


def entity_runs(tags: list[list[str]]) -> list[tuple[str, int, int, bool]]:
    """(type, first token, last token, nested) for every B-/I- run of every type at any depth.

    For each type, the tags of that type on a token are read outer to inner: the k-th one
    continues the k-th open entity of the type when it is an I- tag and every outer one was
    continued too; otherwise it starts a new entity (an I- without an open entity is a start).
    """
    types = {t.split("-", 1)[1] for token_tags in tags for t in token_tags if t != "O" and "-" in t}
    runs = []
    for etype in sorted(types):
        open_: list[tuple[int, bool]] = []  # (first token, nested), outer to inner
        for i, token_tags in enumerate(tags + [[]]):
            mine = [(k, t) for k, t in enumerate(token_tags) if t in (f"B-{etype}", f"I-{etype}")]
            kept = 0
            while kept < len(mine) and kept < len(open_) and mine[kept][1].startswith("I-"):
                kept += 1
            runs += [(etype, first, i - 1, nested) for first, nested in open_[kept:]]
            open_ = open_[:kept] + [(i, k > 0) for k, _ in mine[kept:]]
    return runs


def sentence_text(tokens: list[str], glue: bool) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined by single spaces, with each token's span. With ``glue``, a separator token
    between two digit tokens (13 . 2, 26 / 4 / 1947, 2 , 500) is written without spaces."""
    parts: list[str] = []
    spans = []
    pos = 0
    for i, token in enumerate(tokens):
        if i:
            joined = glue and (_glued_separator(tokens, i) or _glued_separator(tokens, i - 1))
            if not joined:
                parts.append(" ")
                pos += 1
        parts.append(token)
        spans.append((pos, pos + len(token)))
        pos += len(token)
    return "".join(parts), spans


def _glued_separator(tokens: list[str], i: int) -> bool:
    return (0 < i < len(tokens) - 1 and tokens[i] in GLUE_SEPARATORS
            and bool(DIGITS.match(tokens[i - 1])) and bool(DIGITS.match(tokens[i + 1])))


def load_wojood(path: Path, glue: bool) -> tuple[list[Sentence], WojoodNotes]:
    notes = WojoodNotes()
    sentences = []
    for rows in read_conll(path):
        tokens = [token for token, _ in rows]
        text, spans = sentence_text(tokens, glue)
        gold_set: dict[tuple[int, int, str], Gold] = {}
        for etype, first, last, nested in entity_runs([tags for _, tags in rows]):
            start, end = spans[first][0], spans[last][1]
            key = (start, end, etype)
            if key in gold_set:
                notes.counts[f"duplicate_span:{etype}"] += 1
                continue
            gold_set[key] = Gold(start, end, etype, nested, text[start:end])
            notes.counts[f"gold:{etype}"] += 1
            if nested:
                notes.counts[f"nested:{etype}"] += 1
            if etype in TARGETS:
                span_tokens = tokens[first:last + 1]
                if any(_glued_separator(tokens, j) for j in range(first + 1, last)):
                    notes.counts[f"split_digits:{etype}"] += 1  # 13 . 2 / 26 / 4 / 1947
                if span_tokens[-1] in ERA_SUFFIXES and len(span_tokens) > 1:
                    notes.counts[f"era_suffix_token:{etype}"] += 1  # 1935 ) م
        for token in tokens:
            if HAS_DIGIT.search(token) and not DIGITS.match(token) and re.search(r"[^\W\d_]", token):
                notes.counts["tokens_digits_and_letters"] += 1  # 1الى، جزء1
        notes.sentences += 1
        notes.tokens += len(tokens)
        sentences.append(Sentence(text, list(gold_set.values())))
    return sentences, notes


# ---------------------------------------------------------------- matching and scoring


def same_span(g: Gold, p: Predicted) -> bool:
    return (g.start, g.end) == (p.start, p.end)


MATCH_MODES: dict[str, Callable[[Gold, Predicted], bool]] = {"exact": same_span, "partial": lambda g, p: True}


def predict(kind: str, text: str) -> list[Predicted]:
    mentions = find_dates(text, published=None) if kind == "dates" else find_numbers(text)
    return [Predicted(m.span.start, m.span.end, m.surface) for m in mentions]


def gold_class(g: Gold) -> list[str]:
    """Recall groups of a gold span: all, digits or words only, outermost or nested."""
    return ["all", "with digits" if HAS_DIGIT.search(g.text) else "words only", "nested" if g.nested else "outermost"]


def where_it_falls(p: Predicted, own: str, gold: list[Gold], matched_own: set[int]) -> str:
    """What an unmatched prediction overlaps: its own type taken by another prediction, one of
    the listed other types, another entity, or nothing."""
    hits = [(gi, g) for gi, g in enumerate(gold) if overlap(g, p) > 0]
    if any(g.type == own and gi in matched_own for gi, g in hits):
        return f"{own} (matched to another prediction)"
    if any(g.type == own for _, g in hits):
        return own
    for t in OTHER_TYPES[own]:
        if any(g.type == t for _, g in hits):
            return t
    if hits:
        return "other entity: " + "/".join(sorted({g.type for _, g in hits}))
    return "no gold entity"


def evaluate_split(sentences: list[Sentence], examples: int) -> dict[str, Any]:
    """Scores for DATE and CARDINAL on one split and one text variant."""
    out: dict[str, Any] = {}
    for own, kind in TARGETS.items():
        tallies = {mode: Tally() for mode in MODES}
        recall_groups: dict[str, dict[str, Tally]] = defaultdict(lambda: {mode: Tally() for mode in MODES})
        unmatched_on: dict[str, Counter[str]] = {mode: Counter() for mode in MODES}
        missed: list[str] = []
        spurious: list[str] = []
        for s in sentences:
            preds = predict(kind, s.text)
            gold = [g for g in s.gold if g.type == own]
            for mode, accept in MATCH_MODES.items():
                matched = match(gold, preds, accept)
                tallies[mode].add(len(matched), len(preds), len(gold))
                for gi, g in enumerate(gold):
                    for group in gold_class(g):
                        recall_groups[group][mode].add(gi in matched, 0, 1)
                own_ids = {s.gold.index(gold[gi]) for gi in matched}
                taken = {pi for pi in matched.values()}
                for pi, p in enumerate(preds):
                    if pi not in taken:
                        unmatched_on[mode][where_it_falls(p, own, s.gold, own_ids)] += 1
                if mode == "partial":
                    missed += [f"{g.text}  |  {_context(s.text, g.start, g.end)}"
                               for gi, g in enumerate(gold) if gi not in matched]
                    spurious += [f"{p.surface}  |  {_context(s.text, p.start, p.end)}"
                                 for pi, p in enumerate(preds) if pi not in taken]
        result: dict[str, Any] = {
            mode: tallies[mode].to_json() for mode in MODES}
        result["recall_by_group"] = {
            group: {mode: t.recall for mode, t in modes.items()} | {"gold": modes["exact"].n_gold}
            for group, modes in recall_groups.items()}
        result["unmatched_predictions_fall_on"] = {mode: dict(c.most_common()) for mode, c in unmatched_on.items()}
        if own == "CARDINAL":
            for mode in MODES:
                t = tallies[mode]
                excused = sum(unmatched_on[mode][k] for k in EXCUSED_FOR_NUMBERS)
                result[mode]["lenient_precision"] = share(t.tp + excused, t.n_pred)
        result["missed_gold_partial"] = missed
        result["spurious_predictions_partial"] = spurious
        result["examples_shown"] = examples
        out[own] = result
    return out


def _context(text: str, start: int, end: int, width: int = 25) -> str:
    return f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}".replace("\n", " ")


# ---------------------------------------------------------------- 2. dateparser


def read_articles(path: Path, limit: int) -> list[tuple[str, date]]:
    out = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if len(out) >= limit:
                break
            if line.strip():
                r = json.loads(line)
                out.append((f"{r['title']}\n\n{r['content']}", date.fromisoformat(r["date_extracted"][:10])))
    return out


def dp_settings(published: date) -> dict[str, Any]:
    return {"RELATIVE_BASE": datetime(published.year, published.month, published.day), "PREFER_DATES_FROM": "past"}


def locate(text: str, found: list[tuple[str, datetime]]) -> list[tuple[int, int, date]]:
    """Character spans of dateparser's substrings, searched for in order (it returns no offsets)."""
    spans = []
    cursor = 0
    for surface, when in found:
        pos = text.find(surface, cursor)
        if pos < 0:
            pos = text.find(surface)
        if pos < 0:
            continue
        spans.append((pos, pos + len(surface), when.date()))
        cursor = pos + len(surface)
    return spans


def is_bare_number(surface: str) -> bool:
    core = re.sub(r"[^\w]", "", surface)
    return bool(core) and core.isdigit()


def compare_on_articles(search_dates: Callable[..., Any], articles: list[tuple[str, date]]) -> dict[str, Any]:
    dp_ms, rasid_ms = [], []
    counts: Counter[str] = Counter()
    disagreements: list[dict[str, str]] = []
    for text, published in articles:
        t0 = time.perf_counter()
        try:
            found = search_dates(text, languages=["ar"], settings=dp_settings(published)) or []
        except Exception:  # noqa: BLE001 - a crash is a result here, not a reason to stop
            found = []
            counts["dateparser_errors"] += 1
        t1 = time.perf_counter()
        mentions = find_dates(text, published)
        t2 = time.perf_counter()
        dp_ms.append((t1 - t0) * 1000)
        rasid_ms.append((t2 - t1) * 1000)
        dp_spans = locate(text, found)
        counts["dateparser_expressions"] += len(found)
        counts["dateparser_not_located"] += len(found) - len(dp_spans)
        counts["dateparser_bare_numbers"] += sum(is_bare_number(s) for s, _ in found)
        counts["dateparser_after_publication"] += sum(w.date() > published for _, w in found)
        counts["dateparser_outside_1900_2100"] += sum(not 1900 <= w.year <= 2100 for _, w in found)
        counts["rasid_expressions"] += len(mentions)
        counts["rasid_resolved"] += sum(m.value is not None for m in mentions)
        counts["rasid_after_publication"] += sum(m.value is not None and m.value.day > published for m in mentions)
        counts["articles_with_dateparser_dates"] += bool(found)
        counts["articles_with_rasid_dates"] += bool(mentions)
        counts["dateparser_overlapping_rasid"] += sum(
            any(s < m.span.end and m.span.start < e for m in mentions) for s, e, _ in dp_spans)
        counts["rasid_overlapping_dateparser"] += sum(
            any(s < m.span.end and m.span.start < e for s, e, _ in dp_spans) for m in mentions)
        for m in mentions:
            hits = [(s, e, d) for s, e, d in dp_spans if s < m.span.end and m.span.start < e]
            if hits and m.value is not None:
                counts["overlapping_pairs_resolved"] += 1
                counts["overlapping_pairs_same_day"] += m.value.day in [d for _, _, d in hits]
                counts["overlapping_pairs_same_month"] += any(same_at(m.value.day, d, "month") for _, _, d in hits)
                if m.value.day not in [d for _, _, d in hits]:
                    disagreements.append({
                        "published": published.isoformat(), "rasid": f"{m.surface} -> {m.value.day.isoformat()}",
                        "dateparser": "; ".join(f"{text[s:e]} -> {d.isoformat()}" for s, e, d in hits),
                        "context": _context(text, m.span.start, m.span.end)})
    n = len(articles)

    def timing(ms: list[float]) -> dict[str, float]:
        return {"median_ms": statistics.median(ms), "mean_ms": statistics.fmean(ms), "total_s": sum(ms) / 1000}

    dp, ra = timing(dp_ms), timing(rasid_ms)
    return {"articles": n, "characters": sum(len(t) for t, _ in articles), "dateparser": dp, "rasid": ra,
            "ratio_dateparser_over_rasid": {"median": dp["median_ms"] / ra["median_ms"] if ra["median_ms"] else None,
                                            "mean": dp["mean_ms"] / ra["mean_ms"] if ra["mean_ms"] else None},
            "counts": dict(counts), "disagreements": disagreements}


def same_at(got: date, expected: date, granularity: str) -> bool:
    if granularity == "year":
        return got.year == expected.year
    if granularity == "month":
        return (got.year, got.month) == (expected.year, expected.month)
    return got == expected


def score_phrase(found: list[tuple[str, date | None]], expected: str | None, granularity: str) -> dict[str, Any]:
    """The longest expression found (the first on a tie) is the library's reading of the phrase.
    A phrase with no date is right only when nothing at all is found."""
    if not found:
        return {"surface": None, "day": None, "found": 0, "correct": expected is None, "exact_day": expected is None}
    surface, day = max(found, key=lambda f: len(f[0]))
    ok = expected is not None and day is not None and same_at(day, date.fromisoformat(expected), granularity)
    exact = expected is not None and day is not None and day == date.fromisoformat(expected)
    return {"surface": surface, "day": day.isoformat() if day else None, "found": len(found),
            "correct": ok, "exact_day": exact}


def compare_on_phrases(search_dates: Callable[..., Any]) -> dict[str, Any]:
    rows = []
    for phrase, expected, granularity, note in PHRASES:
        try:
            dp_found = [(s, w.date()) for s, w in
                        (search_dates(phrase, languages=["ar"], settings=dp_settings(PUBLISHED)) or [])]
        except Exception:  # noqa: BLE001
            dp_found = []
        rasid_found = [(m.surface, m.value.day if m.value is not None else None) for m in find_dates(phrase, PUBLISHED)]
        rows.append({"phrase": phrase, "expected": expected, "granularity": granularity, "note": note,
                     "rasid": score_phrase(rasid_found, expected, granularity),
                     "dateparser": score_phrase(dp_found, expected, granularity)})
    summary = {}
    for lib in ("rasid", "dateparser"):
        correct = sum(r[lib]["correct"] for r in rows)
        summary[lib] = {"correct": correct, "exact_day": sum(r[lib]["exact_day"] for r in rows),
                        "phrases": len(rows), "accuracy": share(correct, len(rows))}
    return {"published": PUBLISHED.isoformat(), "summary": summary, "phrases": rows}


def evaluate_dateparser(articles: list[tuple[str, date]]) -> dict[str, Any]:
    find_dates("مساء أمس", PUBLISHED)  # rasid loads its tables on the first call: not timed either
    t0 = time.perf_counter()
    from dateparser.search import search_dates  # noqa: PLC0415 - optional, and slow to import
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    search_dates("قتل 27 شخصا في غارة مساء أمس الخميس 23 يوليو 2015", languages=["ar"],
                 settings=dp_settings(PUBLISHED))
    warmup_s = time.perf_counter() - t0
    import dateparser  # noqa: PLC0415

    return {"dateparser_version": dateparser.__version__, "import_s": import_s, "warmup_s": warmup_s,
            "articles": compare_on_articles(search_dates, articles), "phrases": compare_on_phrases(search_dates)}


# ---------------------------------------------------------------- printing


def print_wojood(wojood: dict[str, Any], examples: int) -> None:
    section("1. Wojood: data")
    for split, variants in wojood.items():
        n = variants["spaced"]["notes"]
        c = n["counts"]
        print(f"{split}: {n['sentences']} sentences, {n['tokens']} tokens; gold DATE {c.get('gold:DATE', 0)} "
              f"({c.get('nested:DATE', 0)} nested), CARDINAL {c.get('gold:CARDINAL', 0)} "
              f"({c.get('nested:CARDINAL', 0)} nested); split digits (13 . 2, 26 / 4 / 1947) in DATE "
              f"{c.get('split_digits:DATE', 0)}, CARDINAL {c.get('split_digits:CARDINAL', 0)}; DATE ending in a "
              f"separate era token (1935 ) م) {c.get('era_suffix_token:DATE', 0)}; tokens mixing digits and "
              f"letters {c.get('tokens_digits_and_letters', 0)}")
        others = ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(c.items()) if k.startswith("gold:")
                           and k.split(":")[1] not in TARGETS)
        print(f"   other gold types: {others}")

    section("1a. Wojood: span P / R / F1 (%), find_dates vs DATE, find_numbers vs CARDINAL")
    print("spaced = tokens joined by single spaces; glued = also 13.2, 2,500, 26/4/1947 written without spaces.\n"
          "lenP = precision counting number predictions on gold PERCENT/MONEY/QUANTITY as right")
    rows = []
    for split, variants in wojood.items():
        for variant in TEXT_VARIANTS:
            for own in TARGETS:
                r = variants[variant]["scores"][own]
                row = [f"{split} {variant}", own, r["exact"]["gold"], r["exact"]["predicted"]]
                for mode in MODES:
                    row += [pct(r[mode][k]) for k in ("precision", "recall", "f1")]
                row.append(pct(r["partial"].get("lenient_precision")) if own == "CARDINAL" else "")
                rows.append(row)
    header = ["split text", "type", "gold", "pred"] + [f"{m} {k}" for m in MODES for k in "PRF"] + ["part lenP"]
    print(render_table(header, rows))

    section("1b. Wojood: recall (%) by kind of gold span (spaced text)")
    rows = []
    for split, variants in wojood.items():
        for own in TARGETS:
            groups = variants["spaced"]["scores"][own]["recall_by_group"]
            for group in ("all", "with digits", "words only", "outermost", "nested"):
                if group in groups:
                    g = groups[group]
                    rows.append([split, own, group, g["gold"], pct(g["exact"]), pct(g["partial"])])
    print(render_table(["split", "type", "gold span", "n", "exact R", "partial R"], rows))

    section("1c. Wojood: where unmatched predictions fall (spaced text, partial match)")
    rows = []
    for split, variants in wojood.items():
        for own in TARGETS:
            falls = variants["spaced"]["scores"][own]["unmatched_predictions_fall_on"]["partial"]
            for where, n in falls.items():
                rows.append([split, f"{TARGETS[own]} (vs {own})", where, n])
    print(render_table(["split", "predictions", "falls on gold", "n"], rows) if rows else "(none)")

    first = next(iter(wojood))
    for own in TARGETS:
        r = wojood[first]["spaced"]["scores"][own]
        for title, items in (("missed gold", r["missed_gold_partial"]),
                             ("unmatched predictions", r["spurious_predictions_partial"])):
            print(f"\n{first} {own}, {title} (partial match): first {min(examples, len(items))} of {len(items)}")
            for line in items[:examples]:
                print(f"   {line}")


def print_dateparser(dp: dict[str, Any], examples: int) -> None:
    a = dp["articles"]
    c = a["counts"]
    section(f"2. dateparser {dp['dateparser_version']} vs rasid find_dates, {a['articles']} SaudiNewsNet articles")
    print(f"dateparser import {dp['import_s']:.2f} s and first call {dp['warmup_s']:.2f} s, not timed below; "
          f"{a['characters']:,} characters")
    rows = [[lib, f"{a[lib]['median_ms']:.2f}", f"{a[lib]['mean_ms']:.2f}", f"{a[lib]['total_s']:.2f}",
             c.get(f"{lib}_expressions", 0), c.get(f"articles_with_{lib}_dates", 0),
             c.get(f"{lib}_after_publication", 0)]
            for lib in ("dateparser", "rasid")]
    print(render_table(["library", "median ms/article", "mean ms/article", "total s", "date expressions",
                        "articles with one", "after publication"], rows))
    ratio = a["ratio_dateparser_over_rasid"]
    print(f"dateparser / rasid time: median {ratio['median']:.1f}x, mean {ratio['mean']:.1f}x")
    print(f"rasid expressions resolved to a day: {c.get('rasid_resolved', 0)}")
    print(f"dateparser expressions that are bare numbers (a figure read as a year or day): "
          f"{c.get('dateparser_bare_numbers', 0)}; outside 1900-2100: {c.get('dateparser_outside_1900_2100', 0)}; "
          f"errors: {c.get('dateparser_errors', 0)}; not found in the text again: {c.get('dateparser_not_located', 0)}")
    print(f"overlap: dateparser expressions overlapping a rasid date {c.get('dateparser_overlapping_rasid', 0)}, "
          f"rasid dates overlapping a dateparser expression {c.get('rasid_overlapping_dateparser', 0)}; "
          f"of {c.get('overlapping_pairs_resolved', 0)} resolved rasid dates overlapping one, "
          f"{c.get('overlapping_pairs_same_day', 0)} give the same day and "
          f"{c.get('overlapping_pairs_same_month', 0)} the same month (dateparser gives a month alone the "
          f"publication's day of the month, rasid the 15th)")
    shown = a["disagreements"][:examples]
    print(f"first {len(shown)} of {len(a['disagreements'])} disagreements (published; rasid; dateparser):")
    for d in shown:
        print(f"   {d['published']}  {d['rasid']}  |  {d['dateparser']}  |  {d['context']}")

    p = dp["phrases"]
    section(f"2b. Phrases, published {p['published']} (a Saturday): the longest expression found is the reading")
    rows = []
    for r in p["phrases"]:
        row = [r["phrase"], r["expected"] or "(no date)", r["granularity"]]
        for lib in ("rasid", "dateparser"):
            got = r[lib]
            reading = "-" if got["surface"] is None else f"{got['surface']} -> {got['day'] or 'unresolved'}"
            row += [reading, "ok" if got["correct"] else "WRONG"]
        rows.append(row)
    print(render_table(["phrase", "expected", "at", "rasid", "", "dateparser", ""], rows))
    for lib, s in p["summary"].items():
        print(f"{lib}: {s['correct']}/{s['phrases']} right ({pct(s['accuracy'])}%), "
              f"{s['exact_day']} with the exact expected day")


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the shared data folder (default: ../shared next to the repo)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every number to OUT")
    parser.add_argument("--splits", default="test,val",
                        help="Wojood splits to score, comma-separated (default test,val; train is held out of tuning)")
    parser.add_argument("--articles", type=int, default=200,
                        help="SaudiNewsNet articles for the dateparser comparison (default 200)")
    parser.add_argument("--examples", type=int, default=12,
                        help="missed and unmatched examples printed for the first split (default 12)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    data = args.shared / "data"
    wojood: dict[str, Any] = {}
    for split in [s.strip() for s in args.splits.split(",") if s.strip()]:
        wojood[split] = {}
        for variant in TEXT_VARIANTS:
            sentences, notes = load_wojood(data / "wojood-sample" / f"{split}.txt", glue=variant == "glued")
            wojood[split][variant] = {"notes": notes.to_json(), "scores": evaluate_split(sentences, args.examples)}
    wojood_s = time.perf_counter() - started
    print_wojood(wojood, args.examples)

    dateparser_report: dict[str, Any] | None = None
    if importlib.util.find_spec("dateparser") is None:
        section("2. dateparser comparison skipped: dateparser is not installed (.venv/bin/pip install dateparser)")
    else:  # imported (and timed) only here
        articles = read_articles(data / SAUDINEWSNET, args.articles)
        dateparser_report = evaluate_dateparser(articles)
        print_dateparser(dateparser_report, args.examples)
    total = time.perf_counter() - started
    print(f"\nbenchmark wall time: {total:.1f} s (Wojood part {wojood_s:.1f} s)")

    if args.json:
        report = {"shared": str(args.shared), "wojood": wojood, "dateparser": dateparser_report,
                  "wall_time_s": total, "wojood_time_s": wojood_s}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
