"""XML: safety checks, layout of JATS and PubMed, and the offset map back into the raw file."""

from __future__ import annotations

import html
import re

import pytest

from graph_builder.read import ReadError, read_document
from graph_builder.read.textview import TextView
from graph_builder.read.xml import read_xml

_TAG = re.compile(r"<[^>]*>")


def text_content(raw: str) -> str:
    """What a reader sees in a raw XML slice: tags stripped, references unescaped, spaces collapsed."""
    raw = re.sub(r"<!\[CDATA\[|\]\]>", "", raw)
    return " ".join(html.unescape(_TAG.sub("", raw)).split())


def check_offsets(view: TextView) -> None:
    """Every real char maps to its own source; layout chars are zero-width; order is kept."""
    assert len(view.starts) == len(view.ends) == len(view.text)
    prev = 0
    for i, c in enumerate(view.text):
        s, e = view.starts[i], view.ends[i]
        assert prev <= s <= e <= len(view.source), (i, c, s, e)
        prev = s
        if s == e:
            continue  # inserted by the layout
        raw = view.source[s:e]
        if c == " ":
            assert not text_content(raw), (i, raw)  # a collapsed run of whitespace (maybe across tags)
        else:
            assert html.unescape(raw) == c, (i, c, raw)


def real_sentences(view: TextView) -> list[tuple[int, int]]:
    """Sentence-like spans made only of source characters (no inserted layout)."""
    out = []
    for m in re.finditer(r"[^\n\t]+", view.text):
        for s in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", m.group()):
            a, b = m.start() + s.start(), m.start() + s.end()
            if b > a and all(view.ends[i] > view.starts[i] for i in range(a, b)):
                out.append((a, b))
    return out


# An invented case report, written for these tests.
JATS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="case-report">
  <front>
    <journal-meta>
      <journal-id journal-id-type="nlm-ta">Imaginary Oncol Rep</journal-id>
      <journal-title-group><journal-title>Imaginary Oncology Reports</journal-title></journal-title-group>
    </journal-meta>
    <article-meta>
      <article-id pub-id-type="pmcid">PMC0000000</article-id>
      <title-group>
        <article-title>Sustained response to <italic>lorvatinib</italic> in a patient with
          <italic>ROS1</italic>-rearranged lung adenocarcinoma: a case report</article-title>
      </title-group>
      <contrib-group>
        <contrib contrib-type="author"><name><surname>Example</surname><given-names>Ada</given-names></name><xref ref-type="aff" rid="aff1">1</xref></contrib>
      </contrib-group>
      <aff id="aff1"><label>1</label>Department of Invented Medicine, Nowhere University Hospital</aff>
      <abstract>
        <sec><title>Background</title>
          <p>Rearrangements of <italic>ROS1</italic> occur in 1&#x2013;2% of lung cancers.</p>
        </sec>
        <sec><title>Case presentation</title>
          <p>A 47-year-old woman received lorvatinib 100&#160;mg daily &amp; responded.</p>
        </sec>
      </abstract>
      <kwd-group><kwd>ROS1</kwd></kwd-group>
    </article-meta>
  </front>
  <body>
    <sec id="s1">
      <title>Introduction</title>
      <p>Targeted therapy changed the outlook of <italic>ROS1</italic>-positive disease<sup><xref ref-type="bibr" rid="r1">1</xref></sup>. Responses are
        often durable.</p>
    </sec>
    <sec id="s2">
      <label>2</label>
      <title>Case presentation</title>
      <p>A 47-year-old never-smoker presented with cough. CT showed a 4.2&nbsp;cm mass (<xref ref-type="fig" rid="f1">Figure 1</xref>).</p>
      <!-- a comment the reader never sees -->
      <p>Serum CEA was &lt;5 ng/mL and the &#946;-hCG was normal. She started lorvatinib<xref ref-type="bibr" rid="r2">[2]</xref>.</p>
      <list list-type="bullet">
        <list-item><label>&#x2022;</label><p>Grade 1 fatigue.</p></list-item>
        <list-item><label>&#x2022;</label><p>Grade 2 oedema.</p></list-item>
      </list>
      <fig id="f1">
        <label>Figure 1</label>
        <caption><title>Chest CT at diagnosis</title><p>A mass in the right upper lobe.</p></caption>
        <graphic xlink:href="f1.jpg"/>
      </fig>
      <fig id="f2">
        <label>Fig. 2</label>
        <caption><p>Response after 8 weeks.</p></caption>
      </fig>
      <table-wrap id="t1">
        <label>Table 1</label>
        <caption><p>Laboratory values</p></caption>
        <table>
          <thead><tr><th>Test</th><th>Baseline</th><th>Week 8</th></tr></thead>
          <tbody>
            <tr><td>CEA (ng/mL)</td><td>4.1</td><td>3.0</td></tr>
            <tr><td>ALT (U/L)</td><td/><td>41 <sup>a</sup></td></tr>
          </tbody>
        </table>
        <table-wrap-foot><fn id="tf1"><label>a</label><p>Grade 1 by CTCAE.</p></fn></table-wrap-foot>
      </table-wrap>
      <sec id="s2.1">
        <title>Outcome and follow-up</title>
        <p>The response lasted <bold>26 months</bold>.<![CDATA[ No relapse]]> was seen.</p>
      </sec>
    </sec>
  </body>
  <back>
    <ack><p>We thank the invented tumour board.</p></ack>
    <ref-list>
      <title>References</title>
      <ref id="r1"><label>1</label><mixed-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Placeholder</surname> <given-names>A</given-names></name></person-group>. <article-title>An imaginary trial</article-title>. <source>Fict Oncol</source>. <year>2020</year>;<volume>1</volume>:<fpage>1</fpage>.</mixed-citation></ref>
      <ref id="r2"><label>2</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Sample</surname><given-names>B</given-names></name></person-group><article-title>Another study</article-title><source>Fict Oncol</source><year>2021</year></element-citation></ref>
    </ref-list>
  </back>
