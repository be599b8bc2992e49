"""Cohort- and trial-level outcomes: ORR 11.6% (7/61), median PFS 3.37 months, HR 0.316.

Measures come from a small lexicon; values are taken after the measure
up to the next measure, or paired through "respectively".  Confidence
intervals, ranges and p values are blanked before values are read, so
"95% CI, 6.59–10.17" never becomes an outcome.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from .. import fastre
from .. import numwords
from ..recognise.quantities import holds_digit

_NUM: Final = r"(\d+|one|two|three|four|five|six|twelve)"
_G: Final = r"(≥\s*\d|[1-5]\s*(?:[-–/]|or|and|to)\s*[1-5]|[1-5](?:\s+or\s+(?:higher|greater|above|more))?|I{1,3}V?\s*(?:[-–/]|or|and|to)\s*I{0,3}V?)"
_AE: Final = r"(?:treatment[- ](?:related|emergent)\s+|drug[- ]related\s+|immune[- ]related\s+)?(?:adverse events?|AEs?|toxicit(?:y|ies))"
_ACTS: Final = (r"(dose reductions?|dose interruptions?|treatment interruptions?|"
         r"(?:treatment\s+)?discontinuations?(?:\s+of\s+(?:the\s+)?(?:treatment|therapy))?|"
         r"interrupted (?:the\s+)?treatment|(?:permanently\s+)?discontinued(?:\s+(?:the\s+)?treatment)?|reduced (?:the\s+)?dose)")
_MEASURES: Final[tuple[tuple[str, str], ...]] = (
    ("{n}-month PFS rate", rf"\b{_NUM}[- ]months? (?:PFS|progression-free survival)(?: rates?)?\b"),
    ("{n}-month OS rate", rf"\b{_NUM}[- ]months? (?:OS|overall survival|survival)(?: rates?)?\b"),
    ("{n}-year PFS rate", rf"\b{_NUM}[- ]years? (?:PFS|progression-free survival)(?: rates?)?\b"),
    ("{n}-year OS rate", rf"\b{_NUM}[- ]years? (?:OS|overall survival|survival)(?: rates?)?\b"),
    # "At 2 years, the survival rate reached ...": the landmark before the measure
    ("{n}-year OS rate", rf"\bat {_NUM} years?,? (?:the )?(?:OS|overall survival|survival) rates?\b"),
    ("{n}-month OS rate", rf"\bat {_NUM} months?,? (?:the )?(?:OS|overall survival|survival) rates?\b"),
    ("{n}-year PFS rate", rf"\bat {_NUM} years?,? (?:the )?(?:PFS|progression-free survival) rates?\b"),
    ("{n}-month PFS rate", rf"\bat {_NUM} months?,? (?:the )?(?:PFS|progression-free survival) rates?\b"),
    ("{n}-month PFS rate", rf"\b(?:alive and )?(?:progression[- ]free) (?:at|after) {_NUM} months\b"),
    ("{n}-year PFS rate", rf"\b(?:alive and )?(?:progression[- ]free) (?:at|after) {_NUM} years?\b"),
    ("{n}-month PFS rate", rf"\b(?:PFS|progression-free survival)(?: rates?)? at {_NUM} months\b"),
    ("{n}-year PFS rate", rf"\b(?:PFS|progression-free survival)(?: rates?)? at {_NUM} years?\b"),
    ("{n}-month OS rate", rf"\b(?:OS|overall survival)(?: rates?)? at {_NUM} months\b"),
    ("{n}-year OS rate", rf"\b(?:OS|overall survival)(?: rates?)? at {_NUM} years?\b"),
    ("any-grade adverse event incidence", rf"\b(?:any|all)[- ]grades?\s+{_AE}|\b{_AE}\s*\(\s*(?:of\s+)?(?:any|all)[- ]grades?\s*\)|"
                                          rf"\b{_AE}\s+of\s+(?:any|all)\s+grades?\b"),
    ("grade {g} adverse event incidence", rf"\bgrades?\s*{_G}\s+(?:{_AE}|events?)\b"),
    ("{act} due to adverse events", rf"\b{_AE}\s+[^.;]{{0,40}}?\b(?:(?:led|leading|resulted|resulting)\s+(?:to|in)|"
     rf"requir(?:ed|ing)|caus(?:ed|ing)|forced|prompted|necessitated)\s+(?:an?\s+)?(?:permanent\s+)?{_ACTS}"),
    ("{act} due to adverse events", rf"\b{_ACTS}\s+(?:due to|because of|owing to|for)\s+{_AE}"),
    ("median TTR", r"\bmedian time to (?:objective )?response\b|\bmedian TTR\b"),
    ("mORR", r"\bmORR\b|\bmOR rate\b"),
    ("ORR", r"\bobjective response rates?\b|\boverall response rates?\b|\bORRs?\b|\bobjective response(?: \(OR\))?(?= was)|"
            r"(?<!complete )(?<!partial )(?<!pathologic )(?<!pathological )(?<!major )(?<!molecular )\bresponse rates?\b"),
    ("ORR*", r"\bobjective responses?\b"),
    ("DCR*", r"\bdisease control\b(?! rate)"),
    ("CBR*", r"\bclinical benefit\b(?! rate)"),
    ("SD*", r"\bdisease stabili[sz]ation\b"),
    ("PD*", r"\bdisease progression\b"),
    ("DCR", r"\bdisease control rates?\b|\bDCRs?\b"),
    ("CBR", r"\bclinical benefit rates?\b|\bCBR\b"),
    ("median DoR", r"\bmedian duration of (?:the )?response\b|\bmedian DoR\b"),
    ("median TTF", r"\bmedian (?:time to treatment failure|TTF)\b"),
    ("median TTP", r"\b(?:median )?(?:time to (?:tumou?r )?progression|TTP)\b"),
    ("median {m}PFS", r"\bmedian (m?)PFS\b|\bmedian progression[- ]free survival\b"),
    ("median OS", r"\bmedian (?:overall survival|OS)\b|\bmOS\b|\bmedian survival\b"),
    ("median PFS", r"\bmPFS\b"),
    ("median PFS", r"(?<![\w-])PFS(?![\w-])"),
    ("median OS", r"(?<![\w-])OS(?![\w-])|\boverall survival\b(?! rate)"),
    ("median PFS", r"\bprogression[- ]free survival\b(?! rate)"),
    ("HR", r"\bhazard ratio(?:/HR)?\b|\bHR\b"),
    ("treatment-related death", r"\b(?:treatment|drug)[- ]related deaths?\b"),
    ("fatal adverse events", rf"\b{_AE}\s+(?:were|was)\s+fatal\b"),
    # dose changes the text gives no cause for keep their own name
    ("dose {dose}", r"\bdose (reduction|escalation|interruption|delay|modification)s?\b"),
    ("CR", r"\bcomplete responses?\b|(?<![\w-])CR(?![\w-])"),
    ("PR", r"\bpartial responses?\b|(?<![\w-])PR(?![\w-])"),
    ("SD", r"\bstable disease\b|(?<![\w-])SD(?![\w-])"),
    ("PD", r"\bprogressive disease\b|(?<![\w-])PD(?![\w-])"),
    ("NR", r"(?<![\w-])NR(?![\w-])"),
)
# _BLANK's branches, in order, each with what it needs: 0 nothing, 1 a comparison sign, 2 a range before a bracket
_BLANK_BRANCHES: Final[tuple[tuple[str, int], ...]] = (
    # (a CI starts at its bracket or at "95": whitespace before it is left as it is, not blanked, so that re
    # looks for it from "(", "[" and "9" rather than from every space)
    (r"(?P<ci>(?:[(\[]\s*)?95\s*%\s*(?:confidence intervals?(?:\s*[(\[]CI[)\]])?|C\.?I\.?)(?:/CI)?[^)\];]*[)\]]?)", 0),
    (r"\b(?:range|IQR|interquartile range)\s*[,:]?\s*[\d.]+\s*(?:[-–]|to)\s*[\d.]+\+?", 0),
    (r"\bp\s*[<=>≤]\s*0?\.\d+", 1), (r"\blog-rank\b", 0), (r"\bFigures? \d+[A-Z]?\b", 0), (r"\[[\d,–\- ]+\]", 0),
    (r"\(n\s*=\s*\d+\)", 1), (r"\bn\s*=\s*\d+", 1),
    (r"\bfollow[- ]up(?:\s+(?:period|time|duration))?(?:\s+(?:of|was|is))?\s+\d+(?:\.\d+)?", 0),
    (r"\bmedian age(?:\s+(?:of|was|is))?\s+\d+", 0),
    # a range that closes a bracket is an interval, never a value: "(3.4-33.3)", "(14.0%, 9.4-18.6)"
    (r"(?<![\w.])\d+(?:\.\d+)?\s*%?\s*(?:[-–]|to)\s*\d+(?:\.\d+)?\s*%?(?=\s*[)\]])", 2),
)
# _BLANK, and the same without the branches a text cannot match, indexed by _blank_kinds: a branch that matches
# nowhere in a text changes no match of the alternation when dropped (each match of an alternation is a match of
# one branch at its start; the others keep their order).  The range branch, every digit in its start set, was the
# costliest to scan for, and the comparisons' "n" and "p" start most words; fastre drops the others (by their words).
_BLANK_VARIANTS: Final = tuple(fastre.compile("|".join(b for b, need in _BLANK_BRANCHES if need == 0 or kinds >> (need - 1) & 1), re.I)
                               for kinds in range(4))
_BLANK: Final = _BLANK_VARIANTS[3]
_GRADE_BEFORE: Final = fastre.compile(r"\bgrades?\s*$", re.I)
_VALUE: Final = fastre.compile(
    r"(?P<v>\d+(?:\.\d+)?)\s*(?:(?P<pct>%)|(?P<unit>months?|mo|days?|weeks?|years?)\b)?(?:\s*\(\s*(?P<n>\d+)\s*/\s*(?P<N>\d+)\s*\))?"
)
# "9 (14.3%) patients had", "21 patients (37%) obtained an", "12.5% had a", "with 4", "and five (8.2%)"
_COUNT_BEFORE: Final = fastre.compile(
    rf"(?<![\w.])(?:(?P<n>{numwords.COUNT})\s+(?:patients?\s+)?(?:\(\s*(?P<v>\d+(?:\.\d+)?)\s*%[^()]{{0,40}}?\)\s*)?"
    r"|(?P<n2>\d+)\s*\(\s*(?P<v2>\d+(?:\.\d+)?)\s*%[^()]{0,40}?\)\s*"
    r"|(?P<pv>\d+(?:\.\d+)?)\s*%\s+(?:of\s+(?:the\s+)?patients\s+)?)"
    r"(?:patients?\s+)?(?:(?P<verb>had|achieved|obtained|experienced|showed|developed|attained|reached|with|presented)\s+)?"
    r"(?:an?\s+)?(?:confirmed\s+)?$",
    re.I,
)
_NOT_A_COUNT: Final = fastre.compile(r"\b(?:grade|week|weeks|day|days|cycle|cycles|version|v|RECIST|month|months|year|years|at|(?<!total )of|the)\s*$", re.I)
_ACHIEVED_IN: Final = fastre.compile(r"\s*(?:was|were)\s+(?:achieved|observed|seen|noted|obtained|reported|confirmed|documented)\s+(?:in|by)\b", re.I)
_DESIGN: Final = fastre.compile(
    r"\b(?:primary|secondary|key|main|co-primary)\s+(?:efficacy\s+)?(?:end\s?-?points?|outcomes?|objectives?|aims?)\b|"
    r"\bend\s?-?points?(?=\s+(?:was|were|is|are|included|includ))\b", re.I)
"""A design clause names what the study measures ("the primary end point was PFS"): blanked, the rest of the sentence read."""
_DESIGN_MET: Final = fastre.compile(r"\s*(?:was|were|has been|had been)\s+(?:not\s+)?(?:met|achieved|reached)\b", re.I)
_DESIGN_NAMES: Final = fastre.compile(r"\s+(?:was|were|is|are|included|includes|include)\b", re.I)
_CLAUSE_END: Final = fastre.compile(r"[,;:]|\bwith\b", re.I)
_DESIGN_SENTENCE: Final = fastre.compile(r"\bpowered to\b|\bsample size\b|\b(?:null|alternative)\s+hypothes[ie]s\b|"
                                  r"\bto (?:detect|reject|rule out)\b|\bassum(?:ing|ed|ptions?)\b", re.I)
"""A power calculation's numbers are all hypothetical: the sentence gives no result."""
_HYPOTHETICAL: Final = fastre.compile(r"\b(?:needed|required|planned|expected|targete?d?|promising|considered|hypothes[ie]s|would)\b", re.I)
"""With a design clause, these make the whole sentence the design: "the primary end point was PFS; 50% was considered promising"."""
_THRESHOLD_OR_RANGE: Final = fastre.compile(r"(?:[≥≤<>]|\d\s*[-–]|\bevery|\beach)\s*$")
""""PD-L1 >= 50%" is a threshold and "PS 0-1" a range: neither is a result."""
_DENOMINATOR: Final = fastre.compile(r"%[^()]{0,40}\)\s*of\s*(?:the\s+)?$")
"""The N of "40 (30.5%) of 131 patients" is a denominator, not a value."""
_CITED: Final = fastre.compile(r"\bet al\b|\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|"
                        r"\b(?:previous|prior|earlier|other)\s+(?:stud(?:y|ies)|reports?|trials?|series)\b|"
                        r"\b(?:has|have) been reported\b|\bwas reported (?:in|by)\b", re.I)
