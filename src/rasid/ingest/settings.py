"""How inputs are read, and what every article text must be to go down the pipeline."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rasid.errors import BadDate, BinaryInput, EmptyInput, NotArabic, TooLarge
from rasid.ingest.http import FetchOptions

EARLIEST_PUBLISHED = date(1900, 1, 1)  # before it, a publication day is a typo or a placeholder (0001-01-01)
MAX_NUL_NOISE, MAX_NUL_SHARE = 8, 0.01  # NULs a text may hold, and their share, before it is binary data
DEFAULT_MAX_FEED_ITEMS = 100  # a news feed lists 10-50 items; 10,000 is an attack or a dump
DEFAULT_MAX_CHARS = 200_000  # a long news article is ~50k characters; 200k take ~1 s to read (--max-chars)
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")


@dataclass(frozen=True, slots=True)
class IngestSettings:
    published: date | None = None  # for inputs that do not carry their own date
    published_field: str | None = None  # the JSON field that holds the publication date (else the usual names)
    text_field: str | None = None  # the JSON field that holds the article text (else the usual names)
    max_chars: int = DEFAULT_MAX_CHARS
    min_arabic_share: float = 0.5  # of the letters
    fetch: FetchOptions = field(default_factory=FetchOptions)  # for URL inputs
    max_feed_items: int = DEFAULT_MAX_FEED_ITEMS  # pages read from one feed in one pass (--max-feed-items)


def check_text(where: str, text: str, settings: IngestSettings) -> None:
    """Raise the InputError for an empty, too long or non-Arabic article text."""
    if not text.strip():
        raise EmptyInput(where, "the article text is empty")
    nuls = text.count("\x00")
    if nuls > MAX_NUL_NOISE and nuls > MAX_NUL_SHARE * len(text):  # a few are noise (and go); many are data
        raise BinaryInput(where, f"the text holds {nuls:,} NUL characters in {len(text):,}: binary or UTF-16 "
                                 "data, not an article's text")
    if len(text) > settings.max_chars:
        raise TooLarge(where, f"article is {len(text):,} characters, over the limit of "
                              f"{settings.max_chars:,} (--max-chars)")
    letters = sum(1 for c in text if c.isalpha())
    arabic = len(_ARABIC_LETTER.findall(text))
    if not letters or arabic / letters < settings.min_arabic_share:
        raise NotArabic(where, f"only {arabic} of {letters} letters are Arabic: "
                               "rasid reads Arabic articles")


def check_published(where: str, published: date | None) -> None:
    """Raise ``BadDate`` for a publication day no news article has: before 1900 or after
    tomorrow (a placeholder such as 0001-01-01 or 9999-12-31). Relative dates resolve
    against it, so one wrong year would date every event of the article wrong."""
    latest = date.today() + timedelta(days=1)
    if published is not None and not EARLIEST_PUBLISHED <= published <= latest:
        raise BadDate(where, f"published {published.isoformat()} is not a plausible publication day: rasid reads "
                             f"news published from {EARLIEST_PUBLISHED.isoformat()} to {latest.isoformat()}")
