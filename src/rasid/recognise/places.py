"""PLACE mentions from the gazetteer (``data/gazetteer.tsv``), resolved to one place.

Resolution (thin for now; a later stage adds cue words and nesting): among the places
sharing a name, prefer the country and admin1 the article's other places point to,
then inhabited places over admin areas, then the larger population.

A place in a paragraph's dateline ("رويترز - بنغازي:", "واس - عدن:") says where the
report was filed, not where anything happened: it becomes a DATELINE mention.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from rasid.lexicon import load_table, split_aliases
from rasid.model import Doc, Location, Mention, Provenance
from rasid.normalise import tokens
from rasid.recognise.matcher import Matcher
from rasid.recognise.spans import make_mention

# ACLED geo_precision by kind of place: 1 the place itself, 2 a district-level area,
# 3 a province or region. Countries locate no event (ACLED skips them).
MAX_DATELINE_WORDS = 6  # words before the colon that closes a dateline
GEO_PRECISION = {"neighbourhood": 1, "facility": 1, "village": 1, "town": 1, "city": 1,
                 "admin3": 2, "admin2": 2, "region": 3, "admin1": 3}
# Among namesakes, inhabited places are what news usually means.
KIND_PREFERENCE = {"city": 6, "town": 5, "village": 4, "neighbourhood": 4, "facility": 4,
                   "admin1": 3, "admin2": 2, "admin3": 1, "region": 1, "country": 7}


@dataclass(frozen=True, slots=True)
class Place:
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

    def location(self, precision: int | None = None) -> Location:
        return Location(self.id, self.name, self.name_ar, self.country, self.admin1, self.admin2,
                        self.admin3, self.pcode, self.lat, self.lon,
                        precision or GEO_PRECISION.get(self.kind, 3))


def _place(row: dict[str, str]) -> Place:
    return Place(row["id"], row["name"], row["name_ar"], row["kind"], row["country"], row["admin1"],
                 row["admin2"], row["admin3"], row["pcode"],
                 float(row["lat"]) if row["lat"] else None, float(row["lon"]) if row["lon"] else None,
                 int(row["population"] or 0))


@cache
def _gazetteer() -> tuple[str, tuple[Place, ...], Matcher]:
    table = load_table("gazetteer")
    places = tuple(_place(r) for r in table.rows)
    matcher = Matcher((alias, i) for i, r in enumerate(table.rows)
                      for alias in [r["name_ar"], *split_aliases(r["aliases_ar"])] if alias)
    return table.tag, places, matcher


def recognise_places(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    tag, places, matcher = _gazetteer()
    found = [(m, [places[i] for i in m.payloads]) for m in matcher.find(doc.norm.text)]
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for _, candidates in found:
        for c in candidates:
            countries[c.country] += 1 / len(candidates)
            admin1s[c.admin1] += 1 / len(candidates) if c.admin1 else 0
    out = []
    for m, candidates in found:
        best = max(candidates, key=lambda c: (round(countries[c.country], 3), round(admin1s[c.admin1], 3),
                                              KIND_PREFERENCE.get(c.kind, 0), c.population))
        rule = "gazetteer-unique" if len(candidates) == 1 else "gazetteer-context"
        kind = "DATELINE" if _in_dateline(doc, m.start) else "PLACE"
        out.append(make_mention(doc, kind, m.start, m.end, best, Provenance(rule, f"{tag}:{best.id}")))
    return out


def _in_dateline(doc: Doc, position: int) -> bool:
    """Is ``position`` in the opening words of a paragraph that end with a colon?"""
    text = doc.norm.text
    paragraph_start = text.rfind("\n", 0, position) + 1
    colon = text.find(":", position, position + 80)
    return (colon != -1 and "\n" not in text[position:colon] and ":" not in text[paragraph_start:position]
            and len(tokens(text, paragraph_start, colon)) <= MAX_DATELINE_WORDS)
