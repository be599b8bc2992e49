"""Rows of the canonical views, exactly the fields of facts.md plus ``doc`` and ``evidence``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import FACT_TYPES, Evidence, Fact

VIEW_FIELDS: dict[str, tuple[str, ...]] = {view: t.view_fields for view, t in FACT_TYPES.items()}
"""Each family's view fields, as its model declares them."""


def view_rows(facts: Iterable[Fact], view: str) -> list[dict[str, Any]]:
    """Deterministically ordered rows of one view."""
    rows = []
    for f in facts:
        if f.view != view:
            continue
        row: dict[str, Any] = {"doc": f.doc}
        for k in VIEW_FIELDS[view]:
            v = getattr(f, k)
            if k == "regimen" and v is None:
                continue
            row[k] = v
        row["evidence"] = [_span(e) for e in sorted(f.evidence, key=lambda e: (e.doc, e.start, e.end))]
        rows.append(row)
    rows.sort(key=lambda r: (r["doc"], str([r.get(k) for k in VIEW_FIELDS[view]])))
    return rows


def _span(e: Evidence) -> dict[str, Any]:
    """One evidence span of a row; ``page`` only where the source has pages (PDF), so a text
    document's rows keep the shape they had before pages existed (and that the saved views return)."""
    span: dict[str, Any] = {"doc": e.doc, "start": e.start, "end": e.end, "text": e.text, "section": e.section,
                            "extractor": e.extractor, "confidence": e.confidence}
    if e.page is not None:
        span["page"] = e.page
    return span
