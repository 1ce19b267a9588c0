"""CUE mentions: attribution (who says so), modality (alleged, denied), irrealis
(negation, future), anaphors (منهم) and clause boundaries, from ``data/cues.tsv``."""
from __future__ import annotations

from dataclasses import dataclass

from rasid.model import Doc, Mention
from rasid.recognise.lexicon_matchers import form_matcher, lexicon_mentions


@dataclass(frozen=True, slots=True)
class Cue:
    """What a cue word does (``kind``), its detail (claimant type, modality...) and, for a
    claimant, the English name it gives the source."""

    kind: str
    value: str
    label: str = ""


def recognise_cues(doc: Doc) -> list[Mention]:
    table, matcher = form_matcher("cues")
    return lexicon_mentions(doc, "CUE", table, matcher,
                            lambda row: Cue(row["kind"], row["value"], row["label"]), "cue-lexicon")
