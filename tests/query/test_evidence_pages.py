"""The page of PDF evidence reaches every reader: the saved views on each backend, and `kg query`'s table and CSV."""

import json

import pytest
from typer.testing import CliRunner

from graph_builder.cli import app
from graph_builder.emit import StatementStore
from graph_builder.emit import view_rows as statement_rows
from graph_builder.graph.build import build_graph
from graph_builder.load.contract import open_store
from graph_builder.models import VIEWS
from graph_builder.query import KnowledgeGraph

CASE_VIEWS = ("patients", "treatments", "doses", "responses")  # the facts of the case on page 2


def _spans(rows):
    """Each row's evidence as (doc, start, end, text, page): the extractor of a span two facts share may differ."""
    return [sorted((e["doc"], e["start"], e["end"], e["text"], e.get("page")) for e in r["evidence"]) for r in rows]


def _pages(rows):
    return {e.get("page") for r in rows for e in r["evidence"]}


@pytest.mark.parametrize("backend", ["rdf", "rdflib"])
def test_rdf_views_give_the_page_of_the_statements(pdf_library, backend):
    facts = list(StatementStore(pdf_library).facts())
    with KnowledgeGraph.open(pdf_library, backend) as kg:
        for view in VIEWS:
            got = kg.query(view).dicts()
            assert _spans(got) == _spans(statement_rows(facts, view)), view
        for view in CASE_VIEWS:
            assert _pages(kg.query(view).dicts()) == {2}, view
            assert {e.page for r in kg.query(view) for e in r.evidence} == {2}, view  # the typed rows too
        assert _pages(kg.query("drug_targets").dicts()) == {1}
        (ev,) = kg.query("evidence_for_drug_target", drug="sunitinib", target="KDR")
        assert ev.page == 1 and ev.text.startswith("Sunitinib")


def test_bolt_views_agree_with_rdf_on_the_page(pdf_library, bolt_target):
    store = open_store("bolt", target=bolt_target)
    store.execute("MATCH (n) DETACH DELETE n")
    try:
        store.load(build_graph(StatementStore(pdf_library).facts()))
        with KnowledgeGraph(store) as bolt, KnowledgeGraph.open(pdf_library) as rdf:
            for view in VIEWS:
                assert _spans(bolt.query(view).dicts()) == _spans(rdf.query(view).dicts()), view
            for view in CASE_VIEWS:
                assert _pages(bolt.query(view).dicts()) == {2}, view
            args = {"drug": "sunitinib", "target": "KDR"}
            assert bolt.query("evidence_for_drug_target", **args).dicts() == \
                rdf.query("evidence_for_drug_target", **args).dicts()
    finally:
        store.execute("MATCH (n) DETACH DELETE n")
        store.close()


@pytest.mark.parametrize("backend", ["statements", "rdf"])
def test_table_and_csv_put_the_page_before_the_text(pdf_library, backend):
    runner = CliRunner()
    base = ["query", "doses", "--data", str(pdf_library), "--backend", backend]
    csv = runner.invoke(app, [*base, "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert "p. 2: A 61-year-old man" in csv.stdout
    table = runner.invoke(app, [*base, "--format", "table"])
    assert table.exit_code == 0, table.output
    assert "│ p. 2: A" in table.stdout  # the cell wraps on a narrow terminal; its first line starts with the page
    (row,) = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert row["evidence"][0]["page"] == 2
