"""Fetch a URL politely: conditional requests, retries with backoff, a size cap. urllib only.

``fetch`` returns a ``FetchResult`` or raises ``FetchError`` (url, status, reason, attempts);
callers turn the error into an ``InputError`` (``FetchFailed``) so a batch goes on.

- A 304 answer to a conditional request (``etag``/``last_modified``) is ``not_modified``.
- Connection errors, timeouts and 5xx are retried ``retries`` times, waiting ``backoff``,
  then twice as long each time; 429 (and 503) wait what ``Retry-After`` asks, up to
  ``max_retry_after`` seconds. Other 4xx fail at once.
- Bodies over ``max_bytes`` (before or after gzip) fail, and are not retried.
"""
from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
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

    def kwargs(self) -> dict[str, float | int]:
        return asdict(self)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's signature)
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP URL {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 10.0,
          retries: int = 3, backoff: float = 0.5, max_bytes: int = DEFAULT_MAX_BYTES,
          max_retry_after: float = 60.0, sleep: Callable[[float], None] = time.sleep) -> FetchResult:
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
    attempt = 0
    while True:
        attempt += 1
        try:
            return _attempt(address, headers, timeout, max_bytes, attempt)
        except _Retry as retry:
            if attempt > retries:
                raise FetchError(url, retry.status, f"{retry.reason} (gave up after {attempt} attempts)",
                                 attempts=attempt, body=retry.body) from None
            wait = backoff * 2 ** (attempt - 1)
            if retry.retry_after is not None:
                wait = max(wait, min(retry.retry_after, max_retry_after))
            sleep(wait)
        except FetchError as error:
            error.attempts = attempt
            raise


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
    def __init__(self, status: int | None, reason: str, retry_after: float | None = None, body: bytes = b"") -> None:
        super().__init__(reason)
        self.status, self.reason, self.retry_after, self.body = status, reason, retry_after, body


def _attempt(url: str, headers: dict[str, str], timeout: float, max_bytes: int, attempt: int) -> FetchResult:
    request = urllib.request.Request(url, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = _read_body(url, response, max_bytes)
            return _result(response.geturl(), response.status, response.headers, body, attempt)
    except urllib.error.HTTPError as error:
        with error:
            status = error.code
            if status == 304:
                return _result(error.geturl() or url, 304, error.headers, b"", attempt, not_modified=True)
            try:
                body = _read_body(url, error, min(max_bytes, 100_000))
            except (FetchError, OSError, http.client.HTTPException):
                body = b""
            reason = f"HTTP {status} {error.reason}".rstrip()
            if status == 429 or status >= 500:
                raise _Retry(status, reason, _retry_after(error.headers.get("Retry-After")), body) from None
            raise FetchError(url, status, reason, attempts=attempt, body=body) from None
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
    while chunk := response.read(_CHUNK):
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
