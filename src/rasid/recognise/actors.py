"""ACTOR mentions from the actor dictionary (``data/actors.tsv``)."""
from __future__ import annotations

from functools import cache

from rasid.lexicon import load_table, split_aliases
from rasid.model import Actor, Doc, Mention
from rasid.recognise.lexicon_matchers import alias_matcher, lexicon_mentions


def actor_from_row(row: dict[str, str]) -> Actor:
    aliases = split_aliases(row["aliases_ar"])
    return Actor(id=row["id"], name=row["name"], name_ar=aliases[0] if aliases else "",
                 inter=int(row["inter"]), country=row["country"], kind=row["kind"])


@cache
def actor_by_id(actor_id: str) -> Actor:
    for row in load_table("actors").rows:
        if row["id"] == actor_id:
            return actor_from_row(row)
    raise KeyError(f"no actor {actor_id!r} in actors.tsv")


def recognise_actors(doc: Doc) -> list[Mention]:
    table, matcher = alias_matcher("actors")
    return lexicon_mentions(doc, "ACTOR", table, matcher, actor_from_row, "actor-dictionary", "id")
