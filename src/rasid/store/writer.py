"""The writes of one transaction: articles stored, their events fused with the known ones,
bad inputs quarantined.

A ``Writer`` lives as long as its transaction, one article (``Store.save``) or a whole
batch (``Store.save_many``). It answers fusion's candidate questions from a
``CandidateIndex`` loaded once per transaction, so a batch costs a few queries per block
of days instead of a few per event; the decisions are the same either way.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from rasid.alerts.outbox import queue_messages
from rasid.errors import InputError
from rasid.fuse.across_articles import Match, match
from rasid.model import RawInput, without_controls
from rasid.store import schema as db
from rasid.store.candidates import CandidateIndex
from rasid.store.dedupe import similarity
from rasid.store.links import ReviewerLink, SourceKey, SourceLinks, source_key
from rasid.store.derive import note_changed, refresh
from rasid.store.records import ArticleRecord, article_order, event_id, source_order
from rasid.store.review import BadReview, carry_over

NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word shingles above which an article is a near-duplicate
FOUNDED = "founded the event: no known event matched"
MAX_COMPONENT = 200  # events clustered again at most, when an article ties many together


def now() -> datetime:
    return datetime.now(timezone.utc)


def take_writer_lock(session: Session) -> None:
    """Wait for the store's other writers, if any, and hold the turn until this transaction
    ends (``schema.WriterLock``). The first statement of every write transaction."""
    session.execute(update(db.WriterLock).values(holder=f"{socket.gethostname()}:{os.getpid()}", taken_at=now()))


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving an article did: ``status`` is stored, replaced, duplicate or near_duplicate."""

    status: str
    events: int = 0
    detail: str = ""
    event_ids: tuple[str, ...] = ()  # the events the article supports (for a duplicate: the stored copy's)


