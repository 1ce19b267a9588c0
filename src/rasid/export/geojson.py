"""GeoJSON (RFC 7946): a FeatureCollection of Point features ``[longitude, latitude]`` with
flat properties, written feature by feature. Events without coordinates cannot be drawn:
they are skipped, and their number is given in the collection's foreign member
``rasid_skipped_without_coordinates`` (written last, so the output still streams).
"""
from __future__ import annotations

from typing import Any, BinaryIO, Iterable

from rasid.export.fields import flatten, to_json
from rasid.export.stream import TextSink

PROPERTIES = (
    "event_id", "event_id_cnty", "event_date", "date_start", "date_end", "time_precision",
    "disorder_type", "event_type", "sub_event_type", "actor1", "actor1_ar", "inter1", "assoc_actor_1",
    "actor2", "actor2_ar", "inter2", "interaction", "civilian_targeting", "claimed_by",
    "country_code", "iso3", "country", "region", "admin1", "admin2", "admin3", "pcode", "place_id",
    "location", "location_ar", "geo_precision", "where_prec", "fatalities", "deaths_low",
    "deaths_best", "deaths_high", "displaced_households", "displaced_individuals", "sources",
    "source_scale", "source_urls", "notes", "review_status", "timestamp",
)
LIST_PROPERTIES = frozenset({"assoc_actor_1", "claimed_by", "sources", "source_urls"})
SKIPPED_MEMBER = "rasid_skipped_without_coordinates"


def feature(rec: dict[str, Any]) -> dict[str, Any]:
    props = {k: ("; ".join(rec[k]) if k in LIST_PROPERTIES else rec[k]) for k in PROPERTIES}
    return {"type": "Feature", "id": rec["event_id"],
            "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
            "properties": props}


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    sink = TextSink(out)
    sink.write('{"type":"FeatureCollection","features":[')
    written = skipped = 0
    for event in events:
        rec = flatten(event)
        if rec["latitude"] is None:
            skipped += 1
            continue
        sink.write(("\n" if not written else ",\n") + to_json(feature(rec)))
        written += 1
    sink.write(f'\n],"{SKIPPED_MEMBER}":{skipped}}}\n')
    sink.flush()
    return written
