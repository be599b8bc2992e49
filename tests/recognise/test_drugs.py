"""Drug mentions: the INN-shaped fallback scan."""


def test_inn_shaped_words_match_their_definition() -> None:
    """The stem-anchored scan finds exactly the maximal [A-Za-z][A-Za-z0-9-]{5,} words ending in an INN stem."""
    import random
    import re

    from graph_builder.recognise.drugs import _INN_SUFFIXES, _inn_shaped

    word = re.compile(r"[A-Za-z][A-Za-z0-9-]{5,}")
    rng = random.Random(1)
    alphabet = "abnimtxAB-12 ,.NIBmab"
    texts = ["".join(rng.choice(alphabet) for _ in range(300)) for _ in range(2000)]
    texts += ["5-fluorouracil and 3-zorbatinib, anti-PD-1 foo-zumab (xx-ximab)"]
    for t in texts:
        expected = [(m.start(), m.end(), m.group(0)) for m in word.finditer(t) if m.group(0).lower().endswith(_INN_SUFFIXES)]
        assert list(_inn_shaped(t)) == expected
