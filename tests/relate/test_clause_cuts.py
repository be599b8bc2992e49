"""The clause-cut pattern a sentence gets (only the alternatives its words allow) cuts exactly where the full one does."""

import pytest

from graph_builder import fastre
from graph_builder.relate import clauses as cl

WHOLE = fastre.compile("|".join(alt for alt, _ in cl._CUT_ALTERNATIVES))  # every alternative, ungated
SENTENCES = [
    "The patient received drug A; the tumour shrank.",
    "She was given drug A, but the disease progressed, and then drug B was started.",
    "Drug A plus drug B switched to drug C after two cycles.",
    "Drug A and drug B, and 4 cycles of drug C were given.",
    "He had then been treated with drug A, followed by drug B.",
    "However, drug A was stopped, and he received drug B, which was well tolerated.",
    "Drug A and was sequenced with drug B; later changed to drug C.",
    "The distributed doses were taken, and it was thenceforth converted.",  # gate words inside longer words
    "No cut here at all",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_pattern_matches_the_full_one(text):
    full = [(m.start(), m.end()) for m in WHOLE.finditer(text)]
    assert [(m.start(), m.end()) for m in cl._clause_cut(text).finditer(text)] == full


def test_a_sentence_without_gate_words_gets_the_comma_and_semicolon_pattern():
    assert cl._clause_cut("Drug A, drug B; drug C") is cl._UNGATED_CUT
    assert fastre.first_chars(cl._UNGATED_CUT.pattern) == "[,;]"  # tried only at "," and ";"


def test_gated_pattern_matches_the_full_one_on_random_texts():
    import random

    rng = random.Random(11)
    words = ["but", "however", "and", "then", "only", "was", "were", "sequenced", "switched", "changed", "followed",
             "by", "received", "started", "commenced", "initiated", "began", "took", "converted", "to", "the", "she",
             "4", "cycles", "mg", "A", "B", "drug", "thenceforth", "(", ")"]
    seps = [" ", " ", ", ", "; ", ",", ";", "  "]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 12)))
        full = [(m.start(), m.end()) for m in WHOLE.finditer(text)]
        assert [(m.start(), m.end()) for m in cl._clause_cut(text).finditer(text)] == full, text
