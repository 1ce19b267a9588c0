"""Fusion's candidate events, found in memory for a whole write transaction.

Fusion asks, for each new event, which live events of its type lie within a day and near
its place, as their sources give them (``Event.fused_*``: a reviewer's correction of the
type, day or place does not hide an event from the next report of it). Asked of the
database, that is three round trips per question, thousands per batch. A
``CandidateIndex`` loads each type's live events once per cell (8 days by a degree of
latitude and longitude) the batch touches, with their sources and articles, and answers
the rest from memory, from buckets by type and block of days. It keeps every
event the session loads or adds, and moves it when its type or days change, so its
answers follow the transaction's own writes: the same events, in the same order, as the
query it replaces.
"""
from __future__ import annotations

from datetime import date, timedelta
from math import floor

from sqlalchemy import event as sa_event, select
from sqlalchemy.orm import Session, object_session, selectinload

from rasid.fuse.across_articles import MAX_DAYS_APART, NEAR_KM
from rasid.store import schema as db

KM_PER_DEGREE = 111.0
BLOCK_DAYS = 8  # events are loaded by cells of this many days and a degree of latitude and longitude,
ANY = ("any",)  # or by blocks of days wherever they lie (for a question with no point)
INFO_KEY = "rasid.candidates"


class CandidateIndex:
    """The events of one session (one transaction), by type and block of days."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.buckets: dict[tuple[str, int], dict[str, db.Event]] = {}  # (type, block of days) -> events by id
        self.placed: dict[db.Event, list[tuple[str, int]]] = {}  # the buckets each event is in
        self.loaded: set[tuple[str, int, tuple]] = set()  # (event type, block of days, cell) loaded
        session.info[INFO_KEY] = self
        sa_event.listen(session, "loaded_as_persistent", self._keep)
        sa_event.listen(session, "transient_to_pending", self._keep)

    def close(self) -> None:
        self.session.info.pop(INFO_KEY, None)
        sa_event.remove(self.session, "loaded_as_persistent", self._keep)
        sa_event.remove(self.session, "transient_to_pending", self._keep)

    def _keep(self, _session: Session, instance: object) -> None:
        if isinstance(instance, db.Event):
            self.place(instance)

    def place(self, event: db.Event, changing: dict | None = None) -> None:
        """Put an event in the buckets of its type and days (``changing``: values being set
        now), out of those it was in. An event with no days is in none: it matches nothing."""
        for bucket in self.placed.pop(event, ()):
            self.buckets[bucket].pop(event.id, None)
        values = event.__dict__ | (changing or {})
        start, end = values.get("fused_start"), values.get("fused_end")
        if start is None or end is None:
            self.placed[event] = []
            return
        buckets = [(values.get("fused_type"), block)
                   for block in range(start.toordinal() // BLOCK_DAYS, end.toordinal() // BLOCK_DAYS + 1)]
        for bucket in buckets:
            self.buckets.setdefault(bucket, {})[event.id] = event
        self.placed[event] = buckets

    def preload(self, records: list[dict]) -> None:
        """Load at once, per type, the cells all these records will ask about (one query per
        type for a batch, instead of one per cell)."""
        asks: dict[str, list[tuple[date, tuple | None]]] = {}
        for record in records:
            location = record.get("location")
            if record.get("event_date") and location:
                asks.setdefault(record["event_type"], []).append(
                    (date.fromisoformat(record["event_date"]), _box(location.get("lat"), location.get("lon"))))
        reach = timedelta(days=MAX_DAYS_APART)
        for event_type, days_and_boxes in asks.items():
            low = min(day for day, _ in days_and_boxes) - reach
            high = max(day for day, _ in days_and_boxes) + reach
            boxes = [box for _, box in days_and_boxes]
            if any(box is None for box in boxes):
                self._load(event_type, low, high, None)
            else:
                self._load(event_type, low, high, (min(b[0] for b in boxes), max(b[1] for b in boxes),
                                                   min(b[2] for b in boxes), max(b[3] for b in boxes)))

    def near(self, event_type: str, first: date, last: date, lat: float | None, lon: float | None) -> list[db.Event]:
        """Live events of a type whose days reach within ``MAX_DAYS_APART`` of first..last and
        whose point lies near (lat, lon), ordered by id."""
        reach = timedelta(days=MAX_DAYS_APART)
        low, high = first - reach, last + reach
        box = _box(lat, lon)
        self._load(event_type, low, high, box)
        found = []
        events: dict[str, db.Event] = {}
        for block in range(low.toordinal() // BLOCK_DAYS, high.toordinal() // BLOCK_DAYS + 1):
            events.update(self.buckets.get((event_type, block), {}))
        for event in events.values():
            # the instance's own values, read past the ORM's descriptors (this loop is the hot
            # spot of a batch): within a transaction nothing expires them, and one never set is None
            values = event.__dict__
            start, end = values.get("fused_start"), values.get("fused_end")
            if values.get("deleted_at") is not None or start is None or end is None or start > high or end < low:
                continue
            lat, lon = values.get("fused_lat"), values.get("fused_lon")
            if box is not None and (lat is None or lon is None
                                    or not box[0] <= lat <= box[1] or not box[2] <= lon <= box[3]):
                continue
            found.append(event)
        return sorted(found, key=lambda e: e.id)

    def _load(self, event_type: str, low: date, high: date, box: tuple | None) -> None:
        """Load the live events of a type that reach into low..high (and lie in ``box``, when
        given) from the cells not yet loaded. An event the session already holds keeps its
        state: it may have changed since."""
        blocks = range(low.toordinal() // BLOCK_DAYS, high.toordinal() // BLOCK_DAYS + 1)
        cells = [ANY] if box is None else [(a, o) for a in range(floor(box[0]), floor(box[1]) + 1)
                                            for o in range(floor(box[2]), floor(box[3]) + 1)]
        missing = [(b, c) for b in blocks for c in cells
                   if (event_type, b, c) not in self.loaded and (event_type, b, ANY) not in self.loaded]
        if not missing:
            return
        first, last = min(b for b, _ in missing), max(b for b, _ in missing)
        e = db.Event
        query = select(e).where(
            e.fused_type == event_type, e.deleted_at.is_(None),
            e.fused_start <= date.fromordinal((last + 1) * BLOCK_DAYS - 1),
            e.fused_end >= date.fromordinal(max(1, first * BLOCK_DAYS)))
        if box is not None:
            lat_cells, lon_cells = {c[0] for _, c in missing}, {c[1] for _, c in missing}
            query = query.where(e.fused_lat >= min(lat_cells), e.fused_lat < max(lat_cells) + 1,
                                e.fused_lon >= min(lon_cells), e.fused_lon < max(lon_cells) + 1)
        query = query.options(selectinload(db.Event.sources).selectinload(db.EventSource.article))
        for event in self.session.scalars(query):
            self._keep(self.session, event)
        self.loaded.update((event_type, b, c) for b, c in missing)


def _box(lat: float | None, lon: float | None) -> tuple[float, float, float, float] | None:
    """The (south, north, west, east) box around a point where a candidate's point may lie:
    sources of one event may lie ``NEAR_KM`` from each other."""
    if lat is None or lon is None:
        return None
    margin = NEAR_KM / KM_PER_DEGREE * 3
    return lat - margin, lat + margin, lon - 2 * margin, lon + 2 * margin


def _follow(attribute) -> None:
    """An event whose type or days change moves to their buckets, in the index of its session."""
    name = attribute.key

    @sa_event.listens_for(attribute, "set")
    def moved(event: db.Event, new: object, old: object, _initiator: object) -> None:
        session = object_session(event)
        index = session.info.get(INFO_KEY) if session is not None else None
        if index is not None and new != old and event in index.placed:
            index.place(event, {name: new})


for _attribute in (db.Event.fused_type, db.Event.fused_start, db.Event.fused_end):
    _follow(_attribute)