"""A sentence citing other work reports their patients, not this study's.  A reference mark is one number in
brackets, or several after a word; two numbers after a value or its unit ("14 months [11-17]", "41% [29, 54]") are an interval."""
_UNIT_BEFORE: Final = fastre.compile(r"(?:\d|%|\b(?:months?|mo|weeks?|days?|years?|patients))\s*$", re.I)
_STOP: Final = fastre.compile(r"\b(?:including|specifically|such as|e\.g\.|namely|mainly|particularly)\b|;|:\s*[A-Za-z]")
_SHARE: Final = {"CR", "PR", "SD", "PD", "NR", "ORR*", "SD*", "PD*", "DCR*", "CBR*", "treatment-related death"}
"""Measures that also read a count or share written before them ("12 PR", "35.4% had stable disease")."""


@dataclass
class CohortValue:
    measure: str
    value: float
    unit: str | None
    n: int | None
    N: int | None
    start: int
    end: int
    ci: list[float] | None = None
    p: float | str | None = None
    at: int = -1  # where the value itself is written (for arm phrases around it)
    at_end: int = -1
    slot: int = 0  # the value's place among its measure's values ("x and y ..., respectively")
    cohort: str | None = None


_CI: Final = fastre.compile(r"95\s*%\s*(?:confidence intervals?(?:\s*[(\[]CI[)\]])?|C\.?I\.?)(?:/CI)?\s*[,:=]?\s*(?P<lo>\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(?P<hi>\d+(?:\.\d+)?)", re.I)
_P: Final = fastre.compile(r"\b[pP]\s*(?P<op>[<=>≤])\s*(?P<v>0?\.\d+)")


