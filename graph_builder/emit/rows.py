"""Rows of the canonical views, exactly the fields of facts.md plus ``doc`` and ``evidence``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..models import FACT_TYPES, Evidence, Fact

if TYPE_CHECKING:
    from .store import StatementStore

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


def statement_view_rows(store: StatementStore, view: str, bound: dict[str, Any]) -> list[dict[str, Any]]:
    """A view's rows read from the statements, narrowed as the graph's forms narrow them.

    ``doc`` and ``docs`` read only those documents' statement files; ``drug``
    keeps rows whose ``drug``/``drugs`` name it.  Patients carry no drug in
    their statements (the graph links them to regimens), so a drug-narrowed
    patients view needs a graph backend: said, not silently ignored.
    """
    docs: set[str] | None = None
    if bound.get("docs"):
        docs = set(bound["docs"])
    if bound.get("doc"):
        docs = {bound["doc"]} if docs is None else docs & {bound["doc"]}
    rows = view_rows(store.facts(sorted(docs) if docs is not None else None), view)
    drug = bound.get("drug")
    if drug:
        if not any(k in VIEW_FIELDS[view] for k in ("drug", "drugs")):
            raise ValueError(f"the statements do not say which {view} go with a drug: use --backend rdf, rdflib or bolt")
        rows = [r for r in rows if drug in _names(r.get("drug", r.get("drugs")))]
    return rows


def _names(v: Any) -> list[str]:
    return [v] if isinstance(v, str) else list(v or [])
