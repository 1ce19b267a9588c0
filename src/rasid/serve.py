"""``rasid serve``: the API and dashboard (``rasid.api``) over a store, with uvicorn."""
from __future__ import annotations

from rasid.api import create_app
from rasid.store import Store


def serve(db: str | None, host: str, port: int) -> None:
    import uvicorn

    store = Store(db)
    print(f"rasid: serving {store.url} on http://{host}:{port}/ (API at /api, OpenAPI at /docs; Ctrl-C stops)")
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    finally:
        store.close()