</article>
"""

PUBMED = """<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">00000000</PMID>
    <Article PubModel="Print">
      <Journal><Title>Imaginary Oncology Reports</Title></Journal>
      <ArticleTitle>Pembrolizumab-induced colitis in a patient with melanoma &amp; renal transplant.</ArticleTitle>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Immune checkpoint inhibitors can cause colitis.</AbstractText>
        <AbstractText Label="CASE PRESENTATION" NlmCategory="METHODS">A 71-year-old man received pembrolizumab 200&#x2009;mg every 3&#xa0;weeks. He developed <i>grade 3</i> diarrhoea.</AbstractText>
        <AbstractText Label="CONCLUSIONS &amp; OUTLOOK" NlmCategory="CONCLUSIONS">Early steroids helped.</AbstractText>
        <CopyrightInformation>Invented for tests.</CopyrightInformation>
      </Abstract>
      <AuthorList><Author><LastName>Example</LastName><ForeName>Ada</ForeName></Author></AuthorList>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D002363">Case Reports</PublicationType>
      </PublicationTypeList>
    </Article>
    <MeshHeadingList><MeshHeading><DescriptorName UI="D0">Colitis</DescriptorName></MeshHeading></MeshHeadingList>
  </MedlineCitation>
  <PubmedData>
    <ReferenceList><Reference><Citation>Placeholder A. An imaginary trial. Fict Oncol. 2020;1:1.</Citation></Reference></ReferenceList>
  </PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""


def lines(text: str) -> list[str]:
    return text.split("\n")


@pytest.fixture(scope="module")
def jats():
    return read_xml(JATS, "case.nxml")


@pytest.fixture(scope="module")
def pubmed():
    return read_xml(PUBMED, "pm.xml")


# -- JATS --------------------------------------------------------------------


