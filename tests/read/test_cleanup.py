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


def _old_is_heading_line(line: str) -> bool:
    """The heading test as first written (the reference for the reordered one)."""
    from graph_builder.headings import section_type

    s = line.strip().strip("#*").strip()
    return 0 < len(s.split()) <= 6 and s[0].isupper() and s[-1] not in ".,;" and section_type(s) is not None \
        and "(" not in s


def _old_join_wrapped_lines(view: TextView) -> TextView:
    """``join_wrapped_lines`` as first written: both lines sliced and stripped at every break, the next line
    tested for a list item or heading before the join test (the reference for the rewrite)."""
    import re

    from graph_builder.read.cleanup import _NO_JOIN_NEXT, _TERMINAL

    text = view.text
    edits = []
    for m in re.finditer(r"\n[ \t\n]*", text):
        a, b = m.span()
        while a and text[a - 1] in " \t":
            a -= 1
        ls = text.rfind("\n", 0, a) + 1
        prev = text[ls:a]
        ne = text.find("\n", b)
        nxt = text[b : ne if ne >= 0 else len(text)]
        if not prev.strip() or not nxt.strip() or "\t" in prev or "\t" in nxt:
            continue
        p, n0 = prev.rstrip(), nxt.lstrip()[0]
        if p.endswith("-") and len(p) > 1 and p[-2].isalpha() and n0.islower():
            edits.append((a - (len(prev) - len(p)) - 1, b, ""))
            continue
        if _NO_JOIN_NEXT.match(nxt.lstrip()) or _old_is_heading_line(nxt):
            continue
        heading_like = len(p) < 50 and p[-1] not in _TERMINAL + ",+("
        if n0.islower() or n0 in "(–-" or (p[-1] not in _TERMINAL and not heading_like):
            edits.append((a, b, " "))
    return view.rewrite(edits) if edits else view


def _random_lines(rng, pieces: list[str], n: int) -> str:  # noqa: ANN001
    return "".join(rng.choice(pieces) for _ in range(n))


def test_join_wrapped_lines_is_the_first_written_join() -> None:
    """The in-place rewrite joins (and de-hyphenates) exactly where the slicing original did."""
    import random

    from graph_builder.read.cleanup import join_wrapped_lines

    pieces = ["\n", "\n\n", " \n", "\t", " ", "\u2003", "\r", "-", "a", "Word", "treat-", "ment", ".", ",", ":", "(x",
              "Case 2", "Background", "Results: ", "1. Introduction", "# Methods", "- item", "Figure 1", "stop.",
              "\u2013", "It continued", "lower", "Table 2", "Discussion\n", "A long line that runs on and on" * 2]
    texts = ["The patient received nimotu-\n\nzumab weekly.\nBackground\nShe was \n\ntreated (and) -\nwell.\n",
             "Case presentation\nA woman was admitted with a long history of \n\npain and was treated.\n\tx\n"]
    rng = random.Random(11)
    texts += [_random_lines(rng, pieces, rng.randint(0, 16)) for _ in range(5000)]
    for text in texts:
        view = TextView.identity(text)
        new, old = join_wrapped_lines(view), _old_join_wrapped_lines(view)
        assert (new.text, list(new.starts), list(new.ends)) == (old.text, list(old.starts), list(old.ends)), text


def test_heading_line_test_is_the_first_written_one() -> None:
    import random

    from graph_builder.read.cleanup import _is_heading_line

    words = ["Background", "case", "Presentation", "and", "#", "**", " ", "  ", "\t", "Results", "(x)", ".", ";",
             "Methods", "one", "Two", "three", "\u2003", "Discussion:", "Aims"]
    rng = random.Random(3)
    for _ in range(20000):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(0, 9)))
        assert _is_heading_line(line) == _old_is_heading_line(line), line


def test_line_breaks_are_what_the_pattern_finds() -> None:
    import random
    import re

    from graph_builder.read.cleanup import _line_breaks

    rng = random.Random(14)
    for _ in range(20000):
        text = "".join(rng.choice("ab \t\n\r\u2003") for _ in range(rng.randint(0, 12)))
        assert _line_breaks(text) == [m.span() for m in re.finditer(r"\n[ \t\n]*", text)], text


def test_markup_substitutions_are_re_sub() -> None:
    """strip_markup's gated substitutions (and the emphasis kept by a function) give what re.sub gives."""
    import re

    from graph_builder.read.cleanup import _BOOKMARK, _MD_EMPH, _TAGS, strip_markup

    for text in ["a *b* c **d e** f", "x<sup>2</sup> [bookmark: q] [:x] y", "no markup here", "*a* <i>b</i> [image:c]",
                 "a ** b * c", "2*3*4 and *x *y* z*"]:
        expected = _MD_EMPH.sub(r"\1", _TAGS.sub("", _BOOKMARK.sub("", text)))
        assert strip_markup(TextView.identity(text)).text == expected, text
