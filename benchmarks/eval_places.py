"""Accuracy and speed of the place recogniser (``rasid.recognise.places.find_places``).

    .venv/bin/python benchmarks/eval_places.py [--split dev|train] [--shared ../shared] [--json OUT]

Five evaluations, all on data under ``--shared`` (default: ``../shared`` next to the repo):

1. LMR, location mention recognition on IDRISI-R Arabic tweets (7 events): micro precision,
   recall and F1 for exact spans, clitic-tolerant exact spans and partial (overlapping) spans,
   overall and per event; recall per gold type; and coverage (share of gold mentions that
   ``find_places`` recognises when given the mention text alone).
2. LMD, location mention disambiguation on IDRISI-D: share of gold mentions recognised and
   resolved, accuracy within 161 km and 10 km of the annotator's OpenStreetMap point, median
   error, per event and per type.
3. Alias round-trip on OpenSyria: every Arabic name and alias of each governorate, district
   and subdistrict should resolve to that record's OCHA P-code.
4. LOC recognition on the ANERcorp test split (CAMeL Lab), newswire: P/R/F1 as in 1.
5. Speed on the 1,039 SaudiNewsNet conflict articles, and the gazetteer's load time and memory.

Scoring rules (the README in this folder explains them):

* Every mention ``find_places`` returns (PLACE or DATELINE) is a predicted place.
* A prediction matches at most one gold mention and a gold mention at most one prediction.
  Candidate pairs must overlap and pass the mode's test; they are taken greedily, largest
  overlap first, then closest in length. Gold mentions nest ("مرفأ بيروت" holds "بيروت"),
  so an outer prediction matches one of them and the other counts as missed.
* Clitic-tolerant exact: the two surfaces, normalised with ``rasid.normalise.normalise_key``,
  must be equal once a leading proclitic sequence (و ف ب ك ل ال and their combinations: وال
  بال لل ...) is stripped from either or both; every possible stripping is tried, since an
  initial ك or ب may be part of the name (كويت) or a clitic (كالكويت).
* Gold offsets are checked against the text (IDRISI's ends are exclusive); a mention whose
  offsets do not hold its text is moved to the nearest occurrence of the text, or dropped;
  exact duplicate gold mentions are dropped. The gold data section reports the counts.
* LMD: each gold mention takes the prediction sharing most characters with it (not one-to-one).
  "Resolved" means the prediction has a location with coordinates.

Numbers, not assertions: the train split is kept for training a tagger, so evaluate on dev.
Standard library only (plus rasid).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring import Tally, match, overlap, pct, render_table, section, share  # benchmarks/scoring.py (the script folder is on sys.path)
from rasid.recognise.gazetteer import haversine_km
from rasid.model import Location, Options
from rasid.normalise import normalise_key
from rasid.recognise.matcher import proclitics
from rasid.recognise.places import find_places

PLACE_KINDS = frozenset({"PLACE", "DATELINE"})
LMR_TYPES = ("CTRY", "CITY", "PROV", "DIST", "NBHD", "ST", "HPOI", "NPOI", "OTHR")
LMD_TYPE_CODES = {  # IDRISI-D spells out the IDRISI-R type codes
    "Country": "CTRY", "City/town": "CITY", "Province": "PROV", "District": "DIST",
    "Neighborhood": "NBHD", "Road/street": "ST", "Human-made Point-of-Interest": "HPOI",
    "Natural Point-of-Interest": "NPOI", "Other locations": "OTHR",
}
OPENSYRIA_LEVELS = ("governorates", "districts", "subdistricts")
ACC_KM = (161.0, 10.0)
MIN_STRIPPED_LENGTH = 2  # never strip a name down to fewer letters than this
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HASHTAG = re.compile(r"#\w+")
MAX_FAILURES_SHOWN = 20


# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold location mention: half-open character range of the tweet, type, and (LMD) point."""

    start: int
    end: int
    text: str
    type: str
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Tweet:
    event: str
    text: str
    gold: list[GoldMention]


