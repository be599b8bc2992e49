"""Value normalisation and tolerant comparison for the evaluator.

Gold files are written by hand and the extractors print what the text
says, so the same fact can arrive as ``"III"`` or ``"grade 3"``, ``27
weeks`` or ``6.2 months``, ``mg/m²`` or ``mg/m2``.  Every rule of
``shared/spec/facts.md`` that says "compare after ..." lives here, as
small pure functions, so matching (``match.py``) reads like the spec's
key table and each rule can be tested on its own.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

NUMBER_TOLERANCE = 0.001
"""Relative tolerance for plain numbers (facts.md: "numbers compare to 0.1 %")."""

DURATION_TOLERANCE = 0.03
"""Relative tolerance for durations once converted to months (facts.md: 3 %)."""

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"\s+")

# Canonical unit spellings.  Time units map to a name known to _MONTHS_PER.
_UNIT_ALIASES: dict[str, str] = {
    "mo": "months", "mos": "months", "mo.": "months", "month": "months",
    "months": "months", "mth": "months", "mths": "months",
    "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "d": "days", "day": "days", "days": "days",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "percent": "%", "pct": "%", "per cent": "%",
    "patient": "patients", "pts": "patients",
}
_MONTHS_PER: dict[str, float] = {
    "months": 1.0,
    "weeks": 1 / 4.345,
    "days": 1 / 30.44,
    "years": 12.0,
}

# Regimen names compare after these words are dropped ("platinum-based
# chemotherapy" ~ "platinum").
_REGIMEN_STOPWORDS = frozenset({
    "regimen", "regimens", "chemotherapy", "chemo", "therapy", "based", "combination",
})

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_ROMAN_RE = re.compile(r"(?<![a-z])(iv|v|iii|ii|i)(?![a-z])")
_RANGE_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)$")

_SEX = {"f": "F", "female": "F", "woman": "F", "m": "M", "male": "M", "man": "M"}
_QUALIFIER = {"": "=", "=": "=", "≥": ">=", "=>": ">=", "≤": "<=", "=<": "<=",
              "≈": "~", "about": "~", "approximately": "~"}


def text(value: Any) -> str | None:
    """Lower-case, unify dashes, collapse whitespace; ``None``/empty -> ``None``.

    Used for event names, measure names, cohorts and frequencies, where the
    spec asks for a case- and spacing-insensitive comparison.
    """
    if value is None:
        return None
    s = _SPACES.sub(" ", _DASHES.sub("-", str(value))).strip().lower()
    return s or None


_LY_HYPHEN = re.compile(r"\b(\w+ly)-(?=\w)")


def cohort(value: Any) -> str:
    """A cohort label compared as words: no diacritics ("naïve"), no hyphen after an -ly adverb
    ("previously-treated"), ``None``/empty -> ``all``.  Extractors print the label as the text writes it."""
    s = text(value)
    if s is None:
        return "all"
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return _SPACES.sub(" ", _LY_HYPHEN.sub(r"\1 ", s)).strip()


def measure(value: Any) -> str | None:
    """A cohort measure name compared as facts.md writes it, whatever the symbols.

    ``"Grade ≥ 3 adverse event incidence"`` = ``"grade >=3 adverse event
    incidence"``; ``"grade 3/4"`` = ``"grade 3-4"``.  Words are not
    rewritten: the canonical names themselves come from the spec.
    """
    s = text(value)
    if s is None:
        return None
    s = s.replace("≥", ">=").replace("⩾", ">=").replace("≤", "<=").replace("⩽", "<=")
    s = re.sub(r"\s*(>=|<=|[<>])\s*", r" \1", s)
    s = re.sub(r"(?<=\d)\s*/\s*(?=\d)", "-", s)
    return s.strip()


def number(value: Any) -> float | None:
    """A float from an int, float or numeric string; anything else -> ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return None


def close(a: float, b: float, rel: float = NUMBER_TOLERANCE) -> bool:
    """Relative closeness; zero only equals zero (a relative test of 0 is meaningless)."""
    if a == 0 or b == 0:
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b))


def same_number(a: Any, b: Any) -> bool:
    """Numbers within 0.1 %; ``None`` equals only ``None``; non-numbers compare as text."""
    if a is None or b is None:
        return a is None and b is None
    na, nb = number(a), number(b)
    if na is None or nb is None:
        return text(a) == text(b)
    return close(na, nb)


def patient(value: Any) -> int | None:
    """The patient number as an int (``2``, ``"2"``, ``2.0``); ``null`` stays ``None``."""
    n = number(value)
    return None if n is None else int(n)


def drug_set(value: Any) -> frozenset[str]:
    """Drugs as a set of lower-case names.

    An adverse event's ``drug`` may be a string, a list or ``null``; a
    regimen's ``drugs`` is a list.  All become sets so that order and a
    one-element list vs. a bare string do not matter.
    """
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else list(value)
    return frozenset(s for s in (text(v) for v in items) if s)


def unit(value: Any) -> str | None:
    """Canonical unit: lower-case, no spaces, ``mg/m²`` -> ``mg/m2``, aliases folded."""
    s = text(value)
    if s is None:
        return None
    if s in _UNIT_ALIASES:
        return _UNIT_ALIASES[s]
    s = s.replace("²", "2").replace("^2", "2").replace(" ", "")
    return _UNIT_ALIASES.get(s, s)


