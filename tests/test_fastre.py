"""fastre: where matching is tried (a start set, the lower case) never changes what a pattern matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from graph_builder import fastre
from re import _parser as P  # noqa: N812 - fastre reads parsed patterns
from graph_builder.recognise.outcomes import _RESPONSE_PATTERNS
from graph_builder.relate.clauses import ADMIN_CUE, GENERAL, STRONG_ADMIN, TRIAL_DESCRIPTION

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("pattern", "flags", "head"), [
    (r"\b(?:given|received)\b", re.I, "[gr]"),
    (r"(?<![\w-])CR(?![\w-])", 0, "[C]"),
    (r"(?:a|b)?c", 0, "[abc]"),            # an optional head adds what follows
    (r"\d+\s*mg", 0, r"[\d]"),
    (r"x*", 0, None),                      # can match empty: no lookahead
    (r"\w+ectomy", re.I, None),            # \w bounds nothing
    (r"[^a]b", 0, None),                   # a negated class bounds nothing
    (r"(?i)abc", 0, None),                 # global inline flags stay first
    (r"(?-i:A)b", re.I, None),             # a local case switch: left alone
])
def test_first_chars(pattern: str, flags: int, head: str | None) -> None:
    assert fastre.first_chars(pattern, flags) == head


@pytest.mark.parametrize(("pattern", "flags", "skips"), [
    (r"^\s*(?:which|that)\b", re.I, True),     # anchored: re tries one position
    (r"^\s*(?:which|that)\b", re.M, False),    # at every line start: not anchored
    (r"\(\s*n\s*=\s*\d+\)", re.I, True),       # a literal first character
    (r"[.;,]\s*$", 0, True),                   # a first-character set re finds itself
    (r";\s*|,\s+and\s+", 0, True),              # ... also of an alternation
    (r"\b(?:given|received)\b", re.I, False),  # \b first: re scans every position
    (r"[a-z]+ib\b", re.I, False),              # cased letters under IGNORECASE: no set
    (r"\d*x", 0, False),                       # no prefix analysis past a repeat
    (r"\brespectively\b", 0, False),          # a one-character start set: still re's own, not a lookahead
])
def test_re_skips_fast(pattern: str, flags: int, skips: bool) -> None:
    assert fastre.re_skips_fast(pattern, flags) is skips
    compiled = fastre.compile(pattern, flags)
    if flags & re.I:  # re's own pattern inside answers anchored calls: with the lookahead where re would not skip
        assert isinstance(compiled, fastre.Folded)
        assert (compiled.pattern == pattern) is (skips or fastre.first_chars(pattern, flags) is None)
    else:  # the start set is given to re as its own (never as a lookahead, which is tried everywhere)
        assert compiled.pattern == pattern


def _texts() -> list[str]:
    docs = sorted((ROOT / "examples" / "docs").glob("*"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs if p.is_file())
    rng = random.Random(3)
    alphabet = "aAcCdDgGpPrRsS KkſıİK-–;,.()0123456789\u212a"
    noise = ["".join(rng.choice(alphabet) for _ in range(200)) for _ in range(50)]
    return [text, *noise]


PATTERNS = [(rx, re.I) for _, _, rx in _RESPONSE_PATTERNS] + [
    (p.pattern.split(")(?:", 1)[1][:-1] if p.pattern.startswith("(?=") else p.pattern, p.flags)
    for p in (ADMIN_CUE, STRONG_ADMIN, GENERAL, TRIAL_DESCRIPTION)
] + [(r"\b(?:[Cc]ould|may|[Ii]f)\b", 0), (r"(?P<v>\d+(?:\.\d+)?)\s*(?P<u>days?|months?)\b", re.I)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_same_matches_as_re(pattern: str, flags: int) -> None:
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags & ~re.UNICODE)
    assert fast.groupindex == plain.groupindex and fast.groups == plain.groups
    for text in _texts():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]


# Case-insensitive patterns scan the lower case (fastre.Folded): the same matches as re, groups in the text's own case.
FOLDED = [
    (r"\b(?:given|received)\b", re.I),
    (r"(?<![\w-])(?P<w>[A-Z][a-z]+)\s+(?:Stable|PARTIAL)\s+(?:disease|response)s?\b", re.I),
    (r"[^a-z\s]{2}S\b|ſ+|\bK\w*", re.I),                 # negated classes, the long s, the Kelvin sign
    (r"(?:^|\n)\s*(?:case|patient)\s*(\d{1,2})\b", re.I),
    (r"σ\w*|Σ|µg", re.I),                                 # sigma in both its lower cases, micro sign and mu
    (r"(?=\w)(?:İ|i)\w{0,3}", re.I),                      # İ: its lower case is two characters
    # tried only where a head begins (Folded._heads): overlapping heads, a head repeated, a lookbehind before it
    (r"(?:grade\s*\d|rad)\w*|(?:aaa)+k", re.I),
    (r"(?<=grade )(?:stable|partial){1,2}\s*(?:disease|response)?", re.I),
    (r"\b(?:case|patient)s?\s+(?:\d+|İstanbul)", re.I),
]


def _case_texts() -> list[str]:
    rng = random.Random(7)
    alphabet = "aAgGiIİıkKKsSſσςΣµμ eEdDrRvVnN\n-12345"
    words = ["Given", "RECEIVED", "given", "Grade grade 3", "CASE 2", "patient 11", "Stable Disease", "ΣΟΦΙΑΣ", "5 µg", "İstanbul",
             "aaaaaaK", "grade partialstable", "GRADE STABLE response", "cases 12"]
    out = [" ".join(rng.choice(words) for _ in range(40))]
    out += ["".join(rng.choice(alphabet) for _ in range(300)) for _ in range(40)]
    # texts no longer than fastre._SHORT (folded uncached), cut anywhere, down to one character
    out += [t[i:i + k] for t in out[:12] for i, k in ((0, 48), (5, 30), (17, 12), (40, 1))]
    return out + [t + "." for t in _texts()[:1]]


@pytest.mark.parametrize(("pattern", "flags"), FOLDED)
def test_folded_same_as_re(pattern: str, flags: int) -> None:
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    assert isinstance(fast, fastre.Folded)
    assert (fast.groups, fast.groupindex) == (plain.groups, plain.groupindex)
    for text in _case_texts():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
        for pos, endpos in ((0, len(text)), (7, len(text) // 2), (len(text) // 3, len(text))):
            a, b = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
            assert [(m.span(), m.group(0)) for m in fast.finditer(text, pos, endpos)] == \
                   [(m.span(), m.group(0)) for m in plain.finditer(text, pos, endpos)]
        assert fast.sub("<\\g<0>>", text) == plain.sub("<\\g<0>>", text)
        assert fast.sub("*", text) == plain.sub("*", text) and fast.subn("", text, 2) == plain.subn("", text, 2)
        assert fast.subn(lambda m: m.group(0).upper(), text, 3) == plain.subn(lambda m: m.group(0).upper(), text, 3)
        assert fast.split(text) == plain.split(text)
        assert fast.findall(text) == plain.findall(text)


def test_heads_are_what_every_match_starts_with() -> None:
    """A pattern whose matches all begin with one of a few words is tried only where they are."""
    assert fastre.compile(r"\b(?:given|received)\b", re.I)._heads == ("given", "received")
    assert fastre.compile(r"(?<=grade )(?:stable|partial){1,2}", re.I)._heads == ("partial", "stable")
    assert fastre.compile(r"(?:grade\s*\d|rad)\w*|(?:aaa)+k", re.I)._heads == ("aaa", "grade", "rad")
    assert fastre.compile(r"\b(?:to|received)\b", re.I)._heads == ()  # too short a head to be worth finding
    assert fastre.compile(r"(?:given)?\s*received", re.I)._heads == ()  # may start with either


def test_folded_groups_keep_the_texts_case() -> None:
    m = fastre.compile(r"\b(?P<drug>[a-z]+mab)\b", re.I).search("Patients given Bevacizumab, then NIVOLUMAB.")
    assert m is not None and m.group("drug") == "Bevacizumab"


def test_folded_left_alone_where_case_switches_locally() -> None:
    assert not isinstance(fastre.compile(r"(?-i:A)b", re.I), fastre.Folded)  # a case-sensitive part: re's own pattern
    assert not isinstance(fastre.compile(r"ab", re.I | re.ASCII), fastre.Folded)


@pytest.mark.parametrize(("pattern", "found"), [
    (r"\b\d{2,}\s+(?:[\w-]+\s+){0,4}?(?:Patients|cases)\b(?!\s+reported)", ("cases", "patients")),
    (r"\bmedian\s+(?:overall\s+)?survival\b", ("survival",)),       # the longest required word, not an optional one
    (r"(?:\d+|few)\s+cycles", ("cycles",)),
    (r"\b(?:grade|\d+)\s*[3-4]", ()),                                 # a branch without a word: nothing required
    (r"(?<=given\s)(?:an?\s+)?dose", ("dose",)),                      # a lookbehind's words may lie before the slice
    (r"\s+(?=(?:then\s+)?(?:switched|changed)\s+to\b)", ("changed", "switched")),  # a lookahead's lie in the slice
    (r"\bCLASS\b|claſs", ("class",)),                                 # ſ is folded to s in the text as in the pattern
    (r"\b(?:PD|ORR)\b", ()),                                          # needles shorter than three: the scan is as cheap
    (r"\b(?:blockade|block\w*|inhibit\w*|binding)\b", ("block", "binding", "inhibit")),  # "blockade" only where "block" is
])
def test_needles(pattern: str, found: tuple[str, ...]) -> None:
    compiled = fastre.compile(pattern, re.I)
    assert isinstance(compiled, fastre.Folded) and compiled._needles == found
    assert sorted(fastre.needles(fastre._fold_seq(P.parse(pattern, re.I)))) == sorted(found)


def test_needles_never_hide_a_match() -> None:
    rx = fastre.compile(r"\b(?:two|\d+)\s+patients\b", re.I)
    text = "Of the 12 PATIENTS, two patients and 3 paſients, as the tables of the appendix list them"  # > _SHORT: fold cached
    assert len(text) > fastre._SHORT
    assert [m.group(0) for m in rx.finditer(text)] == [m.group(0) for m in re.finditer(rx.pattern, text, re.I)]
    assert rx.search(text, 5, 20) is not None and rx.search(text, 20, 25) is None  # needles looked for in the slice
    plain = re.compile(rx.pattern, re.I)
    for pos, endpos in ((5, 60), (40, 90), (0, 49), (30, 79)):
        a, b = rx.search(text, pos, endpos), plain.search(text, pos, endpos)
        assert (a and a.span()) == (b and b.span())


def test_branches_a_text_cannot_match_are_left_out() -> None:
    pattern = r"[(\[]?\s*95\s*%\s*CI[^)\]]*[)\]]?|\brange\s*\d+(?:\s*-\s*\d+)?|\blog-rank\b|\bFigures? \d+|(?<![\w.])\d+\s*-\s*\d+(?=\s*\))"
    fast, plain = fastre.compile(pattern, re.I), re.compile(pattern, re.I)
    assert isinstance(fast, fastre.Folded) and fast._branches is not None
    rng = random.Random(11)
    parts = ["PFS 5 (95% CI 3-7)", "range 2-9", "LOG-RANK", "figure 2", "(4 - 6)", "median", " ", ", ", "Range", "95 %"]
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 12)))
        assert [(m.span(), m.group(0)) for m in fast.finditer(text)] == [(m.span(), m.group(0)) for m in plain.finditer(text)]
        assert fast.sub(" ", text) == plain.sub(" ", text)
    assert len(fast._branches.variants) > 2  # texts with different words were scanned with different branches


@pytest.mark.parametrize("pattern", [r"s*", r"(?:abs)*|(?:k|si)(?:[σς]){0,2}", r"(?:(bas))??(?:σ)??|(?(1)b|s)\.", r"(?! )|ſ*|i"])
def test_patterns_that_can_match_empty_are_left_to_re(pattern: str) -> None:
    """re's rules for empty matches (none right after one at the same place) are its own: such patterns are not folded."""
    fast, plain = fastre.compile(pattern, re.I), re.compile(pattern, re.I)
    assert not isinstance(fast, fastre.Folded)
    for text in ["Ks2a_", "s.K-iİKs.-σ K_ıBA-ſk\nſ_A.I.biI", "ABS abs SIΣ bas."]:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert fast.sub("-", text) == plain.sub("-", text) and fast.split(text) == plain.split(text)


