"""Rows of the canonical views, exactly the fields of facts.md plus ``doc`` and ``evidence``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import FACT_TYPES, Fact

VIEW_FIELDS: dict[str, tuple[str, ...]] = {
    "drug_targets": ("drug", "target"),
    "patients": ("patient", "age", "sex", "diagnosis"),
    "treatments": ("patient", "drugs", "regimen", "start", "end", "line"),
    "doses": ("patient", "drug", "amount", "unit", "frequency"),
    "responses": ("patient", "drugs", "regimen", "response"),
    "survival": ("patient", "drugs", "endpoint", "value", "unit", "qualifier"),
    "adverse_events": ("patient", "drug", "regimen", "event", "grade", "n", "percent"),
    "cohort_outcomes": ("cohort", "drug", "measure", "value", "unit", "n", "N"),
}
assert set(VIEW_FIELDS) == set(FACT_TYPES)


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
        row["evidence"] = [{"doc": e.doc, "start": e.start, "end": e.end, "text": e.text, "section": e.section,
                            "extractor": e.extractor, "confidence": e.confidence}
                           for e in sorted(f.evidence, key=lambda e: (e.doc, e.start, e.end))]
        rows.append(row)
    rows.sort(key=lambda r: (r["doc"], str([r.get(k) for k in VIEW_FIELDS[view]])))
    return rows
