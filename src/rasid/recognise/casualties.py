"""CASUALTY mentions: what happened to people (killed, injured...) and counting units
(person, household), from ``data/casualties.tsv``."""
from __future__ import annotations

from rasid.model import Doc, Mention
from rasid.recognise.lexicon_matchers import form_matcher, lexicon_mentions


def recognise_casualties(doc: Doc) -> list[Mention]:
    table, matcher = form_matcher("casualties")
    return lexicon_mentions(doc, "CASUALTY", table, matcher, lambda row: row["kind"], "casualty-lexicon")
