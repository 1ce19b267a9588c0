"""HXL-tagged CSV (Humanitarian Exchange Language): a header row, then a row of HXL
hashtags, then one row per event, so HDX tools and the HXL Proxy can read and join it.

Hashtags follow ACLED's own HXL files on HDX where ACLED has the column (#event+code,
#date+occurred, #group+name+first, #adm1+name, #geo+lat, #affected+killed, #meta+source...);
Arabic names carry the language attribute ``+i_ar``; country codes say their vocabulary
(``+v_iso2``, ``+v_iso3``, ``+v_m49``). Every ``#date`` column holds dates (the coding
precision is ``#meta+date+precision``, the update time an ISO timestamp), and P-codes sit in
the column of their level (``#adm1+code``..``#adm3+code``, ``#loc+code`` for a locality's),
so the file passes libhxl's validation (tests/test_export.py).
"""
from __future__ import annotations

import re
from typing import Any, BinaryIO, Iterable

from rasid.export.fields import flatten
from rasid.export.stream import write_csv

# (header, hashtag, key in the flat record)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id", "#event+id", "event_id"),
    ("event_id_cnty", "#event+code", "event_id_cnty"),
    ("event_date", "#date+occurred", "event_date"),
    ("date_start", "#date+start", "date_start"),
    ("date_end", "#date+end", "date_end"),
    ("time_precision", "#meta+date+precision", "time_precision"),
    ("disorder_type", "#event+type+disorder", "disorder_type"),
    ("event_type", "#event+type", "event_type"),
    ("sub_event_type", "#event+subtype", "sub_event_type"),
    ("actor1", "#group+name+first", "actor1"),
    ("actor1_ar", "#group+name+first+i_ar", "actor1_ar"),
    ("assoc_actor_1", "#group+name+first+assoc", "assoc_actor_1"),
    ("inter1", "#group+code+first", "inter1"),
    ("actor2", "#group+name+second", "actor2"),
    ("actor2_ar", "#group+name+second+i_ar", "actor2_ar"),
    ("assoc_actor_2", "#group+name+second+assoc", "assoc_actor_2"),
    ("inter2", "#group+code+second", "inter2"),
    ("interaction", "#group+code+interaction", "interaction"),
    ("civilian_targeting", "#event+civilian_targeting", "civilian_targeting"),
    ("claimed_by", "#group+name+claimed", "claimed_by"),
    ("country", "#country+name", "country"),
    ("country_ar", "#country+name+i_ar", "country_ar"),
    ("country_code", "#country+code+v_iso2", "country_code"),
    ("iso3", "#country+code+v_iso3", "iso3"),
    ("iso", "#country+code+v_m49", "iso"),
    ("region", "#region+name", "region"),
    ("admin1", "#adm1+name", "admin1"),
    ("admin2", "#adm2+name", "admin2"),
    ("admin3", "#adm3+name", "admin3"),
    ("admin1_pcode", "#adm1+code", "pcode_admin1"),
    ("admin2_pcode", "#adm2+code", "pcode_admin2"),
    ("admin3_pcode", "#adm3+code", "pcode_admin3"),
    ("location_pcode", "#loc+code", "pcode_locality"),
    ("location", "#loc+name", "location"),
    ("location_ar", "#loc+name+i_ar", "location_ar"),
    ("latitude", "#geo+lat", "latitude"),
    ("longitude", "#geo+lon", "longitude"),
    ("geo_precision", "#geo+precision", "geo_precision"),
    ("fatalities", "#affected+killed", "fatalities"),
    ("deaths_low", "#affected+killed+min", "deaths_low"),
    ("deaths_best", "#affected+killed+best", "deaths_best"),
    ("deaths_high", "#affected+killed+max", "deaths_high"),
    ("displaced_households", "#affected+idps+households", "displaced_households"),
    ("displaced_individuals", "#affected+idps+ind", "displaced_individuals"),
    ("source", "#meta+source", "sources"),
    ("source_scale", "#meta+source+scale", "source_scale"),
    ("source_url", "#meta+url", "source_urls"),
    ("notes", "#description", "notes"),
    ("flags", "#meta+flags", "flags"),
    ("review_status", "#status+review", "review_status"),
    ("updated", "#date+updated", "updated"),
)

# HXL 1.1: '#' tag, then '+' attributes; each a letter then letters, digits or underscores.
HASHTAG = re.compile(r"#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*")


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    headers = [c[0] for c in COLUMNS]
    tags = [c[1] for c in COLUMNS]
    keys = [c[2] for c in COLUMNS]

    def rows():
        for event in events:
            rec = flatten(event)
            yield [rec[k] for k in keys]

    return write_csv(out, [headers, tags], rows())
