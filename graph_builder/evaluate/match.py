"""Key matching and attribute comparison, view by view.

``shared/spec/facts.md`` defines, per view, which fields make a fact
"found" (the key) and says the rest are scored as attribute accuracy.
This module turns that table into code: one key predicate per view, one
comparator per attribute field, and the greedy one-to-one matching the
spec prescribes (gold rows in order, each takes the first unused
predicted row whose key matches).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import FACT_TYPES, VIEWS  # noqa: F401 - re-exported for the evaluator's callers
from . import normalise as nz

Row = Mapping[str, Any]
KeyMatcher = Callable[[Row, Row], bool]
Comparator = Callable[[Any, Any], bool]

KEY_FIELDS: dict[str, tuple[str, ...]] = {view: t.score_key for view, t in FACT_TYPES.items()}
"""The key columns of facts.md (value+unit counts as two fields), as each family declares them."""

NOT_SCORED: frozenset[str] = frozenset({"doc", "evidence", "regimen", "notes", "kind"})
"""Never attribute-scored: provenance, free text, or (``regimen``) already part of the key rule."""


def _same_patient(a: Row, b: Row) -> bool:
    return nz.patient(a.get("patient")) == nz.patient(b.get("patient"))


def _same_drug(a: Any, b: Any) -> bool:
    return nz.drug_set(a) == nz.drug_set(b)


def _same_regimen(a: Row, b: Row) -> bool:
    """Drug sets equal; two rows with ``drugs: []`` compare their regimen names."""
    da, db = nz.drug_set(a.get("drugs")), nz.drug_set(b.get("drugs"))
    if da or db:
        return da == db
    return nz.same_regimen_name(a.get("regimen"), b.get("regimen"))


def _same_ae_drug(a: Row, b: Row) -> bool:
    """facts.md: an adverse event's drugs match when one set contains the other.

    A combination's event may be reported for the study drug alone or for the
    whole drug list; both are right.  An empty set (no drug named) matches
    only another empty set, where named regimens must agree if both are named.
    """
    da, db = nz.drug_set(a.get("drug")), nz.drug_set(b.get("drug"))
    if da or db:
        return bool(da) and bool(db) and (da <= db or db <= da)
    if nz.regimen_name(a.get("regimen")) and nz.regimen_name(b.get("regimen")):
        return nz.same_regimen_name(a.get("regimen"), b.get("regimen"))
    return True


def _upper(value: Any) -> str | None:
    s = nz.text(value)
    return None if s is None else s.upper()


KEY_MATCHERS: dict[str, KeyMatcher] = {
    "drug_targets": lambda g, p: _same_drug(g.get("drug"), p.get("drug"))
    and _upper(g.get("target")) == _upper(p.get("target")),
    "patients": _same_patient,
    "treatments": lambda g, p: _same_patient(g, p) and _same_regimen(g, p),
    "doses": lambda g, p: _same_patient(g, p)
    and _same_drug(g.get("drug"), p.get("drug"))
    and nz.same_amount(g.get("amount"), p.get("amount"))
    and nz.unit(g.get("unit")) == nz.unit(p.get("unit")),
    # Response codes are case-sensitive: nCR (near-complete) is not CR.
    "responses": lambda g, p: _same_patient(g, p) and _same_regimen(g, p)
    and str(g.get("response") or "").strip() == str(p.get("response") or "").strip(),
    "survival": lambda g, p: _same_patient(g, p)
    and _upper(g.get("endpoint")) == _upper(p.get("endpoint"))
    and nz.same_quantity(g.get("value"), g.get("unit"), p.get("value"), p.get("unit")),
    "adverse_events": lambda g, p: _same_ae_drug(g, p)
    and nz.text(g.get("event")) == nz.text(p.get("event"))
    and nz.grade(g.get("grade")) == nz.grade(p.get("grade")),
    "cohort_outcomes": lambda g, p: nz.measure(g.get("measure")) == nz.measure(p.get("measure"))
    and nz.same_value(g.get("value"), g.get("unit"), p.get("value"), p.get("unit")),
}

ATTRIBUTES: dict[str, dict[str, Comparator]] = {
    "drug_targets": {},
    "patients": {"age": nz.same_number, "sex": lambda a, b: nz.sex(a) == nz.sex(b),
                 "diagnosis": nz.contains_text},
    "treatments": {"start": nz.same_text, "end": nz.same_text, "line": nz.same_number},
    "doses": {"frequency": lambda a, b: nz.frequency(a) == nz.frequency(b)},
    "responses": {},
    "survival": {"drugs": _same_drug, "qualifier": lambda a, b: nz.qualifier(a) == nz.qualifier(b)},
    "adverse_events": {"patient": lambda a, b: nz.patient(a) == nz.patient(b),
                       "n": nz.same_number, "percent": nz.same_number},
    "cohort_outcomes": {"cohort": lambda a, b: nz.cohort(a) == nz.cohort(b),
                        "drug": _same_drug, "unit": lambda a, b: nz.unit(a) == nz.unit(b),
                        "n": nz.same_number, "N": nz.same_number},
}
"""Declared non-key fields, scored whenever the gold row has them (a missing prediction counts as null)."""


def attribute_agreement(view: str, gold: Row, pred: Row) -> dict[str, bool]:
    """Per non-key field of a matched pair: does the prediction agree with gold?

    Declared fields count when present in the gold row; any other field
    (``ci``, ``p``) counts only when present in both rows, so gold-only
    extras do not penalise extractors that never emit them.
    """
    declared = ATTRIBUTES[view]
    skip = set(KEY_FIELDS[view]) | NOT_SCORED
    out: dict[str, bool] = {}
    for name, gval in gold.items():
        if name in skip:
            continue
        if name in declared:
            out[name] = declared[name](gval, pred.get(name))
        elif name in pred:
            out[name] = nz.same_generic(gval, pred[name])
    return out


@dataclass
class Matching:
    """Outcome of matching one document's rows of one view."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    unmatched_gold: list[int] = field(default_factory=list)
    unmatched_pred: list[int] = field(default_factory=list)


def match_rows(view: str, gold: Sequence[Row], pred: Sequence[Row]) -> Matching:
    """Greedy one-to-one matching in gold order (facts.md: "first match wins").

    Each predicted row is used at most once, so duplicate predictions are
    false positives and a key listed twice in gold needs two predictions.
    """
    matches = KEY_MATCHERS[view]
    used = [False] * len(pred)
    result = Matching()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not used[pi] and matches(g, p):
                used[pi] = True
                result.pairs.append((gi, pi))
                break
        else:
            result.unmatched_gold.append(gi)
    result.unmatched_pred = [pi for pi, u in enumerate(used) if not u]
    return result
