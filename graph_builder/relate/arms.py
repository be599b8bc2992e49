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
from typing import Final

from .. import fastre
from ..recognise import Annotated
from .. import vocabulary as vocab
from .clauses import LINE_NUM, Clause

# between two arms: an alternative, or a new share of the patients ("49 patients received A and 44 B")
_ALTERNATIVE: Final = fastre.compile(r"\b(?:or|versus|vs\.?|compared (?:with|to))(?![\w/])|\b\d+\s+(?:\w+\s+){0,2}?(?:patients|participants|subjects)\b",
                              re.I)
_OR: Final = fastre.compile(r"\bor(?![\w/])", re.I)
# "60% A and 40% B" splits arms only where the sentence gives shares of patients ("0.9% saline" is no share)
_PERCENT: Final = fastre.compile(r"\d\s*%", re.I)
_SHARE_OF_PATIENTS: Final = fastre.compile(r"\d\s*%\s*(?:of\s+(?:the\s+|all\s+)?)?(?:\w+\s+)?(?:patients|participants|subjects)\b", re.I)
# an "or" between drugs names study arms only in a sentence that speaks of arms; elsewhere it is a choice
# inside one regimen ("pemetrexed plus cisplatin or carboplatin")
_ARM_CUE: Final = fastre.compile(r"\b(?:randomi[sz]\w*|assigned|allocated|arms?|groups?|cohorts?|versus|vs\b|compared)", re.I)
_COMBINED: Final = fastre.compile(r"\b(?:plus|and|with|combined|combination)\b|\+", re.I)
_NOT_ALTERNATIVE: Final = fastre.compile(r"\band/or\b|\bwith or without\b|\bor not\b", re.I)
_WITH_OR_WITHOUT: Final = fastre.compile(r"\bwith or without\b", re.I)
_EITHER: Final = fastre.compile(r"\beither\b", re.I)
_PLACEBO_ARM: Final = fastre.compile(r"\b(?:or|versus|vs\.?)\s+(?:\w+\s+){0,2}?placebo\b", re.I)


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


_BRACKET: Final = fastre.compile(r"\(([^()]*)\)")
_ADDED: Final = fastre.compile(r"\s*(?:plus|\+|with|combined with|and)\s*$", re.I)


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


Arm = list[list[list[str]]]  # slots of a regimen, each a list of interchangeable drug sets


def _same_class(x: list[str], y: list[str]) -> bool:
    """Two single drugs of one class ("cisplatin or carboplatin") are a choice within one regimen."""
    if len(x) != 1 or len(y) != 1:
        return False
    lex = vocab.drugs().entries
    cx, cy = (lex[n].get("class") if n in lex else "" for n in (x[0], y[0]))
    return bool(cx) and cx == cy


def _separator(sep: str, shares: bool) -> str | None:
    """How two neighbouring mentions relate: "both" (with or without), "arm", "or", or None (same regimen)."""
    if _WITH_OR_WITHOUT.search(sep):
        return "both"
    if _NOT_ALTERNATIVE.search(sep):
        return None
    if _OR.search(sep):
        return "or" if not _ALTERNATIVE.search(_OR.sub("", sep)) else "arm"
    if _ALTERNATIVE.search(sep) or (shares and _PERCENT.search(sep)):
        return "arm"
    return None


def _expand(arm: Arm) -> list[list[str]]:
    """Every drug set an arm allows: one choice per slot."""
    sets: list[list[str]] = [[]]
    for slot in arm:
        sets = [s + option for s in sets for option in slot][:8]
    return sets


def _grouped(text: str, c: Clause, ms: list[Mention]) -> list[list[str]]:
    """Arms from the alternatives between mentions; drugs before "either" are common to every arm.

    An "or" starts a new arm in a sentence that speaks of arms, unless it joins two drugs of one class;
    otherwise it offers a choice for the mention before it, so drugs added around the choice go with
    each option. "A plus B or C plus D" offers whole combinations, which are arms.
    """
    either = _EITHER.search(text, c.start, c.end)
    common = [n for s, _, names in ms if either and s < either.start() for n in names]
    cue = bool(either) or bool(_ARM_CUE.search(c.a.text))
    shares = bool(_SHARE_OF_PATIENTS.search(c.a.text))
    ms = [m for m in ms if not (either and m[0] < either.start())]
    arms_: list[Arm] = [[]]
    prev_end = either.end() if either else None
    for i, (s, e, names) in enumerate(ms):
        kind = _separator(text[prev_end:s], shares) if prev_end is not None and arms_[-1] else None
        prev_end = e
        if kind == "both":
            arms_.append([list(slot) for slot in arms_[-1]])  # "A with or without B": A alone, and A plus B
        elif kind == "arm":
            arms_.append([])
        elif kind == "or":
            combos = len(arms_[-1]) > 1 and i + 1 < len(ms) and _COMBINED.search(text[e:ms[i + 1][0]]) \
                and _separator(text[e:ms[i + 1][0]], shares) is None
            prev = arms_[-1][-1][-1]
            if combos or (cue and not _same_class(prev, names)):
                arms_.append([])
            else:
                arms_[-1][-1].append(names)
                continue
        arms_[-1].append([names])
    groups = [g for arm in arms_ for g in _expand(arm)]
    if common and _PLACEBO_ARM.search(c.text):
        groups.append([])
    return [sorted(set(common + g)) for g in groups if common + g]


def arms(c: Clause) -> list[list[str]]:
    """The clause's drug sets, one per arm; ``[c.drugs]`` when it names no alternatives."""
    text = c.a.text
    if not _ALTERNATIVE.search(c.text) and not _WITH_OR_WITHOUT.search(c.text) and not (
            _PERCENT.search(c.text) and _SHARE_OF_PATIENTS.search(c.a.text)):
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


_LINE: Final = fastre.compile(r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th|front)[- ]line\b", re.I)
# "progressed on first-line platinum chemotherapy": the study's own line is the next one
_AFTER_LINE: Final = fastre.compile(r"\b(?:after|following|failure of|fail(?:ed|ing)|progress\w*\s+(?:on|during|after)|during or after|"
                             r"refractory to|resistant to|previously treated with|pretreated with|beyond)\s+(?:\w+\s+){0,2}$", re.I)
# "X is the standard first-line treatment", "X is a standard of care for first-line therapy": what is usual,
# not what this study gave
_STANDARD_OF_CARE: Final = fastre.compile(r"\b(?:is|are|remains?|became|has become)\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?"
                                   r"(?:standard|option|choice|backbone)\b", re.I)


def study_line(sentences: list[Annotated]) -> int | None:
    """The line of therapy a study states for its treatments, when it states exactly one."""
    found: set[int] = set()
    for a in sentences:
        if not _LINE.search(a.text) or _STANDARD_OF_CARE.search(a.text):
            continue
        for m in _LINE.finditer(a.text):
            word = m.group(1).lower()
            n = LINE_NUM[word]
            if _AFTER_LINE.search(a.text[max(0, m.start() - 60):m.start()]):
                n += 1
            found.add(n)
    return found.pop() if len(found) == 1 else None


_MAINTENANCE: Final = fastre.compile(r"\bmaintenance\b", re.I)


def is_maintenance(c: Clause) -> bool:
    """A drug of the clause is given as maintenance ("received X (5 mg) as maintenance therapy", "maintenance X")."""
    text = c.a.text
    for d in c.a.cancer_drugs():
        if c.start <= d.start < c.end and _MAINTENANCE.search(text, max(c.start, d.start - 40), min(c.end, d.end + 40)):
            return True
    return False
