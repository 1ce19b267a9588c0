"""Apache Parquet: one flat, typed row per event, written in row groups of ``BATCH_ROWS``
so memory stays bounded. Days are ``date32``, coordinates ``float64``, codes small ints,
actors' associates, sources and claimants ``list<string>``; claims and deaths by side are
JSON strings (their shape is the store's, not a table's). pyarrow is imported only here.
"""
from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO, Iterable

from rasid.export.fields import flatten, to_json

BATCH_ROWS = 10_000


def schema():
    import pyarrow as pa

    s, i8, i16, i32, i64, f64 = pa.string(), pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.float64()
    strings = pa.list_(pa.string())
    return pa.schema([
        ("event_id", s), ("event_id_cnty", s),
        ("event_date", pa.date32()), ("date_start", pa.date32()), ("date_end", pa.date32()),
        ("year", i16), ("time_precision", i8),
        ("disorder_type", s), ("event_type", s), ("sub_event_type", s),
        ("actor1", s), ("actor1_ar", s), ("inter1", i8), ("assoc_actor_1", strings),
        ("actor2", s), ("actor2_ar", s), ("inter2", i8), ("interaction", i16), ("civilian_targeting", s),
        ("claimed_by", strings),
        ("country_code", s), ("iso3", s), ("iso", i16), ("country", s), ("region", s),
        ("admin1", s), ("admin2", s), ("admin3", s), ("pcode", s), ("place_id", s),
        ("location", s), ("location_ar", s), ("latitude", f64), ("longitude", f64),
        ("geo_precision", i8), ("where_prec", i8),
        ("fatalities", i32), ("deaths_low", i32), ("deaths_best", i32), ("deaths_high", i32),
        ("deaths_by_side", s), ("displaced_households", i32), ("displaced_individuals", i32),
        ("sources", strings), ("source_scale", s), ("source_urls", strings), ("source_doc_ids", strings),
        ("claims", s), ("notes", s), ("review_status", s),
        ("created_at", pa.timestamp("s", tz="UTC")), ("updated_at", pa.timestamp("s", tz="UTC")),
        ("timestamp", i64),
    ])


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _record(event: dict[str, Any]) -> dict[str, Any]:
    rec = flatten(event)
    for key in ("event_date", "date_start", "date_end"):
        rec[key] = _day(rec[key])
    rec["claims"] = to_json(rec["claims"])
    rec["deaths_by_side"] = to_json(rec["deaths_by_side"])
    return rec


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sch = schema()
    names = sch.names
    count = 0
    with pq.ParquetWriter(out, sch, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            columns = {n: [r[n] for r in batch] for n in names}
            writer.write_table(pa.Table.from_pydict(columns, schema=sch))
            batch.clear()

        for event in events:
            batch.append(_record(event))
            count += 1
            if len(batch) >= BATCH_ROWS:
                flush()
        if batch or not count:
            flush()  # an empty export is still a valid file with the schema
    return count
