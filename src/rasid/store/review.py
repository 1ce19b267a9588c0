"""A reviewer's word on an event: its state, the fields corrected, and the audit trail.

No automatic coder is trusted blind. A reviewer confirms an event, rejects it, or corrects
any of ``CORRECTABLE``; a correction is kept on the event and laid over whatever fusion
derives from its sources, now and after every later article, re-ingest or re-extraction
(``overlay``), with the machine's own value kept beside it so a disagreement shows. When
fusion renames an event (an earlier report arrived), the review moves with it
(``carry_over``). Every review is an append-only ``EventReview`` row: old and new values,
who, when and why.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from typing import Any

from rasid.errors import RasidError
from rasid.ingest.settings import EARLIEST_PUBLISHED
from rasid.lexicon import load_table
from rasid.model import MAX_FIGURE
from rasid.store import schema as db

STATES = ("machine", "confirmed", "corrected", "rejected")
ACTIONS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected", "reopen": "machine"}
LARGE_TOLL = 25  # deaths from which an unreviewed event is worth a look for its toll alone
CORRECTABLE = ("event_type", "sub_event_type", "event_date", "time_precision", "location", "actors", "fatalities",
               "claims")
CLAIM_FIELDS = {"claimant": None, "claimant_type": ("party", "official", "media", "activists", "informed_sources",
                                                    "unattributed"),
                "modality": ("asserted", "alleged", "denied")}  # what a reviewer corrects in a claim (FORMAT.md)
# The field each sanity flag doubts: once a reviewer has set that field, the flag is settled.
FLAG_FIELD = {"retrospective": "event_date", "long_span": "event_date", "toll_above_type": "fatalities",
              "total_phrase": "fatalities", "killed_and_wounded": "fatalities", "vague_toll": "fatalities",
              "sources_disagree": "fatalities"}


class BadReview(RasidError):
    """A review the store cannot take: an unknown action or field, or a value that is not one."""

    code = "bad_review"


def overlay(fields: dict[str, Any], corrections: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The event's fields with the reviewer's corrections laid over the machine's, and the
    machine's values where they differ from a correction (the disagreements to show). The
    sanity flags on a field a reviewer set are settled and go. (Claims are corrected in
    their sources' records: ``reviewed_claims``.)"""
    corrections = {name: value for name, value in corrections.items() if name != "claims"}
    if not corrections:
        return fields, {}
    disagreements = {name: fields.get(name) for name, value in corrections.items() if fields.get(name) != value}
    fields = fields | corrections
    if "event_date" in corrections:  # a corrected day is the event's whole span
        fields["date_start"] = fields["date_end"] = corrections["event_date"]
    fields["flags"] = [flag for flag in fields.get("flags") or [] if FLAG_FIELD.get(flag["code"]) not in corrections]
    return fields, disagreements


def claim_key(doc_id: str, claim: dict[str, Any]) -> str:
    """A claim's name for a correction: its article, sentence, kind and figure, which a
    re-extraction that finds the same claim gives again."""
    start, end = claim.get("evidence") or (None, None)
    return f"{doc_id}@{start}-{end}:{claim['kind']}:{claim['value']}"


def claim_fixes(event: db.Event) -> dict[str, dict]:
    """A reviewer's claim corrections on an event: claim key -> corrected fields."""
    return (event.corrections or {}).get("claims") or {}


def reviewed_claims(doc_id: str, claims: list[dict[str, Any]], fixes: dict[str, dict]) -> list[dict[str, Any]]:
    """A source's claims, each with its ``key`` and a reviewer's corrections (``fixes``: key ->
    fields) laid over it."""
    return [c | fixes.get(key, {}) | {"key": key} for c in claims for key in [claim_key(doc_id, c)]]


def claim_disagreements(machine: dict[str, dict[str, Any]], fixes: dict[str, dict]) -> dict[str, Any]:
    """The machine's values (``machine``: key -> claim) where a reviewer's claim corrections
    differ from them; None for a corrected claim no source reports any more."""
    out: dict[str, Any] = {}
    for key, fix in fixes.items():
        claim = machine.get(key)
        differ = None if claim is None else {f: claim.get(f) for f, value in fix.items() if claim.get(f) != value}
        if differ != {}:
            out[key] = differ
    return out


