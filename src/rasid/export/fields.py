"""The values every export format derives from a store event, computed in one place.

``flatten(event)`` turns one store event (the dict the store yields, see ``rasid.export``)
into a flat record of plain Python values; each format picks and spells its columns from
it, so ACLED, UCDP, HXL, GeoJSON and Parquet never disagree about an actor, a country or
a figure. Nothing here keeps per-event state: the only caches are the packaged tables.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from datetime import date, datetime, timezone
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from rasid.lexicon import load_table, split_aliases
from rasid.normalise import normalise_key

CIVILIANS = 7
STATE_INTERS = frozenset({1, 8})  # state forces, and external forces (foreign militaries, state coalitions)
UNKNOWN_ISO3 = "XXX"  # ISO 3166 user-assigned range: no country known
SOURCE_SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")
CIVILIAN_TARGETING = "Civilian targeting"
EXTENSION_SUB_TYPES = frozenset({"Population displacement", "Curfew or movement restriction"})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_RSD_ID = re.compile(r"RSD-([0-9A-Fa-f]{1,16})")


class Country(NamedTuple):
    iso2: str
    iso3: str
    m49: int | None
    name: str
    name_ar: str
    acled_region: str
    ucdp_region: str
    gwno: int | None  # Gleditsch-Ward code, as UCDP's country_id


class Outlet(NamedTuple):
    name: str
    country: str
    scale: str


@cache
def countries() -> dict[str, Country]:
    """countries.tsv keyed by alpha-2 and alpha-3 (upper case)."""
    table: dict[str, Country] = {}
    for row in load_table("countries").rows:
        c = Country(row["iso2"], row["iso3"], int(row["m49"]) if row["m49"] else None, row["name"],
                    row["name_ar"], row["acled_region"], row["ucdp_region"],
                    int(row["gwno"]) if row.get("gwno") else None)
        table[c.iso2.upper()] = c
        table[c.iso3.upper()] = c
    return table


@cache
def _countries_by_name() -> dict[str, Country]:
    """Countries by name, normalised: countries.tsv's English and Arabic names (short and UN
    forms) and the Arabic aliases of the gazetteer's country rows (سورية beside سوريا)."""
    by_code = countries()
    named: dict[str, Country] = {}
    for row in load_table("countries").rows:
        for name in (row["name"], row["name_ar"], row["name_un"], row["name_ar_un"]):
            if name:
                named.setdefault(name_key(name), by_code[row["iso2"].upper()])
    for row in load_table("gazetteer").rows:
        if row["kind"] == "country" and row["country"].upper() in by_code:
            for name in (row["name"], row["name_ar"], *split_aliases(row["aliases_ar"])):
                named.setdefault(name_key(name), by_code[row["country"].upper()])
    return named


def name_key(name: str) -> str:
    return normalise_key(name).casefold()


def country(code_or_name: str | None) -> Country | None:
    """A country by ISO alpha-2 or alpha-3 code, or by its English or Arabic name."""
    if not code_or_name or not code_or_name.strip():
        return None
    return countries().get(code_or_name.strip().upper()) or _countries_by_name().get(name_key(code_or_name))


def closest_countries(value: str, n: int = 3) -> list[str]:
    """The country names nearest a mistyped one, for an error message."""
    names = {c.name: c for c in countries().values()}
    return difflib.get_close_matches(value.strip(), list(names), n=n, cutoff=0.6)


@cache
def _outlets() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for row in load_table("outlets").rows:
        outlet = Outlet(row["name"], row["country"], row["source_scale"] or "Other")
        by_name[row["key"].casefold()] = outlet
        by_name[row["name"].casefold()] = outlet
        for domain in split_aliases(row["domains"]):
            by_domain[domain.casefold()] = outlet
    return by_name, by_domain


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def outlet(source: dict) -> Outlet:
    """The outlet of a source: by its key or name, else by its URL's host (or a parent domain).
    An outlet outlets.tsv does not list keeps its own name (or host) and scale ``Other``."""
    by_name, by_domain = _outlets()
    key = (source.get("outlet") or "").strip()
    if key and (hit := by_name.get(key.casefold())):
        return hit
    host = _host(source.get("url"))
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if hit := by_domain.get(".".join(labels[i:])):
            return hit
    return Outlet(key or host, "", "Other")


@cache
def _event_types() -> dict[tuple[str, str], tuple[str, bool]]:
    return {(r["event_type"], r["sub_event_type"]): (r["disorder_type"], r["violent"] == "yes")
            for r in load_table("event_types").rows}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return _event_types().get((event_type, sub_event_type), ("", False))[0]


