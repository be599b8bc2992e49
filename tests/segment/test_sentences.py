"""The sentence splitter's pieces."""

from __future__ import annotations

import re

# What _ends_with_initials reads backwards (its reference): initials before the full stop that ends the head.
_INITIALS = re.compile(r"(?:^|\s)(?:[A-Z][a-z]+|[A-Z]\.)\s+[A-Z]\.$|^[A-Z]\.$")


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


def test_matching_at_each_stop_is_what_finditer_finds() -> None:
    """``split_sentences`` tries the boundary pattern at each stop ``fastre.positions`` lists instead of scanning with
    ``finditer``: the same matches, on self-written and random texts (with ranges that start and end inside)."""
    import random

    from graph_builder.fastre import positions
    from graph_builder.segment.sentences import _BOUNDARY, _STOPS

    def by_stops(text: str, pos: int, end: int) -> list[tuple[int, int, int]]:
        out = []
        for i in positions(text, _STOPS, pos, end):
            m = _BOUNDARY.match(text, i, end)
            if m:
                out.append((m.start(), m.start("after"), m.end()))
        return out

    def by_finditer(text: str, pos: int, end: int) -> list[tuple[int, int, int]]:
        return [(m.start(), m.start("after"), m.end()) for m in _BOUNDARY.finditer(text, pos, end)]

    texts = ["It was inevitable.1 At 2.5 mg/m2. She improved! Did it? \u201cYes.\u201d [3] Then (4) next.",
             "Growth.[1,2] Then.12-14 More.\u201d Again.) (After) it.\u2019 \u201cQuoted\u201d ends."]
    rng = random.Random(5)
    alphabet = "..!?  aZ1[],-\u2013)\"\u201c\u201d\u2019(\n"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        pos, end = rng.randint(0, len(text)), rng.randint(0, len(text))
        for a, b in ((0, len(text)), (pos, end), (pos, len(text))):
            assert by_stops(text, a, b) == by_finditer(text, a, b), (text, a, b)


def _old_split_sentences(text: str, start: int = 0, end: int | None = None):  # noqa: ANN202
    """``split_sentences`` as first written (finditer over the range; the head sliced at every match)."""
    from graph_builder.segment.sentences import _BOUNDARY, _NO_BREAK_BEFORE, _TAIL, _last_word, _strip

    end = len(text) if end is None else end
    seg_start = start
    for m in _BOUNDARY.finditer(text, max(start - 1, 0), end):
        cut = m.end()
        head = text[seg_start:m.start("after")]
        tail_from = max(0, len(head) - _TAIL)
        last = _last_word(head, len(head) - 1 if head.endswith(".") else len(head), tail_from).lower().rstrip(".")
        if head.endswith(".") and last in _NO_BREAK_BEFORE:
            continue
        if head.endswith(".") and "A" <= head[-2:-1] <= "Z" and _INITIALS.search(head, tail_from):
            continue
        yield from _strip(text, seg_start, cut)
        seg_start = cut
    yield from _strip(text, seg_start, end)


def test_split_sentences_is_the_first_written_splitter() -> None:
    import random

    from graph_builder.segment.sentences import split_sentences

    pieces = ["It was given", " e.g.", " Dr.", " vs.", " J. K.", " Smith", " I.", " A.", ". ", "! ", "? ", ".1 ", ".[2] ",
              ".) ", "\u201d ", " 2.5 mg", " Next", " the", " (B)", "\n", "  ", "\u2003", ".", "fig.", " Fig. 2"]
    rng = random.Random(9)
    texts = ["Treated by Moreau J. K. Then she improved. Dr. Okafor agreed! Was it? Yes.[3] Done.2 Then (a) ended."]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(10000)]
    for text in texts:
        a, b = rng.randint(0, len(text)), rng.randint(0, len(text))
        for start, end in ((0, None), (a, None), (a, max(a, b))):
            assert list(split_sentences(text, start, end)) == list(_old_split_sentences(text, start, end)), (text, start, end)


def test_boundary_end_is_where_the_pattern_match_ends() -> None:
    import random

    from graph_builder.segment.sentences import _BOUNDARY, _boundary_end

    rng = random.Random(13)
    alphabet = ". !?\u2003\n\"\u201c\u201d([)]aA1\u0661\u00c9,-\u2013"
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        end = rng.randint(0, len(text))
        for stop in range(len(text)):
            if text[stop] in ".!?":
                m = _BOUNDARY.match(text, stop, end)
                assert _boundary_end(text, stop, end) == (m.end() if m else -1), (text, stop, end)


def test_ends_with_initials_is_what_the_pattern_finds() -> None:
    import random

    from graph_builder.segment.sentences import _ends_with_initials

    rng = random.Random(15)
    pieces = ["A", "J", "B.", " ", "  ", "\u2003", "\n", "Smith", "mith", "smith", "K.", ".", "x", "1", "\u00c9", "I. "]
    for _ in range(50000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) + rng.choice(["A.", "Z.", "a.", "."])
        lo = rng.randint(0, len(head))
        assert _ends_with_initials(head, lo) == (_INITIALS.search(head, lo) is not None), (head, lo)
