"""Fusion within an article: one event per real-world event the article reports.

ACLED codes one event per type, sub-type, place, day and actor pair, so repeated mentions
merge and keep all their evidence and claims. A mention that names fewer actors (or none:
"the clashes continue") is the same event as one naming more, when type, sub-type, day
and place agree. Fusion across articles is ``rasid.fuse.across_articles``.
"""
from __future__ import annotations

from rasid.extract.claims import set_figures
from rasid.fuse.compare import TERRITORIAL, same_kind
from rasid.model import Claim, Event, Location, RejectReason, Rejection
from rasid.recognise.gazetteer import distinct_settlements, haversine_km
from rasid.recognise.triggers import sub_type_says

SAME_PLACE_KM = 5.0
NEARBY_KM = 25.0  # an undated follow-up mention may name a nearby front of the same strikes
ONE_SIDED = ("Explosions/Remote violence", "Violence against civilians")  # actors[0] is the attacker
MERGE_WINDOW = 50  # earlier events of a type a mention may continue: keeps merging linear in huge inputs


def same_event(a: Event, b: Event) -> bool:
    """Same type and sub-type, same day and place, and one's actors among the other's. A
    mention whose day the text does not give continues an event of its kind told with its
    day, near it ("وبحسب المصدر فإن 3 حوثيين قتلوا ... في جبهة الجفينة"), unless both name
    their place and neither shares an actor with the other, or each names a different place
    itself (then they are two events). Strikes by two parties are never one event."""
    if a.event_type != b.event_type or not same_kind(a.sub_event_type, b.sub_event_type):
        return False
    if _listed_apart(a, b):
        return False
    ids_a, ids_b = {x.id for x in a.actors}, {x.id for x in b.actors}
    if a.event_type in ONE_SIDED and a.actors and b.actors and a.actors[0].id not in ids_b \
            and b.actors[0].id not in ids_a:
        return False  # strikes by two different parties are two events, wherever they fell
    if a.event_date == b.event_date and (_same_place(a.location, b.location) or _region_of(a.location, b.location)) \
            and not _two_named_places(a, b):
        if a.sub_event_type == b.sub_event_type and (ids_a <= ids_b or ids_b <= ids_a):
            return True
        if same_kind(a.sub_event_type, b.sub_event_type) and (not ids_a or not ids_b or ids_a & ids_b):
            return True  # the clash fought for a take-over
    if a.sub_event_type != b.sub_event_type or a.from_text("event_date") == b.from_text("event_date"):
        return False  # a follow-up is one mention with its day and one without
    other_sides = bool(ids_a and ids_b) and not ids_a & ids_b and a.from_text("location") and b.from_text("location")
    return not other_sides and not _two_named_places(a, b) and _near_place(a, b)


def _listed_apart(a: Event, b: Event) -> bool:
    """Two places one sentence lists for one event word (كفرحمام وكفرشوبا وشبعا): ACLED codes
    one event per place, however near they lie."""
    return (bool(set(a.evidence) & set(b.evidence)) and a.from_text("location") and b.from_text("location")
            and a.location.place_id != b.location.place_id)


def _two_named_places(a: Event, b: Event) -> bool:
    """Both mentions name a place of their own, each a place itself (precision 1), and not the
    same one: a strike on Metula and one on Kfar Blum are two events, however near. Within a
    few kilometres a site and its district are one place, two settlements never."""
    return (a.from_text("location") and b.from_text("location") and a.location.geo_precision == 1
            and b.location.geo_precision == 1
            and (not _same_place(a.location, b.location) or distinct_settlements(a.location, b.location)))


def _same_place(a: Location | None, b: Location | None, km: float = SAME_PLACE_KM) -> bool:
    """The same gazetteer place, or two points ``km`` apart at most (the prison and its district)."""
    if a is None or b is None:
        return a is b
    if a.place_id == b.place_id:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km


def _near_place(a: Event, b: Event) -> bool:
    """Places a follow-up mention can share: near each other, one only the article's
    dominant place, or one the region (admin1) that holds the other."""
    if not (a.from_text("location") and b.from_text("location")):
        return True
    return _same_place(a.location, b.location, NEARBY_KM) or _region_of(a.location, b.location)


def _region_of(a: Location | None, b: Location | None) -> bool:
    """One place is a region (a province, a countryside) that holds the other: a lead
    that names the province and the detail that names the town tell one event."""
    if a is None or b is None:
        return False
    region, inner = (a, b) if a.geo_precision >= b.geo_precision else (b, a)
    return region.geo_precision == 3 and bool(region.admin1) and region.admin1 == inner.admin1