def is_violent(event_type: str, sub_event_type: str) -> bool:
    """Whether the sub-type counts fatalities (event_types.tsv ``violent``)."""
    return _event_types().get((event_type, sub_event_type), ("", False))[1]


def to_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def to_float(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Sides(NamedTuple):
    """An event's two sides as ACLED codes them, and each side's associated actors."""

    actor1: dict | None
    actor2: dict | None
    assoc1: list[dict]
    assoc2: list[dict]


@cache
def _actor_records() -> dict[str, dict]:
    return {r["id"]: r for r in load_table("actors").rows}


@cache
def _generic_actors() -> dict[str, dict]:
    """actors.tsv's generic actors (Civilians, Unidentified Armed Group, Protesters, Rioters...)
    by id, in the store's actor form."""
    return {r["id"]: {"id": r["id"], "name": r["name"], "name_ar": split_aliases(r["aliases_ar"])[0],
                      "inter": int(r["inter"])}
            for r in _actor_records().values() if r["kind"] == "generic"}


def actor_record(actor: dict | None) -> dict:
    """The actor dictionary's row for a store actor (by id), or {} for an actor it does not list."""
    return _actor_records().get(str((actor or {}).get("id") or ""), {})


@cache
def civilian_names() -> frozenset[str]:
    """Every name the actor dictionary gives civilians (case-folded), to count their deaths."""
    row = _actor_records()["civilians"]
    return frozenset(n.casefold() for n in [row["name"], *split_aliases(row["aliases_ar"]),
                                           *split_aliases(row["aliases_en"])])


def generic_actor(actor_id: str) -> dict:
    """A generic actor of actors.tsv (civilians, unidentified, protesters, rioters) in the store's actor form."""
    return _generic_actors()[actor_id]


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(k.casefold() for g in _generic_actors().values() for k in (g["id"], g["name"]))


def is_generic(actor: dict | None) -> bool:
    return bool(actor) and any(str(actor.get(k) or "").casefold() in _generic_keys() for k in ("id", "name"))


# ACLED's coding rules for a side the text leaves unnamed: the generic actor that stands in.
_STAND_IN = {"Protests": "protesters", "Riots": "rioters", "Battles": "unidentified",
             "Explosions/Remote violence": "unidentified", "Violence against civilians": "unidentified"}


def sides(actors: list[dict] | None, event_type: str = "") -> Sides:
    """actor1, actor2 and their associated actors, by ACLED's conventions:

    * civilians are never actor1 when another actor is present (victims are actor2);
    * in Violence against civilians actor2 is always Civilians (a named non-civilian
      second actor becomes actor2's associate);
    * a battle has two sides: a missing one is ``Unidentified Armed Group``;
    * every political-violence and demonstration event has an actor1: the unidentified
      armed group, protesters or rioters when the text names none.

    The rest follow the store's order; actors after the first two are actor1's associates
    (rasid lists a side's backers after the sides)."""
    acts = [a for a in (actors or []) if a and (a.get("name") or a.get("name_ar"))]
    a1 = acts[0] if acts else None
    a2 = acts[1] if len(acts) > 1 else None
    assoc1, assoc2 = acts[2:], []
    if a1 and to_int(a1.get("inter")) == CIVILIANS:
        if a2 is not None and to_int(a2.get("inter")) != CIVILIANS or a2 is None and event_type in _STAND_IN:
            a1, a2 = a2, a1
    generic = _generic_actors()
    if event_type == "Violence against civilians" and (a2 is None or to_int(a2.get("inter")) != CIVILIANS):
        if a2 is not None:
            assoc2.append(a2)
        a2 = generic["civilians"]
    if a1 is None and event_type in _STAND_IN:
        a1 = generic[_STAND_IN[event_type]]
    if a2 is None and event_type == "Battles":
        a2 = generic["unidentified"]
    return Sides(a1, a2, assoc1, assoc2)


def actor_name(actor: dict | None, country_name: str = "") -> str:
    """An actor's English name (Arabic when it has none); generic actors carry the event's
    country as ACLED writes them: ``Civilians (Syria)``."""
    if not actor:
        return ""
    name = actor.get("name") or actor.get("name_ar") or ""
    return f"{name} ({country_name})" if country_name and is_generic(actor) else name


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (1 and 7 -> 17); one actor -> inter*10."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


def civilian_targeting(event_type: str, inter1: int | None, inter2: int | None) -> str:
    """ACLED's civilian_targeting: every Violence against civilians event, and explosions or
    riots where civilians (inter 7) are one of the two sides."""
    if event_type == "Violence against civilians":
        return CIVILIAN_TARGETING
    if event_type in ("Explosions/Remote violence", "Riots") and CIVILIANS in (inter1, inter2):
        return CIVILIAN_TARGETING
    return ""


def event_number(event_id: str) -> int:
    """A stable number for an event id: the hex of an ``RSD-<hex>`` id read as a number (so
    distinct ids never collide), else the first 8 bytes of its BLAKE2b hash."""
    m = _RSD_ID.fullmatch(event_id)
    if m:
        return int(m[1], 16)
    return int.from_bytes(hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest(), "big")


def parse_time(value: Any) -> datetime | None:
    """An ISO timestamp as an aware datetime (naive ones are taken as UTC)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def iso_day(value: Any) -> str:
    """A day as ``YYYY-MM-DD`` ('' when absent)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10] if value else ""


