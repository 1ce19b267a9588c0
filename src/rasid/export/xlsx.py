"""Excel workbook: ACLED's 31 columns on a sheet ``events`` (what analysts open ACLED files
in), written with XlsxWriter in constant-memory mode, row by row, so a large export holds
one row in memory. Numbers are numbers, days are Excel dates, lists are joined by '; '.
Cells that would start a formula are written as text."""
from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO, Iterable

from rasid.export.acled import COLUMNS, row
from rasid.export.stream import cell

DATE_COLUMN = COLUMNS.index("event_date")


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    import xlsxwriter  # noqa: PLC0415 (only the xlsx format needs it)

    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("events")
    bold, day = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, COLUMNS, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, event in enumerate(events, start=1):
        for col, value in enumerate(row(event)):
            if col == DATE_COLUMN and value:
                sheet.write_datetime(count, col, date.fromisoformat(value), day)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(count, col, value)
            elif (text := cell(value)) != "":
                sheet.write_string(count, col, str(text))
    sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
    book.close()
    return count
