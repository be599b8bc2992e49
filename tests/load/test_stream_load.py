"""Loading one document's graph at a time gives the store the same graph as loading it whole."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.graph.build import build_graph, document_graphs
from graph_builder.graph.rdf import ntriples
from graph_builder.load import bolt
from graph_builder.load.bolt import BoltStore
from graph_builder.load.tallies import Counts
from graph_builder.load.oxigraph import OxigraphStore
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents
from tallies_reference import held_counts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def per_document(shared) -> list[list]:
    folders = [ROOT / "examples" / "docs", shared / "corpus" / "seeds", shared / "corpus" / "dev"]
    return [extract_document(p).facts for p in iter_documents(folders)]


def _triples(data: Path) -> set[str]:
    store = OxigraphStore(data)
    out = {str(q.triple) for q in store.open()}
    store.close()
    return out


def test_oxigraph_streamed_equals_whole(per_document, tmp_path) -> None:
    whole = build_graph(f for facts in per_document for f in facts)
    OxigraphStore(tmp_path / "whole").load(whole)
    r = OxigraphStore(tmp_path / "stream").load_stream(document_graphs(per_document), [])
    assert _triples(tmp_path / "stream") == _triples(tmp_path / "whole") and r.items == len(_triples(tmp_path / "whole"))


def test_bolt_streamed_in_small_batches_equals_whole(per_document, bolt_target, monkeypatch) -> None:
    monkeypatch.setattr(bolt, "BATCH", 300)  # many chunks: shared nodes arrive in several of them
    monkeypatch.setattr(bolt, "ATOMIC_ROWS", 1_000)  # and several transactions
    whole = build_graph(f for facts in per_document for f in facts)
    docs = sorted({f.doc for facts in per_document for f in facts})
    with BoltStore(target=bolt_target) as store:
        store.load_stream(document_graphs(per_document), docs)
        assert bolt.counts(store.driver, store.database) == held_counts(whole)
        store.load_stream(document_graphs(per_document[:3]), sorted({f.doc for facts in per_document[:3] for f in facts}))
        fewer = build_graph(f for facts in per_document[:3] for f in facts)
        assert bolt.counts(store.driver, store.database) == held_counts(fewer)  # the other documents are gone


def test_a_whole_load_written_by_the_pool_equals_the_whole_graph(tmp_path, shared) -> None:
    """The service writes each document's N-Triples in the process pool; the store ends up with build_graph of all."""
    from graph_builder import service
    from graph_builder.emit import StatementStore

    data = tmp_path / "lib"
    service.build([ROOT / "examples" / "docs", shared / "corpus" / "dev2"], data, stores=[], jobs=2)
    chunks = list(service.ntriples_of(data, jobs=2))
    assert len(chunks) == len(StatementStore(data).manifest().documents)
    assert all(isinstance(c.ntriples, bytes) and isinstance(c.counts, Counts) for c in chunks)
    service.load(data, ["rdf"])
    OxigraphStore(tmp_path / "whole").load(build_graph(StatementStore(data).facts()))
    assert _triples(data) == _triples(tmp_path / "whole")
    # each worker writes a shared node once per call, not once per document: fewer lines, the same triples;
    # in this process (one job) too, and a second call writes them again (its store is a new one)
    alone = [ntriples(build_graph(r.facts)).encode() for r in StatementStore(data).results()]
    serial = [c.ntriples for c in service.ntriples_of(data, jobs=1)]
    assert serial == [c.ntriples for c in service.ntriples_of(data, jobs=1)]
    pooled = [c.ntriples for c in chunks]
    lines = lambda parts: sum(p.count(b"\n") for p in parts)  # noqa: E731
    assert lines(serial) <= lines(pooled) < lines(alone)
    assert _parsed(b"".join(serial)) == _parsed(b"".join(pooled)) == _parsed(b"".join(alone))


def _parsed(text: bytes) -> set[str]:
    return {str(q.triple) for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}
