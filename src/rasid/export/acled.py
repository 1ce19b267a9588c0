"""ACLED-style CSV: ACLED's 31 columns, in ACLED's order, one row per event.

Mappings (see ``rasid.export`` for the full list): ``event_id_cnty`` is the ISO alpha-3
code and a stable number from ``event_id``; ``iso`` the ISO numeric (M49) code; inter
codes and ``interaction`` numeric (lower code first, a lone actor -> inter*10); associated
actors (the store's third and later actors, backers in rasid's order) go to
``assoc_actor_1``; actors follow ACLED's conventions (``rasid.export.fields.sides``: Civilians
are actor2 in violence against civilians, a battle's missing side and an unnamed perpetrator
are ``Unidentified Armed Group (<Country>)``); ``source`` is the outlets' display names joined by '; '.
"""
from __future__ import annotations

from typing import Any, BinaryIO, Iterable, Iterator

from rasid.export.fields import flatten
from rasid.export.stream import write_csv

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)


def row(event: dict[str, Any]) -> list[Any]:
    r = flatten(event)
    return [
        r["event_id_cnty"], r["event_date"], r["year"], r["time_precision"], r["disorder_type"],
        r["event_type"], r["sub_event_type"], r["actor1"], r["assoc_actor_1"], r["inter1"],
        r["actor2"], r["assoc_actor_2"], r["inter2"], r["interaction"], r["civilian_targeting"], r["iso"],
        r["region"], r["country"], r["admin1"], r["admin2"], r["admin3"], r["location"],
        r["latitude"], r["longitude"], r["geo_precision"], r["sources"], r["source_scale"],
        r["notes"], r["fatalities"], r["tags"], r["timestamp"],
    ]


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    rows: Iterator[list[Any]] = (row(e) for e in events)
    return write_csv(out, [COLUMNS], rows)
