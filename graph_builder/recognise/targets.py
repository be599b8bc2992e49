"""Molecular targets (HGNC symbols) and target families.

Besides lexicon forms it expands the elliptic lists papers use:
"VEGFR-1, 2, 3", "VEGFR1/2/3", "FGFR1-4", "VEGFR-1, -2 and -3", and
"vascular endothelial growth factor receptor (VEGFR)-2".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .. import fastre
from .. import vocabulary as vocab


@dataclass
class TargetMention:
    start: int
    end: int
    symbol: str  # HGNC symbol, or the family name when family=True
    family: bool = False
    hgnc: str | None = None


_ELLIPSIS: Final = fastre.compile(
    r"(?P<stem>VEGFR|FGFR|PDGFR|HER|ErbB|JAK|CDK|TRK|NTRK)\s*-?\s*(?P<first>[1-9αβ])"
    r"(?P<rest>(?:\s*(?:,|/|and|or|-|–|to)\s*-?\s*(?:[1-9αβ])(?![\w.]))+)"
)
# Strings one of which every _ELLIPSIS match holds as written (its stems: GFR is in VEGFR, FGFR and PDGFR, TRK in
# NTRK): a text without any is not scanned (the stems' first letters are a start set re tests at every character).
_STEM_NEEDLES: Final = ("GFR", "HER", "ErbB", "JAK", "CDK", "TRK")
_PAREN_NUM: Final = fastre.compile(
    r"(?P<long>vascular endothelial growth factor receptor|fibroblast growth factor receptor|platelet-derived growth factor receptor)"
    r"\s*\((?P<abbr>VEGFR|FGFR|PDGFR)\)\s*-?\s*(?P<n>[1-4αβ])\b", re.I)


_ARTICLE_START: Final = fastre.compile(r"[Aa]\s")


# numbers after a family's name: "1 and 2", "1, 2 and 3", "1-3"
_FAMILY_NUMBERS: Final = fastre.compile(r"\s*-?\s*(?P<first>[1-9])(?P<rest>(?:\s*(?:,|/|and|or|-|–|to)\s*-?\s*[1-9])*)(?![\w.])")


def _members(stem: str, first: str, rest: str) -> list[str]:
    """The members a family stem and its numbers name ("VEGFR", "1", "-3" -> FLT1, KDR, FLT4); a range is expanded."""
    nums = [first] + re.findall(r"[1-9αβ]", rest)
    if re.search(r"[-–]|to", rest) and len(nums) == 2 and nums[0].isdigit() and nums[1].isdigit() \
            and not re.search(r",|/|and|or", rest):
        nums = [str(i) for i in range(int(nums[0]), int(nums[1]) + 1)]
    return [s for s in (_member(stem, n) for n in nums) if s]


def _member(stem: str, n: str) -> str | None:
    e = vocab.targets().lookup(f"{stem}{n}") or vocab.targets().lookup(f"{stem}-{n}")
    return e.name if e else None


def find_targets(text: str) -> list[TargetMention]:
    """Targets and families; overlapping candidates resolve to the longest span."""
    cands: list[TargetMention] = []
    for m in _PAREN_NUM.finditer(text):
        sym = _member(m.group("abbr"), m.group("n"))
        if sym:
            cands.append(TargetMention(m.start(), m.end(), sym))
    for m in (_ELLIPSIS.finditer(text) if fastre.holds_any(text, _STEM_NEEDLES) else ()):
        syms = _members(m.group("stem"), m.group("first"), m.group("rest"))
        if len(syms) >= 2:
            cands += [TargetMention(m.start(), m.end(), s) for s in syms]
    for a, b, e in vocab.targets().finditer(text):
        if _ARTICLE_START.match(text, a, b):
            continue  # "a RAF and VEGFR-2 inhibitor": the article, not A-RAF
        cands.append(TargetMention(a, b, e.name, hgnc=e.id("hgnc")))
    for a, b, e in vocab.target_families().finditer(text):
        fm = _FAMILY_NUMBERS.match(text, b)  # "poly(ADP-ribose) polymerase 1 and 2": the family's numbered members
        if fm is not None:
            syms = _members(e.name, fm.group("first"), fm.group("rest"))
            if syms:
                cands += [TargetMention(a, fm.end(), s) for s in syms]
        cands.append(TargetMention(a, b, e.name, family=True))
    cands.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TargetMention] = []
    taken: list[tuple[int, int]] = []
    for t in cands:
        if any(a < t.end and t.start < b and (a, b) != (t.start, t.end) for a, b in taken):
            continue
        # "vascular endothelial growth factor (VEGF)": the bracketed synonym is the same mention
        prev = out[-1] if out else None
        if prev and prev.symbol == t.symbol and re.fullmatch(r"\s*[(\[]\s*", text[prev.end:t.start]):
            continue
        out.append(t)
        taken.append((t.start, t.end))
    return out
