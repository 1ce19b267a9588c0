"""``rasid review``: the review queue, and confirming, correcting, rejecting or reopening an
event, from the command line (what the API's review key does, for a desk with shell access
to the store)."""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from rasid.cli.common import add_db_option

ACTIONS = ("queue", "history", "confirm", "correct", "reject", "reopen", "merge", "split")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("review", help="the review queue, and an analyst's word on an event",
                            description="'rasid review queue' lists the unreviewed events that most need a person; "
                                        "'rasid review confirm|reject|reopen EVENT' and 'rasid review correct EVENT "
                                        "--set fatalities=30 --set location=place:ID' record a review (kept over "
                                        "whatever later reports say); 'rasid review merge EVENT --with OTHER' and "
                                        "'rasid review split EVENT [--article DOC_ID]' hold against later fusion; "
                                        "'rasid review history EVENT' shows its trail.")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("event_id", nargs="?", metavar="EVENT", help="the event's id (RSD-...)")
    p.add_argument("--set", dest="fields", action="append", default=[], metavar="FIELD=VALUE", type=field_value,
                   help="a correction: event_type, sub_event_type, event_date=YYYY-MM-DD, time_precision=1-3, "
                        "fatalities=N, location=place:ID or location=LAT,LON, actors=ID,ID (repeatable)")
    p.add_argument("--claim", dest="claims", action="append", default=[], nargs=2, metavar=("KEY", "FIELD=VALUE"),
                   help="a claim's correction: KEY as the event's claims show it, FIELD claimant, claimant_type or "
                        "modality (repeatable)")
    p.add_argument("--with", dest="other", metavar="OTHER", help="merge: the event that is the same as EVENT")
    p.add_argument("--article", dest="articles", action="append", metavar="DOC_ID",
                   help="split: an article whose report leaves the event (repeatable; default: every article)")
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


def corrections(args: argparse.Namespace) -> dict[str, object] | None:
    """The fields of ``--set`` and the claims of ``--claim``, as the store's review takes them."""
    from rasid.store.review import BadReview

    fields = dict(args.fields)
    for key, setting in args.claims:
        name, sep, value = setting.partition("=")
        if not sep:
            raise BadReview(f"--claim {key} {setting!r}: give FIELD=VALUE")
        fields.setdefault("claims", {}).setdefault(key, {})[name] = value
    return fields or None


def cmd_review(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    if args.action != "queue" and not args.event_id:
        print(f"rasid: error: 'rasid review {args.action}' needs an EVENT id", file=sys.stderr)
        return 2
    if args.action == "merge" and not args.other:
        print("rasid: error: 'rasid review merge EVENT --with OTHER' needs the other event", file=sys.stderr)
        return 2
    with open_store(args.db, must_exist=True) as store:
        if args.action == "queue":
            for e in store.review_queue(args.limit)[0]:
                place = (e.get("location") or {}).get("name") or "-"
                print(f"{e['id']}\t{e['event_date'] or '-'}\t{e['sub_event_type']}\t{place}\t{e['fatalities']}\t"
                      + "; ".join(need["detail"] for need in e["needs"]))
            return 0
        if args.action == "history":
            for row in store.reviews(args.event_id):
                print(json.dumps(row, ensure_ascii=False))
            return 0
        if args.action == "merge":
            found = store.merge(args.event_id, args.other, reviewer=args.reviewer, reason=args.reason)
            if found is not None:
                print(found["id"])  # the event they make: either id
        elif args.action == "split":
            parts = store.split(args.event_id, reviewer=args.reviewer, articles=args.articles, reason=args.reason)
            found = parts[0] if parts else None
            for part in parts or ():
                print(f"{part['id']}\t" + " ".join(s["doc_id"] for s in part["sources"]))
        else:
            found = store.review(args.event_id, args.action, reviewer=args.reviewer, fields=corrections(args),
                                 reason=args.reason)
    if found is None:
        missing = f"{args.event_id} or {args.other}" if args.action == "merge" else args.event_id
        print(f"rasid: error: no live event {missing}", file=sys.stderr)
        return 1
    review = found["review"]
    print(f"rasid: {found['id']} is {review['status']} by {review['by']}", file=sys.stderr)
    for name, value in review["corrections"].items():
        machine = review["machine"].get(name, value)
        print(f"  {name}: {json.dumps(value, ensure_ascii=False)} (machine: {json.dumps(machine, ensure_ascii=False)})",
              file=sys.stderr)
    return 0
