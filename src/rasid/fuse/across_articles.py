"""Fusion across articles: ten outlets reporting one battle make one event.

Each article's events (its *sources*, in FORMAT.md form) are matched against the events
already known. A source joins an event only when nothing speaks against it: the same
type and sub-type (a clash may join the take-over it was fought for), the same or an
adjacent day (adjacent only when a day is loosely known or the same two sides fight),
places in the same town or at most ``NEAR_KM`` apart, and at least one actor in common
when both name actors. Among the events that pass, the best score wins;
the score and its reasons are kept for audit (``rasid fuse --explain``).

An event's fields are derived from all its sources (``fused_fields``):
- type, sub-type, day and actors: the most common among the sources (ties: the first);
- place: the most precise one (ties: the most common);
- ``fatalities``: ACLED's rule, the lowest figure any source reports (0 if none does);
- UCDP ``deaths``: low = the lowest source total, high = the highest, best = the median
  of the totals of the sources whose figures are asserted (not alleged or denied);
- ``deaths_by_side``: per group, the median of the sources' lowest figures for it;
- displacement: the largest figure; claims and responsibility claims: all of them;
- ``flags``: the sanity checks' findings (``rasid.sanity``), the sources' and the event's own.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from rasid.fuse.compare import same_kind
from rasid.recognise.gazetteer import haversine_km
from rasid.sanity import fused_flags

NEAR_KM = 10.0  # the bound: the same neighbourhood or town, or this far at most
MAX_DAYS_APART = 1


@dataclass(frozen=True, slots=True)
class Match:
    """Why a source may join an event: its score (higher is better) and what it rests on
    (put in words only when asked: fusion weighs thousands of matches and keeps a few)."""

    score: float
    kinds: tuple[str, str, str]  # event type, the source's sub-type, the event's
    days: int
    km: float
    actors_shared: int
    actors_named: int

    @property
    def reasons(self) -> tuple[str, ...]:
        event_type, mine, theirs = self.kinds
        return (
            f"{event_type} / {mine}" + ("" if mine == theirs else f" ~ {theirs}"),
            "same day" if self.days == 0 else f"{self.days} day apart",
            "same place" if self.km == 0 else f"{self.km:.1f} km apart",
            f"actors shared {self.actors_shared} of {self.actors_named}" if self.actors_named else "no actors named",
        )

    def explain(self) -> str:
        return f"score {self.score:.2f}: " + "; ".join(self.reasons)


def match(source: dict[str, Any], event: dict[str, Any]) -> Match | None:
    """Whether a source (FORMAT.md event) may be the same real-world event as a known
    event (same form), and how well they agree; None when anything speaks against it."""
    if source["event_type"] != event["event_type"] or not same_kind(source["sub_event_type"], event["sub_event_type"]):
        return None
    days = _days_apart(source.get("event_date"), event.get("event_date"))
    if days is None or days > MAX_DAYS_APART:
        return None
    km = _km_apart(source.get("location"), event.get("location"))
    if km is None or km > NEAR_KM:
        return None
    mine, theirs = _actor_ids(source), _actor_ids(event)
    if mine and theirs and not mine & theirs:
        return None
    if days and not _loosely_dated(source, event) and len(mine & theirs) < 2:
        return None  # a day apart, each dated to the day: only the same two sides make it one event
    both, named = len(mine & theirs), len(mine | theirs)
    shared = both / named if named else 0.0
    same_sub_type = source["sub_event_type"] == event["sub_event_type"]
    score = (1.0 if same_sub_type else 0.5) + (1.0 if days == 0 else 0.5) + (1 - km / NEAR_KM) + shared
    return Match(round(score, 3), (source["event_type"], source["sub_event_type"], event["sub_event_type"]),
                 days, km, both, named)


def _loosely_dated(*events: dict[str, Any]) -> bool:
    """Whether either day is only known to the week or month (ACLED time_precision 2 or 3)."""
    return any((e.get("time_precision") or 1) > 1 for e in events)


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def _km_apart(a: dict | None, b: dict | None) -> float | None:
    """0 for the same gazetteer place, else the distance between the points; None when unknown."""
    if not a or not b:
        return None
    if a.get("place_id") and a.get("place_id") == b.get("place_id"):
        return 0.0
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return None
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _actor_ids(event: dict[str, Any]) -> set[str]:
    return {a.get("id") or a.get("name") for a in event.get("actors") or []}


def fused_fields(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """An event's fields from all its sources (FORMAT.md events, oldest first)."""
    if not sources:
        raise ValueError("an event needs at least one source")
    sub_type = _most_common([s["sub_event_type"] for s in sources])
    day = _most_common([s["event_date"] for s in sources if s.get("event_date")]) if any(
        s.get("event_date") for s in sources) else None
    placed = [s["location"] for s in sources if s.get("location")]
    location = None
    if placed:
        counts = Counter(p.get("place_id") for p in placed)
        location = min(placed, key=lambda p: (p.get("geo_precision") or 9, -counts[p.get("place_id")]))
    days = sorted(s["event_date"] for s in sources if s.get("event_date"))
    totals = [s.get("fatalities") or 0 for s in sources if _reports_deaths(s)]
    asserted = [s.get("fatalities") or 0 for s in sources if _reports_deaths(s) and _asserted(s)]
    fields = {
        "event_type": next(s["event_type"] for s in sources if s["sub_event_type"] == sub_type),
        "sub_event_type": sub_type,
        "event_date": day,
        "date_start": days[0] if days else None,
        "date_end": days[-1] if days else None,
        "time_precision": min((s.get("time_precision") or 3 for s in sources if s.get("event_date") == day), default=None),
        "location": location,
        "actors": _actors(sources),
        "fatalities": min(totals) if totals else 0,
        "deaths": {"low": min(totals) if totals else None,
                   "best": round(median(asserted or totals)) if totals else None,
                   "high": max(totals) if totals else None},
        "deaths_by_side": _deaths_by_side(sources),
        "displaced": {kind: max((s["displaced"][kind] for s in sources if (s.get("displaced") or {}).get(kind)),
                                default=None) for kind in ("households", "individuals")},
        "claimed_by": list(dict.fromkeys(p for s in sources for p in s.get("claimed_by") or [])),
    }
    return fields | {"flags": fused_flags(sources, fields)}


def _most_common(values: list) -> Any:
    counts = Counter(values)
    return max(values, key=lambda v: counts[v])  # max keeps the first of equals


def _actors(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every actor the sources name, the most often named first."""
    seen: dict[str, dict] = {}
    counts: Counter[str] = Counter()
    for s in sources:
        for a in s.get("actors") or []:
            key = a.get("id") or a.get("name")
            seen.setdefault(key, a)
            counts[key] += 1
    return sorted(seen.values(), key=lambda a: -counts[a.get("id") or a.get("name")])


def _reports_deaths(source: dict[str, Any]) -> bool:
    return (source.get("fatalities") or 0) > 0


def _asserted(source: dict[str, Any]) -> bool:
    return all(c["modality"] == "asserted" for c in source.get("claims") or [] if c["kind"] == "killed")


def _deaths_by_side(sources: list[dict[str, Any]]) -> dict[str, int]:
    per_side: dict[str, list[int]] = {}
    for s in sources:
        lowest: dict[str, int] = {}
        for c in s.get("claims") or []:
            if c["kind"] == "killed" and c.get("subject") and c["modality"] != "denied":
                lowest[c["subject"]] = min(c["value"], lowest.get(c["subject"], c["value"]))
        for side, value in lowest.items():
            per_side.setdefault(side, []).append(value)
    return {side: round(median(values)) for side, values in per_side.items()}
