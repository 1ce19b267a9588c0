"""``rasid quality``: this rasid scored against a team's own reviewed events (or a gold
file), with the trend of earlier runs."""
from __future__ import annotations

import argparse
import sys

from rasid.cli.common import add_db_option, add_tagger_option, add_workers_option, options


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("quality", help="this rasid scored against the team's reviewed events",
                            description="Extracts again every article whose events were all reviewed (what "
                                        "'rasid export --format gold' writes) and prints the scorer's table: strict "
                                        "event F1 (type, sub-type, date, place, actors and fatalities all right), "
                                        "detection, fields and claims. Each run's figures are kept in the store and "
                                        "listed after the table. With --gold FILE, scores against a gold file instead.")
    p.add_argument("--gold", metavar="FILE", help="gold lines (FORMAT.md) to score against instead of the store's "
                                                  "reviews; nothing is recorded")
    add_db_option(p)
    add_tagger_option(p)
    add_workers_option(p)
    p.set_defaults(func=cmd_quality)


def cmd_quality(args: argparse.Namespace) -> int:
    from rasid.quality import measure
    from rasid.scoring import read_lines, table

    if args.gold:
        print(table(measure(read_lines(args.gold), options(args), args.workers)))
        return 0
    from rasid.store import open_store

    with open_store(args.db, must_exist=True) as store:
        gold = list(store.gold_documents())
        if not gold:
            print("rasid: no article has all its events reviewed yet: review some ('rasid review queue', or the "
                  "dashboard's review page), then measure", file=sys.stderr)
            return 1
        scores = measure(gold, options(args), args.workers)
        store.record_quality(scores)
        runs = store.quality_runs()
    print(table(scores))
    print("\nruns (strict P / R / F1, detection F1, claims F1)")
    for run in runs:
        figures = " / ".join(_figure(v) for v in run["strict"])
        print(f"  {run['at'][:16]}  rasid {run['rasid_version']:<8} {run['documents']:>5} articles "
              f"{run['gold_events']:>6} events  {figures}   {_figure(run['events_f1'])}   {_figure(run['claims_f1'])}")
    return 0


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
