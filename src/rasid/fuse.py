"""Fusion: one event per real-world event.

Within an article (this module's first job) ACLED codes one event per type, sub-type,
place, day and actor pair, so repeated mentions merge and keep all their evidence and
claims. Fusion across articles builds on the same merge.
"""
from __future__ import annotations

from rasid.extract import set_figures
from rasid.model import Event


def event_key(event: Event) -> tuple:
    place = event.location.place_id if event.location else None
    return (event.event_type, event.sub_event_type, event.event_date, place,
            frozenset(a.id for a in event.actors))


def merge_events(events: list[Event]) -> list[Event]:
    """Merge events with the same key, in first-seen order."""
    merged: dict[tuple, Event] = {}
    for event in events:
        key = event_key(event)
        if key not in merged:
            merged[key] = event
            continue
        into = merged[key]
        into.evidence += [s for s in event.evidence if s not in into.evidence]
        into.claims += [c for c in event.claims if c not in into.claims]
        into.provenance += [p for p in event.provenance if p not in into.provenance]
        into.time_precision = min(into.time_precision or 3, event.time_precision or 3)
        into.fatalities = max(into.fatalities, event.fatalities)
        set_figures(into)
    return list(merged.values())