def _annotate_stats(text: str, values: list[CohortValue]) -> None:
    """Attach the CI that follows each value, and the p value of the clause, to the values."""
    if not values:
        return  # (most sentences with a number state no result)
    cis = list(_CI.finditer(text))
    ps = list(_P.finditer(text))
    for i, v in enumerate(values):
        nxt = values[i + 1].end if i + 1 < len(values) else len(text)
        ci = next((c for c in cis if v.end <= c.start() < min(nxt, v.end + 60)), None)
        if ci:
            v.ci = [float(ci.group("lo")), float(ci.group("hi"))]
        p = next((m for m in ps if m.start() >= v.end), None)
        if p and p.start() - v.end < 120:
            val = float(p.group("v"))
            v.p = val if p.group("op") == "=" else f"{p.group('op')}{p.group('v')}"


# "a digit, or a count in words" (r"\d|\b(?:...|none)\b"), asked as its two halves: an alternation matches somewhere
# exactly when one of them does, and the digit test (memchr per digit in ASCII text) spares most sentences the
# word scan, whose start set (digits and t, f, s, e, n, o) has it tried at almost every second character
_COUNT_WORD: Final = fastre.compile(rf"\b(?:{numwords.WORD_NUMBER}|none)\b", re.I)
_DOT: Final = fastre.compile(r"(?<=\d)[·•](?=\d)")


def normalise(text: str) -> str:
    """Decimal points printed as middle dots ("4·07") become points; the length is kept, so offsets stay valid."""
    return _DOT.sub(".", text) if "·" in text or "•" in text else text


