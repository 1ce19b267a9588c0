"""Mentions on the original text: making them from normalised offsets, dropping those
nested in others, and a Doc for a bare text (the inspection commands and evaluations)."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Any

from rasid.model import Article, Doc, Mention, Options, Provenance
from rasid.normalise import normalise


def text_doc(text: str, published: date | None = None, options: Options = Options()) -> Doc:
    """A normalised Doc for a text given alone."""
    return Doc(article=Article(doc_id="text", text=text, published=published), norm=normalise(text), options=options)


def without_nested(mentions: list[Mention], hosts: list[Mention]) -> list[Mention]:
    """``mentions`` less those lying inside one of ``hosts`` (which never overlap one another)."""
    hosts = sorted(hosts, key=lambda m: m.norm_start)
    starts = [m.norm_start for m in hosts]

    def inside(m: Mention) -> bool:
        i = bisect_right(starts, m.norm_start) - 1
        return i >= 0 and hosts[i].norm_end >= m.norm_end

    return [m for m in mentions if not inside(m)]


def original_text(doc: Doc, start: int, end: int) -> str:
    """The text the user gave for the normalised range ``[start, end)``."""
    span = doc.norm.to_original(start, end)
    return doc.article.text[span.start:span.end]


def make_mention(doc: Doc, kind: str, start: int, end: int, value: Any, provenance: Provenance) -> Mention:
    assert doc.norm is not None, "normalise the document before recognising"
    span = doc.norm.to_original(start, end)
    return Mention(kind, span, start, end, doc.article.text[span.start:span.end], value, provenance)
