"""A hostile web: a local server that trickles, redirects inward, lists 10,000 items or
sends a huge page, against ``fetch``, ``rasid ingest URL`` and ``rasid watch``. Nothing
hangs, nothing internal is fetched, no body of a refused fetch is kept."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import create_engine, text

from rasid.errors import FetchError
from rasid.ingest import IngestSettings, read_inputs
from rasid.ingest.feeds import poll_feed
from rasid.ingest.http import FetchOptions, fetch, public_address

LOCAL = ("127.0.0.1/32",)  # the test server's address: allowed, and no other private one
PAGE = ("<html><head><title>اشتباكات {n}</title></head><body><article><p>اندلعت اشتباكات عنيفة أمس بين قوات "
        "النظام وجبهة النصرة في مدينة حلب، ما أسفر عن مقتل {n} عنصرا من الطرفين بحسب مصادر محلية.</p>"
        "</article></body></html>")


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>خبر {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


class Hostile:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                hostile.hits[self.path.split("?")[0] if not self.path.startswith("/news/") else "/news/"] += 1
                if self.path.startswith("/news/"):
                    return self.send(200, PAGE.format(n=self.path.rsplit("/", 1)[1]).encode(), "text/html; charset=utf-8")
                if self.path == "/trickle":  # headers at once, then a byte every 0.2 s for a minute
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    return self.trickle(b"<p>" + b"x" * 300)
                if self.path == "/trickle-headers":  # the status line itself, a byte at a time
                    return self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X: y\r\n" * 50)
                if self.path == "/to-loopback":
                    return self.send(302, b"", "text/html", {"Location": f"http://127.0.0.2:{hostile.port}/news/1"})
                if self.path == "/to-metadata":
                    return self.send(302, b"", "text/html", {"Location": "http://169.254.169.254/latest/meta-data/"})
                if self.path == "/huge":  # no length, 30 MB
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    try:
                        for _ in range(30):
                            self.wfile.write(b"<p>" + "قصف ".encode() * 130_000)
                    except OSError:
                        pass
                    return None
                if self.path == "/feed-10k.xml":
                    return self.send(200, rss([hostile.url(f"/news/{i}") for i in range(10_000)]), "application/rss+xml",
                                     {"ETag": '"10k"'})
                if self.path == "/feed-inward.xml":
                    return self.send(200, rss([f"http://127.0.0.2:{hostile.port}/news/1", f"http://0x7f000002:{hostile.port}/",
                                               "http://169.254.169.254/latest/meta-data/", hostile.url("/news/20000")]),
                                     "application/rss+xml")
                return self.send(404, b"secret internal page", "text/html")

            def trickle(self, data: bytes) -> None:
                try:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass

            def send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


@pytest.fixture(scope="module")
def hostile():
    server = Hostile()
    yield server
    server.server.shutdown()


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.8", "192.168.1.1", "172.16.0.1", "169.254.169.254", "0.0.0.0",
                                     "100.64.0.1", "::1", "fe80::1%eth0", "::ffff:127.0.0.1", "fc00::1", "224.0.0.1"])
def test_internal_addresses_are_not_public(address):
    assert not public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "185.70.40.1"])
def test_internet_addresses_are_public(address):
    assert public_address(address)


def test_loopback_private_and_metadata_hosts_are_refused_before_connecting(hostile):
    for url in (hostile.url("/news/1"), f"http://0x7f000001:{hostile.port}/news/1", f"http://localhost:{hostile.port}/",
                f"http://[::1]:{hostile.port}/", "http://169.254.169.254/latest/meta-data/", "http://10.255.255.1/"):
        started = time.monotonic()
        with pytest.raises(FetchError, match="not a public address") as refused:
            fetch(url, retries=2, backoff=0.01)
        assert refused.value.attempts == 1 and time.monotonic() - started < 1, url
    assert hostile.hits["/news/"] == 0, "the server never saw a request"


def test_every_redirect_hop_is_checked(hostile):
    for path, inside in (("/to-loopback", "127.0.0.2"), ("/to-metadata", "169.254.169.254")):
        with pytest.raises(FetchError, match=f"is at {inside}, not a public address"):
            fetch(hostile.url(path), allow_networks=LOCAL, retries=0)
    assert fetch(hostile.url("/news/3"), allow_networks=LOCAL).status == 200, "the allowed network is fetched"


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_a_trickling_server_is_cut_at_the_deadline(hostile, path):
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(hostile.url(path), allow_networks=LOCAL, timeout=10, retries=3, backoff=0.01, deadline=1.5)
    assert time.monotonic() - started < 3.5


def test_a_ten_thousand_item_feed_is_read_a_hundred_pages_at_a_time(hostile):
    settings = IngestSettings(fetch=FetchOptions(allow_networks=LOCAL, retries=0), max_feed_items=30)
    hostile.hits.clear()
    units = list(read_inputs([hostile.url("/feed-10k.xml")], settings))
    assert len(units) == 30 and hostile.hits["/news/"] == 30
    polled = poll_feed(hostile.url("/feed-10k.xml"), None, options=settings.fetch, max_items=30)
    assert len(polled.entries) == 30 and polled.state.etag is None, "read in full again next time, for the rest"
    assert "30 of 10000" in polled.state.last_status


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rasid", *args], capture_output=True, text=True, timeout=300)


def test_ingest_of_hostile_urls_ends_in_bounded_time_and_keeps_no_refused_body(hostile, tmp_path):
    db = tmp_path / "rasid.db"
    started = time.monotonic()
    refused = run("ingest", hostile.url("/nothing-here"), "--db", str(db))
    assert refused.returncode == 1 and "not a public address" in refused.stderr
    done = run("ingest", hostile.url("/trickle"), hostile.url("/huge"), hostile.url("/nothing-here"),
               hostile.url("/feed-inward.xml"), "--db", str(db), "--allow-network", "127.0.0.1/32",
               "--fetch-deadline", "2", "--workers", "1")
    assert time.monotonic() - started < 60 and done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "deadline" in done.stderr and "over the limit" in done.stderr and "HTTP 404" in done.stderr
    assert done.stderr.count("not a public address") == 3, done.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as con:
        kept = con.execute(text("SELECT raw FROM quarantine")).scalars().all()
        stored = con.execute(text("SELECT url FROM articles")).scalars().all()
    engine.dispose()
    assert not any(b"secret internal page" in raw for raw in kept)
    assert stored == [hostile.url("/news/20000")], "the one public-enough item of the inward feed is read"


def test_watch_takes_a_capped_bite_of_a_huge_feed_and_refuses_inward_items(hostile, tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {hostile.url('/feed-10k.xml')}\n  - url: {hostile.url('/feed-inward.xml')}\n"
                     f"  - url: {hostile.url('/trickle')}\n", encoding="utf-8")
    hostile.hits.clear()
    started = time.monotonic()
    done = run("watch", str(feeds), "--once", "--db", str(tmp_path / "w.db"), "--allow-network", "127.0.0.1/32",
               "--max-feed-items", "12", "--fetch-deadline", "2")
    assert done.returncode == 0 and time.monotonic() - started < 90, done.stderr
    assert hostile.hits["/news/"] == 12 + 1, "12 of the 10,000, and the inward feed's one allowed page"
    assert done.stderr.count("not a public address") == 3 and "deadline" in done.stderr
