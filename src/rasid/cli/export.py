"""``rasid export``: the store's events as ACLED CSV, UCDP CSV, GeoJSON, Parquet, HXL CSV or
JSON Lines, optionally filtered."""
from __future__ import annotations

import argparse
import sys

from rasid.cli.common import add_db_option


def register(commands: argparse._SubParsersAction) -> None:
    from rasid.export import FORMATS

    p = commands.add_parser("export", help="write the store's events as ACLED CSV, UCDP CSV, GeoJSON, Parquet, "
                                           "HXL CSV or JSON Lines",
                            description="Write every live event of the store (one per real-world event, with "
                                        "all its sources and claims) in a format analysts load, optionally "
                                        "filtered.")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="events on or before this day")
    p.add_argument("--type", help="ACLED event type, e.g. Battles")
    p.add_argument("--sub-type", help="ACLED sub-event type, e.g. 'Air/drone strike'")
    p.add_argument("--country", help="ISO 3166 alpha-2 or alpha-3 code")
    p.add_argument("--admin1", help="first-level admin area, e.g. Al-Hasakeh")
    p.add_argument("--actor", help="part of an actor's name, in English or Arabic")
    p.add_argument("--min-fatalities", type=int, metavar="N")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="a bounding box in degrees")
    add_db_option(p)
    p.set_defaults(func=cmd_export)


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give WEST,SOUTH,EAST,NORTH in degrees, e.g. 35.5,32,42.5,37.5") from None
    return west, south, east, north


def cmd_export(args: argparse.Namespace) -> int:
    from rasid.errors import RasidError
    from rasid.export import ExportFilters, write_export
    from rasid.store import Store

    try:
        filters = ExportFilters(date_from=args.date_from, date_to=args.date_to, event_type=args.type,
                                sub_event_type=args.sub_type, country=args.country, admin1=args.admin1,
                                actor=args.actor, min_fatalities=args.min_fatalities, bbox=args.bbox)
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        if args.out:
            with open(args.out, "wb") as out:
                rows = write_export(store.iter_events(), args.format, out, filters=filters)
        else:
            rows = write_export(store.iter_events(), args.format, sys.stdout.buffer, filters=filters)
            sys.stdout.buffer.flush()
    print(f"rasid: {rows} events written as {args.format}" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
