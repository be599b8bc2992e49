"""Every saved query gives the same rows on pyoxigraph, rdflib and Bolt (embedded ArcadeDB)."""

import json
from collections import Counter

import pytest

from graph_builder.emit import StatementStore
from graph_builder.emit import view_rows as statement_rows
from graph_builder.graph.build import build_graph
from graph_builder.models import VIEWS
from graph_builder.query import KnowledgeGraph, catalog
from graph_builder.load.contract import open_store

# parameter values the tests choose, so that each question returns rows on the seeds
PARAMS = {
    "targets_of_drug": {"drug": "apatinib"}, "drugs_targeting": {"gene": "KDR"},
    "responders_by_target": {"gene": "KDR", "response": "PR"}, "adverse_events_of_drug": {"drug": "apatinib"},
    "prior_lines": {"drug": "apatinib"}, "co_administered": {"drug": "apatinib"},
    "evidence_for_drug_target": {"drug": "apatinib", "target": "KDR"}, "documents_mentioning_target": {"gene": "KDR"},
    "shared_targets": {"drug_a": "apatinib", "drug_b": "sorafenib"}, "related_drug_responses": {"drug": "apatinib"},
    "cohort_results_of_drug": {"drug": "apatinib", "measure": ""}, "dose_schedules_of_drug": {"drug": "apatinib"},
    "responses_to_drug": {"drug": "apatinib", "response": ""},
}


@pytest.fixture(scope="module")
def seeds(shared, tmp_path_factory):
    from typer.testing import CliRunner

    from graph_builder.cli import app

    data = tmp_path_factory.mktemp("q")
    r = CliRunner().invoke(app, ["build", str(shared / "corpus" / "seeds"), "--data", str(data), "--no-bolt"])
    assert r.exit_code == 0, r.output
    return data


@pytest.fixture(scope="module")
def bolt_kg(seeds, bolt_target):
    store = open_store("bolt", target=bolt_target)
    store.execute("MATCH (n) DETACH DELETE n")
    store.load(build_graph(StatementStore(seeds).facts()))
    with KnowledgeGraph(store) as kg:
        yield kg


def _canon(rows):
    return [json.dumps(r, sort_keys=True, default=str) for r in rows]


def test_catalog_has_views_and_questions():
    cat = catalog()
    assert {n for n, q in cat.items() if q.kind == "view"} == set(VIEWS)
    assert len([q for q in cat.values() if q.kind != "view"]) >= 12
    for q in cat.values():
        assert q.title and q.description and q.columns
        for p in q.parameters:  # every parameter is bound in the twins used when it is given, never pasted
            given = q.form({p.name: "x"}) or q
            assert f"?p_{p.name}" in given.sparql and f"${p.name}" in given.cypher, (q.name, p.name)
        lists = [p.name for p in q.parameters if p.type == "list[str]"]
        assert [f.when for f in q.forms][:len(lists)] == lists  # a list's own form comes first: no other twin takes lists
        for f in q.forms:  # a form takes every other parameter of its question
            assert all(f"?p_{p.name}" in f.sparql and f"${p.name}" in f.cypher for p in q.parameters
                       if p.name not in lists or p.name == f.when), (q.name, f.stem)


def test_the_catalog_chooses_the_form_once():
    q = catalog()["doses"]
    assert [f.when for f in q.forms] == ["docs", "doc", "drug"]
    assert q.text("sparql", q.bind({})) == q.sparql and q.text("cypher", q.bind({})) == q.cypher
    assert q.text("cypher", q.bind({"doc": "d1"})) == q.forms[1].cypher
    assert q.text("sparql", q.bind({"drug": "apatinib"})) == q.forms[2].sparql
    assert q.form(q.bind({"doc": "d1", "drug": "apatinib"})).when == "doc"  # the first form given wins
    assert q.form(q.bind({"docs": [], "drug": "apatinib"})).when == "drug"  # an empty list is not given
    assert "{docId: $doc}" in q.forms[1].cypher and "{name: $drug}" in q.forms[2].cypher
    text, params = q.render("sparql", q.bind({"docs": ['d"1', "d2"]}))
    assert 'VALUES ?p_docs { "d\\"1" "d2" }' in text and "docs" not in params  # written escaped, never raw
    assert q.render("cypher", q.bind({"docs": "d1, d2"}))[1]["docs"] == ["d1", "d2"]  # the CLI's comma form


