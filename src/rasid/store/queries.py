"""Queries behind the API and the dashboard: filtered, sorted, cursor-paged events,
statistics, and the free-text key an event is searched by.

Filters mean what ``rasid.export.ExportFilters`` says they mean; here they run in SQL, so
a page of a store of millions of events costs an indexed query, not a scan in Python.
Pages are cursor-based (keyset): the cursor holds the last row's sort value and id, so
deep pages are as cheap as the first and do not shift when events are added.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, Text, and_, cast, func, or_, select

from rasid.errors import RasidError
from rasid.export.filters import (
    DEFAULT_REVIEW, REVIEW_FILTERS, ExportFilters, InvalidFilter, prepared, within_km,
)
from rasid.lexicon import load_table
from rasid.model import MAX_FIGURE
from rasid.normalise import normalise_key
from rasid.store import schema as db

SORTS = ("-date", "date", "-fatalities", "fatalities", "-updated", "updated")
NO_DAY = date(1, 1, 1)  # where events without a day sort


class BadCursor(RasidError):
    """A page cursor this store did not hand out."""

    code = "bad_cursor"


@dataclass(frozen=True, slots=True)
class EventQuery:
    filters: ExportFilters = ExportFilters()
    text: str = ""  # free text, Arabic or English: every word must occur
    sort: str = "-date"
    limit: int = 50
    cursor: str | None = None

    def __post_init__(self) -> None:
        if self.text.strip() and not any(c.isalnum() for c in self.text):
            raise InvalidFilter(f"q {self.text!r} has no letter or digit to search for")


def search_key(parts: list[str | None], keyed: list[str] = ()) -> str:
    """An event's free-text key: its names and sentences, normalised (Arabic) and casefolded
    (``keyed``: parts already so, the sources' evidence sentences)."""
    return " | ".join(dict.fromkeys([*(search_word(p) for p in parts if p), *keyed]))


def search_word(part: str) -> str:
    return normalise_key(part).casefold()


def where_clauses(query: EventQuery) -> list:
    p = prepared(query.filters)
    e = db.Event
    clauses = [e.deleted_at.is_(None), *_day_type_place_clauses(p, e)]
    if p["min_fatalities"] is not None:
        clauses.append(e.fatalities >= p["min_fatalities"])
    if p["bbox"]:
        west, south, east, north = p["bbox"]
        lon = e.lon.between(west, east) if west <= east else or_(e.lon >= west, e.lon <= east)
        clauses += [e.lat.between(south, north), lon]
    if p["near"]:
        clauses += [e.lat.is_not(None), e.lon.is_not(None), within_km(e.lat, e.lon, p["near"])]
    if p["actor"]:
        clauses.append(e.actor_text.contains(normalise_key(p["actor"][1] or p["actor"][0]).casefold(), autoescape=True))
    if p["updated_since"]:  # in UTC, as the store writes its times
        clauses.append(e.updated_at >= p["updated_since"])
    if p["flagged"] is not None:
        clauses.append((cast(e.flags, Text) != "[]") if p["flagged"] else (cast(e.flags, Text) == "[]"))
    if p["review"]:
        clauses.append(e.review_status.in_(p["review"]))
    for word in normalise_key(query.text).casefold().split():
        clauses.append(e.search_text.contains(word, autoescape=True))
    return clauses


COUNTED = ("date_from", "date_to", "event_type", "sub_event_type", "country", "admin1")  # what event_counts can filter


def _day_type_place_clauses(p: dict[str, Any], table: type[db.Event] | type[db.EventCount]) -> list:
    """The filters on an event's day, type and place, for the events or their counts."""
    clauses = []
    if p["date_from"]:  # on sort_day, the indexed copy of event_date
        clauses.append(table.sort_day >= date.fromisoformat(p["date_from"]))
    if p["date_to"]:
        clauses.append(table.sort_day.between(NO_DAY + timedelta(days=1), date.fromisoformat(p["date_to"])))
    if p["event_type"]:  # ACLED's spelling, so the column's index serves
        clauses.append(table.event_type == _spelled("event_type", p["event_type"]))
    if p["sub_event_type"]:
        clauses.append(table.sub_event_type == _spelled("sub_event_type", p["sub_event_type"]))
    if p["country"]:
        clauses.append(table.country == p["country"])
    if p["admin1"]:
        clauses.append(func.lower(table.admin1) == p["admin1"])
    return clauses


@cache
def _spellings(column: str) -> dict[str, str]:
    return {row[column].casefold(): row[column] for row in load_table("event_types").rows}


def _spelled(column: str, folded: str) -> str:
    """The event type or sub-type as ACLED (and the store) spells it; unknown values stay as given."""
    return _spellings(column).get(folded, folded)


def _sort_column(sort: str):
    if sort not in SORTS:
        raise RasidError(f"sort must be one of {', '.join(SORTS)}")
    name = sort.lstrip("-")
    return {"date": db.Event.sort_day, "fatalities": db.Event.fatalities,
            "updated": db.Event.updated_at}[name], sort.startswith("-")


def page_query(query: EventQuery) -> Select:
    """The SELECT for one page (one row more than the limit, to know whether more follow)."""
    column, descending = _sort_column(query.sort)
    statement = select(db.Event).where(*where_clauses(query))
    if query.cursor:
        value, last_id = _decode(query.cursor, query.sort)
        after, reached = (column < value, column <= value) if descending else (column > value, column >= value)
        # ``reached`` repeats what the OR implies so the index range starts at the cursor:
        # without it PostgreSQL walks (and filters) every row of the earlier pages
        statement = statement.where(reached, or_(after, and_(column == value, db.Event.id > last_id)))
    order = column.desc() if descending else column.asc()
    return statement.order_by(order, db.Event.id).limit(query.limit + 1)


def next_cursor(query: EventQuery, last: db.Event) -> str:
    name = query.sort.lstrip("-")
    value = {"date": last.sort_day.isoformat(), "fatalities": last.fatalities,
             "updated": last.updated_at.isoformat()}[name]
    raw = json.dumps([query.sort, value, last.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, str]:
    """The sort value and id a cursor holds, checked in full: a cursor comes from the
    client, and one forged or cut short must be a 400, not a crash."""
    try:
        cursor_sort, value, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor(f"cursor {cursor[:40]!r} is not one this API handed out") from exc
    if cursor_sort != sort:
        raise BadCursor(f"this cursor pages a list sorted by {cursor_sort}, not {sort}")
    name = sort.lstrip("-")
    try:
        if not isinstance(last_id, str) or isinstance(value, bool):
            raise TypeError(last_id)
        if name == "date":
            return date.fromisoformat(value), last_id
        if name == "updated":
            return datetime.fromisoformat(value), last_id
        if not isinstance(value, int) or not -MAX_FIGURE <= value <= MAX_FIGURE:  # what the column holds
            raise TypeError(value)
        return value, last_id
    except (ValueError, TypeError) as exc:
        raise BadCursor(f"cursor {cursor[:40]!r} is not one this API handed out") from exc


def stats_queries(query: EventQuery) -> dict[str, Select]:
    """The statistics' SELECTs: over the maintained ``event_counts`` when the query filters
    only by day, type and place (what a dashboard asks first and most), else over the events.
    Days are ``sort_day`` (``NO_DAY`` for events without one); in the counts, no place is ''."""
    p = prepared(query.filters)
    counted = (not query.text.split() and all(v is None for k, v in p.items() if k not in (*COUNTED, "review"))
               and p["review"] == REVIEW_FILTERS[DEFAULT_REVIEW])  # the counts leave rejected events out
    if counted:
        t = db.EventCount
        where, n = _day_type_place_clauses(p, t), func.sum(t.events)
    else:
        t = db.Event
        where, n = where_clauses(query), func.count()
    fatalities = func.sum(t.fatalities)
    return {
        "by_day": select(t.sort_day, t.event_type, n, fatalities).where(*where)
        .group_by(t.sort_day, t.event_type).order_by(t.sort_day, t.event_type),
        "by_type": select(t.event_type, t.sub_event_type, n, fatalities).where(*where)
        .group_by(t.event_type, t.sub_event_type).order_by(n.desc(), t.event_type, t.sub_event_type),
        "by_admin1": select(t.country, t.admin1, n, fatalities).where(*where)
        .group_by(t.country, t.admin1).order_by(n.desc(), t.country, t.admin1),
        "totals": select(*(func.coalesce(value, 0) for value in (
            n, fatalities, func.sum(t.deaths_low), func.sum(t.deaths_best), func.sum(t.deaths_high)))).where(*where),
    }