@dataclass(frozen=True, slots=True)
class Predicted:
    """A place mention found by rasid, reduced to what the scoring needs."""

    start: int
    end: int
    surface: str
    location: Location | None


@dataclass(slots=True)
class GoldNotes:
    """What loading the gold data found: offset conventions, repairs, oddities."""

    tweets: int = 0
    tweets_without_mentions: int = 0
    mentions: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {"tweets": self.tweets, "tweets_without_mentions": self.tweets_without_mentions,
                "mentions": dict(self.mentions)}


# ---------------------------------------------------------------- loading


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def event_files(folder: Path, split: str) -> list[tuple[str, Path]]:
    """``(event, path)`` for each event folder holding ``<split>.jsonl``, sorted by event."""
    return [(d.name, d / f"{split}.jsonl") for d in sorted(folder.iterdir()) if (d / f"{split}.jsonl").is_file()]


def repair_span(text: str, start: int, end: int, surface: str) -> tuple[tuple[int, int] | None, str]:
    """The half-open span of ``surface`` in ``text`` and how it was found: the offsets as an
    exclusive end, as an inclusive end, or the occurrence of ``surface`` nearest ``start``."""
    if text[start:end] == surface:
        return (start, end), "end_exclusive"
    if text[start:end + 1] == surface:
        return (start, end + 1), "end_inclusive"
    found = [m.start() for m in re.finditer(re.escape(surface), text)]
    if found:
        nearest = min(found, key=lambda pos: abs(pos - start))
        return (nearest, nearest + len(surface)), "relocated"
    return None, "dropped_not_in_text"


def note_oddities(surface: str, notes: GoldNotes) -> None:
    """Count gold surfaces that hold tweet markup rather than plain words."""
    checks = {"with_hashtag": "#" in surface, "with_underscore": "_" in surface,
              "with_url": "http" in surface, "with_user_mention": "@" in surface,
              "with_bidi_control": bool(BIDI_CONTROLS.search(surface)),
              "with_latin_letters": bool(re.search("[A-Za-z]", surface))}
    notes.mentions.update(name for name, hit in checks.items() if hit)


def load_tweets(folder: Path, split: str, mentions_of: Callable[[dict[str, Any]], list[GoldMention]]
                ) -> tuple[list[Tweet], GoldNotes]:
    """Tweets of every event with spans checked against the text; exact duplicates dropped."""
    notes = GoldNotes()
    tweets = []
    for event, path in event_files(folder, split):
        for record in read_jsonl(path):
            text = record["text"]
            gold: list[GoldMention] = []
            for raw in mentions_of(record):
                span, how = repair_span(text, raw.start, raw.end, raw.text)
                notes.mentions[how] += 1
                if span is None:
                    continue
                mention = GoldMention(span[0], span[1], raw.text, raw.type, raw.lat, raw.lon)
                if mention in gold:
                    notes.mentions["dropped_duplicate"] += 1
                    continue
                note_oddities(mention.text, notes)
                gold.append(mention)
            notes.tweets += 1
            notes.tweets_without_mentions += not gold
            notes.mentions["nested_in_another"] += sum(
                any(o is not g and o.start <= g.start and g.end <= o.end for o in gold) for g in gold)
            tweets.append(Tweet(event, text, gold))
    return tweets, notes


def lmr_mentions(record: dict[str, Any]) -> list[GoldMention]:
    return [GoldMention(m["startIdx"], m["endIdx"], m["text"], m["type"]) for m in record["location_mentions"]]


def lmd_mentions(record: dict[str, Any]) -> list[GoldMention]:
    out = []
    for m in record["location_mentions"]:
        osm = m.get("osm_json") or {}
        lat, lon = (float(osm["lat"]), float(osm["lon"])) if osm.get("lat") and osm.get("lon") else (None, None)
        out.append(GoldMention(m["start_offset"], m["end_offset"], m["text"],
                               LMD_TYPE_CODES.get(m["type"], m["type"]), lat, lon))
    return out


