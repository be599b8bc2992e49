"""Per-drug tallies: every store keeps them equal to what its facts say, through whole loads and updates.

The reference is computed in Python from the graph (``tests/tallies_reference.py``);
the stores compute theirs in SPARQL and Cypher (``graph_builder/load/tallies.py``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.graph.build import GraphData, build_graph
from graph_builder.load import tallies
from graph_builder.load.bolt import BoltStore
from graph_builder.load.contract import StoreBase
from graph_builder.load.oxigraph import OxigraphStore
from graph_builder.load.rdflib_graph import RdflibStore
from graph_builder.pipeline import extract_document
from graph_builder.query.api import KnowledgeGraph
from graph_builder.read import iter_documents
from tallies_reference import adverse_event_tallies, held_counts, response_tallies

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def per_document(shared) -> dict[str, list]:
    """Facts by document: the examples and the dev abstracts (several drugs, shared targets, graded events)."""
    out: dict[str, list] = {}
    for p in iter_documents([ROOT / "examples" / "docs", shared / "corpus" / "dev"]):
        facts = extract_document(p).facts
        if facts:
            out[facts[0].doc] = facts
    return out


def _graph(per_document: dict[str, list], docs) -> GraphData:
    return build_graph(f for d in docs for f in per_document[d])


def _expected_adverse_events(g: GraphData, drug: str) -> list[dict]:
    return [{"event": e, "grade": gr, "reports": n, "documents": m}
            for (d, e, gr), (n, m) in sorted(adverse_event_tallies(g).items()) if d == drug]


def _expected_related(g: GraphData, drug: str) -> list[dict]:
    """Drugs sharing a target with ``drug``, with their responses' patient counts (the query's old aggregate)."""
    name = {n.id: n.props["name"] for n in g.nodes.values() if n.label == "Drug"}
    symbol = {n.id: n.props["symbol"] for n in g.nodes.values() if n.label == "Target"}
    targets: dict[str, set[str]] = {}
    for e in g.edges:
        if e.type == "TARGETS":
            targets.setdefault(name[e.source], set()).add(symbol[e.target])
    responses = response_tallies(g)
    rows = [{"other_drug": o, "target": t, "response": r, "patients": n}
            for o, ts in targets.items() if o != drug for t in sorted(ts & targets.get(drug, set()))
            for (d, r), n in responses.items() if d == o]
    return sorted(rows, key=lambda r: (r["other_drug"], r["target"], r["response"]))


def _check(store: StoreBase, g: GraphData) -> None:
    kg = KnowledgeGraph(store)
    drugs = sorted({n.props["name"] for n in g.nodes.values() if n.label == "Drug"})
    assert any(_expected_adverse_events(g, d) for d in drugs) and any(_expected_related(g, d) for d in drugs)
    for d in drugs:
        assert kg.query("adverse_events_of_drug", drug=d).dicts() == _expected_adverse_events(g, d), d
        assert kg.query("related_drug_responses", drug=d).dicts() == _expected_related(g, d), d
    # every tally at once: none left at zero by an update, none missing
    assert kg.query("adverse_events_by_drug").dicts() == [
        {"drug": d, "event": e, "grade": gr, "reports": n, "documents": m}
        for (d, e, gr), (n, m) in sorted(adverse_event_tallies(g).items())]
    assert kg.query("responses_by_drug").dicts() == [
        {"drug": d, "response": r, "patients": n} for (d, r), n in sorted(response_tallies(g).items())]


def _changes(per_document: dict[str, list]) -> tuple[list[str], list[str], list[str]]:
    """All documents; the documents after an update (one removed, one re-added); the documents the update touches."""
    docs = sorted(per_document)
    with_events = [d for d in docs if adverse_event_tallies(_graph(per_document, [d]))]
    removed, readded = with_events[0], with_events[1]
    return docs, [d for d in docs if d != removed], [removed, readded]


def test_oxigraph_tallies_follow_whole_loads_and_updates(per_document, tmp_path) -> None:
    docs, after, touched = _changes(per_document)
    store = OxigraphStore(tmp_path)
    store.load(_graph(per_document, docs))
    _check(store, _graph(per_document, docs))
    store.close()
    store.replace_documents(touched, _graph(per_document, [d for d in touched if d in after]))
    _check(store, _graph(per_document, after))
    store.close()
    store.replace_documents(touched, _graph(per_document, touched))  # the removed document back
    _check(store, _graph(per_document, docs))
    store.close()


def test_rdflib_tallies_follow_a_load(per_document) -> None:
    g = _graph(per_document, sorted(per_document))
    store = RdflibStore()
    store.load(g)
    _check(store, g)


def test_bolt_tallies_follow_whole_loads_and_updates(per_document, bolt_target) -> None:
    docs, after, touched = _changes(per_document)
    with BoltStore(target=bolt_target) as store:
        store.load(_graph(per_document, docs))
        _check(store, _graph(per_document, docs))
        store.replace_documents(touched, _graph(per_document, [d for d in touched if d in after]))
        _check(store, _graph(per_document, after))
        store.replace_documents(touched, _graph(per_document, touched))
        _check(store, _graph(per_document, docs))


def test_a_failed_update_leaves_facts_and_tallies_as_they_were(per_document, tmp_path, monkeypatch) -> None:
    """The refresh is part of the update's one transaction: a failure in it rolls the documents back too."""
    docs, after, touched = _changes(per_document)
    store = OxigraphStore(tmp_path)
    store.load(_graph(per_document, docs))
    store.close()
    before = {str(q) for q in ox.Store.read_only(str(tmp_path / "oxigraph"))}
    monkeypatch.setattr(tallies, "sparql_drop_empty", lambda: "INSERT DATA { <x> <y> }")  # not a valid operation
    with pytest.raises(SyntaxError):
        store.replace_documents(touched, _graph(per_document, [d for d in touched if d in after]))
    assert {str(q) for q in ox.Store.read_only(str(tmp_path / "oxigraph"))} == before


