"""A team's reviews as gold: the articles whose every event a person reviewed, with those
events in the gold format of FORMAT.md, so the scorer measures rasid against the team's own
data, on its own sources.

An article is gold only when all the events it reports were reviewed (confirmed,
corrected or rejected): one machine-coded event left among them would make the gold
incomplete and the measured recall wrong. Rejected events are reviewed and left out (the
reviewer said they are not events); the others are written as they now stand, the
reviewer's corrections included, with the claims and evidence of that article.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from rasid.store import schema as db
from rasid.store.review import claim_fixes, reviewed_claims

REVIEWED = ("confirmed", "corrected", "rejected")
LOCATION_FIELDS = ("name", "name_ar", "country", "admin1", "lat", "lon", "geo_precision")


def gold_documents(session: Session) -> Iterator[dict[str, Any]]:
    """Gold lines (doc_id, url, published, title, text, events) of the fully reviewed articles."""
    touched = (select(db.EventSource.article_id).join(db.Event)
               .where(db.Event.review_status.in_(REVIEWED), db.Event.deleted_at.is_(None)).distinct())
    query = (select(db.Article).where(db.Article.id.in_(touched)).order_by(db.Article.doc_id)
             .options(undefer(db.Article.text), selectinload(db.Article.sources).selectinload(db.EventSource.event)))
    for article in session.scalars(query):
        sources = sorted(article.sources, key=lambda s: s.position)
        if not sources or any(s.event.review_status not in REVIEWED for s in sources):
            continue
        yield {"doc_id": article.doc_id, "url": article.url,
               "published": article.published.isoformat() if article.published else None,
               "title": article.title, "text": article.text,
               "events": [gold_event(s.event, s.record, article.doc_id)
                          for s in sources if s.event.review_status != "rejected"]}


def gold_event(event: db.Event, record: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """One event as FORMAT.md's gold codes it: the event's fields as reviewed, the claims and
    evidence of the article (``record``, its source's own coding), claims as reviewed."""
    claims = [{k: v for k, v in c.items() if k != "key"}
              for c in reviewed_claims(doc_id, record.get("claims", []), claim_fixes(event))]
    return {
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "event_date": event.event_date.isoformat() if event.event_date else None,
        "time_precision": event.time_precision,
        "actors": [[name for name in (a.get("name"), a.get("name_ar")) if name] for a in event.actors or []],
        "location": {k: (event.location or {}).get(k) for k in LOCATION_FIELDS} if event.location else None,
        "fatalities": event.fatalities,
        "claims": claims,
        "displaced": {"households": event.displaced_households, "individuals": event.displaced_individuals},
        "evidence": record.get("evidence", []),
        "notes": f"review: {event.review_status} by {event.reviewed_by} (rasid event {event.id})",
    }