# ---------------------------------------------------------------- prediction and matching


OPTIONS = Options()  # set from the command line in main()


def predict(text: str) -> list[Predicted]:
    return [Predicted(m.span.start, m.span.end, m.surface, m.value.location())
            for m in find_places(text, OPTIONS) if m.kind in PLACE_KINDS]


def clitic_keys(surface: str) -> frozenset[str]:
    """``normalise_key`` of the surface, as is and without each leading proclitic sequence it
    may start with. All readings are kept: the ك of كويت is a letter, the ك of كالكويت is not."""
    key = normalise_key(surface)
    return frozenset([key] + [key[len(p):] for p in proclitics() if p
                              if key.startswith(p) and len(key) - len(p) >= MIN_STRIPPED_LENGTH])


def same_span(g: GoldMention, p: Predicted) -> bool:
    return (g.start, g.end) == (p.start, p.end)


def same_without_clitics(g: GoldMention, p: Predicted) -> bool:
    return same_span(g, p) or not clitic_keys(g.text).isdisjoint(clitic_keys(p.surface))


def any_overlap(g: GoldMention, p: Predicted) -> bool:
    return True  # match() only offers overlapping pairs


MATCH_MODES: dict[str, Callable[[GoldMention, Predicted], bool]] = {
    "exact": same_span, "clitic_exact": same_without_clitics, "partial": any_overlap,
}


def best_overlapping(g: GoldMention, preds: list[Predicted]) -> Predicted | None:
    """The prediction sharing most characters with ``g`` (the earliest on a tie), if any."""
    scored = [(overlap(g, p), -p.start, p) for p in preds if overlap(g, p) > 0]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def in_hashtag(text: str, p: Predicted) -> bool:
    """Whether the prediction lies inside a hashtag (``#سيول_الكويت``)."""
    return any(h.start() <= p.start and p.end <= h.end() for h in HASHTAG.finditer(text))


# ---------------------------------------------------------------- 4. ANERcorp


def load_anercorp(path: Path) -> list[Tweet]:
    """ANERcorp's CAMeL Lab test split as sentences (tokens joined by spaces) with their LOC
    entities as gold mentions; the other entity types are not places."""
    sentences, tokens_, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, _, tag = line.rpartition(" ")
            tokens_.append(token)
            tags.append(tag)
            continue
        if tokens_:
            text, gold = "", []
            for i, (token, tag) in enumerate(zip(tokens_, tags)):
                start = len(text) + (1 if text else 0)
                text = f"{text} {token}" if text else token
                if tag == "B-LOC" or (tag == "I-LOC" and (i == 0 or tags[i - 1] not in ("B-LOC", "I-LOC"))):
                    gold.append([start, len(text)])
                elif tag == "I-LOC":
                    gold[-1][1] = len(text)
            sentences.append(Tweet("anercorp", text, [GoldMention(s, e, text[s:e], "LOC") for s, e in gold]))
        tokens_, tags = [], []
    return sentences


# ---------------------------------------------------------------- 1. LMR




@dataclass(slots=True)
class Recall:
    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return share(self.hits, self.total)

    def to_json(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "recall": self.value}


