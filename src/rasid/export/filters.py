"""What the export filters mean. The CLI and the API share them; the store may push them
into SQL, but ``event_matches`` is their definition (and the reference its tests check)."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from rasid.errors import RasidError
from rasid.export.fields import closest_countries, country, parse_time, to_float, to_int
from rasid.lexicon import load_table
from rasid.normalise import normalise_key


class InvalidFilter(RasidError):
    """An export filter that cannot hold (a bad day, box or count)."""

    code = "invalid_filter"


def utc_moment(value: datetime | str | None, name: str) -> datetime | None:
    """A point in time as an aware UTC datetime; a day alone is its midnight, a naive time is UTC."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else parse_time(str(value).replace("Z", "+00:00"))
    if moment is None:
        raise InvalidFilter(f"{name} {value!r} is not a time YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[+HH:MM]")
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _day(value: date | str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidFilter(f"{name} {value!r} is not a day YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """Which events to export; every field left None lets all events through.

    ``date_from``/``date_to``: inclusive bounds on ``event_date`` (a date or 'YYYY-MM-DD').
    ``event_type``/``sub_event_type``/``admin1``: equal, ignoring case.
    ``country``: the event's country, by ISO alpha-2 or alpha-3 code or by name (English or Arabic).
    ``actor``: part of any actor's English or Arabic name (Arabic compared after rasid's
    normalisation, so alef/ya/ta marbuta variants and diacritics do not matter).
    ``min_fatalities``: ACLED fatalities at least this.
    ``bbox``: (west, south, east, north) in degrees; events without coordinates are out;
    west > east means the box crosses the antimeridian.
    ``near``: (lat, lon, km) or "lat,lon,km": events within km of the point (``within_km``).
    ``updated_since``: events created or changed at or after this time (a datetime or an ISO
    time; naive means UTC), for users who keep a copy in sync (deleted events: ``Store.deletions``).
    ``flagged``: True for the events the sanity checks flagged (``rasid.sanity``), False for the others.
    ``review``: the events in this review state (machine, confirmed, corrected, rejected),
    ``reviewed`` for every event a person confirmed or corrected, ``not_rejected`` (the
    default) for all but those a person rejected.
    """

    date_from: date | str | None = None
    date_to: date | str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    near: tuple[float, float, float] | str | None = None
    updated_since: datetime | str | None = None
    flagged: bool | None = None
    review: str | None = None
    _prepared: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Validate once and keep comparison-ready forms, so matching millions of events stays cheap.
        lo, hi = _day(self.date_from, "date_from"), _day(self.date_to, "date_to")
        if lo and hi and lo > hi:
            raise InvalidFilter(f"date_from {lo} is after date_to {hi}")
        iso2 = None
        if self.country:
            hit = country(self.country)
            if hit is None:
                close = closest_countries(self.country)
                hint = f" (did you mean {' or '.join(close)}?)" if close else ""
                raise InvalidFilter(f"country {self.country!r} is neither an ISO 3166-1 code nor a country's "
                                    f"name{hint}")
            iso2 = hit.iso2
        if self.min_fatalities is not None and (to_int(self.min_fatalities) is None or int(self.min_fatalities) < 0):
            raise InvalidFilter(f"min_fatalities {self.min_fatalities!r} is not a count (0 or more)")
        box = None
        if self.bbox is not None:
            box = tuple(to_float(v) for v in self.bbox)
            if len(box) != 4 or None in box:
                raise InvalidFilter(f"bbox {self.bbox!r} is not four numbers west,south,east,north")
            west, south, east, north = box
            if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
                raise InvalidFilter(f"bbox {self.bbox!r} is not west,south,east,north in degrees (south <= north)")
        near = _near(self.near) if self.near is not None and self.near != "" else None
        for name, value in (("event type", self.event_type), ("sub-event type", self.sub_event_type)):
            _known(name, value)
        if self.review and self.review not in REVIEW_FILTERS:
            raise InvalidFilter(f"review {self.review!r} is not one of {', '.join(REVIEW_FILTERS)}")
        actor = (self.actor or "").strip()
        if self.actor and not any(c.isalnum() for c in actor):  # " " or "_" would match every event
            raise InvalidFilter(f"actor {self.actor!r} has no letter or digit to search for")
        object.__setattr__(self, "_prepared", {
            "date_from": lo, "date_to": hi, "country": iso2, "bbox": box, "near": near,
            "event_type": self.event_type.casefold() if self.event_type else None,
            "sub_event_type": self.sub_event_type.casefold() if self.sub_event_type else None,
            "admin1": self.admin1.casefold() if self.admin1 else None,
            "actor": (actor.casefold(), normalise_key(actor)) if actor else None,
            "min_fatalities": int(self.min_fatalities) if self.min_fatalities is not None else None,
            "updated_since": utc_moment(self.updated_since, "updated_since"), "flagged": self.flagged,
            "review": REVIEW_FILTERS[self.review or DEFAULT_REVIEW],
        })


KM_PER_DEGREE = 111.195  # of latitude (a mean Earth radius of 6,371 km)


def _near(value: Any) -> tuple[float, float, float, float]:
    """(lat, lon, km) checked, with the cosine of the latitude that ``within_km`` scales longitudes by."""
    parts = value.split(",") if isinstance(value, str) else value
    numbers = tuple(to_float(v) for v in parts) if isinstance(parts, (list, tuple)) else ()
    if len(numbers) != 3 or None in numbers or not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180
                                                     and 0 < numbers[2] <= 2000):
        raise InvalidFilter(f"near {value!r} is not lat,lon,km (a point in degrees and up to 2000 km)")
    lat, lon, km = numbers
    return lat, lon, km, math.cos(math.radians(lat))


def within_km(lat: Any, lon: Any, near: tuple[float, float, float, float]) -> Any:
    """Whether a point is within ``near``'s km of its centre, on the equirectangular
    projection around it (within 0.5% of the great-circle distance up to a few hundred km).
    Plain arithmetic, so SQL columns work as well as numbers: the store filters with it."""
    centre_lat, centre_lon, km, scale = near
    north, east = lat - centre_lat, (lon - centre_lon) * scale
    return north * north + east * east <= (km / KM_PER_DEGREE) ** 2


DEFAULT_REVIEW = "not_rejected"  # a rejected event is no event (a reviewer said so): left out unless asked for
REVIEW_FILTERS = {"machine": ("machine",), "confirmed": ("confirmed",), "corrected": ("corrected",),
                  "rejected": ("rejected",), "reviewed": ("confirmed", "corrected"),
                  "not_rejected": ("machine", "confirmed", "corrected")}  # a filter -> the states it keeps


def _known(what: str, value: str | None) -> None:
    """Refuse an event type or sub-type rasid does not code, naming the closest it does."""
    if not value:
        return
    column = "event_type" if what == "event type" else "sub_event_type"
    names = sorted({r[column] for r in load_table("event_types").rows})
    if value.casefold() not in {n.casefold() for n in names}:
        close = difflib.get_close_matches(value, names, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "one of: " + ", ".join(names)
        raise InvalidFilter(f"unknown {what} {value!r}: {hint}")


def prepared(filters: ExportFilters) -> dict[str, Any]:
    """The filters' validated, comparison-ready values (for a store that filters in SQL)."""
    return filters._prepared


def _actor_matches(actors: Any, needle: tuple[str, str]) -> bool:
    folded, key = needle
    for actor in actors or ():
        name = actor.get("name") or ""
        name_ar = actor.get("name_ar") or ""
        if folded in name.casefold() or (key and (key in normalise_key(name_ar) or key in normalise_key(name))):
            return True
    return False


def event_matches(event: dict[str, Any], filters: ExportFilters | None) -> bool:
    """Whether a store event passes every filter that is set."""
    if filters is None:
        return True
    p = filters._prepared
    day = str(event.get("event_date") or "")[:10]
    if p["date_from"] and (not day or day < p["date_from"]):
        return False
    if p["date_to"] and (not day or day > p["date_to"]):
        return False
    if p["event_type"] and (event.get("event_type") or "").casefold() != p["event_type"]:
        return False
    if p["sub_event_type"] and (event.get("sub_event_type") or "").casefold() != p["sub_event_type"]:
        return False
    loc = event.get("location") or {}
    if p["country"] and (loc.get("country") or "").upper() != p["country"]:
        return False
    if p["admin1"] and (loc.get("admin1") or "").casefold() != p["admin1"]:
        return False
    if p["min_fatalities"] is not None and (to_int(event.get("fatalities")) or 0) < p["min_fatalities"]:
        return False
    if p["bbox"]:
        lat, lon = to_float(loc.get("lat")), to_float(loc.get("lon"))
        if lat is None or lon is None:
            return False
        west, south, east, north = p["bbox"]
        if not south <= lat <= north:
            return False
        if not (west <= lon <= east if west <= east else lon >= west or lon <= east):
            return False
    if p["near"]:
        lat, lon = to_float(loc.get("lat")), to_float(loc.get("lon"))
        if lat is None or lon is None or not within_km(lat, lon, p["near"]):
            return False
    if p["actor"] and not _actor_matches(event.get("actors"), p["actor"]):
        return False
    if p["updated_since"]:
        updated = parse_time(event.get("updated_at")) or parse_time(event.get("created_at"))
        if updated is None or updated < p["updated_since"]:
            return False
    if p["flagged"] is not None and bool(event.get("flags")) != p["flagged"]:
        return False
    if p["review"] and (event.get("review") or {}).get("status", "machine") not in p["review"]:
        return False
    return True
