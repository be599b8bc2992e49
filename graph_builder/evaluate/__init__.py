"""EVALUATE stage: score extracted facts against hand-curated gold files.

The rules (keys per view, normalisations, greedy first-match) are those of
``shared/spec/facts.md``; see ``match.py`` for the key table and
``normalise.py`` for the tolerant comparisons.

Typical use::

    gold = load_gold(Path("../shared/gold"))
    report = score(gold, from_facts(facts))
    report.render(console)
"""

from __future__ import annotations

from .gold import load_gold, load_gold_kinds
from .match import ATTRIBUTES, KEY_FIELDS, VIEWS, match_rows
from .predictions import from_facts, from_view_rows
from .report import AttrMismatch, DocScore, EvalReport, FieldScore, ViewScore, score

__all__ = [
    "ATTRIBUTES", "KEY_FIELDS", "VIEWS", "AttrMismatch", "DocScore", "EvalReport", "FieldScore",
    "ViewScore", "from_facts", "from_view_rows", "load_gold", "load_gold_kinds", "match_rows", "score",
]
