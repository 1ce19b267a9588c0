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

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from rasid.errors import (
    BadDate, BinaryInput, EmptyInput, InputError, MalformedJson, MissingField, NotUtf8, TooLarge, UnreadableInput,
    UnsupportedFile,
)
from rasid.ingest.settings import IngestSettings, check_text
from rasid.model import Article, RawInput

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
        yield RawInput(at, line), _jsonl_article(at, f"{stem}-{lineno}", line, settings)
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


def _jsonl_article(where: str, doc_id: str, line: bytes, settings: IngestSettings) -> Article | InputError:
    try:
        if len(line) > settings.max_chars * 4:
            raise TooLarge(where, f"line is {len(line):,} bytes, over the limit of {settings.max_chars:,} characters")
        try:
            record = json.loads(_decode(where, line))
        except json.JSONDecodeError as exc:
            raise MalformedJson(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise MalformedJson(where, f"a JSON {type(record).__name__}, expected an object with a 'text' field")
        text = record.get("text", record.get("content"))  # 'content': SaudiNewsNet and other news dumps
        if not isinstance(text, str):
            raise MissingField(where, "no 'text' (or 'content') field, a string, in this line")
        title = record.get("title")
        if isinstance(title, str) and title.strip() and not text.lstrip().startswith(title.strip()):
            text = f"{title.strip()}\n\n{text}"  # FORMAT.md: the text is the title, a blank line, the body
        check_text(where, text, settings)
        published = _published(where, record.get("published")) or settings.published
        return Article(doc_id=str(record.get("doc_id") or doc_id), text=text, published=published,
                       title=record.get("title"), url=record.get("url"),
                       outlet=record.get("source") or record.get("outlet"), origin=where)
    except InputError as problem:
        return problem


def _published(where: str, value: object) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_day(str(value))
    except ValueError:
        raise BadDate(where, f"'published' is {value!r}, not a date YYYY-MM-DD") from None


def parse_day(value: str) -> date:
    """An ISO day, also accepting a full ISO timestamp (its day is used)."""
    return date.fromisoformat(value.strip()[:10])
