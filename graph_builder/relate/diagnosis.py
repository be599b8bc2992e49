"""The disease a case is about, as the text names it, with its stage and modifiers.

The disease vocabulary finds the head ("melanoma", "PDAC"); a small
grammar then takes the modifiers written before it: stage ("stage IIIA"),
extent ("metastatic", "locally advanced", "borderline resectable"),
course ("refractory", "recurrent"), histology ("classical", "clear cell"
is part of the head), site ("sigmoid", "gastric") and markers
("HER2-positive", "BRAF V600E mutant").  An abbreviation head is written
out with the vocabulary's name.  Which mention is the patient's diagnosis
is judged by its sentence: a diagnosis cue ("diagnosed with", "confirmed")
or a person introduced with a disease ("a 60-year-old man with ...") beats
a bare mention, the case narrative beats the abstract, and the first such
statement beats later refinements; relatives' diseases and cited
statements are never the patient's.
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre
from .. import vocabulary as vocab
from ..recognise import Annotated
from ..recognise import context as ctx

_MODIFIER: Final = fastre.compile(
    r"(?:\b(?:stage|grade)\s+(?:[0IV]{1,4}|[1-4])[A-Ca-c]?\d?"
    r"|\b(?:metastatic|oligometastatic|advanced|locally|recurrent|relapsed|refractory|unresectable|resectable|borderline|"
    r"inoperable|disseminated|classical|classic|invasive|synchronous|metachronous|"
    r"(?:early|late|advanced|extensive|limited)-stage|(?:high|low|intermediate)-grade|"
    r"(?:poorly|moderately|well)[- ]differentiated|"
    r"sigmoid|rectosigmoid|cecal|ascending|descending|transverse|gastric|duodenal|hepatic|pelvic|retroperitoneal|mediastinal|"
    r"triple-negative)"
    r"|\b[A-Z][A-Za-z0-9]{1,7}(?:[- ][A-Z]\d+[A-Z](?:/[A-Z]\d+[A-Z])*)?[- ](?:positive|negative|mutant|mutated|amplified|"
    r"rearranged|wild-type|H|high|low))\s+$"
)
_ABBREVIATION: Final = fastre.compile(r"m?[A-Z][A-Z0-9-]{1,7}s?")
_CUE: Final = fastre.compile(r"\b(?:diagnos\w*|confirmed|patholog\w*|biops\w*|histolog\w*|consistent with)\b", re.I)
_PERSON_WITH: Final = fastre.compile(r"\b(?:patient|case|man|woman|male|female|gentleman|lady|boy|girl)\b[^.;]{0,80}?"
                              r"\b(?:with|had|has|have|of|from|for)\b", re.I)
_RELATIVE: Final = fastre.compile(r"\b(?:father|mother|sister|brother|daughter|son|aunt|uncle|grand\w+|family|relatives?|sibling)\b",
                           re.I)
_AGE: Final = fastre.compile(r"\b\d{1,3}[- ](?:year|yr)s?[- ]old\b", re.I)
_SECTION_BONUS: Final = {"case": 0.5, "abstract": 0.3, "results": 0.2}


def _modifiers_start(text: str, start: int) -> int:
    lo = start
    while True:
        if lo == 0 or not text[lo - 1].isspace():
            return lo  # a modifier ends in white space (``\s+$``, str.isspace) right before ``lo``
        m = _MODIFIER.search(text, max(0, lo - 40), lo)
        if m is None or m.end() != lo:
            return lo
        lo = m.start()


def disease_phrase(text: str, start: int, end: int, name: str) -> str:
    """The disease mention at ``start:end`` with the modifiers written before it."""
    head = text[start:end]
    if _ABBREVIATION.fullmatch(head):
        head = name
    return (text[_modifiers_start(text, start):start] + head).strip()


_WORD_PAIR: Final = re.compile(r"\w\w")


def _found_before(rx: fastre.Pattern, text: str, whole: re.Match[str] | None, start: int) -> bool:
    """``rx.search(text[:start])``, for _CUE or _PERSON_WITH, told where it can be by ``whole``, their search of all ``text``.

    Both patterns end with a word and ``\\b`` and look at nothing after their match, so the text before
    ``start`` differs for them only in the ``\\b`` at ``start``: a match of the whole text that ends by
    ``start`` is one of the text before it, and a match of the text before it that is none of the whole
    text ends at ``start`` between two word characters (where the cut made a word end).
    """
    if whole is not None and whole.end() <= start:
        return True
    if whole is None and not (start > 0 and _WORD_PAIR.match(text, start - 1)):
        return False
    return rx.search(text[:start]) is not None


class _Searched:
    """One sentence's searches of its whole text, each made when first asked (several checks ask the same)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cue: re.Match[str] | None = None
        self._person: re.Match[str] | None = None
        self._age = False
        self._asked = 0  # bits: 1 cue, 2 person, 4 age

    def cue(self) -> re.Match[str] | None:
        if not self._asked & 1:
            self._cue = _CUE.search(self.text)
            self._asked |= 1
        return self._cue

    def person(self) -> re.Match[str] | None:
        if not self._asked & 2:
            self._person = _PERSON_WITH.search(self.text)
            self._asked |= 2
        return self._person

    def age(self) -> bool:
        if not self._asked & 4:
            self._age = _AGE.search(self.text) is not None
            self._asked |= 4
        return self._age


def _score(a: Annotated, s: _Searched, start: int) -> float:
    """Diagnosis cue or a person introduced with the disease > a mention in the case > nothing."""
    text = a.text
    if _found_before(_CUE, text, s.cue(), start) or _found_before(_PERSON_WITH, text, s.person(), start):
        base = 2.0
    elif s.age() or a.sent.section in ("case", "abstract"):
        base = 1.0
    else:
        return 0.0
    return base + _SECTION_BONUS.get(a.sent.section, 0.0)


def _cannot_beat(a: Annotated, s: _Searched, best: float) -> bool:
    """Whether no mention of the sentence can score above ``best`` (a cue before a mention is a cue in the sentence)."""
    bonus = _SECTION_BONUS.get(a.sent.section, 0.0)
    if 2.0 + bonus <= best:
        return True
    if 1.0 + bonus <= best:  # only a cue could beat it
        return not (s.cue() or s.person())
    return False


def diagnosis(sentences: list[Annotated], limit: int = 60) -> tuple[str | None, Annotated | None]:
    """The patient's diagnosis phrase and the sentence it comes from."""
    best: tuple[float, str, Annotated] | None = None
    for a in sentences[:limit]:
        text = a.text
        searched = _Searched(text)
        if best is not None and _cannot_beat(a, searched, best[0]):
            continue  # no mention here could beat the best so far: spare the scans
        if _RELATIVE.search(text) or ctx.cited(text):
            continue
        if a.sent.section not in ("case", "abstract") and not (searched.cue() or searched.age() or searched.person()):
            continue  # no mention here could score: spare the lexicon scan
        for s, e, entry in vocab.diseases().finditer(text):
            sc = _score(a, searched, s)
            if sc <= 0:
                continue
            phrase = disease_phrase(text, s, e, entry.name)
            if best is None or sc > best[0]:
                best = (sc, phrase, a)
    return (best[1], best[2]) if best else (None, None)
