"""read_document dispatch and iter_documents folder walking."""

from __future__ import annotations

from pathlib import Path

from graph_builder.read import iter_documents, read_document

PUBMED_MIN = (
    '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><Article>'
    "<ArticleTitle>Invented title.</ArticleTitle><Abstract><AbstractText>Invented abstract.</AbstractText>"
    "</Abstract><PublicationTypeList><PublicationType>Case Reports</PublicationType></PublicationTypeList>"
    "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n"
)


def test_xml_by_extension(write):
    doc = read_document(write("pm-1.xml", PUBMED_MIN))
    assert (doc.doc_id, doc.format, doc.title, doc.kind_hint) == ("pm-1", "xml", "Invented title.", "Case Reports")
    assert doc.view.text == "Invented title.\n\nAbstract\nInvented abstract."
    assert doc.view.source == PUBMED_MIN


def test_txt_that_is_xml_is_sniffed(write):
    assert read_document(write("export.txt", PUBMED_MIN)).format == "xml"
    assert read_document(write("bare.txt", "\n  <article><body><p>Hi.</p></body></article>")).format == "xml"


def test_markdown_stays_text(write):
    doc = read_document(write("case.md", "<article>\n\n# Case\nA *bold* claim.\n"))
    assert doc.format == "text" and doc.title is None
    assert doc.view.source == "<article>\n\n# Case\nA *bold* claim.\n"


def test_text_goes_through_cleanup(write):
    doc = read_document(write("c.text", "Dose 75 mg/m<sup>2</sup> weekly.\n"))
    assert doc.format == "text"
    a = doc.view.text.index("75")
    b = doc.view.text.index("weekly")
    assert doc.view.source_slice(a, b).startswith("75 mg/m<sup>2</sup>")


def test_iter_documents(tmp_path, write):
    for name in ["b/2.md", "b/1.txt", "a.nxml", "z.XML", ".hidden.txt", ".git/x.txt", "notes.pptx", "b/c/3.text"]:
        write(name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_documents([tmp_path])]
    assert found == ["a.nxml", "b/1.txt", "b/2.md", "b/c/3.text", "z.XML"]
    named = Path(tmp_path / "notes.pptx")
    assert list(iter_documents([named, tmp_path / "b" / "c"])) == [named, tmp_path / "b" / "c" / "3.text"]
