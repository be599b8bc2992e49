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


def _score(a: Annotated, start: int) -> float:
    """Diagnosis cue or a person introduced with the disease > a mention in the case > nothing."""
    before = a.text[:start]
    if _CUE.search(before) or _PERSON_WITH.search(before):
        base = 2.0
    elif _AGE.search(a.text) or a.sent.section in ("case", "abstract"):
        base = 1.0
    else:
        return 0.0
    return base + _SECTION_BONUS.get(a.sent.section, 0.0)


def _cannot_beat(a: Annotated, best: float) -> bool:
    """Whether no mention of the sentence can score above ``best`` (a cue before a mention is a cue in the sentence)."""
    bonus = _SECTION_BONUS.get(a.sent.section, 0.0)
    if 2.0 + bonus <= best:
        return True
    if 1.0 + bonus <= best:  # only a cue could beat it
        return not (_CUE.search(a.text) or _PERSON_WITH.search(a.text))
    return False


def diagnosis(sentences: list[Annotated], limit: int = 60) -> tuple[str | None, Annotated | None]:
    """The patient's diagnosis phrase and the sentence it comes from."""
    best: tuple[float, str, Annotated] | None = None
    for a in sentences[:limit]:
        text = a.text
        if best is not None and _cannot_beat(a, best[0]):
            continue  # no mention here could beat the best so far: spare the scans
        if _RELATIVE.search(text) or ctx.cited(text):
            continue
        if a.sent.section not in ("case", "abstract") and not (_CUE.search(text) or _AGE.search(text)
                                                              or _PERSON_WITH.search(text)):
            continue  # no mention here could score: spare the lexicon scan
        for s, e, entry in vocab.diseases().finditer(text):
            sc = _score(a, s)
            if sc <= 0:
                continue
            phrase = disease_phrase(text, s, e, entry.name)
            if best is None or sc > best[0]:
                best = (sc, phrase, a)
    return (best[1], best[2]) if best else (None, None)
