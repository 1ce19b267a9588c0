"""Ingest: everything rasid reads, turned into ``Article`` records or ``InputError`` values.

- ``files``: .txt, .html and JSON Lines files, folders, stdin; ``read_inputs`` is the entry point.
- ``html``: the article in an HTML page (main text, title, date, boilerplate removed).
- ``http``: polite fetching (conditional requests, retries, size cap).
- ``feeds``: RSS and Atom feeds, polled conditionally, and the pages they list.
- ``watch``: the loop that polls feeds when due (``rasid watch``).
- ``settings``: the reading settings and the check every article text passes.

Submodules import each other, never this package, so that it has no import circle.
"""
from __future__ import annotations

from rasid.ingest.files import PUBLISHED_FIELDS, TEXT_FIELDS, count_inputs, parse_day, read_inputs
from rasid.ingest.settings import DEFAULT_MAX_CHARS, IngestSettings, check_published, check_text

__all__ = ["DEFAULT_MAX_CHARS", "PUBLISHED_FIELDS", "TEXT_FIELDS", "IngestSettings", "check_published", "check_text",
           "count_inputs", "parse_day", "read_inputs"]
