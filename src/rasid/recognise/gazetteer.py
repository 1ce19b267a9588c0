"""The gazetteer (``data/gazetteer.tsv``): places, their names, and what precision a
place of each kind gives an event.

Built by ``scripts/build_gazetteer.py`` from OpenSyria, GeoNames, OCHA/HDX and the
curated layer ``places_curated.tsv``; loaded once per process.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache

from rasid.lexicon import load_table, split_aliases
from rasid.model import Location
from rasid.normalise import name_rank, name_search_key, normalise_key
from rasid.recognise.matcher import Match, Matcher, article, entry_keys

# ACLED geo_precision by kind: 1 the place itself, 2 a district-level area, 3 a province
# or larger region.
GEO_PRECISION = {"neighbourhood": 1, "facility": 1, "base": 1, "camp": 1, "crossing": 1, "village": 1, "town": 1,
                 "city": 1, "mountain": 2, "admin3": 2, "admin2": 2, "region": 3, "sea": 3, "admin1": 3, "country": 3}
# UCDP where_prec: 1 exact place, 2 within ~25 km, 3 second-order admin area, 4 first-order
# admin area, 5 part of a country, 6 country, 7 international waters or airspace.
WHERE_PREC = {"neighbourhood": 1, "facility": 1, "base": 1, "camp": 1, "crossing": 1, "village": 1, "town": 1,
              "city": 1, "mountain": 2, "admin3": 3, "admin2": 3, "admin1": 4, "region": 5, "country": 6, "sea": 7}
# Among namesakes, what news usually means when it names a place bare.
KIND_PREFERENCE = {"country": 7, "city": 6, "town": 5, "village": 4, "neighbourhood": 4, "facility": 4, "base": 4,
                   "camp": 4, "crossing": 4, "admin1": 3, "sea": 2, "admin2": 2, "admin3": 1, "region": 1,
                   "mountain": 1}
INHABITED = frozenset({"city", "town", "village"})
SETTLEMENTS = frozenset({"town", "village", "neighbourhood", "camp"})  # places of their own, however near each other
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row."""

    id: str
    name: str
    name_ar: str
    kind: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    pcode: str
    lat: float | None
    lon: float | None
    population: int
    parent: str

    def location(self, geo_precision: int | None = None, where_prec: int | None = None,
                 name: str | None = None, name_ar: str | None = None, place_id: str | None = None) -> Location:
        """This place as an event location; a phrase around it (ريف X، شمال X) may coarsen the precision."""
        return Location(place_id or self.id, name or self.name, name_ar or self.name_ar, self.country,
                        self.admin1, self.admin2, self.admin3, self.pcode, self.lat, self.lon,
                        geo_precision or GEO_PRECISION.get(self.kind, 3),
                        where_prec or WHERE_PREC.get(self.kind, 5))


@dataclass
class Gazetteer:
    tag: str
    places: tuple[Place, ...]
    matcher: Matcher
    by_id: dict[str, Place]
    articled: frozenset[tuple[int, str]]  # (place index, one-word key) of names written with the article
    search_keys: tuple[tuple[str, ...], ...]  # per place: its names folded for search (Latin casefolded, Arabic normalised)

    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Places a reviewer means by ``query``, an Arabic or English name or its beginning
        (``name_rank``); among equals, the kind news usually means, then the largest."""
        key = name_search_key(query)
        ranked = [(rank, -KIND_PREFERENCE.get(place.kind, 0) * (rank == 0), -place.population, place.id, place)
                  for place, names in zip(self.places, self.search_keys)
                  if (rank := name_rank(key, names)) is not None]
        return [entry[-1] for entry in sorted(ranked)[:limit]]

    def nearest(self, lat: float, lon: float, limit: int = 5) -> list[tuple[Place, float]]:
        """The places nearest a point (a click on the map), each with its distance in km."""
        found = [(haversine_km(lat, lon, p.lat, p.lon), p.id, p) for p in self.places
                 if p.lat is not None and p.lon is not None]
        return [(p, distance) for distance, _, p in sorted(found)[:limit]]

    def written_alike(self, match: Match) -> tuple[Match, bool]:
        """The places a one-word match names as the gazetteer writes them, with the article
        when the text's word has it and without when it lacks it, and whether none is: then
        the match is *loose* and needs evidence that it is a place at all (الوقف the town is
        not the noun in بوقف, شعب the town not الشعب; الحديثة in قرب الحديثة is Haditha).
        Names of two words or more are specific enough as they are."""
        if " " in match.key:
            return match, False
        kept = tuple(i for i in match.payloads if ((i, match.key) in self.articled) == match.article)
        if not kept:
            return match, True
        return (match if len(kept) == len(match.payloads) else replace(match, payloads=kept)), False


def distinct_settlements(a: Location, b: Location) -> bool:
    """Two towns, villages, neighbourhoods or camps, neither holding the other: two places
    however near (al-Zaytoun and al-Sabra), where a prison and its district are one site."""
    places = gazetteer().by_id
    pa, pb = places.get(a.place_id), places.get(b.place_id)
    return (pa is not None and pb is not None and pa.id != pb.id and {pa.kind, pb.kind} <= SETTLEMENTS
            and pa.parent != pb.id and pb.parent != pa.id)


def _place(row: dict[str, str]) -> Place:
    return Place(row["id"], row["name"], row["name_ar"], row["kind"], row["country"], row["admin1"],
                 row["admin2"], row["admin3"], row["pcode"],
                 float(row["lat"]) if row["lat"] else None, float(row["lon"]) if row["lon"] else None,
                 int(row["population"] or 0), row["parent"])


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer and a matcher over all its Arabic names (payload = place index)."""
    table = load_table("gazetteer")
    places = tuple(_place(r) for r in table.rows)
    names = [(name, i) for i, r in enumerate(table.rows)
             for name in [r["name_ar"], *split_aliases(r["aliases_ar"])] if name]
    articled = frozenset((i, key) for name, i in names if " " not in name
                         for key in entry_keys(name, agreement=False)[0] if normalise_key(name).startswith(article()))
    search_keys = tuple(tuple(dict.fromkeys(name_search_key(name) for name in
                                            [r["name"], r["name_ar"], *split_aliases(r["aliases_ar"])] if name))
                        for r in table.rows)
    return Gazetteer(table.tag, places, Matcher(names, agreement=False), {p.id: p for p in places}, articled,
                     search_keys)

