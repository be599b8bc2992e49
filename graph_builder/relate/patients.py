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


def demographics(sentences: list[Annotated]) -> tuple[int | None, Literal["F", "M"] | None, str | None, Annotated | None]:
    """(age, sex, diagnosis, evidence sentence) from one patient's sentences."""
    age: int | None = None
    sex: Literal["F", "M"] | None = None
    ev = None
    for a in sentences:
        m = _AGE.search(a.text)
        if m and age is None:
            age = int(m.group(1) or m.group(2))
            ev = a
            tail = a.text[m.end():m.end() + 30]
            if _F.search(tail) or _F.search(a.text[:m.start()][-20:]):
                sex = "F"
            elif _M.search(tail):
                sex = "M"
    diag, _ = diagnosis(sentences)
    if sex is None:
        f = sum(len(_F.findall(a.text)) for a in sentences)
        m_ = sum(len(_M.findall(a.text)) for a in sentences)
        if f != m_:
            sex = "F" if f > m_ else "M"
    return age, sex, diag, ev
