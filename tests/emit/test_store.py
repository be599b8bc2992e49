"""The statement store is replaced as a whole or not at all."""

import pytest

from graph_builder.emit import StatementStore, view_rows
from graph_builder.models import Dose, DocumentResult, Evidence


def _result(doc: str, amount: float) -> DocumentResult:
    ev = Evidence(doc=doc, start=0, end=4, text="text", extractor="test")
    return DocumentResult(doc=doc, path=f"{doc}.txt", facts=[Dose(doc=doc, drug="apatinib", amount=amount, unit="mg", evidence=[ev])])


def test_round_trip_and_rows(tmp_path):
    store = StatementStore(tmp_path)
    with store.writer() as w:
        w.write(_result("a", 500))
    rows = view_rows(store.facts(), "doses")
    assert rows == [{"doc": "a", "patient": None, "drug": "apatinib", "amount": 500.0, "unit": "mg", "frequency": None,
                     "evidence": [{"doc": "a", "start": 0, "end": 4, "text": "text", "section": None,
                                   "extractor": "test", "confidence": 1.0}]}]


def test_interrupted_build_keeps_the_previous_store(tmp_path):
    store = StatementStore(tmp_path)
    with store.writer() as w:
        w.write(_result("a", 500))
    with pytest.raises(KeyboardInterrupt):
        with store.writer() as w:
            w.write(_result("b", 250))
            raise KeyboardInterrupt
    assert [f.doc for f in store.facts()] == ["a"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".statements")]


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="kg build"):
        list(StatementStore(tmp_path / "nowhere").facts())
