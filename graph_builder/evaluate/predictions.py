"""Shaping predictions into the ``doc -> view -> rows`` form ``score`` takes.

Predictions arrive either as pipeline ``Fact`` objects or as the rows
``kg query VIEW --format json`` prints (each carrying its ``doc``); both
are regrouped here so the scorer never needs to know where they came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..models import Fact
from .match import VIEWS

Predicted = dict[str, dict[str, list[dict[str, Any]]]]


def from_facts(facts: Iterable[Fact]) -> Predicted:
    """Group pipeline facts by document and view, as plain row dicts."""
    out: Predicted = {}
    for fact in facts:
        out.setdefault(fact.doc, {}).setdefault(fact.view, []).append(fact.row())
    return out


def from_view_rows(rows_by_view: Mapping[str, Sequence[Mapping[str, Any]]]) -> Predicted:
    """Group query output (view -> rows, each row with a ``doc`` field) by document.

    Rows without a ``doc`` cannot be attributed to a gold file and raise.
    """
    out: Predicted = {}
    for view, rows in rows_by_view.items():
        if view not in VIEWS:
            continue
        for i, row in enumerate(rows):
            doc = row.get("doc")
            if not doc:
                raise ValueError(f"{view}[{i}] has no 'doc' field; cannot score it")
            out.setdefault(str(doc), {}).setdefault(view, []).append(dict(row))
    return out
