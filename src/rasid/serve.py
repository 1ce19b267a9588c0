"""Serve: the store's events as JSON over HTTP (stdlib server; the full API comes later).

Routes: ``/health``, ``/events?type=&limit=&offset=``, ``/events/ID``. Errors share one
JSON shape: ``{"error": {"status": ..., "message": ...}}``.
"""
from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from rasid.store import Store

MAX_PAGE = 1000


class ApiError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def make_server(db: str | None, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    store = Store(db)

    class Handler(BaseHTTPRequestHandler):
        server_version = "rasid"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            try:
                self._send(HTTPStatus.OK, route(store, self.path))
            except ApiError as exc:
                self._send(exc.status, {"error": {"status": exc.status.value, "message": str(exc)}})

        def _send(self, status: HTTPStatus, body: object) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # quiet by default
            pass

    return ThreadingHTTPServer((host, port), Handler)


def route(store: Store, path: str) -> object:
    url = urlsplit(path)
    query = {k: v[-1] for k, v in parse_qs(url.query).items()}
    parts = [p for p in url.path.split("/") if p]
    if parts == ["health"]:
        return {"status": "ok", **{k: v for k, v in store.summary().items() if isinstance(v, int)}}
    if parts == ["events"]:
        limit, offset = _int(query, "limit", 100), _int(query, "offset", 0)
        if not 1 <= limit <= MAX_PAGE:
            raise ApiError(HTTPStatus.BAD_REQUEST, f"limit must be 1..{MAX_PAGE}")
        return {"events": store.events(limit, offset, query.get("type")), "limit": limit, "offset": offset}
    if len(parts) == 2 and parts[0] == "events":
        event = store.event(parts[1])
        if event is None:
            raise ApiError(HTTPStatus.NOT_FOUND, f"no event {parts[1]}")
        return event
    raise ApiError(HTTPStatus.NOT_FOUND, f"no route {url.path}; try /health or /events")


def _int(query: dict[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"{name} must be an integer") from None


def serve(db: str | None, host: str, port: int) -> None:
    server = make_server(db, host, port)
    print(f"rasid: serving {db} on http://{host}:{server.server_port}/events (Ctrl-C stops)")
    try:
        server.serve_forever()
    finally:
        server.server_close()
