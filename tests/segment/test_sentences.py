"""The sentence splitter's pieces."""

from __future__ import annotations


def test_last_word_is_what_the_end_anchored_pattern_finds() -> None:
    """The splitter reads the word before a full stop backwards; the pattern it replaces is the definition."""
    import random
    import re

    from graph_builder.segment.sentences import _last_word

    rx = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")
    rng = random.Random(2)
    for _ in range(20000):
        head = "".join(rng.choice("ab.. \n1Z") for _ in range(rng.randint(0, 12)))
        lo = rng.randint(0, len(head))
        m = rx.search(head, lo)
        assert _last_word(head, len(head), lo) == (m.group(1) if m else ""), (head, lo)


def test_a_full_stop_just_before_the_start_ends_a_sentence_there() -> None:
    from graph_builder.segment.sentences import split_sentences

    assert list(split_sentences("Done.) Next one.", 5)) == [(5, 6), (7, 16)]
