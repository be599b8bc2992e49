"""Adverse events with their grades and frequencies.

Handles the shapes papers use: "grade 2 stomatitis", "grade 1-2
hypertension, fatigue, and oral mucositis" (one grade for a list),
"grade IV leukocyte and platelet decrease" (a shared head noun),
"hand-foot skin reaction (27.9%)", "(n=3, 4.9%)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import fastre
from . import vocab
from .quantities import find_grades, norm_grade


@dataclass
class AEMention:
    start: int
    end: int
    term: str
    grade: str | None = None
    n: int | None = None
    percent: float | None = None
    meddra: str | None = None


_SHARED_HEAD = fastre.compile(r"\b(\w+)\s+(?:and|or|/)\s+(\w+)\s+(decrease|decreased|reduction|increase|elevation|count decreased)\b", re.I)
_FREQ_AFTER = fastre.compile(
    r"^\s*\(\s*(?:(?:n\s*=\s*)?(?P<n>\d+)\s*[,;]\s*)?(?P<p>\d+(?:\.\d+)?)\s*%(?:\s+for each)?\s*(?:[;,][^()]{0,20})?\)"
    r"|^\s*\((?:all(?: grades?)?|any grades?)[,:]?\s*(?P<p2>\d+(?:\.\d+)?)%"
)


def _lookup(term: str):
    return vocab.adverse_events().lookup(term)


def find_adverse_events(text: str) -> list[AEMention]:
    lex = vocab.adverse_events()
    out: list[AEMention] = []
    covered: list[tuple[int, int]] = []
    for m in _SHARED_HEAD.finditer(text):
        for word in (m.group(1), m.group(2)):
            e = _lookup(f"{word} {m.group(3)}")
            if e:
                out.append(AEMention(m.start(), m.end(), e.name, meddra=e.id("meddra")))
        if out and out[-1].start == m.start():
            covered.append((m.start(), m.end()))
    for a, b, e in lex.finditer(text):
        if any(x <= a < y for x, y in covered):
            continue
        out.append(AEMention(a, b, e.name, meddra=e.id("meddra")))
    out.sort(key=lambda x: x.start)
    _attach_grades(text, out)
    out += _attach_frequencies(text, out)
    return out


def _attach_grades(text: str, aes: list[AEMention]) -> None:
    grades = [(g.start, g.end, g.value) for g in find_grades(text)]
    for i, ae in enumerate(aes):
        # grade written just before the term (possibly shared over a list: "grade 1-2 A, B, and C")
        best = None
        for gs, ge, g in grades:
            if ge <= ae.start:
                between = text[ge:ae.start]
                if len(between) <= 25 and not re.search(r"[.;)%]|\bgrade\b", between, re.I):
                    best = g
                elif re.fullmatch(r"[\w\s,–-]*", between) and len(between) <= 90 and i > 0 and aes[i - 1].grade == g \
                        and re.fullmatch(r"\s*(?:,|and|or|, and)\s*", text[aes[i - 1].end:ae.start]):
                    best = g
        if best is None:
            for gs, ge, g in grades:
                if gs >= ae.end and re.fullmatch(r"\s*(?:\(|of|at|,)?\s*", text[ae.end:gs]):
                    best = g
                    break
        if best is None and i > 0 and aes[i - 1].grade and re.fullmatch(r"\s*(?:,|and|or|, and|/)\s*", text[aes[i - 1].end:ae.start]):
            best = aes[i - 1].grade
        ae.grade = best


_ALL_AND_GRADE = fastre.compile(r"^\s*\((?:all(?: grades?)?|any grades?)[,:]?\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*;\s*grade\s*(?P<g>[1-5](?:\s*[-–/]\s*[1-5])?|≥\s*[1-5])\s*[,:]?\s*(?P<p2>\d+(?:\.\d+)?)\s*%\s*\)", re.I)


def _attach_frequencies(text: str, aes: list[AEMention]) -> None:
    extra: list[AEMention] = []
    for ae in aes:
        m = _ALL_AND_GRADE.match(text[ae.end:ae.end + 60])  # "diarrhea (all, 85.9%; grade 3, 16.7%)"
        if m:
            extra.append(AEMention(ae.start, ae.end, ae.term, norm_grade(m.group("g")), None, float(m.group("p2")), ae.meddra))
    for i, ae in enumerate(aes):
        m = _FREQ_AFTER.match(text[ae.end:ae.end + 40])
        if m:
            ae.percent = float(m.group("p") or m.group("p2"))
            ae.n = int(m.group("n")) if m.group("n") else None
            if "for each" in m.group(0):  # "A, and B (6% for each)"
                j = i - 1
                while j >= 0 and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[aes[j].end:aes[j + 1].start]) and aes[j].percent is None:
                    aes[j].percent = ae.percent
                    j -= 1
    return extra
