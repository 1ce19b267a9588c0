"""Watch feeds: poll each when due, read the new pages they list, hand them on.

``load_feeds`` reads the feeds file (YAML)::

    interval: 900            # seconds between polls, for feeds that do not set their own
    feeds:
      - url: https://example.org/rss.xml
        name: Example news   # optional (default: the outlet)
        outlet: example.org  # optional (default: the domain of each page)
        interval: 600        # optional

``watch`` polls every due feed, fetches each listed page that ``already_have`` does not
know, and hands (raw input, article or problem) to ``on_input``; a failing feed or page is
an ``InputError`` given to ``on_input``, never an exception. The feed's state (ETag,
Last-Modified, failures, next due time) is saved to ``states`` after each feed.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from rasid.errors import FeedConfigError, InputError, ProcessingFailed
from rasid.ingest.feeds import DEFAULT_INTERVAL, FeedState, failed_poll, poll_feed
from rasid.ingest.html import fetch_article, outlet_of
from rasid.ingest.settings import IngestSettings
from rasid.model import Article, RawInput

_FEED_KEYS = ("url", "name", "outlet", "interval")
_TOP_KEYS = ("feeds", "interval")
MIN_SLEEP = 1.0  # seconds: never spin, whatever the clock says


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    name: str
    outlet: str | None = None  # None: each page's domain
    interval: float = DEFAULT_INTERVAL


class FeedStateStore(Protocol):
    """Where feed states live between polls (the database, or memory in tests)."""

    def get(self, url: str) -> FeedState | None: ...

    def put(self, state: FeedState) -> None: ...


class MemoryFeedStates:
    """A ``FeedStateStore`` in a dict."""

    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}

    def get(self, url: str) -> FeedState | None:
        return self.states.get(url)

    def put(self, state: FeedState) -> None:
        self.states[state.url] = state


@dataclass(slots=True)
class WatchReport:
    cycles: int = 0  # passes over the feed list
    polls: int = 0
    not_modified: int = 0
    feed_failures: int = 0
    entries: int = 0  # entries listed by the feeds that changed
    skipped: int = 0  # entries already had
    articles: int = 0  # pages read into articles
    problems: int = 0  # InputErrors handed to on_input (feeds and pages)


def load_feeds(path: str | Path) -> list[FeedConfig]:
    """The feeds in a YAML feeds file; raises ``FeedConfigError`` naming the file and the problem."""
    import yaml  # imported lazily: only watching needs it

    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FeedConfigError(where, f"cannot read the feeds file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise FeedConfigError(where, f"not UTF-8 (byte {exc.start})") from None
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FeedConfigError(where, f"not valid YAML{at}: {problem}") from None
    if not isinstance(config, dict):
        raise FeedConfigError(where, "expected a mapping with a 'feeds' list (feeds: - url: ...)")
    _no_unknown_keys(where, "the file", config, _TOP_KEYS)
    default_interval = _interval(where, "the top-level 'interval'", config.get("interval", DEFAULT_INTERVAL))
    items = config.get("feeds")
    if not isinstance(items, list) or not items:
        raise FeedConfigError(where, "'feeds' must be a non-empty list of feeds (- url: https://...)")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        label = f"feed {n}"
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            raise FeedConfigError(where, f"{label} must be a mapping with a 'url' (or a URL), not {item!r}")
        _no_unknown_keys(where, label, item, _FEED_KEYS)
        url = item.get("url")
        if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
            raise FeedConfigError(where, f"{label} needs a 'url' starting with http:// or https:// (got {url!r})")
        url = url.strip()
        if url in seen:
            raise FeedConfigError(where, f"{label} repeats the URL {url}")
        seen.add(url)
        outlet = item.get("outlet")
        if outlet is not None and not isinstance(outlet, str):
            raise FeedConfigError(where, f"{label}: 'outlet' must be text")
        name = item.get("name")
        if name is not None and not isinstance(name, str):
            raise FeedConfigError(where, f"{label}: 'name' must be text")
        feeds.append(FeedConfig(url=url, name=name or outlet or outlet_of(url) or url, outlet=outlet or None,
                                interval=_interval(where, f"{label}: 'interval'", item.get("interval", default_interval))))
    return feeds


def _no_unknown_keys(where: str, label: str, mapping: dict[Any, Any], known: tuple[str, ...]) -> None:
    unknown = [str(k) for k in mapping if k not in known]
    if unknown:
        raise FeedConfigError(where, f"{label} has unknown key(s) {', '.join(map(repr, unknown))} "
                                     f"(known: {', '.join(known)})")


def _interval(where: str, label: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise FeedConfigError(where, f"{label} must be a positive number of seconds, not {value!r}")
    return float(value)


def watch(feeds: Iterable[FeedConfig], *, states: FeedStateStore,
          on_input: Callable[[RawInput, Article | InputError], None], already_have: Callable[[str], bool],
          once: bool = False, stop: threading.Event | None = None, clock: Any = time,
          settings: IngestSettings = IngestSettings()) -> WatchReport:
    """Poll the feeds until ``stop`` is set (or one pass when ``once``); returns what was done.

    ``clock`` needs ``time()`` (and ``sleep(seconds)`` when there is no ``stop`` event).
    ``settings`` gives the fetch options and the fallback publication date. Exceptions
    raised by ``on_input`` or ``states`` (a broken database) are not caught.
    """
    feeds = list(feeds)
    report = WatchReport()
    while not (stop and stop.is_set()):
        report.cycles += 1
        handed: set[str] = set()  # pages handed on in this pass (a story in two feeds)
        for feed in feeds:
            if stop and stop.is_set():
                break
            state = states.get(feed.url)
            now = _now(clock)
            if not once and state and state.next_due and _utc(state.next_due) > now:
                continue
            _watch_feed(feed, state, now, states, on_input, already_have, handed, settings, report)
        if once:
            break
        _sleep(_until_next(feeds, states, clock), stop, clock)
    return report


def _watch_feed(feed: FeedConfig, state: FeedState | None, now: datetime, states: FeedStateStore,
                on_input: Callable[[RawInput, Article | InputError], None], already_have: Callable[[str], bool],
                handed: set[str], settings: IngestSettings, report: WatchReport) -> None:
    report.polls += 1
    try:
        result = poll_feed(feed.url, state, interval=feed.interval, now=now, options=settings.fetch,
                           max_items=settings.max_feed_items)
    except Exception as exc:  # noqa: BLE001 (a bug on one feed must not stop the watch)
        problem = ProcessingFailed(feed.url, f"polling failed: {type(exc).__name__}: {exc}")
        result = failed_poll(state or FeedState(url=feed.url), now, feed.interval, RawInput(feed.url, b""), problem)
    if result.problem is not None:
        report.feed_failures += 1
        report.problems += 1
        on_input(result.raw or RawInput(feed.url, b""), result.problem)
    elif result.state.last_status == "not_modified":
        report.not_modified += 1
    report.entries += len(result.entries)
    for entry in result.entries:
        if entry.url in handed or already_have(entry.url):
            report.skipped += 1
            continue
        handed.add(entry.url)
        try:
            raw, item = fetch_article(entry.url, published=entry.published or settings.published,
                                      outlet=feed.outlet, settings=settings)
        except Exception as exc:  # noqa: BLE001
            raw, item = RawInput(entry.url, b""), ProcessingFailed(
                entry.url, f"reading the page failed: {type(exc).__name__}: {exc}")
        if isinstance(item, InputError):
            report.problems += 1
        else:
            report.articles += 1
        on_input(raw, item)
    states.put(result.state)


def _now(clock: Any) -> datetime:
    return datetime.fromtimestamp(clock.time(), timezone.utc)


def _utc(moment: datetime) -> datetime:
    """A stored time as UTC: a store that drops the zone (SQLite) gives naive UTC times back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _until_next(feeds: list[FeedConfig], states: FeedStateStore, clock: Any) -> float:
    now = _now(clock)
    waits = []
    for feed in feeds:
        state = states.get(feed.url)
        due = _utc(state.next_due) if state and state.next_due else now
        waits.append((due - now).total_seconds())
    return max(MIN_SLEEP, min(waits, default=DEFAULT_INTERVAL))


def _sleep(seconds: float, stop: threading.Event | None, clock: Any) -> None:
    if stop is not None:
        stop.wait(seconds)
    else:
        clock.sleep(seconds)
