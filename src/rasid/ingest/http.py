"""Fetch a URL politely: conditional requests, retries with backoff, a size cap. urllib only.

``fetch`` returns a ``FetchResult`` or raises ``FetchError`` (url, status, reason, attempts);
callers turn the error into an ``InputError`` (``FetchFailed``) so a batch goes on.

- A 304 answer to a conditional request (``etag``/``last_modified``) is ``not_modified``.
- Connection errors, timeouts and 5xx are retried ``retries`` times, waiting ``backoff``,
  then twice as long each time; 429 (and 503) wait what ``Retry-After`` asks, up to
  ``max_retry_after`` seconds. Other 4xx fail at once.
- Bodies over ``max_bytes`` (before or after gzip) fail, and are not retried.
- The whole fetch, retries and redirects included, ends by ``deadline`` seconds, however
  slowly the server sends (a watchdog shuts the socket): a per-read timeout alone lets a
  server that sends a byte a second hold a watch forever.
- Hosts that resolve to a loopback, private, link-local, reserved or metadata address
  are refused at every hop (checked on the address connected to, so DNS cannot swap it
  after the check) unless ``allow_private_hosts``: a feed must not make rasid read the
  inside of its own network. A refused or failed fetch keeps no body.
"""
from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import quote, urlsplit, urlunsplit

from rasid.errors import FetchError

try:
    _VERSION = version("rasid")
except PackageNotFoundError:  # running from a source tree
    _VERSION = "0+unknown"

