"""Age, sex and diagnosis of each numbered patient."""

from __future__ import annotations

import re
from typing import Final, Literal

from .. import fastre
from ..recognise import Annotated
from .diagnosis import diagnosis

_AGE: Final = fastre.compile(r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b|\baged? (\d{1,3})(?: years)?\b", re.I)
_FEMALE_WORDS: Final = ("female", "woman", "lady", "girl", "she", "her", "mother")
_MALE_WORDS: Final = ("male", "man", "gentleman", "boy", "he", "his", "him")
_F: Final = fastre.compile(r"\b(?:" + "|".join(_FEMALE_WORDS) + r")\b", re.I)
_M: Final = fastre.compile(r"\b(?:" + "|".join(_MALE_WORDS) + r")\b", re.I)


# _F's and _M's words in one pattern, _F's in the group.  A match of either is a whole word (\b on both sides of
# letters), and no word is in both lists, so one scan finds every match of each: counted apart by the group.
_SEX_WORD: Final = fastre.compile(r"\b(?:(" + "|".join(_FEMALE_WORDS) + ")|" + "|".join(_MALE_WORDS) + r")\b", re.I)


def _sex_words(text: str) -> tuple[int, int]:
    """``(len(_F.findall(text)), len(_M.findall(text)))``, from one scan."""
    f = m = 0
    for w in _SEX_WORD.finditer(text):
        if w.group(1) is not None:
            f += 1
        else:
            m += 1
    return f, m


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
        f = m_ = 0
        for a in sentences:
            nf, nm = _sex_words(a.text)
            f += nf
            m_ += nm
        if f != m_:
            sex = "F" if f > m_ else "M"
    return age, sex, diag, ev
