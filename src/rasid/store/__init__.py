"""Store: a living event database (SQLite by default, PostgreSQL for teams).

``Store(url)`` opens (and migrates) a database: a file path or ``sqlite:///...`` for
SQLite in WAL mode, ``postgresql+psycopg://...`` for PostgreSQL; ``RASID_DATABASE_URL``
names the default. ``save`` stores one article in its own transaction, ``save_many`` a
batch in one (the store comes out the same): a crash leaves no partial article or batch,
and saving the same article again stores it once. Each of its events is fused with the
events already known (``rasid.fuse.across_articles``, through ``writer.Writer``) or founds
a new one with a stable id; an event whose last source goes away is marked deleted, never
reused.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Text, cast, create_engine, event as sa_event, func, or_, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, undefer

from rasid import __version__
from rasid.access import ROLES
from rasid.errors import InputError, RasidError
from rasid.export.filters import utc_moment
from rasid.alerts.search import SavedSearch
from rasid.model import Doc, RawInput
from rasid.scoring import Scores
from rasid.store import schema as db
from rasid.store.derive import refresh
from rasid.store.feeds import FeedStates
from rasid.store.alerts import (
    Due, alert_record, check_alert, delivery_record, last_deliveries, lease_due, message_record, new_alert, settle,
)
from rasid.store.gold import gold_documents
from rasid.store.migrate import upgrade
from rasid.store.queries import NO_DAY, EventQuery, next_cursor, page_query, stats_queries
from rasid.store.records import ArticleRecord, article_record, audit_record, event_record, utc, utc_iso
from rasid.store.review import apply_review, needs
from rasid.store.writer import SaveResult, Writer, now, take_writer_lock

__all__ = ["ArticleRecord", "SaveResult", "article_record", "Store", "StoreUnavailable", "database_url",
           "open_store"]

log = logging.getLogger(__name__)
DEFAULT_URL_ENV = "RASID_DATABASE_URL"
STATS_TTL = 60.0  # seconds a remembered answer of stats() may be served, changed store or not
STATS_REMEMBERED = 256  # answers of stats() kept (the oldest goes first)
ANALYZE_FROM = 100  # articles written before PostgreSQL's statistics are first refreshed
KEY_USE_NOTED_EVERY = timedelta(minutes=1)
WRITE_ATTEMPTS = 6  # tries of a write transaction that meets another writer
WRITE_BACKOFF = 0.05  # seconds before the second try; doubled each time, with jitter
T = TypeVar("T")


def database_url(target: str | Path | None = None) -> str:
    """A SQLAlchemy URL from a URL, a SQLite file path, or ``RASID_DATABASE_URL``, else ``rasid.db``."""
    target = str(target) if target else os.environ.get(DEFAULT_URL_ENV, "rasid.db")
    return target if "://" in target else f"sqlite:///{target}"


class StoreUnavailable(RasidError):
    """A store that cannot be opened: a folder, a file that is no database, or (for reading
    commands) a store that does not exist; the message says what to do."""

    code = "store_unavailable"


SQLITE_HEADER = b"SQLite format 3\x00"


def open_store(target: str | Path | None = None, *, must_exist: bool = False) -> Store:
    """Open a store, refusing with a clear ``StoreUnavailable`` what would otherwise be a
    traceback or, worse, a new empty store under a mistyped name."""
    url = database_url(target)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.is_dir():
            raise StoreUnavailable(f"{path} is a folder, not a store: name a file, e.g. --db {path / 'rasid.db'}")
        if path.exists() and path.stat().st_size and _header(path) != SQLITE_HEADER:
            raise StoreUnavailable(f"{path} is not a rasid store (not a SQLite database)")
        if must_exist and not path.exists():
            raise StoreUnavailable(f"no store at {path}: check the name, or create it with "
                                   f"'rasid ingest INPUT --db {path}'")
    try:
        return Store(url)
    except DBAPIError as exc:
        reason = " ".join(str(exc.orig).split())  # the driver's message, on one line
        hint = " (create it first, e.g. with createdb)" if "does not exist" in reason else ""
        raise StoreUnavailable(f"cannot open the store {url}: {reason}{hint}") from None


def _header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER))




class Store:
    """The event store behind ``rasid ingest``, ``rasid export`` and ``rasid serve``."""

    def __init__(self, target: str | Path | None = None) -> None:
        self.url = database_url(target)
        self.engine = _engine(self.url)
        upgrade(self.engine)
        self._stats: dict[tuple, tuple] = {}  # query -> (store version, when, answer)
        self._written = 0  # articles this process saved, and how many when statistics were last refreshed
        self._analyzed_at = ANALYZE_FROM // 2
        # SQLite has one writer at a time and lets waiting ones poll for it, so a busy writer
        # (an ingest) starves the others of the process (the alert deliverer, API writes):
        # they take turns in arrival order here instead. PostgreSQL queues them itself.
        self._turns = TicketLock() if self.engine.dialect.name == "sqlite" else nullcontext()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------

    def save(self, doc: Doc, raw: RawInput | None = None) -> SaveResult:
        """Store an article and fuse its events, in one transaction."""
        [result] = self.save_many([article_record(doc, raw)])
        return result

    def save_many(self, records: list[ArticleRecord]) -> list[SaveResult]:
        """Store articles and fuse their events, all in one transaction: the same store as
        saving them one by one, at a fraction of the cost. Should the batch fail, each
        article is saved alone, so one bad article costs only itself."""
        try:
            results = self._write(records, lambda writer: [writer.save(record) for record in records])
        except Exception as exc:
            if len(records) == 1:
                raise
            log.warning("a batch of %d articles failed (%s: %s); storing them one by one",
                        len(records), type(exc).__name__, exc)
            return [self.save_many([record])[0] for record in records]
        self._written += len(records)
        self._analyze()
        return results

    def quarantine(self, raw: RawInput, problem: InputError) -> None:
        """Keep an input that could not be processed, raw, with its reason."""
        self._write([], lambda writer: writer.quarantine(raw, problem))

    def _write(self, records: list[ArticleRecord], work: Callable[[Writer], T]) -> T:
        """``work`` in one write transaction of fusion's ``Writer`` (``_in_turn``)."""
        def with_writer(session: Session) -> T:
            writer = Writer(session, records)
            done = work(writer)
            writer.finish()
            return done

        return self._in_turn(with_writer)

    def _in_turn(self, work: Callable[[Session], T], *, exclusive: bool = True) -> T:
        """``work`` in one write transaction, taken in turn with the store's other writers
        (``writer.take_writer_lock``; not ``exclusive``: only with those of the rows it
        writes), and run again from the start, after a growing pause, if it still met one: a
        lock wait that timed out, a deadlock, a serialisation failure, or a row an older
        writer not taking turns stored first (seen, on the next try)."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._turns, Session(self.engine, autoflush=False) as session, session.begin():
                    if exclusive:
                        take_writer_lock(session)
                    return work(session)
            except DBAPIError as exc:
                if attempt == WRITE_ATTEMPTS or not _met_another_writer(exc):
                    raise
                log.info("write attempt %d met another writer (%s); trying again", attempt, exc.orig)
                time.sleep(WRITE_BACKOFF * 2 ** attempt * random.uniform(0.5, 1.0))
        raise AssertionError("unreachable")

    def _analyze(self) -> None:
        """PostgreSQL plans by table statistics; a server with autovacuum off never refreshes
        them, and fusion's queries would scan. Refresh them whenever this process has doubled
        what it wrote since the last time."""
        if self.engine.dialect.name != "postgresql" or self._written < self._analyzed_at * 2:
            return
        with self.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        self._analyzed_at = self._written

    # -- reading ---------------------------------------------------------------------------------

    def events(self, limit: int = 100, offset: int = 0, event_type: str | None = None) -> list[dict[str, Any]]:
        """A page of live events, newest first, each with its sources and claims."""
        query = select(db.Event).where(db.Event.deleted_at.is_(None))
        if event_type:
            query = query.where(db.Event.event_type == event_type)
        query = query.order_by(db.Event.event_date.desc(), db.Event.id).limit(limit).offset(offset)
        with Session(self.engine) as session:
            return [event_record(e) for e in session.scalars(query.options(_with_sources()))]

    def iter_events(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every live event, streamed (for exports of any size)."""
        query = select(db.Event).where(db.Event.deleted_at.is_(None)).order_by(db.Event.event_date, db.Event.id)
        with Session(self.engine) as session:
            for event in session.scalars(query.options(_with_sources()).execution_options(yield_per=batch)):
                yield event_record(event)

    def search_events(self, query: EventQuery) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the events the query selects, and the cursor of the next page (None at the end)."""
        with Session(self.engine) as session:
            rows = list(session.scalars(page_query(query).options(_with_sources())))
            more = len(rows) > query.limit
            rows = rows[:query.limit]
            return [event_record(e) for e in rows], next_cursor(query, rows[-1]) if more else None

    def matching_events(self, query: EventQuery, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every event the query's filters select, streamed in the query's order (exports)."""
        cursor = None
        while True:
            page, cursor = self.search_events(EventQuery(query.filters, query.text, query.sort, batch, cursor))
            yield from page
            if cursor is None:
                return

    def stats(self, query: EventQuery) -> dict[str, Any]:
        """Counts by day and type, by sub-type and by admin1, and fatalities (ACLED and UCDP sums).
        Filters on day, type and place read the maintained ``event_counts``; others scan the
        events. Either answer is remembered until the store changes (every write moves the
        newest ``updated_at``, one index lookup) or ``STATS_TTL`` seconds pass (a writer whose
        transaction began earlier may commit older times): a dashboard asks the same questions
        over and over. The answer's lists are shared between callers: replace, do not change."""
        key = (query.filters, query.text)
        with Session(self.engine) as session:
            version = session.scalar(select(func.max(db.Event.updated_at)))
            remembered = self._stats.get(key)
            if remembered and remembered[0] == version and time.monotonic() - remembered[1] < STATS_TTL:
                return dict(remembered[2])
            q = {name: session.execute(statement).all() for name, statement in stats_queries(query).items()}
        count, acled, low, best, high = q["totals"][0]
        found = {
            "events": count, "fatalities": {"acled": acled, "low": low, "best": best, "high": high},
            "by_day": [{"day": d.isoformat() if d != NO_DAY else None, "event_type": t, "events": n, "fatalities": f}
                       for d, t, n, f in q["by_day"]],
            "by_type": [{"event_type": t, "sub_event_type": st, "events": n, "fatalities": f} for t, st, n, f in q["by_type"]],
            "by_admin1": [{"country": c or None, "admin1": a or None, "events": n, "fatalities": f}
                          for c, a, n, f in q["by_admin1"]],
        }
        if len(self._stats) >= STATS_REMEMBERED:
            self._stats.pop(next(iter(self._stats)))
        self._stats[key] = (version, time.monotonic(), found)
        return dict(found)

    def article(self, doc_id: str) -> dict[str, Any] | None:
        """An article as stored: text, metadata, its mentions and the events it supports."""
        with Session(self.engine) as session:
            a = session.scalar(select(db.Article).where(db.Article.doc_id == doc_id)
                               .options(undefer(db.Article.text), undefer(db.Article.mentions),
                                        selectinload(db.Article.sources), selectinload(db.Article.outlet)))
            if a is None:
                return None
            original = session.get(db.Article, a.near_duplicate_of) if a.near_duplicate_of else None
            return {
                "doc_id": a.doc_id, "url": a.url, "outlet": a.outlet.name if a.outlet else None, "title": a.title,
                "published": a.published.isoformat() if a.published else None, "text": a.text,
                "near_duplicate_of": original.doc_id if original else None,
                "events": [{"event_id": s.event_id, "position": s.position, "evidence": s.record.get("evidence", []),
                            "field_evidence": s.record.get("field_evidence", [])}
                           for s in sorted(a.sources, key=lambda s: s.position)],
                "mentions": json.loads(a.mentions or "[]"),
            }

    def create_api_key(self, name: str, role: str = "write") -> str:
        """A new API key; only its hash is kept, so it is shown once."""
        if role not in ROLES:
            raise RasidError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        key = "rsd_" + secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            session.add(db.ApiKey(name=name, key_hash=_key_hash(key), role=role, created_at=now()))
        return key

    def api_key(self, key: str | None) -> tuple[str, str] | None:
        """A key's name and role (what it may do), or None for no key, an unknown or a
        revoked one. Notes when it was used, at most once a minute (a write on every request
        would queue behind the ingest writer)."""
        if not key:
            return None
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(db.ApiKey).where(db.ApiKey.key_hash == _key_hash(key)))
            if row is None or row.revoked_at is not None:
                return None
            moment = now()
            if row.last_used_at is None or moment - utc(row.last_used_at) > KEY_USE_NOTED_EVERY:
                row.last_used_at = moment
            return row.name, row.role

    def api_keys(self) -> list[dict[str, Any]]:
        """Every key made, revoked ones too: name, role and times (never the key)."""
        with Session(self.engine) as session:
            return [{"id": k.id, "name": k.name, "role": k.role, "created_at": utc_iso(k.created_at),
                     "last_used_at": utc_iso(k.last_used_at) if k.last_used_at else None,
                     "revoked_at": utc_iso(k.revoked_at) if k.revoked_at else None}
                    for k in session.scalars(select(db.ApiKey).order_by(db.ApiKey.id))]

    def revoke_api_key(self, name_or_id: str) -> int:
        """Revoke the live keys of that name (or that id); how many were revoked."""
        match = db.ApiKey.name == name_or_id
        if name_or_id.isdigit():
            match = or_(match, db.ApiKey.id == int(name_or_id))
        with Session(self.engine) as session, session.begin():
            keys = list(session.scalars(select(db.ApiKey).where(match, db.ApiKey.revoked_at.is_(None))))
            for key in keys:
                key.revoked_at = now()
            return len(keys)

    def review(self, event_id: str, action: str, *, reviewer: str, fields: dict[str, Any] | None = None,
               reason: str = "") -> dict[str, Any] | None:
        """Confirm, correct (``fields``: field -> new value), reject or reopen a live event, in
        one write transaction with its audit row; the event as it now stands, or None when
        there is no such live event. Raises ``review.BadReview`` for a review it cannot take."""
        def work(writer: Writer) -> dict[str, Any] | None:
            event = _live_event(writer.session, event_id)
            if event is None:
                return None
            writer.session.add(apply_review(event, action, reviewer, fields, reason, event_record(event)))
            refresh(event)
            writer.session.flush()
            return event_record(event)

        return self._write([], work)

    def merge(self, event_id: str, other_id: str, *, reviewer: str, reason: str = "") -> dict[str, Any] | None:
        """A reviewer's word that two live events are one, kept against later fusion
        (``store.links``); the event they make, or None when either is not a live event.
        Raises ``review.BadReview`` when they cannot be one (events of one article)."""
        def work(writer: Writer) -> dict[str, Any] | None:
            event, other = _live_event(writer.session, event_id), _live_event(writer.session, other_id)
            if event is None or other is None:
                return None
            merged = writer.merge(event, other, reviewer, reason)
            writer.session.flush()
            return event_record(merged)

        return self._write([], work)

    def split(self, event_id: str, *, reviewer: str, articles: list[str] | None = None,
              reason: str = "") -> list[dict[str, Any]] | None:
        """A reviewer's word that a fused event is several: each of ``articles`` (None: every
        article) reports its own; kept against later fusion. The events now, or None when
        there is no such live event."""
        def work(writer: Writer) -> list[dict[str, Any]] | None:
            event = _live_event(writer.session, event_id)
            if event is None:
                return None
            parts = writer.split(event, articles, reviewer, reason)
            writer.session.flush()
            return [event_record(e) for e in parts]

        return self._write([], work)

    def review_queue(self, limit: int = 50) -> tuple[list[dict[str, Any]], int]:
        """Events no person has reviewed, those that most need one first: flagged by the sanity
        checks, then the largest tolls, then the newest; each with ``needs``, the reasons.
        And how many there are in all."""
        e = db.Event
        waiting = (e.deleted_at.is_(None), e.review_status == "machine")
        query = (select(e).where(*waiting)
                 .order_by((cast(e.flags, Text) != "[]").desc(), e.fatalities.desc(), e.updated_at.desc(), e.id)
                 .limit(limit).options(_with_sources()))
        with Session(self.engine) as session:
            events = [record | {"needs": needs(record)} for record in map(event_record, session.scalars(query))]
            return events, session.scalar(select(func.count()).select_from(e).where(*waiting))

    def gold_documents(self) -> Iterator[dict[str, Any]]:
        """The articles whose every event a person reviewed, as gold lines (``store.gold``)."""
        with Session(self.engine) as session:
            yield from gold_documents(session)

    def record_quality(self, scores: Scores) -> None:
        """Keep a ``rasid quality`` run's headline figures (``quality_runs``)."""
        with Session(self.engine) as session, session.begin():
            session.add(db.QualityRun(
                at=now(), rasid_version=__version__, documents=scores.documents, gold_events=scores.gold_events,
                predicted_events=scores.predicted_events, strict_precision=scores.strict.precision,
                strict_recall=scores.strict.recall, strict_f1=scores.strict.f1, events_f1=scores.events.f1,
                claims_f1=scores.claims.f1))

    def quality_runs(self) -> list[dict[str, Any]]:
        """Every ``rasid quality`` run, oldest first."""
        with Session(self.engine) as session:
            return [{"at": utc_iso(r.at), "rasid_version": r.rasid_version, "documents": r.documents,
                     "gold_events": r.gold_events, "predicted_events": r.predicted_events,
                     "strict": [r.strict_precision, r.strict_recall, r.strict_f1], "events_f1": r.events_f1,
                     "claims_f1": r.claims_f1}
                    for r in session.scalars(select(db.QualityRun).order_by(db.QualityRun.id))]

    # -- alerts ------------------------------------------------------------------------------

    def add_alert(self, name: str, *, owner: str, search: dict[str, Any], webhook_url: str | None = None,
                  webhook_secret: str | None = None, email_to: str | None = None, language: str = "en",
                  digest_minutes: int = 0) -> dict[str, Any]:
        """Save a search to follow (``search``: GET /api/events parameters) and where its
        messages go; raises ``InvalidFilter`` or ``BadAlert`` for one that cannot be."""
        SavedSearch.from_params(search)
        check_alert(name, webhook_url, email_to, language, digest_minutes)
        alert = new_alert(name.strip(), owner, search, webhook_url, webhook_secret or None, email_to, language,
                          digest_minutes)

        def work(session: Session) -> dict[str, Any]:
            session.add(alert)
            session.flush()
            return alert_record(alert)

        return self._in_turn(work)

    def alerts(self, owner: str | None = None, alert_id: int | None = None) -> list[dict[str, Any]]:
        """The live alerts (``owner``'s only, or the one ``alert_id``, when given), each with its
        last deliveries."""
        query = select(db.Alert).where(db.Alert.deleted_at.is_(None)).order_by(db.Alert.id)
        if owner is not None:
            query = query.where(db.Alert.owner == owner)
        if alert_id is not None:
            query = query.where(db.Alert.id == alert_id)
        with Session(self.engine) as session:
            rows = list(session.scalars(query))
            recent = last_deliveries(session, [a.id for a in rows])
            return [alert_record(a, recent.get(a.id, [])) for a in rows]

    def alert(self, alert_id: int, owner: str | None = None) -> dict[str, Any] | None:
        return next(iter(self.alerts(owner, alert_id)), None)

    def alert_feed(self, alert_id: int, token: str, limit: int = 50) -> tuple[dict, list[dict]] | None:
        """An alert and its newest messages, for its Atom feed; None unless ``token`` is its feed's."""
        with Session(self.engine) as session:
            alert = session.get(db.Alert, alert_id)
            if alert is None or alert.deleted_at is not None or not secrets.compare_digest(alert.feed_token, token):
                return None
            messages = session.scalars(select(db.AlertMessage).where(db.AlertMessage.alert_id == alert_id)
                                       .order_by(db.AlertMessage.id.desc()).limit(limit))
            return alert_record(alert), [message_record(m) for m in messages]

    def remove_alert(self, alert_id: int, owner: str | None = None) -> bool:
        """Stop following a search: no more messages, and its pending deliveries are dropped."""
        def work(session: Session) -> bool:
            alert = session.get(db.Alert, alert_id)
            if alert is None or alert.deleted_at is not None or (owner is not None and alert.owner != owner):
                return False
            alert.deleted_at = now()
            session.execute(update(db.AlertDelivery).where(
                db.AlertDelivery.alert_id == alert_id, db.AlertDelivery.status == "pending")
                .values(status="dead", last_error="the alert was removed"))
            return True

        return self._in_turn(work)

    def deliveries(self, alert_id: int | None = None, status: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]:
        """Deliveries, newest first: an alert's, or those in a state (pending, delivered, dead)."""
        query = select(db.AlertDelivery).order_by(db.AlertDelivery.id.desc()).limit(limit)
        if alert_id is not None:
            query = query.where(db.AlertDelivery.alert_id == alert_id)
        if status is not None:
            query = query.where(db.AlertDelivery.status == status)
        with Session(self.engine) as session:
            return [delivery_record(d) for d in session.scalars(query.options(selectinload(db.AlertDelivery.message)))]

    def retry_delivery(self, delivery_id: int, owner: str | None = None) -> bool:
        """Try a dead delivery again, now (``owner``: only one of that owner's alerts)."""
        def work(session: Session) -> bool:
            row = session.get(db.AlertDelivery, delivery_id)
            if row is None or row.status != "dead" or (
                    owner is not None and session.get(db.Alert, row.alert_id).owner != owner):
                return False
            row.status, row.next_at, row.leased_until = "pending", now(), None
            return True

        return self._in_turn(work)

    def lease_deliveries(self, limit: int, lease: timedelta) -> list[Due]:
        """Deliveries due now, taken for ``lease`` by this deliverer (``store.alerts.lease_due``);
        not in turn with fusion's writers: a lease's conditional UPDATE is its own guard."""
        return self._in_turn(lambda session: lease_due(session, limit, lease), exclusive=False)

    def settle_deliveries(self, outcomes: list[tuple[int, str | None, datetime | None]]) -> None:
        """Record attempts, all in one transaction: (delivery id, error or None, next try or None)."""
        def work(session: Session) -> None:
            for delivery_id, error, next_at in outcomes:
                settle(session, delivery_id, error, next_at)

        self._in_turn(work, exclusive=False)  # deliveries only: no need to wait for fusion

    def reviews(self, event_id: str) -> list[dict[str, Any]]:
        """The audit trail of an event, oldest first: its own reviews and those of the events
        merged or renamed into it (a correction made before a merge stays in its trail);
        each names the event it was made on."""
        with Session(self.engine) as session:
            ids, frontier = {event_id}, {event_id}
            while frontier:  # the events retired into these, and into those
                frontier = set(session.scalars(select(db.Event.id).where(db.Event.replaced_by.in_(frontier)))) - ids
                ids |= frontier
            query = (select(db.EventReview).where(db.EventReview.event_id.in_(ids))
                     .order_by(db.EventReview.at, db.EventReview.id))
            return [audit_record(row) for row in session.scalars(query)]

    def event(self, event_id: str) -> dict[str, Any] | None:
        with Session(self.engine) as session:
            event = _live_event(session, event_id)
            return event_record(event) if event is not None else None

    def deletions(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Deleted events (id, when, why), for users who sync."""
        query = select(db.Event).where(db.Event.deleted_at.is_not(None)).order_by(db.Event.deleted_at, db.Event.id)
        if since is not None:
            query = query.where(db.Event.deleted_at >= utc_moment(since, "since"))
        with Session(self.engine) as session:
            return [{"event_id": e.id, "deleted_at": utc_iso(e.deleted_at), "reason": e.deleted_reason,
                     "replaced_by": e.replaced_by} for e in session.scalars(query)]

    def fusion(self, event_id: str) -> list[dict[str, Any]]:
        """How an event was fused: each source, its article and the decision that tied it."""
        query = (select(db.EventSource, db.Article).join(db.Article).where(db.EventSource.event_id == event_id)
                 .order_by(db.EventSource.id))
        with Session(self.engine) as session:
            return [{"doc_id": a.doc_id, "url": a.url, "position": s.position, "score": s.merge_score,
                     "decision": s.merge_reason, "event_date": s.record.get("event_date"),
                     "place": (s.record.get("location") or {}).get("name"), "fatalities": s.record.get("fatalities")}
                    for s, a in session.execute(query)]

    def feed_states(self) -> FeedStates:
        """The watched feeds' polling states, kept in the store (``rasid watch``)."""
        return FeedStates(self.engine)

    def has_article_url(self, url: str) -> bool:
        with Session(self.engine) as session:
            return session.scalar(select(db.Article.id).where(db.Article.url == url).limit(1)) is not None

    def summary(self) -> dict[str, Any]:
        """Counts for a readable report: articles, events by type, fatalities, quarantine."""
        live = db.Event.deleted_at.is_(None) & (db.Event.review_status != "rejected")  # what is counted
        with Session(self.engine) as session:
            one = lambda query: session.scalar(query)  # noqa: E731
            return {
                "rejected_events": one(select(func.count(db.Event.id)).where(
                    db.Event.deleted_at.is_(None), db.Event.review_status == "rejected")),
                "articles": one(select(func.count(db.Article.id))),
                "near_duplicates": one(select(func.count(db.Article.id)).where(db.Article.near_duplicate_of.is_not(None))),
                "events": one(select(func.count(db.Event.id)).where(live)),
                "deleted_events": one(select(func.count(db.Event.id)).where(db.Event.deleted_at.is_not(None))),
                "sources": one(select(func.count(db.EventSource.id))),
                "claims": one(select(func.count(db.Claim.id))),
                "fatalities": one(select(func.coalesce(func.sum(db.Event.fatalities), 0)).where(live)),
                "quarantined": one(select(func.count(db.Quarantine.id))),
                "by_type": [tuple(r) for r in session.execute(
                    select(db.Event.event_type, db.Event.sub_event_type, func.count(), func.sum(db.Event.fatalities))
                    .where(live).group_by(db.Event.event_type, db.Event.sub_event_type).order_by(func.count().desc()))],
                "days": tuple(session.execute(select(func.min(db.Event.event_date), func.max(db.Event.event_date))
                                              .where(live)).one()),
                "undated_events": one(select(func.count(db.Event.id)).where(live, db.Event.event_date.is_(None))),
                "by_country": [tuple(r) for r in session.execute(
                    select(db.Event.country, func.count(), func.sum(db.Event.fatalities)).where(live)
                    .group_by(db.Event.country).order_by(func.count().desc()))],
                "flagged": [tuple(r) for r in session.execute(
                    select(db.Event.id, db.Event.event_date, db.Event.sub_event_type, db.Event.location,
                           db.Event.fatalities, db.Event.flags)
                    .where(live, cast(db.Event.flags, Text) != "[]")
                    .order_by(db.Event.fatalities.desc(), db.Event.id))],
                "by_admin1": [tuple(r) for r in session.execute(
                    select(db.Event.country, db.Event.admin1, func.count()).where(live)
                    .group_by(db.Event.country, db.Event.admin1).order_by(func.count().desc()).limit(10))],
                "quarantine": [tuple(r) for r in session.execute(
                    select(db.Quarantine.origin, db.Quarantine.code, db.Quarantine.reason).order_by(db.Quarantine.id))],
            }


def _engine(url: str) -> Engine:
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in ("sqlite", "postgresql"):
        raise StoreUnavailable(f"cannot open the store {url}: rasid stores events in SQLite (a file, or "
                               "sqlite:///PATH) or PostgreSQL (postgresql+psycopg://USER@HOST/DATABASE)")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @sa_event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MB of pages: the indexes of a big store stay in memory
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _met_another_writer(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    if getattr(exc.orig, "sqlstate", None) in ("40001", "40P01", "55P03"):  # serialisation, deadlock, lock wait
        return True
    return isinstance(exc, OperationalError) and ("locked" in str(exc.orig) or "busy" in str(exc.orig))


class TicketLock:
    """A lock taken in the order it was asked for (``threading.Lock`` favours whoever asks again first)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._next = self._serving = 0

    def __enter__(self) -> None:
        with self._changed:
            ticket, self._next = self._next, self._next + 1
            self._changed.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *_exc: object) -> None:
        with self._changed:
            self._serving += 1
            self._changed.notify_all()


def _live_event(session: Session, event_id: str) -> db.Event | None:
    event = session.get(db.Event, event_id, options=[_with_sources()])
    return event if event is not None and event.deleted_at is None else None


def _with_sources():
    return selectinload(db.Event.sources).joinedload(db.EventSource.article).joinedload(db.Article.outlet)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


