"""The command line end to end, through the installed ``rasid`` entry point."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLES

RASID = [sys.executable, "-m", "rasid"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*RASID, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def events_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("command", ["extract", "explain", "ingest", "summary", "places", "dates", "numbers", "serve",
                                     "review"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert b"usage: rasid " + command.encode() in result.stdout


def test_extract_seed_article_end_to_end(tmp_path):
    out = tmp_path / "events.jsonl"
    result = run("extract", str(EXAMPLES), "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    seed = [e for e in events_of(out) if e["doc_id"] == "seed-ghwayran"]

    def has(event_type, sub_type, *actors):
        return [e for e in seed if e["event_type"] == event_type and e["sub_event_type"] == sub_type
                and set(actors) <= {a["name"] for a in e["actors"]}]

    clashes = has("Battles", "Armed clash", "Syrian Democratic Forces", "Islamic State")
    assert clashes, "the SDF–IS clash at the prison is missing"
    assert any(e["location"]["admin1"] == "Al-Hasakeh" and e["location"]["country"] == "SY"
               and abs(e["location"]["lat"] - 36.48) < 0.1 for e in clashes)
    strikes = has("Explosions/Remote violence", "Air/drone strike", "International Coalition")
    assert strikes, "the coalition air strikes are missing"
    for event in seed:  # every event carries evidence inside the text and its provenance
        assert event["evidence"] and event["provenance"]
        for start, end in event["evidence"]:
            assert 0 <= start < end


def test_extract_prints_a_table_without_out():
    result = run("extract", str(EXAMPLES))
    assert result.returncode == 0
    table = result.stdout.decode()
    assert table.splitlines()[0].split()[:2] == ["doc_id", "date"]
    assert "seed-ghwayran" in table and "Armed clash" in table


def test_extract_reads_stdin_text_with_published_date():
    text = "اشتباكات في حلب\n\nاندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب."
    result = run("extract", "-", "--published", "2015-07-21", stdin=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert "2015-07-20" in result.stdout.decode()


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad input, and the words its one-line error must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cp1256.txt").write_bytes("اشتباكات في حلب".encode("cp1256"))
    (folder / "english.txt").write_text("Clashes broke out in Aleppo yesterday between the army and rebels.")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    (folder / "huge.txt").write_bytes(("اشتباكات في حلب " * 700_000).encode())  # ~20 MB
    good = json.dumps({"doc_id": "good-1", "published": "2015-07-21",
                       "text": "غارات على الرقة\n\nشن طيران التحالف الدولي غارات على مدينة الرقة أمس."},
                      ensure_ascii=False)
    (folder / "batch.jsonl").write_text("\n".join([
        good,
        "{not json",
        json.dumps({"doc_id": "no-text", "title": "بلا نص"}, ensure_ascii=False),
        json.dumps({"doc_id": "bad-date", "published": "2015-02-31", "text": "قصف على حلب"}, ensure_ascii=False),
        "[1, 2]",
    ]) + "\n", encoding="utf-8")
    return {
        "empty.txt": "empty",
        "cp1256.txt": "not UTF-8",
        "english.txt": "Arabic",
        "binary.txt": "binary",
        "photo.png": "not read",
        "huge.txt": "over the limit",
        "batch.jsonl:2": "not valid JSON",
        "batch.jsonl:3": "no 'text' (or 'content'",
        "batch.jsonl:4": "not a date",
        "batch.jsonl:5": "expected an object",
    }


def test_bad_inputs_are_reported_and_the_rest_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = write_bad_inputs(inputs)
    out = tmp_path / "events.jsonl"
    result = run("extract", str(inputs), "--out", str(out))
    assert result.returncode == 1  # some input failed
    errors = [ln for ln in result.stderr.decode().splitlines() if ln.startswith("rasid: error: ")]
    assert len(errors) == len(expected)
    for where, words in expected.items():
        (line,) = [ln for ln in errors if f"{inputs / where}:" in ln]
        assert words in line, line
    assert {e["doc_id"] for e in events_of(out)} == {"good-1"}  # the good article still went through


def test_ingest_stores_events_and_quarantines_bad_input(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = write_bad_inputs(inputs)
    db = tmp_path / "rasid.db"
    result = run("ingest", str(EXAMPLES), str(inputs), "--db", str(db))
    assert result.returncode == 1
    assert "quarantined inputs" in result.stdout.decode()
    with sqlite3.connect(db) as con:
        quarantined = con.execute("SELECT origin, code, length(raw) FROM quarantine").fetchall()
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        seed_events = con.execute("SELECT count(*) FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE a.doc_id = 'seed-ghwayran'").fetchone()[0]
    assert len(quarantined) == len(expected)
    codes = {Path(origin).name: code for origin, code, _ in quarantined}
    assert codes["english.txt"] == "not_arabic" and codes["batch.jsonl:2"] == "malformed_json"
    assert dict((Path(o).name, n) for o, _, n in quarantined)["cp1256.txt"] > 0  # raw bytes kept
    assert articles == sum(1 for _ in EXAMPLES.open()) + 1
    assert seed_events > 0
    # Ingesting again stores nothing twice.
    again = run("ingest", str(EXAMPLES), "--db", str(db))
    assert f"{articles - 1} duplicate" in again.stdout.decode()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE a.doc_id = 'seed-ghwayran'").fetchone()[0] == seed_events
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == articles


def test_explain_quotes_the_text_behind_each_field():
    result = run("explain", str(EXAMPLES))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "== seed-ghwayran" in out and "location" in out and "gazetteer" in out
    assert re.search(r"actor-dictionary\(actors@\d+:sdf\)", out)


def test_db_upgrade_export_and_fuse_explain(tmp_path):
    import csv

    db = tmp_path / "rasid.db"
    upgrade = run("db", "upgrade", "--db", str(db))
    assert upgrade.returncode == 0 and "newest revision" in upgrade.stdout.decode()
    assert run("ingest", str(EXAMPLES), "--db", str(db)).returncode == 0
    out = tmp_path / "events.csv"
    result = run("export", "--format", "acled-csv", "--out", str(out), "--db", str(db), "--country", "SY")
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "a .csv on disk opens in Excel"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and len(rows[0]) == 31 and {r["country"] for r in rows} == {"Syria"}
    assert f"{len(rows)} events written" in result.stderr.decode()
    event_id = json.loads(run("export", "--format", "jsonl", "--db", str(db)).stdout.decode().splitlines()[0])["event_id"]
    explained = run("fuse", "--explain", event_id, "--db", str(db))
    assert explained.returncode == 0 and event_id in explained.stdout.decode()
    assert "founded the event" in explained.stdout.decode()
    bad = run("export", "--format", "acled-csv", "--bbox", "nonsense", "--db", str(db))
    assert bad.returncode == 2 and "WEST,SOUTH,EAST,NORTH" in bad.stderr.decode()


def test_a_jsonl_title_is_put_before_the_body_as_the_format_wants(tmp_path):
    line = {"doc_id": "t1", "published": "2015-07-21", "title": "غارة على إدلب",
            "content": "قتل 5 مدنيين في غارة جوية استهدفت مدينة إدلب أمس، بحسب ما أفاد ناشطون."}
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("extract", str(batch), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    (event,) = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert event["fatalities"] == 5  # the body's first sentence is read, not skipped as a headline


def test_a_dumps_publication_date_is_found_in_its_usual_fields_and_a_missing_one_is_warned_of(tmp_path):
    """SaudiNewsNet keeps its day in date_extracted, feeds in an RFC 2822 pubDate, others name
    their own field (--published-field) or only a dateline; articles left undated are counted
    in a warning."""
    body = "قتل 5 مدنيين في غارة جوية استهدفت مدينة إدلب أمس، بحسب ما أفاد ناشطون."
    lines = [{"doc_id": "snn", "date_extracted": "2015-07-21 02:51:33", "content": body},
             {"doc_id": "feed", "pubDate": "Tue, 21 Jul 2015 02:51:33 GMT", "body": body},
             {"doc_id": "own", "yawm": "2015-07-21", "text": body},
             {"doc_id": "none", "text": body},
             {"doc_id": "dateline", "content": "الرياض - 21 يوليو 2015: " + body}]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = run("extract", str(batch), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    dated = {e["doc_id"]: e["event_date"] for e in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert dated == {"snn": "2015-07-20", "feed": "2015-07-20", "own": None, "none": None, "dateline": "2015-07-20"}
    assert "2 of 5 articles have no publication date" in result.stderr.decode()
    named = run("extract", str(batch), "--published-field", "yawm", "--out", str(tmp_path / "own.jsonl"))
    dated = {e["doc_id"]: e["event_date"] for e in map(json.loads, (tmp_path / "own.jsonl").read_text().splitlines())}
    assert dated["own"] == "2015-07-20" and dated["snn"] is None
    assert "4 of 5 articles have no publication date" in named.stderr.decode(), "a named field is not guessed"


@pytest.mark.parametrize("value", ["2015-07-21", "2015-07-21T23:00:00+03:00", "Tue, 21 Jul 2015 02:51:33 GMT",
                                   1437446400, "1437446400"])
def test_publication_dates_are_read_as_dumps_write_them(value):
    from rasid.ingest.files import parse_published

    assert parse_published(value) == date(2015, 7, 21)


@pytest.mark.parametrize("args, message", [
    (["summary", "--db", "{tmp}/mistyped.db"], "no store at"),
    (["export", "--format", "jsonl", "--db", "{tmp}/mistyped.db"], "no store at"),
    (["serve", "--db", "{tmp}/mistyped.db"], "no store at"),
    (["summary", "--db", "{tmp}"], "is a folder, not a store"),
    (["summary", "--db", "{tmp}/notes.txt"], "is not a rasid store"),
    (["export", "--format", "jsonl", "--type", "Battle", "--db", "{db}"], "did you mean 'Battles'"),
    (["export", "--format", "jsonl", "--sub-type", "airstrike", "--db", "{db}"], "did you mean 'Air/drone strike'"),
    (["export", "--format", "jsonl", "--country", "Syira", "--db", "{db}"], "did you mean Syria"),
    (["export", "--format", "jsonl", "--out", "{tmp}/no/such/folder/x.jsonl", "--db", "{db}"],
     "No such file or directory"),
    (["serve", "--port", "99999", "--db", "{db}"], "is not a TCP port"),
])
def test_a_wrong_command_gets_one_clear_line_and_creates_nothing(tmp_path, args, message):
    db = tmp_path / "rasid.db"
    assert run("db", "upgrade", "--db", str(db)).returncode == 0
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    result = run(*(a.format(tmp=tmp_path, db=db) for a in args))
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err, err
    lines = [line for line in err.strip().splitlines()  # argparse's own usage, however it wraps, aside
             if not line.startswith(("usage:", " "))]
    assert "Traceback" not in err and len(lines) == 1, err
    assert not (tmp_path / "mistyped.db").exists(), "a reading command must not create a store"


def test_summary_lists_dates_countries_and_the_tolls_flagged_for_review(tmp_path):
    strike = {"doc_id": "s1", "published": "2015-07-20",
              "text": "غارة على حلب\n\nقتل 120 مدنيا في غارة جوية شنتها طائرات النظام السوري على مدينة حلب أمس."}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(strike, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "rasid.db"
    assert run("ingest", str(path), str(EXAMPLES), "--db", str(db)).returncode == 0
    out = run("summary", "--db", str(db)).stdout.decode()
    assert re.search(r"Events from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d", out)
    assert "Syria (SY)" in out and "Events by country" in out
    assert re.search(r"Flagged for review: \d+ events holding \d+ fatalities", out)
    assert "toll_above_type: 120 killed in one Air/drone strike event" in out
    flagged = events_of_stdout(run("export", "--format", "jsonl", "--flagged", "--db", str(db)))
    assert flagged and all(e["flags"] for e in flagged) and any(e["fatalities"] == 120 for e in flagged)


def events_of_stdout(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_export_updated_since_and_deletions_keep_a_copy_in_sync(tmp_path):
    from datetime import datetime, timezone

    db = tmp_path / "rasid.db"
    first = {"doc_id": "a1", "published": "2015-07-20",
             "text": "اشتباكات في حلب\n\nقتل 5 عناصر من تنظيم الدولة في اشتباكات مع قوات سوريا الديمقراطية "
                     "في منبج أمس."}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(first, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("ingest", str(path), "--db", str(db)).returncode == 0
    [before] = events_of_stdout(run("export", "--format", "jsonl", "--db", str(db)))
    mark = datetime.now(timezone.utc).isoformat()
    assert events_of_stdout(run("export", "--format", "jsonl", "--updated-since", mark, "--db", str(db))) == []
    # an earlier report of the same clash arrives late: the event takes the earlier source's id
    earlier = dict(first, doc_id="a0", published="2015-07-20",
                   text=first["text"].replace("قتل 5", "قتل 6"))
    path.write_text(json.dumps(earlier, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("ingest", str(path), "--db", str(db)).returncode == 0
    [changed] = events_of_stdout(run("export", "--format", "jsonl", "--updated-since", mark, "--db", str(db)))
    assert changed["event_id"] != before["event_id"] and len(changed["sources"]) == 2
    deletions = run("deletions", "--since", mark, "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(deletions.stdout.decode())))
    assert [(r["event_id"], r["replaced_by"]) for r in rows] == [(before["event_id"], changed["event_id"])]


def test_apikey_create_list_and_revoke(tmp_path):
    db = str(tmp_path / "rasid.db")
    made = run("apikey", "create", "newsroom", "--db", db)
    assert made.returncode == 0 and made.stdout.decode().startswith("rsd_")
    assert run("apikey", "create", "desk", "--role", "review", "--db", db).returncode == 0
    listed = run("apikey", "list", "--db", db).stdout.decode().splitlines()
    assert [line.split("\t")[1:3] for line in listed] == [["newsroom", "write"], ["desk", "review"]]
    assert all(line.endswith("live") and "last used never" in line for line in listed)
    assert run("apikey", "revoke", "newsroom", "--db", db).returncode == 0
    assert "revoked" in run("apikey", "list", "--db", db).stdout.decode().splitlines()[0]
    missing = run("apikey", "revoke", "nobody", "--db", db)
    assert missing.returncode == 1 and b"no live key named 'nobody'" in missing.stderr
    assert run("apikey", "create", "--db", db).returncode == 2, "create needs a name"
    assert run("apikey", "create", "x", "--role", "god", "--db", db).returncode == 2


@pytest.mark.parametrize("url, says", [
    ("mysql://user@localhost/events", "rasid stores events in SQLite"),
    ("postgresql+psycopg://postgres@127.0.0.1:5432/rasid_no_such_database", "does not exist (create it first"),
])
def test_a_store_url_rasid_cannot_use_is_one_clear_line(url, says):
    result = run("summary", "--db", url)
    err = result.stderr.decode()
    assert result.returncode == 2 and says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_five_thousand_digit_figure_is_flagged_not_a_crash(tmp_path):
    line = {"doc_id": "huge-figure", "published": "2015-07-21",
            "text": "عنوان\n\nقتل " + "9" * 5000 + " شخصا في غارة على مدينة حلب أمس، وأصيب 12 آخرون."}
    dump = tmp_path / "huge.jsonl"
    dump.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("extract", str(dump), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    figures = run("numbers", "قتل " + "9" * 5000 + " شخصا").stdout.decode()
    assert "implausible: beyond any count" in figures and "2147483647" in figures


def test_review_from_the_command_line(tmp_path):
    db = str(tmp_path / "rasid.db")
    assert run("ingest", str(EXAMPLES), "--db", db).returncode == 0
    queue = run("review", "queue", "--db", db, "--limit", "3").stdout.decode().splitlines()
    assert len(queue) == 3 and all(line.startswith("RSD-") for line in queue)
    event_id = queue[0].split("\t")[0]
    done = run("review", "correct", event_id, "--set", "fatalities=30", "--set", "time_precision=2",
               "--reason", "checked", "--as", "desk", "--db", db)
    assert done.returncode == 0 and b"corrected by desk" in done.stderr and b"fatalities: 30" in done.stderr
    history = [json.loads(line) for line in run("review", "history", event_id, "--db", db).stdout.splitlines()]
    assert [(h["action"], h["reviewer"], h["changes"]["fatalities"][1]) for h in history] == [("correct", "desk", 30)]
    assert event_id not in run("review", "queue", "--db", db).stdout.decode()
    bad = run("review", "correct", event_id, "--set", "wounded=3", "--db", db)
    assert bad.returncode == 2 and b"cannot correct wounded" in bad.stderr
    assert run("review", "confirm", "--db", db).returncode == 2, "an action on an event needs its id"
    assert run("review", "confirm", "RSD-NOSUCH", "--db", db).returncode == 1

    from rasid.store import Store

    with Store(db) as store:
        by_article = {e["sources"][0]["doc_id"]: e for e in store.events(limit=500) if e["n_sources"] == 1}
    (one, doc_one), (other, doc_other) = [(e["id"], d) for d, e in sorted(by_article.items())[:2]]
    claim = next(c for e in by_article.values() for c in e["claims"])
    merged = run("review", "merge", one, "--with", other, "--reason", "one event", "--as", "desk", "--db", db)
    assert merged.returncode == 0 and merged.stdout.decode().strip() in (one, other), merged.stderr
    split = run("review", "split", merged.stdout.decode().strip(), "--article", doc_other, "--as", "desk", "--db", db)
    assert split.returncode == 0 and sorted(split.stdout.decode().split()) == sorted([one, other, doc_one, doc_other])
    holder = next(e["id"] for e in by_article.values() if claim in e["claims"])
    fixed = run("review", "correct", holder, "--claim", claim["key"], "modality=alleged", "--as", "desk", "--db", db)
    assert fixed.returncode == 0 and b"claims" in fixed.stderr, fixed.stderr
    assert run("review", "merge", one, "--db", db).returncode == 2, "a merge needs --with"


def test_alerts_from_the_command_line(tmp_path):
    db = str(tmp_path / "rasid.db")
    assert run("db", "upgrade", "--db", db).returncode == 0
    made = run("alert", "add", "Yemen 10+", "--country", "YE", "--min-fatalities", "10", "--lang", "ar",
               "--webhook", "http://127.0.0.1:9/hook", "--secret", "s", "--as", "desk", "--db", db)
    assert made.returncode == 0, made.stderr
    alert = json.loads(made.stdout)
    assert alert["search"] == {"country": "YE", "min_fatalities": 10} and alert["owner"] == "desk" and alert["signed"]
    assert run("alert", "add", "bad", "--near", "1,2", "--db", db).returncode == 2
    assert run("ingest", str(EXAMPLES), "--db", db).returncode == 0
    listed = run("alert", "list", "--db", db).stdout.decode()
    assert listed.startswith(f"{alert['id']}\tYemen 10+\tdesk") and "/feed.atom?token=" in listed
    test = run("alert", "test", str(alert["id"]), "--db", db)
    assert test.returncode == 0 and "Subject: [راصد] Yemen 10+:" in test.stdout.decode(), test.stderr
    delivered = run("alert", "deliver", "--once", "--max-attempts", "1", "--db", db)  # a loopback webhook: refused
    assert delivered.returncode == 0 and b"dead" in delivered.stderr
    dead = [json.loads(line) for line in run("alert", "deliveries", "--dead", "--db", db).stdout.splitlines()]
    assert dead and all("not a public address" in d["last_error"] for d in dead)
    assert run("alert", "retry", str(dead[0]["id"]), "--db", db).returncode == 0
    assert run("alert", "remove", str(alert["id"]), "--db", db).returncode == 0
    assert run("alert", "list", "--db", db).stdout == b""
