"""Which nodes belong to one document, and which several documents share.

A document's own nodes (its patients, regimens, outcomes, evidence...)
carry its ``docId`` and go when the document is removed or re-extracted.
Shared nodes — a drug, a target, a disease, a drug–target statement —
have no ``docId``: they stay while any document still refers to them,
and go with the last one (the stores' garbage collection, written once
per query language in ``load/``).  Per-drug tallies are neither: each
store recomputes them from its facts (``load/tallies.py``).
"""

from __future__ import annotations

from .schema import schema

SHARED_LABELS: frozenset[str] = frozenset({"Drug", "Target", "TargetFamily", "Disease", "DrugTargetStatement"})
"""Labels of nodes that no one document owns (the builder gives them no ``docId``)."""

ORPHAN_LABELS: tuple[str, ...] = ("Drug", "Target", "TargetFamily", "Disease")
"""Shared entities that mean nothing without a fact pointing at them."""


TALLY_LABELS: frozenset[str] = frozenset({"AdverseEventTally", "ResponseTally"})
"""Labels of per-drug counts the stores derive from their facts (``load/tallies.py``): neither owned by a document
nor written by the builder."""


def document_labels() -> tuple[str, ...]:
    """Labels of nodes owned by one document (each has ``docId``), in a stable order."""
    return tuple(sorted(schema().labels - SHARED_LABELS - TALLY_LABELS))
