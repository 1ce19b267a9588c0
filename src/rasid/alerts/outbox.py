"""Alert messages written in the transaction that changes the events (the outbox): after
fusion has settled, each changed event is matched against every live alert, once per
transaction, and a message is written when it newly matches or when what the alert shows of
it changed. An event fusion renamed keeps what its alerts showed, under its new id.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasid.alerts.search import SavedSearch
from rasid.alerts.shown import changes, shown
from rasid.store import schema as db
from rasid.store.derive import changed_events
from rasid.store.records import event_record, source_order, utc_iso

CHANNELS = ("webhook", "email")


def queue_messages(session: Session) -> int:
    """Write the messages the events changed in this transaction make; how many."""
    events = changed_events(session)
    if not events:
        return 0
    alerts = list(session.scalars(select(db.Alert).where(db.Alert.deleted_at.is_(None)).order_by(db.Alert.id)))
    if not alerts:
        return 0
    searches = {alert.id: SavedSearch.from_params(alert.search) for alert in alerts}
    states = _states(session, {e.id for e in events} | {e.replaced_by for e in events if e.replaced_by})
    for retired in (e for e in events if e.deleted_at is not None and e.replaced_by):
        for alert in alerts:  # a renamed event: its alerts saw it already
            old = states.get((alert.id, retired.id))
            if old is not None and (alert.id, retired.replaced_by) not in states:
                states[(alert.id, retired.replaced_by)] = _state(session, alert.id, retired.replaced_by, old)
    written = 0
    for event in sorted((e for e in events if e.deleted_at is None), key=lambda e: e.id):
        view, now = _searched(event), None
        for alert in alerts:
            if not searches[alert.id].matches(view, event.search_text or ""):
                continue
            state = states.get((alert.id, event.id))
            now = now or shown(event_record(event), _evidence(event))  # once per event, only for one selected
            found = changes(state.shown, now) if state is not None else []
            if state is not None and not found:
                continue
            if state is None:
                state = states[(alert.id, event.id)] = _state(session, alert.id, event.id, None)
            state.shown, state.version = now, state.version + 1
            _message(session, alert, event.id, "change" if found else "new", found, now, state.version)
            written += 1
    return written


def _searched(event: db.Event) -> dict[str, Any]:
    """What a saved search reads of an event (``export.filters.event_matches``), from the
    event's own columns: the whole record, sources and claims, only for events it selects."""
    return {"event_date": event.event_date.isoformat() if event.event_date else None,
            "event_type": event.event_type, "sub_event_type": event.sub_event_type, "location": event.location,
            "fatalities": event.fatalities, "actors": event.actors, "flags": event.flags,
            "updated_at": utc_iso(event.updated_at), "review": {"status": event.review_status}}


def _states(session: Session, event_ids: set[str]) -> dict[tuple[int, str], db.AlertState]:
    rows = session.scalars(select(db.AlertState).where(db.AlertState.event_id.in_(sorted(event_ids))))
    return {(row.alert_id, row.event_id): row for row in rows}


def _state(session: Session, alert_id: int, event_id: str, like: db.AlertState | None) -> db.AlertState:
    state = db.AlertState(alert_id=alert_id, event_id=event_id, shown=like.shown if like else {},
                          version=like.version if like else 0)
    session.add(state)
    return state


def _message(session: Session, alert: db.Alert, event_id: str, kind: str, found: list, now: dict,
             version: int) -> None:
    moment = datetime.now(timezone.utc)
    key = hashlib.sha256(f"{alert.id}:{event_id}:{version}".encode()).hexdigest()[:40]
    message = db.AlertMessage(alert_id=alert.id, event_id=event_id, kind=kind, changes=found, shown=now, key=key,
                              created_at=moment)
    session.add(message)
    for channel in channels(alert):
        session.add(db.AlertDelivery(message=message, alert_id=alert.id, event_id=event_id, channel=channel,
                                     status="pending",
                                     attempts=0, next_at=moment))


def channels(alert: db.Alert) -> Iterable[str]:
    """The channels an alert's messages go by (the Atom feed reads the messages themselves)."""
    return [c for c, target in zip(CHANNELS, (alert.webhook_url, alert.email_to)) if target]


def _evidence(event: db.Event) -> str:
    """The sentence the event comes from: its first source's first evidence span."""
    for source in sorted(event.sources, key=source_order):
        for start, end in source.record.get("evidence") or []:
            return source.article.text[start:end].strip()
    return ""