def test_jats_title_kind_and_front_matter(jats):
    title = "Sustained response to lorvatinib in a patient with ROS1-rearranged lung adenocarcinoma: a case report"
    assert jats.title == title
    assert jats.kind_hint == "case-report"
    assert jats.view.text.startswith(title + "\n\nAbstract\n\nBackground\nRearrangements")
    for dropped in ("Imaginary Oncology Reports", "Nowhere University", "Example", "PMC0000000", "kwd", "comment"):
        assert dropped not in jats.view.text
    assert jats.view.source is JATS


def test_jats_headings_and_paragraphs(jats):
    text = jats.view.text
    assert "\n\nCase presentation\nA 47-year-old woman received lorvatinib 100 mg daily & responded.\n\n" in text
    assert "\n\nIntroduction\nTargeted therapy changed the outlook of ROS1-positive disease1. Responses are often durable.\n\n" in text
    assert "\n\n2 Case presentation\nA 47-year-old never-smoker presented with cough. CT showed a 4.2 cm mass (Figure 1).\n\n" in text
    assert "\n\nSerum CEA was <5 ng/mL and the \u03b2-hCG was normal. She started lorvatinib[2].\n\n" in text
    assert "\n\n\u2022 Grade 1 fatigue.\n\n\u2022 Grade 2 oedema.\n\n" in text
    assert "\n\nOutcome and follow-up\nThe response lasted 26 months. No relapse was seen.\n\n" in text
    assert "\n\nAcknowledgements\nWe thank the invented tumour board.\n\n" in text
    assert "\n\n\n" not in text and not text.startswith("\n") and not text.endswith("\n")


def test_jats_figures_tables_references(jats):
    ls = lines(jats.view.text)
    assert "Figure 1. Chest CT at diagnosis. A mass in the right upper lobe." in ls
    assert "Figure 2. Response after 8 weeks." in ls
    i = ls.index("Table 1. Laboratory values")
    assert ls[i + 1 : i + 6] == ["", "Test\tBaseline\tWeek 8", "CEA (ng/mL)\t4.1\t3.0", "ALT (U/L)\t\t41 a", ""]
    assert ls[i + 6] == "a Grade 1 by CTCAE."
    r = ls.index("References")
    assert ls[r - 1] == "" and ls[r + 1].startswith("1 Placeholder A. An imaginary trial. Fict Oncol. 2020;1:1.")
    assert ls[-1] == "2 Sample B Another study Fict Oncol 2021"


def test_jats_offsets_map_back_verbatim(jats):
    view = jats.view
    check_offsets(view)
    spans = real_sentences(view)
    assert len(spans) > 15
    for a, b in spans:
        assert text_content(view.source_slice(a, b)) == " ".join(view.text[a:b].split()), view.text[a:b]


def test_jats_evidence_examples(jats):
    view = jats.view
    a = view.text.index("Serum CEA")
    b = view.text.index("was normal.") + len("was normal.")
    assert view.source_slice(a, b) == "Serum CEA was &lt;5 ng/mL and the &#946;-hCG was normal."
    a = view.text.index("100 mg")
    assert view.source_slice(a, a + 6) == "100&#160;mg"
    a = view.text.index("ROS1-rearranged")
    assert view.source_slice(a, a + len("ROS1-rearranged")) == "<italic>ROS1</italic>-rearranged"[8:]
    # The synthetic "Figure " of "Fig. 2" sits at the label, so the evidence covers the label.
    a = view.text.index("Figure 2")
    b = view.text.index("8 weeks.") + len("8 weeks.")
    assert view.source_slice(a, b).startswith("Fig. 2</label>")
    # Cells are real text; the TAB between them is zero-width.
    a = view.text.index("CEA (ng/mL)\t4.1")
    tab = a + len("CEA (ng/mL)")
    assert view.starts[tab] == view.ends[tab] == view.ends[tab - 1]
    assert view.source_slice(a, tab + 4) == "CEA (ng/mL)</td><td>4.1"


