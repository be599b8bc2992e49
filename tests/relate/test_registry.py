"""The relation stage runs one registered rule per family, each on its own."""

from __future__ import annotations

import gc

import pytest

from graph_builder.models import Dose, VIEWS
from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import RULES, relate
from graph_builder.relate import registry
from graph_builder.relate.attach import ResponseFound, responses
from graph_builder.relate.document import DocumentContext
from graph_builder.segment import segment

CASE = ("A 58-year-old woman with metastatic renal cell carcinoma received sunitinib 50 mg daily. "
        "After three months a CT scan showed a partial response. She developed grade 2 hypertension.")
STUDY = ("Forty patients with advanced gastric cancer were enrolled in this phase II trial and received "
         "apatinib 500 mg once daily as second-line therapy. The objective response rate was 20%. "
         "Grade 3 hypertension occurred in 4 patients (10%).")


def _rec(text: str, doc_id: str = "doc"):
    return recognise(segment(SourceDocument.from_text(text, doc_id)))


def test_every_family_has_one_rule_in_view_order() -> None:
    assert set(RULES) == set(VIEWS)
    assert all(rule.cases or rule.study for rule in RULES.values())


def test_a_rule_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register("doses", cases=lambda doc, em: None)


def test_a_failing_rule_loses_its_own_family_only(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = {f.view for f in relate(_rec(CASE))}
    assert {"patients", "treatments", "doses", "responses", "adverse_events"} <= whole

    def half_then_fail(doc: DocumentContext, em) -> None:
        a = doc.facts[0]
        em.add(Dose(doc=doc.doc_id, patient=1, drug="sunitinib", amount=1, unit="mg"), em.evidence(a))
        raise RuntimeError("broken rule")

    monkeypatch.setitem(RULES, "doses", registry.Rule("doses", cases=half_then_fail))
    warnings: list[str] = []
    facts = relate(_rec(CASE), warnings)
    assert warnings == ["doses: RuntimeError: broken rule"]
    assert {f.view for f in facts} == whole - {"doses"}  # the half-made dose is dropped too
    with pytest.raises(RuntimeError):
        relate(_rec(CASE))  # without a warnings list the failure is raised


def test_case_context_shares_each_patients_timeline() -> None:
    doc = DocumentContext(_rec(CASE))
    assert not doc.is_study and [p.number for p in doc.patients] == [1]
    case = doc.patients[0]
    assert [r.drugs for r in case.timeline.regimens] == [["sunitinib"]]
    assert case.timeline is case.timeline  # built once, shared by every rule
    found = [o.found for a in case.body for o in responses(a, 1, case.timeline)]
    assert found == [ResponseFound("PR")]


def test_study_context_reads_the_design_once() -> None:
    doc = DocumentContext(_rec(STUDY))
    assert doc.is_study and doc.main == "apatinib"
    assert [r.drugs for r in doc.study.regimens] == [["apatinib"]]
    assert doc.study.line == 2 and doc.study.size == 40
    rows = {(f.view, getattr(f, "measure", None) or getattr(f, "event", None)) for f in relate(_rec(STUDY))}
    assert ("cohort_outcomes", "ORR") in rows and ("adverse_events", "hypertension") in rows


@pytest.mark.parametrize("text", [CASE, STUDY], ids=["case", "study"])
def test_relate_leaves_nothing_for_the_cycle_collector(text: str) -> None:
    """The study refers back to its document, and a sentence's clauses to their sentence: relate lets go of both
    when the rules are done, so the document is freed by reference counting (the pipeline pauses the collector)."""
    rec = _rec(text)
    was_on = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        facts = relate(rec)
        del rec
        assert facts and gc.collect() == 0
    finally:
        if was_on:
            gc.enable()
