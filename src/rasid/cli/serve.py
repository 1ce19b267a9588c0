"""``rasid serve`` and ``rasid apikey``: the API and dashboard (``rasid.api``) over a store,
with uvicorn, and the keys that may write to it."""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from rasid.cli.common import add_db_option
from rasid.access import ROLES


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("serve", help="serve the API and the dashboard over the store",
                            description="Serve the dashboard at / and the API at /api (events with filters, "
                                        "cursor pages and exports; event, article and stats pages; POST "
                                        "/api/articles with an API key); OpenAPI at /docs.")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port, default=8000, help="a TCP port, 1-65535 (default %(default)s)")
    p.add_argument("--no-alerts", dest="alerts", action="store_false",
                   help="do not deliver alerts from this process (run 'rasid alert deliver' elsewhere)")
    p.add_argument("--allow-private-hosts", action="store_true",
                   help="also call alert webhooks at loopback, private or link-local addresses (refused by default)")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("apikey", help="create, list and revoke API keys",
                            description="Keys for the API's writes. 'create NAME' prints a new key once (only "
                                        "its hash is stored); 'list' shows every key's name, role and last use; "
                                        "'revoke NAME' (or its id) makes the API refuse it.")
    p.add_argument("action", choices=["create", "list", "revoke"])
    p.add_argument("name", nargs="?", help="who or what the key is for (create), or the key to revoke")
    p.add_argument("--role", choices=ROLES, default="write",
                   help="what the key may do, each role what those before it may (default %(default)s)")
    add_db_option(p)
    p.set_defaults(func=cmd_apikey)


def port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port (1-65535)")
    return number


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rasid.api import create_app
    from rasid.store import open_store

    from rasid.alerts.deliver import DeliveryOptions, delivering

    store = open_store(args.db, must_exist=True)
    print(f"rasid: serving {store.url} on http://{args.host}:{args.port}/ (API at /api, OpenAPI at /docs; "
          f"alerts {'delivered' if args.alerts else 'not delivered'} from here; Ctrl-C stops)")
    try:
        with delivering(store, DeliveryOptions.from_env(allow_private_hosts=args.allow_private_hosts)) \
                if args.alerts else nullcontext():
            uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")
    finally:
        store.close()
    return 0


def cmd_apikey(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    if args.action != "list" and not args.name:
        print(f"rasid: error: 'rasid apikey {args.action}' needs a NAME", file=sys.stderr)
        return 2
    with open_store(args.db, must_exist=args.action != "create") as store:
        if args.action == "list":
            for key in store.api_keys():
                state = f"revoked {key['revoked_at']}" if key["revoked_at"] else "live"
                print(f"{key['id']}\t{key['name']}\t{key['role']}\tcreated {key['created_at']}\t"
                      f"last used {key['last_used_at'] or 'never'}\t{state}")
            return 0
        if args.action == "revoke":
            revoked = store.revoke_api_key(args.name)
            if not revoked:
                print(f"rasid: error: no live key named {args.name!r} ('rasid apikey list' shows them)", file=sys.stderr)
                return 1
            print(f"rasid: revoked {revoked} key(s) named {args.name!r}", file=sys.stderr)
            return 0
        key = store.create_api_key(args.name, args.role)
    print(key)
    print(f"rasid: API key {args.name!r} ({args.role}) created; it is shown only now (the store keeps its hash). "
          "Send it as the X-API-Key header.", file=sys.stderr)
    return 0
