"""Alert messages in words: an email's subject and text in the alert's language (Arabic or
English, ``data/messages.tsv``), the webhook's JSON, and the Atom feed of an alert. Each
shows the event, what changed, the sentence it comes from, its sources and where it is."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from rasid.arabic_names import admin_name_ar
from rasid.export.fields import country
from rasid.lexicon import load_table

OSM = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=11/{lat}/{lon}"


@dataclass(frozen=True, slots=True)
class Email:
    subject: str
    text: str


@cache
def _strings() -> dict[str, dict[str, str]]:
    return {row["key"]: {"en": row["en"], "ar": row["ar"]} for row in load_table("messages").rows}


def say(key: str, language: str, **fields: Any) -> str:
    """A string of ``messages.tsv`` in ``language``, its fields filled in (a key it lacks is itself)."""
    template = _strings().get(key, {}).get(language) or key
    return template.format(**fields) if fields else template


def summary(changes: list[dict[str, Any]], language: str) -> str:
    """What changed, spelled out: "toll 7 → 27; new claim by SDF"."""
    def value(v: Any) -> Any:
        return ", ".join(v) if isinstance(v, list) else say(str(v), language) if v else "?"
    return "; ".join(say(f"change_{c['field']}", language, old=value(c["old"]), new=value(c["new"])) for c in changes)


def links(shown: dict[str, Any], public_url: str) -> dict[str, str | None]:
    """Where to see the event: the dashboard's page (when rasid's public address is known) and a map."""
    event = f"{public_url.rstrip('/')}/#/event/{shown['id']}" if public_url else None
    point = OSM.format(lat=shown["lat"], lon=shown["lon"]) if shown.get("lat") is not None else None
    return {"event": event, "map": point}


def headline(message: dict[str, Any], language: str) -> str:
    """One line: what, where, when, the toll (in Arabic, names and punctuation Arabic too)."""
    s = message["shown"]
    where = _where(s, language)
    day = s.get("event_date") or say("no_day", language)
    line = " · ".join([say(s["sub_event_type"], language), where, day])
    return line + (f" · {say('killed', language, n=s['fatalities'])}" if s.get("fatalities") else "")


def _where(s: dict[str, Any], language: str) -> str:
    """The place, its province and its country, in ``language`` (English names where the
    gazetteer has no Arabic one)."""
    if language != "ar":
        parts = [s.get("place") or say("no_place", language), s.get("admin1"), s.get("country")]
        return ", ".join(p for p in parts if p)
    found = country(s.get("country")) if s.get("country") else None
    parts = [s.get("place_ar") or s.get("place") or say("no_place", language),
             admin_name_ar(s.get("country"), s.get("admin1")) or s.get("admin1"),
             found.name_ar if found else s.get("country")]
    return "، ".join(dict.fromkeys(p for p in parts if p))


def email(alert: dict[str, Any], messages: list[dict[str, Any]], public_url: str = "") -> Email:
    """The email of one message, or of a digest of several."""
    lang = alert["language"]
    if len(messages) == 1:
        m, s = messages[0], messages[0]["shown"]
        place = (s.get("place_ar") if lang == "ar" else s.get("place")) or s.get("place") or say("no_place", lang)
        fields = {"alert": alert["name"], "what": say(s["sub_event_type"], lang), "place": place,
                  "day": s.get("event_date") or say("no_day", lang), "summary": summary(m["changes"], lang)}
        subject = say("subject_change" if m["kind"] == "change" else "subject_new", lang, **fields)
    else:
        subject = say("subject_digest", lang, alert=alert["name"], n=len(messages))
    blocks = [_block(m, lang, public_url) for m in messages]
    footer = say("footer", lang, alert=alert["name"], id=alert["id"])
    return Email(" ".join(subject.split()), "\n\n".join([*blocks, "-- ", footer]))


def _block(message: dict[str, Any], lang: str, public_url: str) -> str:
    s = message["shown"]
    heading = (say("heading_change", lang, summary=summary(message["changes"], lang)) if message["kind"] == "change"
               else say("heading_new", lang))
    lines = [heading, headline(message, lang)]
    actors = s.get("actors_ar") if lang == "ar" and s.get("actors_ar") else s.get("actors")
    if actors:
        lines.append(say("actors", lang, names=("، " if lang == "ar" else ", ").join(actors)))
    if s.get("claimants"):
        lines.append(say("claimants", lang, names=", ".join(s["claimants"])))
    lines.append(f"{say(s.get('review') or 'machine', lang)} · {s['id']}")
    if s.get("evidence"):
        lines += ["", say("evidence", lang), f"« {s['evidence']} »"]
    if s.get("sources"):
        lines += ["", say("sources", lang),
                  *(f"- {src.get('outlet') or ''} {src.get('url') or ''}".rstrip() for src in s["sources"])]
    where = links(s, public_url)
    lines += [""] + [say(f"{k}_link", lang, url=url) for k, url in where.items() if url]
    return "\n".join(lines)


def webhook_body(alert: dict[str, Any], messages: list[dict[str, Any]], public_url: str = "") -> bytes:
    """The JSON a webhook receives: the alert, and each message with the event as shown,
    what changed (and in words, in the alert's language), and links."""
    lang = alert["language"]
    body = {"alert": {"id": alert["id"], "name": alert["name"], "search": alert["search"]},
            "digest": len(messages) > 1,
            "messages": [{"key": m["key"], "kind": m["kind"], "event": m["shown"], "changes": m["changes"],
                          "summary": summary(m["changes"], lang) if m["changes"] else headline(m, lang),
                          "links": links(m["shown"], public_url), "created_at": m["created_at"]}
                         for m in messages]}
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


def atom(alert: dict[str, Any], messages: list[dict[str, Any]], feed_url: str, public_url: str = "") -> bytes:
    """The Atom feed (RFC 4287) of an alert: one entry per message, newest first."""
    lang = alert["language"]
    updated = messages[0]["created_at"] if messages else datetime.now(timezone.utc).isoformat()
    entries = []
    for m in messages:
        title = (f"{summary(m['changes'], lang)} · " if m["changes"] else "") + headline(m, lang)
        link = links(m["shown"], public_url)["event"] or links(m["shown"], public_url)["map"]
        entries.append(
            "<entry>"
            f"<id>urn:rasid:alert:{alert['id']}:{escape(m['key'])}</id>"
            f"<title>{escape(title)}</title>"
            f"<updated>{escape(m['created_at'])}</updated>"
            + (f'<link rel="alternate" href="{escape(link, {chr(34): "&quot;"})}"/>' if link else "")
            + f'<content type="text">{escape(_block(m, lang, public_url))}</content>'
            "</entry>")
    feed = ('<?xml version="1.0" encoding="utf-8"?>'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">'
            f"<id>urn:rasid:alert:{alert['id']}</id>"
            f"<title>{escape(alert['name'])}</title>"
            f"<updated>{escape(updated)}</updated>"
            f'<link rel="self" href="{escape(feed_url, {chr(34): "&quot;"})}"/>'
            "<author><name>rasid</name></author>"
            + "".join(entries) + "</feed>")
    return feed.encode("utf-8")
