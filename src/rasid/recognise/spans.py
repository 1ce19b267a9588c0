"""Turn a match on normalised text into a Mention on the original text."""
from __future__ import annotations

from typing import Any

from rasid.model import Doc, Mention, Provenance


def make_mention(doc: Doc, kind: str, start: int, end: int, value: Any, provenance: Provenance) -> Mention:
    assert doc.norm is not None, "normalise the document before recognising"
    span = doc.norm.to_original(start, end)
    return Mention(kind, span, start, end, doc.article.text[span.start:span.end], value, provenance)