def test_jats_synthetic_headings_are_zero_width(jats):
    view = jats.view
    for word in ("\nAbstract\n", "\nAcknowledgements\n"):
        i = view.text.index(word) + 1
        assert all(view.starts[j] == view.ends[j] for j in range(i, i + len(word) - 2))
    i = view.text.index("\nReferences\n") + 1
    assert view.source_slice(i, i + len("References")) == "References"  # the ref-list's own title


def test_ref_list_without_title_gets_a_references_heading():
    raw = ("<article><front><article-meta><title-group><article-title>T</article-title></title-group>"
           "</article-meta></front><body><p>Text.</p></body><back><ref-list><ref><label>1</label>"
           "<mixed-citation>Invented A. Title. J. 2000.</mixed-citation></ref></ref-list></back></article>")
    doc = read_xml(raw, "x.xml")
    assert doc.view.text == "T\n\nText.\n\nReferences\n1 Invented A. Title. J. 2000."
    assert doc.kind_hint is None
    check_offsets(doc.view)


# -- PubMed ------------------------------------------------------------------


def test_pubmed_layout(pubmed):
    assert pubmed.title == "Pembrolizumab-induced colitis in a patient with melanoma & renal transplant."
    assert pubmed.kind_hint == "Case Reports"
    assert pubmed.view.text == (
        "Pembrolizumab-induced colitis in a patient with melanoma & renal transplant."
        "\n\nAbstract"
        "\n\nBACKGROUND\nImmune checkpoint inhibitors can cause colitis."
        "\n\nCASE PRESENTATION\nA 71-year-old man received pembrolizumab 200 mg every 3 weeks. He developed grade 3 diarrhoea."
        "\n\nCONCLUSIONS & OUTLOOK\nEarly steroids helped."
        "\n\nReferences\nPlaceholder A. An imaginary trial. Fict Oncol. 2020;1:1."
    )


def test_pubmed_offsets(pubmed):
    view = pubmed.view
    i = view.text.index("200 mg")
    assert view.source_slice(i, i + 6) == "200&#x2009;mg"  # Unicode spaces collapse to one plain space
    check_offsets(view)
    for a, b in real_sentences(view):
        assert text_content(view.source_slice(a, b)) == " ".join(view.text[a:b].split())
    i = view.text.index("CASE PRESENTATION")
    assert view.source_slice(i, i + len("CASE PRESENTATION")) == "CASE PRESENTATION"  # the Label attribute
    assert PUBMED[view.starts[i] - len('Label="') : view.starts[i]] == 'Label="'
    i = view.text.index("CONCLUSIONS & OUTLOOK")
    assert view.source_slice(i, i + len("CONCLUSIONS & OUTLOOK")) == "CONCLUSIONS &amp; OUTLOOK"


