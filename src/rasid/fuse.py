"""Fusion: one event per real-world event.

Within an article (this module's first job) ACLED codes one event per type, sub-type,
place, day and actor pair, so repeated mentions merge and keep all their evidence and
claims. A mention that names fewer actors (or none: "the clashes continue") is the same
event as one naming more, when type, sub-type, day and place agree. Fusion across
articles builds on the same merge.
"""
from __future__ import annotations

import math

from rasid.extract import set_figures
from rasid.model import Event, Location

SAME_PLACE_KM = 5.0
EARTH_RADIUS_KM = 6371.0088


def same_event(a: Event, b: Event) -> bool:
    """Same type, sub-type, day and place, and one's actors are among the other's."""
    if (a.event_type, a.sub_event_type, a.event_date) != (b.event_type, b.sub_event_type, b.event_date):
        return False
    if not _same_place(a.location, b.location):
        return False
    ids_a, ids_b = {x.id for x in a.actors}, {x.id for x in b.actors}
    return ids_a <= ids_b or ids_b <= ids_a


def _same_place(a: Location | None, b: Location | None) -> bool:
    """The same gazetteer place, or two points a neighbourhood apart (the prison and its district)."""
    if a is None or b is None:
        return a is b
    if a.place_id == b.place_id:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def merge_into(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: evidence, claims and provenance are kept, none lost."""
    if len(other.actors) > len(into.actors):
        into.actors = other.actors
    into.evidence += [s for s in other.evidence if s not in into.evidence]
    into.claims += [c for c in other.claims if c not in into.claims]
    into.provenance += [p for p in other.provenance if p not in into.provenance]
    into.field_evidence += [f for f in other.field_evidence if f not in into.field_evidence]
    into.claimed_by += [p for p in other.claimed_by if p not in into.claimed_by]
    into.time_precision = min(into.time_precision or 3, other.time_precision or 3)
    into.fatalities = max(into.fatalities, other.fatalities)
    set_figures(into)


def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event, in first-seen order; drop events no actor was found for."""
    merged: list[Event] = []
    by_kind_and_day: dict[tuple, list[Event]] = {}  # only these can be the same event
    for event in events:
        bucket = by_kind_and_day.setdefault((event.event_type, event.sub_event_type, event.event_date), [])
        target = next((m for m in bucket if same_event(m, event)), None)
        if target is None:
            merged.append(event)
            bucket.append(event)
        else:
            merge_into(target, event)
    return [e for e in merged if e.actors]
