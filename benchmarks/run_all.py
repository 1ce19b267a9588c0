"""Run every speed benchmark and write benchmarks/RESULTS.md (and results.json beside it).

    make bench                      # or: .venv/bin/python benchmarks/run_all.py [--growth 100000]

What it measures, each beside a naive keyword baseline timed in the same run (a regex
over the trigger words and figures of each article: no places, dates, actors or store),
so the figures can be compared across machines as ratios:
- extraction: articles/s per core, per stage, peak memory, a 1-million-character article;
- scaling: ``rasid extract`` and ``rasid ingest`` wall time with 1 and 2 workers;
- ingest: store and fusion rate on SQLite and PostgreSQL, ingest time over extraction time;
- growth: the ingest rate as the store grows (``--growth`` articles; 100,000 takes ~30 min);
- API: p50/p95 per request kind on 100,000 generated events, SQLite and PostgreSQL.
Speed is never asserted in the test suite: this file is where it is read.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ingest import load_articles, scratch_store  # noqa: E402

from rasid.lexicon import load_table  # noqa: E402

PYTHON = sys.executable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(HERE.parents[1] / "shared"))
    parser.add_argument("--growth", type=int, default=20_000, help="articles stored in the growth run (0: skip)")
    parser.add_argument("--growth-json", action="append", default=[], metavar="BACKEND=PATH",
                        help="take a growth run's figures from bench_growth.py --json PATH instead of running it")
    parser.add_argument("--api-events", type=int, default=100_000)
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    shared = Path(args.shared)
    corpus = shared / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    work = Path(tempfile.mkdtemp(prefix="rasid-bench-"))
    results: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "machine": f"{platform.machine()}, Python {platform.python_version()}",
                     "commit": git("rev-parse", "--short", "HEAD")}
    results["baseline"] = keyword_baseline(shared)
    print(f"baseline: {results['baseline']['articles_per_s']:.0f} articles/s", flush=True)
    results["pipeline"] = bench("bench_pipeline.py", work / "pipeline.json", "--shared", str(shared))
    results["scaling"] = scaling(corpus, work)
    results["ingest"] = bench("bench_ingest.py", work / "ingest.json", "--shared", str(shared))
    given = dict(item.split("=", 1) for item in args.growth_json)
    if args.growth or given:
        results["growth"] = {backend: json.loads(Path(given[backend]).read_text()) if backend in given else
                             bench("bench_growth.py", work / f"growth-{backend}.json", "--shared", str(shared),
                                   "--articles", str(args.growth), "--backend", backend)
                             for backend in ("sqlite", "postgresql")}
    results["api"] = {"sqlite": bench("bench_api.py", work / "api-sqlite.json", "--events", str(args.api_events))}
    with scratch_store("postgresql") as url:
        results["api"]["postgresql"] = bench("bench_api.py", work / "api-pg.json", "--events", str(args.api_events),
                                             "--db", url)
    results["alerts"] = {mode: bench("bench_alerts.py", work / f"alerts-{mode}.json", "--shared", str(shared),
                                     "--batch", batch) for mode, batch in (("stream", "1"), ("batches", "200"))}
    Path(args.out).with_name("results.json").write_text(json.dumps(results, indent=1))
    Path(args.out).write_text(report(results))
    print(f"wrote {args.out}")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE).stdout.strip()


def bench(script: str, out: Path, *args: str) -> dict:
    print(f"running {script} {' '.join(args)}", flush=True)
    subprocess.run([PYTHON, str(HERE / script), *args, "--json", str(out)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def keyword_baseline(shared: Path) -> dict:
    """The naive yardstick: per article, the trigger words and the figures, by one regex each."""
    words = sorted({row["trigger"].rstrip("*") for row in load_table("triggers").rows}, key=len, reverse=True)
    trigger = re.compile("|".join(map(re.escape, words)))
    figure = re.compile(r"\d+")
    articles = load_articles(shared)
    start = time.perf_counter()
    hits = sum(len(trigger.findall(a.text)) + len(figure.findall(a.text)) for a in articles)
    seconds = time.perf_counter() - start
    return {"articles": len(articles), "seconds": seconds, "articles_per_s": len(articles) / seconds, "hits": hits}


def scaling(corpus: Path, work: Path) -> dict:
    """Wall time of the two commands a user runs, with 1 and 2 worker processes."""
    figures = {}
    for command in ("extract", "ingest"):
        for workers in (1, 2):
            target = (["--out", str(work / f"w{workers}.jsonl")] if command == "extract"
                      else ["--db", str(work / f"w{workers}.db")])
            start = time.perf_counter()
            subprocess.run([PYTHON, "-m", "rasid", command, str(corpus), *target, "--workers", str(workers)],
                           check=True, capture_output=True)
            figures[f"{command}_{workers}"] = time.perf_counter() - start
            print(f"rasid {command} --workers {workers}: {figures[f'{command}_{workers}']:.1f} s", flush=True)
    return figures


def report(r: dict) -> str:
    base = r["baseline"]["articles_per_s"]
    p = r["pipeline"]
    n = p["articles"]
    lines = [
        "# Benchmark results", "",
        f"Written by `make bench` (benchmarks/run_all.py) on {r['when']}, commit {r['commit']}, {r['machine']}, "
        "2 cores. Numbers, not assertions; the raw figures are in results.json. The baseline is a naive keyword "
        f"matcher (one regex over the trigger words and figures per article) timed in the same run: "
        f"**{base:,.0f} articles/s**; `x base` is a rate over it.", "",
        "## Extraction (one process, 1,039 SaudiNewsNet articles)", "",
        "| measure | value | x base |", "|---|---|---|",
        f"| articles/s per core | {p['articles_per_s']:.0f} | {p['articles_per_s'] / base:.3f} |",
        *(f"| {stage} | {seconds / n * 1000:.2f} ms/article | |" for stage, seconds in
          sorted(p["stages_s"].items(), key=lambda kv: -kv[1])),
        f"| load (lexicons, gazetteer, automata) | {p['load_s']:.2f} s | |",
        f"| peak RSS | {p['peak_rss_mb']:.0f} MB | |",
        f"| one article of 1,000,000 characters | {p['long_article_s']['1000000']:.2f} s | |", "",
        "## Workers (wall time of the command, 1,039 articles, SQLite)", "",
        "| command | 1 worker | 2 workers | speed-up |", "|---|---|---|---|",
        *(f"| rasid {c} | {r['scaling'][f'{c}_1']:.1f} s | {r['scaling'][f'{c}_2']:.1f} s | "
          f"{r['scaling'][f'{c}_1'] / r['scaling'][f'{c}_2']:.2f}x |" for c in ("extract", "ingest")), "",
        "## Ingest (store and fusion in batches of 200, one process)", "",
        f"Extraction alone: {r['ingest']['extraction_s']:.1f} s; store records (MinHash, mention document): "
        f"{r['ingest']['records_s']:.1f} s.", "",
        "| store | store and fusion | articles/s | x base | ingest / extraction |", "|---|---|---|---|---|",
        *(f"| {name} | {b['bulk_store_s']:.1f} s | {b['articles_per_s']:.0f} | {b['articles_per_s'] / base:.3f} | "
          f"{b['ingest_over_extraction']:.2f} |" for name, b in r["ingest"]["backends"].items()), "",
    ]
    if "growth" in r:
        lines += ["## Ingest as the store grows (store and fusion only, articles/s)", "",
                  "Copies of the 1,039 articles, each 40 days after the last (benchmarks/bench_growth.py).", "",
                  "| articles already stored | " + " | ".join(r["growth"]) + " |",
                  "|---|" + "---|" * len(r["growth"])]
        rows = list(zip(*(g["copies"] for g in r["growth"].values())))
        shown = sorted({0, 1, len(rows) // 10, len(rows) // 4, len(rows) // 2, len(rows) - 1} & set(range(len(rows))))
        lines += [f"| {rows[i][0]['stored_before']:,} | " + " | ".join(f"{c['articles_per_s']:.0f}" for c in rows[i])
                  + " |" for i in shown]
        lines.append("")
    lines += ["## API on 100,000 generated events (ms)", "",
              "| request | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 |", "|---|---|---|---|---|"]
    for kind, sqlite in r["api"]["sqlite"]["requests"].items():
        pg = r["api"]["postgresql"]["requests"][kind]
        lines.append(f"| {kind} | {sqlite['p50_ms']:.1f} | {sqlite['p95_ms']:.1f} | {pg['p50_ms']:.1f} | {pg['p95_ms']:.1f} |")
    if "alerts" in r:
        lines += ["", "## Alerts: from an event's message to its webhook (1,039 articles, 4 saved searches)", "",
                  "A deliverer thread polls every 0.2 s; a webhook receiver on 127.0.0.1 (benchmarks/bench_alerts.py).",
                  "", "| articles per transaction | store | messages | ingest articles/s | p50 s | p95 s | max s |",
                  "|---|---|---|---|---|---|---|"]
        for mode, label in (("stream", "1 (as watch and the API)"), ("batches", "200 (as rasid ingest)")):
            for backend, a in r["alerts"][mode].items():
                lines.append(f"| {label} | {backend} | {a['messages']:,} | {a['articles_per_s']:.0f} | "
                             f"{a['p50_s']:.2f} | {a['p95_s']:.2f} | {a['max_s']:.2f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