def checked(corrections: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The corrections in the form the store keeps fields in, each checked; raises ``BadReview``.
    ``current`` is the event as it stands (a corrected sub-type must fit its type)."""
    unknown = set(corrections) - set(CORRECTABLE)
    if unknown:
        raise BadReview(f"cannot correct {', '.join(sorted(unknown))}: a reviewer corrects {', '.join(CORRECTABLE)}")
    out = {name: _claims(value, current) if name == "claims" else _CHECKS[name](value)
           for name, value in corrections.items()}
    kind = (out.get("event_type", current.get("event_type")), out.get("sub_event_type", current.get("sub_event_type")))
    if ("event_type" in out or "sub_event_type" in out) and kind not in _kinds():
        raise BadReview(f"{kind[1]!r} is not a sub-type of {kind[0]!r} (event_types.tsv)")
    return out


def apply_review(event: db.Event, action: str, reviewer: str, corrections: dict[str, Any] | None,
                 reason: str, fields_now: dict[str, Any]) -> db.EventReview:
    """Record a review on ``event`` (then derive its fields again: ``derive.refresh``) and
    return its audit row. ``fields_now`` is the event as shown before the review."""
    if action not in ACTIONS:
        raise BadReview(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    if action == "correct" and not corrections:
        raise BadReview("a correction names at least one field and its new value")
    if action != "correct" and corrections:
        raise BadReview(f"'{action}' takes no fields; send them with 'correct'")
    fixed = checked(corrections or {}, fields_now)
    changes = {name: [fields_now.get(name), value] for name, value in fixed.items()}
    if "claims" in fixed:  # a claim's old value: the fields corrected, as they stood
        shown = {c["key"]: c for c in fields_now.get("claims") or []}
        changes["claims"][0] = {key: {f: shown[key].get(f) for f in fix} for key, fix in fixed["claims"].items()}
    if action == "reopen":  # back to what the machine says
        changes = {name: [value, None] for name, value in (event.corrections or {}).items()}
        event.corrections = {}
    elif fixed:
        before = event.corrections or {}
        if "claims" in fixed:  # corrections of other claims, and other fields of these, stay
            old = before.get("claims") or {}
            fixed["claims"] = old | {key: (old.get(key) or {}) | fix for key, fix in fixed["claims"].items()}
        event.corrections = {**before, **fixed}
    status = ACTIONS[action]
    if status == "confirmed" and event.corrections:
        status = "corrected"  # confirming a corrected event keeps its corrections
    changes["review_status"] = [event.review_status, status]
    event.review_status, event.reviewed_by, event.reviewed_at = status, reviewer, datetime.now(timezone.utc)
    return db.EventReview(event_id=event.id, action=action, changes=changes, reviewer=reviewer,
                          at=event.reviewed_at, reason=reason)


def carry_over(retired: db.Event, successor: db.Event) -> db.EventReview | None:
    """Move a review from an event fusion retired to the event that replaced it, unless that
    one has a review of its own (then the retired event keeps its review, and its deletion
    names the event that replaced it)."""
    if retired.review_status == "machine" or successor.review_status != "machine":
        return None
    successor.corrections = retired.corrections
    successor.review_status, successor.reviewed_by, successor.reviewed_at = (
        retired.review_status, retired.reviewed_by, retired.reviewed_at)
    return db.EventReview(event_id=successor.id, action="carry_over",
                          changes={"from_event": [retired.id, successor.id]}, reviewer=retired.reviewed_by or "",
                          at=datetime.now(timezone.utc), reason=f"fusion renamed {retired.id} to {successor.id}")


def needs(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Why an event (as the API shows it) needs a person, most pressing first, each a
    ``code`` with its ``detail``: the sanity checks' flags, a large toll, actors the
    dictionary lacks, a place the gazetteer lacks, and fields the machine could only code
    coarsely (a province, a month)."""
    why = [{"code": "flagged", "flag": flag.get("code"), "detail": flag.get("detail") or flag.get("code")}
           for flag in record.get("flags") or []]
    if (record.get("fatalities") or 0) >= LARGE_TOLL:
        why.append({"code": "large_toll", "value": record["fatalities"], "detail": f"toll of {record['fatalities']}"})
    why += [{"code": "unknown_actor", "name": a.get("name"), "detail": f"actor not in the dictionary: {a.get('name')}"}
            for a in record.get("actors") or [] if not a.get("id")]
    location = record.get("location")
    if location is None:
        why.append({"code": "no_place", "detail": "no place"})
    elif not location.get("place_id"):
        why.append({"code": "unknown_place", "name": location.get("name_ar") or location.get("name"),
                    "detail": "place not in the gazetteer"})
    elif (location.get("geo_precision") or 0) >= 3:
        why.append({"code": "coarse_place", "detail": "placed only to a province or region"})
    if not record.get("event_date"):
        why.append({"code": "no_date", "detail": "no date"})
    elif (record.get("time_precision") or 1) > 1:
        why.append({"code": "coarse_date", "detail": "dated only to a week or month"})
    return why


@cache
def _kinds() -> frozenset[tuple[str, str]]:
    return frozenset((r["event_type"], r["sub_event_type"]) for r in load_table("event_types").rows)


def _text(what: str):
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise BadReview(f"{what} must be a name, not {value!r}")
        return value.strip()
    return check


def _day(value: Any) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise BadReview(f"event_date {value!r} is not a day YYYY-MM-DD") from None
    if not EARLIEST_PUBLISHED <= day <= date.today():
        raise BadReview(f"event_date {day} is not a day an event reported now can have")
    return day.isoformat()


def _precision(value: Any) -> int:
    if value not in (1, 2, 3):
        raise BadReview(f"time_precision {value!r} is not 1 (day), 2 (week) or 3 (month)")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FIGURE:
        raise BadReview(f"fatalities {value!r} is not a count (0 or more)")
    return value


def _location(value: Any) -> dict[str, Any]:
    """A place of the gazetteer by its id ({"place_id": ...}), or a point a reviewer put on
    the map ({"lat", "lon"} and what else is known: name, name_ar, country, admin1)."""
    from rasid.recognise.gazetteer import gazetteer

    if not isinstance(value, dict):
        raise BadReview(f"location must be {{'place_id': ...}} or {{'lat': ..., 'lon': ...}}, not {value!r}")
    if value.get("place_id") and set(value) == {"place_id"}:
        place = gazetteer().by_id.get(value["place_id"])
        if place is None:
            raise BadReview(f"no place {value['place_id']!r} in the gazetteer")
        return place.location().to_json()
    lat, lon = value.get("lat"), value.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)) or not (
            -90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadReview(f"location {value!r} has no latitude and longitude in degrees")
    known = ("name", "name_ar", "country", "admin1", "admin2", "admin3", "pcode")
    return {"place_id": None, **{k: value.get(k) for k in known}, "lat": float(lat), "lon": float(lon),
            "geo_precision": 1, "where_prec": 1}


def _claims(value: Any, current: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Claims of the event by ``key`` -> the fields of ``CLAIM_FIELDS`` corrected."""
    keys = {c.get("key") for c in current.get("claims") or []}
    if not isinstance(value, dict) or not value:
        raise BadReview("claims must map a claim's key to its corrected fields, e.g. {KEY: {'modality': 'alleged'}}")
    out = {}
    for key, fix in value.items():
        if key not in keys:
            raise BadReview(f"the event has no claim {key!r} (each claim of an event record carries its key)")
        if not isinstance(fix, dict) or not fix or set(fix) - set(CLAIM_FIELDS):
            raise BadReview(f"a claim's correction sets some of {', '.join(CLAIM_FIELDS)}, not {fix!r}")
        for name, allowed in CLAIM_FIELDS.items():
            if name in fix and allowed is not None and fix[name] not in allowed:
                raise BadReview(f"{name} {fix[name]!r} is not one of {', '.join(allowed)}")
        if "claimant" in fix and fix["claimant"] is not None:
            fix = fix | {"claimant": _text("claimant")(fix["claimant"])}
        out[key] = dict(fix)
    return out


def _actors(value: Any) -> list[dict[str, Any]]:
    """Actors from the dictionary by id ("sdf"), or new ones by name ({"name": ..., "name_ar": ...})."""
    from rasid.recognise.actors import actor_by_id

    if not isinstance(value, list) or not value:
        raise BadReview("actors must be a list of actor ids or {'name': ...}")
    out = []
    for actor in value:
        if isinstance(actor, str):
            try:
                out.append(actor_by_id(actor).to_json())
            except KeyError:
                raise BadReview(f"no actor {actor!r} in the dictionary (actors.tsv): give {{'name': ...}} "
                                "for a new one") from None
        elif isinstance(actor, dict) and isinstance(actor.get("name"), str) and actor["name"].strip():
            out.append({"id": None, "name": actor["name"].strip(), "name_ar": actor.get("name_ar"),
                        "inter": actor.get("inter")})
        else:
            raise BadReview(f"actor {actor!r} is neither an id nor {{'name': ...}}")
    return out


_CHECKS = {"event_type": _text("event_type"), "sub_event_type": _text("sub_event_type"), "event_date": _day,
           "time_precision": _precision, "location": _location, "actors": _actors, "fatalities": _count}
