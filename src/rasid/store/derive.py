"""An event's stored fields, derived again from all its sources whenever they change."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy.orm import Session, object_session

from rasid.fuse.across_articles import fused_fields
from rasid.store import schema as db
from rasid.store.queries import NO_DAY, search_key
from rasid.store.records import source_order
from rasid.store.review import claim_disagreements, claim_fixes, claim_key, overlay, reviewed_claims


CHANGED = "rasid_changed_events"  # where a session keeps the events its transaction changed


def note_changed(event: db.Event) -> None:
    """Remember that ``event`` changed in its session's transaction (derived again, or retired)."""
    session = object_session(event)
    if session is not None:
        session.info.setdefault(CHANGED, {})[event.id] = event


def changed_events(session: Session) -> list[db.Event]:
    """The events this transaction changed (and forget them: asked once, at its end)."""
    return list(session.info.pop(CHANGED, {}).values())


def refresh(event: db.Event) -> None:
    """Derive an event's fields again from all its sources (its ``sources`` collection must
    be current: the ORM keeps it so as sources are added or moved), a reviewer's
    corrections laid over them."""
    sources = sorted(event.sources, key=source_order)
    fixes = claim_fixes(event)
    records = [s.record | {"claims": reviewed_claims(s.article.doc_id, s.record.get("claims") or [], fixes)}
               if fixes else s.record for s in sources]
    machine = fused_fields(records)
    place = machine["location"] or {}
    event.fused_type, event.fused_lat, event.fused_lon = machine["event_type"], place.get("lat"), place.get("lon")
    event.fused_start, event.fused_end = (date.fromisoformat(machine[k]) if machine[k] else None
                                          for k in ("date_start", "date_end"))
    fields, event.machine_values = overlay(machine, event.corrections or {})
    if fixes:
        machine_claims = {claim_key(s.article.doc_id, c): c for s in sources for c in s.record.get("claims") or []}
        if differ := claim_disagreements(machine_claims, fixes):
            event.machine_values = event.machine_values | {"claims": differ}
    location = fields["location"] or {}
    for name in ("event_type", "sub_event_type", "time_precision", "actors", "fatalities", "deaths_by_side",
                 "claimed_by", "location", "flags"):
        setattr(event, name, fields[name])
    for name in ("event_date", "date_start", "date_end"):
        setattr(event, name, date.fromisoformat(fields[name]) if fields[name] else None)
    event.sort_day = event.event_date or NO_DAY
    event.country, event.admin1 = location.get("country"), location.get("admin1")
    event.lat, event.lon = location.get("lat"), location.get("lon")
    event.deaths_low, event.deaths_best, event.deaths_high = (fields["deaths"][k] for k in ("low", "best", "high"))
    event.displaced_households = fields["displaced"]["households"]
    event.displaced_individuals = fields["displaced"]["individuals"]
    event.n_sources = len(event.sources)
    names = [name for a in fields["actors"] for name in (a.get("name"), a.get("name_ar"))]
    event.actor_text = search_key(names)
    event.search_text = search_key(
        [fields["event_type"], fields["sub_event_type"], *fields["claimed_by"], *names,
         *(location.get(k) for k in ("name", "name_ar", "admin1", "admin2", "admin3"))],
        [key for s in sources for key in s.evidence_keys])
    event.updated_at = datetime.now(timezone.utc)
    event.deleted_at = event.deleted_reason = event.replaced_by = None
    note_changed(event)
