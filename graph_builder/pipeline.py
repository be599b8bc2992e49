"""read → segment → recognise → relate, for one document, with errors contained."""

from __future__ import annotations

from pathlib import Path

from .models import DocumentResult
from .read import ReadError, read_document
from .relate import extract_facts
from .segment import segment


def preload() -> None:
    """Load every vocabulary and the drug-NER dictionary now.

    Called before a process pool forks, so that workers share one copy
    (copy-on-write) instead of each spending seconds loading its own.
    """
    from .recognise import vocab
    from .recognise.drugs import _fallback_finder

    for lex in (vocab.drugs(), vocab.targets(), vocab.target_families(), vocab.adverse_events(), vocab.diseases()):
        lex.rx  # noqa: B018 - compiles the lexicon's regex
    finder = _fallback_finder()
    if finder is not None:
        finder(["warm"], is_ignore_case=True)


def extract_document(path: Path) -> DocumentResult:
    """Extract one document; a bad document gives a result with ``error`` set, never an exception."""
    try:
        src = read_document(path)
    except ReadError as e:
        return DocumentResult(doc=Path(path).stem, path=str(path), error=e.reason)
    warnings: list[str] = []
    try:
        seg = segment(src.doc_id, src.view)
        facts = extract_facts(seg, warnings)
    except Exception as e:  # noqa: BLE001 - one bad document must never lose the others
        return DocumentResult(doc=src.doc_id, path=str(path), error=f"extraction failed: {type(e).__name__}: {e}")
    return DocumentResult(doc=src.doc_id, path=str(path), kind=seg.kind, facts=facts, warnings=warnings)
