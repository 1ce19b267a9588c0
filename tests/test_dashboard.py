"""The dashboard in a real browser: the API app over a store of the example articles plus one
hostile article, served by uvicorn, driven by tests/browser/dashboard.mjs (playwright-core and
Debian's chromium); and analyst review's whole loop over a store of its own
(tests/browser/review.mjs: log in with a key, open the queue, correct a place on the map, merge
two events, re-ingest the article, the correction is still there); and alerts over a store of
their own (tests/browser/alerts.mjs: follow the dashboard's search with a webhook to a local
receiver, a matching article arrives, the deliverer runs, the delivery shows). Screenshots go to
tests/artifacts/; with RASID_SCREENSHOTS=1 the run also rewrites the documentation's
docs/screenshots/dashboard-{en,ar}.png (1280x800).

Needs ``node``, ``chromium`` and the dashboard's npm packages; without them the test is
skipped on a workstation (with how to install them) and fails under CI (``CI`` or
``RASID_REQUIRE_BROWSER`` set), where ``make test`` installs them.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DASHBOARD = REPO / "src" / "rasid" / "dashboard"
SCRIPT = REPO / "tests" / "browser" / "dashboard.mjs"
REVIEW_SCRIPT = REPO / "tests" / "browser" / "review.mjs"
ALERTS_SCRIPT = REPO / "tests" / "browser" / "alerts.mjs"
ARTIFACTS = REPO / "tests" / "artifacts"
DOC_SCREENSHOTS = REPO / "docs" / "screenshots"
EXAMPLES = REPO / "examples" / "articles.jsonl"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HOSTILE_DOC = "hostile-xss"
HOSTILE = {
    "doc_id": HOSTILE_DOC,
    "published": "2022-01-23",
    "title": 'غارة على إدلب <img src=x onerror="window.__pwned=1">',
    "url": "javascript:window.__pwned=1",
    "outlet": '<b onclick="window.__pwned=1">outlet</b>',
    # Emoji (astral characters) before the event's sentences: their offsets count code points.
    "text": "عاجل 😢🔥: قتل 5 مدنيين في غارة جوية استهدفت مدينة إدلب يوم السبت، بحسب ما أفاد ناشطون.\n"
            "وقال الناشطون إن الطائرات الحربية الروسية <script>window.__pwned=1</script> نفذت الغارة "
            '<img src=x onerror="window.__pwned=1"> على أحياء المدينة.',
}
HOW_TO_INSTALL = ("run `make dashboard` (npm ci --prefix src/rasid/dashboard) and install Node.js and Chromium "
                  "(Debian/Ubuntu: `apt-get install -y nodejs npm chromium`; another chromium binary: set CHROMIUM=path)")


def _missing() -> list[str]:
    missing = []
    if shutil.which("node") is None:
        missing.append("node")
    if not Path(CHROMIUM).exists():
        missing.append(f"chromium at {CHROMIUM}")
    for package in ("leaflet", "world-atlas", "topojson-client", "playwright-core"):
        if not (DASHBOARD / "node_modules" / package).is_dir():
            missing.append(f"src/rasid/dashboard/node_modules/{package}")
    return missing


def _require_browser() -> None:
    missing = _missing()
    if not missing:
        return
    message = f"dashboard browser test needs {', '.join(missing)}: {HOW_TO_INSTALL}"
    if os.environ.get("CI") or os.environ.get("RASID_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def _ingest(db: Path, *files: Path) -> None:
    ingest = subprocess.run([sys.executable, "-m", "rasid", "ingest", *map(str, files), "--db", str(db)],
                            check=False, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr


@contextmanager
def _serving(db: Path):
    """The API and dashboard over the store ``db`` under uvicorn on a free port: its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    from rasid.api import create_app
    from rasid.store import Store

    store = Store(db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    pytest.importorskip("fastapi")
    tmp = tmp_path_factory.mktemp("dashboard")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp / "rasid.db"
    _ingest(db, EXAMPLES, hostile)
    with _serving(db) as base:
        yield base


def _api_key(db: Path, name: str, role: str) -> str:
    """A new key of ``role`` made with the CLI, as an operator makes one."""
    made = subprocess.run([sys.executable, "-m", "rasid", "apikey", "create", name, "--role", role, "--db", str(db)],
                          check=False, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    """A fresh SQLite store of the example articles, served, with a key of each role the
    review loop uses: review (the analyst), read (must see no review controls), write (re-ingests)."""
    _require_browser()
    pytest.importorskip("fastapi")
    db = tmp_path_factory.mktemp("review") / "rasid.db"
    _ingest(db, EXAMPLES)
    keys = {"REVIEW_KEY": _api_key(db, "review-loop", "review"), "READ_KEY": _api_key(db, "reader", "read"),
            "WRITE_KEY": _api_key(db, "feeder", "write")}
    with _serving(db) as base:
        yield base, keys


class _Receiver(BaseHTTPRequestHandler):
    """The alerts test's peer on 127.0.0.1: a webhook that answers 200 (``/hook``) and one that
    answers 500 (``/fail``), each recording what it got; ``GET /control/received`` lists that;
    ``POST /control/deliver`` runs the deliverer once over the served store (the CLI)."""

    server: _ReceiverServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, status: int, body: bytes, kind: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path != "/control/received":
            self._answer(404, b"no")
            return
        with self.server.lock:
            body = json.dumps(self.server.received).encode()
        self._answer(200, body, "application/json")

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/control/deliver":
            run = subprocess.run([sys.executable, "-m", "rasid", "alert", "deliver", "--once", "--allow-private-hosts",
                                  "--max-attempts", "1", "--db", str(self.server.db)],
                                 check=False, capture_output=True, text=True, timeout=120)
            self._answer(200, json.dumps({"returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr}).encode(),
                         "application/json")
            return
        if self.path not in ("/hook", "/fail"):
            self._answer(404, b"no")
            return
        with self.server.lock:
            self.server.received.append({"path": self.path, "body": body.decode("utf-8"),
                                         "headers": {k.lower(): v for k, v in self.headers.items()}})
        self._answer(200 if self.path == "/hook" else 500, b"ok" if self.path == "/hook" else b"down")


class _ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, db: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Receiver)
        self.db, self.received, self.lock = db, [], threading.Lock()


@pytest.fixture(scope="module")
def alerts_server(tmp_path_factory):
    """A fresh store of the example articles, served, with a write key (follows searches, posts
    the article) and a read key (must see no Follow button); and the webhook receiver."""
    _require_browser()
    pytest.importorskip("fastapi")
    db = tmp_path_factory.mktemp("alerts") / "rasid.db"
    _ingest(db, EXAMPLES)
    keys = {"WRITE_KEY": _api_key(db, "desk", "write"), "READ_KEY": _api_key(db, "reader", "read")}
    receiver = _ReceiverServer(db)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        with _serving(db) as base:
            yield base, keys, receiver
    finally:
        receiver.shutdown()
        receiver.server_close()


def _run(script: Path, env: dict[str, str]) -> dict:
    """Run a browser script; its one JSON line of results (fails the test when a check failed)."""
    run = subprocess.run(["node", str(script)], env={**os.environ, **env}, check=False,
                         capture_output=True, text=True, timeout=300)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result from {script.name} (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    result = json.loads(lines[-1])
    failed = [f"{c['name']}: {c['detail']}" for c in result["checks"] if not c["ok"]]
    assert not failed, "browser checks failed:\n" + "\n".join(failed) + f"\nproblems: {result['problems']}"
    assert result["ok"] and run.returncode == 0, run.stderr[-4000:]
    return result


def test_dashboard_in_a_browser(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = _run(SCRIPT, {"BASE_URL": server, "HOSTILE_DOC": HOSTILE_DOC, "ARTIFACTS": str(ARTIFACTS),
                           "CHROMIUM": CHROMIUM})
    metrics = result["metrics"]
    # Keep the dashboard light: one page of events, the map's points and the basemap.
    assert metrics["first_load_bytes"] < 1_500_000, metrics
    for name in ("dashboard-en.png", "map-en.png", "timeline-en.png", "event-en.png", "event-ar.png",
                 "dashboard-ar.png", "event-hostile-en.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000, name
    if os.environ.get("RASID_SCREENSHOTS") == "1":
        for lang in ("en", "ar"):
            assert _png_size(DOC_SCREENSHOTS / f"dashboard-{lang}.png") == (1280, 800), lang
    print(f"\ndashboard: first load {metrics['first_load_ms']} ms, {metrics['first_load_bytes']} bytes "
          f"in {metrics['first_load_requests']} requests")


def test_review_loop_in_a_browser(review_server):
    """Log in with a key, open the queue, correct a place on the map, merge two events,
    re-ingest the article: the correction and the merge are still there. A read key sees no
    review controls and the API refuses its forced writes."""
    base, keys = review_server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = _run(REVIEW_SCRIPT, {"BASE_URL": base, **keys, "EXAMPLES": str(EXAMPLES), "ARTIFACTS": str(ARTIFACTS),
                                  "CHROMIUM": CHROMIUM})
    names = {c["name"] for c in result["checks"]}
    for must in ("re-ingest: the article was processed again", "re-ingest: the corrected place is still there (API)",
                 "re-ingest: still one event of both articles (API)", "read key: the API answers 403 to a forced write"):
        assert must in names, f"the loop did not check {must!r}"
    for name in ("review-en.png", "review-ar.png", "review-event-en.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000, name
    pair = result["metrics"]["pair"]
    print(f"\nreview loop: corrected {pair['a']}'s place, merged it with {pair['b']}, re-ingested {pair['docA']}")


def test_alerts_in_a_browser(alerts_server):
    """Follow the dashboard's search (a country) with a webhook; a matching article arrives, the
    deliverer runs once; the alerts page shows it delivered, the receiver got it signed, the Atom
    feed holds it; a dead delivery is retried; a read key sees no Follow button; Remove removes."""
    base, keys, receiver = alerts_server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = receiver.server_address[1]
    result = _run(ALERTS_SCRIPT, {"BASE_URL": base, **keys, "RECEIVER": f"http://127.0.0.1:{port}",
                                  "ARTIFACTS": str(ARTIFACTS), "CHROMIUM": CHROMIUM})
    names = {c["name"] for c in result["checks"]}
    for must in ("read key: no Follow button", "follow: created (201)", "deliverer: ran once, one delivered and one dead",
                 "delivered: the status badge, channel, kind, event and attempts", "feed: one entry, the new event",
                 "remove: the API no longer lists it", "no CSP violations", "no console errors"):
        assert must in names, f"the alerts test did not check {must!r}"
    hooks = [r for r in receiver.received if r["path"] == "/hook"]
    assert len(hooks) == 1, receiver.received
    body = hooks[0]["body"].encode("utf-8")
    message = json.loads(body)["messages"]
    assert [m["event"]["id"] for m in message] == [result["metrics"]["event_id"]], message
    secret = b"desk-secret"
    assert hooks[0]["headers"]["x-rasid-signature"] == "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    for name in ("alerts-en.png", "alerts-ar.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000, name
    print(f"\nalerts: {result['metrics']['deliverer']}; event {result['metrics']['event_id']}")


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])
