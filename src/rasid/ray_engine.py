"""Extraction on a Ray cluster (``rasid ingest --engine ray``): the driver reads the inputs
and sends them, in batches, to Ray tasks that run the pipeline and prepare each article's
store record; the results come back in input order to the one bulk writer, so the store
holds the same events as with the local engine.

Ray is an optional extra (``pip install 'rasid[ray]'``). Without ``address`` a local Ray
instance is started with as many CPUs as workers asked for; with it (``auto``, or
``ray://host:10001``) the driver joins a running cluster (``ray start --head``), whose
nodes must have rasid installed.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from rasid.errors import RasidError
from rasid.model import Article, Options, RawInput

BATCH = 32  # articles per task: enough to amortise scheduling, small enough to balance
IN_FLIGHT_PER_CPU = 2  # tasks queued per CPU: workers stay busy, memory stays bounded


class RayUnavailable(RasidError):
    code = "ray_unavailable"


def process_on_ray(units: Iterable[tuple[RawInput, Any]], options: Options, prepare, workers: int,
                   address: str | None = None) -> Iterator[tuple[RawInput, Any]]:
    """``pipeline.process_all`` on Ray: each unit's raw input with its result, in order."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable("the Ray engine needs Ray: pip install 'rasid[ray]'") from None
    from rasid.pipeline import _process_unit, _windows

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.WARNING, configure_logging=False)
    try:
        task = ray.remote(_process_batch).options(num_cpus=1)
        slots = max(1, int(ray.cluster_resources().get("CPU", workers))) * IN_FLIGHT_PER_CPU
        options_ref = ray.put(options)
        running: deque = deque()
        for batch in _windows(units, BATCH):
            running.append(task.remote(batch, options_ref, prepare, _process_unit))
            if len(running) >= slots:
                yield from ray.get(running.popleft())
        while running:
            yield from ray.get(running.popleft())
    finally:
        if started_here:
            ray.shutdown()


def _process_batch(batch: list[tuple[RawInput, Article | Any]], options: Options, prepare,
                   process_unit) -> list[tuple[RawInput, Any]]:
    return [process_unit(unit, options, prepare) for unit in batch]
