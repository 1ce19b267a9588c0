"""Matchers built once per process from the packaged lexicons, and a helper that
turns their matches into mentions."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from rasid.lexicon import Table, load_table, split_aliases
from rasid.model import Doc, Mention, Provenance
from rasid.normalise import normalise_key
from rasid.recognise.matcher import Matcher
from rasid.recognise.spans import make_mention


@cache
def form_matcher(name: str, column: str = "form", accusative: bool = False) -> tuple[Table, Matcher]:
    """A matcher over a table with one Arabic form per row; payload = row index."""
    table = load_table(name)
    return table, Matcher(((row[column], i) for i, row in enumerate(table.rows)), accusative=accusative)


@cache
def word_set(name: str) -> frozenset[str]:
    """The normalised ``form`` column of a word-list table (function words, non-names...)."""
    return frozenset(normalise_key(r["form"]) for r in load_table(name).rows)


@cache
def alias_matcher(name: str) -> tuple[Table, Matcher]:
    """A matcher over a table whose rows list ``|``-separated ``aliases_ar``; payload = row index."""
    table = load_table(name)
    return table, Matcher(
        (alias, i) for i, row in enumerate(table.rows) for alias in split_aliases(row["aliases_ar"])
    )


def lexicon_mentions(
    doc: Doc, kind: str, table: Table, matcher: Matcher,
    value: Callable[[dict[str, str]], Any], rule: str, key_column: str = "form",
) -> list[Mention]:
    """One mention per match, valued from the first matching row; the provenance names
    the row by its ``key_column``."""
    assert doc.norm is not None
    out = []
    for m in matcher.find(doc.norm.text):
        row = table.rows[m.payloads[0]]
        key = row[key_column]
        out.append(make_mention(doc, kind, m.start, m.end, value(row),
                                Provenance(rule, f"{table.tag}:{key}")))
    return out
