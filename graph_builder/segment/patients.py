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
# ... at the text's start, after a full stop or colon and a space, or after a line break.  The stop is matched,
# not looked behind at (no match holds one, so none hides the next), so that re seeks [.!?:\n] in C.
_ORDINAL_AFTER_BREAK: Final = fastre.compile(r"(?:[.!?:]\s|\n)\s*(?:In\s+)?" + _ORDINAL_BODY, re.I)
# "We report two cases": what lets bare ordinals ("the first ... the second ...") count patients
_COUNT_ANNOUNCED: Final = fastre.compile(r"\b(?:two|three|four|five|six|[2-6])\s+(?:\w+\s+){0,2}?(?:cases|patients)\b", re.I)
_ALL: Final = fastre.compile(r"\b(?:both|these two|the two|two|all (?:the )?(?:two|three))\s+(?:patients|cases)\b", re.I)
# "Case 2" at the text's start or a line's (read as two patterns: one that starts with "\n" is sought in C)
_LABEL_AT_LINE: Final = r"\s*(?:#+\s*)?(?:\*\*)?(?:case|patient)\s*(\d{1,2})\b"
_LABEL_AT_START: Final = fastre.compile(_LABEL_AT_LINE, re.I)
_LABEL_AFTER_NEWLINE: Final = fastre.compile(r"\n" + _LABEL_AT_LINE, re.I)
# (the stop is matched, not looked behind at, so re seeks [.!?] in C; only the number is read, and no match
# holds a stop, so none hides the next)
_LABEL_AFTER_STOP: Final = fastre.compile(r"[.!?]\s(?:Case|Patient)\s+(\d{1,2})\b")


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


def numbered_patients(text: str) -> list[int]:
    """Patient numbers used as labels anywhere in the text (line or sentence starts)."""
    first = _LABEL_AT_START.match(text)
    nums = {int(m.group(1)) for m in (first, *_LABEL_AFTER_NEWLINE.finditer(text), *_LABEL_AFTER_STOP.finditer(text)) if m}
    nums = {n for n in nums if 0 < n < 50}
    if len(nums) >= 2 and 1 in nums:
        return sorted(nums)
    found = [m for m in (_ORDINAL_LABEL.match(text), *_ORDINAL_AFTER_BREAK.finditer(text)) if m]
    # a bare ordinal counts only after an announced count, which is looked for only when one is there
    announced = any(not m.group("noun") for m in found) and bool(_COUNT_ANNOUNCED.search(text))
    ordinals = {_ORDINALS[m.group(1).lower()] for m in found if m.group("noun") or announced}
    if len(ordinals) >= 2 and ordinals == set(range(1, len(ordinals) + 1)):  # "the first ... the second ...": a series
        return sorted(ordinals)
    return []
