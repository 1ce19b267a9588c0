"""The store's tables (SQLAlchemy 2 declarative models).

An ``Article`` is kept as received (its raw bytes) with its text and fingerprints. Each
event an article reports is an ``EventSource`` row (the article's own coding of it, with
the fusion decision that tied it to an ``Event``); an ``Event`` is one real-world event,
its fields derived from all its sources. ``Claim`` rows keep every figure of every
source. Events are never reused or forgotten: a deleted event keeps its row and id with
``deleted_at`` and a reason, so users can sync deletions as they do with ACLED.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Outlet(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200), unique=True)
    origin: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, deferred=True)  # loaded when read: fusion needs only the order
    raw: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    mentions: Mapped[str | None] = mapped_column(Text, deferred=True)  # JSON: [{kind, start, end, surface, value, rule}]
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    outlet: Mapped[Outlet | None] = relationship()
    sources: Mapped[list[EventSource]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                      passive_deletes=True)


class ArticleBand(Base):
    """One MinHash band key of an article: articles sharing a key are near-duplicate candidates."""

    __tablename__ = "article_bands"

    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("events_by_type_and_day", "event_type", "event_date"),
                      Index("events_by_place", "country", "admin1"),
                      Index("events_pages_by_day", "sort_day", "id"),
                      Index("events_pages_by_type_and_day", "event_type", "sort_day", "id"),
                      Index("events_pages_by_country_and_day", "country", "sort_day", "id"),
                      Index("events_pages_by_fatalities", "fatalities", "id"),
                      Index("events_pages_by_country_and_fatalities", "country", text("fatalities DESC"), "id"),
                      Index("events_pages_by_update", "updated_at", "id"),
                      Index("events_by_deletion", "deleted_at"),
                      Index("events_by_fused_type_and_last_day", "fused_type", "fused_end"),  # fusion's candidates
                      Index("events_by_review_status", "review_status"))

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    sort_day: Mapped[date] = mapped_column(Date, default=date(1, 1, 1))  # event_date, or year 1: pages sort on it
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location: Mapped[dict | None] = mapped_column(JSON)
    actors: Mapped[list] = mapped_column(JSON)
    fatalities: Mapped[int] = mapped_column(Integer)
    deaths_low: Mapped[int | None] = mapped_column(Integer)
    deaths_best: Mapped[int | None] = mapped_column(Integer)
    deaths_high: Mapped[int | None] = mapped_column(Integer)
    deaths_by_side: Mapped[dict] = mapped_column(JSON)
    displaced_households: Mapped[int | None] = mapped_column(Integer)
    displaced_individuals: Mapped[int | None] = mapped_column(Integer)
    claimed_by: Mapped[list] = mapped_column(JSON)
    n_sources: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by: Mapped[str | None] = mapped_column(String(20))  # a deleted event's id after a merge or rename
    flags: Mapped[list] = mapped_column(JSON, default=list)  # sanity checks' findings: [{code, detail, ...}]
    search_text: Mapped[str] = mapped_column(Text, default="")  # normalised names and sentences: free-text search
    actor_text: Mapped[str] = mapped_column(Text, default="")  # normalised actor names: the actor filter
    review_status: Mapped[str] = mapped_column(String(20), default="machine")  # confirmed, corrected, rejected
    reviewed_by: Mapped[str | None] = mapped_column(Text)  # the name of the reviewer's API key
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    corrections: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> the reviewer's value, over fusion's
    machine_values: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> fusion's value, where it differs
    # What fusion finds candidates by: the type, days and point its sources give, whatever a
    # reviewer corrected (a new report of the event must still find it)
    fused_type: Mapped[str | None] = mapped_column(String(60))
    fused_start: Mapped[date | None] = mapped_column(Date)
    fused_end: Mapped[date | None] = mapped_column(Date)
    fused_lat: Mapped[float | None] = mapped_column(Float)
    fused_lon: Mapped[float | None] = mapped_column(Float)

    sources: Mapped[list[EventSource]] = relationship(back_populates="event")


class EventCount(Base):
    """Live events counted by day, type, sub-type and place, kept up to date by database
    triggers on ``events`` (migration 0005), so statistics read a few thousand narrow rows
    instead of scanning every event. No place is '' here, not NULL: the key must be unique."""

    __tablename__ = "event_counts"
    __table_args__ = {"sqlite_with_rowid": False}

    sort_day: Mapped[date] = mapped_column(Date, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60), primary_key=True)
    sub_event_type: Mapped[str] = mapped_column(String(60), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    admin1: Mapped[str] = mapped_column(Text, primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    fatalities: Mapped[int] = mapped_column(Integer)
    deaths_low: Mapped[int] = mapped_column(Integer)  # sums of the events that have one
    deaths_best: Mapped[int] = mapped_column(Integer)
    deaths_high: Mapped[int] = mapped_column(Integer)


class EventReview(Base):
    """One review of an event, never changed or deleted: the audit trail."""

    __tablename__ = "event_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(20), index=True)  # no foreign key: events are renamed, trails stay
    action: Mapped[str] = mapped_column(String(20))  # confirm, correct, reject, reopen, carry_over
    changes: Mapped[dict] = mapped_column(JSON)  # field -> [old, new]
    reviewer: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text, default="")


class SourceLink(Base):
    """A reviewer's word that two sources (an article's ``position``-th event) report one event
    (``together``: a merge) or two (``apart``: a split); fusion's clustering keeps to it, so a
    later article or a re-ingest cannot undo the merge or the split."""

    __tablename__ = "source_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # together, apart
    a_doc: Mapped[str] = mapped_column(Text, index=True)
    a_position: Mapped[int] = mapped_column(Integer)
    b_doc: Mapped[str] = mapped_column(Text, index=True)
    b_position: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QualityRun(Base):
    """One ``rasid quality`` run: this rasid scored against the team's reviewed articles, kept
    so the team sees its machine's quality on its own sources over time."""

    __tablename__ = "quality_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rasid_version: Mapped[str] = mapped_column(String(40))
    documents: Mapped[int] = mapped_column(Integer)
    gold_events: Mapped[int] = mapped_column(Integer)
    predicted_events: Mapped[int] = mapped_column(Integer)
    strict_precision: Mapped[float | None] = mapped_column(Float)  # None: nothing to divide by
    strict_recall: Mapped[float | None] = mapped_column(Float)
    strict_f1: Mapped[float | None] = mapped_column(Float)
    events_f1: Mapped[float | None] = mapped_column(Float)
    claims_f1: Mapped[float | None] = mapped_column(Float)


