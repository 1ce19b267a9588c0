"""Web sources: fetch pages and feeds, read an article out of an HTML page, watch feeds.

- ``http``: ``fetch`` (conditional GET, retries with backoff, size cap) -> ``FetchResult``.
- ``html``: ``article_from_html`` (main text, title, markup date, boilerplate removed).
- ``feeds``: ``parse_feed``, ``poll_feed`` with ``FeedState``.
- ``watch``: ``load_feeds`` (YAML), ``watch.watch`` over a ``FeedStateStore`` (the package
  attribute ``watch`` is the module, so import the function from ``rasid.sources.watch``).

Names are loaded on first use, so ``import rasid.sources`` stays cheap and ``rasid.ingest``
can import ``rasid.sources.http`` without a cycle.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "fetch": "http", "FetchResult": "http", "FetchOptions": "http", "USER_AGENT": "http",
    "article_from_html": "html", "fetch_article": "html",
    "parse_feed": "feeds", "poll_feed": "feeds", "FeedEntry": "feeds", "FeedState": "feeds",
    "PollResult": "feeds", "read_url": "feeds",
    "load_feeds": "watch", "FeedConfig": "watch", "FeedStateStore": "watch",
    "MemoryFeedStates": "watch", "WatchReport": "watch",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"rasid.sources.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'rasid.sources' has no attribute {name!r}")
