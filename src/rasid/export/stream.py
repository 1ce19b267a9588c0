"""Text written to a binary stream in small UTF-8 chunks, so an export of millions of
events holds one chunk in memory, and the caller's stream is never wrapped or closed."""
from __future__ import annotations

import csv
import re
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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell(value: Any) -> Any:
    """A CSV cell: empty for unknown, lists joined by '; ' as ACLED joins sources and actors,
    and text that a spreadsheet would run as a formula made plain text."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, str):
        return plain_text(value)
    return value


def plain_text(text: str) -> str:
    """``text`` that no spreadsheet reads as a formula: a cell from a source or an outlet name
    such as ``=HYPERLINK(...)`` or ``@SUM(...)`` gets a leading apostrophe, as OWASP advises
    against CSV injection. A number written as text ("-3.5") stays as it is."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


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
