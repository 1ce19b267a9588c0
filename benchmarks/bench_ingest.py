"""Ingest throughput: the 1,039 SaudiNewsNet conflict articles into a fresh store, on
SQLite and on the PostgreSQL server of this machine, one process.

Reports articles per second for the whole job (pipeline + store + fusion), the share of
time the store takes, peak memory, and what fusion did: articles, events, sources per
event, near-duplicates and exact duplicates.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
import uuid
from datetime import date
from pathlib import Path
import tempfile

from rasid.model import Article
from rasid.pipeline import process
from rasid.store import Store

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=POSTGRES_ADMIN, help="an admin URL; a scratch database is made and dropped")
    args = parser.parse_args()
    path = Path(args.shared) / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    if args.limit:
        records = records[: args.limit]
    articles = [Article(doc_id=f"sn-{i:04d}", text=f"{r['title']}\n\n{r['content']}", url=r["url"], outlet=r["source"],
                        published=date.fromisoformat(r["date_extracted"][:10])) for i, r in enumerate(records)]
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                run(f"sqlite:///{folder}/rasid.db", articles, "SQLite")
        else:
            import psycopg

            name = f"rasid_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
                try:
                    url = args.postgres.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
                    run(url, articles, "PostgreSQL")
                finally:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, articles: list[Article], label: str) -> None:
    statuses: dict[str, int] = {}
    pipeline = storing = 0.0
    with Store(url) as store:
        start = time.perf_counter()
        for article in articles:
            t = time.perf_counter()
            doc = process(article)
            t2 = time.perf_counter()
            status = store.save(doc).status
            storing += time.perf_counter() - t2
            pipeline += t2 - t
            statuses[status] = statuses.get(status, 0) + 1
        total = time.perf_counter() - start
        summary = store.summary()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"== {label}: {len(articles)} articles in {total:.1f} s = {len(articles) / total:.0f} articles/s "
          f"(pipeline {pipeline:.1f} s, store and fusion {storing:.1f} s = {storing / total:.0%}); "
          f"peak memory {peak_mb:.0f} MB")
    print(f"   outcomes {statuses}; {summary['articles']} articles ({summary['near_duplicates']} near-duplicates), "
          f"{summary['sources']} article events fused into {summary['events']} events "
          f"({summary['sources'] - summary['events']} merged), {summary['claims']} claims")


if __name__ == "__main__":
    main()
