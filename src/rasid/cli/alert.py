"""``rasid alert``: saved searches that tell a desk when a matching event appears or
changes; their deliveries, and the deliverer that sends them (``rasid.alerts``)."""
from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading

from rasid.cli.common import add_db_option, network, positive

ACTIONS = ("add", "list", "remove", "test", "deliver", "deliveries", "retry")
SEARCH_OPTIONS = {"type": "type", "sub_type": "sub_type", "country": "country", "admin1": "admin1",
                  "near": "near", "actor": "actor", "min_fatalities": "min_fatalities", "q": "q", "review": "review"}


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("alert", help="saved searches that alert a desk when an event appears or changes",
                            description="'add NAME --country YE --min-fatalities 10 --webhook URL' follows a search "
                                        "(the filters of GET /api/events); 'list'; 'remove ID'; 'test ID' shows "
                                        "what it selects now and the message its newest match makes; 'deliver' "
                                        "sends what is due (until Ctrl-C, or --once); 'deliveries [--dead]' shows "
                                        "them; 'retry DELIVERY' sends a dead one again.")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("target", nargs="?", metavar="NAME|ID", help="the new alert's name (add), an alert's id, "
                                                                 "or a delivery's id (retry)")
    search = p.add_argument_group("the search (add)")
    search.add_argument("--type", help="ACLED event type")
    search.add_argument("--sub-type", dest="sub_type", help="ACLED sub-event type")
    search.add_argument("--country", help="ISO code or name")
    search.add_argument("--admin1", help="a governorate or province")
    search.add_argument("--near", metavar="LAT,LON,KM", help="within KM of a point")
    search.add_argument("--actor", help="part of an actor's name, English or Arabic")
    search.add_argument("--min-fatalities", dest="min_fatalities", type=int, metavar="N")
    search.add_argument("--q", metavar="TEXT", help="free text, Arabic or English: every word must occur")
    search.add_argument("--review", help="a review state (default: all but rejected)")
    out = p.add_argument_group("where messages go (add)")
    out.add_argument("--webhook", metavar="URL", help="POST each message as JSON here")
    out.add_argument("--secret", help="sign webhook bodies with HMAC-SHA256 of this (X-Rasid-Signature)")
    out.add_argument("--email", metavar="ADDRESS", help="email each message (SMTP from RASID_SMTP_HOST...)")
    out.add_argument("--lang", choices=("en", "ar"), default="en", help="the messages' language (default en)")
    out.add_argument("--digest", type=int, default=0, metavar="MINUTES",
                     help="one message per MINUTES with every match (default 0: each at once)")
    p.add_argument("--as", dest="owner", default=getpass.getuser(), help="the alert's owner (default: your user)")
    p.add_argument("--dead", action="store_true", help="deliveries: only the dead ones")
    send = p.add_argument_group("delivering (deliver)")
    send.add_argument("--once", action="store_true", help="send what is due now, then stop")
    send.add_argument("--poll", type=float, default=1.0, metavar="SECONDS", help="look for due messages this often")
    send.add_argument("--lease", type=float, default=120.0, metavar="SECONDS",
                      help="how long a deliverer holds what it took before another may send it (default %(default)s)")
    send.add_argument("--retry-base", type=float, default=30.0, metavar="SECONDS",
                      help="pause before the first retry, doubled each time (default %(default)s)")
    send.add_argument("--max-attempts", type=positive, default=8, metavar="N",
                      help="failures after which a delivery is dead (default %(default)s)")
    send.add_argument("--allow-private-hosts", action="store_true",
                      help="also call webhooks at loopback, private or link-local addresses (refused by default)")
    send.add_argument("--allow-network", action="append", default=[], metavar="CIDR", type=network,
                      help="call webhooks in this private network (repeatable)")
    add_db_option(p)
    p.set_defaults(func=cmd_alert)


def delivery_options(args: argparse.Namespace):  # noqa: ANN201 (imported lazily: the CLI starts fast)
    """The deliverer's settings from the command line and the environment (SMTP, public URL)."""
    from rasid.alerts.deliver import DeliveryOptions

    return DeliveryOptions.from_env(retry_base=args.retry_base, max_attempts=args.max_attempts, lease=args.lease,
                                    allow_private_hosts=args.allow_private_hosts,
                                    allow_networks=tuple(args.allow_network))


