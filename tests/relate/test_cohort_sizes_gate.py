"""The gates of arm_sizes' count-led scans hold wherever those scans match, so skipping them changes nothing."""

import random

from graph_builder import fastre
from graph_builder.relate import cohort_labels
from graph_builder.relate.cohort_labels import (_SIZE_BEFORE, _SIZE_HAD, _size_before_possible, _size_had_possible,
                                                arm_sizes)

_PIECES = ["12", "40", "forty-two", "Forty", "twenty one", "Thirteen", "one", "hundred", "patients", "PATIENTS", "Patients",
           "had", "HAD", "shadow", "were", "treated with", "receiving", "received", "in", "IN", "allocated to",
           "assigned to", "given", "the", "drug A", "arm", "and", "from", ",", ".", "(", ";", " ", " ", " ", "  ", "\n",
           "\u00a0", "ſ", "patientſ", "n = 20", "x", "5"]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(["", " ", " "]) for _ in range(rng.randint(0, 16)))
            for _ in range(n)]


def test_gates_hold_where_the_scans_match():
    for text in _texts(3, 6000) + ["40 patients received drug A, and", "Forty-two patients were treated with X.",
                                   "12 patients had stable disease, and", "7  patients  had a response;"]:
        low = fastre.fold(text)
        if any(True for _ in _SIZE_BEFORE.finditer(text)):
            assert _size_before_possible(low), text
        if any(True for _ in _SIZE_HAD.finditer(text)):
            assert _size_had_possible(low), text


def test_arm_sizes_as_without_the_gates(monkeypatch):
    texts = _texts(4, 3000)
    got = [arm_sizes(t) for t in texts]
    monkeypatch.setattr(cohort_labels, "_size_before_possible", lambda low: True)
    monkeypatch.setattr(cohort_labels, "_size_had_possible", lambda low: True)
    assert [arm_sizes(t) for t in texts] == got
