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
from ..recognise import Annotated
from .clauses import LINE_NUM, Clause

# between two arms: an alternative, or a new share of the patients ("49 patients received A and 44 B", "60% A and 40% B")
_ALTERNATIVE = fastre.compile(r"\b(?:or|versus|vs\.?|compared (?:with|to))(?![\w/])|\d\s*%|\b\d+\s+(?:\w+\s+){0,2}?(?:patients|participants|subjects)\b",
                              re.I)
_NOT_ALTERNATIVE = fastre.compile(r"\band/or\b|\bwith or without\b|\bor not\b", re.I)
_WITH_OR_WITHOUT = fastre.compile(r"\bwith or without\b", re.I)
_EITHER = fastre.compile(r"\beither\b", re.I)
_PLACEBO_ARM = fastre.compile(r"\b(?:or|versus|vs\.?)\s+(?:\w+\s+){0,2}?placebo\b", re.I)


Mention = tuple[int, int, list[str]]


def _mentions(c: Clause) -> list[Mention]:
    """(start, end, drugs) of the clause's kept drug and regimen mentions, in text order."""
    keep = set(c.drugs)
    a = c.a
    out = [(d.start, d.end, [d.name]) for d in a.cancer_drugs() if c.start <= d.start < c.end and d.name in keep]
    for r in a.regimens:
        if c.start <= r.start < c.end and r.drugs:
            if not any(s < r.end and r.start < e for s, e, _ in out):
                out.append((r.start, r.end, list(r.drugs)))
    return sorted(out)


_BRACKET = fastre.compile(r"\(([^()]*)\)")
_ADDED = fastre.compile(r"\s*(?:plus|\+|with|combined with|and)\s*$", re.I)


def _bracketed_alternatives(text: str, c: Clause, ms: list[Mention]) -> tuple[list[list[str]], list[Mention]]:
    """"(A or B) plus X": X joins each alternative in the brackets. Returns those arms and the mentions left
    for the other arms; no arms when the clause has no such group."""
    for m in _BRACKET.finditer(text, c.start, c.end):
        inside = [x for x in ms if m.start() < x[0] and x[1] < m.end()]
        if len(inside) < 2 or not _ALTERNATIVE.search(m.group(1)) or _NOT_ALTERNATIVE.search(m.group(1)):
            continue
        after = [x for x in ms if x[0] >= m.end()]
        added = [after[0]] if after and _ADDED.match(text[m.end():after[0][0]]) else []
        extra = added[0][2] if added else []
        rest = [x for x in ms if x not in inside and x not in added]
        return [sorted(set(names + extra)) for _, _, names in inside], rest
    return [], ms


def _grouped(text: str, c: Clause, ms: list[Mention]) -> list[list[str]]:
    """Arms from the alternatives between mentions; drugs before "either" are common to every arm."""
    either = _EITHER.search(text, c.start, c.end)
    common = [n for s, _, names in ms if either and s < either.start() for n in names]
    groups: list[list[str]] = [[]]
    prev_end = either.end() if either else None
    for s, e, names in ms:
        if either and s < either.start():
            continue
        if prev_end is not None and groups[-1]:
            sep = text[prev_end:s]
            if _WITH_OR_WITHOUT.search(sep):
                groups.append(list(groups[-1]))  # "A with or without B": A alone, and A plus B
            elif _ALTERNATIVE.search(sep) and not _NOT_ALTERNATIVE.search(sep):
                groups.append([])
        groups[-1] += names
        prev_end = e
    if common and _PLACEBO_ARM.search(c.text):
        groups.append([])
    return [sorted(set(common + g)) for g in groups if common + g]


def arms(c: Clause) -> list[list[str]]:
    """The clause's drug sets, one per arm; ``[c.drugs]`` when it names no alternatives."""
    text = c.a.text
    if not _ALTERNATIVE.search(c.text) and not _WITH_OR_WITHOUT.search(c.text):
        return [c.drugs]
    ms = _mentions(c)
    if len(ms) < 2 and not _PLACEBO_ARM.search(c.text):
        return [c.drugs]
    bracketed, rest = _bracketed_alternatives(text, c, ms)
    groups = bracketed + (_grouped(text, c, rest) if rest else [])
    if len(groups) < 2:
        return [c.drugs]
    out: list[list[str]] = []
    for g in groups:
        if g not in out:
            out.append(g)
    return out


_LINE = fastre.compile(r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th|front)[- ]line\b", re.I)
# "progressed on first-line platinum chemotherapy": the study's own line is the next one
_AFTER_LINE = fastre.compile(r"\b(?:after|following|failure of|fail(?:ed|ing)|progress\w*\s+(?:on|during|after)|during or after|"
                             r"refractory to|resistant to|previously treated with|pretreated with|beyond)\s+(?:\w+\s+){0,2}$", re.I)
# "X is the standard first-line treatment", "X is a standard of care for first-line therapy": what is usual,
# not what this study gave
_STANDARD_OF_CARE = fastre.compile(r"\b(?:is|are|remains?|became|has become)\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?"
                                   r"(?:standard|option|choice|backbone)\b", re.I)


def study_line(sentences: list[Annotated]) -> int | None:
    """The line of therapy a study states for its treatments, when it states exactly one."""
    found: set[int] = set()
    for a in sentences:
        if not _LINE.search(a.text) or _STANDARD_OF_CARE.search(a.text):
            continue
        for m in _LINE.finditer(a.text):
            word = m.group(1).lower()
            n = 1 if word == "front" else LINE_NUM[word]
            if _AFTER_LINE.search(a.text[max(0, m.start() - 60):m.start()]):
                n += 1
            found.add(n)
    return found.pop() if len(found) == 1 else None


_MAINTENANCE = fastre.compile(r"\bmaintenance\b", re.I)


def is_maintenance(c: Clause) -> bool:
    """A drug of the clause is given as maintenance ("received X (5 mg) as maintenance therapy", "maintenance X")."""
    text = c.a.text
    for d in c.a.cancer_drugs():
        if c.start <= d.start < c.end and _MAINTENANCE.search(text, max(c.start, d.start - 40), min(c.end, d.end + 40)):
            return True
    return False
