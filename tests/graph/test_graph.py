"""One graph, several stores: the counts by label and type must agree everywhere."""

import json
from pathlib import Path

import pytest
import rdflib

from graph_builder.graph import export as ex
from graph_builder.graph.build import build_graph, edge_pattern
from graph_builder.graph.prefixes import PREFIX_FILE, converter
from graph_builder.graph.rdf import counts, to_rdflib
from graph_builder.load.oxigraph import OxigraphStore as RdfStore
from graph_builder.graph.schema import GB, schema
from graph_builder.graph.sharing import TALLY_LABELS
from graph_builder.graph.shapes import SHAPES_FILE, shapes_graph, validate
from graph_builder.pipeline import extract_document
from tallies_reference import held_counts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph():
    facts = []
    for p in sorted((ROOT / "examples" / "docs").iterdir()):
        facts += extract_document(p).facts
    return build_graph(facts)


def test_labels_and_types_come_from_the_ontology(graph):
    sch = schema()
    assert {n.label for n in graph.nodes.values()} <= sch.labels
    assert {e.type for e in graph.edges} <= set(sch.rel_types)
    assert {edge_pattern(graph, e) for e in graph.edges} <= schema().edge_patterns


def test_identical_statements_from_two_documents_are_one_node_with_two_evidences(graph):
    st = graph.nodes["statement/targets/apatinib/KDR"] if "statement/targets/apatinib/KDR" in graph.nodes else None
    facts = [f for p in sorted((ROOT / "examples" / "docs").iterdir()) for f in extract_document(p).facts]
    twice = build_graph(facts + facts)
    assert twice.counts() == graph.counts()  # loading the same facts twice adds nothing
    if st is not None:
        ev = {e.target for e in graph.edges if e.source == st.id and e.type == "HAS_EVIDENCE"}
        assert ev


def test_pyoxigraph_rdflib_and_networkx_agree(graph, tmp_path):
    store = RdfStore(tmp_path)
    store.load(graph)
    assert counts(store.open()) == held_counts(graph)  # the graph, and the store's per-drug tallies
    rg = to_rdflib(graph)
    from rdflib.namespace import RDF
    held = to_rdflib(store.open())
    tally_nodes = {s for label in TALLY_LABELS for s in held.subjects(RDF.type, rdflib.URIRef(GB + label))}
    assert len(rg) == len([t for t in held if t[0] not in tally_nodes])
    n_typed = len(set(rg.subjects(RDF.type, None)))
    assert n_typed == len(graph.nodes)
    assert ex.networkx_counts(ex.to_networkx(graph)) == graph.counts()
    store.load(graph)  # reloading replaces, never duplicates (tallies included)
    assert counts(store.open()) == held_counts(graph)


def test_serialisations(graph, tmp_path):
    store = RdfStore(tmp_path)
    store.load(graph)
    import rdflib
    sizes = {}
    for fmt, rdflib_fmt in (("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"), ("jsonld", "json-ld")):
        p = store.export(tmp_path / f"g.{fmt}", fmt)
        sizes[fmt] = len(rdflib.Dataset().parse(p, format=rdflib_fmt)) if fmt == "trig" else len(rdflib.Graph().parse(p, format=rdflib_fmt))
    assert len(set(sizes.values())) == 1, sizes


def test_shacl_conforms_and_a_broken_graph_names_the_failing_shape(graph):
    ok, text = validate(to_rdflib(graph))
    assert ok, text
    broken = to_rdflib(graph)
    import rdflib
    gb = rdflib.Namespace("https://w3id.org/graph-builder/")
    resp = next(broken.subjects(rdflib.RDF.type, gb.ResponseAssessment))
    broken.remove((resp, gb.category, None))
    broken.add((resp, gb.category, rdflib.Literal("MAYBE")))
    ok, text = validate(broken)
    assert not ok
    assert "ResponseAssessmentShape" in text and "category" in text


def test_generated_files_are_current():
    import rdflib
    from rdflib.compare import isomorphic
    assert isomorphic(rdflib.Graph().parse(SHAPES_FILE), shapes_graph())
    bioregistry = pytest.importorskip("bioregistry")
    from graph_builder.graph.prefixes import generate
    assert json.loads(PREFIX_FILE.read_text()) == generate()
    assert converter().expand("HGNC:6307") == "https://identifiers.org/hgnc:6307"
    assert bioregistry is not None


