"""``rasid review``: the review queue, and confirming, correcting, rejecting or reopening an
event, from the command line (what the API's review key does, for a desk with shell access
to the store)."""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from rasid.cli.common import add_db_option

ACTIONS = ("queue", "history", "confirm", "correct", "reject", "reopen")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("review", help="the review queue, and an analyst's word on an event",
                            description="'rasid review queue' lists the unreviewed events that most need a person; "
                                        "'rasid review confirm|reject|reopen EVENT' and 'rasid review correct EVENT "
                                        "--set fatalities=30 --set location=place:ID' record a review (kept over "
                                        "whatever later reports say); 'rasid review history EVENT' shows its trail.")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("event_id", nargs="?", metavar="EVENT", help="the event's id (RSD-...)")
    p.add_argument("--set", dest="fields", action="append", default=[], metavar="FIELD=VALUE", type=field_value,
                   help="a correction: event_type, sub_event_type, event_date=YYYY-MM-DD, time_precision=1-3, "
                        "fatalities=N, location=place:ID or location=LAT,LON, actors=ID,ID (repeatable)")
    p.add_argument("--reason", default="", help="why, for the audit trail")
    p.add_argument("--as", dest="reviewer", default=getpass.getuser(), help="who reviews (default: your user name)")
    p.add_argument("--limit", type=int, default=20, help="events in the queue (default %(default)s)")
    add_db_option(p)
    p.set_defaults(func=cmd_review)


def field_value(text: str) -> tuple[str, object]:
    """``FIELD=VALUE`` as the store's review takes it."""
    name, sep, value = text.partition("=")
    if not sep or not value:
        raise argparse.ArgumentTypeError(f"{text!r} is not FIELD=VALUE")
    if name in ("fatalities", "time_precision"):
        try:
            return name, int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not {value!r}") from None
    if name == "location":
        if value.startswith("place:"):
            return name, {"place_id": value.removeprefix("place:")}
        try:
            lat, lon = (float(v) for v in value.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(f"location must be place:ID or LAT,LON, not {value!r}") from None
        return name, {"lat": lat, "lon": lon}
    if name == "actors":
        return name, [v.strip() for v in value.split(",") if v.strip()]
    return name, value


def cmd_review(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    if args.action != "queue" and not args.event_id:
        print(f"rasid: error: 'rasid review {args.action}' needs an EVENT id", file=sys.stderr)
        return 2
    with open_store(args.db, must_exist=True) as store:
        if args.action == "queue":
            for e in store.review_queue(args.limit):
                place = (e.get("location") or {}).get("name") or "-"
                print(f"{e['id']}\t{e['event_date'] or '-'}\t{e['sub_event_type']}\t{place}\t{e['fatalities']}\t"
                      + "; ".join(e["needs"]))
            return 0
        if args.action == "history":
            for row in store.reviews(args.event_id):
                print(json.dumps(row, ensure_ascii=False))
            return 0
        found = store.review(args.event_id, args.action, reviewer=args.reviewer, fields=dict(args.fields) or None,
                             reason=args.reason)
    if found is None:
        print(f"rasid: error: no live event {args.event_id}", file=sys.stderr)
        return 1
    review = found["review"]
    print(f"rasid: {found['id']} is {review['status']} by {review['by']}", file=sys.stderr)
    for name, value in review["corrections"].items():
        machine = review["machine"].get(name, value)
        print(f"  {name}: {json.dumps(value, ensure_ascii=False)} (machine: {json.dumps(machine, ensure_ascii=False)})",
              file=sys.stderr)
    return 0