def _blank(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        # (a CI match led by whitespace used to start at it, so only one glued to what precedes it is kept)
        if m.group(0)[:1].isdigit() and (m.group("ci") is None or not text[m.start() - 1:m.start()].isspace()) \
                and _GRADE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return m.group(0)  # "grade 3-4" is a grade band, not an interval
        return " " * len(m.group(0))
    return _BLANK_VARIANTS[_blank_kinds(text)].sub(sub, text)


def _blank_kinds(text: str) -> int:
    """Which of _BLANK's needing branches can match somewhere in ``text``: 1 the comparisons (each holds "=" or,
    the p value, one of "<>≤"), 2 the range before a closing bracket (which holds "-", "–" or "to", as re.I reads
    it: in fastre.fold of the text, and is followed by ")" or "]")."""
    kinds = 1 if "=" in text or "<" in text or ">" in text or "≤" in text else 0
    if (")" in text or "]" in text) and ("-" in text or "–" in text or "to" in fastre.fold(text)):
        kinds += 2
    return kinds


# words one of which a measure's pattern needs (lower case): a cheap test that spares most patterns most sentences
_NEEDLES: Final[dict[str, tuple[str, ...]]] = {
    "any-grade adverse event incidence": ("grade",), "grade {g} adverse event incidence": ("grade",),
    "{act} due to adverse events": ("reduc", "interrupt", "discontinu"), "median TTR": ("respon", "ttr"),
    "mORR": ("mor",), "ORR": ("respon", "orr"), "ORR*": ("objective",), "SD*": ("stabili",),
    "PD*": ("disease progression",), "DCR*": ("disease control",), "CBR*": ("clinical benefit",),
    "DCR": ("dcr", "disease control"), "CBR": ("cbr", "clinical benefit"), "median DoR": ("dor", "duration of"),
    "median TTF": ("ttf", "treatment failure"), "median TTP": ("ttp", "progression"), "median {m}PFS": ("pfs", "progression"),
    "median OS": ("os", "survival"), "median PFS": ("pfs", "progression"), "HR": ("hr", "hazard"),
    "treatment-related death": ("death",), "fatal adverse events": ("fatal",), "dose {dose}": ("dose",),
    "CR": ("cr", "complete"), "PR": ("pr", "partial"), "SD": ("sd", "stable"), "PD": ("pd", "progressive"), "NR": ("nr",),
}
_LANDMARK_NEEDLES: Final = ("month", "year")
_MEASURES_RX: Final = [(name, fastre.compile(rx, re.I), frozenset(_NEEDLES.get(name, _LANDMARK_NEEDLES if "{n}" in name else ())))
                for name, rx in _MEASURES]
_ALL_NEEDLES: Final = frozenset(n for _, _, ns in _MEASURES_RX for n in ns) | {"survival"}

# coordinated measures share one head: "median overall and progression-free survival", "complete and partial
# responses", "1-, 2- and 4-year survival", "any-grade and grade >= 3 adverse events"
_COORD_SURV: Final = fastre.compile(r"\b(?:median\s+)?(progression[- ]free|overall)\s+(?:survival\s+)?(?:and|or)\s+"
                             r"(progression[- ]free|overall)\s+survival\b", re.I)
_COORD_RESP: Final = fastre.compile(r"\b(complete|partial)(?:\s+responses?)?\s+(?:and|or)\s+(?:\d+\s+(?:\(\s*[\d.]+\s*%\s*\)\s*)?)?"
                             r"(complete|partial)\s+(?:responses?|remissions?)\b", re.I)
_COORD_LANDMARK: Final = fastre.compile(r"\b(\d+(?:-|[- ](?:year|month)s?)?(?:\s*,\s*\d+(?:-|[- ](?:year|month)s?)?)*,?\s*(?:and|or)\s*\d+)"
                                 r"\s*-?\s*(year|month)s?[- ]"
                                 r"(?:(overall survival|OS|survival)|progression[- ]free survival|PFS)(?:\s+rates?)?\b", re.I)
# the tail every _COORD_LANDMARK match ends with: searched first (linear), so that a sentence without it never
# runs _COORD_LANDMARK, whose digit list retried from each of its numbers is quadratic on long integer lists
_LANDMARK_TAIL: Final = fastre.compile(r"(?:year|month)s?[- ](?:overall survival|OS|survival|progression[- ]free survival|PFS)",
                                re.I)
_COORD_GRADE: Final = fastre.compile(rf"\b(?:any|all)[- ]grades?\s+(?:and|or)\s+grades?\s*{_G}\s+{_AE}", re.I)
_COORD_ACT: Final = fastre.compile(rf"\b{_ACTS}\s+and\s+(?:{numwords.COUNT}\s+)?(?:patients?\s+)?(?:had\s+)?{_ACTS}\s+"
                            rf"(?:due to|because of|owing to)\s+{_AE}", re.I)
_COORD_NEEDLES: Final = frozenset({"survival", "complete", "partial", "month", "year", "grade", "reduc", "interrupt", "discontinu"})
_ADJ: Final = {"progression-free": "median PFS", "progression free": "median PFS", "overall": "median OS",
        "complete": "CR", "partial": "PR"}


def _coordinated(text: str, present: set[str]) -> list[tuple[int, int, str]]:
    """Each measure of a coordination, at its own modifier, so "respectively" pairs them in order."""
    out: list[tuple[int, int, str]] = []
    if not present & _COORD_NEEDLES:
        return out
    for rx in (_COORD_SURV, _COORD_RESP):
        for m in rx.finditer(text):
            out.append((m.start(1), m.end(1), _ADJ[m.group(1).lower()]))
            out.append((m.start(2), m.end(), _ADJ[m.group(2).lower()]))
    for m in _COORD_LANDMARK.finditer(text) if _landmark_possible(text) else ():
        nums = list(re.finditer(r"\d+", m.group(1)))
        kind = "OS" if m.group(3) else "PFS"
        for i, d in enumerate(nums):
            end = m.end() if i == len(nums) - 1 else m.start(1) + d.end()
            out.append((m.start(1) + d.start(), end, f"{d.group(0)}-{m.group(2).lower()} {kind} rate"))
    for m in _COORD_ACT.finditer(text):
        for g in (1, 2):
            act = next(v for k, v in _ACT.items() if k in m.group(g).lower())
            out.append((m.start(g), m.end(g) if g == 1 else m.end(), f"{act} due to adverse events"))
    for m in _COORD_GRADE.finditer(text):
        out.append((m.start(), m.start(1), "any-grade adverse event incidence"))
        out.append((m.start(1), m.end(), f"grade {_grade(m.group(1))} adverse event incidence"))
    return out


def _landmark_possible(text: str) -> bool:
    """Whether ``text`` holds a landmark tail ("3-year OS"), without which _COORD_LANDMARK cannot match."""
    return _LANDMARK_TAIL.search(text) is not None


def _grade(g: str) -> str:
    """The grade as written, tidied: "≥ 3" -> "≥3", "3–4" -> "3-4", "3 or higher" -> "≥3"."""
    g = re.sub(r"\s+", " ", g.strip())
    m = re.fullmatch(r"(\d) or (?:higher|greater|above|more)", g)
    if m:
        return f"≥{m.group(1)}"
    g = re.sub(r"\s*(?:[-–/]|to|or|and)\s*", "-", g) if not g.startswith("≥") else g
    return g.replace("≥ ", "≥")


_ACT: Final = {"reduc": "dose reductions", "interrupt": "treatment interruptions", "discontinu": "treatment discontinuation"}
_MEDIAN_JUST_BEFORE: Final = re.compile(r"\bmedian\s+$", re.I)


def _label(name: str, m: re.Match[str], text: str, mpfs_is_metastasis: bool) -> str:
    label = name
    if "{n}" in name:
        label = name.format(n=numwords.to_int(m.group(1)) or m.group(1))
    if "{g}" in name:
        label = name.format(g=_grade(m.group(1)))
    if "{dose}" in name:
        label = name.format(dose=m.group(1).lower() + "s")
    if "{act}" in name:
        act = next(v for k, v in _ACT.items() if k in m.group(1).lower())
        label = name.format(act=act)
    if "{m}" in name:
        label = name.format(m="m" if (m.group(1) and mpfs_is_metastasis) else "")
    if m.group(0) == "mPFS" and mpfs_is_metastasis:
        label = "median mPFS" if _MEDIAN_JUST_BEFORE.search(text[:m.start()]) else "mPFS"
    return label


# needles so short that ordinary words hold them ("os" in "dose", "pr" in "prior", "hr" in "three"): the match
# each stands for is kept only in capitals ("PR", not "pr": see _measures) or in a form holding one of these
# (as written, or in the lower-case text), or else in a form holding another needle of its measure ("partial")
_WEAK_NEEDLES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "os": (("OS",), ("mos", "median os")), "hr": (("HR",), ()), "cr": (("CR",), ()), "pr": (("PR",), ()),
    "sd": (("SD",), ()), "pd": (("PD",), ()), "nr": (("NR",), ()), "orr": (("ORR",), ()), "dcr": (("DCR",), ()),
    "cbr": (("CBR",), ()),
}
_WEAK: Final = frozenset(_WEAK_NEEDLES)


# every landmark ("12-month PFS rate", "PFS at 2 years", "1- and 2-year OS") and _COORD_LANDMARK also names
# its endpoint: a month or year without one of these (each as re.I reads it in ASCII text) starts no measure
_LANDMARK_SET: Final = frozenset(_LANDMARK_NEEDLES)
_LANDMARK_NEEDED: Final = frozenset({"pfs", "progression", "os", "survival"})


