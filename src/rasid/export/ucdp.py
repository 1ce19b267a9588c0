"""UCDP GED CSV: the 49 columns of UCDP's Georeferenced Event Dataset, in GED's order and
names, one row per event of organised violence with at least one death.

GED codes only organised violence that killed someone, so the file holds Battles,
Explosions/Remote violence and Violence against civilians events whose ``best`` or
``high`` estimate is at least 1; other events are left out (``write`` returns the rows
written). Mappings:

* ``id`` the stable event number (as in ACLED's ``event_id_cnty``); ``relid`` rasid's ``event_id``;
  ``code_status`` ``Clear``.
* ``type_of_violence``: 3 (one-sided) for Violence against civilians, or when civilians are a
  side; else 1 (state-based) when a side is a state actor (ACLED inter 1, or 8: foreign
  militaries and state coalitions); else 2 (non-state).
* Sides follow ACLED's conventions (``rasid.export.fields.sides``: an unnamed perpetrator or
  a battle's missing side is the Unidentified Armed Group, as is the unnamed target of a strike),
  then UCDP's order: ``side_a`` the
  state in state-based violence and the perpetrator in one-sided violence, ``side_b`` the
  other (``Civilians`` in one-sided violence). A state actor is written under its UCDP name
  (``Government of Syria``, actors.tsv ``ucdp_name``), with its UCDP actor id in
  ``side_a_dset_id``/``side_a_new_id`` and its country's Gleditsch-Ward code in ``gwnoa``/``gwnob``.
* ``conflict_name`` and ``dyad_name`` are the dyad ``side_a - side_b``; UCDP's conflict and dyad
  ids and ``active_year`` (UCDP's yearly 25-death threshold per dyad) stay empty: rasid
  does not know UCDP's conflicts.
* ``country_id`` is the country's Gleditsch-Ward code (countries.tsv ``gwno``); ``region`` UCDP's region.
* ``priogrid_gid`` the PRIO-GRID 0.5-degree cell of the point; ``geom_wkt`` ``POINT (lon lat)``.
* ``event_clarity`` 1 when the day is known (ACLED time_precision 1), else 2.
* ``date_start``..``date_end`` the window the event is known to lie in: the sources' span, at
  least the week around the day for a week-precise date and the calendar month for a
  month-precise one; ``date_prec`` says how wide it is (1 one day, 2 two to six days, 3 a
  week, 4 up to a month, 5 longer).
* ``best``/``low``/``high`` from the fused claims (low = the lowest source total, high = the
  highest total or single figure, best = the median of asserted totals), ordered low <= best
  <= high; ``deaths_a``/``deaths_b``/``deaths_civilians`` from the figures per side, and
  ``deaths_unknown`` the rest, so the four always add up to ``best``.
* ``source_article`` lists each source as ``Outlet, YYYY-MM-DD, "title"``; ``source_office`` the
  outlets, ``source_date`` the publication days, ``source_headline`` the titles,
  ``source_original`` who gave the figures (the claims' claimants) ('; ' between items).
"""
from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, BinaryIO, Iterable, Iterator

from rasid.export.fields import (
    CIVILIANS, STATE_INTERS, actor_record, civilian_names, country, event_number, flatten, generic_actor, sides,
    to_int, unique,
)
from rasid.export.stream import write_csv

COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)
ORGANISED_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
PRIOGRID_CELL_DEGREES = 0.5


