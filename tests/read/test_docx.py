"""Word: a real .docx written with python-docx, read back in order."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from graph_builder.pipeline import extract_document
from graph_builder.read import ReadError, iter_sources, read_document


def make_docx(path) -> None:
    # Invented text, written for this test.
    d = docx.Document()
    d.add_heading("Durable response to an invented kinase inhibitor", level=0)
    d.add_heading("Case presentation", level=1)
    d.add_paragraph("A 52-year-old woman with lung adenocarcinoma received crizotinib 250 mg twice daily.")
    table = d.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Drug", "Dose", "Weeks"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["crizotinib", "250 mg", "40"]):
        cell.text = value
    d.add_heading("Outcome", level=1)
    d.add_paragraph("She had a partial response that lasted 40 weeks.")
    d.save(str(path))


def test_docx_layout(tmp_path):
    path = tmp_path / "letter.docx"
    make_docx(path)
    doc = read_document(path)
    assert (doc.doc_id, doc.format, doc.title) == ("letter", "docx", "Durable response to an invented kinase inhibitor")
    assert doc.view.text == (
        "Durable response to an invented kinase inhibitor"
        "\n\nCase presentation\nA 52-year-old woman with lung adenocarcinoma received crizotinib 250 mg twice daily."
        "\n\nDrug\tDose\tWeeks\ncrizotinib\t250 mg\t40"
        "\n\nOutcome\nShe had a partial response that lasted 40 weeks."
    )
    assert doc.view.source == doc.view.text
    (ref,) = list(iter_sources([path]))
    result = extract_document(ref)
    assert result.error is None and result.facts
    for ev in (ev for f in result.facts for ev in f.evidence):
        assert doc.view.source[ev.start : ev.end] == ev.text


def test_corrupt_docx_is_a_one_line_read_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this zip ends here")
    with pytest.raises(ReadError, match="corrupt Word file") as err:
        read_document(path)
    assert "\n" not in str(err.value)
    other = tmp_path / "other.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not Word")
    other.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="no word/document.xml"):
        read_document(other)


def test_docx_with_entity_declarations_is_refused(tmp_path):
    path = tmp_path / "evil.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "xx">]><d>&x;</d>')
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="entity declarations are not allowed"):
        read_document(path)
