"""Recognisers: each reads a normalised Doc and returns typed mentions with spans."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from rasid.model import Doc, Mention
from rasid.recognise.actors import recognise_actors
from rasid.recognise.casualties import recognise_casualties
from rasid.recognise.cues import recognise_cues
from rasid.recognise.dates import recognise_dates
from rasid.recognise.numbers import recognise_numbers
from rasid.recognise.places import recognise_places
from rasid.recognise.triggers import recognise_triggers

RECOGNISERS: tuple[Callable[[Doc], list[Mention]], ...] = (
    recognise_actors, recognise_places, recognise_dates, recognise_numbers,
    recognise_triggers, recognise_casualties, recognise_cues,
)


def recognise(doc: Doc) -> Doc:
    """Add every recogniser's mentions to ``doc``, in text order.

    A place named inside an actor's name (سوريا in قوات سوريا الديمقراطية) is part of
    the name, and a number inside a date (20 in 20 يناير) part of the date, so they are dropped.
    """
    mentions = sorted((m for recogniser in RECOGNISERS for m in recogniser(doc)),
                      key=lambda m: (m.norm_start, m.norm_end))
    for inner, outer in (("PLACE", "ACTOR"), ("NUMBER", "DATE")):
        hosts = [m for m in mentions if m.kind == outer]  # never overlap one another
        starts = [m.norm_start for m in hosts]
        mentions = [m for m in mentions if m.kind != inner or not _inside(m, hosts, starts)]
    doc.mentions = mentions
    return doc


def _inside(mention: Mention, spans: list[Mention], starts: list[int]) -> bool:
    i = bisect_right(starts, mention.norm_start) - 1
    return i >= 0 and spans[i].norm_end >= mention.norm_end
