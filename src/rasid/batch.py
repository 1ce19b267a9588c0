"""Run the pipeline over many inputs; one bad input never stops the rest."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rasid.errors import InputError, ProcessingFailed
from rasid.ingest import IngestSettings, RawInput, read_inputs
from rasid.model import Article, Doc, Options
from rasid.pipeline import process


@dataclass
class BatchReport:
    articles: int = 0
    events: int = 0
    problems: list[InputError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)


def process_safely(article: Article, options: Options = Options()) -> Doc | InputError:
    """Run the pipeline on one article; a crash inside it becomes a ``ProcessingFailed``
    problem for this article alone, so batches, feed watching and the API go on."""
    try:
        return process(article, options)
    except Exception as exc:  # a pipeline bug must not lose the rest of the work
        return ProcessingFailed(article.origin, f"pipeline failed: {type(exc).__name__}: {exc}")


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
    units = read_inputs(sources, settings)
    if progress:
        from tqdm import tqdm  # imported lazily: only batches show a bar
        units = tqdm(units, unit=" articles", disable=None, leave=False)
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
        on_doc(doc, raw)
    return report
