"""What events are compared on, within an article and across articles: sub-types of one
kind (the distance between two places is ``rasid.recognise.gazetteer.haversine_km``)."""
from __future__ import annotations

TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")
CLASH = "Armed clash"


def same_kind(a: str, b: str) -> bool:
    """Equal sub-types; a clash is also part of the take-over it was fought for (ACLED codes one)."""
    return a == b or {a, b} <= {CLASH, *TERRITORIAL} and CLASH in (a, b)

