"""What events are compared on, within an article and across articles: sub-types of one
kind, and the distance between two places."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")
CLASH = "Armed clash"


def same_kind(a: str, b: str) -> bool:
    """Equal sub-types; a clash is also part of the take-over it was fought for (ACLED codes one)."""
    return a == b or {a, b} <= {CLASH, *TERRITORIAL} and CLASH in (a, b)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
