"""A saved search: the parameters of ``GET /api/events`` that select events, kept as given
and read into the export filters and the free text the API would build from them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasid.export.filters import ExportFilters, InvalidFilter, event_matches
from rasid.store.queries import EventQuery, search_word

# The parameters a saved search takes, and the ExportFilters field each one sets.
PARAMETERS = {"type": "event_type", "sub_type": "sub_event_type", "country": "country", "admin1": "admin1",
              "actor": "actor", "min_fatalities": "min_fatalities", "near": "near", "bbox": "bbox",
              "review": "review", "flagged": "flagged"}


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """Which events an alert follows: ``params`` as ``GET /api/events`` takes them, plus ``q``."""

    params: dict[str, Any]
    filters: ExportFilters
    words: tuple[str, ...]  # the free text's words, as the events' search text holds them

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> SavedSearch:
        """Read and check a saved search's parameters; raises ``InvalidFilter``."""
        unknown = set(params) - set(PARAMETERS) - {"q"}
        if unknown:
            raise InvalidFilter(f"a saved search takes {', '.join(sorted([*PARAMETERS, 'q']))}, "
                                f"not {', '.join(sorted(unknown))}")
        kept = {name: value for name, value in params.items() if value not in (None, "")}
        filters = ExportFilters(**{PARAMETERS[name]: _value(name, value) for name, value in kept.items() if name != "q"})
        text = str(kept.get("q", ""))
        EventQuery(filters, text)  # the API's own checks of the free text
        return cls(kept, filters, tuple(search_word(text).split()))

    def matches(self, record: dict[str, Any], search_text: str) -> bool:
        """Whether an event (its record, and its search text as the store keeps it) is selected."""
        return event_matches(record, self.filters) and all(word in search_text for word in self.words)

    def query(self, limit: int = 50) -> EventQuery:
        """The search as the store's event query, newest first (what matches it now)."""
        return EventQuery(self.filters, str(self.params.get("q", "")), "-date", limit)


def _value(name: str, value: Any) -> Any:
    if name == "bbox" and isinstance(value, str):
        return tuple(value.split(","))
    if name == "flagged" and isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return value
