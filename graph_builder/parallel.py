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
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from . import regex_cache
from .emit.store import encode_result, write_statement_file
from .lifeline import die_with_parent
from .limits import Limits
from .models import DocumentResult, drug_names
from .pipeline import extract_document, preload
from .read import SourceRef

Source = SourceRef | Path | str  # what a worker is handed: a ref from read.iter_sources, or a file

T = TypeVar("T")
Item = TypeVar("Item")  # what fn is handed: a source (extraction), or a string (ordered_map)


@dataclass
class EncodedResult:
    """One document's outcome with its statements already in their stored form."""

    doc: str
    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    views: dict[str, int] = field(default_factory=dict)  # statements per canonical view
    payload: bytes = b""
    meta: dict[str, Any] = field(default_factory=dict)  # path, format, kind, title, accession, drugs: for the library's index
    part: int | None = None  # the article's index in a multi-article file
    sha256: str = ""  # the hash the source was found with (change detection)
    file: str | None = None  # the statement file the worker wrote (``write_to``); then ``payload`` is empty


def _as_source(item: Source) -> SourceRef | Path:
    return item if isinstance(item, SourceRef) else Path(item)


def _extract(item: Source, limits: Limits | None = None) -> DocumentResult:
    return extract_document(_as_source(item), limits)


def _failed_plain(item: Source, reason: str) -> DocumentResult:
    src = _as_source(item)
    doc = (src.doc_id if isinstance(src, SourceRef) else None) or Path(str(getattr(src, "path", src))).stem
    return DocumentResult(doc=doc, path=str(getattr(src, "path", src)), error=reason)


def _failed_encoded(item: Source, reason: str) -> EncodedResult:
    src = _as_source(item)
    r = _failed_plain(item, reason)
    part, sha = (src.part, src.sha256) if isinstance(src, SourceRef) else (None, "")
    return EncodedResult(r.doc, r.path, reason, part=part, sha256=sha)


def _extract_encoded(item: Source, limits: Limits | None = None, write_to: str | None = None) -> EncodedResult:
    src = _as_source(item)
    part, sha = (src.part, src.sha256) if isinstance(src, SourceRef) else (None, "")
    r = extract_document(src, limits)
    if r.error:
        return EncodedResult(r.doc, r.path, r.error, r.warnings, part=part, sha256=sha)
    file = None
    try:
        payload = encode_result(r)
    except Exception as e:  # noqa: BLE001 - the failure boundary covers the encoding too
        return EncodedResult(r.doc, r.path, f"encoding failed: {type(e).__name__}: {e}", part=part, sha256=sha)
    if write_to is not None:
        try:
            file, payload = write_statement_file(Path(write_to), r.doc, payload), b""
        except OSError:
            pass  # not this document's fault (a full disk): the main process writes the bytes, and fails the build loudly
    return EncodedResult(r.doc, r.path, None, r.warnings, dict(Counter(f.view for f in r.facts)), payload,
                         {"path": r.path, "format": r.format, "kind": r.kind, "title": r.title,
                          "accession": r.accession, "drugs": drug_names(r.facts)}, part, sha, file)


def _chunk(fn: Callable[[Item], T], items: list[Item]) -> list[T]:
    preload()  # once per process (cached): a Dask worker builds its vocabularies before any document's time budget
    out = [fn(p) for p in items]
    regex_cache.STORE.save()  # a forked worker ends without atexit: keep what it compiled (nothing new: no write)
    return out


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_stream(paths: Iterable[Source], jobs: int | None = None, scheduler: str | None = None,
                   prefetch: int = 4, chunk: int = 8, limits: Limits | None = None) -> Iterator[DocumentResult]:
    """Yield one result per path (or source ref), in order: serially, in a process pool, or on a Dask cluster."""
    yield from _run(partial(_extract, limits=limits or Limits.from_env()), _handed(paths), jobs, scheduler, prefetch,
                    chunk, _failed_plain)


def encoded_stream(paths: Iterable[Source], jobs: int | None = None, scheduler: str | None = None,
                   prefetch: int = 4, chunk: int = 16, limits: Limits | None = None,
                   write_to: Path | None = None) -> Iterator[EncodedResult]:
    """As :func:`extract_stream`, with the statements encoded for the store by the workers.

    ``write_to``: a statement folder the workers write each document's file
    into themselves (:func:`~graph_builder.emit.store.write_statement_file`),
    handing back its name instead of the bytes.  Not on a Dask cluster,
    whose workers need not share this machine's disk: there the bytes come
    back and the caller writes them.
    """
    folder = str(write_to) if write_to is not None and not scheduler else None
    yield from _run(partial(_extract_encoded, limits=limits or Limits.from_env(), write_to=folder), _handed(paths), jobs,
                    scheduler, prefetch, chunk, _failed_encoded)