def evaluate_lmr(tweets: list[Tweet]) -> dict[str, Any]:
    """Span P/R/F1 per event and overall for every match mode, and recall per gold type."""
    by_event: dict[str, dict[str, Tally]] = defaultdict(lambda: {mode: Tally() for mode in MATCH_MODES})
    by_type: dict[str, dict[str, Recall]] = defaultdict(lambda: {mode: Recall() for mode in MATCH_MODES})
    nested_missed = 0
    unmatched: Counter[str] = Counter()
    for tweet in tweets:
        preds = predict(tweet.text)
        for mode, accept in MATCH_MODES.items():
            matched = match(tweet.gold, preds, accept)
            if mode == "partial":
                spare = [p for pi, p in enumerate(preds) if pi not in matched.values()]
                unmatched["predictions"] += len(spare)
                unmatched["in_hashtag"] += sum(in_hashtag(tweet.text, p) for p in spare)
            for key in (tweet.event, "ALL"):
                by_event[key][mode].add(len(matched), len(preds), len(tweet.gold))
            for gi, g in enumerate(tweet.gold):
                for key in (g.type, "ALL"):
                    by_type[key][mode].total += 1
                    by_type[key][mode].hits += gi in matched
                if mode == "partial" and gi not in matched and any(overlap(g, p) for p in preds):
                    nested_missed += 1  # overlapped, but its prediction went to another gold mention
    return {
        "by_event": {e: {m: t.to_json() for m, t in modes.items()} for e, modes in by_event.items()},
        "recall_by_type": {t: {m: r.to_json() for m, r in modes.items()} for t, modes in by_type.items()},
        "gold_overlapped_but_taken_by_another": nested_missed,
        "unmatched_predictions_partial": dict(unmatched),
    }


def evaluate_coverage(tweets: list[Tweet]) -> dict[str, Any]:
    """Per gold type: is the mention found (and resolved) when its text is given alone?"""
    seen: dict[str, tuple[bool, bool]] = {}
    found: dict[str, Recall] = defaultdict(Recall)
    resolved: dict[str, Recall] = defaultdict(Recall)
    for g in (g for t in tweets for g in t.gold):
        if g.text not in seen:
            preds = predict(g.text)
            seen[g.text] = (bool(preds), any(p.location is not None for p in preds))
        is_found, is_resolved = seen[g.text]
        for key in (g.type, "ALL"):
            found[key].total += 1
            found[key].hits += is_found
            resolved[key].total += 1
            resolved[key].hits += is_resolved
    return {key: {"recognised": found[key].to_json(), "resolved": resolved[key].to_json()} for key in found}


# ---------------------------------------------------------------- 2. LMD


@dataclass(slots=True)
class GeoTally:
    """Recognition, resolution and distance errors of a group of gold mentions."""

    gold: int = 0
    recognised: int = 0
    resolved: int = 0
    errors_km: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "gold": self.gold, "recognised": self.recognised, "resolved": self.resolved,
            "recognised_share": share(self.recognised, self.gold),
            "resolved_share_of_recognised": share(self.resolved, self.recognised),
            "median_error_km": statistics.median(self.errors_km) if self.errors_km else None,
        }
        for km in ACC_KM:
            within = sum(e <= km for e in self.errors_km)
            out[f"acc@{km:g}km_of_resolved"] = share(within, len(self.errors_km))
            out[f"acc@{km:g}km_of_gold"] = share(within, self.gold)
        return out


def evaluate_lmd(tweets: list[Tweet]) -> dict[str, Any]:
    """For each gold mention, the most-overlapping prediction's distance to the gold point."""
    by_event: dict[str, GeoTally] = defaultdict(GeoTally)
    by_type: dict[str, GeoTally] = defaultdict(GeoTally)
    for tweet in tweets:
        preds = predict(tweet.text)
        for g in tweet.gold:
            if g.lat is None or g.lon is None:
                continue
            p = best_overlapping(g, preds)
            loc = p.location if p else None
            has_point = loc is not None and loc.lat is not None and loc.lon is not None
            for tally in (by_event[tweet.event], by_event["ALL"], by_type[g.type]):
                tally.gold += 1
                tally.recognised += p is not None
                tally.resolved += has_point
                if has_point:
                    tally.errors_km.append(haversine_km(g.lat, g.lon, loc.lat, loc.lon))
    return {"by_event": {e: t.to_json() for e, t in by_event.items()},
            "by_type": {t: v.to_json() for t, v in by_type.items()}}


# ---------------------------------------------------------------- 3. OpenSyria alias round-trip


@dataclass(frozen=True, slots=True)
class AliasCase:
    level: str
    record_id: str
    name: str
    pcode: str


