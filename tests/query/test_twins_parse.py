"""Every SPARQL twin parses in rdflib and pyoxigraph; API docstring examples run."""

import doctest
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from graph_builder import service
from graph_builder.load.oxigraph import bind_values
from graph_builder.query import api, catalog
from graph_builder.query.catalog import write_lists

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(catalog()))
def test_sparql_twin_parses_in_both_engines(name):
    q = catalog()[name]
    lists = {p.name: ["x", 'y"'] for p in q.parameters if p.type == "list[str]"}
    for text in [q.sparql] + [f.sparql for f in q.forms]:
        prepareQuery(text)
        prepareQuery(write_lists(text, lists))
        bound = {p.name: p.default or "x" for p in q.parameters if p.name not in lists}
        list(ox.Store().query(bind_values(write_lists(text, lists), bound)))


def test_cypher_twins_are_collected_for_the_linter():
    from graph_builder.lint import collect_statements

    names = set(collect_statements())
    assert all(any(n.endswith(f"{q.name}.cypher") for n in names) for q in catalog().values())
    assert all(any(n.endswith(f"{f.stem}.cypher") for n in names) for q in catalog().values() for f in q.forms)


def test_api_docstring_examples(tmp_path):
    service.build([ROOT / "examples" / "docs"], tmp_path, stores=["rdf"], jobs=1)
    assert api.KnowledgeGraph.open(tmp_path).query("drug_targets")
    failures, tried = doctest.testmod(api, globs={"DATA": tmp_path, "KnowledgeGraph": api.KnowledgeGraph},
                                      optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_readme_python_examples(tmp_path, monkeypatch):
    data = tmp_path / "kg-data" / "examples"
    service.build([ROOT / "examples" / "docs"], data, stores=["rdf"], jobs=1)
    monkeypatch.chdir(tmp_path)
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                                       optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert tried >= 8 and failures == 0


def test_bound_values_are_escaped_literals_not_text():
    """A parameter is written by pyoxigraph's own serialiser: quotes and braces stay inside the literal."""
    nasty = 'x" } ; DROP ALL ; # \\ \n'
    text = bind_values("SELECT ?a ?b ?c WHERE { BIND(?p_drug AS ?a) BIND(?p_drug_a AS ?b) BIND(?p_none AS ?c) }",
                       {"drug": nasty, "drug_a": 3, "none": None})
    (row,) = list(ox.Store().query(text))
    assert row["a"].value == nasty and row["b"].value == "3" and row["c"] is None