def _placed_alike(a: Event, b: Event) -> bool:
    """Both placed by the text, at the same place."""
    return a.from_text("location") and b.from_text("location") and _same_place(a.location, b.location)


def merge_into(into: Event, other: Event) -> None:
    """Fold ``other`` into ``into``: evidence, claims (a source's figure told again once) and
    provenance are kept, none lost; the day and place the text gives win over fallbacks,
    the more specific place over a region, and a take-over over the clash fought for it."""
    if len(other.actors) > len(into.actors):
        into.actors = other.actors
    if other.from_text("event_date") and not into.from_text("event_date"):
        into.event_date, into.time_precision = other.event_date, other.time_precision
    if other.from_text("location") and (not into.from_text("location")
                                        or other.location.geo_precision < into.location.geo_precision):
        into.location = other.location
    if other.sub_event_type in TERRITORIAL:
        into.sub_event_type = other.sub_event_type
    into.reference_only = into.reference_only and other.reference_only
    into.evidence += [s for s in other.evidence if s not in into.evidence]
    into.claims += [c for c in other.claims if not any(_same_figure(c, d) for d in into.claims)]
    into.provenance += [p for p in other.provenance if p not in into.provenance]
    into.field_evidence += [f for f in other.field_evidence if f not in into.field_evidence]
    into.claimed_by += [p for p in other.claimed_by if p not in into.claimed_by]
    into.fatalities = max(into.fatalities, other.fatalities)
    set_figures(into)


def _same_figure(a: Claim, b: Claim) -> bool:
    """The same figure of the same source, told again (FORMAT.md: one claim)."""
    return (a.kind, a.value, a.subject, a.claimant, a.modality) == (b.kind, b.value, b.subject, b.claimant, b.modality)


def merge_events(events: list[Event], rejections: list[Rejection] | None = None) -> list[Event]:
    """Merge mentions of the same event into an earlier one it continues (one at the same
    place first, else the latest), in first-seen order; drop events no actor was found for
    and mentions that only refer to an event the article does not report. What was merged
    or dropped is added to ``rejections`` when given."""
    rejected = [] if rejections is None else rejections
    merged: list[Event] = []
    by_type: dict[str, list[Event]] = {}  # only events of one type can be the same event
    for event in events:
        bucket = by_type.setdefault(event.event_type, [])
        candidates = [m for m in reversed(bucket[-MERGE_WINDOW:]) if same_event(m, event)]
        target = next((m for m in candidates if _placed_alike(m, event)), candidates[0] if candidates else None)
        if target is None:
            merged.append(event)
            bucket.append(event)
        else:
            rejected += _merged(target, event)
    for event in [e for e in merged if e.named_by_toll]:
        target = next((m for m in merged if _committed(m, event)), None)
        if target is not None:
            merged.remove(event)
            rejected += _merged(target, event)
    for event in merged:
        if not event.actors:
            rejected += _rejections(event, RejectReason.NO_ACTOR)
        elif event.reference_only:
            rejected += _rejections(event, RejectReason.REFERENCE_ONLY)
    return [e for e in merged if e.actors and not e.reference_only]


def _committed(attack: Event, massacre: Event) -> bool:
    """Is ``attack`` the strike or battle that a massacre told by its toll (وذهب ضحية المجزرة
    11 شهيدا) was: another kind of violent event, the same day, at or around its place?"""
    return (attack is not massacre and not attack.named_by_toll and attack.event_type != massacre.event_type
            and sub_type_says(attack.sub_event_type, "violent") and attack.event_date == massacre.event_date
            and (_same_place(attack.location, massacre.location, NEARBY_KM)
                 or _region_of(attack.location, massacre.location)))


def _merged(target: Event, event: Event) -> list[Rejection]:
    """Fold ``event`` into ``target``; the rejection that says so."""
    merge_into(target, event)
    return _rejections(event, RejectReason.MERGED,
                       f"into the {target.sub_event_type} of {target.event_date} at {_place_name(target)}")


def _rejections(event: Event, reason: RejectReason, detail: str = "") -> list[Rejection]:
    """The event word of an event that is not coded on its own."""
    return [Rejection(f.span, reason, detail) for f in event.field_evidence
            if f.field == "event_type" and f.span is not None][:1]


def _place_name(event: Event) -> str:
    return event.location.name if event.location else "no place"
