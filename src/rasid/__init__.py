"""rasid (راصد): Arabic conflict news to sourced, geolocated, dated event records.

>>> from rasid import Article, process
>>> doc = process(Article(doc_id="x", text="...", published=date(2022, 1, 22)))
>>> [e.to_json() for e in doc.events]
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from rasid.model import Article, Claim, Doc, Event, Mention
from rasid.pipeline import process

try:
    __version__ = version("rasid")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0+unknown"

__all__ = ["Article", "Claim", "Doc", "Event", "Mention", "process", "__version__"]
