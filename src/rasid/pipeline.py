"""The orchestrator: one article in, its annotated Doc and events out; and the same over
many inputs, where one bad input never stops the rest.

    ingest ─▶ normalise ─▶ recognise ─▶ extract ─▶ fuse (within the article) ─▶ sanity checks
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from rasid.errors import BadDate, InputError, ProcessingFailed
from rasid.extract import find_events
from rasid.fuse.within_article import merge_events
from rasid.ingest import IngestSettings, check_published, check_text, count_inputs, parse_day, read_inputs
from rasid.model import Article, Doc, Event, Options, RawInput
from rasid.normalise import normalise, split_sentences
from rasid.recognise import recognise
from rasid.sanity import flag_events


def process(article: Article, options: Options = Options()) -> Doc:
    """Run normalise → recognise → extract → merge on one article."""
    doc = Doc(article=article, norm=normalise(article.text), options=options)
    doc.sentences = split_sentences(doc.norm)
    recognise(doc)
    doc.events = merge_events(find_events(doc), doc.rejections)
    flag_events(doc)
    return doc


def extract_events(text: str, published: date | str | None = None, *, doc_id: str = "text",
                   options: Options = Options()) -> list[Event]:
    """The events of one article's text (title, blank line, body), its relative dates
    resolved against ``published`` (a date or 'YYYY-MM-DD'). Raises an ``InputError``
    for a text rasid cannot read (empty, too long, not Arabic)."""
    if isinstance(published, str):
        try:
            published = parse_day(published)
        except ValueError:
            raise BadDate(doc_id, f"published is {published!r}, not a date YYYY-MM-DD") from None
    check_text(doc_id, text, IngestSettings())
    check_published(doc_id, published)
    return process(Article(doc_id=doc_id, text=text, published=published, origin=doc_id), options).events


def process_safely(article: Article, options: Options = Options(),
                   then: Callable[[Doc], Any] | None = None) -> Doc | Any | InputError:
    """Run the pipeline on one article (and ``then`` on its Doc); a crash inside it becomes a
    ``ProcessingFailed`` problem for this article alone, so batches, feed watching and the
    API go on. A publication day no article has is refused first (``BadDate``)."""
    try:
        check_published(article.origin, article.published)
    except BadDate as problem:
        return problem
    try:
        doc = process(article, options)
        return then(doc) if then else doc
    except Exception as exc:  # a pipeline bug must not lose the rest of the work
        return ProcessingFailed(article.origin, f"pipeline failed: {type(exc).__name__}: {exc}")


@dataclass
class BatchReport:
    articles: int = 0
    events: int = 0
    undated: int = 0  # articles with no publication date: their relative dates cannot resolve
    problems: list[InputError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article and its events in FORMAT.md form: what a worker process hands back when
    the caller needs no more of the Doc (small, and cheap to pickle)."""

    article: Article
    events: list[dict[str, Any]]


def extracted(doc: Doc, _raw: RawInput) -> Extracted:
    return Extracted(doc.article, [event.to_json() for event in doc.events])


Prepare = Callable[[Doc, RawInput], Any]  # turns a Doc into what the caller keeps, in the worker
CHUNK = 4  # articles sent to a worker at a time: enough to amortise the round trip, small enough to balance


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def process_all(units: Iterable[tuple[RawInput, Article | InputError]], options: Options = Options(),
                workers: int = 1, prepare: Prepare | None = None, engine: str = "local",
                address: str | None = None) -> Iterator[tuple[RawInput, Any]]:
    """Process articles, in order, on ``workers`` processes (``engine="ray"``: on a Ray
    cluster at ``address``, or a local one): each unit's raw input with its Doc (or
    ``prepare(doc, raw)``), or its problem. The same results in the same order whatever
    the number of workers and the engine."""
    task = partial(_process_unit, options=options, prepare=prepare)
    if engine == "ray":
        from rasid.ray_engine import BATCH, process_on_ray

        yield from process_on_ray(_windows(units, BATCH), task, workers, address)
        return
    if workers <= 1:
        yield from map(task, units)
        return
    warm_up(options)  # the lexicons and automata, loaded once here, are shared with the forked workers
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        running = None  # one window in flight while the last is handed on: bounded memory, busy workers
        for window in _windows(units, workers * CHUNK * 16):
            started = pool.imap(task, window, chunksize=CHUNK)
            if running is not None:
                yield from running
            running = started
        if running is not None:
            yield from running


def _windows(items: Iterable, size: int) -> Iterator[list]:
    window = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def warm_up(options: Options = Options()) -> None:
    """Load what the pipeline loads lazily (lexicons, gazetteer, automata) by running it once."""
    process(Article(doc_id="warm-up", text="قتل 3 أشخاص في غارة على مدينة حلب أمس", published=date(2015, 7, 21)),
            options)


def _process_unit(unit: tuple[RawInput, Article | InputError], options: Options,
                  prepare: Prepare | None) -> tuple[RawInput, Any]:
    raw, item = unit
    if isinstance(item, InputError):
        return raw, item
    return raw, process_safely(item, options, None if prepare is None else lambda doc: prepare(doc, raw))


def run_batch(
    sources: Iterable[str],
    settings: IngestSettings,
    on_doc: Callable[[Any, RawInput], object],
    on_problem: Callable[[RawInput, InputError], None],
    progress: bool = False,
    options: Options = Options(),
    workers: int = 1,
    prepare: Prepare | None = None,
    engine: str = "local",
    address: str | None = None,
) -> BatchReport:
    """Process every input, on ``workers`` processes; hand each Doc (or, with ``prepare``,
    what it makes of the Doc in the worker: it must have ``article`` and ``events``) with
    its raw input to ``on_doc`` in input order, and each problem to ``on_problem``."""
    report = BatchReport()
    sources = list(sources)
    results = process_all(read_inputs(sources, settings), options, workers, prepare, engine, address)
    if progress and sys.stderr.isatty():  # a bar with total, rate and ETA, on a terminal only
        from tqdm import tqdm  # imported lazily: only batches show a bar
        results = tqdm(results, total=count_inputs(sources), unit=" articles", leave=False)
    for raw, item in results:
        if isinstance(item, InputError):
            report.problems.append(item)
            on_problem(raw, item)
            continue
        report.articles += 1
        report.events += len(item.events)
        report.undated += item.article.published is None
        on_doc(item, raw)
    return report
