"""Raw rows → the canonical view rows of facts.md, the same for every backend.

The view queries return one row per (fact, evidence span); here rows are
grouped per fact, drug lists are sorted, and the evidence becomes a list,
so a SPARQL answer and a Cypher answer compare equal field for field.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from ..emit.rows import VIEW_FIELDS

_EV = ("ev_doc", "ev_start", "ev_end", "ev_text", "ev_section", "ev_extractor", "ev_confidence", "ev_page")


def _drugs(v: Any) -> list[str]:
    if v is None:
        return []
    items = v.split("|") if isinstance(v, str) else list(v)
    return sorted({x for x in items if x})


def _num(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return v
    return v


def view_rows(view: str, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple, dict[str, Any]] = {}
    for r in raw:
        key = (r["fact"], r.get("doc"))
        row = groups.get(key)
        if row is None:
            row = {"doc": r.get("doc")}
            drugs = _drugs(r.get("drugs"))
            for f in VIEW_FIELDS[view]:
                if f in ("drugs",):
                    row[f] = drugs if view != "survival" else (drugs or None)
                elif f == "drug" and view in ("adverse_events", "cohort_outcomes"):
                    row[f] = None if not drugs else (drugs[0] if len(drugs) == 1 else drugs)
                elif f == "regimen":
                    name = r.get("regimen", r.get("name"))
                    if view == "adverse_events":
                        if name:
                            row[f] = name
                    elif name and not drugs:
                        row[f] = name
                elif f in ("amount", "value", "percent"):
                    row[f] = None if r.get(f) is None else float(r[f])
                else:
                    row[f] = r.get(f)
            row["evidence"] = []
            groups[key] = row
        ev = {"doc": r["ev_doc"], "start": r["ev_start"], "end": r["ev_end"], "text": r["ev_text"],
              "section": r.get("ev_section"), "extractor": r.get("ev_extractor"), "confidence": r.get("ev_confidence")}
        if r.get("ev_page") is not None:  # only PDF evidence has a page; a text source's span keeps its shape
            ev["page"] = int(r["ev_page"])
        if ev not in row["evidence"]:
            row["evidence"].append(ev)
    out = list(groups.values())
    for row in out:
        row["evidence"].sort(key=lambda e: (e["doc"], e["start"], e["end"]))
    out.sort(key=lambda r: (r["doc"] or "", str([r.get(k) for k in VIEW_FIELDS[view]]), str(r["evidence"][:1])))
    return out


def evidence_text(ev: dict[str, Any]) -> str:
    """An evidence span as a table or CSV cell: its text, after "p. N: " where it has a PDF page
    (the offsets alone do not tell a reader where in the PDF to look)."""
    page = ev.get("page")
    return ev["text"] if page is None else f"p. {page}: {ev['text']}"


def write_csv(rows: list[dict[str, Any]], out: TextIO, columns: list[str] | None = None) -> None:
    """Rows as CSV — lists as JSON, a view's evidence sentences joined — the same for ``kg query`` and the web API."""
    cols = columns if columns is not None else [k for k in (rows[0] if rows else {}) if k != "evidence"]
    has_ev = bool(rows) and "evidence" in rows[0]
    w = csv.writer(out)
    w.writerow(cols + (["evidence"] if has_ev else []))
    for r in rows:
        ev = ["; ".join(evidence_text(e) for e in r["evidence"])] if has_ev else []
        w.writerow([json.dumps(r.get(c)) if isinstance(r.get(c), list) else r.get(c) for c in cols] + ev)