def dyad(event: dict[str, Any]) -> tuple[int | None, dict | None, dict | None]:
    """UCDP type of violence and the two sides, ordered as UCDP orders them."""
    event_type = event.get("event_type") or ""
    a1, a2, _, _ = sides(event.get("actors"), event_type)
    if event_type not in ORGANISED_VIOLENCE:
        return None, a1, a2
    i1 = to_int(a1.get("inter")) if a1 else None
    i2 = to_int(a2.get("inter")) if a2 else None
    if event_type == "Violence against civilians" or CIVILIANS in (i1, i2):
        return (3, a2, a1) if i1 == CIVILIANS else (3, a1, a2)
    a2 = a2 or generic_actor("unidentified")  # a strike on a target the text does not name
    if to_int(a2.get("inter")) in STATE_INTERS and i1 not in STATE_INTERS:
        return 1, a2, a1
    if i1 in STATE_INTERS:
        return 1, a1, a2
    return 2, a1, a2


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a UCDP dyad: its UCDP name and actor id, its state's Gleditsch-Ward code,
    and the names its deaths are counted under."""

    name: str
    ucdp_id: str
    gwno: int | None
    names: frozenset[str]
    civilian: bool


def side(actor: dict | None) -> Side:
    actor = actor or {}
    known = actor_record(actor)
    state = country(known.get("country")) if known.get("kind") == "state" else None
    return Side(name=known.get("ucdp_name") or actor.get("name") or actor.get("name_ar") or "",
                ucdp_id=known.get("ucdp_id") or "", gwno=state.gwno if state else None,
                names=frozenset(str(n).casefold() for n in (actor.get("name"), actor.get("name_ar")) if n),
                civilian=to_int(actor.get("inter")) == CIVILIANS)


def window(start: str, end: str, day: str, time_precision: int | None) -> tuple[str, str]:
    """The days the event lies in: the sources' span, widened to the week around a
    week-precise day and to the calendar month of a month-precise one."""
    try:
        first, last, d = date.fromisoformat(start), date.fromisoformat(end), date.fromisoformat(day)
    except ValueError:
        return start, end
    if time_precision == 2:
        first, last = min(first, d - timedelta(days=3)), max(last, d + timedelta(days=3))
    elif time_precision == 3:
        month_end = d.replace(day=calendar.monthrange(d.year, d.month)[1])
        first, last = min(first, d.replace(day=1)), max(last, month_end)
    return first.isoformat(), last.isoformat()


def date_prec(start: str, end: str) -> int | None:
    try:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    except ValueError:
        return None
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def priogrid_gid(lat: float | None, lon: float | None) -> int | None:
    """The PRIO-GRID cell: 720 columns of 0.5 degrees from -180, rows from -90, numbered from 1."""
    if lat is None or lon is None:
        return None
    row = min(int(math.floor((lat + 90) / PRIOGRID_CELL_DEGREES)), 359)
    col = min(int(math.floor((lon + 180) / PRIOGRID_CELL_DEGREES)), 719)
    return row * 720 + col + 1


def estimates(rec: dict[str, Any]) -> tuple[int, int, int]:
    """low, best, high with low <= best <= high; a single figure above the highest total raises high."""
    figures = [to_int(c.get("value")) or 0 for c in rec["claims"]
               if c.get("kind") == "killed" and c.get("modality") != "denied"]
    best = rec["deaths_best"] if rec["deaths_best"] is not None else rec["fatalities"]
    high = max([best, rec["deaths_high"] or 0, *figures])
    low = min(best, rec["deaths_low"] if rec["deaths_low"] is not None else best)
    return low, best, high


def deaths_by_side(rec: dict[str, Any], side_a: Side, side_b: Side, best: int) -> tuple[list[int], int]:
    """deaths_a, deaths_b, deaths_civilians and deaths_unknown adding up to ``best`` (which
    rises to the sum of the per-side figures when they exceed it)."""
    civilians = civilian_names()
    counts = [0, 0, 0]
    unknown = 0
    for who, value in rec["deaths_by_side"].items():
        key, n = str(who).casefold(), to_int(value) or 0
        if key in side_a.names and not side_a.civilian:
            counts[0] += n
        elif key in side_b.names and not side_b.civilian:
            counts[1] += n
        elif key in civilians:
            counts[2] += n
        else:
            unknown += n
    best = max(best, sum(counts) + unknown)
    return [*counts, best - sum(counts)], best


def organised_deadly(event: dict[str, Any]) -> bool:
    if (event.get("event_type") or "") not in ORGANISED_VIOLENCE:
        return False
    deaths = event.get("deaths") or {}
    return max(to_int(deaths.get("best")) or 0, to_int(deaths.get("high")) or 0,
               to_int(event.get("fatalities")) or 0) >= 1


def row(event: dict[str, Any]) -> list[Any]:
    rec = flatten(event)
    violence, actor_a, actor_b = dyad(event)
    side_a, side_b = side(actor_a), side(actor_b)
    dyad_name = " - ".join(n for n in (side_a.name, side_b.name) if n)
    low, best, high = estimates(rec)
    (deaths_a, deaths_b, deaths_civ, deaths_unknown), best = deaths_by_side(rec, side_a, side_b, best)
    high = max(high, best)
    articles = [f'{o}, {d}, "{t}"' if t else f"{o}, {d}"
                for o, d, t in zip(rec["source_outlets"], rec["source_published"], rec["source_titles"])]
    claimants = unique(c.get("claimant") for c in rec["claims"] if c.get("kind") == "killed")
    start, end = window(rec["date_start"], rec["date_end"], rec["event_date"], rec["time_precision"])
    lat, lon = rec["latitude"], rec["longitude"]
    place = unique([rec["location"], rec["admin3"], rec["admin2"], rec["admin1"]])
    return [
        event_number(rec["event_id"]), rec["event_id"], rec["year"], "", "Clear", violence, "", "", dyad_name,
        "", "", dyad_name, side_a.ucdp_id, side_a.ucdp_id, side_a.name, side_b.ucdp_id, side_b.ucdp_id,
        side_b.name, len(rec["source_doc_ids"]), articles, rec["sources"], rec["source_published"],
        rec["source_titles"], claimants, rec["where_prec"], rec["location"], ", ".join(place),
        rec["admin1"], rec["admin2"], lat, lon, f"POINT ({lon!r} {lat!r})" if lat is not None else "",
        priogrid_gid(lat, lon), rec["country"], rec["gwno"], rec["ucdp_region"],
        1 if rec["time_precision"] == 1 else 2, date_prec(start, end), start, end,
        deaths_a, deaths_b, deaths_civ, deaths_unknown, best, high, low, side_a.gwno, side_b.gwno,
    ]


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    rows: Iterator[list[Any]] = (row(e) for e in events if organised_deadly(e))
    return write_csv(out, [COLUMNS], rows)
