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

from sqlalchemy import Text, cast, create_engine, event as sa_event, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from rasid.errors import InputError, RasidError
from rasid.export.filters import utc_moment
from rasid.fuse.across_articles import MAX_DAYS_APART, NEAR_KM, match
from rasid.model import Doc, RawInput
from rasid.store import schema as db
from rasid.store.dedupe import near_duplicate_keys, signature, similarity
from rasid.store.derive import refresh
from rasid.store.feeds import FeedStates
from rasid.store.migrate import upgrade
from rasid.store.queries import EventQuery, next_cursor, page_query, stats_queries
from rasid.store.records import article_order, event_id, event_record, mention_value, source_order, utc_iso

DEFAULT_URL_ENV = "RASID_DATABASE_URL"
KM_PER_DEGREE = 111.0
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word shingles above which an article is a near-duplicate


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
        raise StoreUnavailable(f"cannot open the store {url}: {exc.orig}") from None


def _header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER))


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
            if existing is not None:
                self._settle_orphans(session, self._forget(session, existing))
            same_text = session.scalar(select(db.Article).where(
                db.Article.content_hash == content_hash, db.Article.doc_id != article.doc_id).limit(1))
            if same_text is not None:
                if article_order(same_text) <= article_order(article):
                    return self._log(session, article.origin, article.doc_id, "duplicate",
                                     f"same text as {same_text.doc_id}")
                self._settle_orphans(session, self._forget(session, same_text))  # the earlier copy is kept
            minhash = signature(doc.norm.text)
            row = db.Article(
                doc_id=article.doc_id, origin=article.origin, url=article.url, title=article.title,
                outlet=self._outlet(session, article.outlet), published=article.published, text=article.text,
                raw=raw.data if raw else article.text.encode(), content_hash=content_hash,
                minhash=minhash.tobytes(), received_at=_now())
            similar = self._similar_articles(session, minhash)
            earlier = [(a, score) for a, score in similar if article_order(a) < article_order(row)]
            if earlier:
                original, score = min(earlier, key=lambda pair: article_order(pair[0]))
                row.near_duplicate_of, row.similarity = original.id, score
            session.add(row)
            session.flush()
            session.execute(insert(db.ArticleBand), [{"band": band, "key": key, "article_id": row.id}
                                                     for band, key in near_duplicate_keys(minhash)])
            if doc.mentions:
                session.execute(insert(db.Mention), [
                    {"article_id": row.id, "kind": m.kind, "start": m.span.start, "end": m.span.end,
                     "surface": m.surface, "value": mention_value(m), "rule": str(m.provenance)} for m in doc.mentions])
            if earlier:  # linked, not counted twice
                return self._log(session, article.origin, article.doc_id, "near_duplicate",
                                 f"{score:.2f} similar to {original.doc_id}; its events are not counted again")
            for later, score in similar:  # an earlier copy arrived last: the later ones give way to it
                if later.near_duplicate_of is None:
                    self._demote(session, later, row, score)
            event_ids = tuple(self._fuse(session, row, position, event.to_json())
                              for position, event in enumerate(doc.events))
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
    def _similar_articles(session: Session, minhash) -> list[tuple[db.Article, float]]:
        """The stored articles this one nearly repeats or is nearly repeated by (wire copies,
        re-posts), with their similarity. An article is a near-duplicate when an earlier one
        (``article_order``) is similar, whatever order they arrived in."""
        keys = near_duplicate_keys(minhash)
        sharing = select(db.ArticleBand.article_id).where(
            db.ArticleBand.band.in_([b for b, _ in keys]), db.ArticleBand.key.in_([k for _, k in keys]))
        candidates = session.execute(select(db.Article.id, db.Article.minhash).where(  # not their texts and raw bytes
            db.Article.id.in_(sharing), db.Article.minhash.is_not(None)))
        scored = [(article_id, similarity(minhash, stored)) for article_id, stored in candidates]
        return [(session.get(db.Article, article_id), score) for article_id, score in scored if score >= NEAR_DUPLICATE]

    def _forget(self, session: Session, article: db.Article) -> set[str]:
        """Remove an article that is about to be stored anew; return the events it supported."""
        events = {s.event_id for s in article.sources}
        session.delete(article)
        session.flush()
        return events

    def _demote(self, session: Session, article: db.Article, original: db.Article, score: float) -> None:
        """An earlier copy of a stored article arrived: the stored one becomes its near-duplicate
        and its events give way to the earlier copy's, so the store does not depend on arrival order."""
        events = {s.event_id for s in article.sources}
        for source in list(article.sources):
            session.delete(source)
        article.near_duplicate_of, article.similarity = original.id, score
        session.flush()
        self._settle_orphans(session, events)

    def _fuse(self, session: Session, article: db.Article, position: int, record: dict[str, Any]) -> str:
        """Fuse one of the article's events with the known events it matches (source against
        source), and return the id of the event it ends in.

        The known events it matches and the new source are clustered again together, in
        ``source_order`` (earliest published first): each source joins the cluster it matches
        best that holds no other source of its article (an article codes distinct events),
        else it founds one; a cluster's id is its first source's. So the events, and their
        ids, come out the same whatever order the articles arrive in."""
        order = (*article_order(article), position)
        pool = self._component(session, record, order)
        comes_last = all(source_order(s) < order for event in pool for s in event.sources)
        decision = None
        if comes_last:  # the clusters stand; the new source joins the best (what clustering again gives)
            in_order = sorted(pool, key=lambda e: min(source_order(s) for s in e.sources))  # as clusters form
            home, decision = _best_group(in_order, record, article.id)
            pool = []
        else:  # until clustered again
            home = pool[0] if pool else None
        home = home or self._event_row(session, event_id(article.doc_id, position))
        source = db.EventSource(article=article, position=position, record=record,
                                merge_score=decision.score if decision else None,
                                merge_reason=decision.explain() if decision else FOUNDED, event=home)
        session.add(source)
        session.flush()
        if record["claims"]:
            session.execute(insert(db.Claim), [
                {"source_id": source.id, "event_id": source.event_id, "kind": c["kind"], "value": c["value"],
                 "vague": c["vague"], "subject": c["subject"], "claimant": c["claimant"],
                 "claimant_type": c["claimant_type"], "modality": c["modality"],
                 "evidence_start": c["evidence"][0], "evidence_end": c["evidence"][1]} for c in record["claims"]])
        if pool:
            self._recluster(session, pool, added=source)
        else:
            refresh(session, source.event)
        return source.event_id

    def _component(self, session: Session, record: dict[str, Any], order: tuple) -> list[db.Event]:
        """The known events whose clustering a new record (at ``order`` in ``source_order``)
        can change: those with a source it matches, and, through the sources that come after
        it (only their choices can change), the events those match, and so on. Clustering them
        again in order then gives what clustering the whole store would. In a live stream,
        where the newest article comes last, that is the events it matches, nothing more.
        Bounded by ``MAX_COMPONENT`` events."""
        if not record.get("event_date") or not record.get("location"):
            return []
        day = date.fromisoformat(record["event_date"])
        loc = record["location"]
        found: dict[str, db.Event] = {}
        frontier: list[tuple[list[dict], list[db.Event]]] = [
            ([record], self._candidates(session, record["event_type"], day, day, loc.get("lat"), loc.get("lon")))]
        while frontier and len(found) < MAX_COMPONENT:
            records, candidates = frontier.pop()
            for event in candidates:
                if event.id not in found and any(match(r, s.record) is not None
                                                 for r in records for s in event.sources):
                    found[event.id] = event
                    later = [s.record for s in event.sources if source_order(s) > order]
                    if later:
                        frontier.append((later, self._candidates(
                            session, event.event_type, event.date_start, event.date_end, event.lat, event.lon)))
        return sorted(found.values(), key=lambda e: e.id)

    @staticmethod
    def _event_row(session: Session, event_id_: str) -> db.Event:
        """The event row of an id: a deleted event with that id comes back, else a new one."""
        event = session.get(db.Event, event_id_)
        if event is None:
            event = db.Event(id=event_id_, created_at=_now(), updated_at=_now(), n_sources=0, actors=[],
                             claimed_by=[], deaths_by_side={}, fatalities=0, event_type="", sub_event_type="")
            session.add(event)
        return event

    def _recluster(self, session: Session, events: list[db.Event], added: db.EventSource | None = None,
                   lost_sources: bool = False) -> None:
        """Cluster the sources of ``events`` (``added`` just joined them; with ``lost_sources``
        some just left) again, in ``source_order``; an event left without a cluster is
        deleted, pointing at the event its first source is now in."""
        session.flush()
        for event in events:
            session.refresh(event, ["sources"])
        sources = sorted({s.id: s for e in events for s in e.sources}.values(), key=source_order)
        clusters: list[list[db.EventSource]] = []
        decisions: dict[int, Any] = {}
        for s in sources:
            cluster, decisions[s.id] = _best_group(clusters, s.record, s.article_id)
            if cluster is None:
                clusters.append([s])
            else:
                cluster.append(s)
        first_source = {e.id: min(e.sources, key=source_order).id for e in events if e.sources}
        before = {e.id: {s.id for s in e.sources if s is not added} for e in events}
        home: dict[int, db.Event] = {}
        changed: list[db.Event] = []
        for cluster in clusters:
            event = self._event_row(session, event_id(cluster[0].article.doc_id, cluster[0].position))
            for s in cluster:
                home[s.id] = event
            if not lost_sources and {s.id for s in cluster} == before.get(event.id):
                continue  # the same event as before: nothing to write
            changed.append(event)
            for s in cluster:
                decision = decisions[s.id]
                s.event = event
                s.merge_score = decision.score if decision else None
                s.merge_reason = decision.explain() if decision else FOUNDED
            session.flush()
            session.execute(update(db.Claim).where(db.Claim.source_id.in_([s.id for s in cluster]))
                            .values(event_id=event.id))
        live = {event.id for event in home.values()}
        for event in changed:  # derived again only where the sources changed
            refresh(session, event)
        for event in events:
            if event.id not in live and event.deleted_at is None:
                now_in = home[first_source[event.id]].id if event.id in first_source else None
                _retire(event, f"merged: its sources were clustered again, its first into {now_in}", now_in)

    @staticmethod
    def _candidates(session: Session, event_type: str, first: date, last: date,
                    lat: float | None, lon: float | None) -> list[db.Event]:
        """Live events of a type whose days reach within ``MAX_DAYS_APART`` of first..last and
        whose point lies near (lat, lon), with their sources."""
        reach = timedelta(days=MAX_DAYS_APART)
        query = select(db.Event).where(db.Event.event_type == event_type, db.Event.deleted_at.is_(None),
                                       db.Event.date_start <= last + reach, db.Event.date_end >= first - reach)
        if lat is not None and lon is not None:
            margin = NEAR_KM / KM_PER_DEGREE * 3  # sources of one event may lie NEAR_KM from each other
            query = query.where(db.Event.lat.between(lat - margin, lat + margin),
                                db.Event.lon.between(lon - margin * 2, lon + margin * 2))
        with_articles = selectinload(db.Event.sources).selectinload(db.EventSource.article)  # their order
        return list(session.scalars(query.order_by(db.Event.id).options(with_articles)))

    def _settle_orphans(self, session: Session, event_ids: set[str]) -> None:
        """Events that lost sources: those left with some are clustered again (they may split,
        or change id), those left with none are deleted (kept, with the time and the reason)."""
        for event_id_ in sorted(event_ids):
            event = session.get(db.Event, event_id_)
            session.refresh(event, ["sources"])
            if event.sources:
                self._recluster(session, [event], lost_sources=True)
            elif event.deleted_at is None:
                _retire(event, "its sources were re-processed and no longer report it")

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


FOUNDED = "founded the event: no known event matched"
MAX_COMPONENT = 200  # events clustered again at most, when an article ties many together


def _best_group(groups: list, record: dict[str, Any], article_id: int) -> tuple[Any, Any]:
    """The group of sources (a cluster, or an event's) a record joins, and the match that
    decided: the one it matches best, source against source, holding none of its article's
    sources (ties: the first group). (None, None) when it matches none."""
    best: tuple[Any, Any] = (None, None)
    for group in groups:
        members = group.sources if isinstance(group, db.Event) else group
        if any(m.article_id == article_id for m in members):
            continue
        for member in members:
            decision = match(record, member.record)
            if decision is not None and (best[1] is None or decision.score > best[1].score):
                best = (group, decision)
    return best


def _retire(event: db.Event, reason: str, replaced_by: str | None = None) -> None:
    event.deleted_at = event.updated_at = _now()
    event.deleted_reason, event.replaced_by = reason, replaced_by
