"""kill -9 in the middle of an ingest batch leaves no partial article, and running the
batch again completes it with nothing stored twice (SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

ARTICLES = 120


def _batch(shared, path) -> int:
    source = shared / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    with source.open(encoding="utf-8") as fh, path.open("w", encoding="utf-8") as out:
        for i, line in zip(range(ARTICLES), fh):
            r = json.loads(line)
            out.write(json.dumps({"doc_id": f"sn-{i:04d}", "text": f"{r['title']}\n\n{r['content']}",
                                  "published": r["date_extracted"][:10], "url": r["url"]}, ensure_ascii=False) + "\n")
    return ARTICLES


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as con:
        one = lambda sql: con.execute(text(sql)).scalar()  # noqa: E731
        counts = {
            "articles": one("SELECT count(*) FROM articles"),
            "logged": one("SELECT count(*) FROM ingest_log WHERE status IN ('stored', 'near_duplicate')"),
            "duplicate_ids": one("SELECT count(*) FROM (SELECT doc_id FROM articles GROUP BY doc_id HAVING count(*) > 1) d"),
            "without_mentions": one("SELECT count(*) FROM articles WHERE mentions IS NULL OR mentions = '[]'"),
            "sources": one("SELECT count(*) FROM event_sources"),
            "orphan_sources": one("SELECT count(*) FROM event_sources s WHERE NOT EXISTS "
                                  "(SELECT 1 FROM events e WHERE e.id = s.event_id)"),
            "events_without_sources": one("SELECT count(*) FROM events e WHERE e.deleted_at IS NULL AND NOT EXISTS "
                                          "(SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"),
        }
        # every article has exactly the events its log line says it had: nothing half-written
        mismatched = 0
        for doc_id, detail in con.execute(text("SELECT doc_id, detail FROM ingest_log WHERE status = 'stored'")):
            stored = con.execute(text("SELECT count(*) FROM event_sources s JOIN articles a ON a.id = s.article_id "
                                      "WHERE a.doc_id = :d"), {"d": doc_id}).scalar()
            mismatched += stored != int(detail.split()[0])
        counts["mismatched"] = mismatched
    engine.dispose()
    return counts


def test_kill_9_mid_batch_then_rerun(shared, store_url, tmp_path):
    batch = tmp_path / "batch.jsonl"
    total = _batch(shared, batch)
    command = [sys.executable, "-m", "rasid", "ingest", str(batch), "--db", store_url]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    engine = create_engine(store_url)
    try:
        while time.monotonic() < deadline:  # kill it once it is well into the batch
            time.sleep(0.2)
            try:
                with engine.connect() as con:
                    if con.execute(text("SELECT count(*) FROM articles")).scalar() >= 30:
                        break
            except Exception:  # the schema may not exist yet
                continue
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        engine.dispose()
    assert proc.returncode == -signal.SIGKILL
    after_kill = _counts(store_url)
    assert 30 <= after_kill["articles"] < total, "the kill must land in the middle of the batch"
    assert after_kill["articles"] == after_kill["logged"]  # article and log line commit together
    assert after_kill["without_mentions"] == 0 and after_kill["mismatched"] == 0
    assert after_kill["orphan_sources"] == 0 and after_kill["events_without_sources"] == 0

    rerun = subprocess.run(command, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    done = _counts(store_url)
    assert done["articles"] + _exact_duplicates(store_url) == total
    assert done["duplicate_ids"] == 0 and done["mismatched"] == 0 and done["without_mentions"] == 0
    assert done["orphan_sources"] == 0 and done["events_without_sources"] == 0
    repeats = total - done["articles"]  # inputs whose text another input already had
    # the articles stored before the kill were not redone: the rerun found them (and the repeats) duplicates
    assert f"{after_kill['articles'] + repeats} duplicate" in rerun.stdout.decode()


def _exact_duplicates(url: str) -> int:
    """Inputs of the batch that repeat another's text (stored once, logged as duplicates)."""
    engine = create_engine(url)
    with engine.connect() as con:
        n = con.execute(text("SELECT count(DISTINCT doc_id) FROM ingest_log WHERE status = 'duplicate' "
                             "AND detail LIKE 'same text as %'")).scalar()
    engine.dispose()
    return n
