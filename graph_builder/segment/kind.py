"""Is this a case report, a case series or a cohort/trial?

The answer decides whether facts belong to numbered patients or to the
study population (``patient: null``).  A report about one person says so
by an age ("a 70-year-old woman"), by a singular person ("a man", "an
elderly patient") or by announcing itself ("we report a case", a "Case
report" title); a cohort says so by counts of patients and by study
design words.  Design words outweigh a stated age: "median age 57
years" describes a population, not a patient.
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre

_AGE: Final = fastre.compile(r"\b\d{1,3}[- ](?:year|yr)s?[- ]old\b|\baged? \d{1,3} years\b", re.I)
# an age that describes a population
_POPULATION_AGE: Final = fastre.compile(r"\b(?:median|mean|average)\s+(?:\w+\s+)?age\b|\bages?\s+(?:ranged|ranging)\b", re.I)
_CITED: Final = fastre.compile(r"\bet al\b|\breported (?:a|an|that)\b|\bprevious(?:ly)? (?:study|report)", re.I)
_WORD_NUM: Final = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[- ](?:one|two|three|four|five|six"
             r"|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen")
_COHORT: Final = fastre.compile(
    rf"\b(?:\d{{2,}}|{_WORD_NUM})\s+(?:[\w-]+\s+){{0,4}}?(?:patients|participants|subjects|cases)\b"
    r"(?!\s+(?:with\s+)?(?:were\s+)?(?:reported|described)\b)",
    re.I,
)
_TRIAL: Final = fastre.compile(r"\b(?:phase\s+(?:I{1,3}|[123])[ab]?(?:/I{1,3})?\s+(?:study|trial)|single-arm|retrospective(?:ly)?|"
                        r"were enrolled|multi-?cent(?:er|re) study|cohort study)\b", re.I)
# the document announcing a report of one person: "we report a case", "here we describe a 50-year-old man"
_PERSON: Final = r"(?:case|patient|man|woman|male|female|gentleman|lady|boy|girl|child|infant)"
_REPORT_CUE: Final = fastre.compile(
    r"\b(?:we|authors?)\s+(?:here(?:in|by)?\s+|now\s+)?(?:report|present|describe|demonstrate|discuss|document)\w*\s+"
    rf"(?:[^.;]{{0,120}}?\s)?(?:a|an|the|this|one)\s+(?:[\w-]+\s+){{0,6}}?{_PERSON}\b"
    r"|\bcase report\b|\b(?:the|this) (?:present|current|reported) case\b|\bin (?:the|this) case\b",
    re.I,
)
# one person as the subject of the narrative: "A woman presented", "an elderly patient with ..."
_SINGULAR: Final = fastre.compile(rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON}\s+(?:with|who|presented|was|had|developed|"
                           r"complain\w*|underwent|received)\b|"
                           r"\b(?:the|our|this) patient\s+(?:was|had|has|is|received|underwent|developed|presented|remain\w*)\b",
                           re.I)


def announces_case(text: str) -> bool:
    """"Here we report a patient with ...": the sentence that opens a summary of the case."""
    return bool(_REPORT_CUE.search(text)) and not _CITED.search(text)


def _states_an_age(text: str) -> bool:
    """A person's age ("a 70-year-old woman"), not one cited from elsewhere or a population's."""
    return bool(_AGE.search(text)) and not _CITED.search(text) and not _POPULATION_AGE.search(text)


def publisher_says_case(kind_hint: str | None) -> bool:
    """The publisher's article type names a case report (JATS ``case-report``, PubMed ``Case Reports``)."""
    if not kind_hint:
        return False
    return kind_hint.lower().replace("-", " ").rstrip("s") == "case report"


def document_kind(sentences: list[tuple[str, str]], numbered: list[int], kind_hint: str | None = None) -> str:
    """``case_series``, ``case_report`` or ``cohort`` from (section, text) pairs of fact sections.

    The publisher's article type (``kind_hint``) counts as much as a "we report" sentence:
    it settles a text with little design language, never one that describes a study.
    """
    if numbered:
        return "case_series"
    texts = [t for _, t in sentences]
    design = cohort = 0
    for t in texts:
        if _TRIAL.search(t) or _POPULATION_AGE.search(t):
            design += 1
            cohort += 1
        if _COHORT.search(t):
            cohort += 1
        if cohort >= 3 or (design and cohort >= 2):
            # both counts only grow, so the rest of the text cannot change this answer: design words with two
            # counts settle it here, and three counts outweigh every case cue below
            return "cohort"
    # (cohort < 3 from here on; only whether some sentence states an age matters, so the first one answers)
    if any(_states_an_age(t) for t in texts):
        return "case_report"
    if publisher_says_case(kind_hint) or any(announces_case(t) for t in texts):
        return "case_report"
    if cohort:
        return "cohort"
    if any(_SINGULAR.search(t) and not _CITED.search(t) for t in texts):  # (no age was stated: answered above)
        return "case_report"
    return "cohort"
