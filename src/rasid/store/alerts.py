"""The store's side of alerts: saved searches kept and listed, their messages (the outbox
``alerts.outbox`` writes), and their deliveries taken out in turn by deliverers: a delivery
is leased for a while, so two deliverers never send it at once and one killed mid-send
leaves it to the next, which sends it again under the same idempotency key."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from rasid.errors import RasidError
from rasid.store import schema as db
from rasid.store.records import utc, utc_iso

LANGUAGES = ("en", "ar")
RAW = {"synchronize_session": False}  # an UPDATE's rows are read again, not evaluated in Python on naive SQLite times
MAX_DIGEST_MINUTES = 7 * 24 * 60


class BadAlert(RasidError):
    """An alert that cannot be kept: no name, a target that is not one, an unknown language."""

    code = "bad_alert"


def check_alert(name: str, webhook_url: str | None, email_to: str | None, language: str, digest_minutes: int) -> None:
    if not name or not name.strip():
        raise BadAlert("an alert needs a name")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadAlert("an alert's name is one line of text (it heads its emails)")
    if webhook_url and not webhook_url.lower().startswith(("http://", "https://")):
        raise BadAlert(f"webhook {webhook_url!r} is not an http(s) URL")
    if email_to and not all(_address(a) for a in email_to.split(",")):
        raise BadAlert(f"email {email_to!r} is not one or more addresses (a@b.c, d@e.f)")
    if language not in LANGUAGES:
        raise BadAlert(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if isinstance(digest_minutes, bool) or not isinstance(digest_minutes, int) or \
            not 0 <= digest_minutes <= MAX_DIGEST_MINUTES:
        raise BadAlert(f"digest {digest_minutes!r} is not minutes from 0 (each match at once) to a week")


def _address(text: str) -> bool:
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() or c in "<>\r\n" for c in text.strip()))


@dataclass(frozen=True, slots=True)
class Due:
    """A delivery a deliverer took: its row's id, channel, the alert and the message."""

    id: int
    channel: str
    attempts: int
    alert: dict[str, Any]
    message: dict[str, Any]


def alert_record(alert: db.Alert, deliveries: list[db.AlertDelivery] = ()) -> dict[str, Any]:
    """An alert as the API and the CLI show it (never its webhook secret)."""
    return {"id": alert.id, "name": alert.name, "owner": alert.owner, "search": alert.search,
            "webhook_url": alert.webhook_url, "signed": bool(alert.webhook_secret), "email_to": alert.email_to,
            "language": alert.language, "digest_minutes": alert.digest_minutes,
            "feed": f"/api/alerts/{alert.id}/feed.atom?token={alert.feed_token}",
            "created_at": utc_iso(alert.created_at),
            "last_deliveries": [delivery_record(d) for d in deliveries]}


def delivery_record(d: db.AlertDelivery) -> dict[str, Any]:
    return {"id": d.id, "alert_id": d.alert_id, "message_id": d.message_id, "event_id": d.message.event_id,
            "kind": d.message.kind, "channel": d.channel, "status": d.status, "attempts": d.attempts,
            "next_at": utc_iso(d.next_at), "last_error": d.last_error,
            "delivered_at": utc_iso(d.delivered_at) if d.delivered_at else None}


def message_record(m: db.AlertMessage) -> dict[str, Any]:
    return {"id": m.id, "alert_id": m.alert_id, "event_id": m.event_id, "kind": m.kind, "changes": m.changes,
            "shown": m.shown, "key": m.key, "created_at": utc_iso(m.created_at)}


def new_alert(name: str, owner: str, search: dict[str, Any], webhook_url: str | None, webhook_secret: str | None,
              email_to: str | None, language: str, digest_minutes: int) -> db.Alert:
    return db.Alert(name=name, owner=owner, search=search, webhook_url=webhook_url, webhook_secret=webhook_secret,
                    email_to=email_to, language=language, digest_minutes=digest_minutes,
                    feed_token=secrets.token_urlsafe(24), created_at=datetime.now(timezone.utc))