def alias_cases(folder: Path) -> list[AliasCase]:
    """Each Arabic name and Arabic alias of every governorate, district and subdistrict."""
    cases = []
    for level in OPENSYRIA_LEVELS:
        for record in json.loads((folder / f"{level}.json").read_text(encoding="utf-8")):
            aliases = [a["value"] for a in record.get("aliases", []) if a.get("language") == "ar"]
            names = [record["name"]["ar"], *aliases]
            pcode = record["externalIds"]["ochaPcode"]
            cases += [AliasCase(level, record["id"], name, pcode) for name in dict.fromkeys(names) if name]
    return cases


def top_mention(preds: list[Predicted]) -> Predicted | None:
    """The longest mention, the first on a tie."""
    return max(preds, key=lambda p: (p.end - p.start, -p.start)) if preds else None


def alias_outcome(case: AliasCase, top: Predicted | None) -> str:
    """strict: same P-code; child/parent: the resolved P-code extends / is a prefix of the record's."""
    if top is None:
        return "not_recognised"
    if top.location is None:
        return "unresolved"
    got = top.location.pcode
    if got == case.pcode:
        return "strict"
    if got and got.startswith(case.pcode):
        return "child"
    if got and case.pcode.startswith(got):
        return "parent"
    return "wrong"


def evaluate_aliases(folder: Path) -> dict[str, Any]:
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    failures = []
    for case in alias_cases(folder):
        top = top_mention(predict(case.name))
        outcome = alias_outcome(case, top)
        for key in (case.level, "ALL"):
            outcomes[key][outcome] += 1
        if outcome not in ("strict", "child", "parent"):
            failures.append({"level": case.level, "name": case.name, "pcode": case.pcode, "outcome": outcome,
                             "surface": top.surface if top else None,
                             "got_pcode": top.location.pcode if top and top.location else None,
                             "got_place": top.location.place_id if top and top.location else None})
    summary = {}
    for key, counts in outcomes.items():
        n = sum(counts.values())
        lenient = counts["strict"] + counts["child"] + counts["parent"]
        summary[key] = {"names": n, **counts, "strict_share": share(counts["strict"], n),
                        "lenient_share": share(lenient, n)}
    return {"by_level": summary, "failures": failures}


# ---------------------------------------------------------------- 5. speed and load