def test_exports(graph, tmp_path):
    ex.write_graphml(graph, tmp_path / "g.graphml")
    import networkx as nx
    G = nx.read_graphml(tmp_path / "g.graphml")
    assert G.number_of_nodes() == len(graph.nodes)
    files = ex.write_admin_csv(graph, tmp_path / "csv")
    header = (tmp_path / "csv" / "nodes_Drug.csv").read_text().splitlines()[0]
    assert header.startswith("id:ID,") and header.endswith(",:LABEL")
    assert (tmp_path / "csv" / "relationships_TARGETS.csv").read_text().startswith(":START_ID,:END_ID,:TYPE")
    assert len(files) == len({n.label for n in graph.nodes.values()}) + len({e.type for e in graph.edges})
    grass = ex.write_grass(tmp_path / "style.grass").read_text()
    assert all(f"node.{label} {{" in grass for label in schema().labels)


def test_ntriples_text_parses_back_to_the_triples(shared) -> None:
    """The string writer a whole load feeds to bulk_load says exactly what the pyoxigraph terms say."""
    import pyoxigraph as ox

    from graph_builder.graph.build import document_graphs
    from graph_builder.graph.rdf import ntriples, triples
    from graph_builder.pipeline import extract_document
    from graph_builder.read import iter_documents

    folders = [shared / "corpus" / "seeds", shared / "corpus" / "dev2"]
    graphs = list(document_graphs([extract_document(p).facts for p in iter_documents(folders)]))
    assert graphs
    for g in graphs:
        parsed = {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(ntriples(g).encode(), format=ox.RdfFormat.N_TRIPLES)}
        assert parsed == set(triples(g))


def test_ntriples_leaves_out_the_shared_nodes_already_written_and_nothing_else(shared) -> None:
    """Written with one ``written`` set, documents' N-Triples together hold every triple of their graphs, with
    each shared node (a drug, a target...) once, and every line that touches a document's own node in each."""
    import pyoxigraph as ox

    from graph_builder.graph.build import document_graphs
    from graph_builder.graph.rdf import ntriples, triples
    from graph_builder.graph.schema import GBI
    from graph_builder.graph.sharing import SHARED_LABELS
    from graph_builder.read import iter_documents

    graphs = list(document_graphs([extract_document(p).facts for p in iter_documents([shared / "corpus" / "dev2"])]))
    written: set[str] = set()
    texts = [ntriples(g, written) for g in graphs]
    parsed = {q.triple for q in ox.parse("".join(texts).encode(), format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == {t for g in graphs for t in triples(g)}
    lines = [line for text in texts for line in text.splitlines()]
    assert len(lines) == len(set(lines))  # nothing twice
    alone = [ntriples(g).splitlines() for g in graphs]
    assert sum(map(len, alone)) > len(lines)  # dev2's documents share drugs: some were left out
    for g, text, whole in zip(graphs, texts, alone):
        owned = {f"<{GBI}{nid}>" for nid, n in g.nodes.items() if n.label not in SHARED_LABELS}
        kept = set(text.splitlines())
        assert kept <= set(whole)
        assert all(line in kept for line in whole if line.split(" ")[0] in owned or line.split(" ")[2] in owned)


def test_ntriples_escapes_what_its_grammar_requires() -> None:
    from graph_builder.graph.build import GraphData, Node
    from graph_builder.graph.rdf import ntriples, triples
    import pyoxigraph as ox

    g = GraphData()
    text = 'a "quoted" back\\slash\nnew line\rreturn\ttab é ✓ \x00\x0b\x7f\u0085\u2028 end'
    g.nodes["evidence/x%20y/1-2"] = Node("evidence/x%20y/1-2", "Evidence", {"text": text, "charStart": 1, "confidence": 0.5})
    parsed = {q.triple for q in ox.parse(ntriples(g).encode(), format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == set(triples(g)) and any(t.object.value == text for t in parsed)


@pytest.mark.parametrize("value, lexical", [(0.5, "0.5"), (1e-05, "0.00001"), (2.5e-07, "0.00000025"), (1e16, "10000000000000000"),
                                            (120.0, "120.0")])
def test_decimals_are_written_in_xsd_decimal_lexical_form(value: float, lexical: str) -> None:
    from graph_builder.graph.build import GraphData, Node
    from graph_builder.graph.rdf import ntriples, triples

    g = GraphData()
    g.nodes["evidence/self-made/1-2"] = Node("evidence/self-made/1-2", "Evidence", {"confidence": value})
    (conf,) = [t.object for t in triples(g) if t.predicate.value.endswith("confidence")]
    assert conf.value == lexical and f'"{lexical}"^^' in ntriples(g)