class Alert(Base):
    """A saved search someone follows (``rasid.alerts``): its filters, the GET /api/events
    parameters, and where its messages go."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text, index=True)  # the API key's name, or who made it at the command line
    search: Mapped[dict] = mapped_column(JSON)  # the saved search's parameters, as GET /api/events takes them
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret: Mapped[str | None] = mapped_column(Text)  # signs each body (HMAC-SHA256); the receiver has it too
    email_to: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), default="en")
    digest_minutes: Mapped[int] = mapped_column(Integer, default=0)  # 0: each match at once; N: one message per N minutes
    feed_token: Mapped[str] = mapped_column(String(64))  # the Atom feed's secret, in its URL (feed readers send no keys)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AlertState(Base):
    """What an alert last showed of an event, to tell a change that matters from one more report."""

    __tablename__ = "alert_states"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)
    shown: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)  # messages sent of this event so far


class AlertMessage(Base):
    """The outbox: one message per event newly matching an alert or changed in what it shows,
    written in the transaction that changed the event, so none is lost or made twice."""

    __tablename__ = "alert_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # new, change
    changes: Mapped[list] = mapped_column(JSON)  # [{"field", "old", "new"}] for a change
    shown: Mapped[dict] = mapped_column(JSON)  # the event as the message shows it
    key: Mapped[str] = mapped_column(String(80), unique=True)  # idempotency key: alert, event and version
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlertDelivery(Base):
    """One message's delivery by one channel (webhook, email): pending until it is delivered,
    retried with a growing pause, dead after too many failures."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (Index("alert_deliveries_due", "status", "next_at"),
                      Index("alert_deliveries_by_event", "alert_id", "event_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("alert_messages.id"), index=True)
    alert_id: Mapped[int] = mapped_column(Integer, index=True)
    event_id: Mapped[str] = mapped_column(String(20))  # its message's: an event's messages go out in order
    channel: Mapped[str] = mapped_column(String(10))  # webhook, email
    status: Mapped[str] = mapped_column(String(10))  # pending, delivered, dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    leased_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # a deliverer is on it
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message: Mapped[AlertMessage] = relationship()


class EventSource(Base):
    """One article's coding of an event, and why fusion tied it to its ``Event``."""

    __tablename__ = "event_sources"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the event's rank in its article
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    record: Mapped[dict] = mapped_column(JSON)  # the article's event in FORMAT.md form
    merge_score: Mapped[float | None] = mapped_column(Float)  # None: it founded its event
    merge_reason: Mapped[str] = mapped_column(Text)
    evidence_keys: Mapped[list | None] = mapped_column(JSON)  # its evidence sentences as free-text search reads them

    article: Mapped[Article] = relationship(back_populates="sources")
    event: Mapped[Event] = relationship(back_populates="sources")
    claims: Mapped[list[Claim]] = relationship(back_populates="source", cascade="all, delete-orphan",
                                               passive_deletes=True)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("event_sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    vague: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(Text)
    claimant_type: Mapped[str] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(20))
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)

    source: Mapped[EventSource] = relationship(back_populates="claims")


class Quarantine(Base):
    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IngestLog(Base):
    """What happened to every input: stored, unchanged duplicate, near-duplicate, replaced, quarantined."""

    __tablename__ = "ingest_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    doc_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Feed(Base):
    """A watched feed's polling state (conditional request headers, failures, next poll)."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_checked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entries_seen: Mapped[int] = mapped_column(Integer, default=0)


class ApiKey(Base):
    """A key for the API, kept only as its SHA-256 hash, with what it may do (``role``:
    read, write, review or admin, each allowing what the ones before it allow)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    role: Mapped[str] = mapped_column(String(20), default="write")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WriterLock(Base):
    """One row that every write transaction updates first: writers, in any number of
    processes or machines, then take turns, and each sees all that the one before it
    committed (SQLite's write lock, a row lock on PostgreSQL). Without it, two writers could
    both store an article neither had seen, or found two events where one writer fuses one."""

    __tablename__ = "writer_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(Text)  # host and process id of the last writer
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
