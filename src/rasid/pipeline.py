"""The orchestrator: one article in, its annotated Doc and events out."""
from __future__ import annotations

from rasid.extract import extract_events
from rasid.fuse import merge_events
from rasid.model import Article, Doc, Options
from rasid.normalise import normalise, split_sentences
from rasid.recognise import recognise


def process(article: Article, options: Options = Options()) -> Doc:
    """Run normalise → recognise → extract → merge on one article."""
    doc = Doc(article=article, norm=normalise(article.text), options=options)
    doc.sentences = split_sentences(doc.norm)
    recognise(doc)
    doc.events = merge_events(extract_events(doc))
    return doc
