"""Export fused events in the formats conflict analysts already load: ACLED and UCDP CSV,
GeoJSON, Parquet, HXL-tagged CSV, JSON Lines and an Excel workbook (ACLED's columns).

Input: an iterable of store events, one dict per fused real-world event::

    {"event_id": "RSD-1A2B3C4D5E", "event_type", "sub_event_type", "event_date": "2022-01-22",
     "time_precision": 1, "date_start", "date_end",
     "actors": [{"id", "name", "name_ar", "inter"}, ...],   # 1st, 2nd = the sides; more = associates
     "location": {"place_id", "name", "name_ar", "country" (ISO2), "admin1", "admin2", "admin3",
                  "pcode", "lat", "lon", "geo_precision", "where_prec"} or None,
     "fatalities": 27, "deaths": {"low", "best", "high"}, "deaths_by_side": {name: n},
     "displaced": {"households", "individuals"}, "claims": [...], "claimed_by": [...],
     "sources": [{"doc_id", "url", "outlet", "title", "published"}], "created_at", "updated_at"}

``write_export(events, fmt, out)`` streams them to a binary stream and returns the rows
written; CSV, JSON Lines and GeoJSON go row by row, Parquet in row groups of 10,000, so an
export of millions of events needs little memory.

Mapping decisions (shared by all formats, see ``fields.py``):

* actor1/actor2 are the store's first two actors, except that civilians (inter 7) are
  never actor1 when another actor is present (ACLED codes victims as actor2). Further
  actors are associated actors of actor1 (rasid lists a side's backers after the sides).
* ACLED ``interaction``: the two inter codes, lower first (state forces 1 vs civilians 7
  -> 17); one actor -> inter*10 (20 for a rebel group alone); no actor -> empty.
* ACLED ``civilian_targeting`` = ``Civilian targeting`` for every Violence against civilians
  event, and for Explosions/Remote violence and Riots where civilians are one of the sides.
* ``event_id_cnty`` = ISO alpha-3 of the event's country + a number stable for the
  ``event_id`` (its hex part for ``RSD-<hex>`` ids, else a 64-bit BLAKE2b hash); ``XXX``
  when the event has no country. ``iso`` is the ISO numeric (M49) code.
* ``region`` is ACLED's region (``data/countries.tsv``: M49 sub-regions mapped to ACLED's
  17 regions, with ACLED's exceptions such as Iran in the Middle East).
* ``source`` = outlet display names joined by '; ' (``data/outlets.tsv``, by outlet key or
  URL host); ``source_scale`` combines the outlets' ACLED scales (``National-Regional``),
  ``Other`` for an outlet the table does not know.
* ``notes`` = one generated English sentence: date (at its precision), sub-type, actors,
  place, fatalities and who gave the figures, displacement, who claimed responsibility.
* ``timestamp`` = unix seconds of ``updated_at`` (else ``created_at``).
* ``disorder_type`` from ``data/event_types.tsv``; the two rasid extension sub-types are
  tagged ``rasid extension sub-type`` in ``tags``, and an event the sanity checks flagged
  ``rasid check: <codes>`` (``rasid.sanity``: its toll is worth a look before it is trusted);
  an event a person reviewed, ``reviewed: confirmed`` or ``reviewed: corrected`` (and
  ``rejected``). HXL, GeoJSON and Parquet carry it as ``review_status``.
* UCDP columns: see ``rasid.export.ucdp`` (type_of_violence, sides, deaths, precisions).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import import_module
from typing import Any, BinaryIO, Iterable

from rasid.errors import RasidError
from rasid.export.filters import ExportFilters, InvalidFilter, event_matches


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format: the module under ``rasid.export`` whose ``write(events, out) -> int`` writes
    it, and the file suffix and media type the CLI and the API give its files."""

    module: str
    suffix: str
    media_type: str


_CSV = "text/csv; charset=utf-8"
REGISTRY: dict[str, ExportFormat] = {
    "acled-csv": ExportFormat("acled", ".csv", _CSV),
    "ucdp-csv": ExportFormat("ucdp", ".csv", _CSV),
    "geojson": ExportFormat("geojson", ".geojson", "application/geo+json"),
    "parquet": ExportFormat("parquet", ".parquet", "application/vnd.apache.parquet"),
    "hxl-csv": ExportFormat("hxl", ".csv", _CSV),
    "jsonl": ExportFormat("jsonl", ".jsonl", "application/jsonl; charset=utf-8"),
    "xlsx": ExportFormat("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
UTF8_BOM = b"\xef\xbb\xbf"  # lets Excel read a UTF-8 CSV's Arabic instead of mojibake
FORMATS: tuple[str, ...] = tuple(REGISTRY)
FILE_SUFFIX = {name: fmt.suffix for name, fmt in REGISTRY.items()}
MEDIA_TYPE = {name: fmt.media_type for name, fmt in REGISTRY.items()}


class UnknownFormat(RasidError):
    """An export format rasid does not write; the message lists the ones it does."""

    code = "unknown_format"

    def __init__(self, fmt: str) -> None:
        close = difflib.get_close_matches(str(fmt), FORMATS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        super().__init__(f"unknown export format {fmt!r}{hint}; choose one of: {', '.join(FORMATS)}")
        self.fmt = fmt


def write_export(events: Iterable[dict[str, Any]], fmt: str, out: BinaryIO, *,
                 filters: ExportFilters | None = None, bom: bool = False) -> int:
    """Write ``events`` (those passing ``filters``) to ``out`` in format ``fmt``; return the
    number of rows (GeoJSON: features) written. ``bom`` starts a CSV with the UTF-8 byte
    order mark Excel needs. ``out`` is left open."""
    if fmt not in REGISTRY:
        raise UnknownFormat(fmt)
    writer = import_module(f"rasid.export.{REGISTRY[fmt].module}")
    if bom and REGISTRY[fmt].suffix == ".csv":
        out.write(UTF8_BOM)
    if filters is not None:
        events = (e for e in events if event_matches(e, filters))
    return writer.write(events, out)


__all__ = ["FORMATS", "FILE_SUFFIX", "MEDIA_TYPE", "REGISTRY", "UTF8_BOM", "ExportFilters", "ExportFormat",
           "InvalidFilter",
           "UnknownFormat", "event_matches", "write_export"]
