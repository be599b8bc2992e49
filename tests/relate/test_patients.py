"""Demographics: the sex words counted in one scan."""

import random

from graph_builder.relate.patients import _F, _M, _sex_words


def test_one_scan_counts_each_list_s_words() -> None:
    rng = random.Random(14)
    parts = ["she", "He", "HER", "hers", "his", "him", "male", "female", "Woman", "man", "gentleman", "boy", "girl", "lady",
             "mother", "other", "the", "ſhe", "he's", "_he", "he2", " ", " ", "-", ".", "é", "x", "the man"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 10)))
        assert _sex_words(text) == (len(_F.findall(text)), len(_M.findall(text))), text
