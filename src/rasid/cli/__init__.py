"""The ``rasid`` command line: one module per group of subcommands, each with ``register``.

- ``extract``: extract, explain          - ``ingest``: ingest, watch
- ``recognise``: places, dates, numbers  - ``store``: summary, fuse, db
- ``export``: export                     - ``serve``: serve, apikey
- ``review``: review                     - ``quality``: quality
- ``alert``: alert

Exit status: 0 all input processed; 1 some input failed (each failure is reported on
stderr as one line naming the file and line); 2 the command itself was wrong.
"""
from __future__ import annotations

import argparse
import sys

from rasid import __version__
from rasid.errors import RasidError
from rasid.cli import alert, export, extract, ingest, quality, recognise, review, serve, store

GROUPS = (extract, ingest, store, export, review, quality, alert, serve, recognise)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rasid", description="Arabic conflict news to event records.")
    parser.add_argument("--version", action="version", version=f"rasid {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. an --out that cannot be written
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"rasid: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
