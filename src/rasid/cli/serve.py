"""``rasid serve`` and ``rasid apikey``: the API and dashboard (``rasid.api``) over a store,
with uvicorn, and the keys that may write to it."""
from __future__ import annotations

import argparse
import sys

from rasid.cli.common import add_db_option


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("serve", help="serve the API and the dashboard over the store",
                            description="Serve the dashboard at / and the API at /api (events with filters, "
                                        "cursor pages and exports; event, article and stats pages; POST "
                                        "/api/articles with an API key); OpenAPI at /docs.")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port, default=8000, help="a TCP port, 1-65535 (default %(default)s)")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("apikey", help="create a key for the write API",
                            description="Create a key for POST /api/articles; it is printed once and only its "
                                        "hash is stored.")
    p.add_argument("action", choices=["create"])
    p.add_argument("name", help="who or what the key is for")
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

    store = open_store(args.db, must_exist=True)
    print(f"rasid: serving {store.url} on http://{args.host}:{args.port}/ (API at /api, OpenAPI at /docs; "
          "Ctrl-C stops)")
    try:
        uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")
    finally:
        store.close()
    return 0


def cmd_apikey(args: argparse.Namespace) -> int:
    from rasid.store import open_store

    with open_store(args.db) as store:
        key = store.create_api_key(args.name)
    print(key)
    print(f"rasid: API key {args.name!r} created; it is shown only now (the store keeps its hash). "
          "Send it as the X-API-Key header to POST /api/articles.", file=sys.stderr)
    return 0