def test_names_are_written_escaped() -> None:
    from graph_builder.graph.schema import GB

    store = ox.Store()
    store.update(f"PREFIX gb: <{GB}>\n" + tallies.sparql_adjust(['odd "name" \\ doc'], "+"))  # parses: a literal, never pasted raw
    assert tallies.sparql_adjust([], "+") == ""


def test_the_export_script_gives_a_database_filled_without_the_loader_its_tallies(per_document, bolt_target) -> None:
    """``kg export csv`` leaves ``tallies.cypher`` for after ``neo4j-admin import``: run as cypher-shell would."""
    import json

    from graph_builder.load import bolt

    g = _graph(per_document, sorted(per_document))
    with BoltStore(target=bolt_target) as store:
        store.load(g)
        store.execute("MATCH (t:AdverseEventTally) DELETE t")
        store.execute("MATCH (t:ResponseTally) DELETE t")  # as after an import of the graph's CSV files
        assert set(bolt.counts(store.driver, store.database)) & {"AdverseEventTally", "ResponseTally"} == set()
        first, *statements = tallies.cypher_script(tallies.drugs_in([g])).strip().split(";\n")
        assert first.startswith(":param drugs => ")
        drugs = json.loads(first[len(":param drugs => "):])
        for s in statements:
            store.execute(s.rstrip(";"), {"drugs": drugs})
        assert bolt.counts(store.driver, store.database) == held_counts(g)
        _check(store, g)


def test_counts_summed_document_by_document_are_the_recount_triple_for_triple(per_document) -> None:
    """A whole Oxigraph load sums each document's tally counts from its graph (``tallies.Counts``) instead of
    counting over the new store: the tally triples must be the ones the SPARQL recount writes."""
    from graph_builder.graph.rdf import triples

    docs = sorted(per_document)
    whole = _graph(per_document, docs)
    facts = [ox.Quad(t.subject, t.predicate, t.object) for t in triples(whole)]
    recounted = ox.Store()
    recounted.extend(facts)
    recounted.update(tallies.sparql_recount())
    summed = tallies.Counts()
    for d in docs:  # one document at a time, as the pool counts them, merged as the loader merges them
        summed.merge(tallies.Counts().add_graph(_graph(per_document, [d])))
    tally_triples = list(triples(summed.graph()))
    assert summed.events and summed.responses and len(tally_triples) > 20
    summed_store = ox.Store()
    summed_store.extend(facts + [ox.Quad(t.subject, t.predicate, t.object) for t in tally_triples])
    assert set(summed_store) == set(recounted)
    assert tallies.Counts().add_graph(whole) == summed  # the whole graph at once: the same counts


def test_counts_read_only_what_the_recount_joins() -> None:
    """An event without a grade is counted under no grade; an event or a response that misses what the
    recount's pattern requires (a name, a document, a category, a patient) is not counted."""
    g = GraphData()
    g.node("drug/x", "Drug", name="x")
    for i, props in enumerate([{"name": "rash", "docId": "d1"}, {"name": "rash", "docId": "d1", "grade": "2"},
                               {"name": "rash", "docId": "d2", "grade": "2"}, {"name": "rash", "docId": "d2", "grade": "2"},
                               {"docId": "d1"}]):
        g.node(f"ae/{i}", "AdverseEvent", **props)
        g.edge(f"ae/{i}", "ATTRIBUTED_TO", "drug/x")
    g.node("regimen/d1/1", "Regimen", docId="d1", name="x")
    g.edge("regimen/d1/1", "INCLUDES_DRUG", "drug/x")
    g.node("patient/d1/1", "Patient", docId="d1", patientNumber=1)
    for i, props in enumerate([{"docId": "d1", "category": "PR"}, {"docId": "d1"}]):
        g.node(f"response/{i}", "ResponseAssessment", **props)
        g.edge("regimen/d1/1", "YIELDED", f"response/{i}")
        g.edge(f"response/{i}", "ABOUT_PATIENT", "patient/d1/1")
    g.node("response/2", "ResponseAssessment", docId="d1", category="CR")  # about no patient
    g.edge("regimen/d1/1", "YIELDED", "response/2")
    c = tallies.Counts().add_graph(g)
    assert c.events == {("x", "rash", None): [1, 1], ("x", "rash", "2"): [3, 2]}  # three events in two documents
    assert c.responses == {("x", "PR"): 1}
    ids = sorted(c.graph().nodes)
    assert ids == ["tally/ae/x/rash/", "tally/ae/x/rash/2", "tally/response/x/PR"]
