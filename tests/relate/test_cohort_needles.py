"""The weak-needle gate of the measures (and the sentence gate built on it) changes no statement.

The reference is no gate: every measure pattern tried on every text (the gate as it was, needles in ``str.lower``
of the text, missed measures written with a letter re.IGNORECASE reads as another: "ſtable disease")."""

import random

import pytest

from graph_builder.relate import cohort
from graph_builder.relate.cohort import _ALL_NEEDLES, _measures, cohort_values

_PIECES = [
    "OS", "os", "Os", "oS", "mOS", "MOS", "Mos", "mos", "median OS", "Median os", "median overall survival",
    "overall survival", "dose", "most", "PR", "pr", "Pr", "prior", "partial response", "CR", "cr", "Cr", "complete",
    "SD", "sd", "stable disease", "PD", "pd", "PD-L1", "progressive disease", "NR", "nr", "enrolled", "HR", "hr", "Hr",
    "three", "hazard ratio", "HR:", "ORR", "ORRs", "orr", "Orr", "correlated", "response rate", "DCR", "DCRs", "dcr",
    "disease control rate", "CBR", "cbr", "clinical benefit", "PFS", "mPFS", "TTP", "ttp", "ſ", "Oſ", "median Oſ",
    "ſD", "progression", "months", "12", "3.4", "45%", "(12/40)", "was", "were", "of", "and", "respectively", ",", ";",
    "(", ")", "95% CI 2-4", " ", " ", " ", "-", "é", "12-month", "2-year", "6 months", "at 2 years,", "1-, 2- and",
    "Year", "MONTHS", "survival rate", "os rate", "OS rate", "PFS rate", "progression-free at", "the", "at",
]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(["", " ", " "]) for _ in range(rng.randint(0, 14)))
            for _ in range(n)]


def _old_measures(text: str, mpfs: bool, aliases: dict[str, str] | None) -> list[tuple[int, int, str]]:
    """Every measure pattern tried, whatever the text holds: no gate at all."""
    return _measures(text, mpfs, aliases, set(_ALL_NEEDLES))


@pytest.mark.parametrize("text", ["the dose was 12 mg, most had OS of 12 months", "mOS 14.2 months", "Mos 3 months",
                                  "median os was 9 months", "three PR and 2 CR, pr 4%", "ORRs were 40% and 20%",
                                  "correlated with orr 40%", "HR 0.6", "three hr 0.6", "Oſ 12 months",
                                  "the 12-month os rate was 40%", "1- and 2-year OS were 80% and 60%",
                                  "progression-free at 6 months: 40%", "a dose of 12 months", "2-year survival 50%",
                                  "(95% CI stable) ſtable disease in 12 patients (40%)"])
def test_gated_measures_are_the_old_ones(text):
    assert _measures(text, False, {}) == _old_measures(text, False, {})


def test_gated_measures_are_the_old_ones_on_random_texts():
    for text in _texts(5, 3000):
        assert _measures(text, False, {}) == _old_measures(text, False, {}), text


def test_sentence_gate_changes_no_value(monkeypatch):
    texts = _texts(7, 1500)
    got = [cohort_values(t) for t in texts]
    monkeypatch.setattr(cohort, "possible_measures", lambda text: set(_ALL_NEEDLES))  # no sentence gate
    monkeypatch.setattr(cohort, "_measures", lambda text, mpfs, aliases, present=None: _old_measures(text, mpfs, aliases))
    assert [cohort_values(t) for t in texts] == got


def test_value_windows_match_as_slices():
    """The per-value tests read a window by pos/endpos as they read the slice it replaced."""
    from graph_builder.relate.cohort import (_CONDITIONAL_AFTER, _COPULA_BEFORE, _COUNT_NOUN_AFTER, _PAIRED_AFTER,
                                             _RANGE_AFTER, _SHARE_OF_RESPONSE_AFTER)

    rng = random.Random(11)
    bits = ["was", "were", "of", "is", "=", ":", " ", "  ", "\n", "vs.", "v", "versus", "and", "or", ",", "12", "3.5",
            "%", "months", "mo", "patients", "cycles", "mg", "/4", "-", "–", "(", ")", "when", "if", "for", "x",
            "complete", "partial", "had", "achieved", "a"]
    for _ in range(4000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 12)))
        for p in range(len(text) + 1):
            for rx, width in ((_CONDITIONAL_AFTER, 8), (_PAIRED_AFTER, 30), (_COUNT_NOUN_AFTER, 12), (_RANGE_AFTER, 4),
                              (_SHARE_OF_RESPONSE_AFTER, 40)):
                a, b = rx.match(text[p:p + width]), rx.match(text, p, p + width)
                assert (a and a.group(0)) == (b and b.group(0)), (rx, text, p)
            a, b = _COPULA_BEFORE.search(text[max(0, p - 6):p]), _COPULA_BEFORE.search(text, max(0, p - 6), p)
            assert (a is None) == (b is None), (text, p)
