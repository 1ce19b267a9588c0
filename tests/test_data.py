"""The knowledge files: well-formed, with provenance, consistent with each other, and
the gazetteer in step with its builder."""
from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

from conftest import REPO
from rasid.lexicon import load_table, split_aliases
from rasid.normalise import normalise_key

DATA_FILES = sorted(p.name[:-4] for p in (resources.files("rasid") / "data").iterdir() if p.name.endswith(".tsv"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_says_where_it_came_from(name):
    table = load_table(name)
    text = " ".join(table.provenance)
    assert table.rows, f"{name}.tsv is empty"
    assert "version" in text and ("source" in text or "built by" in text), f"{name}.tsv lacks provenance"


def test_triggers_map_to_known_event_types():
    known = {(r["event_type"], r["sub_event_type"]) for r in load_table("event_types").rows}
    assert len(known) == 27  # ACLED's 25 sub-types and rasid's two extensions
    for row in load_table("triggers").rows:
        assert (row["event_type"], row["sub_event_type"]) in known, row
        assert 1 <= int(row["priority"]) <= 9, row


def test_actors_are_well_formed_and_aliases_unambiguous():
    owner: dict[str, str] = {}
    ids = set()
    for row in load_table("actors").rows:
        assert row["id"] not in ids
        ids.add(row["id"])
        assert 1 <= int(row["inter"]) <= 8, row
        aliases = split_aliases(row["aliases_ar"])
        assert aliases, f"actor {row['id']} has no Arabic alias"
        for alias in aliases:
            key = normalise_key(alias)
            assert owner.setdefault(key, row["id"]) == row["id"], f"{alias} names {owner[key]} and {row['id']}"


def test_gazetteer_rows_have_valid_coordinates_and_known_parents():
    rows = load_table("gazetteer").rows
    ids = {r["id"] for r in rows}
    for row in rows:
        assert row["parent"] in ids or not row["parent"], row["id"]
        if row["lat"] or row["lon"]:
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["id"]
        else:  # only a few areas the sources give no point for
            assert row["kind"] in ("country", "admin1"), row["id"]
    assert sum(1 for r in rows if r["kind"] not in ("country",) and r["lat"]) > 2000


def test_gazetteer_is_in_step_with_its_builder(shared, tmp_path):
    """Like dateparser's generated-data check: the shipped file is what the script makes."""
    out = tmp_path / "gazetteer.tsv"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--shared", str(shared),
                    "--out", str(out)], check=True, capture_output=True, timeout=300)
    shipped = (REPO / "src" / "rasid" / "data" / "gazetteer.tsv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped, "run scripts/build_gazetteer.py and commit the result"
