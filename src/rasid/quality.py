"""How well this rasid codes a team's own sources: the articles the team reviewed in full
(``Store.gold_documents``) are extracted again, as a new article would be, and scored
against the reviews (``rasid.scoring``). Each run's headline figures are kept in the store
(``schema.QualityRun``), so the team sees its machine's quality move over time and
across rasid versions.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from rasid.errors import InputError
from rasid.model import Article, RawInput
from rasid.pipeline import Options, extracted, process_all
from rasid.scoring import Scores, score


def extract_again(gold: list[dict[str, Any]], options: Options = Options(),
                  workers: int = 1) -> list[dict[str, Any]]:
    """This rasid's events (FORMAT.md event lines) for the articles of gold lines; an
    article it cannot process predicts nothing (and costs recall, as it should)."""
    units = [(RawInput(f"gold:{line['doc_id']}", line["text"].encode("utf-8")),
              Article(doc_id=line["doc_id"], text=line["text"], title=line.get("title"), url=line.get("url"),
                      published=date.fromisoformat(line["published"]) if line.get("published") else None))
             for line in gold]
    return [event for _raw, found in process_all(units, options, workers, prepare=extracted)
            if not isinstance(found, InputError) for event in found.events]


def measure(gold: list[dict[str, Any]], options: Options = Options(), workers: int = 1) -> Scores:
    """The scorer's figures for this rasid on ``gold`` (gold lines, e.g. the store's reviews)."""
    return score(gold, extract_again(gold, options, workers))
