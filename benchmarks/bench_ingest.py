"""Ingest throughput: the 1,039 SaudiNewsNet conflict articles into a fresh store, on
SQLite and on the PostgreSQL server of this machine, side by side with extracting them.

In one process it times, for the same articles:
- extraction alone (the pipeline, as ``rasid extract``);
- the store record of each article (MinHash, mention document: what ``--workers`` moves
  into the worker processes);
- storing and fusing in batches (``Store.save_many``, as ``rasid ingest``) and, with
  ``--one-by-one``, one article per transaction (``Store.save``, as the API);
and reports articles per second, ingest time over extraction time, peak memory and what
fusion did. Articles keep their file's doc_ids (sn-0000...), so they arrive in
publication order within each day, as a live feed would; ``--shuffle`` sends them in a
random order (the case where fusion must cluster again).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from rasid.model import Article
from rasid.pipeline import process
from rasid.store import Store, article_record

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BATCH = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=POSTGRES_ADMIN, help="an admin URL; a scratch database is made and dropped")
    parser.add_argument("--one-by-one", action="store_true", help="also time one transaction per article")
    parser.add_argument("--shuffle", action="store_true", help="store the articles in a random order")
    parser.add_argument("--json", metavar="OUT", help="write the figures to OUT")
    args = parser.parse_args()
    articles = load_articles(Path(args.shared), args.limit)
    if args.shuffle:
        random.Random(19).shuffle(articles)
    start = time.perf_counter()
    docs = [process(article) for article in articles]
    extraction = time.perf_counter() - start
    start = time.perf_counter()
    records = [article_record(doc) for doc in docs]
    preparing = time.perf_counter() - start
    print(f"== extraction: {len(docs)} articles in {extraction:.1f} s = {len(docs) / extraction:.0f} articles/s; "
          f"store records {preparing:.1f} s")
    figures = {"articles": len(docs), "extraction_s": extraction, "records_s": preparing, "backends": {}}
    for backend in args.backends.split(","):
        with scratch_store(backend, args.postgres) as url:
            figures["backends"][backend] = run(url, backend, docs, records, extraction, preparing, args.one_by_one)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


def load_articles(shared: Path, limit: int = 0) -> list[Article]:
    path = shared / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [Article(doc_id=f"sn-{i:04d}", text=f"{r['title']}\n\n{r['content']}", url=r["url"], outlet=r["source"],
                    published=date.fromisoformat(r["date_extracted"][:10])) for i, r in enumerate(rows[:limit or None])]


class scratch_store:
    """A fresh store: a temporary SQLite file, or a database made on the PostgreSQL server
    and dropped afterwards."""

    def __init__(self, backend: str, admin_url: str = POSTGRES_ADMIN) -> None:
        self.backend, self.admin_url = backend, admin_url

    def __enter__(self) -> str:
        if self.backend == "sqlite":
            self.folder = tempfile.TemporaryDirectory()
            return f"sqlite:///{self.folder.name}/rasid.db"
        import psycopg

        self.name = f"rasid_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return self.admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{self.name}"

    def __exit__(self, *exc: object) -> None:
        if self.backend == "sqlite":
            self.folder.cleanup()
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run(url: str, label: str, docs: list, records: list, extraction: float, preparing: float,
        one_by_one: bool) -> dict:
    figures = {}
    with Store(url) as store:
        start = time.perf_counter()
        statuses: dict[str, int] = {}
        for first in range(0, len(records), BATCH):
            for result in store.save_many(records[first:first + BATCH]):
                statuses[result.status] = statuses.get(result.status, 0) + 1
        storing = time.perf_counter() - start
        summary = store.summary()
    figures["bulk_store_s"] = storing
    figures["ingest_over_extraction"] = (extraction + preparing + storing) / extraction
    print(f"== {label}, in batches of {BATCH}: store and fusion {storing:.1f} s = {len(docs) / storing:.0f} articles/s; "
          f"ingest (extraction + records + store) = {figures['ingest_over_extraction']:.2f}x extraction; "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"   outcomes {statuses}; {summary['articles']} articles ({summary['near_duplicates']} near-duplicates), "
          f"{summary['sources']} article events fused into {summary['events']} events "
          f"({summary['sources'] - summary['events']} merged), {summary['claims']} claims")
    if one_by_one:
        with scratch_store(label) as fresh, Store(fresh) as store:
            start = time.perf_counter()
            for doc in docs:
                store.save(doc)
            single = time.perf_counter() - start
        figures["one_by_one_store_s"] = single
        print(f"   one transaction per article: {single:.1f} s = {len(docs) / single:.0f} articles/s "
              f"({single / storing:.1f}x the batches)")
    figures.update(articles_per_s=len(docs) / storing, summary={k: summary[k] for k in (
        "articles", "near_duplicates", "events", "sources", "claims")})
    return figures


if __name__ == "__main__":
    main()