def _confirmed(present: set[str], text: str, low: str) -> set[str]:
    """``present`` without the weak needles ``text`` holds only in words that no kept match is written in.

    Only for ASCII text: there re.I matches "CR" only as cr/Cr/cR/CR, of which only "CR" is kept; with other
    letters "PR" would also match, e.g. "ſ" for "s", whose upper case is no longer what the text holds."""
    if not text.isascii():
        return present
    if not present & _LANDMARK_NEEDED and present & _LANDMARK_SET:
        present -= _LANDMARK_SET
    weak = present & _WEAK
    if not weak:
        return present
    for n in weak:
        cased, lowered = _WEAK_NEEDLES[n]
        if not (fastre.holds_any(text, cased) or fastre.holds_any(low, lowered)):
            present.discard(n)
    return present


def possible_measures(text: str) -> set[str]:
    """The needles ``text`` holds that can stand for a kept measure match.  Blanking (spaces over runs of two
    or more characters) adds none, so the set found before it also serves the blanked text.

    Looked for in :func:`.fastre.fold` of the text, the lower case ``re.IGNORECASE`` compares: ``str.lower``
    keeps "ſ" and the Kelvin sign, which the measure patterns match as "s" and "k" ("ſtable disease" is SD).
    For an ASCII text the two are the same (and the fold is the sentence's cached one).
    """
    low = fastre.fold(text)
    return _confirmed(_present_needles(low), text, low)


_NEEDLED_BY: Final[dict[str, tuple[int, ...]]] = {n: tuple(i for i, (_, _, ns) in enumerate(_MEASURES_RX) if n in ns) for n in _ALL_NEEDLES}
_UNNEEDLED: Final = tuple(i for i, (_, _, ns) in enumerate(_MEASURES_RX) if not ns)


def _measures_needing(present: set[str]) -> list[tuple[str, fastre.Pattern]]:
    """The measures, in their order, with no needles or a needle in ``present``: from the needles' own lists,
    not a test of every measure (most texts hold one or two needles, short ones none)."""
    if not present and not _UNNEEDLED:
        return []
    keep = set(_UNNEEDLED)
    for n in present:
        keep.update(_NEEDLED_BY[n])
    return [(_MEASURES_RX[i][0], _MEASURES_RX[i][1]) for i in sorted(keep)]


def _present_needles(low: str) -> set[str]:
    """The needles the text holds: one Aho-Corasick pass for all forty (each ``in`` test was a pass of its own)."""
    return {n for _, n in _needle_automaton().iter(low)}


@functools.cache
def _needle_automaton() -> Any:
    """Every measure needle, each its own value (every occurrence is reported, overlapping ones too)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for n in _ALL_NEEDLES:
        automaton.add_word(n, n)
    automaton.make_automaton()
    return automaton


_BRACKETED_ABBR: Final = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9-]{1,7})\s*\)")
_BRACKET_BETWEEN: Final = re.compile(r"\s*[(\[]\s*")


def defined_measures(text: str) -> dict[str, str]:
    """A paper's own abbreviations of known measures: "response rate (RR)" makes "RR" the ORR in this paper."""
    out: dict[str, str] = {}
    for m in _BRACKETED_ABBR.finditer(text):
        abbr = m.group(1)
        if abbr in out or _measures(abbr, False, {}):
            continue
        before = text[max(0, m.start() - 60):m.start()]
        found = _measures(before, False, {})
        if found and not before[found[-1][1]:].strip() and not found[-1][2].endswith("*"):
            out[abbr] = found[-1][2]
    return out


def _measures(text: str, mpfs_is_metastasis: bool, aliases: dict[str, str] | None = None,
              present: set[str] | None = None) -> list[tuple[int, int, str]]:
    """Every measure mention of ``text``; ``present``, when given, holds at least the needles it can match."""
    if present is None:
        present = possible_measures(text)
    found: list[tuple[int, int, str]] = _coordinated(text, present)
    rxs = _measures_needing(present)
    for abbr, label in (aliases or {}).items():
        if abbr in text:
            rxs.append((label, re.compile(rf"(?<![\w-]){re.escape(abbr)}s?(?![\w-])")))
    for name, rx in rxs:
        for m in rx.finditer(text):
            word = m.group(0)[:-1] if m.group(0).endswith("s") and len(m.group(0)) > 2 else m.group(0)
            if len(word) <= 4 and word != word.upper() and not word.startswith("m"):
                continue  # abbreviations are written in capitals: "PR", not "pr"
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in found):
                continue
            found.append((m.start(), m.end(), _label(name, m, text, mpfs_is_metastasis)))
    found.sort()
    # "objective response rate (ORR)": the bracketed abbreviation is the same mention
    out: list[tuple[int, int, str]] = []
    for f in found:
        if out and out[-1][2] == f[2] and _BRACKET_BETWEEN.fullmatch(text[out[-1][1]:f[0]]):
            close = min((i for i in (text.find(")", f[1]), text.find("]", f[1])) if i >= 0), default=-1)
            out[-1] = (out[-1][0], close + 1 if 0 <= close - f[1] < 3 else f[1], f[2])
            continue
        out.append(f)
    return out


_TIME_UNITS: Final = {"months", "days", "weeks", "years"}


def _unit_fits(label: str, unit: str | None) -> bool:
    if label in ("HR", "OR"):
        return unit is None
    if label.endswith("rate") or label.endswith("incidence") or label.endswith("adverse events") or label.startswith("dose "):
        return unit in ("%", "patients")
    if label.startswith("median"):
        return unit in _TIME_UNITS
    return unit == "%" or unit == "patients"


# per-value tests of the results grammar, compiled once (they run for every number of every result sentence);
# they are given a window as pos/endpos, not as a slice: none looks behind its start (no lookbehind, no \b
# there), and re ends a window at endpos as at the end of a slice, so each matches as on the slice
_CONDITIONAL_AFTER: Final = fastre.compile(r"\s+(?:when|if|for)\b")
_COPULA_BEFORE: Final = fastre.compile(r"(?:=|:|of|was|were|is)\s*$")
_PAIRED_AFTER: Final = fastre.compile(r"\s*(?:vs\.?|v\.?|versus|and|or|,)\s*\d+(?:\.\d+)?\s*(?:%|months?|mo|days?|weeks?|years?)")
_COUNT_NOUN_AFTER: Final = fastre.compile(r"\s*(?:patients|cycles|mg|centers|cases)\b|/\d")
_RANGE_AFTER: Final = fastre.compile(r"\s*[-–]\s*\d")
_NONE_ACHIEVED: Final = fastre.compile(r"\bnone\s+achieved\s+$", re.I)
_SHARE_OF_RESPONSE_AFTER: Final = fastre.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*(?:patients?\s+)?(?:had|achieved)?\s*(?:a\s+)?(?:complete|partial)", re.I)
_BRACKET_OPEN_END: Final = fastre.compile(r"[^\d\s]\s*[(\[]\s*(?:median\s*)?$")
_NO_OR_MOST_BEFORE: Final = fastre.compile(r"\b(?:no|most\s+(?:\w+\s+)?(?:common|frequent)(?:ly)?(?:\s+\w+)?)\s+(?:\w+\s+){0,2}$", re.I)