def max_rss_mb() -> float:
    """Peak resident memory so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def measure_load() -> dict[str, float]:
    """Time and peak-memory growth of the first ``find_places`` call (gazetteer, automata).
    Only meaningful as the first call of a fresh process."""
    before = max_rss_mb()
    t0 = time.perf_counter()
    find_places("قصف على مدينة الحسكة", OPTIONS)
    seconds = time.perf_counter() - t0
    after = max_rss_mb()
    return {"first_call_s": seconds, "max_rss_before_mb": before, "max_rss_after_mb": after,
            "max_rss_increase_mb": after - before}


def measure_speed(path: Path) -> dict[str, float]:
    texts = [f"{r['title']}\n\n{r['content']}" for r in read_jsonl(path)]
    t0 = time.perf_counter()
    places = sum(len(predict(text)) for text in texts)
    seconds = time.perf_counter() - t0
    return {"articles": len(texts), "characters": sum(map(len, texts)), "places": places, "seconds": seconds,
            "articles_per_s": len(texts) / seconds, "places_per_s": places / seconds,
            "ms_per_article": seconds / len(texts) * 1000}


# ---------------------------------------------------------------- printing


def ordered(keys: Iterable[str], first: Iterable[str] = ()) -> list[str]:
    """Known keys in their given order, then the rest sorted, then ALL."""
    keys = set(keys)
    head = [k for k in first if k in keys]
    return head + sorted(keys - set(head) - {"ALL"}) + (["ALL"] if "ALL" in keys else [])


def print_notes(name: str, notes: GoldNotes) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(notes.mentions.items()))
    print(f"{name}: {notes.tweets} tweets ({notes.tweets_without_mentions} without mentions); mentions: {counts}")


def print_lmr(lmr: dict[str, Any], coverage: dict[str, Any]) -> None:
    section("1. LMR: location mention recognition (micro P / R / F1, %)")
    rows = []
    for event in ordered(lmr["by_event"]):
        modes = lmr["by_event"][event]
        row: list[Any] = [event, modes["exact"]["gold"], modes["exact"]["predicted"]]
        for mode in MATCH_MODES:
            row += [pct(modes[mode][k]) for k in ("precision", "recall", "f1")]
        rows.append(row)
    header = ["event", "gold", "pred"] + [f"{m[:7]} {k}" for m in ("exact", "clitic", "partial") for k in "PRF"]
    print(render_table(header, rows))
    print(f"gold mentions overlapped by a prediction that was matched to another (nested) gold mention: "
          f"{lmr['gold_overlapped_but_taken_by_another']}")
    spare = lmr["unmatched_predictions_partial"]
    print(f"predictions left unmatched (partial mode): {spare.get('predictions', 0)}, "
          f"of which inside a hashtag (#سيول_الكويت): {spare.get('in_hashtag', 0)}")
    section("1b. LMR recall per gold type (%), and coverage: the mention text given alone")
    rows = []
    for t in ordered(lmr["recall_by_type"], LMR_TYPES):
        rec, cov = lmr["recall_by_type"][t], coverage[t]
        rows.append([t, cov["recognised"]["total"], *(pct(rec[m]["recall"]) for m in MATCH_MODES),
                     pct(cov["recognised"]["recall"]), pct(cov["resolved"]["recall"])])
    print(render_table(["type", "gold", "exact", "clitic", "partial", "alone: found", "alone: resolved"], rows))


def print_anercorp(result: dict[str, Any]) -> None:
    section("4. ANERcorp LOC (CAMeL Lab test split): location mention recognition (micro P / R / F1, %)")
    modes = result["by_event"]["ALL"]
    row: list[Any] = ["ALL", modes["exact"]["gold"], modes["exact"]["predicted"]]
    for mode in MATCH_MODES:
        row += [pct(modes[mode][k]) for k in ("precision", "recall", "f1")]
    header = ["set", "gold", "pred"] + [f"{m[:7]} {k}" for m in ("exact", "clitic", "partial") for k in "PRF"]
    print(render_table(header, [row]))
    print("LOC covers the world (Washington, Europe...); the gazetteer covers countries everywhere and places "
          "only in the Middle East and the Horn of Africa")


def print_geo_rows(title: str, groups: dict[str, Any], first: Iterable[str] = ()) -> None:
    rows = [[key, g["gold"], pct(g["recognised_share"]), pct(g["resolved_share_of_recognised"]),
             pct(g["acc@161km_of_resolved"]), pct(g["acc@10km_of_resolved"]),
             pct(g["acc@161km_of_gold"]), pct(g["acc@10km_of_gold"]),
             "-" if g["median_error_km"] is None else f"{g['median_error_km']:.1f}"]
            for key, g in ((k, groups[k]) for k in ordered(groups, first))]
    print(render_table([title, "gold", "recog%", "resolved%", "@161/res", "@10/res", "@161/gold", "@10/gold",
                        "median km"], rows))


def print_lmd(lmd: dict[str, Any]) -> None:
    section("2. LMD: disambiguation against the annotators' OSM points")
    print("recog% = gold mentions overlapped by a prediction; resolved% = of those, with coordinates;\n"
          "@X/res = within X km, over resolved mentions; @X/gold = within X km, over all gold mentions")
    print_geo_rows("event", lmd["by_event"])
    print()
    print_geo_rows("type", lmd["by_type"], LMR_TYPES)


def print_aliases(aliases: dict[str, Any]) -> None:
    section("3. OpenSyria alias round-trip (Arabic names and aliases -> OCHA P-code)")
    print("strict = same P-code; lenient = same, a child (e.g. the city of a subdistrict) or a parent")
    rows = [[level, s["names"], s.get("strict", 0), s.get("child", 0), s.get("parent", 0), s.get("wrong", 0),
             s.get("unresolved", 0), s.get("not_recognised", 0), pct(s["strict_share"]), pct(s["lenient_share"])]
            for level, s in ((k, aliases["by_level"][k]) for k in ordered(aliases["by_level"], OPENSYRIA_LEVELS))]
    print(render_table(["level", "names", "strict", "child", "parent", "wrong", "unresolved", "not found",
                        "strict%", "lenient%"], rows))
    failures = aliases["failures"]
    print(f"\nfirst {min(MAX_FAILURES_SHOWN, len(failures))} of {len(failures)} failures (lenient):")
    rows = [[f["level"], f["name"], f["pcode"], f["outcome"], f["surface"] or "", f["got_pcode"] or "",
             f["got_place"] or ""] for f in failures[:MAX_FAILURES_SHOWN]]
    print(render_table(["level", "name", "pcode", "outcome", "top mention", "got pcode", "got place"], rows))


def print_speed(load: dict[str, float], speed: dict[str, float]) -> None:
    section("5. Speed (SaudiNewsNet conflict subset)")
    print(f"first call (gazetteer + automata load): {load['first_call_s']:.2f} s, "
          f"peak RSS {load['max_rss_before_mb']:.0f} -> {load['max_rss_after_mb']:.0f} MB "
          f"(+{load['max_rss_increase_mb']:.0f} MB)")
    print(f"{speed['articles']} articles, {speed['characters']:,} chars, {speed['places']} places in "
          f"{speed['seconds']:.2f} s: {speed['articles_per_s']:.0f} articles/s, "
          f"{speed['places_per_s']:.0f} places/s, {speed['ms_per_article']:.2f} ms/article")


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "train"), default="dev",
                        help="IDRISI split to score (default dev; train is for training a tagger)")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the shared data folder (default: ../shared next to the repo)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every number to OUT")
    parser.add_argument("--place-tagger", action="store_true", help="also use the statistical place tagger")
    return parser.parse_args()


def main() -> None:
    global OPTIONS
    args = parse_args()
    OPTIONS = Options(place_tagger=args.place_tagger)
    load = measure_load()  # first, while the process is fresh
    data = args.shared / "data"
    idrisi = data / "idrisi-arabic"
    started = time.perf_counter()

    lmr_tweets, lmr_notes = load_tweets(idrisi / "LMR-gold-random-json", args.split, lmr_mentions)
    lmd_tweets, lmd_notes = load_tweets(idrisi / "LMD", args.split, lmd_mentions)
    section(f"Gold data ({args.split} split)")
    print_notes("LMR", lmr_notes)
    print_notes("LMD", lmd_notes)

    lmr = evaluate_lmr(lmr_tweets)
    coverage = evaluate_coverage(lmr_tweets)
    print_lmr(lmr, coverage)
    lmd = evaluate_lmd(lmd_tweets)
    print_lmd(lmd)
    aliases = evaluate_aliases(data / "opensyria-geography")
    print_aliases(aliases)
    anercorp = evaluate_lmr(load_anercorp(data / "anercorp-camel-test" / "ANERCorp_CamelLab_test.txt"))
    print_anercorp(anercorp)
    speed = measure_speed(data / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl")
    print_speed(load, speed)
    total = time.perf_counter() - started + load["first_call_s"]
    print(f"\nbenchmark wall time: {total:.1f} s")

    if args.json:
        report = {"split": args.split, "shared": str(args.shared),
                  "gold_notes": {"lmr": lmr_notes.to_json(), "lmd": lmd_notes.to_json()},
                  "lmr": lmr, "lmr_coverage_alone": coverage, "lmd": lmd, "aliases": aliases, "anercorp": anercorp,
                  "load": load, "speed": speed, "wall_time_s": total}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
