"""vocabulary.Lexicon: where a form matches (word starts, "anti-", never after another word's hyphen)."""

from __future__ import annotations

import random
import re

import pytest

from graph_builder import vocabulary as vocab
from graph_builder.vocabulary import Entry, Lexicon


def _lexicon(forms: list[str]) -> Lexicon:
    lex = Lexicon()
    for f in forms:
        lex.add(Entry(f.lower()), [f])
    return lex


def _reference(lex: Lexicon, text: str) -> list[tuple[int, int]]:
    """The matching rule written out plainly: one pattern, lookbehinds, tried at every position."""
    alts = sorted(set(lex.forms) | {vocab.norm_form(x) for x in lex.exact}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\u2010-\u2015-]?") for a in alts)
    rx = re.compile(rf"(?:(?<=anti-)|(?<=anti–)|(?<![\w-]))(?:{body})(?![\w]|-(?:\w*\d|[a-z]+ib\b))")
    # longest form first at each start, as the trie's greedy tails give
    return [m.span() for m in rx.finditer(vocab.lower_same_length(text))]


FORMS = ["VEGF", "PD-1", "L1", "nab paclitaxel", "paclitaxel", "TKI", "anti", "5-FU", "ib"]


@pytest.mark.parametrize(("text", "found"), [
    ("VEGF at the start", ["VEGF"]),
    ("anti-VEGF and anti–VEGF", ["anti", "VEGF", "anti", "VEGF"]),
    ("PD-L1 is not L1-positive", ["L1"]),          # after another word's hyphen: no; before "-positive": yes
    ("nab-paclitaxel, nab paclitaxel", ["nab-paclitaxel", "nab paclitaxel"]),  # a hyphen or a space between words
    ("paclitaxel-5FU paclitaxel-nib paclitaxel-based", ["paclitaxel"]),  # not before a hyphenated code or -ib word
    ("TKI TKI,TKI.", ["TKI", "TKI", "TKI"]),         # adjacent forms, one character apart
    ("(5-FU)[VEGF]", ["5-FU", "VEGF"]),
])
def test_where_forms_match(text: str, found: list[str]) -> None:
    lex = _lexicon(FORMS)
    assert [text[a:b] for a, b, _ in lex.finditer(text)] == found


@pytest.mark.parametrize("forms", [FORMS, FORMS + ["c.", "(x)"], FORMS + ["FU x", "Véd", "PDL"]])  # forms with punctuation, spaces, accents
def test_same_spans_as_the_plain_rule(forms: list[str]) -> None:
    lex = _lexicon(forms)
    rng = random.Random(5)
    words = ["VEGF", "anti", "-", "–", " ", "PD", "L1", "nab", "paclitaxel", "5", "FU", "ib", "TKI", ",", ".", "(", ")", "x", "c", "é"]
    for _ in range(300):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
        assert [(a, b, e) for a, b, e in lex.finditer(text)] == \
               [(a, b, lex.lookup(text[a:b])) for a, b in _reference(lex, text) if lex.lookup(text[a:b]) is not None], text


def _trie_spans(lex: Lexicon, low: str) -> list[tuple[int, int]]:
    """What the trie finds tried everywhere: anchored at the start, then scanned after every non-word character."""
    anchored = lex.rx
    assert lex._heads is not None  # (word-bounded forms: the head scan is what is under test)
    body = vocab._trie_regex(set(lex.forms) | {vocab.norm_form(x) for x in lex.exact})
    scan = re.compile(rf"\W(?<!(?<!anti)-)({body}){vocab.TAIL}")
    first = anchored.match(low)
    rest = [m.span(1) for m in scan.finditer(low, first.end() if first is not None else 0)]
    return ([first.span()] if first is not None else []) + rest


HEAD_FORMS = ["t dm1", "a b c d e f", "ab cd", "abcdef", "ab c", "abc d", "x/y", "17α hydroxylase", "é1", "ß", "o", "5 fu"]


@pytest.mark.parametrize("lexicon", [lambda: _lexicon(HEAD_FORMS), vocab.drugs, vocab.adverse_events, vocab.regimens])
def test_head_scan_finds_what_the_trie_finds(lexicon) -> None:
    """``_spans`` looks for forms only where their first characters follow a non-word character:
    spaces inside a form's head (kept or dropped), non-ASCII letters and punctuation before or in it.
    The drug, adverse-event and regimen lexicons find those places in one pass shared by the three."""
    lex = lexicon()
    rng = random.Random(11)
    forms = sorted(set(lex.forms))[:300] + HEAD_FORMS
    glue = ["", " ", "-", "anti-", "‐", "–", "\u00a0", "é", "α", "İ", "_", "/", "“", "(", "x", "5", "\n", "ab"]
    for _ in range(2_000):
        text = "".join(rng.choice(glue) + rng.choice(forms + ["the", "a", "ab c"]) for _ in range(rng.randint(1, 6)))
        low = vocab.lower_same_length(text if rng.random() < 0.5 else text.upper())
        assert list(lex._spans(low)) == _trie_spans(lex, low), low
