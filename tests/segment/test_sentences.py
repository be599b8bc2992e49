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


def test_initials_do_not_end_a_sentence_but_a_capital_word_does() -> None:
    from graph_builder.segment.sentences import split_sentences

    def pieces(text: str) -> list[str]:
        return [text[a:b] for a, b in split_sentences(text)]

    assert pieces("Treated by Moreau J. K. Then she improved. Dr. Okafor agreed.") == [
        "Treated by Moreau J. K. Then she improved.", "Dr. Okafor agreed."]
    assert pieces("It inhibits topoisomerase I. Next she received it.") == [
        "It inhibits topoisomerase I.", "Next she received it."]
    assert pieces("B. Then a new sentence began.") == ["B. Then a new sentence began."]  # one initial, the whole text