def last_deliveries(session: Session, alert_ids: list[int], per_alert: int = 5) -> dict[int, list[db.AlertDelivery]]:
    rows = session.scalars(select(db.AlertDelivery).where(db.AlertDelivery.alert_id.in_(alert_ids))
                           .order_by(db.AlertDelivery.id.desc()).limit(per_alert * max(len(alert_ids), 1) * 4))
    found: dict[int, list[db.AlertDelivery]] = {}
    for row in rows:
        if len(found.setdefault(row.alert_id, [])) < per_alert:
            found[row.alert_id].append(row)
    return found


def lease_due(session: Session, limit: int, lease: timedelta) -> list[Due]:
    """Take up to ``limit`` deliveries due now (more for a digest), for ``lease``: no other
    deliverer takes them until it ends. An event's messages to an alert go one at a time,
    the earliest first, so a change never arrives before its news; a digest alert's pending
    deliveries on a channel are taken all together, once its period since its last
    delivery there has passed."""
    moment = datetime.now(timezone.utc)
    d = db.AlertDelivery
    free = (d.status == "pending", or_(d.leased_until.is_(None), d.leased_until < moment))
    candidates = list(session.scalars(select(d).where(*free, d.next_at <= moment).order_by(d.next_at, d.id)
                                      .limit(limit)))
    taken: list[Due] = []
    digests: set[tuple[int, str]] = set()
    lanes: set[tuple[int, str, str]] = set()
    for row in candidates:
        alert = session.get(db.Alert, row.alert_id)
        rows = [row]
        if not alert.digest_minutes:  # an event's messages in order: one at a time, the earliest first
            lane = (row.alert_id, row.channel, row.event_id)
            earlier = session.scalar(select(d.id).where(d.alert_id == row.alert_id, d.channel == row.channel,
                                                        d.event_id == row.event_id, d.status == "pending",
                                                        d.id < row.id).limit(1))
            if lane in lanes or earlier is not None:
                continue
            lanes.add(lane)
        else:
            if (alert.id, row.channel) in digests:
                continue
            digests.add((alert.id, row.channel))
            due_at = _digest_due_at(session, alert, row.channel)
            group = (d.alert_id == alert.id, d.channel == row.channel, *free)
            if due_at > moment:  # wait for the period to end, out of the others' way
                session.execute(update(d).where(*group).values(next_at=due_at), execution_options=RAW)
                continue
            rows = list(session.scalars(select(d).where(*group).order_by(d.id)))
        for one in rows:
            claimed = session.execute(update(d).where(d.id == one.id, *free).values(leased_until=moment + lease),
                                      execution_options=RAW)
            if claimed.rowcount == 1:
                taken.append(Due(one.id, one.channel, one.attempts, alert_dict(alert), message_record(one.message)))
    return taken


def _digest_due_at(session: Session, alert: db.Alert, channel: str) -> datetime:
    last = session.scalar(select(func.max(db.AlertDelivery.delivered_at)).where(
        db.AlertDelivery.alert_id == alert.id, db.AlertDelivery.channel == channel))
    return utc(last) + timedelta(minutes=alert.digest_minutes) if last else datetime.min.replace(tzinfo=timezone.utc)


def alert_dict(alert: db.Alert) -> dict[str, Any]:
    """What a deliverer needs of an alert (its secret too)."""
    return alert_record(alert) | {"webhook_secret": alert.webhook_secret}


def settle(session: Session, delivery_id: int, error: str | None, next_at: datetime | None) -> None:
    """Record a delivery's attempt: delivered (``error`` None), to be tried again at
    ``next_at``, or dead (an error and no next time)."""
    row = session.get(db.AlertDelivery, delivery_id)
    moment = datetime.now(timezone.utc)
    row.attempts += 1
    row.leased_until = None
    if error is None:
        row.status, row.delivered_at, row.last_error = "delivered", moment, None
    else:
        row.last_error = error[:2000]
        if next_at is None:
            row.status = "dead"
        else:
            row.next_at = next_at
