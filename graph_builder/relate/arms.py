"""Study arms: one regimen per arm of "randomised to A or B", "A versus B", "A plus either B or placebo",
"N patients received A and M patients B".

A study's administration clause often names every arm at once; taken as
one drug set it would merge the arms into a regimen nobody received.
Mentions are grouped at the alternatives (or, versus, vs); drugs named
before "either" are common to every arm; "or placebo" is an arm of the
common drugs alone.
"""

from __future__ import annotations

import re

from .. import fastre
from .clauses import Clause

# between two arms: an alternative, or a new share of the patients ("49 patients received A and 44 B", "60% A and 40% B")
_ALTERNATIVE = fastre.compile(r"\b(?:or|versus|vs\.?)(?![\w/])|\d\s*%|\b\d+\s+(?:\w+\s+){0,2}?(?:patients|participants|subjects)\b",
                              re.I)
_NOT_ALTERNATIVE = fastre.compile(r"\band/or\b|\bwith or without\b|\bor not\b", re.I)
_EITHER = fastre.compile(r"\beither\b", re.I)
_PLACEBO_ARM = fastre.compile(r"\b(?:or|versus|vs\.?)\s+(?:\w+\s+){0,2}?placebo\b", re.I)


def _mentions(c: Clause) -> list[tuple[int, int, list[str]]]:
    """(start, end, drugs) of the clause's kept drug and regimen mentions, in text order."""
    keep = set(c.drugs)
    a = c.a
    out = [(d.start, d.end, [d.name]) for d in a.cancer_drugs() if c.start <= d.start < c.end and d.name in keep]
    for r in a.regimens:
        if c.start <= r.start < c.end and r.drugs:
            if not any(s < r.end and r.start < e for s, e, _ in out):
                out.append((r.start, r.end, list(r.drugs)))
    return sorted(out)


def arms(c: Clause) -> list[list[str]]:
    """The clause's drug sets, one per arm; ``[c.drugs]`` when it names no alternatives."""
    text = c.a.text
    if not _ALTERNATIVE.search(c.text):
        return [c.drugs]
    ms = _mentions(c)
    if len(ms) < 2 and not _PLACEBO_ARM.search(c.text):
        return [c.drugs]
    either = _EITHER.search(text, c.start, c.end)
    common = [n for s, _, names in ms if either and s < either.start() for n in names]
    groups: list[list[str]] = [[]]
    prev_end = either.end() if either else None
    for s, e, names in ms:
        if either and s < either.start():
            continue
        if prev_end is not None and groups[-1]:
            sep = text[prev_end:s]
            if _ALTERNATIVE.search(sep) and not _NOT_ALTERNATIVE.search(sep):
                groups.append([])
        groups[-1] += names
        prev_end = e
    if common and _PLACEBO_ARM.search(c.text):
        groups.append([])
    if len(groups) < 2:
        return [c.drugs]
    out: list[list[str]] = []
    for g in groups:
        drugs = sorted(set(common + g))
        if drugs and drugs not in out:
            out.append(drugs)
    return out or [c.drugs]
