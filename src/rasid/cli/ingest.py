"""``rasid ingest`` and ``rasid watch``: articles and feeds into the store, bad input quarantined."""
from __future__ import annotations

import argparse
import sys
from collections import Counter

from rasid.cli.common import (
    add_db_option, add_input_options, add_reading_options, add_workers_option, finish, options, positive,
    report_problem, settings,
)
from rasid.cli.store import print_summary
from rasid.errors import InputError
from rasid.model import RawInput
from rasid.pipeline import process_safely, run_batch

BATCH = 200  # articles per transaction: large enough to amortise the commit and fusion's lookups


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("ingest", help="extract events and keep them in the SQLite store",
                            description="Process articles into the store; bad inputs are quarantined with "
                                        "their reason. Prints a summary of the store.")
    add_input_options(p)
    add_db_option(p)
    add_workers_option(p)
    p.add_argument("--batch", type=positive, default=BATCH, metavar="N",
                   help="articles stored per transaction (default %(default)s)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="where extraction runs: worker processes here, or Ray tasks (pip install 'rasid[ray]'); "
                        "the store is written here either way")
    p.add_argument("--address", metavar="ADDR",
                   help="with --engine ray: a running Ray cluster ('auto', or ray://HOST:10001); "
                        "default: start a local one with --workers CPUs")
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("watch", help="poll RSS/Atom feeds and ingest their new pages",
                            description="Poll the feeds of a YAML file (feeds: - url: ... name: ... outlet: ... "
                                        "interval: seconds) with conditional requests, retries and backoff, and "
                                        "ingest every new page; each feed's state is kept in the store.")
    p.add_argument("feeds", metavar="FEEDS.yaml")
    p.add_argument("--once", action="store_true", help="poll every feed once, then stop")
    add_reading_options(p)
    add_db_option(p)
    p.set_defaults(func=cmd_watch)


def cmd_ingest(args: argparse.Namespace) -> int:
    from rasid.store import ArticleRecord, article_record, open_store

    outcomes: Counter[str] = Counter()
    with open_store(args.db) as store:
        pending: list[ArticleRecord] = []

        def store_pending() -> None:
            outcomes.update(result.status for result in store.save_many(pending))
            pending.clear()

        def on_doc(record: ArticleRecord, _raw: RawInput) -> None:
            pending.append(record)
            if len(pending) >= args.batch:
                store_pending()

        def on_problem(raw: RawInput, problem: InputError) -> None:
            report_problem(raw, problem)
            store.quarantine(raw, problem)

        report = run_batch(args.inputs, settings(args), on_doc, on_problem, progress=True, options=options(args),
                           workers=args.workers, prepare=article_record, engine=args.engine, address=args.address)
        store_pending()
        print(", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(outcomes.items())) or "nothing new")
        print_summary(store.summary(), store.url)
    return finish(report)


def cmd_watch(args: argparse.Namespace) -> int:
    from rasid.alerts.deliver import Deliverer, DeliveryOptions, delivering
    from rasid.errors import FeedConfigError
    from rasid.ingest.watch import load_feeds, watch
    from rasid.store import open_store

    try:
        feeds = load_feeds(args.feeds)
    except FeedConfigError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2
    outcomes: Counter[str] = Counter()
    with open_store(args.db) as store:
        def on_input(raw: RawInput, item) -> None:
            doc = item if isinstance(item, InputError) else process_safely(item, options(args))
            if isinstance(doc, InputError):
                report_problem(raw, doc)
                store.quarantine(raw, doc)
                outcomes["quarantined"] += 1
                return
            outcomes[store.save(doc, raw).status] += 1

        print(f"rasid: watching {len(feeds)} feeds into {store.url}" + (" (one pass)" if args.once else
                                                                           " (Ctrl-C stops)"), file=sys.stderr)
        reading = settings(args)  # webhooks keep to the feeds' address rules
        alerts = DeliveryOptions.from_env(allow_private_hosts=reading.fetch.allow_private_hosts,
                                          allow_networks=reading.fetch.allow_networks)
        try:
            with delivering(store, alerts):  # alerts go out as their events come in
                report = watch(feeds, states=store.feed_states(), on_input=on_input,
                               already_have=store.has_article_url, once=args.once, settings=reading)
                if args.once:
                    Deliverer(store, alerts).deliver_due()
        except KeyboardInterrupt:
            return 0
        print(f"{report.polls} polls ({report.not_modified} not modified, {report.feed_failures} failed), "
              f"{report.articles} new pages: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    return 0