PROJECT_URL = "https://github.com/rasid-project/rasid"
USER_AGENT = f"rasid/{_VERSION} (+{PROJECT_URL})"
DEFAULT_MAX_BYTES = 10_000_000  # a news page is ~100 kB; a large feed ~2 MB
DEFAULT_DEADLINE = 60.0  # seconds for one fetch, whatever the server does (--fetch-deadline)
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    body: bytes  # decompressed
    content_type: str  # the media type only, lower case ("text/html"); "" when not sent
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    charset: str | None = None  # from the Content-Type header
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """The knobs of ``fetch``, as one settings object for callers that pass them along."""

    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = DEFAULT_MAX_BYTES
    max_retry_after: float = 60.0
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole fetch, retries and redirects included
    allow_private_hosts: bool = False  # fetch loopback, private and link-local addresses too
    allow_networks: tuple[str, ...] = ()  # or only these (CIDR: "10.1.2.0/24", an intranet's news mirror)

    def kwargs(self) -> dict[str, float | int | bool]:
        return asdict(self)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's signature)
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP URL {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 10.0,
          retries: int = 3, backoff: float = 0.5, max_bytes: int = DEFAULT_MAX_BYTES,
          max_retry_after: float = 60.0, deadline: float = DEFAULT_DEADLINE, allow_private_hosts: bool = False,
          allow_networks: tuple[str, ...] = (), sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """GET ``url``; conditional when ``etag`` or ``last_modified`` (as the server sent them) is given."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(url, None, "not an http(s) URL")
    try:
        address = to_uri(url)
    except ValueError as exc:
        raise FetchError(url, None, f"not a valid URL ({exc})") from None
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate",
               "Accept-Language": "ar, en;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    guard = _Connections(allow_private_hosts, allow_networks, time.monotonic() + deadline)
    opener = urllib.request.build_opener(_HttpOnlyRedirects, _GuardedHTTP(guard), _GuardedHTTPS(guard))
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                return _attempt(opener, address, headers, min(timeout, guard.left()), max_bytes, attempt, guard)
            except _Retry as retry:
                wait = backoff * 2 ** (attempt - 1)
                if retry.retry_after is not None:
                    wait = max(wait, min(retry.retry_after, max_retry_after))
                if guard.left() <= wait:
                    raise FetchError(url, retry.status, f"{retry.reason}; gave up at the {deadline:g} s deadline "
                                                        f"of a fetch (--fetch-deadline)", attempts=attempt) from None
                if attempt > retries:
                    raise FetchError(url, retry.status, f"{retry.reason} (gave up after {attempt} attempts)",
                                     attempts=attempt) from None
                sleep(wait)
            except FetchError as error:
                error.attempts = attempt
                raise
    finally:
        guard.close()


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = 10.0, allow_private_hosts: bool = False,
         allow_networks: tuple[str, ...] = ()) -> int:
    """POST ``body`` to ``url`` once, under the same address rules as ``fetch`` (no loopback or
    private hosts unless allowed) and without following redirects; the 2xx status, or
    ``FetchError`` (its status None when no answer came)."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(url, None, "not an http(s) URL")
    guard = _Connections(allow_private_hosts, allow_networks, time.monotonic() + timeout)
    opener = urllib.request.build_opener(_NoRedirects, _GuardedHTTP(guard), _GuardedHTTPS(guard))
    request = urllib.request.Request(to_uri(url), data=body, method="POST",
                                     headers={"User-Agent": USER_AGENT, **headers})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read(_CHUNK)  # what it says is not kept
            return response.status
    except _Refused as refused:
        raise FetchError(url, None, str(refused)) from None
    except urllib.error.HTTPError as error:
        with error:
            raise FetchError(url, error.code, f"HTTP {error.code} {error.reason}".rstrip()) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(url, None, f"no answer: {getattr(error, 'reason', None) or error}") from None
    finally:
        guard.close()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook answers where it is; a redirect is an error (it could point anywhere)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's signature)
        raise urllib.error.HTTPError(newurl, code, f"redirected to {newurl}; webhooks are not followed", headers, fp)


class _Refused(Exception):
    """A host this fetch must not connect to."""


class _Connections:
    """What every connection of one fetch obeys: public addresses only (unless allowed),
    and one deadline, enforced by a watchdog that shuts a socket still open at it."""

    def __init__(self, allow_private: bool, allow_networks: tuple[str, ...], deadline_at: float) -> None:
        self.allow_private = allow_private
        self.allowed = [ipaddress.ip_network(network, strict=False) for network in allow_networks]
        self.deadline_at = deadline_at
        self.watchdogs: list[threading.Timer] = []

    def left(self) -> float:
        return self.deadline_at - time.monotonic()

    def connect(self, address: tuple[str, int], timeout: float = socket.getdefaulttimeout(),
                source_address: tuple[str, int] | None = None) -> socket.socket:
        """``socket.create_connection``, to a vetted address of the host."""
        host, port = address
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if not self.allow_private:
            for *_, sockaddr in found:
                if not public_address(sockaddr[0]) and not any(_ip(sockaddr[0]) in n for n in self.allowed):
                    raise _Refused(f"refused: {host} is at {sockaddr[0]}, not a public address "
                                   "(--allow-private-hosts or --allow-network fetches it)")
        problem: OSError | None = None
        for family, kind, proto, _, sockaddr in found:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(max(0.001, min(timeout or self.left(), self.left())))
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                problem = exc
                continue
            self._watch(sock)
            return sock
        raise problem or OSError(f"cannot connect to {host}")

    def _watch(self, sock: socket.socket) -> None:
        def shut() -> None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(max(0.0, self.left()), shut)
        watchdog.daemon = True
        watchdog.start()
        self.watchdogs.append(watchdog)

    def close(self) -> None:
        for watchdog in self.watchdogs:
            watchdog.cancel()


def public_address(ip: str) -> bool:
    """Whether ``ip`` is on the public internet: not loopback, private, link-local (the
    cloud metadata service at 169.254.169.254), shared, multicast, reserved or unspecified;
    an IPv6 address that carries an IPv4 one is judged by it."""
    address = _ip(ip)
    if isinstance(address, ipaddress.IPv6Address) and (address.ipv4_mapped or address.sixtofour):
        address = address.ipv4_mapped or address.sixtofour
    return address.is_global and not address.is_multicast


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text.split("%", 1)[0])  # without an IPv6 zone ("fe80::1%eth0")


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, guard: _Connections) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req):  # noqa: ANN001, ANN201 (urllib's signature)
        return self.do_open(partial(_guarded_connection, http.client.HTTPConnection, self.guard), req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Connections) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req):  # noqa: ANN001, ANN201
        return self.do_open(partial(_guarded_connection, http.client.HTTPSConnection, self.guard), req,
                            context=self._context)


