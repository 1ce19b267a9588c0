"""Does ingest slow down as the store grows? Stores copies of the 1,039 SaudiNewsNet
articles, each copy moved 40 days later than the one before (the corpus spans 35 days,
so copies never fuse with each other) and given its own doc_ids, text hashes and MinHash
signatures (so no copy is a duplicate of another), and prints the store-and-fuse rate of
each copy against the number of articles already stored: flat is the aim.

The articles are extracted once; what is timed is ``Store.save_many`` alone, in batches
of 200 as ``rasid ingest`` writes them.

    .venv/bin/python benchmarks/bench_growth.py --articles 100000 [--backend postgresql] [--json OUT]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import BATCH, load_articles, scratch_store  # noqa: E402

from rasid.pipeline import process  # noqa: E402
from rasid.store import ArticleRecord, Store, article_record  # noqa: E402
from rasid.store.dedupe import near_duplicate_keys  # noqa: E402

SHIFT_DAYS = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--articles", type=int, default=10_000, help="store this many articles in all")
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args()
    records = [article_record(process(article)) for article in load_articles(Path(args.shared))]
    copies = -(-args.articles // len(records))
    rows = []
    with scratch_store(args.backend) as url, Store(url) as store:
        stored = 0
        for k in range(copies):
            batch = [shifted(record, k) for record in records][:args.articles - stored]
            start = time.perf_counter()
            for first in range(0, len(batch), BATCH):
                store.save_many(batch[first:first + BATCH])
            seconds = time.perf_counter() - start
            rows.append({"stored_before": stored, "articles": len(batch), "seconds": seconds,
                         "articles_per_s": len(batch) / seconds})
            print(f"{stored:>8,} stored before: {len(batch):,} articles in {seconds:.1f} s = "
                  f"{len(batch) / seconds:.0f} articles/s", flush=True)
            stored += len(batch)
    if args.json:
        Path(args.json).write_text(json.dumps({"backend": args.backend, "copies": rows}, indent=1))


def shifted(record: ArticleRecord, k: int) -> ArticleRecord:
    """Copy k of an article: k x 40 days later, its own doc_id, text hash and signature."""
    if k == 0:
        return record
    days = timedelta(days=SHIFT_DAYS * k)
    article = replace(record.article, doc_id=f"{record.article.doc_id}-copy{k}",
                      published=record.article.published + days if record.article.published else None)
    mask = np.uint64(int.from_bytes(hashlib.sha1(str(k).encode()).digest()[:8], "big"))
    minhash = (np.frombuffer(record.minhash, dtype=np.uint64) ^ mask)
    events = tuple(e | {"event_date": (date.fromisoformat(e["event_date"]) + days).isoformat()}
                   if e.get("event_date") else e for e in record.events)
    return replace(record, article=article, content_hash=hashlib.sha256(f"{record.content_hash}{k}".encode()).hexdigest(),
                   minhash=minhash.tobytes(), bands=tuple(near_duplicate_keys(minhash)), events=events)


if __name__ == "__main__":
    main()
