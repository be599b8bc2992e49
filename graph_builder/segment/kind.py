"""Is this a case report, a case series or a cohort/trial?

The answer decides whether facts belong to numbered patients or to the
study population (``patient: null``).
"""

from __future__ import annotations

import re

from .. import fastre

_AGE = fastre.compile(r"\b\d{1,3}[- ](?:year|yr)s?[- ]old\b|\baged? \d{1,3} years\b", re.I)
_CITED = fastre.compile(r"\bet al\b|\breported (?:a|an|that)\b|\bprevious(?:ly)? (?:study|report)", re.I)
_WORD_NUM = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[- ](?:one|two|three|four|five|six"
             r"|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen")
_COHORT = fastre.compile(
    rf"\b(?:\d{{2,}}|{_WORD_NUM})\s+(?:[\w-]+\s+){{0,4}}?(?:patients|participants|subjects|cases)\b"
    r"(?!\s+(?:with\s+)?(?:were\s+)?(?:reported|described)\b)",
    re.I,
)
_TRIAL = fastre.compile(r"\b(?:phase\s+(?:I{1,3}|[123])[ab]?(?:/I{1,3})?\s+(?:study|trial)|single-arm|retrospective(?:ly)?|"
                        r"were enrolled|multi-?cent(?:er|re) study|cohort study)\b", re.I)


def document_kind(sentences: list[tuple[str, str]], numbered: list[int]) -> str:
    """``case_series``, ``case_report`` or ``cohort`` from (section, text) pairs of fact sections."""
    if numbered:
        return "case_series"
    ages = [t for s, t in sentences if _AGE.search(t) and not _CITED.search(t)]
    cohort = sum(1 for _, t in sentences if _COHORT.search(t)) + sum(1 for _, t in sentences if _TRIAL.search(t))
    if ages and cohort < 3:
        return "case_report"
    if cohort:
        return "cohort"
    return "case_report" if ages else "cohort"
