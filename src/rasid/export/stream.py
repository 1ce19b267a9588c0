"""Text written to a binary stream in small UTF-8 chunks, so an export of millions of
events holds one chunk in memory, and the caller's stream is never wrapped or closed."""
from __future__ import annotations

import csv
from typing import Any, BinaryIO, Iterable

CHUNK_CHARS = 1 << 16


class TextSink:
    """A ``write(str)`` target (what ``csv.writer`` needs) over a binary stream."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            self._out.write("".join(self._parts).encode("utf-8"))
            self._parts.clear()
            self._size = 0


def cell(value: Any) -> Any:
    """A CSV cell: empty for unknown, lists joined by '; ' as ACLED joins sources and actors."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, float):
        return repr(round(value, 6))
    return value


def write_csv(out: BinaryIO, header_rows: Iterable[Iterable[str]], rows: Iterable[Iterable[Any]]) -> int:
    """Header rows, then one CSV row per item of ``rows`` (a generator), plain UTF-8, CRLF as csv does."""
    sink = TextSink(out)
    writer = csv.writer(sink)
    for header in header_rows:
        writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        count += 1
    sink.flush()
    return count