def _guarded_connection(kind: type[http.client.HTTPConnection], guard: _Connections, *args: Any,
                        **kwargs: Any) -> http.client.HTTPConnection:
    connection = kind(*args, **kwargs)
    connection._create_connection = guard.connect  # http.client's hook for opening the socket
    return connection


def to_uri(url: str) -> str:
    """A URL as it goes on the wire: an Arabic path or query percent-encoded (UTF-8), an
    Arabic host name in IDNA; what is already encoded stays as it is."""
    parts = urlsplit(url.strip())
    if not parts.hostname:
        raise ValueError("no host name")
    host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%+/?:@!$'()*,;-._~")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


class _Retry(Exception):
    def __init__(self, status: int | None, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.retry_after = status, reason, retry_after


def _attempt(opener: urllib.request.OpenerDirector, url: str, headers: dict[str, str], timeout: float,
             max_bytes: int, attempt: int, guard: _Connections) -> FetchResult:
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            body = _read_body(url, response, max_bytes)
            if guard.left() <= 0:  # the watchdog cut the body short
                raise _Retry(None, "the server was still sending")
            return _result(response.geturl(), response.status, response.headers, body, attempt)
    except _Refused as refused:
        raise FetchError(url, None, str(refused), attempts=attempt) from None
    except urllib.error.HTTPError as error:
        with error:
            status = error.code
            if status == 304:
                return _result(error.geturl() or url, 304, error.headers, b"", attempt, not_modified=True)
            reason = f"HTTP {status} {error.reason}".rstrip()
            if status == 429 or status >= 500:
                raise _Retry(status, reason, _retry_after(error.headers.get("Retry-After"))) from None
            raise FetchError(url, status, reason, attempts=attempt) from None
    except urllib.error.URLError as error:
        cause = error.reason
        if isinstance(cause, (ssl.SSLCertVerificationError, ssl.CertificateError)):
            raise FetchError(url, None, f"TLS certificate not accepted: {cause}", attempts=attempt) from None
        if isinstance(cause, socket.gaierror):
            raise _Retry(None, f"host not found ({cause.strerror or cause})") from None
        raise _Retry(None, f"cannot connect: {cause}") from None
    except http.client.InvalidURL as error:
        raise FetchError(url, None, f"not a valid URL ({error})", attempts=attempt) from None
    except (TimeoutError, socket.timeout):
        raise _Retry(None, f"timed out after {timeout:g} s") from None
    except (ConnectionError, http.client.HTTPException, OSError) as error:
        raise _Retry(None, f"connection failed: {type(error).__name__}: {error}") from None


def _read_body(url: str, response, max_bytes: int) -> bytes:  # noqa: ANN001 (a urllib response)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(url, response.status, f"body is {int(length):,} bytes, over the limit of {max_bytes:,}")
    chunks, size = [], 0
    while chunk := response.read1(_CHUNK):  # what has come, not a full chunk: a trickle still reaches the checks
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, response.status, f"body is over the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        body = _decompress(url, body, max_bytes, response.status)
    return body


def _decompress(url: str, body: bytes, max_bytes: int, status: int) -> bytes:
    for wbits in (47, -15):  # gzip or zlib (auto-detected), then raw deflate
        try:
            inflater = zlib.decompressobj(wbits)
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise FetchError(url, status, f"body is over the limit of {max_bytes:,} bytes once decompressed")
        return out
    raise FetchError(url, status, "body is not valid gzip/deflate data though the server says it is")


def _result(url: str, status: int, headers, body: bytes, attempt: int, not_modified: bool = False) -> FetchResult:  # noqa: ANN001
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    return FetchResult(url=url, status=status, body=body, content_type=content_type,
                       etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"),
                       not_modified=not_modified, charset=headers.get_content_charset(), attempts=attempt)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
