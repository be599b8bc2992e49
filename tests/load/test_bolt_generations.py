"""A whole load on the embedded server goes to a new database that becomes current only when complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.graph.build import build_graph, document_graphs
from graph_builder.load import bolt
from graph_builder.load.bolt import BoltStore
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents
from graph_builder.servers.arcadedb import DATABASE, EmbeddedArcadeDB, embedded_unavailable_reason
from tallies_reference import held_counts

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(embedded_unavailable_reason() is not None, reason="embedded graph server unavailable")


class Killed(Exception):
    """Stands for a kill in the middle of a load: the load stops between two chunks."""


@pytest.fixture(scope="module")
def per_document() -> list[list]:
    return [extract_document(p).facts for p in iter_documents([ROOT / "examples" / "docs"])]


@pytest.fixture()
def data(tmp_path: Path):
    yield tmp_path
    EmbeddedArcadeDB(tmp_path).stop()


def _docs(per_document: list[list]) -> list[str]:
    return sorted({f.doc for facts in per_document for f in facts})


def _counts_seen_by_a_new_reader(data: Path) -> dict[str, int]:
    with BoltStore(data, start=False) as reader:
        return bolt.counts(reader.driver, reader.database)


def test_whole_loads_switch_generations_and_drop_the_one_before(per_document, data, monkeypatch) -> None:
    monkeypatch.setattr(bolt, "BATCH", 200)  # several chunks and transactions per load
    monkeypatch.setattr(bolt, "ATOMIC_ROWS", 400)
    whole, fewer = build_graph(f for fs in per_document for f in fs), build_graph(f for fs in per_document[:1] for f in fs)
    server = EmbeddedArcadeDB(data)
    with BoltStore(data, keep_running=True) as store:
        assert server.current_database() == DATABASE
        store.load_stream(document_graphs(per_document), _docs(per_document))
        first = server.current_database()
        assert first != DATABASE and store.database == first
        assert _counts_seen_by_a_new_reader(data) == held_counts(whole)

        reader = BoltStore(data, start=False)  # reading before the next switch: follows it
        assert reader.database == first and bolt.counts(reader.driver, reader.database) == held_counts(whole)
        server._admin("POST", "server", {"command": "create database mine"})  # a user's own: never dropped
        store.load_stream(document_graphs(per_document[:1]), _docs(per_document[:1]))
        second = server.current_database()
        assert second != first
        assert bolt.counts(reader.driver, reader.database) == held_counts(fewer) == _counts_seen_by_a_new_reader(data)
        reader.close()
        # the previous generation is kept for readers that looked the pointer up just before, dropped by the next load
        # kept: the one before (for readers mid-switch), the running server's default (`kg`), the user's own
        assert set(server.databases()) == {DATABASE, first, second, "mine"}
        store.load_stream(document_graphs(per_document), _docs(per_document))
        assert set(server.databases()) == {DATABASE, second, server.current_database(), "mine"}  # `first` dropped
        assert bolt.counts(store.driver, store.database) == held_counts(whole)


def test_a_load_cut_short_leaves_the_old_graph_served_and_the_next_completes(per_document, data, monkeypatch) -> None:
    monkeypatch.setattr(bolt, "BATCH", 200)
    monkeypatch.setattr(bolt, "ATOMIC_ROWS", 400)  # the cut comes after several commits of the new generation
    old = build_graph(f for fs in per_document[:1] for f in fs)
    whole = build_graph(f for fs in per_document for f in fs)
    server = EmbeddedArcadeDB(data)
    with BoltStore(data, keep_running=True) as store:
        store.load_stream(document_graphs(per_document[:1]), _docs(per_document[:1]))
        served = server.current_database()
        seen = []

        def kill_after_three(key: str, n: int) -> None:
            seen.append(n)
            if len(seen) == 3:
                raise Killed

        with pytest.raises(Killed):
            store.load_stream(document_graphs(per_document), _docs(per_document), progress=kill_after_three)
        assert server.current_database() == served
        assert _counts_seen_by_a_new_reader(data) == held_counts(old)
        (partial,) = set(server.databases()) - {served, DATABASE}  # kept until the next load drops it

        store.load_stream(document_graphs(per_document), _docs(per_document))
        assert _counts_seen_by_a_new_reader(data) == held_counts(whole)
        assert set(server.databases()) == {DATABASE, served, server.current_database()}  # the partial one dropped


def test_the_current_generation_survives_a_server_restart(per_document, data) -> None:
    whole = build_graph(f for fs in per_document for f in fs)
    with BoltStore(data) as store:  # starts the server and stops it on close
        store.load_stream(document_graphs(per_document), _docs(per_document))
    server = EmbeddedArcadeDB(data)
    assert server.status()["running"] is False and server.current_database() != DATABASE
    with BoltStore(data) as store:
        assert bolt.counts(store.driver, store.database) == held_counts(whole)
