"""The orchestrator: one article in, its annotated Doc and events out; and the same over
many inputs, where one bad input never stops the rest.

    ingest ─▶ normalise ─▶ recognise ─▶ extract ─▶ fuse (within the article) ─▶ sanity checks
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from rasid.errors import BadDate, InputError, ProcessingFailed
from rasid.extract import find_events
from rasid.fuse.within_article import merge_events
from rasid.ingest import IngestSettings, check_text, count_inputs, parse_day, read_inputs
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
    return process(Article(doc_id=doc_id, text=text, published=published, origin=doc_id), options).events


def process_safely(article: Article, options: Options = Options()) -> Doc | InputError:
    """Run the pipeline on one article; a crash inside it becomes a ``ProcessingFailed``
    problem for this article alone, so batches, feed watching and the API go on."""
    try:
        return process(article, options)
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


def run_batch(
    sources: Iterable[str],
    settings: IngestSettings,
    on_doc: Callable[[Doc, RawInput], object],
    on_problem: Callable[[RawInput, InputError], None],
    progress: bool = False,
    options: Options = Options(),
) -> BatchReport:
    """Process every input; hand each Doc (with its raw input) to ``on_doc`` and each problem
    to ``on_problem``."""
    report = BatchReport()
    sources = list(sources)
    units = read_inputs(sources, settings)
    if progress and sys.stderr.isatty():  # a bar with total, rate and ETA, on a terminal only
        from tqdm import tqdm  # imported lazily: only batches show a bar
        units = tqdm(units, total=count_inputs(sources), unit=" articles", leave=False)
    for raw, item in units:
        if isinstance(item, InputError):
            report.problems.append(item)
            on_problem(raw, item)
            continue
        doc = process_safely(item, options)
        if isinstance(doc, InputError):
            report.problems.append(doc)
            on_problem(raw, doc)
            continue
        report.articles += 1
        report.events += len(doc.events)
        report.undated += doc.article.published is None
        on_doc(doc, raw)
    return report
