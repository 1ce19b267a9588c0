"""UCDP GED-like CSV: one row per event, in the columns of UCDP's Georeferenced Event Dataset.

Mappings (UCDP codes organised violence only, so some columns need rules):

* ``id`` the stable event number (as in ACLED's ``event_id_cnty``); ``relid`` rasid's ``event_id``.
* ``type_of_violence``: 3 (one-sided) for Violence against civilians, or when civilians
  (inter 7) are a side; else 1 (state-based) when a side is a state actor (ACLED inter 1,
  or 8: rasid's external forces are foreign militaries and state coalitions); else 2
  (non-state). Empty for Protests, Riots, Strategic developments and Displacement, which
  UCDP does not code as organised violence (the rows are kept so every format has the same events).
* ``side_a`` the state side in state-based violence and the perpetrator in one-sided
  violence; ``side_b`` the other side (``Civilians`` in one-sided violence).
  ``conflict_name`` is the dyad ``side_a - side_b`` (rasid does not know UCDP's conflicts).
* ``active_year`` is left empty: it needs UCDP's yearly 25-death threshold per dyad.
* ``country_id`` is the ISO numeric (M49) code, not the Gleditsch-Ward code UCDP uses.
* ``region`` UCDP's five regions (countries.tsv ``ucdp_region``).
* ``event_clarity`` 1 when the day is known (ACLED time_precision 1), else 2.
* ``date_prec`` from the span date_start..date_end (1 one day, 2 two to six days, 3 a week,
  4 up to a month, 5 longer), at least the precision ACLED's time_precision implies (2 -> 3, 3 -> 4).
* ``best``/``low``/``high`` from the store's ``deaths``; ``deaths_a``/``deaths_b``/
  ``deaths_civilians`` from ``deaths_by_side`` by side name; figures for other parties and
  the part of ``best`` no side accounts for go to ``deaths_unknown``.
* ``source_article`` lists each source as ``Outlet, YYYY-MM-DD, "title"``; ``source_office``
  the outlets; ``source_date`` the publication days ('; ' between sources).
"""
from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO, Iterable

from rasid.export.fields import CIVILIANS, STATE_INTERS, event_number, flatten, sides, to_int
from rasid.export.stream import write_csv

COLUMNS = (
    "id", "relid", "year", "active_year", "type_of_violence", "conflict_name", "side_a", "side_b",
    "source_article", "source_office", "source_date", "where_prec", "where_coordinates", "adm_1",
    "adm_2", "latitude", "longitude", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low",
)
ORGANISED_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_PREC_OF_TIME_PRECISION = {1: 1, 2: 3, 3: 4}


def _name(actor: dict | None) -> str:
    return (actor.get("name") or actor.get("name_ar") or "") if actor else ""


def dyad(event: dict[str, Any]) -> tuple[int | None, dict | None, dict | None]:
    """UCDP type of violence and the two sides, ordered as UCDP orders them."""
    a1, a2, _ = sides(event.get("actors"))
    i1 = to_int(a1.get("inter")) if a1 else None
    i2 = to_int(a2.get("inter")) if a2 else None
    event_type = event.get("event_type") or ""
    if event_type not in ORGANISED_VIOLENCE:
        return None, a1, a2
    if event_type == "Violence against civilians" or CIVILIANS in (i1, i2):
        if i1 == CIVILIANS:  # only civilians named: the perpetrator is unknown
            return 3, None, a1
        return 3, a1, a2
    if i2 in STATE_INTERS and i1 not in STATE_INTERS:
        return 1, a2, a1
    if i1 in STATE_INTERS:
        return 1, a1, a2
    return 2, a1, a2


def date_prec(start: str, end: str, time_precision: int | None) -> int | None:
    try:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    except ValueError:
        return _PREC_OF_TIME_PRECISION.get(time_precision or 0)
    span = 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5
    return max(span, _PREC_OF_TIME_PRECISION.get(time_precision or 0, 1))


CIVILIAN_NAMES = ("civilians", "مدنيين", "المدنيين")


def _deaths(rec: dict[str, Any], side_a: dict | None, side_b: dict | None) -> tuple[int, int, int, int | None]:
    """deaths_a, deaths_b, deaths_civilians, deaths_unknown from the store's deaths by side."""
    role = {n: "civ" for n in CIVILIAN_NAMES}
    for actor, side in ((side_a, "a"), (side_b, "b")):
        if actor:
            for n in (actor.get("name"), actor.get("name_ar")):
                if n:
                    role[n.casefold()] = "civ" if to_int(actor.get("inter")) == CIVILIANS else side
    counts = {"a": 0, "b": 0, "civ": 0, "unknown": 0}
    for who, value in rec["deaths_by_side"].items():
        counts[role.get(str(who).casefold(), "unknown")] += to_int(value) or 0
    a, b, civ, unknown = counts["a"], counts["b"], counts["civ"], counts["unknown"]
    best = rec["deaths_best"]
    if best is None:
        return a, b, civ, (unknown if rec["deaths_by_side"] else None)
    return a, b, civ, unknown + max(0, best - (a + b + civ + unknown))


def row(event: dict[str, Any]) -> list[Any]:
    rec = flatten(event)
    violence, side_a, side_b = dyad(event)
    name_a = _name(side_a)
    name_b = _name(side_b) or ("Civilians" if violence == 3 else "")
    deaths_a, deaths_b, deaths_civ, deaths_unknown = _deaths(rec, side_a, side_b)
    articles = [f'{o}, {d}, "{t}"' if t else f"{o}, {d}"
                for o, d, t in zip(rec["source_outlets"], rec["source_published"], rec["source_titles"])]
    return [
        event_number(rec["event_id"]), rec["event_id"], rec["year"], "", violence,
        " - ".join(n for n in (name_a, name_b) if n), name_a, name_b,
        articles, rec["sources"], rec["source_published"], rec["where_prec"], rec["location"],
        rec["admin1"], rec["admin2"], rec["latitude"], rec["longitude"], rec["country"], rec["iso"],
        rec["ucdp_region"], 1 if rec["time_precision"] == 1 else 2,
        date_prec(rec["date_start"], rec["date_end"], rec["time_precision"]),
        rec["date_start"], rec["date_end"], deaths_a, deaths_b, deaths_civ, deaths_unknown,
        rec["deaths_best"], rec["deaths_high"], rec["deaths_low"],
    ]


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    return write_csv(out, [COLUMNS], (row(e) for e in events))
