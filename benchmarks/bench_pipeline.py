"""Speed of the pipeline on the 1,039 real SaudiNewsNet conflict articles.

    .venv/bin/python benchmarks/bench_pipeline.py [--shared ../shared] [--limit N]

Reports load time (lexicons, gazetteer, automata), articles per second and per-stage
time, and peak memory. Numbers, not assertions: compare them across commits.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from rasid.extract import extract_events
from rasid.fuse import merge_events
from rasid.model import Article, Doc
from rasid.normalise import normalise, split_sentences
from rasid.recognise import RECOGNISERS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    path = Path(args.shared) / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    if args.limit:
        records = records[: args.limit]
    articles = [Article(doc_id=str(i), text=f"{r['title']}\n\n{r['content']}",
                        published=date.fromisoformat(r["date_extracted"][:10])) for i, r in enumerate(records)]

    t0 = time.perf_counter()
    warm = Doc(article=articles[0], norm=normalise(articles[0].text))
    warm.sentences = split_sentences(warm.norm)
    for recogniser in RECOGNISERS:
        recogniser(warm)
    load = time.perf_counter() - t0

    stage = defaultdict(float)
    events = 0
    chars = sum(len(a.text) for a in articles)
    start = time.perf_counter()
    for article in articles:
        t = time.perf_counter()
        doc = Doc(article=article, norm=normalise(article.text))
        doc.sentences = split_sentences(doc.norm)
        stage["normalise+sentences"] += time.perf_counter() - t
        for recogniser in RECOGNISERS:
            t = time.perf_counter()
            doc.mentions += recogniser(doc)
            stage[recogniser.__name__] += time.perf_counter() - t
        doc.mentions.sort(key=lambda m: (m.norm_start, m.norm_end))
        t = time.perf_counter()
        events += len(merge_events(extract_events(doc)))
        stage["extract+merge"] += time.perf_counter() - t
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(articles)}, characters {chars:,}, events {events}")
    print(f"load (lexicons, gazetteer, automata): {load:.2f} s")
    print(f"pipeline: {total:.2f} s = {len(articles) / total:.0f} articles/s, "
          f"{total / len(articles) * 1000:.1f} ms/article, {chars / total / 1e6:.2f} M chars/s")
    for name, seconds in sorted(stage.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {seconds:6.2f} s  {seconds / total:5.1%}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