def _date_phrase(day: str, precision: int | None) -> str:
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return "On an unknown date"
    if precision == 3:
        return f"In {_MONTHS[d.month - 1]} {d.year}"
    text = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"In the week of {text}" if precision == 2 else f"On {text}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unique(values) -> list:
    """The values that are set, each once, in their first order."""
    seen: dict = {}
    for v in values:
        if v not in (None, "") and v not in seen:
            seen[v] = None
    return list(seen)


def notes(rec: dict[str, Any]) -> str:
    """A short factual English sentence from the coded fields: when, what, who, where, how
    many died and who gave the figures, displacement, and who claimed the attack."""
    parts = [f"{_date_phrase(rec['event_date'], rec['time_precision'])}: {rec['sub_event_type'] or rec['event_type']}"]
    actors = unique([rec["actor1"], rec["actor2"]])
    if actors:
        parts.append(f" involving {_and(actors)}")
    if rec["assoc_actor_1"]:
        parts.append(f" (with {_and(rec['assoc_actor_1'])})")
    place = unique([rec["location"], rec["admin1"], rec["country"]])
    if place:
        parts.append(f" in {', '.join(place)}")
    fatalities = rec["fatalities"] or 0
    if fatalities or is_violent(rec["event_type"], rec["sub_event_type"]):
        parts.append(f"; {fatalities} {'fatality' if fatalities == 1 else 'fatalities'}")
        claimants = unique(c.get("claimant") or "the report" for c in rec["claims"]
                            if c.get("kind") == "killed" and c.get("modality") != "denied")
        if fatalities and claimants:
            parts.append(f" (figures from {_and(claimants)})")
    households, individuals = rec["displaced_households"], rec["displaced_individuals"]
    if households or individuals:
        shown = [f"{households} households" if households else "", f"{individuals} people" if individuals else ""]
        parts.append(f"; {' ('.join(s for s in shown if s)}{')' if households and individuals else ''} displaced")
    parts.append(".")
    if rec["claimed_by"]:
        parts.append(f" {_and(rec['claimed_by'])} claimed responsibility.")
    return "".join(parts)


@cache
def _admin_areas() -> dict[str, dict]:
    """The gazetteer's admin areas (admin1-3) by row id."""
    return {r["id"]: r for r in load_table("gazetteer").rows if r["kind"] in ("admin1", "admin2", "admin3")}


@cache
def _admin_by_pcode() -> dict[str, dict]:
    return {r["pcode"]: r for r in _admin_areas().values() if r["pcode"]}


def admin_pcodes(pcode: str) -> dict[str, str]:
    """A place's P-code split by level: ``{"admin1": "SY08", "admin2": "SY0800", ...}`` for an
    admin area's P-code and its parents' (from the gazetteer), ``{"locality": code}`` for a
    P-code of a place below admin level, so no column mixes levels."""
    area = _admin_by_pcode().get(pcode) if pcode else None
    if area is None:
        return {"locality": pcode} if pcode else {}
    levels: dict[str, str] = {}
    while area is not None and area["kind"] not in levels:
        levels[area["kind"]] = area["pcode"]
        area = _admin_areas().get(area["parent"])
    return levels


