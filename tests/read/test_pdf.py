"""PDF: a real two-page PDF written with fpdf2, read back without its page furniture."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from graph_builder.pipeline import extract_document
from graph_builder.read import ReadError, iter_sources, read_document, read_source

# Invented text, written for this test.
PAGE_ONE = [
    "Case presentation",
    "A 63-year-old man with metastatic renal cell carcinoma received sunitinib 50 mg daily.",
    "After six weeks the lesions in the lung had shrunk by a third.",
]
PAGE_TWO = [
    "Outcome",
    "He developed grade 2 hand-foot syndrome, and the dose was lowered to 37.5 mg daily.",
    "The response lasted 18 months.",
]


class _Journal(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, "Imaginary Journal of Test Oncology", align="C")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, str(self.page_no()), align="C")


def make_pdf(path) -> None:
    pdf = _Journal()
    for page in (PAGE_ONE, PAGE_TWO):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in page:
            pdf.multi_cell(0, 6, line)
            pdf.ln(4)
    pdf.output(str(path))


@pytest.fixture()
def pdf_path(tmp_path):
    path = tmp_path / "report.pdf"
    make_pdf(path)
    return path


def test_pdf_text_without_furniture_and_with_pages(pdf_path):
    doc = read_document(pdf_path)
    assert (doc.doc_id, doc.format) == ("report", "pdf")
    text = doc.view.text
    assert "Imaginary Journal" not in text  # the running header, on both pages
    assert not any(line.strip().isdigit() for line in text.split("\n"))  # the page numbers
    assert "Imaginary Journal of Test Oncology" in doc.view.source  # still in the source: offsets stay honest
    for sentence in PAGE_ONE[1:] + PAGE_TWO[1:]:
        assert sentence in text
    assert text.index("sunitinib") < text.index("hand-foot")  # reading order
    assert doc.view.page_at(text.index("sunitinib")) == 1
    assert doc.view.page_at(text.index("hand-foot")) == 2
    assert doc.view.page_at(text.index("18 months")) == 2
    i = text.index("37.5 mg")
    assert doc.view.source_slice(i, i + 7) == "37.5 mg"


def test_pdf_evidence_carries_its_page(pdf_path):
    (ref,) = list(iter_sources([pdf_path]))
    assert ref.part is None and len(ref.sha256) == 64
    result = extract_document(ref)
    assert result.error is None and result.format == "pdf"
    source = read_source(ref).view.source
    evidence = [ev for f in result.facts for ev in f.evidence]
    assert evidence
    for ev in evidence:
        assert source[ev.start : ev.end] == ev.text
        assert ev.page == (1 if ev.start < source.index("Outcome") else 2)
    assert {ev.page for ev in evidence} == {1, 2}


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj << /Type /Catalog", b"not a pdf at all", b""])
def test_corrupt_pdf_is_a_one_line_read_error(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path))
    result = extract_document(path)
    assert result.error and result.doc == "broken"


def test_pdf_without_text_layer(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="no text layer"):
        read_document(path)
