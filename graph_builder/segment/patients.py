"""Which patient each sentence speaks about.

Case series label their patients in headings ("### Case 2"), at the
start of paragraphs ("Case 1: ...") or of sentences ("Patient 2, a
55-year-old woman, ..."), or by ordinals ("The first patient ...", "A
second case involved ..."); a label holds until the next label or the
next section heading.  "Both patients" / "the two patients" speak about all.
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre

ALL: Final = -1  # a sentence about every patient of the document

_LABEL: Final = fastre.compile(r"\s*(?:In\s+)?(?:case|patient)\s*(\d{1,2})\b(?!\s*(?:%|mg|months?|cycles?|years?))", re.I)
_ORDINALS: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
# a bare ordinal ("The first is ...") labels a patient only when a person follows: an age or a person noun
_PERSON_AFTER: Final = (r"(?=(?:one\s+)?(?:is|was|involved|concerned|concerns)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?"
                 r"(?:\d+[- ](?:year|month)s?[- ]old|(?:wo)?m[ae]n|(?:fe)?male|boy|girl|child|infant|patient)\b)")
_ORDINAL_BODY: Final = (r"(?:the|a)\s+(first|second|third|fourth|fifth|sixth)\s+"
                 r"(?:(?P<noun>patient|case)\b(?!\s+(?:of|in|with|reported|described)\b)|" + _PERSON_AFTER + ")")
# "The first patient had ...", "A second case involved ...", "The first was a 52-year-old woman"
_ORDINAL_LABEL: Final = fastre.compile(r"\s*(?:In\s+)?" + _ORDINAL_BODY, re.I)
# ... at the text's start, after a full stop or colon and a space, or after a line break (tried at each of
# them: see _ordinals_after_breaks)
_ORDINAL_AFTER_BREAK: Final = fastre.compile(r"(?:[.!?:]\s|\n)\s*(?:In\s+)?" + _ORDINAL_BODY, re.I)
_BREAKS: Final = (".", "!", "?", ":", "\n")
# what "In", "the" or "a" can start with under IGNORECASE (İ and ı are i's; checked over every character in the tests)
_ORDINAL_OPENERS: Final = "aAtTiI\u0130\u0131"
# "We report two cases": what lets bare ordinals ("the first ... the second ...") count patients
_COUNT_ANNOUNCED: Final = fastre.compile(r"\b(?:two|three|four|five|six|[2-6])\s+(?:\w+\s+){0,2}?(?:cases|patients)\b", re.I)
_ALL: Final = fastre.compile(r"\b(?:both|these two|the two|two|all (?:the )?(?:two|three))\s+(?:patients|cases)\b", re.I)
# "Case 2" at the text's start or a line's (tried after each line break: see _line_labels)
_LABEL_AT_START: Final = fastre.compile(r"\s*(?:#+\s*)?(?:\*\*)?(?:case|patient)\s*(\d{1,2})\b", re.I)
# ... or after a sentence's stop (tried before each "Case" and "Patient": see _labels_after_stops)
_LABEL_AFTER_STOP: Final = fastre.compile(r"[.!?]\s(?:Case|Patient)\s+(\d{1,2})\b")
_LABEL_WORDS: Final = ("Case", "Patient")


def label_at_start(text: str) -> int | None:
    """The patient number a sentence or paragraph opens with, if any."""
    m = _LABEL.match(text)
    if m and (text[m.end():m.end() + 1] in {",", ":", " ", ".", ")", "\n", ""}):
        return int(m.group(1))
    m = _ORDINAL_LABEL.match(text)
    if m:
        return _ORDINALS[m.group(1).lower()]
    return None


def mentions_all(text: str) -> bool:
    return bool(_ALL.search(text))


def _line_labels(text: str) -> list[int]:
    """The numbers of the "Case N" labels that open the text or a line of it.

    The label pattern is tried at the start and after each line break (found with ``str.find``, in C).
    A match of "\\n" + label that ``finditer`` would skip because an earlier one holds its line break (in the
    spaces before a label) reads the same "Case N" as that one, so the numbers are the same.
    """
    out: list[int] = []
    i = -1
    while True:
        m = _LABEL_AT_START.match(text, i + 1)
        if m is not None:
            out.append(int(m.group(1)))
        i = text.find("\n", i + 1)
        if i < 0:
            return out


def _labels_after_stops(text: str) -> list[int]:
    """The numbers of the "Case N" / "Patient N" labels that open a sentence (after a stop and a space).

    Every match has "Case" or "Patient" two characters in: the pattern is tried only there (``str.find``
    finds them in C); no match holds two stops, so none hides another from ``finditer``.
    """
    out: list[int] = []
    for word in _LABEL_WORDS:
        i = text.find(word, 2)
        while i >= 0:
            m = _LABEL_AFTER_STOP.match(text, i - 2)
            if m is not None:
                out.append(int(m.group(1)))
            i = text.find(word, i + 1)
    return out


def _ordinals_after_breaks(text: str) -> list[re.Match[str]]:
    """The matches of ``_ORDINAL_AFTER_BREAK``, tried at each break (found with ``str.find``, in C) that is
    followed by spaces (for a stop or colon at least one) and then a letter "In", "the" or "a" can start with.

    A match that ``finditer`` would skip because an earlier one holds its line break reads the same ordinal
    and noun as that one; what is read of these matches (which ordinals, whether each has a noun) is the same.
    """
    out: list[re.Match[str]] = []
    n = len(text)
    for i in fastre.positions(text, _BREAKS):
        j = i + 1
        while j < n and text[j].isspace():  # (the pattern's \s* is greedy, and no opener is a space)
            j += 1
        if j < n and (j > i + 1 or text[i] == "\n") and text[j] in _ORDINAL_OPENERS:
            m = _ORDINAL_AFTER_BREAK.match(text, i)
            if m is not None:
                out.append(m)
    return out


def numbered_patients(text: str) -> list[int]:
    """Patient numbers used as labels anywhere in the text (line or sentence starts)."""
    nums = {n for n in (*_line_labels(text), *_labels_after_stops(text)) if 0 < n < 50}
    if len(nums) >= 2 and 1 in nums:
        return sorted(nums)
    first = _ORDINAL_LABEL.match(text)
    found = ([first] if first else []) + _ordinals_after_breaks(text)
    # a bare ordinal counts only after an announced count, which is looked for only when one is there
    announced = any(not m.group("noun") for m in found) and bool(_COUNT_ANNOUNCED.search(text))
    ordinals = {_ORDINALS[m.group(1).lower()] for m in found if m.group("noun") or announced}
    if len(ordinals) >= 2 and ordinals == set(range(1, len(ordinals) + 1)):  # "the first ... the second ...": a series
        return sorted(ordinals)
    return []
