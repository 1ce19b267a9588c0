"""Who may do what through the API: the roles an API key can have."""
from __future__ import annotations

ROLES = ("read", "write", "review", "admin")  # each role may do what the ones before it may


def allows(role: str, needed: str) -> bool:
    """Whether a key with ``role`` may do what needs ``needed``."""
    return ROLES.index(role) >= ROLES.index(needed)
