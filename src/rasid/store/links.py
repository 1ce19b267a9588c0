"""A reviewer's merges and splits, as constraints on fusion's clustering.

When a reviewer says two events are one, every pair of their sources is linked
``together``; when a reviewer splits an event, every pair of sources from the parts is
linked ``apart`` (``schema.SourceLink``). Clustering keeps to the links: a source joins the
cluster of a source it is linked together with, whatever fusion's rules would say, and
never one holding a source it is linked apart from. A source is named by its article and
its place among that article's events, so the links hold when the article is stored
again, re-extracted or joined by later reports.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from rasid.store import schema as db

SourceKey = tuple[str, int]  # (article doc_id, position of the event in the article)
KINDS = ("together", "apart")


@dataclass(frozen=True, slots=True)
class ReviewerLink:
    """Stands where fusion's ``Match`` stands when a reviewer's merge decided a source's event."""

    reviewer: str
    score: float = 1.0

    def explain(self) -> str:
        return f"merged by a reviewer ({self.reviewer})"


def source_key(source: db.EventSource) -> SourceKey:
    return source.article.doc_id, source.position


class SourceLinks:
    """The links of one write transaction: read per article as clustering meets it, and
    none read at all while the store has none (the common case, at ingest speed)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.active = bool(session.scalar(select(exists().where(db.SourceLink.id.is_not(None)))))
        self.loaded: set[str] = set()
        self.together: dict[SourceKey, dict[SourceKey, str]] = defaultdict(dict)  # partner -> reviewer
        self.apart: dict[SourceKey, set[SourceKey]] = defaultdict(set)

    def ruling(self, source: SourceKey, members: Iterable[SourceKey]) -> ReviewerLink | str | None:
        """What a reviewer said of ``source`` joining a cluster of ``members``: "apart" (it may
        not), a ``ReviewerLink`` (it must), or None (fusion decides)."""
        if not self.active:
            return None
        self._load([source[0]])
        members = list(members)
        if any(m in self.apart[source] for m in members):
            return "apart"
        reviewer = next((self.together[source][m] for m in members if m in self.together[source]), None)
        return ReviewerLink(reviewer) if reviewer is not None else None

    def partners(self, source: SourceKey) -> set[SourceKey]:
        """The sources a reviewer linked together with ``source``."""
        if not self.active:
            return set()
        self._load([source[0]])
        return set(self.together[source])

    def link(self, kind: str, a: SourceKey, b: SourceKey, reviewer: str, at: datetime) -> None:
        """Link two sources (replacing what a reviewer said of the pair before)."""
        self.active = True
        self._load([a[0], b[0]])
        a, b = sorted((a, b))
        pair = (db.SourceLink.a_doc == a[0], db.SourceLink.a_position == a[1],
                db.SourceLink.b_doc == b[0], db.SourceLink.b_position == b[1])
        self.session.execute(delete(db.SourceLink).where(*pair))
        self.session.add(db.SourceLink(kind=kind, a_doc=a[0], a_position=a[1], b_doc=b[0], b_position=b[1],
                                       reviewer=reviewer, at=at))
        for one, other in ((a, b), (b, a)):
            self.together[one].pop(other, None)
            self.apart[one].discard(other)
        self._remember(kind, a, b, reviewer)

    def _load(self, doc_ids: list[str]) -> None:
        todo = sorted(set(doc_ids) - self.loaded)
        if not todo:
            return
        rows = self.session.scalars(select(db.SourceLink).where(
            or_(db.SourceLink.a_doc.in_(todo), db.SourceLink.b_doc.in_(todo))).order_by(db.SourceLink.id))
        for row in rows:
            self._remember(row.kind, (row.a_doc, row.a_position), (row.b_doc, row.b_position), row.reviewer)
        self.loaded.update(todo)

    def _remember(self, kind: str, a: SourceKey, b: SourceKey, reviewer: str) -> None:
        for one, other in ((a, b), (b, a)):
            if kind == "together":
                self.together[one][other] = reviewer
            else:
                self.apart[one].add(other)
