"""Extraction: the events of one recognised article, with their actors, place, day and claims.

``find_events`` (in ``events``) is the stage's one entry point. It reads the mentions the
recognisers found and works clause by clause:

- ``clauses``: a sentence's clauses, and which cue words govern an event word;
- ``roles``: who acts, who is hit, who backs whom, who took or lost ground;
- ``claims``: each figure as a claim (kind, value, subject, claimant, modality), and
  ACLED's fatalities from them.
"""
from __future__ import annotations

from rasid.extract.events import find_events

__all__ = ["find_events"]
