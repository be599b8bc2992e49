"""Extraction that streams and uses every core — or a Dask cluster.

Documents are read, extracted and handed back in input order, so memory
stays flat however large the corpus: nothing holds more than
``jobs * prefetch`` chunks of documents at a time.  The same functions
run in a local process pool or on Dask workers, so both give the same
statements.

Workers get documents in chunks and, for a build, hand back statements
already encoded for the store: one task and one small bytes object per
chunk keeps the main process (which only writes files) from becoming
the bottleneck of a two-core machine.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from .emit.store import encode_result
from .lifeline import die_with_parent
from .models import DocumentResult
from .pipeline import extract_document, preload
from .read import SourceRef

Source = SourceRef | Path | str  # what a worker is handed: a ref from read.iter_sources, or a file

T = TypeVar("T")


@dataclass
class EncodedResult:
    """One document's outcome with its statements already in their stored form."""

    doc: str
    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    views: dict[str, int] = field(default_factory=dict)  # statements per canonical view
    payload: bytes = b""
    meta: dict[str, str | None] = field(default_factory=dict)  # path, format, kind, title: for the library's manifest
    part: int | None = None  # the article's index in a multi-article file
    sha256: str = ""  # the hash the source was found with (change detection)


def _as_source(item: Source) -> SourceRef | Path:
    return item if isinstance(item, SourceRef) else Path(item)


def _extract(item: Source) -> DocumentResult:
    return extract_document(_as_source(item))


def _extract_encoded(item: Source) -> EncodedResult:
    src = _as_source(item)
    part, sha = (src.part, src.sha256) if isinstance(src, SourceRef) else (None, "")
    r = extract_document(src)
    if r.error:
        return EncodedResult(r.doc, r.path, r.error, r.warnings, part=part, sha256=sha)
    return EncodedResult(r.doc, r.path, None, r.warnings, dict(Counter(f.view for f in r.facts)), encode_result(r),
                         {"path": r.path, "format": r.format, "kind": r.kind, "title": r.title,
                          "accession": r.accession}, part, sha)


def _chunk(fn: Callable[[Source], T], items: list[Source]) -> list[T]:
    return [fn(p) for p in items]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_stream(paths: Iterable[Source], jobs: int | None = None, scheduler: str | None = None,
                   prefetch: int = 4, chunk: int = 8) -> Iterator[DocumentResult]:
    """Yield one result per path (or source ref), in order: serially, in a process pool, or on a Dask cluster."""
    yield from _run(_extract, paths, jobs, scheduler, prefetch, chunk)


def encoded_stream(paths: Iterable[Source], jobs: int | None = None, scheduler: str | None = None,
                   prefetch: int = 4, chunk: int = 16) -> Iterator[EncodedResult]:
    """As :func:`extract_stream`, with the statements encoded for the store by the workers."""
    yield from _run(_extract_encoded, paths, jobs, scheduler, prefetch, chunk)


def _run(fn: Callable[[Source], T], paths: Iterable[Source], jobs: int | None, scheduler: str | None,
         prefetch: int, chunk: int) -> Iterator[T]:
    chunks = _chunks((p if isinstance(p, SourceRef) else str(p) for p in paths), chunk)
    if scheduler:
        yield from _dask(fn, chunks, scheduler, prefetch)
        return
    jobs = jobs or default_jobs()
    if jobs <= 1:
        for c in chunks:
            yield from _chunk(fn, c)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    if ctx is not None:
        preload()  # forked workers share the vocabularies instead of each loading its own
    # Workers die with this process (a SIGKILL runs no cleanup), and an early
    # exit (an error, SIGTERM turned into SystemExit) drops the queued chunks
    # instead of extracting them all before the pool lets go.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=die_with_parent,
                               initargs=(os.getpid(),))
    try:
        yield from _bounded(lambda c: pool.submit(_chunk, fn, c), chunks, jobs * prefetch)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _chunks(items: Iterator[Source], size: int) -> Iterator[list[Source]]:
    while batch := list(islice(items, size)):
        yield batch


def _bounded(submit, chunks: Iterable[list[Source]], window: int) -> Iterator:
    """Keep at most ``window`` chunks in flight; yield results in input order."""
    from collections import deque

    pending: deque = deque()
    for c in chunks:
        pending.append(submit(c))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def require_dask() -> None:
    """Raise ``ImportError`` naming the extra to install when Dask's distributed scheduler is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        raise ImportError("--scheduler needs Dask's distributed scheduler, an optional extra: "
                          "pip install 'graph-builder[dask]'") from e


def _dask(fn, chunks: Iterable[list[Source]], scheduler: str, prefetch: int) -> Iterator:
    require_dask()
    from distributed import Client

    with Client(scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _bounded(lambda c: client.submit(_chunk, fn, c, pure=False), chunks, workers * prefetch)
