"""Counts written in words ("Fifty-four patients", "eight (15.1%)"), as abstracts spell them at a sentence start."""

from __future__ import annotations

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
UP_TO_TWELVE: tuple[str, ...] = tuple(w for w, n in _UNITS.items() if n <= 12)
"""The counts one to twelve in words, in order: what the short count patterns accept beside digits."""
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
               r"|eight|nine)\b)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
               r"|fifteen|sixteen|seventeen|eighteen|nineteen)(?![- ](?:hundred|thousand)\b)")
"""A regex for a count from one to ninety-nine written in words (use with re.I and word boundaries).

"Three hundred" is not three: a count with a hundreds word is left unread rather than misread."""

COUNT = rf"(?:\d+|{WORD_NUMBER})"
"""A count in digits or words."""


def to_int(word: str) -> int | None:
    """``"Fifty-four"`` -> 54, ``"8"`` -> 8; anything else -> None."""
    w = word.strip().lower().replace("-", " ")
    if w.isdigit():
        return int(w)
    parts = w.split()
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None
