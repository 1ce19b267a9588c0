"""Speed of the pipeline on the 1,039 real SaudiNewsNet conflict articles.

    .venv/bin/python benchmarks/bench_pipeline.py [--shared ../shared] [--limit N]

Reports load time (lexicons, gazetteer, automata), articles per second and per-stage
time, peak memory, and the cost of one very long article (it must stay linear).
Numbers, not assertions: compare them across commits.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from rasid.extract import find_events
from rasid.fuse.within_article import merge_events
from rasid.model import Article, Doc
from rasid.normalise import normalise, split_sentences
from rasid.pipeline import process
from rasid.recognise import recognise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", metavar="OUT", help="write the figures to OUT")
    args = parser.parse_args()
    path = Path(args.shared) / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    if args.limit:
        records = records[: args.limit]
    articles = [Article(doc_id=str(i), text=f"{r['title']}\n\n{r['content']}",
                        published=date.fromisoformat(r["date_extracted"][:10])) for i, r in enumerate(records)]

    t0 = time.perf_counter()
    process(articles[0])
    load = time.perf_counter() - t0

    stage: dict[str, float] = defaultdict(float)

    @contextmanager
    def timed(name: str):
        t = time.perf_counter()
        yield
        stage[name] += time.perf_counter() - t

    events: list = []
    with_events = 0
    chars = sum(len(a.text) for a in articles)
    start = time.perf_counter()
    for article in articles:  # the stages of rasid.pipeline.process, timed one by one
        with timed("normalise + sentences"):
            doc = Doc(article=article, norm=normalise(article.text))
            doc.sentences = split_sentences(doc.norm)
        with timed("recognise"):
            recognise(doc)
        with timed("extract"):
            found = find_events(doc)
        with timed("merge"):
            merged = merge_events(found)
        events += merged
        with_events += bool(merged)
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(articles)}, characters {chars:,}, events {len(events)}")
    print(f"load (lexicons, gazetteer, automata): {load:.2f} s")
    print(f"pipeline: {total:.2f} s = {len(articles) / total:.0f} articles/s, "
          f"{total / len(articles) * 1000:.1f} ms/article, {chars / total / 1e6:.2f} M chars/s")
    for name, seconds in sorted(stage.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {seconds:6.2f} s  {seconds / total:5.1%}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print_profile(events, with_events, len(articles))

    # Scaling: one long article made of many bodies must cost about as much per character.
    body = "\n".join(a.text for a in articles)
    long_articles = {}
    for size in (100_000, 1_000_000):
        long = Article(doc_id=f"long-{size}", text=body[:size], published=articles[0].published)
        t = time.perf_counter()
        n = len(process(long).events)
        seconds = time.perf_counter() - t
        long_articles[size] = seconds
        print(f"one article of {size:,} characters: {seconds:.2f} s ({size / seconds / 1e6:.2f} M chars/s), {n} events")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "articles": len(articles), "characters": chars, "events": len(events), "load_s": load, "pipeline_s": total,
            "articles_per_s": len(articles) / total, "stages_s": stage, "peak_rss_mb": peak_mb,
            "long_article_s": long_articles}, indent=1))


def print_profile(events: list, with_events: int, n_articles: int) -> None:
    """What the corpus yields: the share of articles with an event, the types, and how
    often the date and place come from the event's own sentence rather than a fallback."""
    print(f"articles with >= 1 event: {with_events} of {n_articles} ({with_events / n_articles:.1%}), "
          f"{len(events) / n_articles:.2f} events per article")
    for (event_type, sub_type), n in Counter((e.event_type, e.sub_event_type) for e in events).most_common():
        print(f"  {n:5d} {n / len(events):6.1%}  {event_type} / {sub_type}")
    for field in ("event_date", "location"):
        own = sum(e.from_text(field) for e in events)
        print(f"{field} from the text: {own / len(events):.1%} (the rest from a fallback)")


if __name__ == "__main__":
    main()
