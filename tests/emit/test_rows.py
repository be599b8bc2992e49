"""Statement rows: a span of a PDF says its page; a span of a text source keeps the shape it always had."""

from graph_builder.emit import StatementStore, view_rows
from graph_builder.models import Dose, Evidence


def test_pdf_rows_say_the_page(pdf_library):
    facts = list(StatementStore(pdf_library).facts())
    case = {v: view_rows(facts, v) for v in ("patients", "treatments", "doses", "responses")}
    for view, rows in case.items():
        assert rows, f"the case on page 2 gave no {view}"
        assert {ev["page"] for r in rows for ev in r["evidence"]} == {2}, view
    (dose,) = case["doses"]
    assert (dose["drug"], dose["amount"]) == ("sunitinib", 50.0)
    assert "61-year-old" in dose["evidence"][0]["text"]
    targets = view_rows(facts, "drug_targets")
    assert {r["target"] for r in targets} >= {"KDR"}
    assert {ev["page"] for r in targets for ev in r["evidence"]} == {1}


def test_text_rows_have_no_page_key():
    ev = Evidence(doc="a", start=0, end=4, text="text", extractor="test")
    (row,) = view_rows([Dose(doc="a", drug="apatinib", amount=1, unit="mg", evidence=[ev])], "doses")
    assert list(row["evidence"][0]) == ["doc", "start", "end", "text", "section", "extractor", "confidence"]
