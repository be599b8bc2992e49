"""The one build service: what it reads, skips, counts and loads, and its docstring example."""

import doctest
from pathlib import Path

import pytest

from graph_builder import service
from graph_builder.emit import StatementStore
from graph_builder.graph.build import build_graph
from graph_builder.load.contract import ReadOnlyStore, UnknownStore, open_store, store_names
from graph_builder.query import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "docs"


def test_docstring_example(tmp_path: Path) -> None:
    failures, tried = doctest.testmod(service, globs={"EXAMPLES": EXAMPLES, "DATA": tmp_path,
                                                      "build": service.build})
    assert tried > 0 and failures == 0


def test_build_reports_bad_files_and_keeps_the_good_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("A 60-year-old man with renal cell carcinoma received sunitinib 50 mg daily "
                                   "and achieved a partial response.\n", encoding="utf-8")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    seen: list[str] = []
    summary = service.build([docs], tmp_path / "data", stores=["rdf"], jobs=1,
                            on_document=lambda p, r: seen.append(p.name))
    assert summary.read == 1
    assert [Path(p.path).name for p in summary.skipped] == ["empty.txt"]
    assert "empty" in summary.skipped[0].reason
    assert sorted(seen) == ["empty.txt", "good.txt"]
    assert summary.counts["treatments"] >= 1
    assert summary.loads["rdf"].items > 0
    assert [d.doc for d in StatementStore(tmp_path / "data").results()] == ["good"]
    with KnowledgeGraph.open(tmp_path / "data") as kg:
        assert [r.drugs for r in kg.query("treatments")] == [["sunitinib"]]


def test_nothing_read_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    summary = service.build([tmp_path / "empty.txt"], tmp_path / "data", stores=["rdf"], jobs=1)
    assert summary.read == 0 and summary.loads == {}
    assert not (tmp_path / "data" / "oxigraph").exists()


def test_registry_names_every_store_and_refuses_unknown_ones(tmp_path: Path) -> None:
    assert set(store_names()) >= {"rdf", "rdflib", "sparql", "bolt"}
    with pytest.raises(UnknownStore, match="no store 'mongo'"):
        open_store("mongo", tmp_path)


def test_a_read_only_store_refuses_to_load(tmp_path: Path) -> None:
    with open_store("sparql", url="http://127.0.0.1:9") as store, pytest.raises(ReadOnlyStore):
        store.load(build_graph([]))


def test_a_store_load_failure_names_the_store(tmp_path: Path) -> None:
    with pytest.raises(service.StoreLoadError, match="^sparql load failed: ReadOnlyStore"):
        service.load(tmp_path, ["sparql"], graph=build_graph([]))


def test_a_worker_that_cannot_write_hands_its_bytes_back_and_a_full_disk_fails_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing is not the document's fault: no document is dropped as 'failed' because the disk is full."""
    import errno

    from graph_builder import parallel
    from graph_builder.emit import store as store_module

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    data = tmp_path / "data"
    monkeypatch.setattr(parallel, "write_statement_file", full)  # the worker's write fails; the main process's works
    first = service.extract([EXAMPLES], data, jobs=1)
    assert not first.skipped and len(first.added) == len(list(EXAMPLES.iterdir()))
    before = dict(StatementStore(data).manifest().documents)  # a snapshot: the table itself reads the index live
    assert all((data / "statements" / e.file).is_file() for e in before.values())
    monkeypatch.setattr(store_module, "write_statement_file", full)  # now no write works: the update is not committed
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "new.txt").write_text("A 50-year-old woman received erlotinib and had a partial response.\n", encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        service.extract([changed], data, jobs=1)
    assert dict(StatementStore(data).manifest().documents) == before