class Writer:
    """Stores articles and fuses their events inside one open session transaction."""

    def __init__(self, session: Session, records: list[ArticleRecord] = ()) -> None:
        self.session = session  # the store took the writer lock first: what follows sees every earlier commit
        self.candidates = CandidateIndex(session)
        self.links = SourceLinks(session)
        self.candidates.preload([event for record in records for event in record.events])
        self.new_ids = self._unused_ids(records)
        self.known = self._known(records)  # doc_ids and text hashes already stored, or stored in this batch
        self.bands: dict[db.Article, tuple] = {}  # this batch's articles' band keys, written at the end
        self.by_band: dict[tuple[int, str], list[db.Article]] = {}  # and looked up in memory until then
        self.outlets: dict[str, db.Outlet] = {}
        self.created: dict[str, db.Event] = {}  # events made in this transaction, by id
        self.matches: dict[tuple[int, int], tuple[dict, dict, Match | None]] = {}

    def finish(self) -> None:
        """Write what was kept for the end, and let go of the session."""
        self.session.flush()
        rows = [{"band": band, "key": key, "article_id": article.id}
                for article, bands in self.bands.items() for band, key in bands]
        if rows:  # plain executemany: the ORM's bulk machinery costs more than the rows
            self.session.connection().execute(db.ArticleBand.__table__.insert(), rows)
        queue_messages(self.session)  # the alerts' outbox, in this same transaction
        self.candidates.close()

    def _known(self, records: list[ArticleRecord]) -> set[str]:
        """The doc_ids and text hashes of the records that the store has already."""
        keys = sorted({r.article.doc_id for r in records} | {r.content_hash for r in records})
        known: set[str] = set()
        for chunk in _chunks(keys, 250):
            known.update(*self.session.execute(select(db.Article.doc_id, db.Article.content_hash).where(
                or_(db.Article.doc_id.in_(chunk), db.Article.content_hash.in_(chunk)))))
        return known

    def _unused_ids(self, records: list[ArticleRecord]) -> set[str]:
        """The ids the articles' events would found that no stored event has (one query, not one each)."""
        ids = {event_id(r.article.doc_id, position) for r in records for position in range(len(r.events))}
        used = set()
        for chunk in _chunks(sorted(ids), 500):
            used.update(self.session.scalars(select(db.Event.id).where(db.Event.id.in_(chunk))))
        return ids - used

    def save(self, record: ArticleRecord) -> SaveResult:
        """Store an article and fuse its events. Saving the same article again stores it
        once; a changed text under a known doc_id replaces the stored one."""
        session, article = self.session, record.article
        if article.doc_id in self.known or record.content_hash in self.known:
            session.flush()  # what this batch wrote must be seen
            existing = session.scalar(select(db.Article).where(db.Article.doc_id == article.doc_id))
            same_text = session.scalar(select(db.Article).where(
                db.Article.content_hash == record.content_hash, db.Article.doc_id != article.doc_id).limit(1))
        else:
            existing = same_text = None
        self.known.update((article.doc_id, record.content_hash))
        if existing is not None and existing.content_hash == record.content_hash:
            return self._log(article.origin, article.doc_id, "duplicate", "already stored, unchanged",
                             event_ids=tuple(s.event.id for s in sorted(existing.sources, key=lambda s: s.position)))
        if existing is not None:
            self._settle_orphans(self._forget(existing))
        if same_text is not None:
            if article_order(same_text) <= article_order(article):
                return self._log(article.origin, article.doc_id, "duplicate", f"same text as {same_text.doc_id}")
            self._settle_orphans(self._forget(same_text))  # the earlier copy is kept
        row = db.Article(
            doc_id=article.doc_id, origin=article.origin, url=article.url, title=article.title,
            outlet=self._outlet(article.outlet), published=article.published, text=article.text,
            raw=record.raw, mentions=record.mentions, content_hash=record.content_hash, minhash=record.minhash,
            received_at=now())
        similar = self._similar_articles(record)
        earlier = [(a, score) for a, score in similar if article_order(a) < article_order(row)]
        if earlier:
            original, score = min(earlier, key=lambda pair: article_order(pair[0]))
            row.near_duplicate_of, row.similarity = self._id(original), score
        session.add(row)
        self.bands[row] = record.bands
        for band in record.bands:
            self.by_band.setdefault(band, []).append(row)
        if earlier:  # linked, not counted twice
            return self._log(article.origin, article.doc_id, "near_duplicate",
                             f"{score:.2f} similar to {original.doc_id}; its events are not counted again")
        for later, score in similar:  # an earlier copy arrived last: the later ones give way to it
            if later.near_duplicate_of is None:
                self._demote(later, row, score)
        event_ids = tuple(self._fuse(row, position, event, keys)
                          for position, (event, keys) in enumerate(zip(record.events, record.evidence_keys)))
        status = "replaced" if existing is not None else "stored"
        return self._log(article.origin, article.doc_id, status, f"{len(record.events)} events",
                         events=len(record.events), event_ids=event_ids)

    def quarantine(self, raw: RawInput, problem: InputError) -> None:
        """Keep an input that could not be processed, raw, with its reason."""
        where, reason = without_controls(problem.where), without_controls(problem.reason)  # they may quote the input
        self.session.add(db.Quarantine(origin=where, code=problem.code, reason=reason, raw=raw.data, received_at=now()))
        self._log(where, None, "quarantined", f"{problem.code}: {reason}")

    def _log(self, origin: str, doc_id: str | None, status: str, detail: str,
             events: int = 0, event_ids: tuple[str, ...] = ()) -> SaveResult:
        self.session.add(db.IngestLog(origin=origin, doc_id=doc_id, status=status, detail=detail, at=now()))
        return SaveResult(status, events, detail, event_ids)

    def _outlet(self, name: str | None) -> db.Outlet | None:
        if not name:
            return None
        if name not in self.outlets:
            outlet = self.session.scalar(select(db.Outlet).where(db.Outlet.name == name))
            if outlet is None:
                outlet = db.Outlet(name=name)
                self.session.add(outlet)
            self.outlets[name] = outlet
        return self.outlets[name]

    def _similar_articles(self, record: ArticleRecord) -> list[tuple[db.Article, float]]:
        """The stored articles this one nearly repeats or is nearly repeated by (wire copies,
        re-posts), with their similarity, in ``article_order``. An article is a near-duplicate
        when an earlier one (``article_order``) is similar, whatever order they arrived in.
        Earlier batches' articles are found through their band keys in the store, this
        batch's in memory."""
        sharing = select(db.ArticleBand.article_id).where(
            db.ArticleBand.band.in_([b for b, _ in record.bands]), db.ArticleBand.key.in_([k for _, k in record.bands]))
        stored = self.session.execute(select(db.Article.id, db.Article.minhash).where(  # not texts and raw bytes
            db.Article.id.in_(sharing), db.Article.minhash.is_not(None)))
        found = [(self.session.get(db.Article, article_id), similarity(record.minhash, minhash))
                 for article_id, minhash in stored]
        mine = dict.fromkeys(a for band in record.bands for a in self.by_band.get(band, ()))
        found += [(a, similarity(record.minhash, a.minhash)) for a in mine]
        return sorted(((a, score) for a, score in found if score >= NEAR_DUPLICATE), key=lambda p: article_order(p[0]))

    def _id(self, article: db.Article) -> int:
        """An article's id, writing what is pending if it has none yet."""
        if article.id is None:
            self.session.flush()
        return article.id

    def _forget(self, article: db.Article) -> set[str]:
        """Remove an article that is about to be stored anew; return the events it supported."""
        for band in self.bands.pop(article, ()):
            self.by_band[band].remove(article)
        events = {s.event.id for s in article.sources}
        self._delete([article, *article.sources])
        return events

    def _delete(self, rows: list) -> None:
        """Delete rows now, and let the session forget them: SQLite may give their ids to new
        rows later in the same transaction."""
        self.session.flush()  # rows made in this transaction are deleted as stored ones
        doomed = [*rows, *(c for row in rows if isinstance(row, db.EventSource) for c in row.claims)]
        for row in rows:
            self.session.delete(row)
        self.session.flush()
        for row in doomed:
            if row in self.session:
                self.session.expunge(row)

    def _demote(self, article: db.Article, original: db.Article, score: float) -> None:
        """An earlier copy of a stored article arrived: the stored one becomes its near-duplicate
        and its events give way to the earlier copy's, so the store does not depend on arrival order."""
        events = {s.event.id for s in article.sources}
        self._delete(list(article.sources))
        article.near_duplicate_of, article.similarity = self._id(original), score
        self._settle_orphans(events)

    def _fuse(self, article: db.Article, position: int, record: dict[str, Any], evidence_keys: list[str]) -> str:
        """Fuse one of the article's events with the known events it matches (source against
        source), and return the id of the event it ends in.

        The known events it matches and the new source are clustered again together, in
        ``source_order`` (earliest published first): each source joins the cluster it matches
        best that holds no other source of its article (an article codes distinct events),
        else it founds one; a cluster's id is its first source's. So the events, and their
        ids, come out the same whatever order the articles arrive in."""
        session = self.session
        order = (*article_order(article), position)
        pool = self._with_linked(self._component(record, order), (article.doc_id, position))
        comes_last = all(source_order(s) < order for event in pool for s in event.sources)
        decision = None
        if comes_last:  # the clusters stand; the new source joins the best (what clustering again gives)
            in_order = sorted(pool, key=lambda e: min(source_order(s) for s in e.sources))  # as clusters form
            home, decision = self._best_group(in_order, record, (article.doc_id, position))
            pool = []
        else:  # until clustered again
            home = pool[0] if pool else None
        home = home or self._event_row(event_id(article.doc_id, position))
        source = db.EventSource(article=article, position=position, record=record,
                                evidence_keys=evidence_keys,
                                merge_score=decision.score if decision else None,
                                merge_reason=decision.explain() if decision else FOUNDED, event=home,
                                claims=[db.Claim(kind=c["kind"], value=c["value"], vague=c["vague"],
                                                 subject=c["subject"], claimant=c["claimant"],
                                                 claimant_type=c["claimant_type"], modality=c["modality"],
                                                 evidence_start=c["evidence"][0], evidence_end=c["evidence"][1])
                                        for c in record["claims"]])
        session.add(source)
        if pool:
            self._recluster(pool, added=source)
        else:
            refresh(source.event)
        return source.event.id

    def _component(self, record: dict[str, Any], order: tuple) -> list[db.Event]:
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
            ([record], self.candidates.near(record["event_type"], day, day, loc.get("lat"), loc.get("lon")))]
        while frontier and len(found) < MAX_COMPONENT:
            records, candidates = frontier.pop()
            for event in candidates:
                if event.id not in found and any(match(r, s.record) is not None
                                                 for r in records for s in event.sources):
                    found[event.id] = event
                    later = [s.record for s in event.sources if source_order(s) > order]
                    if later:
                        frontier.append((later, self.candidates.near(
                            event.fused_type, event.fused_start, event.fused_end, event.fused_lat, event.fused_lon)))
        return sorted(found.values(), key=lambda e: e.id)

    def _with_linked(self, pool: list[db.Event], key: SourceKey) -> list[db.Event]:
        """``pool`` and the live events holding the sources a reviewer linked with source ``key``
        (a merge holds whatever fusion's rules say of the pair)."""
        partners = self.links.partners(key)
        if not partners:
            return pool
        rows = self.session.scalars(select(db.EventSource).join(db.Article).where(
            db.Article.doc_id.in_(sorted({doc for doc, _ in partners}))))
        linked = {s.event.id: s.event for s in rows if source_key(s) in partners and s.event.deleted_at is None}
        return sorted(({e.id: e for e in pool} | linked).values(), key=lambda e: e.id)

    def _event_row(self, event_id_: str) -> db.Event:
        """The event row of an id: one made in this transaction (not flushed yet, so not in the
        session's identity map), a stored one (a deleted event with that id comes back), else a
        new one."""
        if event_id_ in self.created:
            return self.created[event_id_]
        event = None if event_id_ in self.new_ids else self.session.get(db.Event, event_id_)
        if event is None:
            event = db.Event(id=event_id_, created_at=now(), updated_at=now(), n_sources=0, actors=[],
                             claimed_by=[], deaths_by_side={}, fatalities=0, event_type="", sub_event_type="",
                             review_status="machine", corrections={}, machine_values={})
            self.session.add(event)
            self.created[event_id_] = event
        return event

    def _recluster(self, events: list[db.Event], added: db.EventSource | None = None,
                   lost_sources: bool = False) -> None:
        """Cluster the sources of ``events`` (``added`` just joined them; with ``lost_sources``
        some just left) again, in ``source_order``; an event left without a cluster is
        deleted, pointing at the event its first source is now in."""
        sources = sorted(dict.fromkeys(s for e in events for s in e.sources), key=source_order)
        clusters: list[list[db.EventSource]] = []
        decisions: dict[db.EventSource, Any] = {}
        for s in sources:
            cluster, decisions[s] = self._best_group(clusters, s.record, source_key(s))
            if cluster is None:
                clusters.append([s])
            else:
                cluster.append(s)
        first_source = {e.id: min(e.sources, key=source_order) for e in events if e.sources}
        before = {e.id: {s for s in e.sources if s is not added} for e in events}
        home: dict[db.EventSource, db.Event] = {}
        changed: list[db.Event] = []
        for cluster in clusters:
            event = self._event_row(event_id(cluster[0].article.doc_id, cluster[0].position))
            for s in cluster:
                home[s] = event
            if not lost_sources and set(cluster) == before.get(event.id):
                continue  # the same event as before: nothing to write
            changed.append(event)
            for s in cluster:
                decision = decisions[s]
                s.event = event
                s.merge_score = decision.score if decision else None
                s.merge_reason = decision.explain() if decision else FOUNDED
        live = {event.id for event in home.values()}
        for event in changed:  # derived again only where the sources changed
            refresh(event)
        for event in events:
            if event.id not in live and event.deleted_at is None:
                successor = home.get(first_source.get(event.id))
                now_in = successor.id if successor is not None else None
                _retire(event, f"merged: its sources were clustered again, its first into {now_in}", now_in)
                if successor is not None and (moved := carry_over(event, successor)) is not None:
                    self.session.add(moved)
                    refresh(successor)

    def merge(self, event: db.Event, other: db.Event, reviewer: str, reason: str) -> db.Event:
        """A reviewer's word that two live events are one: each source of one is linked
        together with each of the other's, and they are clustered again; the event they make."""
        if event.id == other.id:
            raise BadReview(f"{event.id} cannot be merged with itself")
        shared = {s.article.doc_id for s in event.sources} & {s.article.doc_id for s in other.sources}
        if shared:
            raise BadReview(f"{event.id} and {other.id} are both events of article {min(shared)}, which codes "
                            "distinct events: reject the one that repeats the other")
        moment, first = now(), min([*event.sources, *other.sources], key=source_order)
        for a in event.sources:
            for b in other.sources:
                self.links.link("together", source_key(a), source_key(b), reviewer, moment)
        self._recluster([event, other])
        merged = first.event
        for e in (event, other):
            self.session.add(db.EventReview(event_id=e.id, action="merge", reviewer=reviewer, at=moment, reason=reason,
                                            changes={"merged": [[event.id, other.id], merged.id]}))
        return merged

    def split(self, event: db.Event, doc_ids: list[str] | None, reviewer: str, reason: str) -> list[db.Event]:
        """A reviewer's word that a fused event is several: the sources of each article in
        ``doc_ids`` (None: of every article) are linked apart from the others', and
        clustered again; the events they are now in, the first source's first."""
        articles = {s.article.doc_id for s in event.sources}
        if len(articles) < 2:
            raise BadReview(f"{event.id} is reported by one article only: nothing to split (reject or correct it)")
        leaving = set(doc_ids or articles)
        if unknown := leaving - articles:
            raise BadReview(f"{event.id} has no source in {', '.join(sorted(unknown))}: "
                            f"its articles are {', '.join(sorted(articles))}")
        part = {s: s.article.doc_id if s.article.doc_id in leaving else "" for s in event.sources}
        moment, sources = now(), sorted(event.sources, key=source_order)
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                if part[a] != part[b]:
                    self.links.link("apart", source_key(a), source_key(b), reviewer, moment)
        self._recluster([event], lost_sources=True)
        parts = list(dict.fromkeys(s.event for s in sources))
        self.session.add(db.EventReview(event_id=event.id, action="split", reviewer=reviewer, at=moment, reason=reason,
                                        changes={"events": [[event.id], [e.id for e in parts]]}))
        return parts

    def _best_group(self, groups: list, record: dict[str, Any], key: SourceKey) -> tuple[Any, Any]:
        """The group of sources (a cluster, or an event's) the record of source ``key`` joins,
        and what decided: a reviewer's link (``links``), else the group it matches best,
        source against source, holding none of its article's sources (ties: the first
        group). (None, None) when it matches none."""
        best: tuple[Any, Any] = (None, None)
        for group in groups:
            members = group.sources if isinstance(group, db.Event) else group
            ruling = self.links.ruling(key, map(source_key, members))
            if isinstance(ruling, ReviewerLink):
                return group, ruling
            if ruling == "apart" or any(m.article.doc_id == key[0] for m in members):
                continue
            for member in members:
                decision = self._match(record, member.record)
                if decision is not None and (best[1] is None or decision.score > best[1].score):
                    best = (group, decision)
        return best

    def _match(self, record: dict[str, Any], other: dict[str, Any]) -> Match | None:
        """``match``, remembered for the transaction: clustering again weighs the same pairs
        of sources over and over. (The records are kept with the answer, so their ids, the
        key, are not reused while it is remembered.)"""
        key = (id(record), id(other))
        if key not in self.matches:
            self.matches[key] = (record, other, match(record, other))
        return self.matches[key][2]

    def _settle_orphans(self, event_ids: set[str]) -> None:
        """Events that lost sources: those left with some are clustered again (they may split,
        or change id), those left with none are deleted (kept, with the time and the reason)."""
        for event_id_ in sorted(event_ids):
            event = self.session.get(db.Event, event_id_)
            self.session.refresh(event, ["sources"])
            if event.sources:
                self._recluster([event], lost_sources=True)
            elif event.deleted_at is None:
                _retire(event, "its sources were re-processed and no longer report it")


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _retire(event: db.Event, reason: str, replaced_by: str | None = None) -> None:
    event.deleted_at = event.updated_at = now()
    event.deleted_reason, event.replaced_by = reason, replaced_by
    note_changed(event)
