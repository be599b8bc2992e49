"""A whole Oxigraph load: graphs and pre-written N-Triples alike, and failures that leave the old store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder.graph.build import GraphData, Node
from graph_builder.load.contract import WrittenGraph
from graph_builder.load.oxigraph import OxigraphStore
from graph_builder.load.tallies import Counts

GOOD_TEXT = b'<https://example.org/a> <https://example.org/p> "one" .\n'


def _written(text: bytes) -> WrittenGraph:
    """N-Triples as the pool hands them over (no adverse events or responses: nothing to tally)."""
    return WrittenGraph(text, Counts())


GOOD = _written(GOOD_TEXT)


def _graph(text: str) -> GraphData:
    g = GraphData()
    g.nodes["evidence/self-made/1-2"] = Node("evidence/self-made/1-2", "Evidence", {"text": text, "charStart": 1})
    return g


def _within(seconds: float, fn) -> object:
    """Run ``fn`` in a thread: a load that blocks forever fails the test instead of hanging it."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            out["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"the load did not finish in {seconds} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if p.name.startswith(".oxigraph-"))


def test_a_load_reads_written_graphs_and_graphs_alike(tmp_path: Path) -> None:
    r = _within(60, lambda: OxigraphStore(tmp_path).load_stream([GOOD, _graph("two"), GOOD]))
    assert r.items == 1 + 3  # the repeated triple is stored once; the graph has type, text and charStart
    assert _leftovers(tmp_path) == []


def test_a_failing_writer_leaves_the_old_store_and_no_staging(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path)
    _within(60, lambda: store.load_stream([GOOD]))

    def broken() -> Iterator[WrittenGraph]:
        yield GOOD
        raise RuntimeError("a worker failed")

    with pytest.raises(RuntimeError, match="a worker failed"):
        _within(60, lambda: store.load_stream(broken()))
    assert len(store.open()) == 1 and _leftovers(tmp_path) == []


def test_bad_triples_fail_the_load_and_leave_the_old_store(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path)
    _within(60, lambda: store.load_stream([GOOD]))
    many = [GOOD] * 2_000 + [_written(b"this is not a triple\n")] + [GOOD] * 2_000
    with pytest.raises(SyntaxError):
        _within(120, lambda: store.load_stream(many))
    assert len(store.open()) == 1 and _leftovers(tmp_path) == []


def _numbered(i: int) -> bytes:
    return f'<https://example.org/n{i}> <https://example.org/p> "{i}" .\n'.encode()


def test_a_load_in_many_chunk_files_holds_every_triple_once(tmp_path: Path, monkeypatch) -> None:
    """Chunk files end on whole graphs; a triple repeated across files is stored once."""
    from graph_builder.load import oxigraph

    monkeypatch.setattr(oxigraph, "CHUNK_LINES", 7)
    graphs = [_written(_numbered(i) + _numbered(i + 1) + GOOD_TEXT) for i in range(0, 100, 2)]  # 150 lines: ~20 files
    store = OxigraphStore(tmp_path)
    r = _within(60, lambda: store.load_stream(graphs))
    assert r.items == 100 + 1
    assert {q.object.value for q in store.open() if q.subject.value != "https://example.org/a"} == {str(i) for i in range(100)}
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("bad_at", [3, 60])  # in a file loading while the next is written, and in the last one
def test_bad_triples_in_one_chunk_file_fail_the_whole_load(tmp_path: Path, monkeypatch, bad_at: int) -> None:
    from graph_builder.load import oxigraph

    monkeypatch.setattr(oxigraph, "CHUNK_LINES", 5)
    store = OxigraphStore(tmp_path)
    _within(60, lambda: store.load_stream([GOOD]))
    graphs = [_written(_numbered(i)) for i in range(64)]
    graphs[bad_at] = _written(b"this is not a triple\n")
    with pytest.raises(SyntaxError):
        _within(60, lambda: store.load_stream(graphs))
    assert len(store.open()) == 1 and _leftovers(tmp_path) == []
