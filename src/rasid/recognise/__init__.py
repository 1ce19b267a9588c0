"""Recognisers: each reads a normalised Doc and returns typed mentions with spans."""
from __future__ import annotations

from collections.abc import Callable

from rasid.model import Doc, Mention
from rasid.recognise.actors import recognise_actors, recognise_demonyms
from rasid.recognise.casualties import recognise_casualties
from rasid.recognise.cues import recognise_cues
from rasid.recognise.dates import recognise_dates
from rasid.recognise.numbers import recognise_numbers
from rasid.recognise.people import recognise_people
from rasid.recognise.places import recognise_places
from rasid.recognise.spans import without_nested
from rasid.recognise.triggers import recognise_triggers

RECOGNISERS: tuple[Callable[[Doc], list[Mention]], ...] = (
    recognise_actors, recognise_demonyms, recognise_places, recognise_dates, recognise_numbers,
    recognise_triggers, recognise_casualties, recognise_cues,
)


def recognise(doc: Doc) -> Doc:
    """Add every recogniser's mentions to ``doc``, in text order.

    People are found last, from the others' mentions. A place or a casualty word named
    inside an actor's or a person's name (سوريا in قوات سوريا الديمقراطية، كوباني in جمال
    كوباني، شهداء in كتائب شهداء الأقصى) is part of the name, and a number or a month name inside a date (20 and آب in 20 أغسطس (آب), not the
    town إب) part of the date, so they are dropped.
    """
    mentions = sorted((m for recogniser in RECOGNISERS for m in recogniser(doc)), key=lambda m: (m.norm_start, m.norm_end))
    mentions += recognise_people(doc, mentions)
    for inner, outer in (("DEMONYM", "ACTOR"), ("DEMONYM", "PERSON"), ("CASUALTY", "ACTOR"),
                         ("PLACE", "ACTOR"), ("PLACE", "PERSON"), ("PLACE", "DATE"), ("NUMBER", "DATE")):
        mentions = ([m for m in mentions if m.kind != inner]
                    + without_nested([m for m in mentions if m.kind == inner], [m for m in mentions if m.kind == outer]))
    doc.mentions = sorted(mentions, key=lambda m: (m.norm_start, m.norm_end))
    return doc