def source_scale(scales: list[str]) -> str:
    """ACLED's combined scale of an event's sources, e.g. ``National-Regional``."""
    present = set(scales)
    return "-".join(s for s in SOURCE_SCALE_ORDER if s in present) or ("Other" if scales else "")


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One store event as a flat record of plain values (lists stay lists; None = unknown)."""
    event_id = str(event.get("event_id") or "")
    event_type = event.get("event_type") or ""
    sub_event_type = event.get("sub_event_type") or ""
    event_date = iso_day(event.get("event_date"))
    loc = event.get("location") or {}
    cty = country(loc.get("country"))
    a1, a2, assoc1, assoc2 = sides(event.get("actors"), event_type)
    inter1 = to_int(a1.get("inter")) if a1 else None
    inter2 = to_int(a2.get("inter")) if a2 else None
    cty_name = cty.name if cty else ""
    lat, lon = to_float(loc.get("lat")), to_float(loc.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    deaths = event.get("deaths") or {}
    displaced = event.get("displaced") or {}
    srcs = [s for s in (event.get("sources") or []) if s]
    outlets = [outlet(s) for s in srcs]
    updated = parse_time(event.get("updated_at")) or parse_time(event.get("created_at"))
    pcodes = admin_pcodes(loc.get("pcode") or "")
    flags = unique(f.get("code") for f in event.get("flags") or [])
    review_status = (event.get("review") or {}).get("status") or "machine"
    rec: dict[str, Any] = {
        "event_id": event_id,
        "event_id_cnty": f"{cty.iso3 if cty else UNKNOWN_ISO3}{event_number(event_id)}",
        "event_date": event_date,
        "date_start": iso_day(event.get("date_start")) or event_date,
        "date_end": iso_day(event.get("date_end")) or event_date,
        "year": int(event_date[:4]) if event_date[:4].isdigit() else None,
        "time_precision": to_int(event.get("time_precision")),
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor_name(a1, cty_name),
        "actor1_ar": (a1.get("name_ar") or "") if a1 else "",
        "inter1": inter1,
        "assoc_actor_1": unique(actor_name(a, cty_name) for a in assoc1),
        "actor2": actor_name(a2, cty_name),
        "actor2_ar": (a2.get("name_ar") or "") if a2 else "",
        "inter2": inter2,
        "assoc_actor_2": unique(actor_name(a, cty_name) for a in assoc2),
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(event_type, inter1, inter2),
        "country_code": cty.iso2 if cty else (loc.get("country") or ""),
        "iso3": cty.iso3 if cty else "",
        "iso": cty.m49 if cty else None,
        "gwno": cty.gwno if cty else None,
        "country": cty.name if cty else "",
        "country_ar": cty.name_ar if cty else "",
        "region": cty.acled_region if cty else "",
        "ucdp_region": cty.ucdp_region if cty else "",
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "pcode": loc.get("pcode") or "",
        **{f"pcode_{level}": pcodes.get(level, "") for level in ("admin1", "admin2", "admin3", "locality")},
        "place_id": loc.get("place_id") or "",
        "location": loc.get("name") or loc.get("name_ar") or "",
        "location_ar": loc.get("name_ar") or "",
        "latitude": lat,
        "longitude": lon,
        "geo_precision": to_int(loc.get("geo_precision")),
        "where_prec": to_int(loc.get("where_prec")),
        "fatalities": to_int(event.get("fatalities")) or 0,
        "deaths_low": to_int(deaths.get("low")),
        "deaths_best": to_int(deaths.get("best")),
        "deaths_high": to_int(deaths.get("high")),
        "deaths_by_side": dict(event.get("deaths_by_side") or {}),
        "displaced_households": to_int(displaced.get("households")),
        "displaced_individuals": to_int(displaced.get("individuals")),
        "claimed_by": unique(event.get("claimed_by") or []),
        "claims": list(event.get("claims") or []),
        "sources": unique(o.name for o in outlets),
        "source_scale": source_scale([o.scale for o in outlets]),
        "source_urls": [s.get("url") or "" for s in srcs],
        "source_doc_ids": [str(s.get("doc_id") or "") for s in srcs],
        "source_titles": [s.get("title") or "" for s in srcs],
        "source_published": [iso_day(s.get("published")) for s in srcs],
        "source_outlets": [o.name for o in outlets],
        "tags": "; ".join(["rasid extension sub-type"] * (sub_event_type in EXTENSION_SUB_TYPES)
                          + [f"rasid check: {', '.join(flags)}"] * bool(flags)
                          + [f"reviewed: {review_status}"] * (review_status != "machine")),
        "review_status": review_status,
        "flags": flags,
        "created_at": parse_time(event.get("created_at")),
        "updated_at": parse_time(event.get("updated_at")),
        "timestamp": int(updated.timestamp()) if updated else None,
        "updated": updated.isoformat(timespec="seconds") if updated else "",
    }
    rec["notes"] = notes(rec)
    return rec


def json_default(value: Any) -> Any:
    """JSON for the non-JSON values a store may hand over (dates, datetimes, tuples, sets)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default, separators=(",", ":"))
