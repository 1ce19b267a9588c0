"""Arabic names for what the Arabic interface shows of an event: its admin areas (from the
gazetteer) and its claims' subjects (from the actor dictionary)."""
from __future__ import annotations

from functools import cache
from typing import Any

from rasid.lexicon import load_table, split_aliases


ADMIN_KINDS = ("admin1", "admin2", "admin3")


@cache
def _admin_names_ar() -> dict[tuple[str, ...], str]:
    """Arabic names of admin areas by (country, admin1[, admin2[, admin3]]) as events write
    them, from the gazetteer's admin rows. Where a country has no admin1 rows (Saudi Arabia),
    a region row directly under the country that carries the admin1 alone stands for it."""
    names: dict[tuple[str, ...], str] = {}
    stand_ins: dict[tuple[str, str], list[str]] = {}
    for row in load_table("gazetteer").rows:
        if row["kind"] in ADMIN_KINDS and row["name_ar"]:
            depth = ADMIN_KINDS.index(row["kind"]) + 1
            names.setdefault((row["country"], *(row[k] for k in ADMIN_KINDS[:depth])), row["name_ar"])
        elif (row["kind"] == "region" and row["name_ar"] and row["admin1"] and not row["admin2"]
              and row["parent"] == f"country-{row['country']}"):
            stand_ins.setdefault((row["country"], row["admin1"]), []).append(row["name_ar"])
    for key, found in stand_ins.items():
        if len(found) == 1:  # two regions claiming one admin1 would be a guess
            names.setdefault(key, found[0])
    return names


def admin_name_ar(*path: str | None) -> str:
    """The Arabic name of the admin area at (country, admin1, ...), or "" when unknown."""
    return _admin_names_ar().get(tuple(p or "" for p in path), "") if all(path) else ""


@cache
def _actor_names_ar() -> dict[str, str]:
    """Arabic names of actors.tsv's actors (their first Arabic alias) by id and English name, casefolded."""
    names: dict[str, str] = {}
    for row in load_table("actors").rows:
        aliases = split_aliases(row["aliases_ar"])
        if aliases:
            names.setdefault(row["id"].casefold(), aliases[0])
            names.setdefault(row["name"].casefold(), aliases[0])
    return names


def with_arabic_names(event: dict[str, Any]) -> dict[str, Any]:
    """The event with Arabic names the Arabic interface shows: each admin area's (location's
    admin1_ar, admin2_ar, admin3_ar, "" when unknown) and each claim's subject (subject_ar,
    None when unknown). The store's record is copied, not changed."""
    event = dict(event)
    if event.get("location"):
        loc = event["location"] = dict(event["location"])
        path = [loc.get("country")]
        for level in ADMIN_KINDS:
            path.append(loc.get(level))
            loc[f"{level}_ar"] = admin_name_ar(*path)
    if event.get("claims"):
        event["claims"] = [c | {"subject_ar": _actor_names_ar().get(str(c.get("subject") or "").casefold())}
                           for c in event["claims"]]
    return event
