"""rasid (راصد): Arabic conflict news to sourced, geolocated, dated event records.

The public API is small:

- ``extract_events(text, published=...)``: the events of one article's text;
- ``process(Article(...))``: the whole annotated ``Doc`` (sentences, every recognised
  mention, and the events), for when you need more than the events;
- the records they return: ``Article``, ``Doc``, ``Event``, ``Claim``, ``Mention``, and
  ``Options`` (choices for a run, such as the statistical place tagger).

>>> events = extract_events("قتل 3 مدنيين في قصف على مدينة إدلب", published="2022-01-22")
>>> [(e.event_type, e.location.name, e.fatalities) for e in events]
[('Explosions/Remote violence', 'Idlib', 3)]
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from rasid.model import Article, Claim, Doc, Event, Mention, Options
from rasid.pipeline import extract_events, process

try:
    __version__ = version("rasid")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0+unknown"

__all__ = ["Article", "Claim", "Doc", "Event", "Mention", "Options", "extract_events", "process", "__version__"]
