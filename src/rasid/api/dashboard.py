"""The dashboard's files, and the headers every response carries.

Only what the dashboard runs is served: its scripts, styles and page from ``/static``, and
from ``/vendor`` the packages ``package.json`` lists as runtime dependencies (the map
library, the topology client, the basemap), never the notes, the lockfile or the test tools
that sit beside them. Every response says what it is (``nosniff``), that no other site may
frame it, and, outside the OpenAPI pages, the dashboard's content policy.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
RUNTIME_SUFFIXES = {"/static": (".js", ".css", ".html"),
                    "/vendor": (".js", ".css", ".json", ".png", ".svg")}
OPENAPI_PAGES = ("/docs", "/redoc")  # Swagger UI and ReDoc load their scripts from a CDN


class RuntimeFiles(StaticFiles):
    """Static files with one of ``suffixes``; anything else is not found."""

    def __init__(self, directory: Path, suffixes: tuple[str, ...]) -> None:
        super().__init__(directory=directory)
        self.suffixes = suffixes

    def lookup_path(self, path: str) -> tuple[str, object]:
        if not path.endswith(self.suffixes):
            return "", None
        return super().lookup_path(path)


def mount_dashboard(app: FastAPI, folder: Path = DASHBOARD) -> None:
    if not folder.is_dir():
        return
    app.mount("/static", RuntimeFiles(folder, RUNTIME_SUFFIXES["/static"]), name="static")
    modules = folder / "node_modules"
    for package in json.loads((folder / "package.json").read_text(encoding="utf-8")).get("dependencies", {}):
        if (modules / package).is_dir():
            app.mount(f"/vendor/{package}", RuntimeFiles(modules / package, RUNTIME_SUFFIXES["/vendor"]),
                      name=f"vendor-{package}")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(folder / "index.html")


def content_policy(folder: Path = DASHBOARD) -> str:
    """The dashboard page's own policy (its meta tag), and no framing, which only a header can say."""
    page = (folder / "index.html").read_text(encoding="utf-8") if folder.is_dir() else ""
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    own = found.group(1) if found else "default-src 'self'"
    return f"{own}; frame-ancestors 'none'"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app, self.policy = app, policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        openapi = scope["path"].startswith(OPENAPI_PAGES)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                if not openapi:
                    headers["Content-Security-Policy"] = self.policy
            await send(message)

        await self.app(scope, receive, with_headers)
