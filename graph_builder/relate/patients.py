"""Age, sex and diagnosis of each numbered patient."""

from __future__ import annotations

import re
from typing import Final, Literal

from .. import fastre
from ..recognise import Annotated
from .diagnosis import diagnosis

_AGE: Final = fastre.compile(r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b|\baged? (\d{1,3})(?: years)?\b", re.I)
_F: Final = fastre.compile(r"\b(?:female|woman|lady|girl|she|her|mother)\b", re.I)
_M: Final = fastre.compile(r"\b(?:male|man|gentleman|boy|he|his|him)\b", re.I)


def _count(rx: fastre.Pattern, text: str) -> int:
    """``len(rx.findall(text))``: the matches finditer yields are findall's, and a folded pattern finds them from its
    lower-case scan (its findall searches first, then runs the case-insensitive pattern at every position)."""
    n = 0
    for _ in rx.finditer(text):
        n += 1
    return n


def demographics(sentences: list[Annotated]) -> tuple[int | None, Literal["F", "M"] | None, str | None, Annotated | None]:
    """(age, sex, diagnosis, evidence sentence) from one patient's sentences."""
    age: int | None = None
    sex: Literal["F", "M"] | None = None
    ev = None
    for a in sentences:
        if age is not None:
            break  # the first age stands: the sentences after it are not searched for one
        m = _AGE.search(a.text)
        if m:
            age = int(m.group(1) or m.group(2))
            ev = a
            tail = a.text[m.end():m.end() + 30]
            if _F.search(tail) or _F.search(a.text[:m.start()][-20:]):
                sex = "F"
            elif _M.search(tail):
                sex = "M"
    diag, _ = diagnosis(sentences)
    if sex is None:
        f = sum(_count(_F, a.text) for a in sentences)
        m_ = sum(_count(_M, a.text) for a in sentences)
        if f != m_:
            sex = "F" if f > m_ else "M"
    return age, sex, diag, ev
