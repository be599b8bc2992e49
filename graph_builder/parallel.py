"""Extraction that streams and uses every core — or a Dask cluster.

Documents are read, extracted and handed back one by one, in input order,
so memory stays flat however large the corpus: nothing holds more than
``jobs * prefetch`` documents at a time.  The same function runs in a
local process pool or on Dask workers, so both give the same statements.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .models import DocumentResult
from .pipeline import extract_document, preload


def _extract(path: str) -> DocumentResult:
    return extract_document(Path(path))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_stream(paths: Iterable[Path], jobs: int | None = None, scheduler: str | None = None,
                   prefetch: int = 8) -> Iterator[DocumentResult]:
    """Yield one result per path, in order: serially, in a process pool, or on a Dask cluster."""
    if scheduler:
        yield from _dask(paths, scheduler, prefetch)
        return
    jobs = jobs or default_jobs()
    if jobs <= 1:
        for p in paths:
            yield extract_document(Path(p))
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    if ctx is not None:
        preload()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        yield from _bounded(pool.submit, paths, jobs * prefetch)


def _bounded(submit, paths: Iterable[Path], window: int) -> Iterator[DocumentResult]:
    """Keep at most ``window`` documents in flight; yield results in input order."""
    from collections import deque

    pending: deque = deque()
    for p in paths:
        pending.append(submit(_extract, str(p)))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _dask(paths: Iterable[Path], scheduler: str, prefetch: int) -> Iterator[DocumentResult]:
    from distributed import Client

    with Client(scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _bounded(lambda fn, p: client.submit(fn, p, pure=False), paths, workers * prefetch)
