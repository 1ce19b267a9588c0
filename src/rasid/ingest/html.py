"""An HTML page to an ``Article``: decode, extract the main text, title and date, drop boilerplate.

- Decoding: a byte-order mark, then the HTTP charset, then ``<meta charset>`` (or the
  ``http-equiv`` form, or the XML declaration); undeclared pages that are not UTF-8 are
  read as windows-1256 (cp1256), the usual legacy Arabic code page.
- Main text: trafilatura with ``include_comments=False`` and ``include_tables=False``;
  then lines listed in ``data/boilerplate.tsv`` (اقرأ أيضا، شارك، تابعونا، a comment box...)
  are dropped.
- Date: htmldate, from the markup only (meta tags, ``<time>``, JSON-LD; no guessing from
  the text or the URL), the original publication date; else the caller's ``published``.
- ``Article.text`` is "title, blank line, body", paragraphs one a line, as for .txt inputs.

Every problem is returned as an ``InputError`` value, never raised.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from datetime import date
from functools import cache
from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from rasid.errors import FetchError, InputError, NoMainText, NotAPage, ProcessingFailed, TooLarge
from rasid.ingest.http import FetchResult, fetch
from rasid.ingest.settings import IngestSettings, check_text
from rasid.model import Article, RawInput

FALLBACK_ENCODING = "cp1256"
MIN_PARAGRAPH_WORDS = 10  # main text needs one line this long: menus and headline lists have none
SHORT_LINE_WORDS = 15  # a 'contains' boilerplate phrase drops a line of at most this many words
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|title|p|div|article|main|h1)\b", re.I)
_FEED_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_NOT_WORD = re.compile(r"[^\w\s]+")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def article_from_html(data: bytes, *, url: str | None, where: str, published: date | None = None,
                      charset: str | None = None, doc_id: str | None = None, outlet: str | None = None,
                      settings: IngestSettings = IngestSettings()) -> Article | InputError:
    """The article in an HTML page, or the problem with it.

    ``url`` is where the page lives (its domain becomes the outlet and a hash of it the
    ``doc_id``); ``where`` names the input in messages; ``published`` applies when the
    markup gives no date; ``charset`` is the HTTP header's, if any; ``doc_id`` and
    ``outlet`` override the derived ones.
    """
    try:
        return _article(data, url, where, published, charset, doc_id, outlet, settings)
    except InputError as problem:
        return problem
    except Exception as exc:  # noqa: BLE001 (a bug on one page must not stop a batch: report it, keep the page)
        return ProcessingFailed(where, f"reading the page failed: {type(exc).__name__}: {exc}")


def _article(data: bytes, url: str | None, where: str, published: date | None, charset: str | None,
             doc_id: str | None, outlet: str | None, settings: IngestSettings) -> Article:
    if not data.strip():
        raise NoMainText(where, "the page is empty")
    if len(data) > settings.max_chars * 4:
        raise TooLarge(where, f"page is {len(data):,} bytes, over the limit for {settings.max_chars:,} characters (--max-chars)")
    markup = _XML_DECLARATION.sub("", decode_html(data, charset), count=1)
    if "\x00" in markup:
        raise NotAPage(where, "holds NUL bytes: binary data (an image, a PDF...), not an HTML page")
    if _FEED_ROOT.match(markup):
        raise NotAPage(where, "an RSS/Atom feed, not a page: give its URL to read the pages it lists")
    if not _HTML_TAG.search(markup[:_SNIFF_BYTES * 4]):
        raise NotAPage(where, "does not look like an HTML page (no <html>, <body> or <p> tags)")

    import trafilatura  # imported lazily: slow to load, and only HTML inputs need it

    try:
        extracted = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                                include_tables=False, include_images=False)
    except Exception as exc:  # noqa: BLE001 (a parser failure on one page must not stop a batch)
        raise NoMainText(where, f"the HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if extracted is None or not (extracted.text or "").strip():
        raise NoMainText(where, "no article text found in the page (an index, a menu or a video page?)")
    title = _clean_title(extracted.title)
    body = strip_boilerplate(extracted.text, title)
    if not body or max(len(line.split()) for line in body.split("\n")) < MIN_PARAGRAPH_WORDS:
        raise NoMainText(where, "no article text in the page, only short lines (menus, links, headlines)")
    check_text(where, body, settings)
    if not title and "\n" in body:  # no title in the page: the first line stands for it, as in a .txt file
        title, body = body.split("\n", 1)
    page_url = url or extracted.url  # a saved page may name its own address (canonical link)
    return Article(
        doc_id=doc_id or _doc_id(page_url, where),
        text=f"{title}\n\n{body}" if title else body,
        published=markup_date(markup) or published,
        title=title or body,
        url=page_url,
        outlet=outlet or outlet_of(page_url),
        origin=where,
    )


def decode_html(data: bytes, charset: str | None = None) -> str:
    """The page's text: BOM, then the HTTP charset, then the page's own declaration; else
    UTF-8, else windows-1256. Never fails: undecodable bytes become U+FFFD as a last resort."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:_SNIFF_BYTES]
    declared = [charset] if charset else []
    declared += [m.group(1).decode("ascii") for m in (_META_CHARSET.search(head), _XML_ENCODING.search(head)) if m]
    tried = []
    for name in [*declared, "utf-8", FALLBACK_ENCODING]:
        encoding = _codec(name)
        if encoding is None or encoding in tried:
            continue
        tried.append(encoding)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(tried[0] if tried else "utf-8", errors="replace")


