"""Writers at the same time end with the store one writer makes: CLI processes and API
clients ingesting overlapping articles into one SQLite file or PostgreSQL database."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from conftest import serving
from test_scale import store_contents

from rasid.api import create_app
from rasid.ingest import IngestSettings, read_inputs
from rasid.model import Article
from rasid.store import Store

STORED = {"stored", "duplicate", "near_duplicate", "replaced"}


def posted(article: Article) -> dict:
    """An article as the API takes it, with what the CLI reads from its line."""
    return {"doc_id": article.doc_id, "text": article.text, "title": article.title, "url": article.url,
            "outlet": article.outlet, "published": article.published.isoformat() if article.published else None}


def post_each(base: str, key: str, articles: list[dict]) -> list[str]:
    with httpx.Client(base_url=base, timeout=120) as client:
        statuses = []
        for article in articles:
            response = client.post("/api/articles", json=article, headers={"X-API-Key": key})
            assert response.status_code == 201, response.text
            statuses += [r["status"] for r in response.json()["results"]]
        return statuses


def counts(store: Store) -> dict[str, int]:
    return {k: v for k, v in store.summary().items() if k in ("articles", "events", "quarantined")}


def test_four_cli_writers_and_four_api_clients_end_with_one_writers_store(shared, tmp_path, store_url):
    lines = [line for pool in ("dev", "dev2")
             for line in (shared / "gold" / f"{pool}.pool.jsonl").read_text(encoding="utf-8").splitlines()]
    files = []
    for k in range(4):  # overlapping sets: each article is sent by two or three writers
        path = tmp_path / f"cli-{k}.jsonl"
        path.write_text("\n".join(lines[k * 12:k * 12 + 30]) + "\n", encoding="utf-8")
        files.append(path)
    every = tmp_path / "all.jsonl"
    every.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = [posted(a) for _, a in read_inputs([str(every)], IngestSettings())]
    api_sets = [[articles[(k * 12 + 6 + i) % len(articles)] for i in range(20)] for k in range(4)]

    with Store(store_url) as store, serving(create_app(store)) as base:
        key = store.create_api_key("stress")
        cli = [subprocess.Popen([sys.executable, "-m", "rasid", "ingest", str(f), "--db", store_url, "--workers", "1",
                                 "--batch", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for f in files]
        with ThreadPoolExecutor(4) as pool:
            api_statuses = list(pool.map(lambda s: post_each(base, key, s), api_sets))
        outcomes = [(p.wait(600), p.stderr.read()) for p in cli]
        assert all(code == 0 for code, _ in outcomes), outcomes
        assert all("Traceback" not in err and "IntegrityError" not in err for _, err in outcomes)
        assert {s for statuses in api_statuses for s in statuses} <= STORED
        together = store_contents(store), counts(store)

    with Store(tmp_path / "one-writer.db") as alone:
        for f in files:
            done = subprocess.run([sys.executable, "-m", "rasid", "ingest", str(f), "--db", str(tmp_path / "one-writer.db"),
                                   "--workers", "1"], capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
        with serving(create_app(alone)) as base:
            post_each(base, alone.create_api_key("one"), [a for s in api_sets for a in s])
        one_writer = store_contents(alone), counts(alone)
    assert together[1] == one_writer[1] and one_writer[1]["articles"] == len(lines)
    assert together[0][0] == one_writer[0][0]  # the live events, their sources and claims


def test_twelve_simultaneous_posts_of_one_article_store_it_once(shared, store_url):
    line = (shared / "gold" / "dev.pool.jsonl").read_text(encoding="utf-8").splitlines()[0]
    article = {k: v for k, v in json.loads(line).items() if k in ("doc_id", "text", "title", "url", "published")}
    with Store(store_url) as store, serving(create_app(store)) as base:
        key = store.create_api_key("stress")
        barrier = threading.Barrier(12)

        def post(_):
            with httpx.Client(base_url=base, timeout=120) as client:
                barrier.wait()
                return client.post("/api/articles", json=article, headers={"X-API-Key": key})

        with ThreadPoolExecutor(12) as pool:
            responses = list(pool.map(post, range(12)))
        assert [r.status_code for r in responses] == [201] * 12, [r.text for r in responses if r.status_code != 201]
        statuses = sorted(r.json()["results"][0]["status"] for r in responses)
        assert statuses == ["duplicate"] * 11 + ["stored"]
        assert store.summary()["articles"] == 1
        assert len({tuple(r.json()["results"][0]["events"]) for r in responses}) == 1
