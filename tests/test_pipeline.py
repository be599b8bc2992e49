"""read → segment → recognise → relate for one file: what the reader knows reaches the statements."""

from __future__ import annotations

from pathlib import Path

from graph_builder.emit.store import encode_result, load_result
from graph_builder.pipeline import extract_document

JATS = ('<?xml version="1.0"?><article article-type="case-report"><front><article-meta><title-group>'
        '<article-title>Sunitinib in a patient with renal cancer</article-title></title-group></article-meta></front>'
        '<body><sec><title>Case presentation</title><p>A 58-year-old woman with metastatic renal cell carcinoma '
        'received sunitinib 50 mg daily. A CT scan showed a partial response.</p></sec></body></article>')


def test_the_title_and_article_type_reach_the_result_and_the_store(tmp_path: Path) -> None:
    path = tmp_path / "case.xml"
    path.write_text(JATS, encoding="utf-8")
    result = extract_document(path)
    assert result.error is None and result.kind == "case_report"
    assert (result.format, result.title, result.kind_hint) == ("xml", "Sunitinib in a patient with renal cancer", "case-report")
    assert {f.view for f in result.facts} >= {"treatments", "responses"}
    stored = tmp_path / "case.json"
    stored.write_bytes(encode_result(result))
    again = load_result(stored)
    assert (again.format, again.title, again.kind_hint, again.kind) == (result.format, result.title, result.kind_hint, result.kind)
    assert [f.row() for f in again.facts] == [f.row() for f in result.facts]


def test_a_text_file_has_no_title_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("A 60-year-old man with lung cancer received osimertinib 80 mg daily.", encoding="utf-8")
    result = extract_document(path)
    assert (result.format, result.title, result.kind_hint) == ("text", None, None)


def test_preload_leaves_what_it_loaded_out_of_the_collectors_walks() -> None:
    """After preload the lexicons' entries are in the permanent generation (gc.freeze): full collections and
    forked workers no longer walk them.  Run in a child process, so the tests' own objects stay collectable."""
    import subprocess
    import sys

    code = ("import gc; from graph_builder.pipeline import preload; from graph_builder import vocabulary as v; "
            "before = gc.get_freeze_count(); preload(); entry = next(iter(v.drugs().entries.values())); "
            "print(before, gc.get_freeze_count(), any(o is entry for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "0" and int(out[1]) > 10000 and out[2] == "False", out


def _watching_the_collector(monkeypatch, raise_: BaseException | None = None) -> list[bool]:
    import gc

    from graph_builder import pipeline

    seen: list[bool] = []
    segment = pipeline.segment

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        if raise_ is not None:
            raise raise_
        return segment(*args, **kwargs)

    monkeypatch.setattr(pipeline, "segment", watched)
    return seen


def test_the_collector_pauses_for_a_document_and_comes_back(tmp_path: Path, monkeypatch) -> None:
    import gc

    import pytest

    doc = tmp_path / "self_made.txt"
    doc.write_text("A 60-year-old man received sorafenib 400 mg twice daily and achieved a partial response.\n")
    seen = _watching_the_collector(monkeypatch)
    assert gc.isenabled()
    assert extract_document(doc).facts
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        extract_document(doc)
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.undo()
    _watching_the_collector(monkeypatch, KeyboardInterrupt())  # not contained: it still leaves the collector on
    with pytest.raises(KeyboardInterrupt):
        extract_document(doc)
    assert gc.isenabled()