def cohort_values(text: str, mpfs_is_metastasis: bool = False, aliases: dict[str, str] | None = None) -> list[CohortValue]:
    """Every measure -> value statement of one sentence; design sentences ("the primary end point was ...") give none."""
    if not _holds_count(text):
        return []  # every value is a number, in digits or words: most sentences stop here
    text = normalise(text)
    if _DESIGN_SENTENCE.search(text) or _cited(text):
        return []
    out = list(_cohort_values(_blank_design(text), mpfs_is_metastasis, aliases))
    for v in out:
        v.measure = v.measure.rstrip("*")
    _annotate_stats(text, out)
    return out


def _holds_count(text: str) -> bool:
    """Whether ``text`` holds a digit or a count in words (every value is one of them)."""
    return holds_digit(text) or _COUNT_WORD.search(text) is not None


def _cited(text: str) -> bool:
    """A sentence that cites other work: "et al", "previous studies", a reference mark after a word (not a unit)."""
    return any(not (m.group(0).startswith("[") and re.search(r"\d\s*[,–-]", m.group(0))
                    and _UNIT_BEFORE.search(text, max(0, m.start() - 12), m.start()))
               for m in _CITED.finditer(text))


def _blank_design(text: str) -> str:
    """Blank what a design clause names ("primary end point was PFS at 6 months"), keeping the offsets; "the
    primary end point was met, with ..." and "the primary end point, ORR, was 40%" keep their results."""
    if not _DESIGN.search(text):
        return text
    if _HYPOTHETICAL.search(text):
        return " " * len(text)
    out = text
    for m in _DESIGN.finditer(text):
        end = m.end()
        met = _DESIGN_MET.match(text, end)
        if met:
            end = met.end()
        elif _DESIGN_NAMES.match(text, end):
            stop = _CLAUSE_END.search(text, end)
            end = stop.start() if stop else len(text)
        out = out[:m.start()] + " " * (end - m.start()) + out[end:]
    return out


def _count_before(clean: str, a: int) -> tuple[re.Match[str], int] | None:
    """A count or share written before a response category: "9 (14.3%) patients showed stable disease"."""
    lo = max(0, a - 60)
    m = _COUNT_BEFORE.search(clean, lo, a)
    if not m or _NOT_A_COUNT.search(clean, max(0, m.start() - 12), m.start()):
        return None
    if m.group("n") and not m.group("v") and numwords.to_int(m.group("n")) is None:
        return None
    return m, m.start()


def _share_value(label: str, m: re.Match[str], a: int, b: int) -> CohortValue | None:
    if m.group("pv"):
        return CohortValue(label, float(m.group("pv")), "%", None, None, m.start(), b, at=m.start(), at_end=b, slot=-1)
    n = numwords.to_int(m.group("n") or m.group("n2") or "")
    v = m.group("v") or m.group("v2")
    if n is None:
        return None
    if v:
        return CohortValue(label, float(v), "%", n, None, m.start(), b, at=m.start(), at_end=b, slot=-1)
    return CohortValue(label, float(n), "patients", n, None, m.start(), b, at=m.start(), at_end=b, slot=-1)


def _cohort_values(text: str, mpfs_is_metastasis: bool = False, aliases: dict[str, str] | None = None) -> Iterator[CohortValue]:
    present = possible_measures(text)
    if not present and not any(abbr in text for abbr in aliases or {}):
        return  # no measure can match, neither in the text nor in its blanked form (which holds no more)
    clean = _blank(text)
    ms = _measures(clean, mpfs_is_metastasis, aliases, present)
    if not ms:
        return
    ms = [m for i, m in enumerate(ms) if not (i and ms[i - 1][2] in ("HR", "OR") and m[2] not in ("HR", "OR")
                                               and _RATIO_OF.fullmatch(clean, ms[i - 1][1], m[0]))]
    unreached = [(m.start(), m.end()) for m in _NOT_REACHED.finditer(clean)]
    ms = [m for m in ms if not any(a <= m[0] < b for a, b in unreached)]  # "(NR)" here is "not reached"
    # a count or share before a category belongs to it ("4 (8.7%) complete responses"), never to the measure before
    shares: dict[int, CohortValue] = {}
    before_measure: set[int] = set()
    for i, (a, b, label) in enumerate(ms):
        if label not in _SHARE and not label.endswith("adverse events") and not label.startswith("dose "):
            continue
        cb = _count_before(clean, a)
        if cb is None or (i and ms[i - 1][1] > cb[1]):
            continue
        m, _ = cb
        if _CONDITIONAL_AFTER.match(clean, b, b + 8):
            continue  # "a partial response if ... is counted" is a conditional reading
        sv = _share_value(label, m, a, b)
        if sv is not None:
            shares[a] = sv
            before_measure.update(x.start() for x in _VALUE.finditer(clean, m.start(), a))
    # strict measures ("objective response", "disease progression") count only with a share or "was achieved in"
    ms = [x for x in ms if not x[2].endswith("*") or x[0] in shares or _ACHIEVED_IN.match(clean, x[1])]
    values = [m for m in _VALUE.finditer(clean) if m.group("pct") or m.group("unit") or
              _COPULA_BEFORE.search(clean, max(0, m.start() - 6), m.start()) or
              _PAIRED_AFTER.match(clean, m.end(), m.end() + 30)]
    values = [v for v in values if not _COUNT_NOUN_AFTER.match(clean, v.end(), v.end() + 12)
              and clean[v.start() - 1:v.start()] != "/"
              and not _DENOMINATOR.search(clean, max(0, v.start() - 50), v.start())
              and not _THRESHOLD_OR_RANGE.search(clean, max(0, v.start() - 7), v.start())
              and not _RANGE_AFTER.match(clean, v.end(), v.end() + 4)]
    paired, used = _respectively(clean, text, ms, values, shares)
    more, used2 = _plain_run(clean, text, [m for m in ms if m not in used and m[0] not in shares], values)
    paired += more
    used += used2
    yield from paired
    ms = [m for m in ms if m not in used]
    for i, (a, b, label) in enumerate(ms):
        nxt = ms[i + 1][0] if i + 1 < len(ms) else len(clean)
        if a in shares:
            yield shares[a]
            continue
        if label in ("CR", "PR", "SD", "PD", "NR") and _NONE_ACHIEVED.search(clean[max(0, a - 25):a]):
            yield CohortValue(label, 0.0, "patients", 0, None, a, b)
            continue
        if label in ("HR", "OR"):
            hv = _ratio_value(clean, b, nxt)
            if hv is not None:
                yield _make(label, hv, a, hv.end(), text)
            continue
        ink = _IN_K_PATIENTS.match(clean, b, nxt) if label.endswith("adverse events") or label == "treatment-related death" else None
        k = numwords.to_int(ink.group(1)) if ink else None
        if ink and k is not None:  # "AEs were fatal in 4 patients": a count, no share
            yield CohortValue(label, float(k), "patients", k, None, a, ink.end(), at=ink.start(1), at_end=ink.end(1))
            continue
        gap_vals = [v for v in values if b <= v.start() < nxt and not any(abs(v.start() - x) <= 2 for x in before_measure)
                    and not _SHARE_OF_RESPONSE_AFTER.match(clean, v.end(), v.end() + 40)]
        if not gap_vals:
            continue
        first_gap = clean[b:gap_vals[0].start()]
        if (len(first_gap) > 80 and not (len(first_gap) <= 160 and _BRACKET_OPEN_END.search(first_gap))) \
                or _STOP.search(first_gap) \
                or _NO_OR_MOST_BEFORE.search(clean[max(0, a - 40):a]):
            continue
        if label.startswith("median") and not _median_read(clean, a, b, first_gap, gap_vals[0]):
            continue
        shared_unit = next((v.group("unit") or ("%" if v.group("pct") else None) for v in reversed(gap_vals)
                            if v.group("unit") or v.group("pct")), None)
        prev = b
        held = [m.start() for m in _NOT_REACHED.finditer(clean, b, nxt)]
        taken = 0
        for v in gap_vals[:4]:
            if v.start() - b > 160 or (prev != b and (_STOP.search(clean, prev, v.start()) or _far(clean[prev:v.start()]))):
                break  # a further value is coordinated with the last one, not a clause away
            prev = v.end()
            cv = _make(label, v, a, v.end(), text, shared_unit)
            cv.slot = taken + sum(1 for h in held if h < v.start())
            if _unit_fits(label, cv.unit):
                taken += 1
                yield cv


