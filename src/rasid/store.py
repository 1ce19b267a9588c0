"""Store: articles, events, claims and quarantined inputs in one SQLite file.

Each article is written in its own transaction, so an interrupted batch leaves no
half-written article. Re-processing an article replaces its events (same ``doc_id``).
Inputs that could not be processed go to ``quarantine`` with their reason and their raw
bytes, so nothing is lost.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rasid.errors import InputError
from rasid.ingest import RawInput
from rasid.model import Doc

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    url TEXT, outlet TEXT, title TEXT, published TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date TEXT,
    time_precision INTEGER,
    location_name TEXT, country TEXT, admin1 TEXT,
    lat REAL, lon REAL, geo_precision INTEGER,
    fatalities INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_by_type ON events(event_type, sub_event_type);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, value INTEGER NOT NULL, vague TEXT,
    subject TEXT, claimant TEXT, claimant_type TEXT NOT NULL, modality TEXT NOT NULL,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw BLOB NOT NULL,
    received_at TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A rasid event store in a SQLite file (WAL mode)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def save(self, doc: Doc) -> int:
        """Write an article and its events in one transaction; return the number of events."""
        a = doc.article
        with self._transaction() as db:
            db.execute("DELETE FROM articles WHERE doc_id = ?", (a.doc_id,))
            db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.doc_id, a.origin, a.url, a.outlet, a.title,
                 a.published.isoformat() if a.published else None, a.text,
                 hashlib.sha256(a.text.encode()).hexdigest(), _now()),
            )
            for event in doc.events:
                record = event.to_json()
                loc = event.location
                cur = db.execute(
                    "INSERT INTO events (doc_id, event_type, sub_event_type, event_date, time_precision,"
                    " location_name, country, admin1, lat, lon, geo_precision, fatalities, record)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.doc_id, event.event_type, event.sub_event_type, record["event_date"],
                     event.time_precision, loc and loc.name, loc and loc.country, loc and loc.admin1,
                     loc and loc.lat, loc and loc.lon, loc and loc.geo_precision, event.fatalities,
                     json.dumps(record, ensure_ascii=False)),
                )
                db.executemany(
                    "INSERT INTO claims (event_id, kind, value, vague, subject, claimant, claimant_type,"
                    " modality, evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(cur.lastrowid, c.kind, c.value, c.vague, c.subject, c.claimant, c.claimant_type,
                      c.modality, c.evidence.start, c.evidence.end) for c in event.claims],
                )
        return len(doc.events)

    def quarantine(self, raw: RawInput, problem: InputError) -> None:
        """Keep an input that could not be processed, with its reason."""
        with self._transaction() as db:
            db.execute("INSERT INTO quarantine (origin, code, reason, raw, received_at) VALUES (?, ?, ?, ?, ?)",
                       (problem.where, problem.code, problem.reason, raw.data, _now()))

    def events(self, limit: int = 100, offset: int = 0, event_type: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT id, record FROM events", []
        if event_type:
            sql += " WHERE event_type = ?"
            args.append(event_type)
        sql += " ORDER BY event_date DESC, id LIMIT ? OFFSET ?"
        rows = self._db.execute(sql, [*args, limit, offset]).fetchall()
        return [{"id": r["id"], **json.loads(r["record"])} for r in rows]

    def event(self, event_id: int) -> dict[str, Any] | None:
        row = self._db.execute("SELECT id, record FROM events WHERE id = ?", (event_id,)).fetchone()
        return {"id": row["id"], **json.loads(row["record"])} if row else None

    def summary(self) -> dict[str, Any]:
        """Counts for a readable report: articles, events by type, fatalities, quarantine."""
        one = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "events": one("SELECT count(*) FROM events"),
            "claims": one("SELECT count(*) FROM claims"),
            "fatalities": one("SELECT coalesce(sum(fatalities), 0) FROM events"),
            "quarantined": one("SELECT count(*) FROM quarantine"),
            "by_type": [tuple(r) for r in self._db.execute(
                "SELECT event_type, sub_event_type, count(*), sum(fatalities) FROM events"
                " GROUP BY 1, 2 ORDER BY 3 DESC")],
            "by_admin1": [tuple(r) for r in self._db.execute(
                "SELECT country, admin1, count(*) FROM events GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10")],
            "quarantine": [tuple(r) for r in self._db.execute(
                "SELECT origin, code, reason FROM quarantine ORDER BY id")],
        }
