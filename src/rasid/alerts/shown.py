"""What an alert shows of an event, and the changes worth telling: a new toll, a new
claimant, a new place, day or type, a reviewer's word. One more outlet reporting the same
thing changes nothing shown, so ten outlets send one alert."""
from __future__ import annotations

from typing import Any

COMPARED = ("event_type", "sub_event_type", "event_date", "place", "fatalities", "claimants", "review")


def shown(record: dict[str, Any], evidence: str = "") -> dict[str, Any]:
    """The event as a message shows it (``record``: the store's event record; ``evidence``:
    the sentence it comes from). Only ``COMPARED`` fields make a change."""
    location = record.get("location") or {}
    return {
        "id": record["id"], "event_type": record["event_type"], "sub_event_type": record["sub_event_type"],
        "event_date": record.get("event_date"), "time_precision": record.get("time_precision"),
        "place": location.get("name"), "place_ar": location.get("name_ar"), "admin1": location.get("admin1"),
        "country": location.get("country"), "lat": location.get("lat"), "lon": location.get("lon"),
        "fatalities": record.get("fatalities") or 0,
        "claimants": sorted({c["claimant"] for c in record.get("claims") or [] if c.get("claimant")}),
        "actors": [a.get("name") for a in record.get("actors") or []],
        "actors_ar": [a.get("name_ar") or a.get("name") for a in record.get("actors") or []],
        "review": (record.get("review") or {}).get("status", "machine"),
        "evidence": evidence,
        "sources": [{k: s.get(k) for k in ("outlet", "url", "title", "published")} for s in record.get("sources") or []],
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed in what the alert shows, field by field; claimants as those newly claiming."""
    found = []
    for name in COMPARED:
        old, new = before.get(name), after.get(name)
        if name == "claimants":
            added = [c for c in new or [] if c not in (old or [])]
            if added:
                found.append({"field": name, "old": old, "new": added})
        elif old != new:
            found.append({"field": name, "old": old, "new": new})
    return found


def spelled_out(change: dict[str, Any]) -> str:
    """A change in words (English): "toll 7 → 27", "new claim by SDF"."""
    name, old, new = change["field"], change["old"], change["new"]
    if name == "fatalities":
        return f"toll {old} → {new}"
    if name == "claimants":
        return "new claim by " + ", ".join(new)
    if name == "review":
        return f"reviewed: {new}"
    label = {"event_type": "type", "sub_event_type": "sub-type", "event_date": "date"}.get(name, name)
    return f"{label} {old or '?'} → {new or '?'}"
