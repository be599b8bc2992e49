"""Target recognition: the stems gate of elliptic member lists."""

import random

from graph_builder import fastre
from graph_builder.recognise.targets import _ELLIPSIS, _STEM_NEEDLES, find_targets


def test_every_elliptic_list_holds_a_stem_needle() -> None:
    rng = random.Random(10)
    parts = ["VEGFR", "FGFR", "PDGFR", "HER", "ErbB", "JAK", "CDK", "TRK", "NTRK", "vegfr", "Her", "-", " ", "1", "2", "4",
             "α", "β", ", ", "/", " and ", " or ", "–", " to ", "x", "."]
    seen = 0
    stems = ["VEGFR", "FGFR", "PDGFR", "HER", "ErbB", "JAK", "CDK", "TRK", "NTRK", "vegfr", "Her", "ERBB", "Jak", "CD"]
    seps = [", ", "/", " and ", " or ", "-", "–", " to ", ",-", " "]
    for _ in range(20000):
        if rng.random() < 0.5:
            text = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 9)))
        else:
            text = rng.choice(parts) + rng.choice(stems) + rng.choice(["", "-", " "]) + rng.choice("12α4") + "".join(
                rng.choice(seps) + rng.choice("23β9x") for _ in range(rng.randrange(1, 4))) + rng.choice(parts)
        if _ELLIPSIS.search(text):
            seen += 1
            assert fastre.holds_any(text, _STEM_NEEDLES), text
    assert seen > 3000


def test_elliptic_lists_are_expanded() -> None:
    assert {t.symbol for t in find_targets("an inhibitor of VEGFR1-3")} >= {"FLT1", "KDR", "FLT4"}
