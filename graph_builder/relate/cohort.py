"""Cohort- and trial-level outcomes: ORR 11.6% (7/61), median PFS 3.37 months, HR 0.316.

Measures come from a small lexicon; values are taken after the measure
up to the next measure, or paired through "respectively".  Confidence
intervals, ranges and p values are blanked before values are read, so
"95% CI, 6.59–10.17" never becomes an outcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import fastre

_MEASURES: tuple[tuple[str, str], ...] = (
    ("{n}-month PFS rate", r"\b(\d+)-month (?:PFS|progression-free survival)(?: rate)?\b"),
    ("{n}-month OS rate", r"\b(\d+)-month (?:OS|overall survival)(?: rate)?\b"),
    ("{n}-year PFS rate", r"\b(\d+|one|two|three|five)-year (?:PFS|progression-free survival)(?: rate)?\b"),
    ("{n}-year OS rate", r"\b(\d+|one|two|three|five)-year (?:OS|overall survival)(?: rate)?\b"),
    ("median TTR", r"\bmedian time to (?:objective )?response\b|\bmedian TTR\b"),
    ("mORR", r"\bmORR\b|\bmOR rate\b"),
    ("ORR", r"\bobjective response rates?\b|\boverall response rates?\b|\bORRs?\b|\bobjective response(?: \(OR\))?(?= was)"),
    ("DCR", r"\bdisease control rates?\b|\bDCRs?\b"),
    ("CBR", r"\bclinical benefit rates?\b|\bCBR\b"),
    ("median DoR", r"\bmedian duration of (?:the )?response\b|\bmedian DoR\b"),
    ("median TTF", r"\bmedian (?:time to treatment failure|TTF)\b"),
    ("median TTP", r"\bmedian (?:time to progression|TTP)\b"),
    ("median {m}PFS", r"\bmedian (m?)PFS\b|\bmedian progression[- ]free survival\b"),
    ("median OS", r"\bmedian (?:overall survival|OS)\b|\bmOS\b"),
    ("median PFS", r"\bmPFS\b"),
    ("median PFS", r"(?<![\w-])PFS(?![\w-])"),
    ("median OS", r"(?<![\w-])OS(?![\w-])"),
    ("HR", r"\bhazard ratio(?:/HR)?\b|\bHR\b"),
    ("CR", r"\bcomplete responses?\b|(?<![\w-])CR(?![\w-])"),
    ("PR", r"\bpartial responses?\b|(?<![\w-])PR(?![\w-])"),
    ("SD", r"\bstable disease\b|(?<![\w-])SD(?![\w-])"),
    ("PD", r"\bprogressive disease\b|(?<![\w-])PD(?![\w-])"),
    ("NR", r"(?<![\w-])NR(?![\w-])"),
)
_BLANK = fastre.compile(
    r"\(?\s*95\s*%\s*(?:confidence intervals?|CI)[^)\];]*[)\]]?|\b(?:range|IQR|interquartile range)\s*[,:]?\s*[\d.]+\s*[-–]\s*[\d.]+|"
    r"\bp\s*[<=>≤]\s*0?\.\d+|\blog-rank\b|\bFigures? \d+[A-Z]?\b|\[[\d,–\- ]+\]|\(n\s*=\s*\d+\)|\bn\s*=\s*\d+",
    re.I,
)
_VALUE = fastre.compile(
    r"(?P<v>\d+(?:\.\d+)?)\s*(?:(?P<pct>%)|(?P<unit>months?|mo|days?|weeks?|years?)\b)?(?:\s*\(\s*(?P<n>\d+)\s*/\s*(?P<N>\d+)\s*\))?"
)
_COUNT_BEFORE = fastre.compile(r"(?P<n>\d+)\s*\(\s*(?P<v>\d+(?:\.\d+)?)\s*%\s*\)\s*(?:(?:patients?|had|achieved)\s+)*(?:a\s+)?$", re.I)


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


_CI = fastre.compile(r"95\s*%\s*(?:confidence intervals?|CI)(?:/CI)?\s*[,:=]?\s*(?P<lo>\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(?P<hi>\d+(?:\.\d+)?)", re.I)
_P = fastre.compile(r"\b[pP]\s*(?P<op>[<=>≤])\s*(?P<v>0?\.\d+)")


def _annotate_stats(text: str, values: list[CohortValue]) -> None:
    """Attach the CI that follows each value, and the p value of the clause, to the values."""
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


def _blank(text: str) -> str:
    return _BLANK.sub(lambda m: " " * len(m.group(0)), text)


_MEASURES_RX = [(name, fastre.compile(rx, re.I)) for name, rx in _MEASURES]


def _measures(text: str, mpfs_is_metastasis: bool) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for name, rx in _MEASURES_RX:
        for m in rx.finditer(text):
            word = m.group(0)[:-1] if m.group(0).endswith("s") and len(m.group(0)) > 2 else m.group(0)
            if len(word) <= 4 and word != word.upper() and not word.startswith("m"):
                continue  # abbreviations are written in capitals: "PR", not "pr"
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in found):
                continue
            label = name
            if "{n}" in name:
                n = {"one": "1", "two": "2", "three": "3", "five": "5"}.get(m.group(1).lower(), m.group(1))
                label = name.format(n=n)
            if "{m}" in name:
                label = name.format(m="m" if (m.group(1) and mpfs_is_metastasis) else "")
            if m.group(0) == "mPFS" and mpfs_is_metastasis:
                label = "median mPFS" if re.search(r"\bmedian\s+$", text[:m.start()], re.I) else "mPFS"
            found.append((m.start(), m.end(), label))
    found.sort()
    # "objective response rate (ORR)": the bracketed abbreviation is the same mention
    out: list[tuple[int, int, str]] = []
    for f in found:
        if out and out[-1][2] == f[2] and re.fullmatch(r"\s*\(\s*", text[out[-1][1]:f[0]]):
            close = text.find(")", f[1])
            out[-1] = (out[-1][0], close + 1 if 0 <= close - f[1] < 3 else f[1], f[2])
            continue
        out.append(f)
    return out


_TIME_UNITS = {"months", "days", "weeks", "years"}


def _unit_fits(label: str, unit: str | None) -> bool:
    if label == "HR":
        return unit is None
    if label.endswith("rate"):
        return unit == "%"
    if label.startswith("median"):
        return unit in _TIME_UNITS
    return unit == "%" or unit == "patients"


def cohort_values(text: str, mpfs_is_metastasis: bool = False) -> list[CohortValue]:
    out = list(_cohort_values(text, mpfs_is_metastasis))
    _annotate_stats(text, out)
    return out


def _cohort_values(text: str, mpfs_is_metastasis: bool = False) -> Iterator[CohortValue]:
    clean = _blank(text)
    ms = _measures(clean, mpfs_is_metastasis)
    if not ms:
        return
    resp = re.search(r"\brespectively\b", clean)
    values = [m for m in _VALUE.finditer(clean) if m.group("pct") or m.group("unit") or
              re.search(r"(?:=|:|of|was|were|is)\s*$", clean[max(0, m.start() - 6):m.start()]) or
              re.match(r"\s*(?:vs\.?|versus|and|or|,)\s*\d+(?:\.\d+)?\s*(?:%|months?|mo|days?|weeks?|years?)", clean[m.end():m.end() + 30])]
    # "4 (8.7%) complete responses": a count before a measure belongs to that measure, not the one before
    before_measure = set()
    for a, b, label in ms:
        cb = _COUNT_BEFORE.search(clean[max(0, a - 40):a])
        if cb:
            before_measure.add(a - len(cb.group(0)) + cb.start("v") - cb.start())
    values = [v for v in values if not re.match(r"\s*(?:patients|cycles|mg|centers|cases)\b", clean[v.end():v.end() + 12])]
    if resp and len(ms) >= 2:
        group = [m for m in ms if m[1] <= resp.start()]
        vals = [v for v in values if group and v.start() > group[-1][1] and v.end() <= resp.start()]
        interleaved = any(group[0][1] <= v.start() < group[-1][0] for v in values)
        if len(vals) == len(group) and len(group) >= 2 and not interleaved:
            for (a, b, label), v in zip(group, vals):
                cv = _make(label, v, a, v.end())
                n = re.search(r"(\d+)\s*\(\s*$", clean[max(0, v.start() - 12):v.start()])
                if n and cv.n is None:
                    cv.n = int(n.group(1))
                if _unit_fits(label, cv.unit):
                    yield cv
            ms = [m for m in ms if m not in group]
    for i, (a, b, label) in enumerate(ms):
        nxt = ms[i + 1][0] if i + 1 < len(ms) else len(clean)
        if label in ("CR", "PR", "SD", "PD", "NR"):
            m = _COUNT_BEFORE.search(clean[max(0, a - 40):a])
            # "4 (8.7%) complete responses", "10 (17.2%) achieved PR"; not "9 (22%) had a partial response
            # when only lung lesions were evaluated", which describes patients, not a rate
            if m and (re.search(r"responses\b", clean[a:b]) or re.search(r"\bachieved\s+$", clean[max(0, a - 12):a])):
                yield CohortValue(label, float(m.group("v")), "%", int(m.group("n")), None, a - len(m.group(0)), b)
                continue
            if re.search(r"\bnone\s+achieved\s+$", clean[max(0, a - 25):a], re.I):
                yield CohortValue(label, 0.0, "patients", 0, None, a, b)
                continue
        gap_vals = [v for v in values if b <= v.start() < nxt and not any(abs(v.start() - x) <= 2 for x in before_measure)
                    and not re.match(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*(?:patients?\s+)?(?:had|achieved)?\s*(?:a\s+)?(?:complete|partial)", clean[v.end():v.end() + 40], re.I)]
        if not gap_vals:
            continue
        if label in ("HR",):
            gap_vals = gap_vals[:1]
        first_gap = clean[b:gap_vals[0].start()]
        if len(first_gap) > 80 or re.search(r"[;]", first_gap):
            continue
        shared_unit = next((v.group("unit") or ("%" if v.group("pct") else None) for v in reversed(gap_vals)
                            if v.group("unit") or v.group("pct")), None)
        for v in gap_vals[:4]:
            if v.start() - b > 160:
                break
            cv = _make(label, v, a, v.end(), shared_unit)
            if _unit_fits(label, cv.unit):
                yield cv


def _make(label: str, v: re.Match[str], a: int, b: int, shared_unit: str | None = None) -> CohortValue:
    unit = "%" if v.group("pct") else (v.group("unit") or shared_unit)
    if unit and unit not in ("%",):
        unit = {"mo": "months", "month": "months", "day": "days", "week": "weeks", "year": "years"}.get(unit, unit)
    if label == "HR":
        unit = None
    return CohortValue(label, float(v.group("v")), unit, int(v.group("n")) if v.group("n") else None,
                       int(v.group("N")) if v.group("N") else None, a, b)
