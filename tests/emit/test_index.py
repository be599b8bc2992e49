"""The library index: one SQLite transaction per update, read row by row, converted from the old JSON manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder.emit import StatementStore
from graph_builder.emit.index import INDEX, LEGACY_MANIFEST
from graph_builder.models import Dose, DocumentResult, Evidence


def _result(doc: str, amount: float) -> DocumentResult:
    ev = Evidence(doc=doc, start=0, end=4, text="text", extractor="test")
    return DocumentResult(doc=doc, path=f"/papers/{doc}.txt", accession=f"PMID:{amount:.0f}",
                          facts=[Dose(doc=doc, drug="apatinib", amount=amount, unit="mg", evidence=[ev])])


def _library(root: Path, docs: dict[str, float]) -> StatementStore:
    store = StatementStore(root)
    with store.writer() as w:
        for doc, amount in docs.items():
            w.write(_result(doc, amount), source=f"/papers/{doc}.txt")
    return store


def test_a_reader_sees_the_old_library_until_the_update_commits(tmp_path: Path) -> None:
    store = _library(tmp_path, {"a": 500})
    with store.writer() as w:
        w.write(_result("b", 250), source="/papers/b.txt")
        assert "b" in w.documents and sorted(store.manifest().documents) == ["a"]  # the update sees itself; others don't
    assert sorted(store.manifest().documents) == ["a", "b"]


def test_lookups_by_source_and_article_and_counts(tmp_path: Path) -> None:
    store = _library(tmp_path, {"a": 500, "b": 250})
    docs = store.manifest().documents
    assert docs.at_source("/papers/b.txt", None).id == "b" and docs.at_source("/papers/b.txt", 0) is None
    assert docs.with_accession("PMID:500").id == "a" and docs.with_accession("PMID:1") is None
    assert docs.statements(["a", "b", "gone"]) == 2 and len(docs) == 2 and list(docs) == ["a", "b"]
    assert [e.id for e in docs.values()] == ["a", "b"] and docs["a"].facts == {"doses": 1}


def test_a_replace_update_drops_what_it_did_not_write_and_stores_owe_it(tmp_path: Path) -> None:
    store = _library(tmp_path, {"a": 500, "b": 250})
    store.store_caught_up("rdf", [], graph_format=2)
    with store.writer(replace=True) as w:
        w.keep(store.manifest().documents["a"])
        assert w.untouched() == ["b"] and w.owner("b") is None  # b no longer counts as taken
    view = store.manifest()
    assert list(view.documents) == ["a"] and view.store("rdf").pending == ["b"]
    store.store_caught_up("rdf", ["b"], graph_format=2)
    assert store.manifest().store("rdf").pending == [] and store.manifest().store("bolt") is None


def test_an_update_that_fails_changes_nothing(tmp_path: Path) -> None:
    store = _library(tmp_path, {"a": 500})
    store.store_caught_up("rdf", [], graph_format=2)
    with pytest.raises(RuntimeError), store.writer() as w:
        w.write(_result("a", 600), source="/papers/a.txt")
        w.remove("missing")
        raise RuntimeError("a worker failed")
    view = store.manifest()
    assert view.documents["a"].facts == {"doses": 1} and view.store("rdf").pending == []
    assert [f.amount for f in store.facts()] == [500]
    assert {p.name for p in store.dir.iterdir()} == {view.documents["a"].file}  # the failed update's file is swept


def test_a_library_from_before_the_index_is_converted_once(tmp_path: Path) -> None:
    files = tmp_path / "statements"
    files.mkdir()
    (files / "x.json").write_text("{}", encoding="utf-8")
    entry = {"id": "x", "source": "/papers/x.txt", "part": None, "sha256": "ab", "format": "text", "accession": None,
             "kind": "case_report", "title": "A self-made case", "facts": {"doses": 2}, "built": "2026-01-01T00:00:00+00:00",
             "extractor": "0+old", "file": "x.json"}
    legacy = {"version": 1, "documents": {"x": entry}, "stores": {"rdf": {"synced": True, "pending": ["x"]}}}
    (tmp_path / LEGACY_MANIFEST).write_text(json.dumps(legacy), encoding="utf-8")
    view = StatementStore(tmp_path).manifest()
    assert view.documents["x"].title == "A self-made case" and view.documents["x"].facts == {"doses": 2}
    assert view.store("rdf").synced and view.store("rdf").pending == ["x"]
    assert (tmp_path / INDEX).is_file() and not (tmp_path / LEGACY_MANIFEST).exists()


def test_reading_a_library_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    view = StatementStore(tmp_path / "nowhere").manifest()
    assert len(view.documents) == 0 and view.stores == {} and not (tmp_path / "nowhere").exists()


def test_statements_from_before_any_manifest_are_indexed_with_their_counts_and_drugs(tmp_path: Path) -> None:
    from graph_builder.emit.store import encode_result

    (tmp_path / "statements").mkdir()
    (tmp_path / "statements" / "a.json").write_bytes(encode_result(_result("a", 500)))
    docs = StatementStore(tmp_path).manifest().documents
    assert docs["a"].facts == {"doses": 1} and docs.page(0, 5, drug="apatinib") == ["a"]


def test_an_index_from_before_graph_formats_records_its_stores_at_format_zero(tmp_path: Path) -> None:
    """Stores of an older index read format 0 (so the next build reloads them whole); a catch-up records the format."""
    import sqlite3

    store = _library(tmp_path, {"a": 500})
    conn = sqlite3.connect(tmp_path / INDEX)
    conn.executescript("DROP TABLE stores; CREATE TABLE stores(name TEXT PRIMARY KEY, synced INTEGER NOT NULL DEFAULT 0);"
                       "INSERT INTO stores VALUES ('rdf', 1);")
    conn.close()
    assert store.manifest().store("rdf").format == 0 and store.manifest().store("rdf").synced
    store.store_caught_up("rdf", [], graph_format=2)
    assert store.manifest().stores["rdf"].format == 2
