"""ACTOR mentions from the actor dictionary (``data/actors.tsv``), and DEMONYM mentions: a
state named by its adjective (``data/demonyms.tsv``), valued with that state's forces."""
from __future__ import annotations

from functools import cache

from rasid.lexicon import load_table, split_aliases
from rasid.model import Actor, Doc, Mention
from rasid.normalise import name_rank, name_search_key
from rasid.recognise.lexicon_matchers import alias_matcher, form_matcher, lexicon_mentions

UNARMED_INTERS = (6, 7)  # ACLED inter codes of protesters and civilians


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


def search_actors(query: str, limit: int = 10) -> list[Actor]:
    """Dictionary actors a reviewer means by ``query``: an English or Arabic name, an alias,
    or its beginning (``name_rank``); the dictionary's order among equals."""
    key = name_search_key(query)
    ranked = sorted((rank, i) for i, names in enumerate(_search_keys()) if (rank := name_rank(key, names)) is not None)
    rows = load_table("actors").rows
    return [actor_from_row(rows[i]) for _, i in ranked[:limit]]


@cache
def _search_keys() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys(name_search_key(name) for name in (
        row["id"], row["name"], *split_aliases(row["aliases_ar"]), *split_aliases(row["aliases_en"])) if name))
        for row in load_table("actors").rows)


@cache
def _by_country() -> dict[tuple[str, str], str]:
    return {(r["generic"], r["country"]): r["actor"] for r in load_table("actor_by_country").rows}


def in_country(actor: Actor, *countries: str) -> Actor:
    """The party a generic or ambiguous actor stands for in the first of ``countries`` that
    it belongs to or that has a row for it in ``data/actor_by_country.tsv`` (الشرطة in
    Istanbul: Police Forces of Turkey; طيران التحالف over Raqqa: the International
    Coalition); other actors as they are. Callers pass the event's country, then the
    article's, most named first, so that المقاومة striking an Israeli post in a Lebanese
    report is Hezbollah, while in Aden it stays Yemen's Popular Resistance."""
    for country in countries:
        if actor.country == country:
            return actor
        specific = _by_country().get((actor.id, country))
        if specific:
            return actor_by_id(specific)
    return actor


def recognise_actors(doc: Doc) -> list[Mention]:
    table, matcher = alias_matcher("actors")
    return lexicon_mentions(doc, "ACTOR", table, matcher, actor_from_row, "actor-dictionary", "id")


def recognise_demonyms(doc: Doc) -> list[Mention]:
    """الإسرائيلية، تركي: extraction takes one as an attack's author only when it qualifies
    the attack's word (غارة إسرائيلية، قصف مدفعي تركي)."""
    table, matcher = form_matcher("demonyms", accusative=True)
    return lexicon_mentions(doc, "DEMONYM", table, matcher, lambda row: actor_by_id(row["actor"]), "demonym-lexicon")