# -- refused documents -------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>&lol3;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article><body><p>&secret;</p></body></article>
"""


@pytest.mark.parametrize("raw", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused(write, raw):
    with pytest.raises(ReadError) as err:
        read_document(write("evil.xml", raw))
    assert err.value.reason == "unsafe XML: entity declarations are not allowed"
    assert str(err.value).endswith("evil.xml: unsafe XML: entity declarations are not allowed")


def test_truncated_xml_is_malformed(write):
    path = write("cut.nxml", JATS[: JATS.index("<table-wrap")])
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.reason.startswith("malformed XML: ")
    assert "line" in err.value.reason


def test_unsupported_root(write):
    with pytest.raises(ReadError) as err:
        read_document(write("doc.xml", "<w:document xmlns:w='urn:x'><w:body>Hi</w:body></w:document>"))
    assert err.value.reason.startswith("unsupported XML")


def test_undeclared_named_entity_without_doctype_is_malformed():
    with pytest.raises(ReadError, match="malformed XML: undefined entity"):
        read_xml("<article><body><p>5&nbsp;mg</p></body></article>", "x.xml")


ODD = """<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<?properties open_access?>
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type='case-report'>
<front><article-meta><title-group><article-title>Odd markup</article-title></title-group>
<abstract abstract-type="graphical"><p>GRAPHICAL</p></abstract>
<abstract><p>Level <inline-formula><alternatives><tex-math>$x$</tex-math><mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math></alternatives></inline-formula> seen.</p></abstract>
<trans-abstract xml:lang="fr"><p>TRANSLATED</p></trans-abstract>
</article-meta></front>
<body>
<p>Text before any section.</p>
<sec><title>Case</title>
<p>Dose was 2<break/>mg.</p>
<fig-group><fig id="f1"><label>1</label><caption><p>Bare label.</p></caption></fig>
<fig id="f2"><caption><p>No label.</p></caption></fig></fig-group>
<table-wrap><label>Table 2</label><caption><title>Doses</title></caption><alternatives><graphic href="t.gif"/>
<table><tr><td>a<break/>b</td><td><p>x</p><p>y</p></td></tr></table></alternatives></table-wrap>
</sec>
</body>
<back>
<fn-group><fn><p>Conflict: none.</p></fn></fn-group>
<ref-list><title>Literature cited</title><ref><label>1.</label><mixed-citation>A. B. C.</mixed-citation></ref></ref-list>
</back>
<sub-article><front-stub><title-group><article-title>Decision letter</article-title></title-group></front-stub><body><p>SUBARTICLE</p></body></sub-article>
</article>
"""


def test_odd_markup():
    doc = read_xml(ODD, "odd.xml")
    assert doc.view.text == (
        "Odd markup\n\nAbstract\nLevel x=2 seen.\n\nMain text\nText before any section.\n\nCase\nDose was 2 mg."
        "\n\nFigure 1. Bare label.\n\nFigure 2. No label.\n\nTable 2. Doses\n\na b\tx y"
        "\n\nNotes\nConflict: none.\n\nReferences\n1. A. B. C."
    )
    check_offsets(doc.view)


def test_pubmed_set_with_two_records_keeps_both():
    record = ("<PubmedArticle><MedlineCitation><Article><ArticleTitle>{t}</ArticleTitle><Abstract>"
              "<AbstractText>{a}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>")
    raw = "<PubmedArticleSet>" + record.format(t="First.", a="One.") + record.format(t="Second", a="Two.") + "</PubmedArticleSet>"
    doc = read_xml(raw, "two.xml")
    assert doc.title == "First." and doc.kind_hint is None
    assert doc.view.text == "First.\n\nAbstract\nOne.\n\nSecond\n\nAbstract\nTwo."
    check_offsets(doc.view)


def test_unknown_entity_from_an_external_dtd_is_kept_verbatim():
    raw = ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2//EN" '
           '"JATS-archivearticle1.dtd"><article><body><p>5&nbsp;mg &odd.name; daily</p></body></article>')
    doc = read_xml(raw, "x.xml")
    assert doc.view.text == "5 mg &odd.name; daily"
    check_offsets(doc.view)


def test_jats_body_paragraphs_before_the_first_section_are_not_the_abstract():
    raw = ("<article><front><article-meta><title-group><article-title>T</article-title></title-group>"
           "<abstract><p>Summary of the case.</p></abstract></article-meta></front><body><p>A 50-year-old man "
           "received imatinib.</p><sec><title>Discussion</title><p>Imatinib works.</p></sec></body></article>")
    doc = read_xml(raw, "y.xml")
    assert doc.view.text == ("T\n\nAbstract\nSummary of the case.\n\nMain text\nA 50-year-old man received imatinib."
                             "\n\nDiscussion\nImatinib works.")
    check_offsets(doc.view)
    from graph_builder.read import SourceDocument
    from graph_builder.segment import segment
    sec = {s.text: s.section for s in segment(SourceDocument("y", __import__("pathlib").Path("y.xml"), "xml", doc.view)).sentences}
    assert sec["A 50-year-old man received imatinib."] == "body"
    assert sec["Summary of the case."] == "abstract"
