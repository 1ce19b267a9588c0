"""Watched feeds' polling states in the store's ``feeds`` table (``rasid watch``)."""
from __future__ import annotations

from datetime import timezone

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from rasid.store import schema as db


class FeedStates:
    """``rasid.ingest.watch.FeedStateStore`` on the ``feeds`` table."""

    FIELDS = ("etag", "last_modified", "last_checked", "last_status", "consecutive_failures", "next_due",
              "entries_seen")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, url: str):
        from rasid.ingest.feeds import FeedState

        with Session(self.engine) as session:
            row = session.get(db.Feed, url)
            if row is None:
                return None
            values = {name: getattr(row, name) for name in self.FIELDS}
            for name in ("last_checked", "next_due"):  # SQLite hands back naive UTC datetimes
                if values[name] is not None and values[name].tzinfo is None:
                    values[name] = values[name].replace(tzinfo=timezone.utc)
            return FeedState(url=url, **values)

    def put(self, state) -> None:
        with Session(self.engine) as session, session.begin():
            session.merge(db.Feed(url=state.url, **{name: getattr(state, name) for name in self.FIELDS}))
