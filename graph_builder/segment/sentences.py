"""Sentence boundaries that survive case-report prose.

A regular expression splitter rather than a statistical one: the texts
are full of decimals, doses (``mg/m2.``), citation numbers glued to the
full stop (``inevitable.1 At``) and abbreviations, and we need exact
offsets.  Abbreviations that never end a sentence are data, not code.
"""

from __future__ import annotations

import re
import string
from typing import Final

from .. import fastre

_NO_BREAK_BEFORE: Final = frozenset(
    "e.g i.e vs al fig figs ref refs no nos approx ca dr mr mrs ms prof st etc cf resp incl jan feb mar apr jun "
    "jul aug sep sept oct nov dec mo wk wks yr yrs min max p.o i.v".split()
)
# A full stop (or ! ?), optional closing quotes/brackets and citation markers, then space and a capital.
# The stop itself is matched (not looked behind at) so that re looks for [.!?] in C; the break is after it.
_BOUNDARY: Final = re.compile(
    r"[.!?](?P<after>(?:[\"”’)\]]*)(?:\[\d[\d,–\- ]*\]|\d{1,3}(?:[,–-]\d{1,3})*(?=\s+[A-Z]))?)(?=\s+[\"“(\[]?[A-Z0-9])"
)


_TAIL: Final = 80  # longer than any abbreviation or initials pattern that can stop a break
_WORD_CHARS: Final = frozenset(string.ascii_letters + ".")


def _last_word(head: str, end: int, lo: int) -> str:
    """The run of letters and dots that ends ``head[:end]`` (before a final newline), from its first letter at or
    after ``lo``; "" if none.  What ``re.search(r"([A-Za-z][A-Za-z.]*)\\.?$", head[:end], lo)`` finds, read
    backwards from the end instead of tried forwards from every position."""
    if end and head[end - 1] == "\n":
        end -= 1  # "$" matches before a final newline
    a = end
    while a > lo and head[a - 1] in _WORD_CHARS:
        a -= 1
    while a < end and head[a] == ".":
        a += 1
    return head[a:end]


_STOPS: Final = (".", "!", "?")


_OPENERS: Final = "\"\u201c(["  # (the lookahead's optional opening quote or bracket)
_CAPITALS_AND_DIGITS: Final = frozenset(string.ascii_uppercase + string.digits)


def _boundary_end(text: str, stop: int, end: int) -> int:
    """Where ``_BOUNDARY.match(text, stop, end)`` ends, or -1 when it does not match.

    Read directly when a space follows the stop (most stops): then nothing follows the stop in the match (no
    closing quote, bracket or citation number is a space), and its lookahead asks for spaces, an optional
    opening quote or bracket, then a capital or digit.
    """
    j = stop + 1
    if j < end and text[j].isspace():
        k = j + 1
        while k < end and text[k].isspace():
            k += 1
        if k < end and text[k] in _OPENERS:
            k += 1
        return j if k < end and text[k] in _CAPITALS_AND_DIGITS else -1
    m = _BOUNDARY.match(text, stop, end)
    return -1 if m is None else m.end()


def _goes_on(head: str) -> bool:
    """Whether the full stop that ends ``head`` (the sentence so far) belongs to an abbreviation or initials."""
    # only the end of the head matters: start the end-anchored searches near it, not at every position
    tail_from = max(0, len(head) - _TAIL)
    if _last_word(head, len(head) - 1, tail_from).lower().rstrip(".") in _NO_BREAK_BEFORE:
        return True
    # initials: "J. Smith", "Smith J. K." — but not "topoisomerase I. Next" (every _INITIALS match ends
    # the head with a capital and the stop: searched only where it does)
    return "A" <= head[-2:-1] <= "Z" and _ends_with_initials(head, tail_from)


_UPPER: Final = frozenset(string.ascii_uppercase)
_LOWER: Final = frozenset(string.ascii_lowercase)


def _ends_with_initials(head: str, lo: int) -> bool:
    """``_INITIALS.search(head, lo) is not None`` for a ``head`` that ends with a full stop, read backwards.

    A match ends the head (``$``) with a capital and the stop, after spaces and a name ("Smith") or an initial
    ("J."), itself after a space or at the text's start, or is the whole head ("B."). Each piece is read off
    from the end: the spaces are all those before the last initial (the name or initial before them ends with
    none), a name is the lower-case letters before them and the capital before those.  ``re`` tried the
    pattern at every position from ``lo``.
    """
    n = len(head)
    if n < 2 or head[n - 2] not in _UPPER:
        return False
    if n == 2:
        return lo == 0  # "^[A-Z]\.$" (``^`` is the text's start, whatever ``lo`` is)
    k = n - 2
    while k > 0 and head[k - 1].isspace():
        k -= 1
    if k == n - 2 or k == 0:
        return False  # no space before the last initial, or nothing before the spaces
    if head[k - 1] == ".":
        word = k - 2 if k >= 2 and head[k - 2] in _UPPER else -1  # an initial: "J."
    elif head[k - 1] in _LOWER:
        m = k - 1
        while m > 0 and head[m - 1] in _LOWER:
            m -= 1
        word = m - 1 if m >= 1 and head[m - 1] in _UPPER else -1  # a name: "Smith"
    else:
        word = -1
    if word < 0:
        return False
    if word == 0:
        return lo == 0  # after ``^``
    return word - 1 >= lo and head[word - 1].isspace()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The ``(a, b)`` sentence spans of ``text[start:end]`` (stripped of outer spaces), in order.

    (A list, not a generator: compiled, a generator's every step is a call through Python's iterator protocol.)
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    seg_start = start
    # _BOUNDARY tried at each stop: every match begins with one and holds no other (its closing quotes, brackets and
    # citation numbers are none of them), so no match hides the next: what finditer finds, found without re
    # stepping through the text.  A stop just before ``start`` ends a sentence there.
    for stop in fastre.positions(text, _STOPS, max(start - 1, 0), end):
        cut = _boundary_end(text, stop, end)
        if cut < 0:
            continue
        # ("!" and "?" always end a sentence, and so does a stop just before ``start``: the head is empty)
        if text[stop] == "." and stop >= seg_start and _goes_on(text[seg_start:stop + 1]):
            continue
        _add_stripped(out, text, seg_start, cut)
        seg_start = cut
    _add_stripped(out, text, seg_start, end)
    return out


def _add_stripped(out: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Append ``(a, b)`` without its outer spaces to ``out``, unless nothing is left."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


def _strip(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``[(a, b)]`` without its outer spaces, or ``[]`` when nothing is left."""
    out: list[tuple[int, int]] = []
    _add_stripped(out, text, a, b)
    return out


_SPACE_BEFORE_END: Final = re.compile(r"\s(?=\S*$)")


def cut_long(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """``[(a, b)]``, or pieces of at most ``limit`` characters when the sentence is longer.

    Recognisers and relation rules look at a sentence as a whole (pairs of
    mentions, windows around each), so their cost grows faster than the
    sentence's length; real sentences stay far below a few thousand
    characters, and a longer one (a table dumped as a line, a hostile
    file) is cut so that each piece costs a bounded amount and the
    document linear time.  Cuts fall at the last space before the limit
    (in the piece's second half), else at the limit.
    """
    if limit <= 0 or b - a <= limit:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    while b - a > limit:
        cut = a + limit
        m = _SPACE_BEFORE_END.search(text, a + limit // 2, cut)
        if m:
            cut = m.start()
        out.extend(_strip(text, a, cut))
        a = cut
    out.extend(_strip(text, a, b))
    return out
