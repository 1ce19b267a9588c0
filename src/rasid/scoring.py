"""Score extracted events against gold documents, by the measure FORMAT.md "Scoring" defines.

This is the project's own scorer, so that tests, benchmarks and the CLI can score without
the external ``score_events.py``; on rasid's predictions for the shared gold sets it reports
the same figures (tests/test_scoring.py runs both). It differs on purpose in two places:
predictions for documents not in gold are ignored (the tool counts them as false positives),
and the names that mean Civilians in a claim come from the actor lexicon (the tool has a
fixed list), so a claim subject written as another Arabic word for civilians may pair here
and not there.

Events are compared per document. A gold and a predicted event are candidates when their
``event_type`` is equal; candidates are paired greedily, best first, by a similarity of
1 + [sub-type equal] + [date right] + [location right] + actor Jaccard (ties: earlier gold
event, then earlier prediction), each event used once. A pair is *strictly* right when its
sub-type, date, location and fatalities are right and its actors overlap gold with F1 >= 0.5.
Claims are pooled per document and paired on (kind, value, subject).

Rules the FORMAT leaves open, settled as the external scorer settles them: a region-level
gold location without ``admin1`` is matched by a prediction without ``admin1`` in the same
country; a gold location without coordinates is matched by name; a gold event without a
numeric ``fatalities`` accepts any toll and is left out of the fatalities figures.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from difflib import SequenceMatcher
from fractions import Fraction
from functools import cache, lru_cache
from os import PathLike
from typing import Any

from rasid.lexicon import load_table, split_aliases
from rasid.normalise import normalise_key
from rasid.recognise.gazetteer import haversine_km
from rasid.recognise.matcher import article

STRICT_ACTOR_F1 = 0.5  # actors overlap gold enough for a strict match
POINT_KM = 25.0  # a predicted point this near the gold point is the same place
REGION_KM = 75.0  # ... and this near a region-level (geo_precision 3) gold point
ADMIN1_SIMILARITY = 0.8  # English admin1 spellings this alike name one province (Ta'iz, Taizz)
# Words English spellings of admin1 names add or drop: the transliterated article and the
# generic word for a province (Al-Hasakeh = Hasakah Governorate).
ADMIN1_NOISE = frozenset({"al", "el", "ar", "ad", "adh", "as", "ash", "at", "az",
                          "governorate", "province", "muhafazat", "wilayat"})
_DELETED_MARKS = frozenset("\"'`.")  # deleted, not spaced: Ma'arrat = Maarrat, U.S. = US
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from counts; a figure is None when its denominator is 0."""

    tp: int
    predicted: int
    gold: int

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float | None:
        return _share(self.tp, self.predicted)

    @property
    def recall(self) -> float | None:
        return _share(self.tp, self.gold)

    @property
    def f1(self) -> float | None:
        return _share(2 * self.tp, self.predicted + self.gold)

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class PairCheck:
    """How one matched (gold, predicted) event pair fares field by field."""

    subtype: bool
    date: bool
    location: bool
    actor_f1: float
    gold_fatalities: float | None
    predicted_fatalities: float | None

    @property
    def fatalities(self) -> bool:
        """Right when equal; a gold event without a number accepts any toll."""
        return self.gold_fatalities is None or self.predicted_fatalities == self.gold_fatalities

    @property
    def strict(self) -> bool:
        return (self.subtype and self.date and self.location and self.fatalities
                and self.actor_f1 >= STRICT_ACTOR_F1)


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """Claims of one document (or a sum of documents): counts and the matched ones' checks."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    claimant_right: int = 0
    modality_right: int = 0
    both_right: int = 0

    def __add__(self, other: ClaimMatch) -> ClaimMatch:
        return ClaimMatch(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True, slots=True)
class Scores:
    """Every figure of one scoring run. Shares are None when nothing was there to count."""

    strict: PRF  # the headline: matched events with every key field right
    events: PRF  # event detection: matched pairs, whatever their fields
    by_type: dict[str, PRF]
    claims: PRF
    documents: int
    subtype_accuracy: float | None
    date_accuracy: float | None
    location_accuracy: float | None
    actor_f1: float | None
    fatalities_exact: float | None  # of matched pairs whose gold has a number
    fatalities_mae: float | None  # of matched pairs where both sides have a number
    fatalities_n: int
    fatalities_missing: int  # matched pairs whose gold has a number and prediction none
    claimant_right: float | None  # of matched claims
    modality_right: float | None
    claimant_and_modality_right: float | None

    @property
    def gold_events(self) -> int:
        return self.events.gold

    @property
    def predicted_events(self) -> int:
        return self.events.predicted

    @property
    def matched(self) -> int:
        return self.events.tp

    @property
    def strict_matched(self) -> int:
        return self.strict.tp

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, for reports and files."""
        return {
            "counts": {"documents": self.documents, "gold_events": self.gold_events,
                       "predicted_events": self.predicted_events, "matched": self.matched,
                       "strict_matched": self.strict_matched, "gold_claims": self.claims.gold,
                       "predicted_claims": self.claims.predicted},
            "strict": self.strict.as_dict(),
            "events": self.events.as_dict(),
            "by_type": {name: prf.as_dict() for name, prf in self.by_type.items()},
            "matched": {"sub_event_type_accuracy": self.subtype_accuracy, "date_accuracy": self.date_accuracy,
                        "location_accuracy": self.location_accuracy, "actor_f1": self.actor_f1,
                        "fatalities_exact": self.fatalities_exact, "fatalities_mae": self.fatalities_mae,
                        "fatalities_n": self.fatalities_n, "fatalities_missing": self.fatalities_missing},
            "claims": {**self.claims.as_dict(), "claimant_right": self.claimant_right,
                       "modality_right": self.modality_right,
                       "claimant_and_modality_right": self.claimant_and_modality_right},
        }


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