@pytest.mark.parametrize("name", sorted(catalog()))
def test_same_rows_on_every_backend(name, seeds, bolt_kg):
    params = PARAMS.get(name, {})
    ox = KnowledgeGraph.open(seeds).query(name, **params).dicts()
    rl = KnowledgeGraph.open(seeds, "rdflib").query(name, **params).dicts()
    bo = bolt_kg.query(name, **params).dicts()
    assert ox, f"{name} returned nothing on the seeds: choose other parameters"
    assert ox == rl
    if catalog()[name].kind == "view":  # evidence props of a shared span may come from either fact: compare spans
        for rows in (ox, bo):
            for r in rows:
                r["evidence"] = [(e["doc"], e["start"], e["end"], e["text"]) for e in r["evidence"]]
    assert _canon(ox) == _canon(bo)


def _bound_cases():
    """(query, parameters): each view for one document, one drug and both; each drug question for another drug."""
    cases = []
    for name, q in sorted(catalog().items()):
        takes = {p.name for p in q.parameters}
        if q.kind == "view":
            cases += [(name, {"doc": SEED_DOC}), (name, {"drug": "apatinib"}), (name, {"drug": "*"}),
                      (name, {"doc": SEED_DOC, "drug": "apatinib"})]
        elif "drug" in takes:
            cases.append((name, {**PARAMS.get(name, {}), "drug": "pyrotinib"}))
    return cases


SEED_DOC = "001_c334a1871698e7bf"


def _drugs_of(view, row):
    if view == "patients":
        return None
    v = row.get("drugs", row.get("drug"))
    return [v] if isinstance(v, str) else list(v or [])


@pytest.mark.parametrize("name,params", _bound_cases(), ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()))
def test_bound_forms_same_rows_on_every_backend(name, params, seeds, bolt_kg):
    """The one-document and one-drug forms: the same rows on every backend, and (views) the plain rows filtered.

    ``drug="*"`` stands for the last drug the view's plain rows name, so each view's drug form returns rows.
    """
    if params.get("drug") == "*":
        named = [d for r in KnowledgeGraph.open(seeds).query(name).dicts() for d in _drugs_of(name, r) or []]
        params = {"drug": named[-1] if named else "apatinib"}
    ox = KnowledgeGraph.open(seeds).query(name, **params).dicts()
    assert ox == KnowledgeGraph.open(seeds, "rdflib").query(name, **params).dicts()
    bo = bolt_kg.query(name, **params).dicts()
    if catalog()[name].kind == "view":
        every = KnowledgeGraph.open(seeds).query(name).dicts()
        expected = [r for r in every if params.get("doc") in (None, r["doc"])
                    and (params.get("drug") is None or _drugs_of(name, r) is None or params["drug"] in _drugs_of(name, r))]
        if name == "patients" and "drug" in params:  # patients have no drug column: the form's rows are a subset
            assert all(r in every for r in ox) and (("doc" in params) or ox)
        else:
            assert ox == expected and (ox or params.get("drug") == "apatinib" or "doc" in params)
        for rows in (ox, bo):
            for r in rows:
                r["evidence"] = [(e["doc"], e["start"], e["end"], e["text"]) for e in r["evidence"]]
    assert _canon(ox) == _canon(bo)


def test_the_bolt_loader_indexes_every_lookup_key(bolt_kg):
    from graph_builder.load.bolt import lookup_keys

    have = {(r["labelsOrTypes"][0], r["properties"][0]) for r in bolt_kg.cypher("SHOW INDEXES")
            if len(r["labelsOrTypes"] or []) == 1 and len(r["properties"] or []) == 1}
    keys = lookup_keys()
    assert ("Dose", "docId") in keys and ("Evidence", "docId") in keys and ("Drug", "name") in keys
    assert ("Target", "symbol") in keys and set(keys) <= have


@pytest.mark.parametrize("view", VIEWS)
def test_views_answer_what_extraction_stated(view, seeds):
    facts = list(StatementStore(seeds).facts())
    expected = [{k: v for k, v in r.items() if k != "evidence"} for r in statement_rows(facts, view)]
    got = [{k: v for k, v in r.items() if k != "evidence"} for r in KnowledgeGraph.open(seeds).query(view).dicts()]
    assert sorted(_canon(expected)) == sorted(_canon(got))