def is_time_unit(value: Any) -> bool:
    """Whether a unit is a duration, so that its value compares in months."""
    return unit(value) in _MONTHS_PER


def to_months(value: Any, unit_: Any) -> float | None:
    """A duration in months (weeks ÷ 4.345, days ÷ 30.44, years × 12)."""
    n, u = number(value), unit(unit_)
    if n is None or u not in _MONTHS_PER:
        return None
    return n * _MONTHS_PER[u]


def same_quantity(va: Any, ua: Any, vb: Any, ub: Any) -> bool:
    """Value+unit equality: durations in months within 3 %, otherwise number and unit.

    Used for survival keys, where the unit is part of the key.
    """
    ma, mb = to_months(va, ua), to_months(vb, ub)
    if ma is not None and mb is not None:
        return close(ma, mb, DURATION_TOLERANCE)
    return same_number(va, vb) and unit(ua) == unit(ub)


def same_value(va: Any, ua: Any, vb: Any, ub: Any) -> bool:
    """Value equality where the unit is *not* part of the key (cohort outcomes).

    If both sides are durations they compare in months; otherwise the bare
    numbers compare, so a missing or differently spelt unit does not hide a
    correct value (the unit is scored as an attribute instead).
    """
    ma, mb = to_months(va, ua), to_months(vb, ub)
    if ma is not None and mb is not None:
        return close(ma, mb, DURATION_TOLERANCE)
    return same_number(va, vb)


def grade(value: Any) -> str | None:
    """Canonical CTCAE grade: ``"Grade III–IV"`` -> ``"3-4"``, ``"≥ 3"`` -> ``">=3"``."""
    if value is None:
        return None
    s = _DASHES.sub("-", str(value)).strip().lower()
    s = s.replace("≥", ">=").replace("⩾", ">=").replace("≤", "<=").replace("⩽", "<=")
    s = re.sub(r"grades?", " ", s)
    s = re.sub(r"\s+(?:to|and)\s+|/|&", "-", s)
    s = _ROMAN_RE.sub(lambda m: _ROMAN[m.group(1)], s)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^g(?=\d)", "", s)
    s = re.sub(r"^(\d)\+$", r">=\1", s)
    return s or None


def amount(value: Any) -> tuple[str, Any] | None:
    """A dose amount as ``("num", x)``, ``("range", (lo, hi))`` or ``("text", s)``.

    Numeric strings become numbers; ``"150-200"`` stays a range so that it
    equals only the same range, never 150 or 200 alone.
    """
    if value is None:
        return None
    n = number(value)
    if n is not None:
        return ("num", n)
    s = text(value)
    if s is None:
        return None
    m = _RANGE_RE.match(s)
    if m:
        return ("range", (float(m.group(1)), float(m.group(2))))
    return ("text", s)


def same_amount(a: Any, b: Any) -> bool:
    """Amounts equal as numbers (0.1 %), as identical ranges, or as identical text."""
    na, nb = amount(a), amount(b)
    if na is None or nb is None:
        return na is None and nb is None
    if na[0] != nb[0]:
        return False
    if na[0] == "num":
        return close(na[1], nb[1])
    if na[0] == "range":
        return close(na[1][0], nb[1][0]) and close(na[1][1], nb[1][1])
    return na[1] == nb[1]


def regimen_name(value: Any) -> str:
    """A regimen name stripped of punctuation, case and generic words."""
    s = text(value) or ""
    words = re.sub(r"[^\w\s]|_", " ", s).split()
    return " ".join(w for w in words if w not in _REGIMEN_STOPWORDS)


def same_regimen_name(a: Any, b: Any) -> bool:
    """Named regimens match when one normalised name contains the other.

    An empty name (none given, or only generic words such as
    "chemotherapy") matches only another empty name: otherwise an unnamed
    "chemotherapy" would match every named regimen.
    """
    na, nb = regimen_name(a), regimen_name(b)
    if not na or not nb:
        return na == nb
    return na in nb or nb in na


def sex(value: Any) -> str | None:
    """``F``/``M`` from ``"F"``, ``"female"``, ``"man"`` ...; unknown text is kept."""
    s = text(value)
    return None if s is None else _SEX.get(s, s)


def qualifier(value: Any) -> str:
    """Canonical duration qualifier; missing means ``=`` (the model's default)."""
    s = (text(value) or "").replace(" ", "")
    return _QUALIFIER.get(s, s)


def frequency(value: Any) -> str | None:
    """Frequency text with spaces after commas removed (``"d1, 8"`` = ``"d1,8"``)."""
    s = text(value)
    return None if s is None else re.sub(r"\s*,\s*", ",", s)


def contains_text(a: Any, b: Any) -> bool:
    """Case-insensitive equality, or one containing the other (diagnoses)."""
    ta, tb = text(a), text(b)
    if ta is None or tb is None:
        return ta is None and tb is None
    return ta in tb or tb in ta


def same_text(a: Any, b: Any) -> bool:
    """Case/space-insensitive text equality (``None`` equals ``None``)."""
    return text(a) == text(b)


def same_generic(a: Any, b: Any) -> bool:
    """Fallback for extra fields present on both sides (``ci``, ``p``, ...)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_generic(x, y) for x, y in zip(a, b))
    if number(a) is not None and number(b) is not None:
        return same_number(a, b)
    # "<0.001" vs "< 0.001": spacing in short codes carries no meaning.
    return (text(a) or "").replace(" ", "") == (text(b) or "").replace(" ", "")
