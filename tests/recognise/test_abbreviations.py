"""Document abbreviation tables: the glossary scan."""

import random

from graph_builder.recognise.abbreviations import _GLOSSARY_ENTRY, _glossary_entries, glossary


def _spans(ms) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in ms]


def test_glossary_entries_are_the_finditer_matches() -> None:
    """The entries tried only at separators are finditer's, on written and random texts."""
    fixed = ["PP, pemetrexed and cisplatin; DDP, cisplatin.", "Figure 1. GP, gemcitabine; P, cisplatin", ";A, b",
             ".A, b", ". A, b; C, d. E, f", "A, b.c; D,e;", "", ";", ".", "a. B, c", "X,;Y, z.\nW, v", "AB , cd ;; EF,gh. "]
    rng = random.Random(3)
    pieces = ["A", "B", "PP", "Ab1", "x", "y z", ",", " , ", ";", "; ", ".", ". ", ".\n", " ", "and", "/", "-", "\n", "é", "Ä",
              "ABCDEFGH", "ABCDEFGHI", "Abcdefg", "1", "\u2003", "\t"]
    texts = fixed + ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 16))) for _ in range(20000)]
    for text in texts:
        assert _spans(_glossary_entries(text)) == _spans(_GLOSSARY_ENTRY.finditer(text)), text


def test_glossary_reads_entries_that_use_other_entries() -> None:
    got = glossary("NVB, vinorelbine; DDP, cisplatin; NP, NVB and DDP.")
    assert got["DDP"] == ["cisplatin"] and got["NVB"] == ["vinorelbine"] and sorted(got["NP"]) == ["cisplatin", "vinorelbine"]


def test_last_clause_is_what_the_clause_break_split_leaves() -> None:
    from graph_builder.recognise.abbreviations import _CLAUSE_BREAK, _last_clause

    rng = random.Random(6)
    pieces = [".", ";", ":", "(", ")", " ", "\t", "\u2003", "\n", "a", "bc", "x y", ". ", "( ", "\x1c"]
    fixed = ["", "(", "( ", "a. b", "a.b", "a; b: c", "x (", "x ( \n", "a. (", "a.", ". ", ":", "a:\tb"]
    texts = fixed + ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14))) for _ in range(30000)]
    for text in texts:
        assert _last_clause(text) == _CLAUSE_BREAK.split(text)[-1], repr(text)