_MEDIAN_BEFORE: Final = fastre.compile(r"\bmedian\s+$|\bmedian\s+(?:[\w-]+[\s,]+){1,4}?(?:and|or)\s+$|"
                                r"\bmedian\s+[\w-]+(?:\s+[\w-]+)?\s+\d+(?:\.\d+)?\s*(?:months?|mo|weeks?|days?|years?)\s*[,;]?\s*(?:and\s+)?$", re.I)
""""median PFS and OS", "median PFS 3.9 months, OS 9.7 months": a median heads each measure of its list."""
_TIED: Final = fastre.compile(r"\b(?:was|were|is|are|of)\b|[:=]|[(\[]\s*median\b", re.I)
"""What ties a bare "OS"/"PFS"/"TTP" to its value: "OS was 14 months", "a PFS of 5 months", "(median 6.2 vs ..."."""
_DIFF_BEFORE: Final = fastre.compile(r"\b(?:differences?|gains?|improvements?|benefits?|prolongations?|increases?|extensions?)\s+"
                              r"(?:in|of)\s+(?:the\s+)?(?:median\s+)?$", re.I)
_DIFF_GAP: Final = fastre.compile(r"\b(?:improv|prolong|extend|lengthen|increas|gain|shorten|reduc|decreas|longer|shorter)\w*\s+by\b|"
                           r"\b(?:differences?|gains?|improvements?|benefits?|prolongations?|deltas?)\b", re.I)
_DIFF_AFTER: Final = fastre.compile(r"\s*(?:longer|shorter|more|less|gain|improvement|difference|increase|reduction)\b", re.I)
"""A survival time stated as a difference ("improved by 3 months", "a gain in OS of 3 months", "3 months longer") is no median."""
_BRACKET_OPEN: Final = re.compile(r"\s*[(\[]")


def _bare(clean: str, a: int, b: int) -> bool:
    """A survival measure written without "median" ("OS", "time to progression"), nor one of a median's coordination."""
    span = clean[a:b]
    return "median" not in span.lower() and not re.match(r"m(?:OS|PFS|TTP)\b", span) \
        and not _MEDIAN_BEFORE.search(clean, max(0, a - 90), a)


def _median_read(clean: str, a: int, b: int, gap: str, v: re.Match[str]) -> bool:
    """Whether a survival time after a measure is its median: tied to it, and not a difference between groups."""
    if _DIFF_GAP.search(gap) or _DIFF_AFTER.match(clean, v.end()):
        return False
    if _BRACKET_OPEN.match(gap):
        return True  # "no difference in OS (23.0 v 22.1 months)": the bracket gives the measure's own values
    if _DIFF_BEFORE.search(clean, max(0, a - 40), a):
        return False
    return bool(_TIED.search(gap)) or not _bare(clean, a, b)


_RATIO_OF: Final = fastre.compile(r"\s*(?:\((?:HR|OR)\)\s*)?(?:for|of)\s+(?:the\s+)?(?:death\s+or\s+)?", re.I)
_RESPECTIVELY: Final = fastre.compile(r"\brespectively\b")
_NOT_REACHED: Final = fastre.compile(r"\bnot[- ](?:yet[- ])?(?:been[- ])?reached(?:\s*\(NR\))?", re.I)


