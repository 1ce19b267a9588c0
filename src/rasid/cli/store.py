"""``rasid summary``, ``rasid fuse --explain`` and ``rasid db``: look into the store and keep
its schema current."""
from __future__ import annotations

import argparse
import sys

from rasid.cli.common import add_db_option


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("summary", help="print a summary of the store",
                            description="Print counts of articles, events by type and place, and quarantine.")
    add_db_option(p)
    p.set_defaults(func=cmd_summary)

    p = commands.add_parser("fuse", help="explain how an event was fused from its sources",
                            description="Show each source article of an event and the fusion decision and "
                                        "score that tied it to the event.")
    p.add_argument("--explain", required=True, metavar="EVENT_ID", help="the event's id (RSD-...)")
    add_db_option(p)
    p.set_defaults(func=cmd_fuse)

    p = commands.add_parser("db", help="manage the store's schema", description="Schema migrations (Alembic).")
    p.add_argument("action", choices=["upgrade"], help="upgrade: bring the schema to the newest revision")
    add_db_option(p)
    p.set_defaults(func=cmd_db)


def print_summary(summary: dict, db: str) -> None:
    print(f"rasid store {db}: {summary['articles']} articles ({summary['near_duplicates']} near-duplicates), "
          f"{summary['events']} events from {summary['sources']} article events, {summary['claims']} claims, "
          f"{summary['fatalities']} fatalities (ACLED count), {summary['deleted_events']} deleted events, "
          f"{summary['rejected_events']} events rejected by reviewers, "
          f"{summary['quarantined']} quarantined inputs")
    first, last = summary["days"]
    if first:
        print(f"Events from {first} to {last}" + (f" ({summary['undated_events']} undated)"
                                                   if summary["undated_events"] else ""))
    if summary["by_country"]:
        print("\nEvents by country")
        for code, n, fatalities in summary["by_country"]:
            print(f"  {n:5d}  {_country_name(code)}  ({fatalities} fatalities)")
    if summary["by_type"]:
        print("\nEvents by type")
        for event_type, sub_type, n, fatalities in summary["by_type"]:
            print(f"  {n:5d}  {event_type} / {sub_type}  ({fatalities} fatalities)")
    if summary["by_admin1"]:
        print("\nWhere (top 10)")
        for country, admin1, n in summary["by_admin1"]:
            print(f"  {n:5d}  {country or '?'} {admin1 or ''}")
    print_flagged(summary["flagged"], summary["fatalities"])
    if summary["quarantine"]:
        print("\nQuarantined inputs")
        for origin, code, reason in summary["quarantine"]:
            print(f"  {origin}: {code}: {reason}")


FLAGGED_SHOWN = 20


def print_flagged(flagged: list[tuple], total_fatalities: int) -> None:
    """The events whose tolls the sanity checks flagged, largest first: what to review first."""
    if not flagged:
        return
    held = sum(row[4] or 0 for row in flagged)
    share = f", {held / total_fatalities:.0%} of all" if total_fatalities else ""
    print(f"\nFlagged for review: {len(flagged)} events holding {held} fatalities{share} (largest first; "
          f"rasid export keeps them, tagged 'rasid check')")
    for event_id, day, sub_type, location, fatalities, flags in flagged[:FLAGGED_SHOWN]:
        place = (location or {}).get("name") or "?"
        print(f"  {event_id}  {day or 'undated'}  {sub_type}, {place}: {fatalities} killed")
        for flag in flags:
            print(f"      {flag['code']}: {flag['detail']}")
    if len(flagged) > FLAGGED_SHOWN:
        print(f"  ... and {len(flagged) - FLAGGED_SHOWN} more (GET /api/events?flagged=1 lists them all)")


def _country_name(code: str | None) -> str:
    from rasid.export.fields import country

    found = country(code)
    return f"{found.name} ({found.iso2})" if found else (code or "no country")


def cmd_summary(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(args.db, must_exist=True) as store:
        print_summary(store.summary(), store.url)
    return 0


def cmd_fuse(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(args.db, must_exist=True) as store:
        event = store.event(args.explain)
        if event is None:
            print(f"rasid: error: no live event {args.explain} in {store.url}", file=sys.stderr)
            return 2
        loc = event["location"] or {}
        print(f"{event['id']}: {event['event_type']} / {event['sub_event_type']}, {event['event_date']}, "
              f"{loc.get('name', '-')}, fatalities {event['fatalities']} (ACLED: lowest reported), deaths "
              f"low/best/high {event['deaths']['low']}/{event['deaths']['best']}/{event['deaths']['high']}")
        for source in store.fusion(args.explain):
            print(f"  {source['doc_id']} #{source['position']} ({source['event_date']}, {source['place']}, "
                  f"fatalities {source['fatalities']}): {source['decision']}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(args.db) as store:  # opening a store brings its schema to the newest revision
        print(f"rasid store {store.url}: schema at the newest revision")
    return 0
