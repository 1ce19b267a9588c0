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
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rasid.errors import RasidError

BATCH = 32  # articles per task: enough to amortise scheduling, small enough to balance
IN_FLIGHT_PER_CPU = 2  # tasks queued per CPU: workers stay busy, memory stays bounded


class RayUnavailable(RasidError):
    code = "ray_unavailable"


def process_on_ray(batches: Iterable[list], task: Callable[[Any], Any], workers: int,
                   address: str | None = None) -> Iterator[Any]:
    """``task`` over every unit of every batch on Ray (``pipeline.process_all`` gives the
    batches of input units and the task that processes one), the results in order."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable("the Ray engine needs Ray: pip install 'rasid[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.WARNING, configure_logging=False)
    try:
        remote = ray.remote(_process_batch).options(num_cpus=1)
        slots = max(1, int(ray.cluster_resources().get("CPU", workers))) * IN_FLIGHT_PER_CPU
        task_ref = ray.put(task)
        running: deque = deque()
        for batch in batches:
            running.append(remote.remote(batch, task_ref))
            if len(running) >= slots:
                yield from ray.get(running.popleft())
        while running:
            yield from ray.get(running.popleft())
    finally:
        if started_here:
            ray.shutdown()


def _process_batch(batch: list, task: Callable[[Any], Any]) -> list:
    return [task(unit) for unit in batch]
