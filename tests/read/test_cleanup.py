"""Plain-text clean-up keeps every clean span mapped to its source slice."""

from graph_builder.read.cleanup import clean_text
from graph_builder.read.textview import TextView


def _clean(raw: str) -> TextView:
    return clean_text(TextView.identity(raw))


def test_hyphenation_across_line_break_is_undone_and_maps_back():
    raw = "The patient received nimotu-\n\nzumab 200 mg weekly for six weeks in total.\n"
    v = _clean(raw)
    assert "nimotuzumab 200 mg" in v.text
    a = v.text.index("nimotuzumab")
    s, e = v.span(a, a + len("nimotuzumab"))
    assert raw[s:e] == "nimotu-\n\nzumab"


def test_wrapped_lines_join_but_headings_stay():
    raw = "Case presentation\nA 50-year-old woman was admitted to our department with a long history of \n\npain and was treated.\n"
    v = _clean(raw)
    assert v.text.startswith("Case presentation\n")
    assert "history of pain and was treated." in v.text


def test_markup_is_dropped_but_its_text_kept():
    raw = "[bookmark: _Hlk1]Docetaxel 75 mg/m<sup>2</sup> was given. Size $4.1 \\times 3.0 \\text{ cm}^2$.\n"
    v = _clean(raw)
    assert "Docetaxel 75 mg/m2 was given." in v.text
    assert "4.1 × 3.0 cm2" in v.text
    a = v.text.index("Docetaxel")
    s, e = v.span(a, a + len("Docetaxel 75 mg/m2"))
    assert raw[s:e] == "Docetaxel 75 mg/m<sup>2"


def test_figure_legend_is_lifted_out_of_the_sentence_it_interrupts():
    raw = ("The lesion shrank markedly and the symptoms \n\nFigure 2 Axial MRI before treatment (A) and after\n"
           "two cycles (B).\nAbbreviations: MRI, magnetic resonance imaging.\n resolved within a month.\n")
    v = _clean(raw)
    assert "the symptoms resolved within a month." in v.text
    assert v.text.rstrip().endswith("Abbreviations: MRI, magnetic resonance imaging.")


def test_every_clean_span_maps_inside_the_source():
    raw = "Intro line\n\nSome text with a wrap-\nped word and $x^2$ and <sup>3</sup>.\n\nFigure 1 Legend.\n more text.\n"
    v = _clean(raw)
    for a in range(len(v.text)):
        for b in range(a + 1, min(len(v.text), a + 30)):
            s, e = v.span(a, b)
            assert 0 <= s <= e <= len(raw)


def test_unicode_hyphens_and_wide_spaces_become_plain_ones():
    from graph_builder.read.cleanup import strip_markup
    from graph_builder.read.textview import TextView

    for text in ("anti\u2010PD\u20111 at 5\u00a0mg\u2009/\u202fkg\u2002and\u2003more", "plain ascii - text", "only\u00a0a space",
                 "only\u2011a hyphen"):
        view = strip_markup(TextView.identity(text))
        expected = text.translate({0x2010: "-", 0x2011: "-", 0xA0: " ", 0x2009: " ", 0x202F: " ", 0x2002: " ", 0x2003: " "})
        assert view.text == expected
