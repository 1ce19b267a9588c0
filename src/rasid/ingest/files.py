"""Read articles from .txt files, HTML pages, folders, JSON Lines files, stdin and URLs.

Bad input never stops a batch: each problem becomes an ``InputError`` value (naming the
file and line, or the URL) yielded in place of the article, so callers report and
quarantine it and go on with the rest.

- ``.html``/``.htm`` files (alone or in a folder) go through ``rasid.ingest.html.article_from_html``.
- An ``http://`` or ``https://`` source is fetched: a feed (RSS/Atom, by content type or by
  its root element) yields the pages it lists, each fetched in turn; anything else is read
  as one page. The raw bytes received are kept with every problem for the quarantine.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from rasid.errors import (
    BadDate, BinaryInput, EmptyInput, InputError, MalformedJson, MissingField, NotUtf8, TooLarge, UnreadableInput,
    UnsupportedFile,
)
from rasid.ingest.settings import IngestSettings, check_text
from rasid.model import Article, RawInput

# The fields news dumps keep an article's text and publication date in, tried in this order
# (JSON Lines); --text-field and --published-field name another.
TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
PUBLISHED_FIELDS = ("published", "date", "pubDate", "published_at", "publishedAt", "datePublished",
                    "date_published", "publish_date", "created_at", "date_extracted", "timestamp")
EPOCH_DIGITS = range(9, 12)  # a Unix time in seconds, 2001-2286, written as digits
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
URL_SCHEMES = ("http://", "https://")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
READ_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


def read_inputs(sources: Iterable[str], settings: IngestSettings = IngestSettings()
                ) -> Iterator[tuple[RawInput, Article | InputError]]:
    """Yield (raw input, article or the problem with it) for every input unit."""
    for source in sources:
        if source == "-":
            yield from _read_stdin(settings)
            continue
        if source.lower().startswith(URL_SCHEMES):
            from rasid.ingest.feeds import read_url  # imported lazily: feedparser, trafilatura

            yield from read_url(source, settings)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                yield RawInput(source, b""), EmptyInput(source, "folder holds no files")
            for file in files:
                if file.suffix.lower() in READ_SUFFIXES:
                    yield from _read_file(file, settings)
                else:  # reported, never silently passed over
                    yield RawInput(str(file), b""), UnsupportedFile(
                        str(file), f"not read: rasid reads {', '.join(READ_SUFFIXES)} files in a folder")
        else:
            yield from _read_file(path, settings)


def count_inputs(sources: Iterable[str]) -> int | None:
    """How many input units ``read_inputs`` will yield (a JSON Lines file's non-blank lines,
    a folder's files), for a progress bar's total and ETA; None when a source is stdin or a
    URL, whose size is unknown until read."""
    total = 0
    for source in sources:
        if source == "-" or source.lower().startswith(URL_SCHEMES):
            return None
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            total += _jsonl_lines(file) if file.suffix.lower() == ".jsonl" else 1
    return total


def _jsonl_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1  # read_inputs reports it


def _read_stdin(settings: IngestSettings) -> Iterator[tuple[RawInput, Article | InputError]]:
    data = sys.stdin.buffer.read()
    if data.lstrip()[:1] == b"{":
        yield from _read_jsonl_lines("<stdin>", "stdin", data.splitlines(), settings)
    else:
        yield RawInput("<stdin>", data), _text_article("<stdin>", "stdin", data, settings)


def _read_file(path: Path, settings: IngestSettings) -> Iterator[tuple[RawInput, Article | InputError]]:
    where = str(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                yield from _read_jsonl_lines(where, path.stem, fh, settings)
            return
        if path.stat().st_size > settings.max_chars * 4:  # UTF-8 needs at most 4 bytes a character
            raise TooLarge(where, f"file is {path.stat().st_size:,} bytes, over the limit of "
                                  f"{settings.max_chars:,} characters (--max-chars)")
        data = path.read_bytes()
    except InputError as problem:
        yield RawInput(where, b""), problem
        return
    except OSError as exc:
        yield RawInput(where, b""), UnreadableInput(where, f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        from rasid.ingest.html import article_from_html  # imported lazily: trafilatura is slow to load

        yield RawInput(where, data), article_from_html(data, url=None, where=where, published=settings.published,
                                                       doc_id=path.stem, settings=settings)
        return
    yield RawInput(where, data), _text_article(where, path.stem, data, settings)


def _read_jsonl_lines(where: str, stem: str, lines: Iterable[bytes], settings: IngestSettings
                      ) -> Iterator[tuple[RawInput, Article | InputError]]:
    seen_any = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_any = True
        at = f"{where}:{lineno}"
        yield RawInput(at, line), _jsonl_article(at, stem, line, settings)
    if not seen_any:
        yield RawInput(where, b""), EmptyInput(where, "file is empty")


def _decode(where: str, data: bytes) -> str:
    if b"\x00" in data:
        raise BinaryInput(where, "holds NUL bytes: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8(where, f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                             "convert it, e.g. iconv -f cp1256 -t utf-8") from None


def _text_article(where: str, doc_id: str, data: bytes, settings: IngestSettings) -> Article | InputError:
    try:
        text = _decode(where, data)
        check_text(where, text, settings)
    except InputError as problem:
        return problem
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    return Article(doc_id=doc_id, text=text, published=settings.published, title=title, origin=where)


DATELINE_CHARS = 200  # how far into an article a dateline (الرياض - 21 يوليو 2015) may stand


def _dateline_day(text: str) -> date | None:
    from rasid.recognise.dates import day_stated_in  # imported lazily: the date grammar loads its tables

    return day_stated_in(text[:DATELINE_CHARS])


def content_doc_id(stem: str, url: object, text: str) -> str:
    """A JSON Lines article's id when the line gives none: the file's name and a hash of its
    URL (else its text), so the same article gets the same id whatever its line number or
    the order the file is read in."""
    key = url if isinstance(url, str) and url.strip() else text
    return f"{stem}-{hashlib.blake2b(key.strip().encode('utf-8'), digest_size=5).hexdigest()}"


def _jsonl_article(where: str, stem: str, line: bytes, settings: IngestSettings) -> Article | InputError:
    try:
        if len(line) > settings.max_chars * 4:
            raise TooLarge(where, f"line is {len(line):,} bytes, over the limit of {settings.max_chars:,} characters")
        try:
            record = json.loads(_decode(where, line))
        except json.JSONDecodeError as exc:
            raise MalformedJson(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise MalformedJson(where, f"a JSON {type(record).__name__}, expected an object with a 'text' field")
        text_field = settings.text_field or next((f for f in TEXT_FIELDS if f in record), TEXT_FIELDS[0])
        text = record.get(text_field)
        if not isinstance(text, str):
            wanted = repr(settings.text_field) if settings.text_field else "'text' (or " + ", ".join(
                repr(f) for f in TEXT_FIELDS[1:]) + ")"
            raise MissingField(where, f"no {wanted} field, a string, in this line (--text-field names another)")
        title = record.get("title")
        if isinstance(title, str) and title.strip() and not text.lstrip().startswith(title.strip()):
            text = f"{title.strip()}\n\n{text}"  # FORMAT.md: the text is the title, a blank line, the body
        check_text(where, text, settings)
        published_field = settings.published_field or next(
            (f for f in PUBLISHED_FIELDS if record.get(f) not in (None, "")), PUBLISHED_FIELDS[0])
        published = (_published(where, published_field, record.get(published_field))
                     or (None if settings.published_field else _dateline_day(text))
                     or settings.published)
        doc_id = record.get("doc_id") or record.get("id") or content_doc_id(stem, record.get("url"), text)
        return Article(doc_id=str(doc_id), text=text, published=published,
                       title=record.get("title"), url=record.get("url"),
                       outlet=record.get("source") or record.get("outlet"), origin=where)
    except InputError as problem:
        return problem


def _published(where: str, name: str, value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_published(value)
    except (ValueError, TypeError, OverflowError):
        raise BadDate(where, f"{name!r} is {value!r}, not a date (YYYY-MM-DD, an ISO or RFC 2822 timestamp, "
                             "or Unix seconds)") from None


def parse_published(value: object) -> date:
    """The day of a publication date as dumps write it: an ISO day or timestamp
    (2015-07-21 02:51:33), an RFC 2822 date as feeds give it (Tue, 21 Jul 2015 02:51:33
    GMT), or Unix seconds (1437446400, a number or its digits), read in UTC."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc).date()
    text = str(value).strip()
    if text.isdigit() and len(text) in EPOCH_DIGITS:
        return datetime.fromtimestamp(int(text), tz=timezone.utc).date()
    if text[:1].isalpha():
        return parsedate_to_datetime(text).date()
    return parse_day(text)


def parse_day(value: str) -> date:
    """An ISO day, also accepting a full ISO timestamp (its day is used)."""
    return date.fromisoformat(value.strip()[:10])
