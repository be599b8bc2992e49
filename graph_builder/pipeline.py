"""read → segment → recognise → relate, for one document, with errors contained."""

from __future__ import annotations

from pathlib import Path

from .models import DocumentResult
from .read import ReadError, read_document
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


def extract_document(path: Path) -> DocumentResult:
    """Extract one document; a bad document gives a result with ``error`` set, never an exception."""
    try:
        src = read_document(path)
    except ReadError as e:
        return DocumentResult(doc=Path(path).stem, path=str(path), error=e.reason)
    warnings: list[str] = []
    try:
        seg = segment(src)
        facts = relate(recognise(seg), warnings)
    except Exception as e:  # noqa: BLE001 - one bad document must never lose the others
        return DocumentResult(doc=src.doc_id, path=str(path), error=f"extraction failed: {type(e).__name__}: {e}")
    return DocumentResult(doc=src.doc_id, path=str(path), format=src.format, title=src.title, kind_hint=src.kind_hint,
                          kind=seg.kind, facts=facts, warnings=warnings)
