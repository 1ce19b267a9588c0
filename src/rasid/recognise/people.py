"""PERSON mentions: a title and the name after it (القيادي “جمال كوباني”), linked to the
group the text places the person in (القيادي في قسد جمال كوباني).

People are found after the other recognisers, from their mentions: a group is an ACTOR
mention between the title and the name, and a name stops where another mention starts,
except a place, which inside a name is a family name (كوباني), not where anything happened.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rasid.model import Actor, Doc, Mention, Provenance
from rasid.normalise import tokens
from rasid.recognise.lexicon_matchers import form_matcher, word_set
from rasid.recognise.spans import make_mention

MAX_NAME_TOKENS = 4  # عبدربه منصور هادي، أبو بكر البغدادي
QUOTES = "\"'«»“”‘’"
NAME_MAY_HOLD = ("PLACE",)  # after the given name, a nisba such as كوباني is part of the name


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, the title that introduced them and their group when the text says."""

    name: str
    title: str
    group: Actor | None = None


def recognise_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """One PERSON mention per title followed by a name; ``mentions`` are the other
    recognisers' mentions in text order."""
    text = doc.norm.text
    table, matcher = form_matcher("person_titles")
    starts = [m.norm_start for m in mentions]
    out = []
    for match in matcher.find(text):
        cursor, group = match.end, None
        complement = _complement(mentions, starts, text, cursor)
        if complement is not None:  # the group (القيادي في قسد) or the place (محافظ شبوة) of the title
            cursor = complement.norm_end
            group = complement.value if complement.kind == "ACTOR" else None
        name = _name(text, cursor, mentions, starts)
        if name is None:
            continue
        start, end = name
        title = table.rows[match.payloads[0]]["form"]
        out.append(make_mention(doc, "PERSON", start, end, Person(text[start:end], title, group),
                                Provenance("title-then-name", f"{table.tag}:{title}")))
    return out


def _complement(mentions: list[Mention], starts: list[int], text: str, cursor: int) -> Mention | None:
    """An ACTOR or PLACE mention at the next word, or at the one after a preposition."""
    following = tokens(text, cursor, min(len(text), cursor + 40))
    if not following or text[cursor:following[0][0]].strip(" "):
        return None
    positions = [following[0][0]]
    if len(following) > 1 and text[slice(*following[0])] in word_set("function_words"):
        positions.append(following[1][0])
    for position in positions:
        i = bisect_left(starts, position)
        if i < len(mentions) and mentions[i].norm_start == position and mentions[i].kind in ("ACTOR", "PLACE"):
            return mentions[i]
    return None


def _name(text: str, cursor: int, mentions: list[Mention], starts: list[int]) -> tuple[int, int] | None:
    """The name's span: quoted after the title, or up to four words opening with a given
    name (data/given_names.tsv) that are not function words or other mentions."""
    following = tokens(text, cursor, min(len(text), cursor + 120))
    if not following:
        return None
    opening = text[cursor:following[0][0]].strip(" ")
    if opening and opening[-1] in QUOTES:
        close = min((text.find(q, following[0][0]) for q in QUOTES if text.find(q, following[0][0]) >= 0), default=-1)
        inside = [t for t in following if close < 0 or t[1] <= close]
        return (inside[0][0], inside[-1][1]) if inside and len(inside) <= MAX_NAME_TOKENS else None
    if opening or text[slice(*following[0])] not in word_set("given_names"):
        return None  # unquoted, a name opens with a given name (not a verb: المحافظ وجه)
    words = []
    for start, end in following[:MAX_NAME_TOKENS]:
        if words and text[words[-1][1]:start].strip(" "):
            break  # punctuation ends the name
        if text[start:end] in word_set("function_words") or _starts_mention(mentions, starts, start, first=not words):
            break
        words.append((start, end))
    return (words[0][0], words[-1][1]) if words else None


def _starts_mention(mentions: list[Mention], starts: list[int], position: int, first: bool) -> bool:
    """Whether a mention starts here that cannot be part of a name (any, for its first word)."""
    i = bisect_left(starts, position)
    return (i < len(mentions) and mentions[i].norm_start == position
            and (first or mentions[i].kind not in NAME_MAY_HOLD))
