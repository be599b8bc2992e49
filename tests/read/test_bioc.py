"""BioC XML and JSON (PubTator's export): one document per <document>, passages under their section headings."""

from __future__ import annotations

import json

import pytest

from graph_builder.read import ReadError, iter_sources, read_document, read_source

# Invented text, written for these tests.
DOCS = [
    ("34000001", "Invented cabozantinib case.", "A 66-year-old man received cabozantinib 60 mg daily."),
    ("34000002", "Invented regorafenib case.", "A 57-year-old woman received regorafenib 160 mg daily."),
]


def bioc_xml(docs=DOCS) -> str:
    body = "".join(
        f"<document><id>{i}</id>"
        f'<passage><infon key="type">title</infon><offset>0</offset><text>{t}</text></passage>'
        f'<passage><infon key="type">abstract</infon><offset>30</offset><text>{a}</text>'
        f'<annotation id="1"><infon key="type">Chemical</infon><location offset="40" length="5"/><text>x</text></annotation>'
        f"</passage></document>"
        for i, t, a in docs
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE collection SYSTEM "BioC.dtd"><collection><source>PubTator</source>{body}</collection>'


def bioc_json(docs=DOCS) -> str:
    return json.dumps({"source": "PubTator", "documents": [
        {"id": i, "infons": {}, "passages": [
            {"offset": 0, "infons": {"type": "title"}, "text": t, "sentences": [], "annotations": [], "relations": []},
            {"offset": 30, "infons": {"type": "abstract"}, "text": a, "annotations": [], "relations": []}],
         "relations": []} for i, t, a in docs]})


def test_bioc_xml_collection(write):
    raw = bioc_xml()
    found = list(iter_sources([write("export.xml", raw)]))
    assert [(r.part, r.doc_id) for r in found] == [(0, "34000001"), (1, "34000002")]
    for ref, (_, title, abstract) in zip(found, DOCS):
        doc = read_source(ref)
        assert doc.title == title
        assert doc.view.text == f"{title}\n\nAbstract\n{abstract}"
        i = doc.view.text.index(abstract)
        s, e = doc.view.span(i, i + len(abstract))
        assert raw[ref.offset + s : ref.offset + e] == abstract  # a verbatim slice of the file


def test_bioc_xml_single_document_keeps_the_stem(write):
    doc = read_document(write("one.xml", bioc_xml(DOCS[:1])))
    assert (doc.doc_id, doc.accession, doc.title) == ("one", "34000001", "Invented cabozantinib case.")


def test_bioc_json_collection(write):
    path = write("pubtator.json", bioc_json())
    found = list(iter_sources([path]))
    assert [(r.part, r.doc_id) for r in found] == [(0, "34000001"), (1, "34000002")]
    doc = read_source(found[1])
    assert (doc.doc_id, doc.format, doc.title) == ("34000002", "bioc-json", "Invented regorafenib case.")
    assert doc.view.text == "Invented regorafenib case.\n\nAbstract\nA 57-year-old woman received regorafenib 160 mg daily."


def test_bioc_json_section_types(write):
    obj = {"id": "PMC1", "passages": [
        {"infons": {"section_type": "TITLE", "type": "front"}, "text": "An invented title"},
        {"infons": {"section_type": "INTRO", "type": "title_1"}, "text": "Introduction"},
        {"infons": {"section_type": "INTRO", "type": "paragraph"}, "text": "Kinase inhibitors are used."},
        {"infons": {"section_type": "CASE", "type": "paragraph"}, "text": "A man received sunitinib."},
    ]}
    doc = read_document(write("pmc.json", json.dumps(obj)))
    assert doc.doc_id == "pmc" and doc.accession == "PMC1"
    assert doc.view.text == ("An invented title\n\nIntroduction\nKinase inhibitors are used.\n\nCase report\n"
                             "A man received sunitinib.")


@pytest.mark.parametrize("content,reason", [("{not json", "malformed JSON"), ('{"a": 1}', "no BioC documents")])
def test_bad_json(write, content, reason):
    with pytest.raises(ReadError, match=reason):
        read_document(write("x.json", content))
