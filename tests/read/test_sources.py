"""iter_sources / read_source: one document per article, streaming, gzip, skipped and broken files."""

from __future__ import annotations

import gzip
import hashlib
import pickle
import tracemalloc

import pytest

from graph_builder.pipeline import extract_document
from graph_builder.read import ReadError, Skipped, SourceRef, iter_sources, read_document, read_source

PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n'
)
RECORD = (
    '<PubmedArticle>\n  <MedlineCitation Status="MEDLINE" Owner="NLM">\n    <PMID Version="1">{pmid}</PMID>\n'
    "    <Article><ArticleTitle>{title}</ArticleTitle>\n      <Abstract><AbstractText>{text}</AbstractText></Abstract>\n"
    "      <PublicationTypeList><PublicationType>Case Reports</PublicationType></PublicationTypeList>\n"
    "    </Article>\n  </MedlineCitation>\n</PubmedArticle>\n"
)
# Invented sentences, written for these tests.
ARTICLES = [
    ("31000001", "Sorafenib for an invented hepatic tumour.", "A 58-year-old man received sorafenib 400 mg twice daily &amp; improved."),
    ("31000002", "A made-up case of imatinib response.", "A 44-year-old woman took imatinib 400&#xa0;mg daily for 14 months."),
    ("31000003", "Fictional erlotinib rash.", "Grade 2 rash appeared after erlotinib 150 mg daily in a 61-year-old man."),
]


def pubmed(records=ARTICLES) -> str:
    return PUBMED_HEAD + "".join(RECORD.format(pmid=p, title=t, text=x) for p, t, x in records) + "</PubmedArticleSet>\n"


def refs(paths) -> list:
    return list(iter_sources(paths))


# -- PubMed sets ----------------------------------------------------------------------


def test_pubmed_file_with_three_articles_is_three_documents(write):
    raw = pubmed()
    path = write("search.xml", raw)
    found = refs([path])
    assert [(r.part, r.doc_id) for r in found] == [(0, "31000001"), (1, "31000002"), (2, "31000003")]
    for ref, (pmid, title, _) in zip(found, ARTICLES):
        assert raw[ref.offset:].startswith("<PubmedArticle>")
        assert ref.raw == raw[ref.offset : raw.index("</PubmedArticle>", ref.offset) + len("</PubmedArticle>")].encode()
        assert ref.sha256 == hashlib.sha256(ref.raw).hexdigest()
        assert pickle.loads(pickle.dumps(ref)) == ref
        doc = read_source(ref)
        assert (doc.doc_id, doc.accession, doc.title, doc.kind_hint, doc.part) == (pmid, pmid, title, "Case Reports", ref.part)
        assert doc.view.text.startswith(title + "\n\nAbstract\n")
        assert pmid not in doc.view.text  # one article each, nothing glued
        # every clean character maps into the whole file, verbatim
        for a in range(len(doc.view.text)):
            s, e = doc.view.span(a, a + 1)
            assert raw[doc.view.origin + s : doc.view.origin + e] == doc.view.source[s:e]


def test_evidence_offsets_point_into_the_whole_file(write):
    raw = pubmed()
    path = write("search.xml", raw)
    second = refs([path])[1]
    result = extract_document(second)
    assert result.error is None and result.doc == "31000002" and result.path == str(path)
    evidence = [ev for f in result.facts for ev in f.evidence]
    assert evidence
    for ev in evidence:
        assert raw[ev.start : ev.end] == ev.text and ev.page is None
    assert any("imatinib" in ev.text for ev in evidence)


def test_one_article_file_is_one_document_named_by_its_stem(write):
    raw = pubmed(ARTICLES[:1])
    path = write("single.xml", raw)
    (ref,) = refs([path])
    assert (ref.part, ref.doc_id, ref.raw, ref.offset) == (None, None, None, 0)
    assert ref.sha256 == hashlib.sha256(raw.encode()).hexdigest()
    doc = read_source(ref)
    assert (doc.doc_id, doc.accession) == ("single", "31000001")  # the stem, as before; the PMID is kept
    assert doc.view.source == raw


def test_gzip_by_suffix_and_by_magic(write):
    raw = pubmed()
    by_suffix = write("baseline.xml.gz", gzip.compress(raw.encode()))
    by_magic = write("renamed.xml", gzip.compress(raw.encode()))
    for path in (by_suffix, by_magic):
        found = refs([path])
        assert [r.doc_id for r in found] == ["31000001", "31000002", "31000003"]
        doc = read_source(found[2])
        assert raw[found[2].offset :].startswith("<PubmedArticle>") and doc.title == "Fictional erlotinib rash."
    single = write("one.xml.gz", gzip.compress(pubmed(ARTICLES[:1]).encode()))
    doc = read_document(single)
    assert (doc.doc_id, doc.format, doc.title) == ("one", "xml", "Sorafenib for an invented hepatic tumour.")


