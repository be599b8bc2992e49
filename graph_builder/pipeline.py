"""read → segment → recognise → relate, for one document, with errors contained."""

from __future__ import annotations

from pathlib import Path

from .models import DocumentResult
from .read import ReadError, SourceRef, read_document, read_source
from .recognise import recognise
from .relate import relate
from .segment import segment


def preload() -> None:
    """Compile every vocabulary's regex now.

    Called before a process pool forks, so that workers share one copy
    (copy-on-write) instead of each building its own.  The drug-NER
    dictionary is not loaded here: it costs seconds and is only needed
    when a sentence has an INN-shaped word the vocabulary lacks.
    """
    from . import vocabulary as vocab

    for lex in (vocab.drugs(), vocab.targets(), vocab.target_families(), vocab.adverse_events(), vocab.diseases()):
        lex.rx  # noqa: B018 - compiles the lexicon's regex


def extract_document(source: Path | str | SourceRef) -> DocumentResult:
    """Extract one document (a file, or a :class:`SourceRef` from ``iter_sources``).

    A bad document gives a result with ``error`` set, never an exception.
    """
    if isinstance(source, SourceRef):
        path, fallback = source.path, source.doc_id or Path(source.path).stem
    else:
        path, fallback = str(source), Path(source).stem
    try:
        src = read_source(source) if isinstance(source, SourceRef) else read_document(Path(source))
    except ReadError as e:
        return DocumentResult(doc=fallback, path=path, error=e.reason)
    warnings: list[str] = []
    try:
        seg = segment(src)
        facts = relate(recognise(seg), warnings)
    except Exception as e:  # noqa: BLE001 - one bad document must never lose the others
        return DocumentResult(doc=src.doc_id, path=path, error=f"extraction failed: {type(e).__name__}: {e}")
    return DocumentResult(doc=src.doc_id, path=path, format=src.format, title=src.title, kind_hint=src.kind_hint,
                          accession=src.accession, kind=seg.kind, facts=facts, warnings=warnings)
