"""``rasid export`` and ``rasid deletions``: the store's events as ACLED CSV, UCDP CSV,
GeoJSON, Parquet, HXL CSV, JSON Lines or Excel, optionally filtered; and the events deleted
since a time, for users who keep a copy in sync."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import nullcontext

from rasid.cli.common import add_db_option


def register(commands: argparse._SubParsersAction) -> None:
    from rasid.export import FORMATS
    from rasid.export.filters import REVIEW_FILTERS

    p = commands.add_parser("export", help="write the store's events as ACLED CSV, UCDP CSV, GeoJSON, Parquet, "
                                           "HXL CSV, JSON Lines or Excel",
                            description="Write every live event of the store (one per real-world event, with "
                                        "all its sources and claims) in a format analysts load, optionally "
                                        "filtered. The event format is docs/FORMAT.md.")
    p.add_argument("--format", required=True, choices=[*FORMATS, "gold"],
                   help="gold: the articles whose every event a person reviewed, in the gold format of "
                        "FORMAT.md (JSON Lines), for the scorer")
    p.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--bom", action=argparse.BooleanOptionalAction, default=None,
                   help="start a CSV with the UTF-8 byte order mark Excel needs to show Arabic "
                        "(default: on for a .csv file, off for standard output)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="events on or before this day")
    p.add_argument("--type", help="ACLED event type, e.g. Battles")
    p.add_argument("--sub-type", help="ACLED sub-event type, e.g. 'Air/drone strike'")
    p.add_argument("--country", help="ISO 3166 alpha-2 or alpha-3 code, or the country's name (English or Arabic)")
    p.add_argument("--admin1", help="first-level admin area, e.g. Al-Hasakeh")
    p.add_argument("--actor", help="part of an actor's name, in English or Arabic")
    p.add_argument("--min-fatalities", type=int, metavar="N")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="a bounding box in degrees")
    p.add_argument("--near", metavar="LAT,LON,KM", help="events within KM of a point")
    p.add_argument("--updated-since", metavar="TIME",
                   help="events created or changed since this time (ISO 8601, e.g. 2026-12-01T00:00:00Z); "
                        "'rasid deletions --since' lists the ones deleted")
    p.add_argument("--flagged", action=argparse.BooleanOptionalAction, default=None,
                   help="only the events the sanity checks flagged for review (--no-flagged: only the others)")
    p.add_argument("--review", choices=REVIEW_FILTERS,
                   help="only the events in this review state (reviewed: confirmed or corrected by a person; "
                        "not_rejected: all but those a person rejected)")
    add_db_option(p)
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("deletions", help="list events deleted from the live dataset",
                            description="CSV of the events deleted (merged into another, renamed when an earlier "
                                        "source arrived, or no longer reported) since a time, with the event that "
                                        "replaced each: what a copy kept in sync must drop.")
    p.add_argument("--since", metavar="TIME", help="deleted at or after this time (ISO 8601; naive = UTC)")
    add_db_option(p)
    p.set_defaults(func=cmd_deletions)


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give WEST,SOUTH,EAST,NORTH in degrees, e.g. 35.5,32,42.5,37.5") from None
    return west, south, east, north


def cmd_export(args: argparse.Namespace) -> int:
    from rasid.export import ExportFilters, write_export
    from rasid.store import open_store

    filters = ExportFilters(date_from=args.date_from, date_to=args.date_to, event_type=args.type,
                            sub_event_type=args.sub_type, country=args.country, admin1=args.admin1,
                            actor=args.actor, min_fatalities=args.min_fatalities, bbox=args.bbox,
                            near=args.near,
                            updated_since=args.updated_since, flagged=args.flagged, review=args.review)
    bom = args.bom if args.bom is not None else bool(args.out and args.out.lower().endswith(".csv"))
    with open_store(args.db, must_exist=True) as store, \
            (open(args.out, "wb") if args.out else nullcontext(sys.stdout.buffer)) as out:
        if args.format == "gold":
            rows = 0
            for rows, document in enumerate(store.gold_documents(), start=1):
                out.write(json.dumps(document, ensure_ascii=False).encode("utf-8") + b"\n")
            what = "reviewed articles"
        else:
            rows = write_export(store.iter_events(), args.format, out, filters=filters, bom=bom)
            what = "events"
        out.flush()
    print(f"rasid: {rows} {what} written as {args.format}" + (f" to {args.out}" if args.out else ""),
          file=sys.stderr)
    return 0


def cmd_deletions(args: argparse.Namespace) -> int:
    from rasid.export.filters import utc_moment
    from rasid.store import open_store

    since = utc_moment(args.since, "--since")
    with open_store(args.db, must_exist=True) as store:
        deleted = store.deletions(since)
    writer = csv.writer(sys.stdout)
    writer.writerow(["event_id", "deleted_at", "reason", "replaced_by"])
    writer.writerows([d["event_id"], d["deleted_at"], d["reason"], d["replaced_by"] or ""] for d in deleted)
    print(f"rasid: {len(deleted)} deleted events" + (f" since {since.isoformat()}" if since else ""), file=sys.stderr)
    return 0