def test_one_document_gzip_named_or_not_and_its_inflated_limit(write, monkeypatch):
    text = "A woman received invented-umab 5 mg/kg every three weeks.\n"
    for name in ("case.txt.gz", "case-renamed.txt"):  # by its name, and by its first bytes alone
        assert read_document(write(name, gzip.compress(text.encode()))).view.source == text
    assert read_document(write("plain.txt", text.encode())).view.source == text
    monkeypatch.setattr("graph_builder.read.compressed.MAX_INFLATED", 20)
    for name in ("big.txt.gz", "big-renamed.txt"):
        with pytest.raises(ReadError, match="inflates to more than"):
            read_document(write(name, gzip.compress(text.encode())))
    assert read_document(write("plain-big.txt", text.encode())).view.source == text  # a plain file is not inflated
    with pytest.raises(ReadError, match="corrupt gzip"):
        read_document(write("noise-renamed.txt", b"\x1f\x8b\x08\x00garbage that is not deflate"))


def test_corrupt_gzip_is_a_one_line_read_error(write):
    data = gzip.compress(pubmed().encode())
    path = write("broken.xml.gz", data[: len(data) // 2])
    found = refs([path])
    with pytest.raises(ReadError) as err:
        for ref in found:
            read_source(ref)
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path))
    assert "gzip" in err.value.reason
    with pytest.raises(ReadError, match="corrupt gzip"):
        read_document(write("noise.txt.gz", b"\x1f\x8b\x08\x00garbage that is not deflate"))


def test_article_that_never_closes_after_others_is_reported(write):
    raw = pubmed()
    path = write("cut.xml", raw[: raw.rindex("</PubmedArticle>")])
    found = refs([path])
    assert [r.doc_id for r in found[:2]] == ["31000001", "31000002"]
    assert found[2].error is not None
    with pytest.raises(ReadError, match="unclosed <PubmedArticle>"):
        read_source(found[2])


def test_hostile_prolog_is_refused_once(write):
    raw = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY boom "boom">]>\n<PubmedArticleSet>'
           + "".join(RECORD.format(pmid=p, title="&boom;", text=x) for p, _, x in ARTICLES) + "</PubmedArticleSet>")
    (ref,) = refs([write("evil.xml", raw)])
    with pytest.raises(ReadError, match="entity declarations are not allowed"):
        read_source(ref)


def test_a_split_article_is_still_checked_by_defusedxml(write):
    raw = pubmed()
    ref = refs([write("s.xml", raw)])[0]
    evil = ref.raw.replace(b"Sorafenib", b"<!ENTITY x 'y'>")
    with pytest.raises(ReadError) as err:
        read_source(SourceRef(ref.path, 0, "", "1", evil, ref.offset, ref.envelope))
    assert err.value.reason.startswith("article 1: malformed XML")


# -- PMC JATS article sets -----------------------------------------------------------

JATS_ARTICLE = (
    '<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="case-report"><front><article-meta>'
    '<article-id pub-id-type="pmid">{pmid}</article-id>{pmc}'
    "<title-group><article-title>{title}</article-title></title-group>"
    "<abstract><p>{text}</p></abstract></article-meta></front>"
    '<body><sec><title>Case</title><p>{text}</p><p><ext-link xlink:href="https://example.org">link</ext-link></p></sec></body></article>'
)


def test_jats_articleset_gives_one_document_per_article(write):
    a = JATS_ARTICLE.format(pmid="32000001", pmc='<article-id pub-id-type="pmc">7000001</article-id>',
                            title="Invented lapatinib case", text="A 39-year-old woman received lapatinib 1250 mg daily.")
    b = JATS_ARTICLE.format(pmid="32000002", pmc="", title="Invented osimertinib case",
                            text="A 70-year-old man received osimertinib 80 mg daily.")
    raw = '<?xml version="1.0"?>\n<pmc-articleset>' + a + "\n" + b + "</pmc-articleset>\n"
    path = write("pmc.xml", raw)
    found = refs([path])
    assert [(r.part, r.doc_id) for r in found] == [(0, "PMC7000001"), (1, "32000002")]
    docs = [read_source(r) for r in found]
    assert [d.title for d in docs] == ["Invented lapatinib case", "Invented osimertinib case"]
    assert all(d.kind_hint == "case-report" and d.format == "xml" for d in docs)
    i = docs[1].view.text.index("osimertinib 80 mg")
    s, e = docs[1].view.span(i, i + len("osimertinib 80 mg"))
    assert raw[found[1].offset + s : found[1].offset + e] == "osimertinib 80 mg"


