"""Store: a living event database (SQLite by default, PostgreSQL for teams).

``Store(url)`` opens (and migrates) a database: a file path or ``sqlite:///...`` for
SQLite in WAL mode, ``postgresql+psycopg://...`` for PostgreSQL; ``RASID_DATABASE_URL``
names the default. Every article is saved in its own transaction: a crash leaves no
partial article, and saving the same article again stores it once. Each of its events
is fused with the events already known (``rasid.fuse.across_articles``) or founds a new one with a
stable id; an event whose last source goes away is marked deleted, never reused.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event as sa_event, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from rasid.errors import InputError
from rasid.fuse.across_articles import MAX_DAYS_APART, NEAR_KM, match
from rasid.model import Doc, RawInput
from rasid.store import schema as db
from rasid.store.dedupe import near_duplicate_keys, signature, similarity
from rasid.store.derive import refresh
from rasid.store.feeds import FeedStates
from rasid.store.migrate import upgrade
from rasid.store.queries import EventQuery, next_cursor, page_query, stats_queries
from rasid.store.records import event_record, mention_value

DEFAULT_URL_ENV = "RASID_DATABASE_URL"
KM_PER_DEGREE = 111.0
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word shingles above which an article is a near-duplicate


def database_url(target: str | Path | None = None) -> str:
    """A SQLAlchemy URL from a URL, a SQLite file path, or ``RASID_DATABASE_URL``, else ``rasid.db``."""
    target = str(target) if target else os.environ.get(DEFAULT_URL_ENV, "rasid.db")
    return target if "://" in target else f"sqlite:///{target}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving an article did: ``status`` is stored, replaced, duplicate or near_duplicate."""

    status: str
    events: int = 0
    detail: str = ""
    event_ids: tuple[str, ...] = ()  # the events the article supports (for a duplicate: the stored copy's)


