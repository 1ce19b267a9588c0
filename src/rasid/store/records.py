"""The store's rows as plain records: articles ready to write, events in the export form
(FORMAT.md fields plus id, sources, claims, UCDP deaths and timestamps), mentions as JSON
values."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timezone
from typing import Any

from rasid.model import Article, Doc, Mention, RawInput
from rasid.store import schema as db
from rasid.store.dedupe import near_duplicate_keys, signature
from rasid.store.queries import search_word
from rasid.store.review import claim_fixes, reviewed_claims


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article ready for the store: all the writer needs, computed beside extraction (in
    a worker process when there are several), so the one writer only writes. Small and
    plain, to cross process boundaries cheaply."""

    article: Article
    raw: bytes
    content_hash: str
    minhash: bytes
    bands: tuple[tuple[int, str], ...]  # MinHash LSH band keys: near-duplicate candidates
    mentions: str  # JSON: [{kind, start, end, surface, value, rule}], as the article view reads them
    events: tuple[dict[str, Any], ...]  # the article's events in FORMAT.md form
    evidence_keys: tuple[list[str], ...]  # per event: its evidence sentences, normalised for free-text search


def article_record(doc: Doc, raw: RawInput | None = None) -> ArticleRecord:
    """What the store keeps of a processed article."""
    article = doc.article
    minhash = signature(doc.norm.text)
    events = [event.to_json() for event in doc.events]
    return ArticleRecord(
        article=article, raw=raw.data if raw else article.text.encode(),
        content_hash=hashlib.sha256(article.text.encode()).hexdigest(),
        minhash=minhash.tobytes(), bands=tuple(near_duplicate_keys(minhash)),
        mentions=json.dumps([{"kind": m.kind, "start": m.span.start, "end": m.span.end, "surface": m.surface,
                              "value": mention_value(m), "rule": str(m.provenance)}
                             for m in sorted(doc.mentions, key=lambda m: (m.span.start, m.span.end))],
                            ensure_ascii=False),
        events=tuple(events),
        evidence_keys=tuple([search_word(article.text[start:end]) for start, end in event["evidence"]]
                            for event in events))


def event_id(doc_id: str, position: int) -> str:
    """An event's id: a hash of its first source (in ``source_order``), so the same articles
    give the same ids in any store, in any order."""
    digest = hashlib.blake2b(f"{doc_id}\x1f{position}".encode(), digest_size=5).hexdigest().upper()
    return f"RSD-{digest}"


def article_order(article: db.Article | Article) -> tuple:
    """Articles (stored or not) in an order that does not depend on arrival: the earliest
    published first (undated last), then by doc_id."""
    return (article.published or date.max, article.doc_id)


def source_order(source: db.EventSource) -> tuple:
    return (*article_order(source.article), source.position)


def utc(moment: datetime) -> datetime:
    """A stored time with its UTC offset: SQLite hands times back without one (the store
    writes them all in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def utc_iso(moment: datetime) -> str:
    """A stored time as ISO 8601 with its offset, so a client syncing with ``updated_since`` reads it right."""
    return utc(moment).isoformat()


def event_record(event: db.Event, with_sources: bool = True) -> dict[str, Any]:
    record = {
        "id": event.id, "event_id": event.id,
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "event_date": event.event_date.isoformat() if event.event_date else None,
        "time_precision": event.time_precision,
        "date_start": event.date_start.isoformat() if event.date_start else None,
        "date_end": event.date_end.isoformat() if event.date_end else None,
        "actors": event.actors, "location": event.location,
    }
    if not with_sources:
        return record
    sources = sorted(event.sources, key=source_order)
    return record | {
        "fatalities": event.fatalities,
        "deaths": {"low": event.deaths_low, "best": event.deaths_best, "high": event.deaths_high},
        "deaths_by_side": event.deaths_by_side,
        "displaced": {"households": event.displaced_households, "individuals": event.displaced_individuals},
        "claims": [c | {"doc_id": s.article.doc_id} for s in sources for c in reviewed_claims(
            s.article.doc_id, s.record.get("claims", []), claim_fixes(event))],
        "claimed_by": event.claimed_by,
        "flags": event.flags or [],
        "sources": [{"doc_id": s.article.doc_id, "url": s.article.url,
                     "outlet": s.article.outlet.name if s.article.outlet else None, "title": s.article.title,
                     "published": s.article.published.isoformat() if s.article.published else None}
                    for s in sources],
        "evidence": [{"doc_id": s.article.doc_id, "span": span} for s in sources for span in s.record.get("evidence", [])],
        "n_sources": event.n_sources,
        "created_at": utc_iso(event.created_at), "updated_at": utc_iso(event.updated_at),
        "review": review_record(event),
    }


def mention_value(mention: Mention) -> Any:
    """A mention's value as JSON: what a coder needs to audit it, not the whole object."""
    value = mention.value
    if mention.kind == "PLACE":
        location = value.location()
        return {"place_id": value.id, "rule": value.rule, "location": location.to_json() if location else None}
    if mention.kind == "DATE":
        return None if value is None else {"day": value.day.isoformat(), "precision": value.precision,
                                           "flag": value.flag}
    if mention.kind == "ACTOR":
        return value.to_json()
    if mention.kind == "PERSON":
        return {"name": value.name, "title": value.title, "group": value.group.id if value.group else None}
    if is_dataclass(value):
        return _plain(value)
    return value if isinstance(value, (str, int, float, bool, list, dict)) or value is None else str(value)


def _plain(value: Any) -> Any:
    """A dataclass as nested dicts and lists for JSON (``asdict`` without its deep copies)."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def review_record(event: db.Event) -> dict[str, Any]:
    """An event's review as the API and exports show it."""
    return {"status": event.review_status, "by": event.reviewed_by,
            "at": utc_iso(event.reviewed_at) if event.reviewed_at else None,
            "corrections": event.corrections or {}, "machine": event.machine_values or {}}


def audit_record(row: db.EventReview) -> dict[str, Any]:
    return {"event_id": row.event_id, "action": row.action, "changes": row.changes, "reviewer": row.reviewer,
            "at": utc_iso(row.at), "reason": row.reason}