@pytest.mark.parametrize(("pattern", "text"), [(r"(σ)\1", "σΣ"), (r"(s)(?!\1)", "sſ"), (r"(?P<g>grade)\s*(?P=g)?\s*[1-5]", "GRADE grade 3")])
def test_back_references_are_left_to_re(pattern: str, text: str) -> None:
    """re compares a back reference by its own lower case, which the folded text (ſ as s, final sigma) would not be."""
    fast, plain = fastre.compile(pattern, re.I), re.compile(pattern, re.I)
    assert not isinstance(fast, fastre.Folded)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_folded_reads_pos_count_as_re_does() -> None:
    fast, plain = fastre.compile(r"\bpatients\b", re.I), re.compile(r"\bpatients\b", re.I)
    text = "patients " + "x" * 60
    assert fast.search(text, -5, 60).span() == plain.search(text, -5, 60).span() == (0, 8)  # a negative pos is 0
    assert fast.subn("X", "patients patients", -1) == plain.subn("X", "patients patients", -1)


# Characters where a start set's bits and re's categories part ways: digits and spaces past ASCII, the ASCII
# separators \s holds, word characters past ASCII (\W does not hold them).
_UNICODE_EDGES = "٣३３⁵²\u00a0\u2003\x85\x1c\x1f\u3000\u2028éüµß–−’\U0001d7d8\U0001f600"


