"""read → segment → recognise → relate, for one document, with errors contained."""

from __future__ import annotations

from pathlib import Path

from .models import DocumentResult
from .read import ReadError, read_document
from .relate import extract_facts
from .segment import segment


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
