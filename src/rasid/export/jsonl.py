"""JSON Lines: each store event unchanged, one object per line (UTF-8, Arabic kept as is).
The lossless format: it reads back to the dicts the store yielded."""
from __future__ import annotations

from typing import Any, BinaryIO, Iterable

from rasid.export.fields import to_json
from rasid.export.stream import TextSink


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    sink = TextSink(out)
    count = 0
    for event in events:
        sink.write(to_json(event))
        sink.write("\n")
        count += 1
    sink.flush()
    return count