@pytest.mark.parametrize("head", [r"[\d]", r"[\s(]", r"[\defhnst]", r"[\d\s]", r"[^0-9A-Z_a-z]"])
def test_start_sets_hold_every_character_of_their_class(head: str) -> None:
    """A start set may be wider than the class it stands for, never narrower: every character the class holds
    is one where the pattern is still tried (a one-character text is searched only at that character)."""
    anything = fastre.starting_with(r"[\s\S]", head)
    cls = re.compile(head)
    chars = [chr(c) for c in range(0x3100)] + list(_UNICODE_EDGES)
    missed = [c for c in chars if cls.fullmatch(c) and anything.search(c) is None]
    assert missed == []
    assert anything.search("z") is None  # and it is a set: an ASCII letter outside it is not tried


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"\b\d+(?:\.\d+)?\s*(?:mg|months?)\b", 0),
    (r"\b(?:grade|g)\s*\d\b|\s+and\s+\d", re.I),
    (r"(?:\d|\s)+x", 0),
    (r"[\d,]+\s*%", 0),
    (r"\bgrade\s*\d\b", 0),                        # a one-character start set: looked for as a prefix
    (r"(?<![\w-])CR(?![\w-])", 0),
    (r"(?<!\w)•\s*\w+", 0),                          # ... one that a Latin-1 text cannot hold
])
def test_start_sets_match_as_re(pattern: str, flags: int) -> None:
    """Start sets re tests as bits (categories as ASCII and all beyond), or as a one-character prefix."""
    rng = random.Random(5)
    alphabet = "0123 .xmgGa-CR•" + _UNICODE_EDGES
    words = ["12 mg", "٣ months", "grade ３", "G 2", "and 4", "２x", "\u00a0x", "3.5 MONTHS", "grade 2", "CR", "• ab", "xCR"]
    texts = ["".join(rng.choice(alphabet) for _ in range(120)) for _ in range(60)]
    texts += [" ".join(rng.choice(words) for _ in range(20)) for _ in range(30)]
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    assert fastre.first_chars(pattern, flags) is not None  # the patterns tested do get a start set
    texts += [t.encode("latin-1", "ignore").decode("latin-1") for t in texts]  # one-byte texts, as re stores them
    for text in texts:
        assert [(m.span(), m.group(0)) for m in fast.finditer(text)] == [(m.span(), m.group(0)) for m in plain.finditer(text)]
        for pos, endpos in ((3, len(text)), (0, len(text) // 2)):
            a, b = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
            assert (a and a.span()) == (b and b.span())


def test_a_wider_start_set_keeps_the_patterns_own_first_test() -> None:
    """\\W told as "all but ASCII word characters": é and ß are word characters, so no match starts before them."""
    pattern = r"\W(?<!(?<!anti)-)(ab|xé)(?!\w)"
    fast, plain = fastre.starting_with(pattern, "[^0-9A-Z_a-z]"), re.compile(pattern)
    for text in ["éab ab", "ßab", "(ab)", "x-ab anti-ab", " xé", "–ab", "\u00a0ab", "µab"]:
        assert [m.span(1) for m in fast.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


@pytest.mark.parametrize("flags", [re.X, re.X | re.I])
def test_a_verbose_pattern_ending_in_a_comment(flags: int) -> None:
    """The start-set lookahead wraps the pattern: a closing comment must not swallow the wrapper's parenthesis."""
    pattern = r"\b(?:given | received) \s+ (\w+)  # the cue, then the drug"
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    text = "Patients given cisplatin and others RECEIVED docetaxel; no one received."
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
    assert fast.groups == plain.groups == 1


# Alternations regrouped by first character (fastre._factored): the same matches and groups as re, found with fewer
# comparisons.  Orders that matter: a branch that is a prefix of a later one ("seven|seventeen"), an empty rest
# ("a|ab"), a branch led by a class between literal-led ones, captures inside the branches, case switched locally.
FACTORED = [
    (r"\b(?:one|two|three|ten|twelve|twenty|thirty|seven|seventeen|seventy)\s+(?:patients|cases)\b", 0),
    (r"\b(?P<n>\d+|one|two|three|seven|seventeen)(?![- ]hundred\b)\s+(?P<w>\w+)", re.I),
    (r"(?:a|ab|abc|b|ba)(?:c|bc)?x?", 0),
    (r"(?:to|[tT]ea|tot|tea|[a-z]e|tee)+\b", 0),
    (r"(?:(?P<x>ab)c|(?P<y>a)bd|(ab)|a(?P<z>b)e)+", 0),
    (r"(?:gr\.?|grade|g)\s*(?P<g>[1-5])(?:\s*(?:-|–|to|or)\s*[1-5])?", re.I),
    (r"(?:ab|(?i:AC)|ad|aE)\w", 0),                  # case switched on inside one branch
    (r"(?i:(?-i:ab|aB)|ac|ad)", 0),                   # ... and off inside a case-insensitive group
    (r"(?<=\b(?:of|on|or))\s+(?:the|then|them)\b", 0),  # a lookbehind's alternatives keep their widths
    (r"(?:xa|xb|xc|ya|yb)", 0),                        # a set where every rest is one character
]


def _factored_texts() -> list[str]:
    rng = random.Random(11)
    words = ["one", "two", "Three", "ten", "twelve", "twenty", "thirty", "seven", "seventeen", "Seventy", "hundred", "patients",
             "cases", "a", "ab", "abc", "abd", "abe", "b", "ba", "bc", "x", "to", "tea", "Tea", "tee", "tot", "gr.", "Grade", "g",
             "3", "-", "4", "aC", "AC", "ad", "aE", "aB", "of", "on", "or", "the", "then", "them", "xa", "yb", "yc", "ſeven", "İ"]
    texts = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(40)]
    texts += ["".join(rng.choice(words) for _ in range(60)) for _ in range(20)]  # words run together: prefixes overlap
    return texts


@pytest.mark.parametrize(("pattern", "flags"), FACTORED)
def test_factored_alternations_match_as_re(pattern: str, flags: int) -> None:
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    for text in _factored_texts():
        assert [(m.span(), m.groups(), m.lastindex) for m in fast.finditer(text)] == \
               [(m.span(), m.groups(), m.lastindex) for m in plain.finditer(text)]
        for pos in (0, 5, len(text) // 2):
            a, b = fast.match(text, pos), plain.match(text, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_factoring_groups_branches_by_first_character() -> None:
    """The counts' 27 branches become one per first character; a run is not regrouped across a class-led branch."""
    tree = fastre._factored(P.parse(r"one|two|three|ten|twelve|[0-9]|tot|six|seven|sixteen"), 0)
    (op, (_, alts)), = tree.data
    firsts = [a.data[0] for a in alts]
    assert op is P.BRANCH
    assert [chr(av) if o is P.LITERAL else o for o, av in firsts] == ["o", "t", P.IN, "t", "s"]
    assert repr(fastre._factored(P.parse(r"ab|ac|AD", re.I), re.I).data) == repr(P.parse(r"ab|ac|AD", re.I).data)  # IGNORECASE: left


# Patterns that begin at a few marks of punctuation (fastre.Headed): the marks found with str.find, the pattern tried there.
HEADED = [
    r"[.!?]\s+(?P<w>[A-Z][a-z]*)\b",
    r";\s*|,\s+(?:and\s+)?(?=(?:the|she|it)\b)",
    r"(?<=\d)[·•](?=\d)",
    r"[.!?;,]\s*$",
    r"(?<![.!?])[.!?]{1,3}(?=\s|$)",                   # a lookbehind before the mark, marks in a run
    r"[(\[][^()\[\]]*[)\]]",                            # a match that holds marks of its own
]


@pytest.mark.parametrize("pattern", HEADED)
def test_headed_same_as_re(pattern: str) -> None:
    fast, plain = fastre.compile(pattern), re.compile(pattern)
    assert isinstance(fast, fastre.Headed)
    assert (fast.groups, fast.groupindex, fast.pattern) == (plain.groups, plain.groupindex, plain.pattern)
    rng = random.Random(17)
    words = ["It", "was", "given.", "She", "the", ";", ",", ", and", "3·5", "2•1", "?!", "...", "(a b)", "[x]", "Dr.", "é.", "x"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(300)]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(100)]
    for text in texts:
        for pos, endpos in ((0, len(text)), (3, len(text)), (0, len(text) // 2), (-4, 10**6), (len(text) // 3, len(text) - 2)):
            assert [(m.span(), m.groups()) for m in fast.finditer(text, pos, endpos)] == \
                   [(m.span(), m.groups()) for m in plain.finditer(text, pos, endpos)], (text, pos, endpos)
            a, b = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
        assert fast.sub("|", text) == plain.sub("|", text) and fast.subn("", text, 1) == plain.subn("", text, 1)
        assert fast.split(text) == plain.split(text) and fast.findall(text) == plain.findall(text)


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"\.\s+[A-Z]", 0),           # one mark: re's own one-character prefix
    (r"[.a]\s", 0),               # a letter among the marks: found almost everywhere
    (r"[.,]\s*x", re.I),          # case-insensitive: folded instead
    (r"[.,]?x", 0),               # may start elsewhere
])
def test_headed_only_for_a_few_marks(pattern: str, flags: int) -> None:
    assert not isinstance(fastre.compile(pattern, flags), fastre.Headed)


def test_positions_lists_each_start_once_in_order() -> None:
    """``positions`` is every place one of the needles begins, read within ``pos``/``endpos`` as ``re`` reads them
    (negative and past-the-end bounds clipped), sorted, and one place once even when two needles begin there."""
    text = "a.b!c?d.. ab abc"
    assert fastre.positions(text, (".", "!", "?")) == [1, 3, 5, 7, 8]
    assert fastre.positions(text, (".",), 2, 8) == [7]
    assert fastre.positions(text, ("?", "."), -5, 10**9) == [1, 5, 7, 8]
    assert fastre.positions(text, ("ab", "abc", "a")) == [0, 10, 13]
    assert fastre.positions(text, ("z",)) == []
    for n in range(40):
        rnd = "".join("ab.!?"[(n * 7 + i * i) % 5] for i in range(30))
        want = sorted({i for i in range(len(rnd)) if rnd.startswith(("a.", "."), i)})
        assert fastre.positions(rnd, ("a.", ".")) == want


def test_lookahead_needles_never_hide_a_match_in_a_slice() -> None:
    """A lookahead's words gate the scan (they lie in the slice: re reads endpos as the end), a lookbehind's do not."""
    import random

    rng = random.Random(4)
    patterns = [r"\s+(?=(?:then\s+)?(?:switched|changed)\s+to\b)", r"(?<=given\s)dose(?=\s+of\s+\w+mab)"]
    words = ["then", "switched", "Changed", "to", "given", "dose", "of", "cetuximab", "x", "ſwitched"]
    for pattern in patterns:
        fast, plain = fastre.compile(pattern, re.I), re.compile(pattern, re.I)
        for _ in range(3000):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
            pos, endpos = rng.randint(0, len(text)), rng.randint(0, len(text) + 2)
            assert [m.span() for m in fast.finditer(text, pos, endpos)] == [m.span() for m in plain.finditer(text, pos, endpos)]
            assert (fast.search(text, pos, endpos) is None) == (plain.search(text, pos, endpos) is None), (text, pos, endpos)


def test_first_literals_are_what_a_match_can_start_with_besides_the_classes_asked_apart() -> None:
    assert fastre.first_literals(r"\s*(?:\*\*)?Table\s*\d+") == "T*"
    assert sorted(fastre.first_literals(r"(?:\d+\.|[IVX]+\.)\s+(.+)")) == ["I", "V", "X"]
    assert sorted(fastre.first_literals(r"(?:Alpha|Beta|(?:Gamma|delta) ray)\.")) == ["A", "B", "G", "d"]
    assert fastre.first_literals(r"\d+ mg", asked_apart=frozenset({r"\d"})) == ""
    for text in ("**Table 2", "   Table 3", "Tablet"):  # every text the pattern matches starts (after spaces) in the set
        m = re.match(r"\s*(?:\*\*)?Table\s*\d*", text)
        assert m and text.lstrip()[0] in fastre.first_literals(r"\s*(?:\*\*)?Table\s*\d*")


def test_first_literals_refuse_what_a_set_of_characters_cannot_say() -> None:
    for pattern, flags in ((r"[A-Z]\w+", 0), (r"\w+:", 0), (r"Table", re.I), (r"(?i)Table", 0), (r"(?:Table)?", 0),
                           (r"a*b?", 0)):
        with pytest.raises(ValueError):
            fastre.first_literals(pattern, flags)


def test_the_heading_gates_follow_their_patterns() -> None:
    """segment/sections.py asks a line's first character before re: the sets come from the patterns, so a heading
    word added to a pattern is let through (with hand-written sets a new "Summary." heading would be gated out)."""
    from graph_builder.segment import sections as s

    for gate, pattern in ((s._RUN_IN_FIRST, s._RUN_IN), (s._NUMBERED_FIRST, s._NUMBERED),
                          (s._CAPTION_FIRST, s._TABLE_CAPTION), (s._LEGEND_FIRST, s._LEGEND)):
        assert gate == fastre.first_literals(pattern.pattern, pattern.flags)
    assert set(s._RUN_IN_FIRST) >= set("IBCMPRDTO") and set(s._CAPTION_FIRST) == {"*", "T"}
    for line in ("Introduction. Text", "2. Methods. Text", "Outcome. Good", "Treatment and follow-up. X"):
        assert s._RUN_IN.match(line) and (line.lstrip()[0] in s._RUN_IN_FIRST or line.lstrip()[0].isdecimal())