def cmd_alert(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    needs_target = args.action in ("add", "remove", "test", "retry")
    if needs_target and not args.target:
        print(f"rasid: error: 'rasid alert {args.action}' needs a {'NAME' if args.action == 'add' else 'ID'}",
              file=sys.stderr)
        return 2
    if args.action in ("remove", "test", "retry") and not args.target.isdigit():
        print(f"rasid: error: {args.target!r} is not an id (a number: 'rasid alert list' shows them)", file=sys.stderr)
        return 2
    with open_store(args.db, must_exist=True) as store:
        if args.action == "add":
            search = {key: getattr(args, option) for key, option in SEARCH_OPTIONS.items()
                      if getattr(args, option) not in (None, "")}
            alert = store.add_alert(args.target, owner=args.owner, search=search, webhook_url=args.webhook,
                                    webhook_secret=args.secret, email_to=args.email, language=args.lang,
                                    digest_minutes=args.digest)
            print(json.dumps(alert, ensure_ascii=False))
        elif args.action == "list":
            for alert in store.alerts():
                targets = " ".join(filter(None, (alert["webhook_url"], alert["email_to"]))) or "feed only"
                print(f"{alert['id']}\t{alert['name']}\t{alert['owner']}\t"
                      f"{json.dumps(alert['search'], ensure_ascii=False)}\t{targets}\t{alert['feed']}")
        elif args.action == "remove":
            if not store.remove_alert(int(args.target)):
                print(f"rasid: error: no alert {args.target}", file=sys.stderr)
                return 1
        elif args.action == "test":
            return _test(store, int(args.target))
        elif args.action == "deliveries":
            for d in store.deliveries(status="dead" if args.dead else None):
                print(json.dumps(d, ensure_ascii=False))
        elif args.action == "retry":
            if not store.retry_delivery(int(args.target)):
                print(f"rasid: error: no dead delivery {args.target}", file=sys.stderr)
                return 1
        else:
            return _deliver(store, args)
    return 0


def _test(store, alert_id: int) -> int:  # noqa: ANN001 (a Store)
    """What the alert selects now, and the message its newest match would make."""
    from rasid.alerts.render import email
    from rasid.alerts.search import SavedSearch
    from rasid.alerts.shown import shown

    alert = store.alert(alert_id)
    if alert is None:
        print(f"rasid: error: no alert {alert_id}", file=sys.stderr)
        return 1
    events, _ = store.search_events(SavedSearch.from_params(alert["search"]).query(20))
    for e in events:
        place = (e.get("location") or {}).get("name") or "-"
        print(f"{e['id']}\t{e['event_date'] or '-'}\t{e['sub_event_type']}\t{place}\t{e['fatalities']}")
    print(f"rasid: {len(events)} events now{' (the newest 20)' if len(events) == 20 else ''}", file=sys.stderr)
    if events:
        newest = events[0]
        evidence = ""
        if newest["evidence"]:
            first = newest["evidence"][0]
            evidence = store.article(first["doc_id"])["text"][slice(*first["span"])].strip()
        message = {"kind": "new", "changes": [], "shown": shown(newest, evidence), "key": "test", "created_at": ""}
        preview = email(alert, [message])
        print(f"\nSubject: {preview.subject}\n\n{preview.text}")
    return 0


def _deliver(store, args: argparse.Namespace) -> int:  # noqa: ANN001 (a Store)
    from rasid.alerts.deliver import Deliverer

    deliverer = Deliverer(store, delivery_options(args))
    if args.once:
        report = deliverer.deliver_due()
        print(f"rasid: {report.delivered} delivered, {report.failed} to try again, {report.dead} dead",
              file=sys.stderr)
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("rasid: delivering alerts (Ctrl-C stops)", file=sys.stderr)
    try:
        deliverer.run(stop, args.poll)
    except KeyboardInterrupt:
        pass
    return 0
