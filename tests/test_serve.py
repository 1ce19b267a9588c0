"""The JSON API over a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import date

import pytest

from rasid import Article, process
from rasid.serve import make_server
from rasid.store import Store


@pytest.fixture()
def server(tmp_path, seed_record):
    db = tmp_path / "rasid.db"
    with Store(db) as store:
        store.save(process(Article(doc_id=seed_record["doc_id"], text=seed_record["text"],
                                   published=date.fromisoformat(seed_record["published"]))))
    httpd = make_server(str(db), "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_health_and_events(server):
    status, health = get(server + "/health")
    assert status == 200 and health["status"] == "ok" and health["events"] > 0
    status, page = get(server + "/events?type=Battles&limit=5")
    assert status == 200 and 0 < len(page["events"]) <= 5
    assert {e["event_type"] for e in page["events"]} == {"Battles"}
    first = page["events"][0]
    status, event = get(f"{server}/events/{first['id']}")
    assert status == 200 and event == first


@pytest.mark.parametrize("path, status", [
    ("/events/RSD-NOSUCHID", 404), ("/nowhere", 404), ("/events?limit=abc", 400), ("/events?limit=0", 400),
])
def test_errors_are_json(server, path, status):
    got, body = get(server + path)
    assert got == status and body["error"]["status"] == status and body["error"]["message"]
