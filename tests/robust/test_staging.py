"""The RDF load's staging is its own (named by pid) and what a killed load left is swept by the next one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph_builder import service
from graph_builder.bench.corpus import write_corpus
from graph_builder.load import oxigraph
from graph_builder.load.oxigraph import OxigraphStore

DEAD = 2**22 + 12345  # above the default pid_max: no process has it


def _staging(data: Path) -> set[str]:
    return {p.name for p in data.iterdir() if p.name.startswith(".oxigraph")}


def test_a_killed_loads_staging_is_swept_and_a_live_ones_is_not(tmp_path: Path) -> None:
    docs, data = write_corpus(tmp_path / "docs", 3), tmp_path / "data"
    service.build([docs], data, stores=["rdf"], jobs=1)
    live = os.getppid()  # a process that runs as long as this test
    (data / f".oxigraph-new-{DEAD}").mkdir()
    (data / f".oxigraph-new-{DEAD}" / "000001.sst").write_bytes(b"x")
    (data / f".oxigraph-load-{DEAD}.nt").write_bytes(b"<a> <b> <c> .\n")
    (data / f".oxigraph-old-{DEAD}").mkdir()
    (data / ".oxigraph-load.nt").write_bytes(b"")  # the fixed name of earlier versions
    (data / ".oxigraph-new").mkdir()
    (data / f".oxigraph-load-{live}.nt").write_bytes(b"")  # another load, still running
    OxigraphStore(data).load(service.graph_of(data))
    assert _staging(data) == {f".oxigraph-load-{live}.nt"}
    assert service.build([docs], data, stores=["rdf"], jobs=1).loads["rdf"].items == 0  # nothing changed


def test_a_put_aside_store_is_kept_while_no_store_is_in_place(tmp_path: Path) -> None:
    (tmp_path / f".oxigraph-old-{DEAD}").mkdir()  # a kill between the two renames: the only copy
    oxigraph.sweep_staging(tmp_path / "oxigraph")
    assert _staging(tmp_path) == {f".oxigraph-old-{DEAD}"}


def test_a_failed_load_leaves_no_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, data = write_corpus(tmp_path / "docs", 2), tmp_path / "data"
    service.build([docs], data, stores=[], jobs=1)
    graph, triples = service.graph_of(data), oxigraph.triples

    def broken(g):
        yield from list(triples(g))[:10]
        raise KeyboardInterrupt  # as SIGTERM's SystemExit would, half-way through the N-Triples file

    monkeypatch.setattr(oxigraph, "triples", broken)
    with pytest.raises(KeyboardInterrupt):
        OxigraphStore(data).load(graph)
    assert _staging(data) == set()