# --------------------------------------------------------------------------- keys


@lru_cache(maxsize=65536)
def _name_key_of(text: str) -> str:
    s = normalise_key(unicodedata.normalize("NFKC", text)).casefold()
    s = "".join("" if c in _DELETED_MARKS or unicodedata.category(c) in ("Pi", "Pf")
                else " " if unicodedata.category(c).startswith("P") else c for c in s)
    art = article()
    return " ".join(t[len(art):] if t.startswith(art) and len(t) - len(art) >= 2 else t for t in s.split())


def name_key(value: Any) -> str:
    """Comparison key for actor, place and claim party names: the project's Arabic
    normalisation, case folded, quote marks and full stops deleted, other punctuation a
    space, and the definite article dropped from each word (so a name matches with or
    without it). Anything but a string gives ""."""
    return _name_key_of(value) if isinstance(value, str) else ""


def _label(value: Any) -> str | None:
    """Key for labels (types, kinds, modality): spacing and case do not count."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()).casefold() or None


def _day(value: Any) -> str | None:
    """Dates compare by ISO day, so a timestamp matches its day."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    return s[:10] if _ISO_DAY.match(s) else (s or None)


def _number(value: Any) -> float | None:
    """A finite number, also from a numeric string; booleans are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    n = _number(value)
    return int(n) if n is not None and n == int(n) else None


def _same_label(a: Any, b: Any) -> bool:
    la = _label(a)
    return la is not None and la == _label(b)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


# --------------------------------------------------------------------------- actors


def _names(party: Any) -> list[str]:
    """The names one actor goes by: an object's ``name`` and ``name_ar`` (the extractor's
    form), a string, or a list of acceptable names (the gold form)."""
    if isinstance(party, dict):
        return [party[k] for k in ("name", "name_ar") if isinstance(party.get(k), str)]
    if isinstance(party, str):
        return [party]
    if isinstance(party, (list, tuple)):
        return [n for n in party if isinstance(n, str)]
    return []


def _actor_keys(actors: Any) -> list[frozenset[str]]:
    """One set of name keys per actor; a lone string or object is one actor."""
    if isinstance(actors, (str, dict)):
        actors = [actors]
    if not isinstance(actors, list):
        return []
    return [frozenset(k for k in map(name_key, _names(a)) if k) for a in actors]


def actor_overlap(predicted: Any, gold: Any) -> tuple[int, int, int]:
    """(matched, predicted, gold) actor counts. Each actor is used once (a maximum
    bipartite matching), so naming one gold actor twice does not count twice."""
    pred, golds = _actor_keys(predicted), _actor_keys(gold)
    owner: dict[int, int] = {}  # gold index -> predicted index

    def place(p: int, seen: set[int]) -> bool:
        for g, keys in enumerate(golds):
            if g not in seen and pred[p] & keys:
                seen.add(g)
                if g not in owner or place(owner[g], seen):
                    owner[g] = p
                    return True
        return False

    matched = sum(place(p, set()) for p in range(len(pred)))
    return matched, len(pred), len(golds)


def actor_f1(predicted: Any, gold: Any) -> float:
    """2m / (|P| + |G|); 1.0 when neither side names an actor."""
    m, p, g = actor_overlap(predicted, gold)
    return 2 * m / (p + g) if p + g else 1.0


def _actor_jaccard(predicted: Any, gold: Any) -> Fraction:
    m, p, g = actor_overlap(predicted, gold)
    return Fraction(m, p + g - m) if p + g else Fraction(1)


# --------------------------------------------------------------------------- dates, places


def date_correct(predicted: Any, gold_event: dict) -> bool:
    """The gold day, or one of the days gold accepts for ambiguous wording."""
    day = _day(predicted)
    accepted = {_day(gold_event.get("event_date"))}
    alternatives = gold_event.get("event_date_alternatives")
    if isinstance(alternatives, list):
        accepted |= {_day(a) for a in alternatives}
    return day is not None and day in accepted


def _point(loc: dict) -> tuple[float, float] | None:
    lat, lon = _number(loc.get("lat")), _number(loc.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _admin1_key(name: Any) -> str:
    """Letters of an admin1 name without accents, article or generic words."""
    s = unicodedata.normalize("NFKD", name_key(name))
    s = "".join(c if unicodedata.category(c) in ("Ll", "Lu", "Lo") else " "
                for c in s if not unicodedata.combining(c))
    return "".join(w for w in s.split() if w not in ADMIN1_NOISE)


def same_admin1(a: Any, b: Any) -> bool:
    """Two admin1 names for one province, allowing English spelling variants."""
    ka, kb = _admin1_key(a), _admin1_key(b)
    return bool(ka and kb) and (ka == kb or SequenceMatcher(None, ka, kb).ratio() >= ADMIN1_SIMILARITY)


def location_correct(predicted: Any, gold: Any) -> bool:
    """Within 25 km of the gold point; for region-level gold (geo_precision 3) also within
    75 km or in the same admin1. See the module docstring for incomplete gold."""
    if not isinstance(predicted, dict) or not isinstance(gold, dict):
        return False
    gp, pp = _point(gold), _point(predicted)
    km = haversine_km(*gp, *pp) if gp and pp else None
    if km is not None and km <= POINT_KM:
        return True
    if _integer(gold.get("geo_precision")) == 3:
        if km is not None and km <= REGION_KM:
            return True
        if name_key(gold.get("admin1")):
            if same_admin1(gold.get("admin1"), predicted.get("admin1")):
                return True
        elif not name_key(predicted.get("admin1")) and _same_label(gold.get("country"), predicted.get("country")):
            return True
    if gp is None:
        names = ("name", "name_ar")
        gold_names = {name_key(gold.get(k)) for k in names} - {""}
        return bool(gold_names & {name_key(predicted.get(k)) for k in names})
    return False


# --------------------------------------------------------------------------- events


def _similarity(gold: dict, predicted: dict) -> Fraction | None:
    """None when the pair is no candidate (event types differ)."""
    if not _same_label(gold.get("event_type"), predicted.get("event_type")):
        return None
    return (1 + int(_same_label(gold.get("sub_event_type"), predicted.get("sub_event_type")))
            + int(date_correct(predicted.get("event_date"), gold))
            + int(location_correct(predicted.get("location"), gold.get("location")))
            + _actor_jaccard(predicted.get("actors"), gold.get("actors")))


def pair_events(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of one document's events, most similar first; ties go to
    the earlier gold event, then the earlier prediction. (gold index, predicted index)."""
    candidates = sorted((-sim, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
                        if (sim := _similarity(g, p)) is not None)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def check_pair(gold: dict, predicted: dict) -> PairCheck:
    """The field checks of one matched pair."""
    return PairCheck(
        subtype=_same_label(gold.get("sub_event_type"), predicted.get("sub_event_type")),
        date=date_correct(predicted.get("event_date"), gold),
        location=location_correct(predicted.get("location"), gold.get("location")),
        actor_f1=actor_f1(predicted.get("actors"), gold.get("actors")),
        gold_fatalities=_number(gold.get("fatalities")),
        predicted_fatalities=_number(predicted.get("fatalities")))


# --------------------------------------------------------------------------- claims


@cache
def _civilian_names() -> tuple[str, ...]:
    """The Civilians actor's names from the actor lexicon, so a claim about civilians
    matches in any wording even where gold lists no civilian actor."""
    row = next(r for r in load_table("actors").rows if r["id"] == "civilians")
    names = [row["name"], *split_aliases(row["aliases_en"]), *split_aliases(row["aliases_ar"])]
    return tuple(n.rstrip("*") for n in names)


def _alias_map(gold_events: Iterable[dict]) -> dict[str, str]:
    """Name key -> the key of its canonical name (the first acceptable name), from the
    document's gold actors plus Civilians, which comes first."""
    civilians = [k for k in map(name_key, _civilian_names()) if k]
    aliases = dict.fromkeys(civilians, civilians[0])
    for event in gold_events:
        for keys in ([k for k in map(name_key, _names(a)) if k] for a in _as_list(event.get("actors"))):
            for k in keys:
                aliases.setdefault(k, keys[0])
    return aliases


def _as_list(value: Any) -> list:
    if isinstance(value, (str, dict)):
        return [value]
    return value if isinstance(value, list) else []


def _party(value: Any, aliases: dict[str, str]) -> str:
    """A claim's subject or claimant as a canonical key; "" for none."""
    keys = [k for k in map(name_key, _names(value)) if k]
    return next((aliases[k] for k in keys if k in aliases), keys[0] if keys else "")


def _claims(events: Iterable[dict], aliases: dict[str, str]) -> list[tuple[tuple, str, str]]:
    """((kind, value, subject), claimant, modality) for every claim of the events."""
    out = []
    for event in events:
        for c in _as_list(event.get("claims")):
            c = c if isinstance(c, dict) else {}
            triple = (_label(c.get("kind")), _integer(c.get("value")), _party(c.get("subject"), aliases))
            out.append((triple, _party(c.get("claimant"), aliases), _label(c.get("modality")) or ""))
    return out


def match_claims(gold_events: list[dict], predicted_events: list[dict]) -> ClaimMatch:
    """Pair one document's claims on equal (kind, value, subject), each used once. Where a
    triple repeats, claims that also agree on claimant and modality pair first."""
    aliases = _alias_map(gold_events)
    gold, pred = _claims(gold_events, aliases), _claims(predicted_events, aliases)
    candidates = sorted((-(gcl == pcl) - (gmod == pmod), gi, pi, gcl == pcl, gmod == pmod)
                        for gi, (gt, gcl, gmod) in enumerate(gold)
                        for pi, (pt, pcl, pmod) in enumerate(pred) if gt == pt)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    claimant = modality = both = 0
    for _, gi, pi, cl_ok, mod_ok in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        claimant += cl_ok
        modality += mod_ok
        both += cl_ok and mod_ok
    return ClaimMatch(len(gold), len(pred), len(used_gold), claimant, modality, both)


# --------------------------------------------------------------------------- documents


def _doc_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        return None
    return str(value)


def _predicted_by_doc(predicted: Iterable[dict]) -> dict[str, list[dict]]:
    """Predicted events per doc_id, in input order. A line is a document (with an
    ``events`` list) or one event with its ``doc_id``, as ``rasid extract --out`` writes."""
    by_doc: dict[str, list[dict]] = {}
    for line in predicted:
        doc = _doc_id(_get(line, "doc_id"))
        if doc is None:  # not a dict, or no doc_id: nothing to score it against
            continue
        if isinstance(line.get("events"), list) and "event_type" not in line:
            events = [e if isinstance(e, dict) else {} for e in line["events"]]
        else:
            events = [line]
        by_doc.setdefault(doc, []).extend(events)
    return by_doc


@dataclass
class _TypeCounts:
    """Per event type: display name (gold's spelling first) and [matched, predicted, gold]."""

    names: dict[str | None, str] = field(default_factory=dict)
    counts: dict[str | None, list[int]] = field(default_factory=dict)

    def add(self, event: dict, slot: int) -> None:
        raw = event.get("event_type")
        key = _label(raw)
        self.names.setdefault(key, " ".join(raw.split()) if key else "(missing)")
        self.counts.setdefault(key, [0, 0, 0])[slot] += 1

    def result(self) -> dict[str, PRF]:
        order = sorted(self.counts, key=lambda k: (k is None, self.names[k].casefold()))
        return {self.names[k]: PRF(*self.counts[k]) for k in order}


def score(gold: list[dict], predicted: list[dict]) -> Scores:
    """Score predicted events against gold documents (FORMAT.md document lines).

    ``predicted`` holds document lines or event lines (``rasid extract --out``), matched
    to gold by ``doc_id``. A gold document with no predictions counts as predicting
    nothing. Predictions for a doc_id that is not in gold (or without one) are ignored:
    the gold set decides what is scored, so scoring a subset of a larger run is fair.
    A gold document without ``events`` has none; malformed gold raises ValueError,
    malformed predictions count as wrong.
    """
    gold_docs: dict[str, list[dict]] = {}
    for doc in gold:
        doc_id = _doc_id(_get(doc, "doc_id"))
        if doc_id is None or doc_id in gold_docs:
            raise ValueError(f"gold document without a doc_id, or a repeated one: {_get(doc, 'doc_id')!r}")
        events = doc.get("events") or []
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise ValueError(f"gold document {doc_id}: events must be a list of objects")
        gold_docs[doc_id] = events
    by_doc = _predicted_by_doc(predicted)

    types = _TypeCounts()
    for events in gold_docs.values():
        for event in events:
            types.add(event, 2)
    checks: list[PairCheck] = []
    claims = ClaimMatch()
    n_pred = 0
    for doc_id, gold_events in gold_docs.items():
        pred_events = by_doc.get(doc_id, [])
        n_pred += len(pred_events)
        for event in pred_events:
            types.add(event, 1)
        for gi, pi in pair_events(gold_events, pred_events):
            types.counts[_label(gold_events[gi].get("event_type"))][0] += 1
            checks.append(check_pair(gold_events[gi], pred_events[pi]))
        claims += match_claims(gold_events, pred_events)

    n_gold = sum(map(len, gold_docs.values()))
    numbered = [c for c in checks if c.gold_fatalities is not None]
    errors = [abs(c.predicted_fatalities - c.gold_fatalities) for c in numbered
              if c.predicted_fatalities is not None]
    return Scores(
        strict=PRF(sum(c.strict for c in checks), n_pred, n_gold),
        events=PRF(len(checks), n_pred, n_gold),
        by_type=types.result(),
        claims=PRF(claims.matched, claims.predicted, claims.gold),
        documents=len(gold_docs),
        subtype_accuracy=_share(sum(c.subtype for c in checks), len(checks)),
        date_accuracy=_share(sum(c.date for c in checks), len(checks)),
        location_accuracy=_share(sum(c.location for c in checks), len(checks)),
        actor_f1=_share(sum(c.actor_f1 for c in checks), len(checks)),
        fatalities_exact=_share(sum(c.predicted_fatalities == c.gold_fatalities for c in numbered), len(numbered)),
        fatalities_mae=_share(sum(errors), len(errors)),
        fatalities_n=len(numbered),
        fatalities_missing=len(numbered) - len(errors),
        claimant_right=_share(claims.claimant_right, claims.matched),
        modality_right=_share(claims.modality_right, claims.matched),
        claimant_and_modality_right=_share(claims.both_right, claims.matched),
    )


# --------------------------------------------------------------------------- reading, report


def read_lines(path: str | PathLike[str]) -> list[dict]:
    """The objects of a JSON Lines file (blank lines skipped; a BOM is allowed). Invalid JSON
    raises json.JSONDecodeError, a line that is not an object TypeError."""
    out = []
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise TypeError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
            out.append(obj)
    return out


def _fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _prf_row(name: str, prf: PRF) -> str:
    return (f"  {name[:32]:<32}{_fmt(prf.precision):>7}{_fmt(prf.recall):>7}{_fmt(prf.f1):>7}"
            f"{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}")


def table(scores: Scores, *, by_type: bool = True) -> str:
    """The scores as a plain-text table for a terminal, the headline (strict F1) first."""
    s = scores
    header = f"{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"
    lines = [
        (f"strict F1 {_fmt(s.strict.f1)}  ({s.strict_matched} of {s.gold_events} gold events fully right, "
         f"{s.predicted_events} predicted)"),
        (f"docs {s.documents} | gold events {s.gold_events} | predicted events {s.predicted_events} | "
         f"matched {s.matched} | strict {s.strict_matched}"),
        "",
        f"{'events':<34}{header}",
        _prf_row("strict (all key fields right)", s.strict),
        _prf_row("detected (type matched)", s.events),
    ]
    if by_type:
        lines += [_prf_row(name, prf) for name, prf in s.by_type.items()]
    lines += [
        "",
        f"matched pairs (n={s.matched})",
        f"  {'sub-type accuracy':<32}{_fmt(s.subtype_accuracy):>7}",
        f"  {'date accuracy':<32}{_fmt(s.date_accuracy):>7}",
        f"  {'location accuracy':<32}{_fmt(s.location_accuracy):>7}",
        f"  {'actor F1 (mean)':<32}{_fmt(s.actor_f1):>7}",
        (f"  {'fatalities exact':<32}{_fmt(s.fatalities_exact):>7}  "
         f"(n={s.fatalities_n}, {s.fatalities_missing} missing in pred)"),
        f"  {'fatalities MAE':<32}{_fmt(s.fatalities_mae, 2):>7}",
        "",
        f"{'claims (kind, value, subject)':<34}{header}",
        _prf_row("overall", s.claims),
        f"  {'claimant right (of matched)':<32}{_fmt(s.claimant_right):>7}",
        f"  {'modality right (of matched)':<32}{_fmt(s.modality_right):>7}",
        f"  {'both right (of matched)':<32}{_fmt(s.claimant_and_modality_right):>7}",
    ]
    return "\n".join(lines)
