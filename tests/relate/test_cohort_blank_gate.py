"""_blank scans with its range branch only where that branch can match: the same text as the full pattern's."""

from __future__ import annotations

import random
import re

from graph_builder.relate import cohort as C

_FULL = re.compile(C._BLANK.pattern, re.I)  # the reference: plain re, every branch


def _reference(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(0)[:1].isdigit() and (m.group("ci") is None or not text[m.start() - 1:m.start()].isspace()) \
                and re.search(r"\bgrades?\s*$", text[max(0, m.start() - 8):m.start()], re.I):
            return m.group(0)
        return " " * len(m.group(0))
    return _FULL.sub(sub, text)


_WRITTEN = [
    "The ORR was 41% (29-54) and median PFS 7.1 months (5.2 to 9.0).",
    "Median OS was 12 months [10 TO 15] with 95% CI 8-16.",
    "Median OS was 12 months, range 3-40, n = 52, grade 3-4 toxicity in 5 patients.",
    "Response rate 30% (12–18%) in grade 3–4 (all).",
    "Disease control 70% [60 To 80].",
    "Median PFS 5 months 3 - 7 without brackets and n=12.",
    "PFS was 4 months (p = .03) and follow-up 18.2 months.",
    "Ranges 2to9) and 2 tO 9 ] and 1.5 %-3.5 %  )",
    "Values 3-4 but no bracket at all",
    "A bracket ( here, and numbers 10 20 with no dash",
]


def test_written() -> None:
    for t in _WRITTEN:
        assert C._blank(t) == _reference(t), t


def test_random() -> None:
    rnd = random.Random(7)
    parts = ["1", "23", "4.5", "%", " ", "-", "–", "to", "TO", "To", ")", "]", "(", "[", "grade ", "95% CI ", "n = ",
             "range ", "p < ", ".05", "PFS ", "months", ",", ".", "a", "x"]
    for _ in range(4000):
        t = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 14)))
        assert C._blank(t) == _reference(t), t


def test_gate() -> None:
    assert not C._range_possible("3-4 months")  # no bracket
    assert not C._range_possible("(3 4) months")  # no dash, no "to"
    assert C._range_possible("(3 TO 4)")