def _run_before(clean: str, cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The coordinated run of measures that ends the list: "median PFS and OS", not a measure a clause earlier."""
    run = cands[-1:]
    for m in reversed(cands[:-1]):
        gap = clean[m[1]:run[0][0]]
        if len(gap) > 40 or re.search(r"[\d;]", gap):
            break
        run.insert(0, m)
    return run


def _respectively(clean: str, text: str, ms: list[tuple[int, int, str]], values: list[re.Match[str]],
                  shares: dict[int, CohortValue]) -> tuple[list[CohortValue], list[tuple[int, int, str]]]:
    """"A and B were x and y, respectively": the k-th measure of the run takes the k-th value slot.

    A "not reached" median holds its slot without a value, so the values after it stay in order.
    """
    out: list[CohortValue] = []
    used: list[tuple[int, int, str]] = []
    lo = 0
    for resp in _RESPECTIVELY.finditer(clean):
        cands = [m for m in ms if lo <= m[0] and m[1] <= resp.start() and m[0] not in shares]
        lo = resp.end()
        if len(cands) < 2:
            continue
        group = _run_before(clean, cands)
        slots = sorted([(v.start(), v) for v in values if group[-1][1] <= v.start() and v.end() <= resp.start()] +
                       [(m.start(), None) for m in _NOT_REACHED.finditer(clean, group[-1][1], resp.start())],
                       key=lambda x: x[0])
        interleaved = any(group[0][1] <= v.start() < group[-1][0] for v in values)
        if len(slots) != len(group) or len(group) < 2 or interleaved:
            continue
        vals = [v for _, v in slots if v is not None]
        if vals and any(m[2].startswith("median") and not _median_read(clean, m[0], m[1], clean[group[-1][1]:vals[0].start()], vals[0])
                        for m in group):
            continue
        unit = next((v.group("unit") or "%" for v in reversed(vals) if v.group("unit") or v.group("pct")), None)
        for (a, b, label), (_, v) in zip(group, slots):
            if v is None:
                continue
            cv = _make(label, v, a, v.end(), text, unit)
            cv.slot = -1  # one value per measure: the coordination is of measures, not of arms
            if _unit_fits(label, cv.unit):
                out.append(cv)
        used.extend(group)
    return out, used


_JOIN: Final = fastre.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_RUN_COPULA: Final = fastre.compile(r"\s*(?:were|was|are|is|of)\s+")
_RUN_CLOSE: Final = fastre.compile(r"\s*(?:[.;,]|$)")


def _plain_run(clean: str, text: str, ms: list[tuple[int, int, str]],
               values: list[re.Match[str]]) -> tuple[list[CohortValue], list[tuple[int, int, str]]]:
    """"The median PFS and OS were 6.3 and 15.8 months.": a run of measures, a copula, and exactly as many values
    joined the same way and closing the clause pair in order, as with "respectively"."""
    out: list[CohortValue] = []
    used: list[tuple[int, int, str]] = []
    i = 0
    while i < len(ms) - 1:
        j = i
        while j + 1 < len(ms) and _JOIN.fullmatch(clean, ms[j][1], ms[j + 1][0]) and ms[j + 1][2] != ms[j][2]:
            j += 1
        group, i = ms[i:j + 1], j + 1
        cop = _RUN_COPULA.match(clean, group[-1][1]) if len(group) > 1 else None
        if cop is None:
            continue
        run = [v for v in values if v.start() >= cop.end()][:len(group)]
        if len(run) != len(group) or run[0].start() != cop.end() or not _RUN_CLOSE.match(clean, run[-1].end()) \
                or not all(_JOIN.fullmatch(clean, x.end(), y.start()) for x, y in zip(run, run[1:])):
            continue
        unit = next((v.group("unit") or "%" for v in reversed(run) if v.group("unit") or v.group("pct")), None)
        for (a, _b, label), v in zip(group, run):
            cv = _make(label, v, a, v.end(), text, unit)
            cv.slot = -1
            if _unit_fits(label, cv.unit):
                out.append(cv)
        used.extend(group)
    return out, used


_COORDINATED: Final = fastre.compile(rf"(?:\band|\bvs\.?|\bversus|\bv|\bor|,)\s*(?:{numwords.COUNT}\s*)?[(\[]?\s*$", re.I)


def _far(gap: str) -> bool:
    """Two values more than a short phrase apart, with no "and"/"vs" joining them, belong to different statements."""
    return len(" ".join(gap.split())) > 45 and not _COORDINATED.search(gap)


_IN_K_PATIENTS: Final = fastre.compile(rf"\s*(?:occurred\s+|was\s+|were\s+)?in\s+({numwords.COUNT})\s+patients\b(?!\s*\()", re.I)
_RATIO: Final = fastre.compile(r"[^\d%;.]{0,50}?(?<![\w.])(?P<v>\d+(?:\.\d+)?)(?![\d.]*\s*(?:%|months?|mo\b|days?|weeks?|years?|patients))")


def _ratio_value(clean: str, b: int, nxt: int) -> re.Match[str] | None:
    """The number a ratio names, written with or without "=": "HR 0.71", "hazard ratio [HR], 0.62", "HR: 2.69"."""
    m = _RATIO.match(clean, b, nxt)
    if m is None or float(m.group("v")) > 50:
        return None
    return _VALUE.match(clean, m.start("v"))


_N_AFTER: Final = fastre.compile(r"\s*(?:\(\s*)?n\s*=\s*(\d+)")
_OF_AFTER: Final = fastre.compile(r"[^()]{0,40}?\)\s*of\s+(?:the\s+)?(\d+)\b")
_FRACTION_OPEN: Final = fastre.compile(r"(\d+)\s*/\s*(\d+)\s*\(\s*$")
_K_OF_N_OPEN: Final = fastre.compile(r"(?<![\d.])(\d+)\s+of\s+(?:the\s+)?(\d+)\s+(?:[\w-]+\s+){0,3}?(?:patients|participants|subjects)?\s*\(\s*$")
_COUNT_OPEN: Final = fastre.compile(rf"(?<![\w.])({numwords.COUNT})\s+(?:patients?\s+)?\(\s*$", re.I)


def _make(label: str, v: re.Match[str], a: int, b: int, text: str, shared_unit: str | None = None) -> CohortValue:
    unit = "%" if v.group("pct") else (v.group("unit") or shared_unit)
    if unit and unit not in ("%",):
        unit = {"mo": "months", "month": "months", "day": "days", "week": "weeks", "year": "years"}.get(unit, unit)
    if label in ("HR", "OR"):
        unit = None
    n = int(v.group("n")) if v.group("n") else None
    N = int(v.group("N")) if v.group("N") else None
    if unit == "%":
        # "five (8.2%)", "12 patients (39%)": the count before; "(41.0%) (n = 61", "40 (30.5%) of 131": after
        frac = (_FRACTION_OPEN.search(text, max(0, v.start() - 20), v.start()) or
                _K_OF_N_OPEN.search(text, max(0, v.start() - 60), v.start())) if n is None else None
        if frac:  # "seen in 6/20 (30.0%) patients", "in 9 of 45 patients (20.0%)"
            n, N = int(frac.group(1)), int(frac.group(2))
        if n is None:
            c = _COUNT_OPEN.search(text, max(0, v.start() - 30), v.start())
            n = numwords.to_int(c.group(1)) if c else None
        if n is None:
            na = _N_AFTER.match(text, v.end())
            n = int(na.group(1)) if na else None
        if N is None:
            of = _OF_AFTER.match(text, v.end())
            N = int(of.group(1)) if of else None
    return CohortValue(label, float(v.group("v")), unit, n, N, a, b, at=v.start(), at_end=v.end())
