"""CUE mentions: attribution (who says so), modality (alleged, denied), irrealis
(negation, future) and clause boundaries, from ``data/cues.tsv``."""
from __future__ import annotations

from rasid.model import Doc, Mention
from rasid.recognise.lexicon_matchers import form_matcher, lexicon_mentions


def recognise_cues(doc: Doc) -> list[Mention]:
    table, matcher = form_matcher("cues")
    return lexicon_mentions(doc, "CUE", table, matcher, lambda row: (row["kind"], row["value"]), "cue-lexicon")
