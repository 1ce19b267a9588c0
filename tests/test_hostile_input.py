"""Hostile input reaches the store the same way on SQLite and PostgreSQL: control
characters in metadata are dropped, a text of NULs is quarantined with its reason, and
the rest of the batch goes on."""
from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import text
from conftest import serving

from rasid.api import create_app
from rasid.store import Store

BODY = "عنوان\n\nاندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب، ما أسفر عن مقتل 12 عنصرا."


def test_nul_bytes_are_stripped_from_metadata_and_a_text_of_nuls_is_quarantined(tmp_path, store_url):
    lines = [
        {"doc_id": "nul-meta", "title": "عنوان\u0000 مع\u0001 صفر", "url": "https://example.org/a\u0000b",
         "outlet": "out\u0000let", "published": "2015-07-21", "text": BODY.replace("أمس", "أمس\u0000")},
        {"doc_id": "utf-16", "published": "2015-07-21", "text": "\u0000".join(BODY)},  # UTF-16 read as bytes
        {"doc_id": "plain", "published": "2015-07-21", "text": BODY.replace("حلب", "إدلب")},
    ]
    dump = tmp_path / "hostile.jsonl"
    dump.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rasid", "ingest", str(dump), "--db", store_url, "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr  # 1: an input failed
    assert "utf-16" not in done.stderr and "hostile.jsonl:2: the text holds 100 NUL characters" in done.stderr
    with Store(store_url) as store:
        with store.engine.connect() as con:
            rows = con.execute(text("SELECT doc_id, title, url FROM articles ORDER BY doc_id")).all()
            outlets = con.execute(text("SELECT name FROM outlets")).scalars().all()
            quarantined = con.execute(text("SELECT code, reason FROM quarantine")).all()
        assert [r.doc_id for r in rows] == ["nul-meta", "plain"]
        assert rows[0].title == "عنوان مع صفر" and rows[0].url == "https://example.org/ab" and outlets == ["outlet"]
        assert "\u0000" not in store.article("nul-meta")["text"]
        assert [code for code, _ in quarantined] == ["binary"] and "NUL" in quarantined[0][1]
        assert store.article("nul-meta")["events"], "the article is read as if the NULs were not there"

        with serving(create_app(store)) as base:
            import httpx

            key = store.create_api_key("hostile")
            with httpx.Client(base_url=base, timeout=60) as client:
                posted = client.post("/api/articles", headers={"X-API-Key": key}, json={"articles": [
                    {"doc_id": "api-nul", "title": "\u0000=عنوان", "outlet": "\u0000", "url": "https://e.org/\u0000",
                     "published": "2015-07-22", "text": BODY.replace("حلب", "حمص").replace("12", "\u000012")},
                    {"doc_id": "api-utf-16", "published": "2015-07-22", "text": "\u0000".join(BODY)}]})
        assert posted.status_code == 201, posted.text
        assert [r["status"] for r in posted.json()["results"]] == ["stored", "quarantined"]
        article = store.article("api-nul")
        assert article["title"] == "=عنوان" and article["outlet"] is None and "\u0000" not in article["text"]