def test_bad_parameters_are_clear_errors(seeds):
    kg = KnowledgeGraph.open(seeds)
    with pytest.raises(ValueError, match="has no parameter"):
        kg.query("targets_of_drug", drg="apatinib")
    with pytest.raises(KeyError, match="no saved query"):
        kg.query("nonsense")


def test_every_column_declares_its_type():
    for q in catalog().values():
        assert q.columns and all(isinstance(t, str) for t in q.columns.values()), q.name


def test_an_untyped_column_list_is_refused():
    from graph_builder.query.catalog import SavedQuery

    with pytest.raises(ValueError, match="columns must be a table"):
        SavedQuery(name="x", group="g", title="t", description="d", columns=["a"], sparql="", cypher="")
    with pytest.raises(ValueError, match="unknown column type"):
        SavedQuery(name="x", group="g", title="t", description="d", columns={"a": "decimal"}, sparql="", cypher="")


def test_dataframes_keep_integer_columns_integer(seeds):
    pd = pytest.importorskip("pandas")
    kg = KnowledgeGraph.open(seeds)
    df = kg.query("treatments").to_dataframe()
    assert str(df["patient"].dtype) == "Int64" and str(df["line"].dtype) == "Int64"
    assert df["line"].isna().any() and df["patient"].isna().any()  # nulls did not make them float
    assert str(df["doc"].dtype) == "string"
    assert isinstance(df["drugs"].iloc[0], list)
    empty = kg.query("treatments", doc="no-such-document").to_dataframe()
    assert list(empty.columns) == list(catalog()["treatments"].columns) and str(empty["line"].dtype) == "Int64"


def _pages(kg: KnowledgeGraph, name: str, size: int, **params) -> list:
    out, n = [], 1
    while True:
        rows = kg.page(name, page=n, size=size, **params)
        if not rows.documents:
            return out
        assert len(rows.documents) <= size and all(r.doc in rows.documents for r in rows)  # rows of the page's documents
        out.append(rows)
        n += 1


@pytest.mark.parametrize("view", VIEWS)
def test_pages_of_documents_give_every_row_once_on_every_backend(view, seeds, bolt_kg):
    """Page after page (two documents each, with and without a drug) gives the view's rows, each once."""
    ox = KnowledgeGraph.open(seeds)
    bo = KnowledgeGraph(bolt_kg.store, library=seeds)
    named = Counter(d for r in ox.query(view).dicts() for d in _drugs_of(view, r) or [])
    for params in ({}, {"drug": named.most_common(1)[0][0] if named else "apatinib"}):
        whole = sorted(_canon(ox.query(view, **params).dicts()))
        pages = _pages(ox, view, 2, **params)
        docs = [d for p in pages for d in p.documents]
        assert docs == sorted(set(docs))  # in id order, no document twice
        assert sorted(_canon([r for p in pages for r in p.dicts()])) == whole
        assert [p.dicts() for p in _pages(bo, view, 2, **params)] == [p.dicts() for p in pages]
    assert whole or view == "cohort_outcomes"


PAGED_QUESTIONS = sorted(n for n, q in catalog().items() if q.kind != "view" and "docs" in {p.name for p in q.parameters})


@pytest.mark.parametrize("name", PAGED_QUESTIONS)
def test_pages_of_a_question_give_every_row_once_on_every_backend(name, seeds, bolt_kg):
    """A question that lists rows per document (doses of a drug, lines before it...) pages like a view."""
    ox = KnowledgeGraph.open(seeds)
    bo = KnowledgeGraph(bolt_kg.store, library=seeds)
    whole = sorted(_canon(ox.query(name, **PARAMS[name]).dicts()))
    pages = _pages(ox, name, 2, **PARAMS[name])
    assert whole and len(pages) > 1  # the seeds answer it, over several pages
    assert sorted(_canon([r for p in pages for r in p.dicts()])) == whole
    assert [p.dicts() for p in _pages(bo, name, 2, **PARAMS[name])] == [p.dicts() for p in pages]


def test_a_page_needs_the_library_and_sane_numbers(seeds, bolt_kg):
    with pytest.raises(ValueError, match="data directory"):
        bolt_kg.page("doses")
    with pytest.raises(ValueError, match="count from 1"):
        KnowledgeGraph.open(seeds).page("doses", page=0)
    with pytest.raises(ValueError, match="not paged"):
        KnowledgeGraph.open(seeds).page("targets_of_drug")
