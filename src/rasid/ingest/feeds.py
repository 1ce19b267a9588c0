"""RSS and Atom feeds: parse them, poll them conditionally, read the pages they list.

feedparser reads the feed; dates are taken as the publisher wrote them (RFC 822 or ISO
8601, the publisher's own day, not converted to UTC), else with rasid's Arabic date grammar
(absolute dates only: "السبت 22 يناير 2022", "٢١ كانون الثاني ٢٠٢٢", "22/01/2022"), which
feedparser leaves unparsed, else feedparser's own reading.
"""
from __future__ import annotations

import email.utils
import html
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin

from rasid.errors import BadFeed, EmptyInput, FetchError, InputError
from rasid.ingest.html import fetch_article, looks_like_feed, page_article
from rasid.ingest.http import FetchOptions, fetch
from rasid.ingest.settings import DEFAULT_MAX_FEED_ITEMS, IngestSettings
from rasid.model import Article, RawInput

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 900.0  # seconds between polls of a feed
MAX_BACKOFF = 6 * 3600.0  # a failing feed is still tried at least this often (or at its interval)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None
    published: date | None
    summary: str | None  # plain text


@dataclass(frozen=True, slots=True)
class FeedState:
    """What rasid remembers about a feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked: datetime | None = None  # UTC
    last_status: str = "new"  # ok | not_modified | error: <reason>
    consecutive_failures: int = 0
    next_due: datetime | None = None  # UTC; None: due now
    entries_seen: int = 0  # entries the feed listed when last read in full (a 200)


@dataclass(frozen=True, slots=True)
class PollResult:
    state: FeedState  # the updated state, to save
    entries: list[FeedEntry] = field(default_factory=list)  # empty when not modified or failed
    raw: RawInput | None = None  # the feed as received, kept with a problem for the quarantine
    problem: InputError | None = None


def is_feed(body: bytes, content_type: str = "") -> bool:
    """An RSS/Atom feed, by its content type or by its root element."""
    if content_type in FEED_TYPES:
        return True
    return looks_like_feed(body[:2048].lstrip(b"\xef\xbb\xbf").decode("latin-1"))


def parse_feed(body: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in feed order, one per page URL; raises ``BadFeed``."""
    import feedparser  # imported lazily: only feeds need it

    # a stream, never bytes: feedparser would take bytes for a file name
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": feed_url})
    if not parsed.get("version") and not parsed.entries:
        cause = parsed.get("bozo_exception")
        raise BadFeed(feed_url, "not an RSS or Atom feed" + (f" ({cause})" if cause else ""))
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        url = _entry_url(item, feed_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        title = " ".join((item.get("title") or "").split()) or None
        summary = _plain(item.get("summary") or "") or None
        entries.append(FeedEntry(url=url, title=title, published=_entry_date(item), summary=summary))
    return entries


def _entry_url(item, feed_url: str) -> str | None:  # noqa: ANN001 (a feedparser dict)
    for candidate in (item.get("link"), item.get("id")):
        if candidate:
            url = urljoin(feed_url, candidate.strip())
            if url.lower().startswith(("http://", "https://")):
                return url
    return None


def _entry_date(item) -> date | None:  # noqa: ANN001
    for key in ("published", "updated", "created"):
        raw = item.get(key)
        if raw:
            found = feed_date(raw)
            if found is not None:
                return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = item.get(key)
        if parsed:
            return date(*parsed[:3])
    return None


def feed_date(raw: str) -> date | None:
    """The day a feed's date string names, in the publisher's own time zone; None if it names none."""
    raw = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        pass
    from rasid.recognise.dates import day_stated_in  # the Arabic date grammar

    return day_stated_in(raw)


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def poll_feed(url: str, state: FeedState | None, *, interval: float = DEFAULT_INTERVAL,
              now: datetime | None = None, options: FetchOptions = FetchOptions(),
              max_backoff: float = MAX_BACKOFF, max_items: int = DEFAULT_MAX_FEED_ITEMS) -> PollResult:
    """Fetch a feed conditionally (ETag, Last-Modified) and return its entries and the new state.

    A 304 gives no entries. A failure gives no entries, a problem (for ``on_input``) and a
    state whose ``next_due`` backs off: twice the interval per consecutive failure, up to
    ``max_backoff`` (or the interval, if longer). A feed listing more than ``max_items``
    gives its first ``max_items``, and a state without validators, so the next poll reads it
    in full and goes on with the pages not yet had. Never raises.
    """
    now = now or datetime.now(timezone.utc)
    state = state or FeedState(url=url)
    try:
        result = fetch(url, etag=state.etag, last_modified=state.last_modified, **options.kwargs())
    except FetchError as error:
        return failed_poll(state, now, interval, RawInput(url, b""), error.as_input_error(url), max_backoff)
    ok = replace(state, last_checked=now, consecutive_failures=0, next_due=now + timedelta(seconds=interval))
    if result.not_modified:
        return PollResult(replace(ok, last_status="not_modified", etag=result.etag or state.etag,
                                  last_modified=result.last_modified or state.last_modified))
    raw = RawInput(url, result.body)
    try:
        if not is_feed(result.body, result.content_type):
            raise BadFeed(url, f"not an RSS or Atom feed (the server sent {result.content_type or 'no type'})")
        entries = parse_feed(result.body, result.url)
    except InputError as problem:
        return failed_poll(state, now, interval, raw, problem, max_backoff)
    if len(entries) > max_items:
        return PollResult(replace(ok, last_status=f"ok: took the first {max_items} of {len(entries)} entries "
                                                  "(--max-feed-items)", etag=None, last_modified=None,
                                  entries_seen=len(entries)), entries[:max_items], raw)
    return PollResult(replace(ok, last_status="ok", etag=result.etag, last_modified=result.last_modified,
                              entries_seen=len(entries)), entries, raw)


def failed_poll(state: FeedState, now: datetime, interval: float, raw: RawInput, problem: InputError,
                max_backoff: float = MAX_BACKOFF) -> PollResult:
    """The result of a failed poll: the problem, and the state backed off."""
    failures = state.consecutive_failures + 1
    delay = min(interval * 2 ** min(failures, 32), max(max_backoff, interval))
    return PollResult(replace(state, last_checked=now, last_status=f"error: {problem.reason}",
                              consecutive_failures=failures, next_due=now + timedelta(seconds=delay)),
                      raw=raw, problem=problem)


def read_url(url: str, settings: IngestSettings = IngestSettings()
             ) -> Iterator[tuple[RawInput, Article | InputError]]:
    """A URL given as an input: a feed yields the pages it lists, anything else is one page."""
    try:
        result = fetch(url, **settings.fetch.kwargs())
    except FetchError as error:
        yield RawInput(url, b""), error.as_input_error(url)
        return
    raw = RawInput(url, result.body)
    if not is_feed(result.body, result.content_type):
        yield raw, page_article(url, result, published=settings.published, settings=settings)
        return
    try:
        entries = parse_feed(result.body, result.url)
    except InputError as problem:
        yield raw, problem
        return
    if not entries:
        yield raw, EmptyInput(url, "the feed lists no pages")
    if len(entries) > settings.max_feed_items:
        log.warning("%s lists %d pages; reading the first %d (--max-feed-items)", url, len(entries),
                    settings.max_feed_items)
    for entry in entries[:settings.max_feed_items]:
        yield fetch_article(entry.url, published=entry.published or settings.published, settings=settings)
