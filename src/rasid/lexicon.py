"""Load the knowledge files under ``rasid/data``: TSV tables with a provenance header.

Each file starts with ``# `` comment lines (what it is, version, source, licence), then a
header row, then rows. Tables are read once per process and cached.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasid.errors import DataFileError


@dataclass(frozen=True)
class Table:
    name: str
    version: str
    provenance: tuple[str, ...]
    rows: tuple[dict[str, str], ...]

    @property
    def tag(self) -> str:
        """Short provenance tag for produced values, e.g. ``actors@1``."""
        return f"{self.name}@{self.version}"


@cache
def load_table(name: str) -> Table:
    """Read ``rasid/data/<name>.tsv``."""
    path = resources.files("rasid") / "data" / f"{name}.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise DataFileError(f"knowledge file {name}.tsv is missing from the rasid package; reinstall rasid") from exc
    comments = [ln[2:].strip() for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    if not body:
        raise DataFileError(f"{name}.tsv has no header row")
    version = next((c.split(":", 1)[1].strip().split()[0] for c in comments if c.startswith("version:")), "0")
    reader = csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise DataFileError(f"{name}.tsv row {lineno} has the wrong number of columns: {row}")
        rows.append({k: v.strip() for k, v in row.items()})
    return Table(name=name, version=version, provenance=tuple(comments), rows=tuple(rows))


def split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]
