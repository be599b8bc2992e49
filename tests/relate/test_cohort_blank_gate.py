"""_blank scans with its range and comparison branches only where they can match: the same text as the full pattern's."""

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
    "In 40 patients (n = 40) the response, P<.001, and N=12 were seen; p ≤ 0.05 and p>0.2.",
    "No sign here: n 12, p 0.05, and (n 5).",
]


def test_written() -> None:
    for t in _WRITTEN:
        assert C._blank(t) == _reference(t), t


def test_random() -> None:
    rnd = random.Random(7)
    parts = ["1", "23", "4.5", "%", " ", "-", "–", "to", "TO", "To", ")", "]", "(", "[", "grade ", "95% CI ", "n = ",
             "range ", "p < ", ".05", "PFS ", "months", ",", ".", "a", "x",
             "=", "<", ">", "≤", "P", "N", "n", "p", "0.", "(n=", "\u017f"]
    for _ in range(4000):
        t = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 14)))
        assert C._blank(t) == _reference(t), t


def test_kinds() -> None:
    assert C._blank_kinds("3-4 months") == 0  # no bracket, no sign
    assert C._blank_kinds("(3 4) months") == 0  # no dash, no "to"
    assert C._blank_kinds("(3 TO 4)") == 2
    assert C._blank_kinds("n = 4") == 1 and C._blank_kinds("p≤.05 (3-4)") == 3
