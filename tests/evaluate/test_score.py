"""Tests for the EVALUATE stage: each facts.md matching rule on tiny hand-made rows."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from graph_builder.evaluate import (
    VIEWS,
    EvalReport,
    from_view_rows,
    load_gold,
    load_gold_kinds,
    score,
)
from graph_builder.evaluate import normalise as nz

GOLD_ROOT = Path("/work/shared/gold")
GOLD_DIRS = [GOLD_ROOT, GOLD_ROOT / "dev"]

Rows = list[dict[str, Any]]


def one(view: str, gold: Rows, pred: Rows, doc: str = "d1") -> EvalReport:
    """Score a single document and view."""
    return score({doc: {view: gold}}, {doc: {view: pred}})


def prf(report: EvalReport, view: str) -> tuple[int, int, int]:
    s = report.views[view]
    return s.tp, s.n_pred, s.n_gold


def hit(view: str, gold_row: dict[str, Any], pred_row: dict[str, Any]) -> bool:
    return one(view, [gold_row], [pred_row]).views[view].tp == 1


# --- matching mechanics -------------------------------------------------------------


def test_duplicate_predictions_are_false_positives() -> None:
    row = {"drug": "apatinib", "target": "KDR"}
    r = one("drug_targets", [row], [row, dict(row)])
    assert prf(r, "drug_targets") == (1, 2, 1)
    assert r.views["drug_targets"].precision == 0.5
    assert r.views["drug_targets"].recall == 1.0
    assert r.docs["d1"].unmatched_pred["drug_targets"] == [row]


def test_duplicate_gold_keys_need_two_predictions() -> None:
    row = {"patient": 2, "drugs": ["temozolomide"], "start": None, "end": None, "line": None}
    r = one("treatments", [row, dict(row)], [row])
    assert prf(r, "treatments") == (1, 1, 2)
    assert len(r.docs["d1"].unmatched_gold["treatments"]) == 1
    r2 = one("treatments", [row, dict(row)], [row, dict(row)])
    assert prf(r2, "treatments") == (2, 2, 2)


def test_greedy_in_gold_order_first_match_wins() -> None:
    # Gold 12 mo takes the first prediction within 3 % (12.3), leaving 12 for nothing.
    gold = [{"patient": 1, "endpoint": "PFS", "value": 12, "unit": "months"},
            {"patient": 1, "endpoint": "PFS", "value": 12.6, "unit": "months"}]
    pred = [{"patient": 1, "endpoint": "PFS", "value": 12.3, "unit": "months"},
            {"patient": 1, "endpoint": "PFS", "value": 12, "unit": "months"}]
    assert prf(one("survival", gold, pred), "survival") == (1, 2, 2)


def test_doc_without_gold_is_ignored() -> None:
    gold = {"a": {"patients": [{"patient": 1}]}}
    pred = {"a": {"patients": [{"patient": 1}]},
            "b": {"patients": [{"patient": 1}, {"patient": 2}]}}
    r = score(gold, pred)
    assert prf(r, "patients") == (1, 1, 1)
    assert r.ignored_docs == ["b"]
    assert "b" not in r.docs


def test_gold_doc_without_predictions_counts_as_missed() -> None:
    r = score({"a": {"patients": [{"patient": 1}]}}, {})
    assert prf(r, "patients") == (0, 0, 1)
    assert r.views["patients"].recall == 0.0
    assert r.views["patients"].precision is None
    assert r.views["patients"].f1 == 0.0


def test_rows_match_only_within_the_same_document() -> None:
    gold = {"a": {"patients": [{"patient": 1}]}, "b": {"patients": [{"patient": 2}]}}
    pred = {"a": {"patients": [{"patient": 2}]}, "b": {"patients": [{"patient": 1}]}}
    assert prf(score(gold, pred), "patients") == (0, 2, 2)


def test_extra_keys_are_ignored() -> None:
    g = {"drug": "apatinib", "target": "KDR"}
    p = {**g, "doc": "d1", "evidence": [{"doc": "d1", "start": 0, "end": 3, "text": "abc"}],
         "drug_id": "X"}
    assert hit("drug_targets", g, p)


def test_micro_average_and_per_doc_breakdown() -> None:
    gold = {"a": {"patients": [{"patient": 1}], "drug_targets": [{"drug": "x", "target": "KDR"}]},
            "b": {"patients": [{"patient": 1}]}}
    pred = {"a": {"patients": [{"patient": 1}], "drug_targets": [{"drug": "y", "target": "KDR"}]},
            "b": {"patients": []}}
    r = score(gold, pred)
    assert (r.micro.tp, r.micro.n_pred, r.micro.n_gold) == (1, 2, 3)
    assert r.docs["a"].micro.tp == 1 and r.docs["b"].micro.n_gold == 1
    assert r.restrict(["b"]).micro.n_gold == 1


# --- normalisation rules -----------------------------------------------------------


def test_drugs_compare_as_lower_case_sets() -> None:
    g = {"patient": 1, "drugs": ["cisplatin", "gemcitabine"], "response": "PD"}
    assert hit("responses", g, {"patient": 1, "drugs": ["Gemcitabine", "CISPLATIN"], "response": "PD"})
    assert not hit("responses", g, {"patient": 1, "drugs": ["gemcitabine"], "response": "PD"})


def test_adverse_event_drug_string_list_or_null() -> None:
    base = {"event": "fever", "grade": None}
    assert hit("adverse_events", {**base, "drug": "apatinib"}, {**base, "drug": ["Apatinib"]})
    assert hit("adverse_events", {**base, "drug": ["everolimus", "pazopanib"]},
               {**base, "drug": ["pazopanib", "everolimus"]})
    assert hit("adverse_events", {**base, "drug": None}, {**base, "drug": []})
    assert not hit("adverse_events", {**base, "drug": None}, {**base, "drug": "apatinib"})
    # facts.md: a combination's event matches the study drug alone or the whole list
    assert hit("adverse_events", {**base, "drug": ["a", "b"]}, {**base, "drug": "a"})
    assert hit("adverse_events", {**base, "drug": "a"}, {**base, "drug": ["a", "b"]})
    assert not hit("adverse_events", {**base, "drug": ["a", "b"]}, {**base, "drug": "c"})
    assert not hit("adverse_events", {**base, "drug": ["a", "b"]}, {**base, "drug": ["a", "c"]})


def test_adverse_event_named_regimen_when_no_drug() -> None:
    g = {"drug": None, "regimen": "TP", "event": "lung infection", "grade": None}
    assert hit("adverse_events", g, {**g, "regimen": "TP regimen"})
    assert not hit("adverse_events", g, {**g, "regimen": "GT"})
    assert hit("adverse_events", g, {"drug": None, "event": "lung infection", "grade": None})


def test_numbers_within_point_one_percent_and_zero_exact() -> None:
    g = {"cohort": "all", "measure": "ORR", "value": 11.6, "unit": "%"}
    assert hit("cohort_outcomes", g, {**g, "value": 11.605})
    assert not hit("cohort_outcomes", g, {**g, "value": 11.5})
    assert hit("cohort_outcomes", g, {**g, "value": "11.6"})
    z = {**g, "measure": "mORR", "value": 0}
    assert hit("cohort_outcomes", z, {**z, "value": 0.0})
    assert not hit("cohort_outcomes", z, {**z, "value": 0.0001})


def test_survival_weeks_vs_months() -> None:
    g = {"patient": 1, "endpoint": "OS", "value": 27, "unit": "weeks", "qualifier": "="}
    assert hit("survival", g, {**g, "value": 6.2, "unit": "months"})  # 27 / 4.345 = 6.21
    assert hit("survival", g, {**g, "value": 6.2, "unit": "mo"})
    assert hit("survival", g, {**g, "unit": "wk"})
    assert not hit("survival", g, {**g, "value": 6.8, "unit": "months"})
    assert not hit("survival", g, {**g, "value": 27, "unit": "months"})


def test_survival_days_and_years() -> None:
    g = {"patient": 1, "endpoint": "PFS", "value": 12, "unit": "months"}
    assert hit("survival", g, {**g, "value": 1, "unit": "year"})
    assert hit("survival", g, {**g, "value": 365, "unit": "days"})
    assert not hit("survival", g, {**g, "value": 13, "unit": "months"})  # 8 % off
    assert hit("survival", g, {**g, "value": 12.3, "unit": "months"})    # within 3 %


def test_survival_patient_and_endpoint_are_key() -> None:
    g = {"patient": 1, "endpoint": "PFS", "value": 12, "unit": "months"}
    assert not hit("survival", g, {**g, "patient": 2})
    assert not hit("survival", g, {**g, "endpoint": "OS"})
    assert hit("survival", g, {**g, "endpoint": "pfs"})


def test_cohort_outcome_time_units_in_months() -> None:
    g = {"cohort": "all", "measure": "median PFS", "value": 143.1, "unit": "days"}
    assert hit("cohort_outcomes", g, {**g, "value": 4.7, "unit": "months"})
    assert not hit("cohort_outcomes", g, {**g, "value": 4.7, "unit": "%"})


def test_measure_lower_case_whitespace_collapsed() -> None:
    g = {"measure": "median PFS", "value": 5}
    assert hit("cohort_outcomes", g, {"measure": "Median  pfs ", "value": 5})
    assert not hit("cohort_outcomes", g, {"measure": "median mPFS", "value": 5})


@pytest.mark.parametrize(("gold", "pred"), [
    ("3", "III"), ("3", "grade 3"), ("3", "Grade III"), ("1-2", "I-II"), ("1-2", "1–2"),
    ("1-2", "1 - 2"), ("3-4", "3/4"), ("3-4", "III/IV"), ("3-4", "grade 3—4"), ("≥3", ">=3"),
    ("≥3", "≥ grade III"), ("2", 2),
])
def test_grade_normalisation(gold: str, pred: Any) -> None:
    base = {"drug": "apatinib", "event": "hypertension"}
    assert hit("adverse_events", {**base, "grade": gold}, {**base, "grade": pred})


@pytest.mark.parametrize(("gold", "pred"), [("3", "2"), ("1-2", "1"), ("3", None), ("≥3", "3")])
def test_grade_mismatch(gold: str, pred: Any) -> None:
    base = {"drug": "apatinib", "event": "hypertension"}
    assert not hit("adverse_events", {**base, "grade": gold}, {**base, "grade": pred})


def test_grade_helper_canonical_forms() -> None:
    assert nz.grade("Grade I–II") == "1-2"
    assert nz.grade("≥ III") == ">=3"
    assert nz.grade(None) is None


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    ("platinum-based", "platinum", True),
    ("platinum-based", "platinum-based chemotherapy", True),
    ("TP", "TP regimen", True),
    ("TP", "tp", True),
    ("GT", "TP", False),
    ("TP", "chemotherapy", False),
])
def test_named_regimen_containment(gold: str, pred: str, ok: bool) -> None:
    g = {"patient": 2, "drugs": [], "regimen": gold, "start": None, "end": None, "line": None}
    p = {"patient": 2, "drugs": [], "regimen": pred}
    assert hit("treatments", g, p) is ok
    assert hit("responses", {**g, "response": "PD"}, {**p, "response": "PD"}) is ok


def test_named_regimen_needs_empty_drugs_on_both_sides() -> None:
    g = {"patient": 1, "drugs": [], "regimen": "TP"}
    assert not hit("treatments", g, {"patient": 1, "drugs": ["cisplatin", "paclitaxel"], "regimen": "TP"})


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    (500, "500", True), (1.8, 1.8000, True), (500, 250, False),
    ("150-200", "150-200", True), ("150-200", "150–200", True), ("150-200", "150 to 200", True),
    ("150-200", 150, False), ("150-200", 200, False), ("150-200", "150-250", False),
])
def test_dose_amounts(gold: Any, pred: Any, ok: bool) -> None:
    g = {"patient": 1, "drug": "temozolomide", "amount": gold, "unit": "mg/m2", "frequency": "daily"}
    assert hit("doses", g, {**g, "amount": pred}) is ok


def test_dose_units_and_drug() -> None:
    g = {"patient": 1, "drug": "temozolomide", "amount": 75, "unit": "mg/m2", "frequency": "daily"}
    assert hit("doses", g, {**g, "unit": "mg/m²"})
    assert hit("doses", g, {**g, "unit": "MG/M2", "drug": "Temozolomide"})
    assert not hit("doses", g, {**g, "unit": "mg"})
    assert not hit("doses", g, {**g, "patient": None})


def test_responses_ncr_is_not_cr() -> None:
    g = {"patient": 1, "drugs": ["apatinib"], "response": "nCR"}
    assert hit("responses", g, dict(g))
    assert not hit("responses", g, {**g, "response": "CR"})
    assert not hit("responses", {**g, "response": "CR"}, g)


def test_patient_null_equals_null() -> None:
    g = {"patient": None, "drugs": ["anlotinib"], "start": None, "end": None, "line": 1}
    assert hit("treatments", g, {**g})
    assert hit("treatments", g, {"drugs": ["anlotinib"]})  # missing patient == null
    assert not hit("treatments", g, {**g, "patient": 1})
    assert hit("patients", {"patient": 2}, {"patient": "2"})


def test_drug_target_symbol_case_insensitive() -> None:
    assert hit("drug_targets", {"drug": "apatinib", "target": "KDR"}, {"drug": "Apatinib", "target": "kdr"})
    assert not hit("drug_targets", {"drug": "apatinib", "target": "KDR"}, {"drug": "apatinib", "target": "FLT1"})


# --- attribute accuracy ------------------------------------------------------------


def test_attribute_accuracy_patients() -> None:
    g = {"patient": 1, "age": 52, "sex": "F", "diagnosis": "HER2-positive breast cancer"}
    r = one("patients", [g], [{"patient": 1, "age": 53, "sex": "female", "diagnosis": "breast cancer"}])
    vs = r.views["patients"]
    assert vs.tp == 1
    assert vs.attr_fields["age"].accuracy == 0.0
    assert vs.attr_fields["sex"].accuracy == 1.0
    assert vs.attr_fields["diagnosis"].accuracy == 1.0  # containment
    assert (vs.attr_correct, vs.attr_total) == (2, 3)
    assert r.docs["d1"].attr_mismatches["patients"][0].fields == ["age"]


def test_attribute_accuracy_missing_pred_field_counts_as_null() -> None:
    g = {"patient": 1, "drugs": ["apatinib"], "start": "2015-08-31", "end": None, "line": None}
    vs = one("treatments", [g], [{"patient": 1, "drugs": ["apatinib"]}]).views["treatments"]
    assert vs.attr_fields["start"].accuracy == 0.0
    assert vs.attr_fields["end"].accuracy == 1.0
    assert vs.attr_fields["line"].accuracy == 1.0


def test_attribute_gold_only_extras_skipped() -> None:
    g = {"cohort": "all", "drug": "apatinib", "measure": "HR", "value": 0.316, "unit": None,
         "n": None, "N": None, "ci": [0.144, 0.696], "p": "<0.001"}
    p = {"cohort": "all", "drug": "apatinib", "measure": "HR", "value": 0.316, "unit": None,
         "n": None, "N": None}
    vs = one("cohort_outcomes", [g], [p]).views["cohort_outcomes"]
    assert set(vs.attr_fields) == {"cohort", "drug", "unit", "n", "N"}
    vs2 = one("cohort_outcomes", [g], [{**p, "p": "< 0.001", "ci": [0.144, 0.7]}]).views["cohort_outcomes"]
    assert vs2.attr_fields["p"].accuracy == 1.0
    assert vs2.attr_fields["ci"].accuracy == 0.0


def test_attribute_survival_drugs_and_qualifier() -> None:
    g = {"patient": 1, "drugs": None, "endpoint": "OS", "value": 80, "unit": "months", "qualifier": "="}
    vs = one("survival", [g], [{**g, "drugs": [], "qualifier": None}]).views["survival"]
    assert vs.attr_accuracy == 1.0
    vs2 = one("survival", [g], [{**g, "qualifier": ">"}]).views["survival"]
    assert vs2.attr_fields["qualifier"].accuracy == 0.0


# --- loading, report output ------------------------------------------------------


def test_load_gold_ignores_non_views_and_fills_missing(tmp_path: Path) -> None:
    (tmp_path / "x1.json").write_text(json.dumps({
        "doc": "x1", "kind": "cohort", "notes": ["n"], "cohort": {"N": 3},
        "patients": [{"patient": 1, "age": 3}]}))
    gold = load_gold(tmp_path)
    assert set(gold["x1"]) == set(VIEWS)
    assert gold["x1"]["patients"] == [{"patient": 1, "age": 3}]
    assert gold["x1"]["doses"] == []
    assert load_gold_kinds(tmp_path) == {"x1": "cohort"}


@pytest.mark.parametrize("content", [
    "{not json", "[]", json.dumps({"patients": {"patient": 1}}),
    json.dumps({"patients": ["x"]}), json.dumps({"doses": [{"patient": 1, "drug": "a"}]}),
    json.dumps({"doc": "other"}),
])
def test_malformed_gold_raises_naming_file(tmp_path: Path, content: str) -> None:
    (tmp_path / "bad.json").write_text(content)
    with pytest.raises(ValueError, match="bad.json"):
        load_gold(tmp_path)


def test_from_view_rows_groups_by_doc() -> None:
    rows = {"patients": [{"doc": "a", "patient": 1}, {"doc": "b", "patient": 1}], "other": [{}]}
    pred = from_view_rows(rows)
    assert set(pred) == {"a", "b"} and pred["a"]["patients"][0]["patient"] == 1
    with pytest.raises(ValueError):
        from_view_rows({"patients": [{"patient": 1}]})


def test_to_json_and_render() -> None:
    r = one("patients", [{"patient": 1}], [{"patient": 1}, {"patient": 2}])
    data = json.loads(r.to_json())
    assert data["views"]["patients"]["precision"] == 0.5
    assert data["micro"]["f1"] == pytest.approx(2 / 3)
    assert data["docs"]["d1"]["unmatched_pred"]["patients"] == [{"patient": 2}]
    buf = io.StringIO()
    r.render(Console(file=buf, width=120))
    out = buf.getvalue()
    assert "patients" in out and "micro" in out and "0.500" in out


# --- the real gold files --------------------------------------------------------------


def _gold_sets() -> list[Path]:
    if not GOLD_ROOT.is_dir():
        pytest.skip("/work/shared gold files are not available")
    return [d for d in GOLD_DIRS if d.is_dir()]


def test_every_gold_file_scores_perfectly_against_itself() -> None:
    for gold_dir in _gold_sets():
        gold = load_gold(gold_dir)
        assert gold, f"no gold files in {gold_dir}"
        report = score(gold, copy.deepcopy(gold))
        for view, vs in report.views.items():
            if vs.n_gold:
                assert (vs.precision, vs.recall, vs.f1) == (1.0, 1.0, 1.0), (gold_dir, view)
                assert vs.attr_accuracy in (None, 1.0), (gold_dir, view)
        for doc, ds in report.docs.items():
            assert not ds.unmatched_gold and not ds.unmatched_pred, doc


def test_perturbing_one_value_lowers_the_score() -> None:
    for gold_dir in _gold_sets():
        gold = load_gold(gold_dir)
        doc, view = next((d, v) for d in sorted(gold) for v in ("survival", "cohort_outcomes", "doses")
                         if gold[d][v])
        pred = copy.deepcopy(gold)
        key = "amount" if view == "doses" else "value"
        row = pred[doc][view][0]
        row[key] = (nz.number(row[key]) or 1.0) * 2 + 1
        base = score(gold, gold).views[view]
        hurt = score(gold, pred).views[view]
        assert hurt.tp == base.tp - 1
        assert hurt.f1 < 1.0 and hurt.recall < 1.0 and hurt.precision < 1.0


def test_perturbing_one_attribute_lowers_attribute_accuracy() -> None:
    for gold_dir in _gold_sets():
        gold = load_gold(gold_dir)
        doc = next((d for d in sorted(gold) if gold[d]["patients"]), None)
        if doc is None:
            continue
        pred = copy.deepcopy(gold)
        pred[doc]["patients"][0]["age"] = (pred[doc]["patients"][0].get("age") or 0) + 10
        vs = score(gold, pred).views["patients"]
        assert vs.f1 == 1.0
        assert vs.attr_accuracy is not None and vs.attr_accuracy < 1.0


def test_from_facts_scores_model_rows() -> None:
    from graph_builder.evaluate import from_facts
    from graph_builder.models import AdverseEvent, Survival

    facts = [Survival(doc="d1", patient=1, endpoint="OS", value=6.2, unit="months"),
             AdverseEvent(doc="d1", drug="apatinib", event="oral mucositis", grade="II")]
    gold = {"d1": {"survival": [{"patient": 1, "drugs": None, "endpoint": "OS", "value": 27,
                                 "unit": "weeks", "qualifier": "="}],
                   "adverse_events": [{"patient": 1, "drug": "apatinib", "event": "oral mucositis",
                                       "grade": "2", "n": None, "percent": None}]}}
    r = score(gold, from_facts(facts))
    assert r.micro.tp == 2 and r.micro.n_pred == 2
    assert r.views["adverse_events"].attr_fields["patient"].accuracy == 0.0


def test_cohort_measure_names_compare_whatever_the_symbols() -> None:
    base = {"cohort": "all", "value": 12.5, "unit": "%"}
    assert hit("cohort_outcomes", {**base, "measure": "grade ≥3 adverse event incidence"},
               {**base, "measure": "Grade >= 3 adverse event incidence"})
    assert hit("cohort_outcomes", {**base, "measure": "grade 3-4 adverse event incidence"},
               {**base, "measure": "grade 3/4 adverse event incidence"})
    assert not hit("cohort_outcomes", {**base, "measure": "grade ≥3 adverse event incidence"},
                   {**base, "measure": "grade 3 adverse event incidence"})
    assert not hit("cohort_outcomes", {**base, "measure": "ORR"}, {**base, "measure": "DCR"})


def test_cohort_labels_compare_without_diacritics_or_an_adverbs_hyphen() -> None:
    g = {"cohort": "previously treated", "drug": "drugmab", "measure": "ORR", "value": 21.0, "unit": "%"}

    def cohort_ok(label: str) -> bool:
        return one("cohort_outcomes", [g], [{**g, "cohort": label}]).views["cohort_outcomes"].attr_fields["cohort"].accuracy == 1.0

    assert cohort_ok("previously-treated") and cohort_ok("Previously  treated")
    assert not cohort_ok("previously untreated") and not cohort_ok("all")
    g["cohort"] = "chemotherapy-naive"
    assert cohort_ok("chemotherapy-naïve") and not cohort_ok("chemotherapy naive")
    g["cohort"] = "all"
    assert cohort_ok(None) and not cohort_ok("low-dose")