class Store:
    """The event store behind ``rasid ingest``, ``rasid export`` and ``rasid serve``."""

    def __init__(self, target: str | Path | None = None) -> None:
        self.url = database_url(target)
        self.engine = _engine(self.url)
        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------

    def save(self, doc: Doc, raw: RawInput | None = None) -> SaveResult:
        """Store an article and fuse its events, in one transaction."""
        article = doc.article
        content_hash = hashlib.sha256(article.text.encode()).hexdigest()
        with Session(self.engine) as session, session.begin():
            existing = session.scalar(select(db.Article).where(db.Article.doc_id == article.doc_id))
            if existing is not None and existing.content_hash == content_hash:
                return self._log(session, article.origin, article.doc_id, "duplicate", "already stored, unchanged",
                                 event_ids=tuple(s.event_id for s in sorted(existing.sources, key=lambda s: s.position)))
            orphans = self._forget(session, existing) if existing is not None else set()
            same_text = session.scalar(select(db.Article.doc_id).where(
                db.Article.content_hash == content_hash, db.Article.doc_id != article.doc_id).limit(1))
            if same_text is not None:
                self._delete_orphans(session, orphans)
                return self._log(session, article.origin, article.doc_id, "duplicate", f"same text as {same_text}")
            minhash = signature(doc.norm.text)
            row = db.Article(
                doc_id=article.doc_id, origin=article.origin, url=article.url, title=article.title,
                outlet=self._outlet(session, article.outlet), published=article.published, text=article.text,
                raw=raw.data if raw else article.text.encode(), content_hash=content_hash,
                minhash=minhash.tobytes(), received_at=_now())
            original = self._near_duplicate_of(session, minhash)
            if original is not None:
                row.near_duplicate_of, row.similarity = original
            session.add(row)
            session.flush()
            session.execute(insert(db.ArticleBand), [{"band": band, "key": key, "article_id": row.id}
                                                     for band, key in near_duplicate_keys(minhash)])
            if doc.mentions:
                session.execute(insert(db.Mention), [
                    {"article_id": row.id, "kind": m.kind, "start": m.span.start, "end": m.span.end,
                     "surface": m.surface, "value": mention_value(m), "rule": str(m.provenance)} for m in doc.mentions])
            if original is not None:  # linked, not counted twice
                self._delete_orphans(session, orphans)
                other = session.get(db.Article, original[0])
                return self._log(session, article.origin, article.doc_id, "near_duplicate",
                                 f"{original[1]:.2f} similar to {other.doc_id}; its events are not counted again")
            event_ids = tuple(self._fuse(session, row, position, event.to_json())
                              for position, event in enumerate(doc.events))
            self._delete_orphans(session, orphans)
            status = "replaced" if existing is not None else "stored"
            return self._log(session, article.origin, article.doc_id, status, f"{len(doc.events)} events",
                             events=len(doc.events), event_ids=event_ids)

    def quarantine(self, raw: RawInput, problem: InputError) -> None:
        """Keep an input that could not be processed, raw, with its reason."""
        with Session(self.engine) as session, session.begin():
            session.add(db.Quarantine(origin=problem.where, code=problem.code, reason=problem.reason,
                                      raw=raw.data, received_at=_now()))
            self._log(session, problem.where, None, "quarantined", f"{problem.code}: {problem.reason}")

    def _log(self, session: Session, origin: str, doc_id: str | None, status: str, detail: str,
             events: int = 0, event_ids: tuple[str, ...] = ()) -> SaveResult:
        session.add(db.IngestLog(origin=origin, doc_id=doc_id, status=status, detail=detail, at=_now()))
        return SaveResult(status, events, detail, event_ids)

    @staticmethod
    def _outlet(session: Session, name: str | None) -> db.Outlet | None:
        if not name:
            return None
        outlet = session.scalar(select(db.Outlet).where(db.Outlet.name == name))
        if outlet is None:
            outlet = db.Outlet(name=name)
            session.add(outlet)
        return outlet

    @staticmethod
    def _near_duplicate_of(session: Session, minhash) -> tuple[int, float] | None:
        """The stored article this one nearly repeats (wire copy, a re-post), with the similarity."""
        keys = near_duplicate_keys(minhash)
        sharing = select(db.ArticleBand.article_id).where(
            db.ArticleBand.band.in_([b for b, _ in keys]), db.ArticleBand.key.in_([k for _, k in keys]))
        candidates = session.execute(select(db.Article.id, db.Article.minhash).where(  # not their texts and raw bytes
            db.Article.id.in_(sharing), db.Article.near_duplicate_of.is_(None), db.Article.minhash.is_not(None)))
        best = None
        for article_id, stored in candidates:
            score = similarity(minhash, stored)
            if score >= NEAR_DUPLICATE and (best is None or score > best[1]):
                best = (article_id, score)
        return best

    def _forget(self, session: Session, article: db.Article) -> set[str]:
        """Remove an article that is about to be stored anew; return the events it supported."""
        events = {s.event_id for s in article.sources}
        session.delete(article)
        session.flush()
        return events

    def _fuse(self, session: Session, article: db.Article, position: int, record: dict[str, Any]) -> str:
        """Attach one of the article's events to the known event it matches best, or found one;
        return that event's id."""
        best: tuple[db.Event, Any] | None = None
        for candidate in self._candidates(session, record, article.id):
            decision = match(record, event_record(candidate, with_sources=False))
            if decision is not None and (best is None or decision.score > best[1].score):
                best = (candidate, decision)
        if best is None:
            event = db.Event(id=_new_event_id(session), created_at=_now(), updated_at=_now(), n_sources=0,
                             actors=[], claimed_by=[], deaths_by_side={}, fatalities=0, event_type="",
                             sub_event_type="")
            session.add(event)
            source = db.EventSource(article_id=article.id, position=position, event=event, record=record,
                                    merge_score=None, merge_reason="founded the event: no known event matched")
        else:
            event, decision = best
            source = db.EventSource(article_id=article.id, position=position, event=event, record=record,
                                    merge_score=decision.score, merge_reason=decision.explain())
        session.add(source)
        session.flush()
        if record["claims"]:
            session.execute(insert(db.Claim), [
                {"source_id": source.id, "event_id": event.id, "kind": c["kind"], "value": c["value"],
                 "vague": c["vague"], "subject": c["subject"], "claimant": c["claimant"],
                 "claimant_type": c["claimant_type"], "modality": c["modality"],
                 "evidence_start": c["evidence"][0], "evidence_end": c["evidence"][1]} for c in record["claims"]])
        refresh(session, event)
        return event.id

    @staticmethod
    def _candidates(session: Session, record: dict[str, Any], article_id: int) -> list[db.Event]:
        """Live events of the record's type, a day apart at most and near its place, that
        the article does not already support (it codes them as two events)."""
        if not record.get("event_date") or not record.get("location"):
            return []
        day = date.fromisoformat(record["event_date"])
        own = select(db.EventSource.id).where(db.EventSource.event_id == db.Event.id,
                                              db.EventSource.article_id == article_id)
        query = select(db.Event).where(
            db.Event.event_type == record["event_type"], db.Event.deleted_at.is_(None), ~own.exists(),
            db.Event.event_date.between(day - timedelta(days=MAX_DAYS_APART), day + timedelta(days=MAX_DAYS_APART)))
        loc = record["location"]
        if loc.get("lat") is not None and loc.get("lon") is not None:
            margin = NEAR_KM / KM_PER_DEGREE * 1.5
            query = query.where(db.Event.lat.between(loc["lat"] - margin, loc["lat"] + margin),
                                db.Event.lon.between(loc["lon"] - margin * 2, loc["lon"] + margin * 2))
        return list(session.scalars(query.order_by(db.Event.created_at, db.Event.id)))  # ties: the oldest wins

    @staticmethod
    def _delete_orphans(session: Session, event_ids: set[str]) -> None:
        """Events left without a source are deleted (kept, with the time and the reason)."""
        for event_id in event_ids:
            event = session.get(db.Event, event_id)
            session.refresh(event)
            if event.sources:
                refresh(session, event)
            elif event.deleted_at is None:
                event.deleted_at = event.updated_at = _now()
                event.deleted_reason = "its sources were re-processed and no longer report it"

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
        """Counts by day and type, by sub-type and by admin1, and fatalities (ACLED and UCDP sums)."""
        with Session(self.engine) as session:
            q = {name: session.execute(statement).all() for name, statement in stats_queries(query).items()}
        count, acled, low, best, high = q["totals"][0]
        return {
            "events": count, "fatalities": {"acled": acled, "low": low, "best": best, "high": high},
            "by_day": [{"day": d.isoformat() if d else None, "event_type": t, "events": n, "fatalities": f}
                       for d, t, n, f in q["by_day"]],
            "by_type": [{"event_type": t, "sub_event_type": st, "events": n, "fatalities": f} for t, st, n, f in q["by_type"]],
            "by_admin1": [{"country": c, "admin1": a, "events": n, "fatalities": f} for c, a, n, f in q["by_admin1"]],
        }

    def article(self, doc_id: str) -> dict[str, Any] | None:
        """An article as stored: text, metadata, its mentions and the events it supports."""
        with Session(self.engine) as session:
            a = session.scalar(select(db.Article).where(db.Article.doc_id == doc_id)
                               .options(selectinload(db.Article.mentions), selectinload(db.Article.sources),
                                        selectinload(db.Article.outlet)))
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
                "mentions": [{"kind": m.kind, "start": m.start, "end": m.end, "surface": m.surface, "value": m.value,
                              "rule": m.rule} for m in sorted(a.mentions, key=lambda m: (m.start, m.end))],
            }

    def create_api_key(self, name: str) -> str:
        """A new write-API key; only its hash is kept, so it is shown once."""
        key = "rsd_" + secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            session.add(db.ApiKey(name=name, key_hash=_key_hash(key), created_at=_now()))
        return key

    def check_api_key(self, key: str | None) -> bool:
        if not key:
            return False
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(db.ApiKey).where(db.ApiKey.key_hash == _key_hash(key)))
            if row is None:
                return False
            row.last_used_at = _now()
            return True

    def event(self, event_id: str) -> dict[str, Any] | None:
        with Session(self.engine) as session:
            event = session.get(db.Event, event_id, options=[_with_sources()])
            return event_record(event) if event is not None and event.deleted_at is None else None

    def deletions(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Deleted events (id, when, why), for users who sync."""
        query = select(db.Event).where(db.Event.deleted_at.is_not(None)).order_by(db.Event.deleted_at)
        if since is not None:
            query = query.where(db.Event.deleted_at >= since)
        with Session(self.engine) as session:
            return [{"event_id": e.id, "deleted_at": e.deleted_at.isoformat(), "reason": e.deleted_reason}
                    for e in session.scalars(query)]

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
        live = db.Event.deleted_at.is_(None)
        with Session(self.engine) as session:
            one = lambda query: session.scalar(query)  # noqa: E731
            return {
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
                "by_admin1": [tuple(r) for r in session.execute(
                    select(db.Event.country, db.Event.admin1, func.count()).where(live)
                    .group_by(db.Event.country, db.Event.admin1).order_by(func.count().desc()).limit(10))],
                "quarantine": [tuple(r) for r in session.execute(
                    select(db.Quarantine.origin, db.Quarantine.code, db.Quarantine.reason).order_by(db.Quarantine.id))],
            }


def _engine(url: str) -> Engine:
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
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _with_sources():
    return selectinload(db.Event.sources).selectinload(db.EventSource.article).selectinload(db.Article.outlet)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_event_id(session: Session) -> str:
    while True:
        event_id = "RSD-" + secrets.token_hex(5).upper()
        if session.get(db.Event, event_id) is None:
            return event_id