def test_one_jats_article_keeps_its_stem(write):
    raw = JATS_ARTICLE.format(pmid="1", pmc="", title="T", text="Imatinib was given.")
    (ref,) = refs([write("paper.nxml", raw)])
    assert ref.part is None
    doc = read_source(ref)
    assert (doc.doc_id, doc.accession) == ("paper", "1")


# -- folders, skipped and unsupported files ---------------------------------------------


def test_folders_list_unsupported_files_as_skipped(write, tmp_path):
    write("a/case.txt", "A 50-year-old man received imatinib.")
    write("a/slides.pptx", b"PK\x03\x04")
    write("a/README", "notes")
    write("a/.hidden.pdf", b"%PDF-")
    write("b/set.xml", pubmed())
    found = refs([tmp_path])
    skipped = [(s.path.rsplit("/", 1)[-1], s.reason) for s in found if isinstance(s, Skipped)]
    assert skipped == [("README", "unsupported format (no suffix)"), ("slides.pptx", "unsupported format .pptx")]
    docs = [r for r in found if isinstance(r, SourceRef)]
    assert [(r.path.rsplit("/", 1)[-1], r.doc_id) for r in docs] == [
        ("case.txt", None), ("set.xml", "31000001"), ("set.xml", "31000002"), ("set.xml", "31000003")]
    assert refs([tmp_path / "a" / "slides.pptx"]) == [Skipped(str(tmp_path / "a" / "slides.pptx"), "unsupported format .pptx")]


def test_a_missing_named_file_fails_when_read(tmp_path):
    (ref,) = refs([tmp_path / "gone.txt"])
    with pytest.raises(ReadError, match="cannot read file"):
        read_source(ref)


# -- streaming ----------------------------------------------------------------------


def test_streaming_memory_stays_far_below_the_file_size(tmp_path):
    path = tmp_path / "baseline.xml.gz"
    n = 4000
    filler = "Invented filler sentence about a patient given a kinase inhibitor. " * 8
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(PUBMED_HEAD)
        for i in range(n):
            f.write(RECORD.format(pmid=33000000 + i, title=f"Invented record {i}.", text=filler))
        f.write("</PubmedArticleSet>\n")
    with gzip.open(path, "rb") as f:
        size = len(f.read())
    tracemalloc.start()
    count, last = 0, None
    for ref in iter_sources([path]):
        count += 1
        last = ref
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n and last.doc_id == str(33000000 + n - 1)
    assert size > 2_500_000
    assert peak < size / 10, (peak, size)


def test_plain_text_is_one_document_and_not_read_past_its_head(write):
    from graph_builder.read.split import ArticleStream

    class Counting:
        def __init__(self, data: bytes) -> None:
            self.data, self.pos = data, 0

        def read(self, n: int) -> bytes:
            out = self.data[self.pos : self.pos + n]
            self.pos += len(out)
            return out

    stream = Counting(b"A 50-year-old man received imatinib.\n" * 100_000)
    assert ArticleStream(stream, chunk=4096).root is None and stream.pos == 4096
    (ref,) = refs([write("case.txt", "A 50-year-old man received imatinib.\n")])
    assert (ref.part, ref.raw) == (None, None)


@pytest.mark.parametrize("name", ["a.txt", "a.b.txt", ".txt", "a.", "a", "x/y/z.xml.gz", "dir/case..md", "/abs/p.Z",
                                  "a/b/", "a//b.txt", "c.tar.gz", "x/.", "x/..", "./q.md", "a\\b.txt", "", "/", "d/E.XML.GZ"])
def test_names_are_read_as_pathlib_reads_them(name: str) -> None:
    from pathlib import Path, PurePath

    from graph_builder.read.compressed import file_name, inner_name
    from graph_builder.read.sources import _stem, _suffix

    for given in (name, Path(name)):
        assert file_name(given) == Path(name).name
        assert _stem(given) == Path(inner_name(Path(name))).stem
    assert _suffix(inner_name(name)) == PurePath(inner_name(name)).suffix
