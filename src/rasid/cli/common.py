"""What the subcommands share: their options, how they report problems, and aligned tables."""
from __future__ import annotations

import argparse
import ipaddress
import sys
from datetime import date
from pathlib import Path

from rasid.errors import InputError
from rasid.ingest import DEFAULT_MAX_CHARS, PUBLISHED_FIELDS, TEXT_FIELDS, IngestSettings, parse_day
from rasid.ingest.http import DEFAULT_DEADLINE, FetchOptions
from rasid.ingest.settings import DEFAULT_MAX_FEED_ITEMS
from rasid.model import Options, RawInput
from rasid.pipeline import BatchReport, default_workers


def day(value: str) -> date:
    try:
        return parse_day(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, metavar="FILE_OR_URL",
                   help="a SQLite file or a database URL (postgresql+psycopg://...); default: "
                        "$RASID_DATABASE_URL, else rasid.db")


def add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a .txt or .html article, a folder of them, a .jsonl file (one article per line with "
                        "'text', and 'doc_id', 'published', 'title', 'url' when known), a page or feed URL, "
                        "or - for stdin")
    add_reading_options(p)


def add_reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", type=day, metavar="YYYY-MM-DD",
                   help="publication date for inputs that do not carry one (relative dates resolve against it)")
    p.add_argument("--published-field", metavar="NAME",
                   help="the JSON Lines field with the publication date (default: the first of "
                        + ", ".join(PUBLISHED_FIELDS) + " that a line has)")
    p.add_argument("--text-field", metavar="NAME",
                   help="the JSON Lines field with the article text (default: the first of "
                        + ", ".join(TEXT_FIELDS) + " that a line has)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help="refuse articles longer than N characters (default %(default)s)")
    web = p.add_argument_group("fetching URLs and feeds")
    web.add_argument("--fetch-deadline", type=float, default=DEFAULT_DEADLINE, metavar="SECONDS",
                     help="give up on a page or feed not fetched in full within SECONDS, retries included "
                          "(default %(default)s)")
    web.add_argument("--max-feed-items", type=positive, default=DEFAULT_MAX_FEED_ITEMS, metavar="N",
                     help="read at most N pages of one feed in one pass (default %(default)s)")
    web.add_argument("--allow-private-hosts", action="store_true",
                     help="also fetch hosts at loopback, private or link-local addresses (refused by default: "
                          "a feed must not make rasid read the inside of its own network)")
    web.add_argument("--allow-network", action="append", default=[], metavar="CIDR", type=network,
                     help="fetch hosts in this network although it is private (e.g. 10.1.2.0/24; repeatable)")
    add_tagger_option(p)


def add_tagger_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--place-tagger", action="store_true",
                   help="also find place names the gazetteer lacks with the statistical tagger "
                        "(better on social media text, about 7x slower)")


def add_workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=positive, default=default_workers(), metavar="N",
                   help="processes extracting in parallel (default: the number of cores, here %(default)s); "
                        "the output is the same for any N")


def network(value: str) -> str:
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a network (CIDR, e.g. 10.1.2.0/24)") from None


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def settings(args: argparse.Namespace) -> IngestSettings:
    return IngestSettings(published=args.published, max_chars=args.max_chars,
                          published_field=args.published_field, text_field=args.text_field,
                          max_feed_items=args.max_feed_items,
                          fetch=FetchOptions(deadline=args.fetch_deadline, allow_private_hosts=args.allow_private_hosts,
                                             allow_networks=tuple(args.allow_network)))


def options(args: argparse.Namespace) -> Options:
    return Options(place_tagger=args.place_tagger)


def report_problem(_raw: RawInput, problem: InputError) -> None:
    print(f"rasid: error: {problem.where}: {problem.reason}", file=sys.stderr)


def finish(report: BatchReport) -> int:
    print(f"rasid: {report.articles} articles, {report.events} events, {report.failed} inputs failed",
          file=sys.stderr)
    if report.undated:
        print(f"rasid: warning: {report.undated:,} of {report.articles:,} articles have no publication date: "
              "their relative dates (yesterday, on Tuesday) cannot be resolved and their events are undated; "
              "pass --published-field NAME (the JSON field that holds it) or --published YYYY-MM-DD",
              file=sys.stderr)
    return 1 if report.failed else 0


def text_arg(value: str) -> str:
    """The text of the file ``value`` names, else ``value`` itself."""
    try:
        is_file = Path(value).is_file()
    except OSError:  # a sentence longer than a file name can be
        is_file = False
    return Path(value).read_text(encoding="utf-8") if is_file else value


def print_aligned(rows: list[tuple[str, ...]], max_width: int) -> None:
    """Print rows (the first is the header) in columns at most ``max_width`` wide."""
    widths = [min(max(len(row[i]) for row in rows), max_width) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip())
