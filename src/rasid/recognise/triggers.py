"""TRIGGER mentions: event words mapped to ACLED sub-types (``data/triggers.tsv``), and
what ``data/event_types.tsv`` says of each sub-type."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasid.lexicon import load_table
from rasid.model import Doc, Mention
from rasid.recognise.lexicon_matchers import form_matcher, lexicon_mentions


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    sub_event_type: str
    priority: int
    note: str
    counts_events: bool = False  # a number before it counts separate events (44 مجزرة)
    at_post: str = ""  # its sub-type when it hits an army post, a base or a ship (استهداف: shelling)

    @property
    def territorial(self) -> bool:
        """A take-over word: the sub-type (government regains / non-state actor overtakes) depends on who acts."""
        return self.note.startswith("territory")


def _trigger(row: dict[str, str]) -> Trigger:
    return Trigger(row["event_type"], row["sub_event_type"], int(row["priority"]), row["note"],
                   row["counted"] == "events", row["at_post"])


def recognise_triggers(doc: Doc) -> list[Mention]:
    table, matcher = form_matcher("triggers", "trigger", accusative=True)
    return lexicon_mentions(doc, "TRIGGER", table, matcher, _trigger, "trigger-lexicon", "trigger")


@cache
def sub_type_says(sub_event_type: str, column: str) -> bool:
    """A yes/no column of ``event_types.tsv`` for a sub-type: ``armed_sides`` (ACLED wants
    armed groups on both sides), ``outcome`` (the result of an attack told with it),
    ``violent`` (an attack or battle, whose events count fatalities)."""
    return any(r["sub_event_type"] == sub_event_type and r[column] == "yes" for r in load_table("event_types").rows)


@cache
def always_actor(sub_event_type: str) -> str:
    """The id of the actor an event of the sub-type always has (protesters, civilians who flee), or ""."""
    return _column(sub_event_type, "always_actor")


@cache
def unnamed_actor(sub_event_type: str) -> str:
    """The id of the actor an event of the sub-type takes when the text names none (the
    Unidentified Armed Group for a blast or strike whose author is unknown), or "" when
    such an event is not coded."""
    return _column(sub_event_type, "unnamed_actor")


@cache
def yields_to(sub_event_type: str) -> str:
    """The sub-type an event of this one becomes when a word of it stands in the same
    clause (a bombardment carried out by aircraft is an air strike), or ""."""
    return _column(sub_event_type, "yields_to")


@cache
def default_victims(sub_event_type: str) -> str:
    """The id of the actor whose people an event's dead and wounded are when the text says
    neither whose nor whom the attack hit (civilians, for a strike or a bombing), or ""."""
    return _column(sub_event_type, "victims")


@cache
def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-type belongs to."""
    return _column(sub_event_type, "event_type")


def _column(sub_event_type: str, column: str) -> str:
    return next((r[column] for r in load_table("event_types").rows if r["sub_event_type"] == sub_event_type), "")