def _handed(paths: Iterable[Source]) -> Iterator[SourceRef | str]:
    """What a worker is handed for each source: a ref as it is, a file as its path's text."""
    return (p if isinstance(p, SourceRef) else str(p) for p in paths)


def _start_worker(parent: int, nice: int) -> None:
    """A pool worker's first step: end with ``parent``; run ``nice`` steps below its priority where the OS has one."""
    die_with_parent(parent)
    if nice and hasattr(os, "nice"):
        os.nice(nice)


def _run(fn: Callable[[Item], T], items: Iterable[Item], jobs: int | None, scheduler: str | None,
         prefetch: int, chunk: int, failed: Callable[[Item, str], T], nice: int = 0) -> Iterator[T]:
    chunks = _chunks(iter(items), chunk)
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
    new_pool = partial(ProcessPoolExecutor, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(), nice))
    while True:
        left: list[list[Item]] = []
        pool = new_pool(max_workers=jobs)
        try:
            yield from _bounded(lambda c: pool.submit(_chunk, fn, c), chunks, jobs * prefetch, left)
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)  # a worker died (killed, out of memory)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        else:
            pool.shutdown(wait=True)
            return
        # ``left`` holds every chunk submitted and not handed back: its documents are tried again
        yield from _one_by_one(fn, [item for c in left for item in c], new_pool, failed)


def ordered_map(fn: Callable[[str], T], items: Iterable[str], jobs: int | None = None, chunk: int = 16,
                prefetch: int = 4, nice: int = 0) -> Iterator[T]:
    """``fn`` over ``items`` in the process pool extraction uses, results in input order, memory bounded.

    For work beside extraction (writing a whole load's graph): an item
    whose worker dies is tried again alone, and if it kills its worker
    again, or ``fn`` raises, the whole call fails: nothing may be left out.
    ``nice``: the pool's workers run that much below this process's
    priority (``os.nice``; none where the OS has no such thing; one job
    runs here, at this process's own).
    """
    def failed(item: str, reason: str) -> T:
        raise RuntimeError(f"{item}: {reason}")

    yield from _run(fn, items, jobs, None, prefetch, chunk, failed, nice)


_DIED = "worker process died while extracting this document (out of memory or killed)"


def _one_by_one(fn: Callable[[Item], T], items: list[Item], new_pool: Callable[..., object],
                failed: Callable[[Item, str], T]) -> Iterator[T]:
    """Re-run the documents of the chunks a dead worker took down, each alone in a one-worker pool.

    Which document killed the worker is not known (a chunk holds several,
    and the others in flight died with the pool), so each is tried again
    on its own: the one that kills its worker again is reported failed, a
    fresh pool takes the rest, and every other document keeps its result.
    """
    pool = None
    try:
        for item in items:
            pool = pool or new_pool(max_workers=1)
            try:
                yield from pool.submit(_chunk, fn, [item]).result()  # type: ignore[attr-defined]
            except BrokenProcessPool:
                pool.shutdown(wait=True)  # type: ignore[attr-defined]
                pool = None
                yield failed(item, _DIED)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)  # type: ignore[attr-defined]


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(items, size)):
        yield batch


def _bounded(submit, chunks: Iterable[list[Item]], window: int, left: list[list[Item]] | None = None) -> Iterator:
    """Keep at most ``window`` chunks in flight; yield results in input order.

    When a result raises (a broken pool), the chunks submitted but not yet
    handed back are put in ``left`` first, so the caller can run them again.
    """
    pending: deque = deque()

    def done() -> list:
        c, future = pending[0]
        try:
            out = future.result()
        except BaseException:
            if left is not None:
                left.extend(c for c, _ in pending)
            raise
        pending.popleft()
        return out

    for c in chunks:
        try:
            pending.append((c, submit(c)))
        except BrokenProcessPool:
            if left is not None:
                left.extend([*(p for p, _ in pending), c])
            raise
        if len(pending) >= window:
            yield from done()
    while pending:
        yield from done()


def require_dask() -> None:
    """Raise ``ImportError`` naming the extra to install when Dask's distributed scheduler is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        raise ImportError("--scheduler needs Dask's distributed scheduler, an optional extra: "
                          "pip install 'graph-builder[dask]'") from e


def _dask(fn, chunks: Iterable[list[Item]], scheduler: str, prefetch: int) -> Iterator:
    require_dask()
    from distributed import Client

    with Client(scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _bounded(lambda c: client.submit(_chunk, fn, c, pure=False), chunks, workers * prefetch)
