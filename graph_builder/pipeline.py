"""read → segment → recognise → relate, for one document, with errors contained."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from .limits import BudgetExceeded, DocumentTooLarge, Limits, time_budget
from .models import DocumentResult
from .read import ReadError, SourceRef, format_of, read_document, read_source
from .recognise import recognise
from .relate import relate
from .segment import segment


def preload() -> None:
    """Compile every vocabulary's regex and load the cut-down drug-NER dictionary now.

    Called before a process pool forks, so that workers share one copy
    (copy-on-write) instead of each building its own.  The dictionary is a
    small cached file (:mod:`.recognise.drug_dictionary`); only the first
    run on a machine builds it, here, once, rather than in every worker.

    Then what is loaded is moved out of the garbage collector's reach
    (``gc.freeze``, as Python's documentation advises before a fork): the
    lexicons, patterns and dictionary live as long as the process, yet every
    full collection walked all of them again (a few times per thousand
    documents, ~10 ms each), and a worker's walk would copy the pages the
    parent shares with it.
    """
    from . import vocabulary as vocab
    from .recognise.drug_dictionary import inn_index
    from .recognise.drugs import _INN_SUFFIXES

    for lex in (vocab.drugs(), vocab.regimens(), vocab.targets(), vocab.target_families(), vocab.adverse_events(),
                vocab.diseases()):
        lex.rx  # noqa: B018 - compiles the lexicon's regex
    vocab.shared_head_automaton()
    inn_index(_INN_SUFFIXES)
    gc.collect()  # (what loading left as garbage is freed, not frozen)
    gc.freeze()


def extract_document(source: Path | str | SourceRef, limits: Limits | None = None) -> DocumentResult:
    """Extract one document (a file, or a :class:`SourceRef` from ``iter_sources``).

    A bad document gives a result with ``error`` set (one line: the reason),
    never an exception: this is the per-document failure boundary, so any
    error while reading or extracting — a :class:`ReadError`, a document
    over a :class:`Limits` bound, a bug a strange input trips, running out
    of memory or time — costs that document only.

    The cyclic garbage collector is paused while the document is extracted
    and runs again once it is done.  Why: a document allocates tens of
    thousands of short-lived objects, and collections every 700 of them
    examined the ones alive for the whole document (its sentences,
    annotations, clauses, facts) over and over, in the middle of the work.
    Paused, one collection follows the document (at the next allocation
    after it), and finds nothing to free: relate lets go of the document's
    reference cycles (``DocumentContext.release``), so it is freed by
    reference counting.  On dev2, alternated with spaCy: 0.466 / 0.479 ->
    0.501 / 0.514 of its words per second.  A collector the caller had
    disabled stays disabled.  (Written out, not as a context manager, which
    cost ~1.2 us a document.)
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        return _extract(source, limits)
    finally:
        if was_on:
            gc.enable()


def _extract(source: Path | str | SourceRef, limits: Limits | None) -> DocumentResult:
    limits = limits or Limits.from_env()
    file: Path | None = None  # (a Path made once: each costs ~2 us, and a document is read in ~1.4 ms)
    if isinstance(source, SourceRef):
        path, fallback = source.path, source.doc_id or Path(source.path).stem
    else:
        file = source if isinstance(source, Path) else Path(source)
        path, fallback = str(file), file.stem
    stage, doc = "read", fallback
    try:
        with time_budget(limits.max_seconds):
            _check_size(source, limits)
            src = read_source(source) if isinstance(source, SourceRef) else read_document(file or Path(source))
            doc = src.doc_id
            limits.check_size(len(src.view.text), "document text")
            stage = "extraction"
            warnings: list[str] = []
            seg = segment(src, max_sentence=limits.max_sentence_chars)
            warnings += seg.warnings
            facts = relate(recognise(seg), warnings)
    except ReadError as e:
        return DocumentResult(doc=doc, path=path, error=e.reason)
    except (DocumentTooLarge, BudgetExceeded) as e:
        return DocumentResult(doc=doc, path=path, error=str(e))
    except MemoryError:
        return DocumentResult(doc=doc, path=path, error=f"{stage} failed: out of memory")
    except RecursionError:
        return DocumentResult(doc=doc, path=path, error=f"{stage} failed: nested too deeply (RecursionError)")
    except Exception as e:  # noqa: BLE001 - one bad document must never lose the others
        reason = " ".join(str(e).split())[:300]
        return DocumentResult(doc=doc, path=path, error=f"{stage} failed: {type(e).__name__}: {reason}")
    return DocumentResult(doc=src.doc_id, path=path, format=src.format, title=src.title, kind_hint=src.kind_hint,
                          accession=src.accession, kind=seg.kind, facts=facts, warnings=warnings)


_BINARY_FORMATS = frozenset({"pdf", "docx"})  # their size on disk is images and fonts, not text


def _check_size(source: Path | str | SourceRef, limits: Limits) -> None:
    """Refuse an oversized document before reading it, when its size is known without reading."""
    if isinstance(source, SourceRef) and source.raw is not None:
        limits.check_size(len(source.raw))
        return
    name = source.path if isinstance(source, SourceRef) else source
    if format_of(name) in _BINARY_FORMATS:
        return
    try:
        size = os.stat(name).st_size
    except OSError:
        return  # the read says why
    limits.check_size(size)  # a gzip file's inflated text is checked once read