def _codec(name: str) -> str | None:
    try:
        encoding = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # pages that say latin-1 or ASCII are often something else: let UTF-8 and cp1256 try first
    return None if encoding in ("latin-1", "iso8859-1", "ascii", "cp1252") else encoding


def markup_date(markup: str) -> date | None:
    """The original publication date the markup states (htmldate, no text heuristics), or None."""
    import htmldate  # imported lazily, like trafilatura

    try:
        found = htmldate.find_date(markup, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 (htmldate fails on odd markup; a missing date is not fatal)
        return None
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


@cache
def _boilerplate() -> dict[str, dict[str, str]]:
    """{kind: {normalised form: form}} from data/boilerplate.tsv."""
    from rasid.lexicon import load_table

    by_kind: dict[str, dict[str, str]] = {"line": {}, "prefix": {}, "contains": {}, "tail": {}}
    for row in load_table("boilerplate").rows:
        by_kind[row["match"]][_key(row["form"])] = row["form"]
    return by_kind


def _key(line: str) -> str:
    from rasid.normalise import normalise_key

    return " ".join(_NOT_WORD.sub(" ", normalise_key(line)).split())


def is_boilerplate(line: str) -> bool:
    """Whether one line of extracted text is page furniture (a tail line counts too)."""
    key = _key(line)
    table = _boilerplate()
    if not key or key in table["line"] or key in table["tail"]:
        return True
    if any(key == p or key.startswith(p + " ") for p in table["prefix"]):
        return True
    padded = f" {key} "
    return len(key.split()) <= SHORT_LINE_WORDS and any(f" {c} " in padded for c in table["contains"])


def strip_boilerplate(text: str, title: str | None = None) -> str:
    """The extracted text without boilerplate lines, a repeated title or anything after a
    comment-box heading; paragraphs one a line."""
    tail = _boilerplate()["tail"]
    title_key = _key(title) if title else None
    kept: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        key = _key(line)
        if key in tail:
            break
        if is_boilerplate(line) or (not kept and key == title_key):
            continue
        kept.append(line)
    return "\n".join(kept)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title or None


def outlet_of(url: str | None) -> str | None:
    """The outlet a URL belongs to: its host name without ``www.``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def canonical_url(url: str) -> str:
    """A URL as rasid keys it: without the fragment, host in lower case."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _doc_id(url: str | None, where: str) -> str:
    """Stable id: outlet plus a short hash of the URL; a file's name when there is no URL."""
    if url:
        digest = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:12]
        return f"{outlet_of(url) or 'web'}-{digest}"
    return PurePath(where).stem or "page"


def looks_like_feed(head: str) -> bool:
    """Whether a document's root element is an RSS, Atom or RDF feed's."""
    return bool(_FEED_ROOT.match(head))


HTML_TYPES = ("text/html", "application/xhtml+xml")
UNTYPED = ("", "text/plain", "application/octet-stream")  # servers that do not say: look at the bytes


def fetch_article(url: str, *, published: date | None = None, outlet: str | None = None,
                  settings: IngestSettings = IngestSettings()) -> tuple[RawInput, Article | InputError]:
    """Fetch one page and read its article; the raw bytes come back with any problem."""
    try:
        result = fetch(url, **settings.fetch.kwargs())
    except FetchError as error:
        return RawInput(url, b""), error.as_input_error(url)
    return RawInput(url, result.body), page_article(url, result, published=published, outlet=outlet,
                                                    settings=settings)


def page_article(url: str, result: FetchResult, *, published: date | None, outlet: str | None = None,
                 settings: IngestSettings = IngestSettings()) -> Article | InputError:
    """The article in a fetched page, checking what the server says it sent."""
    if result.content_type not in HTML_TYPES + UNTYPED:
        return NotAPage(url, f"the server sent {result.content_type}, not an HTML page")
    return article_from_html(result.body, url=url, where=url, published=published, charset=result.charset,
                             outlet=outlet, settings=settings)
