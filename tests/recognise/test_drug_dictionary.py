"""The cut-down drug-NER dictionary: same answers as the package's finder, cached on disk."""

from __future__ import annotations

import json

import pytest

from graph_builder.recognise import drug_dictionary as dd
from graph_builder.recognise.drugs import _INN_SUFFIXES


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", str(tmp_path / "cache"))
    dd.inn_index.cache_clear()
    yield tmp_path / "cache"
    dd.inn_index.cache_clear()


def test_selection_keeps_one_word_stem_names_with_their_first_drugs_id() -> None:
    v2c = {"zorbatinib": ["zorbatinib"], "zorba tinib": ["zorbatinib"], "xmab": ["x"], "aspirin": ["aspirin"],
           "brandimab": ["quxumab", "other"], "nothingnib": [], "plainumab": ["plainumab"]}
    c2d = {"zorbatinib": {"drugbank_id": "DB1"}, "quxumab": {"drugbank_id": "DB2"}, "other": {"drugbank_id": "DB3"}}
    v2d = {"plainumab": {"drugbank_id": "DB9"}}
    assert dd.build_index(v2c, c2d, v2d, ("nib", "mab")) == {"zorbatinib": "DB1", "brandimab": "DB2", "plainumab": "DB9"}


def test_index_answers_as_the_packages_finder(own_cache) -> None:
    """Every INN-shaped variant of the package's dictionary, and words it lacks: hit or not, and the DrugBank id."""
    finder = pytest.importorskip("drug_named_entity_recognition.drugs_finder")
    index = dd.inn_index(_INN_SUFFIXES)
    assert index is not None and len(index) > 1000
    words = [v for v in finder.drug_variant_to_canonical if " " not in v and len(v) >= 6 and v.endswith(_INN_SUFFIXES)]
    words += ["Zorbatinib", "notadrugmab", "Pembrolizumab", "TRASTUZUMAB", "xx-ximab", "gefitinib"]
    for word in words:
        hits = finder.find_drugs([word], is_ignore_case=True)
        assert (word.lower() in index) == bool(hits), word
        if hits:
            assert index[word.lower()] == (hits[0][0].get("drugbank_id") or ""), word


def test_index_is_written_once_and_read_back(own_cache) -> None:
    first = dd.inn_index(_INN_SUFFIXES)
    files = list(own_cache.glob("drug-ner-inn-*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text()) == first
    files[0].write_text(json.dumps({"madeupinib": "DB0"}))  # a later process reads the file, not the package
    dd.inn_index.cache_clear()
    assert dd.inn_index(_INN_SUFFIXES) == {"madeupinib": "DB0"}


def test_damaged_or_unwritable_cache_only_costs_a_rebuild(own_cache, monkeypatch, tmp_path) -> None:
    good = dd.inn_index(_INN_SUFFIXES)
    (path,) = own_cache.glob("drug-ner-inn-*.json")
    path.write_text("{not json")
    dd.inn_index.cache_clear()
    assert dd.inn_index(_INN_SUFFIXES) == good
    # a name without a stem: the fallback, which looks words up without testing stems, would take it for an INN
    path.write_text(json.dumps({"aspirin": "DB0", "madeupinib": "DB1"}))
    dd.inn_index.cache_clear()
    assert dd.inn_index(_INN_SUFFIXES) == good
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", str(blocker / "cache"))  # a folder that cannot be made
    dd.inn_index.cache_clear()
    assert dd.inn_index(_INN_SUFFIXES) == good


def test_fallback_finds_a_dictionary_drug_the_vocabulary_lacks(own_cache) -> None:
    from graph_builder import vocabulary as vocab
    from graph_builder.recognise.drugs import find_drugs

    index = dd.inn_index(_INN_SUFFIXES)
    unseen = next(w for w in sorted(index) if index[w] and vocab.drugs().lookup(w) is None and w.isalpha())
    (found,) = find_drugs(f"She then received {unseen.capitalize()} for two cycles.")
    assert found.name == unseen and found.ids == (("drugbank", index[unseen]),)
