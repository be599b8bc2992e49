"""Abbreviations a document defines for itself.

Three shapes cover case reports: Schwartz–Hearst style
"long form (SF)", regimen acronyms after a list of drugs
("pemetrexed and cisplatin (DDP) (PP)"), and figure-legend glossaries
("PP, pemetrexed, DDP; DDP, cisplatin").  Regimen acronyms come from the
text only — "TP" means what this paper says it means, or nothing.
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre
from .. import vocabulary as vocab
from .drugs import lexicon_drugs

_SF: Final = r"[A-Z][A-Za-z0-9/-]{0,7}"
_GLOSSARY_ENTRY: Final = fastre.compile(rf"(?:^|;\s*|\.\s+)(?P<sf>{_SF})\s*,\s*(?P<lf>[^;]+?)(?=;|\.\s|\.$|$)")
_PAREN_SF: Final = fastre.compile(rf"\(\s*[“\"]?(?P<sf>{_SF})[”\"]?\s*\)")
_LONG_FORM_SEP: Final = re.compile(r",\s*|\s+\+\s+|\s+and\s+")
_CLAUSE_BREAK: Final = re.compile(r"[.;:]\s|\(\s*$")  # or an opening bracket right before "(SF)"
_BRACKETED: Final = re.compile(r"\([^()]*\)")
_WORD_CHAR: Final = re.compile(r"\w")
_FORMULATION: Final = re.compile(r"\b(?:injection|tablets?|capsules?|mesylate|hydrochloride)\b")
_DRUG_JOIN: Final = re.compile(r"\s*(?:,|\+|and|plus|with|combined with|,\s*and)\s*|\s?[-–/]\s?")


def _resolve(words: list[str], known: dict[str, list[str]]) -> list[str] | None:
    out: list[str] = []
    for w in words:
        w = w.strip(" “”\"'")
        if not w:
            continue
        e = vocab.drugs().lookup(w)
        if e is not None:
            out.append(e.name)
        elif w in known and len(known[w]) == 1:
            out.append(known[w][0])
        else:
            return None
    return out or None


def _is_short_form_code(c: int) -> bool:
    """Whether the character of code ``c`` is one of _SF after its first: ``[A-Za-z0-9/-]`` (ASCII only)."""
    return 65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57 or c == 47 or c == 45  # A-Z a-z 0-9 / -


def _may_start_entry(text: str, at: int) -> bool:
    r"""Whether _GLOSSARY_ENTRY's start, ``(?:;\s*|\.\s+)(?P<sf>[A-Z][A-Za-z0-9/-]{0,7})\s*,``, matches at ``at``
    (a ";" or "."), decided without re: no part of it can give back what it took.  The white space after the
    mark is all taken (what follows must be a capital), and so is the short form's run of up to eight
    characters (what follows must be white space or a comma, neither of them a short-form character).
    """
    n = len(text)
    j = at + 1
    while j < n and text[j].isspace():
        j += 1
    if j == at + 1 and ord(text[at]) == 46:
        return False  # "\.\s+": white space after a full stop
    if j >= n or not 65 <= ord(text[j]) <= 90:  # [A-Z]
        return False
    k = j + 1
    while k < n and k - j < 8 and _is_short_form_code(ord(text[k])):
        k += 1
    while k < n and text[k].isspace():
        k += 1
    return k < n and ord(text[k]) == 44  # ","


def _glossary_entries(text: str) -> list[re.Match[str]]:
    """``_GLOSSARY_ENTRY.finditer(text)``, tried only where an entry can start.

    An entry starts with its separator: the start of the text (``^``, which matches nowhere else: no
    MULTILINE), a ";" or a "." followed by white space.  The scan tried it at every capital letter as well (the letters an
    entry starts with after ``^``) and tested each character against that set; here the separators are
    found with ``str.find`` (in C) and the pattern is matched at each whose short form and comma follow
    (:func:`_may_start_entry`), in order, each next one from where the entry before ended (as finditer
    goes on; an entry is never empty).
    """
    out: list[re.Match[str]] = []
    after = 0  # where the entry found last ends
    first = _GLOSSARY_ENTRY.match(text)
    if first is not None:
        out.append(first)
        after = first.end()
    semi = dot = -1  # the next ";" and "." at or after the position tried (-1: not looked for yet)
    pos = after if after > 0 else 1
    n = len(text)
    while pos < n:
        if semi < pos:
            semi = text.find(";", pos)
            if semi < 0:
                semi = n
        if dot < pos:
            dot = text.find(".", pos)
            if dot < 0:
                dot = n
        at = semi if semi < dot else dot
        if at >= n:
            break
        m = _GLOSSARY_ENTRY.match(text, at) if _may_start_entry(text, at) else None
        if m is not None:
            out.append(m)
            pos = m.end()
        else:
            pos = at + 1
    return out


def glossary(text: str) -> dict[str, list[str]]:
    """Abbreviation → drugs from "SF, long form; SF, long form" glossaries."""
    found: dict[str, list[str]] = {}
    entries = [(m.group("sf"), [p for p in _LONG_FORM_SEP.split(m.group("lf")) if p.strip()])
               for m in _glossary_entries(text)]  # (scanned once: the whole document)
    for _ in range(2):  # second pass resolves entries that use other entries ("NH, NVB, herceptin")
        for sf, parts in entries:
            drugs = _resolve(parts, found)
            if drugs and sf not in found:
                found[sf] = drugs
    return found


def _last_clause(left: str) -> str:
    """``_CLAUSE_BREAK.split(left)[-1]``: what follows the last clause break, found with str.rfind.

    The breaks are "." ";" or ":" before white space, and "(" with only white space after it; no two can
    overlap (a break's second character is white space, never one a break starts with), so they are all
    split at, and the last one is the "(" at the end, if there is one, else the rightmost of the others.
    (re's ``\\s`` is str.isspace, as str.rstrip strips it.)
    """
    if left.rstrip().endswith("("):
        return ""
    end = 0
    last = len(left) - 1  # a break needs a character after its mark
    for mark in ".;:":
        i = left.rfind(mark, 0, last)
        while i >= 0 and i + 2 > end:
            if left[i + 1].isspace():
                end = i + 2
                break
            i = left.rfind(mark, 0, i)
    return left[end:]


def inline_definitions(text: str) -> dict[str, list[str]]:
    """Abbreviation → drugs from "drug list (SF)" and "drug (SF)" in running text."""
    found: dict[str, list[str]] = {}
    lex = vocab.drugs()
    for m in _PAREN_SF.finditer(text):
        sf = m.group("sf")
        if sf in found:
            continue  # the first definition stands (setdefault below): a later one changes nothing
        if len(sf) > 2 and lex.lookup(sf):
            continue
        left = _last_clause(text[max(0, m.start() - 120):m.start()])
        # skip intervening "(XYZ)" abbreviation groups: "pemetrexed and cisplatin (DDP) (PP)"
        left_clean = _BRACKETED.sub(" ", left) if "(" in left else left
        mentions = [(d.start, d.end, d.name) for d in lexicon_drugs(left_clean)]
        if not mentions:
            continue
        tail = left_clean[mentions[-1][1]:]
        if _WORD_CHAR.search(_FORMULATION.sub("", tail)):
            continue
        # the contiguous list of drugs joined by and/plus/+/,/with ending right before "(SF)"
        chain = [mentions[-1]]
        for prev in reversed(mentions[:-1]):
            between = left_clean[prev[1]:chain[0][0]]
            if _DRUG_JOIN.fullmatch(between):
                chain.insert(0, prev)
            else:
                break
        names = [c[2] for c in chain]
        letters = [c for c in sf if c.isalpha()]
        if len(names) == 1:
            if not lex.lookup(sf):
                found.setdefault(sf, names)
            continue
        if len(letters) < len(names) and sf.isupper():
            names = names[-len(letters):]
        found.setdefault(sf, sorted(set(names)))
    return found


def document_abbreviations(text: str) -> dict[str, list[str]]:
    """All definitions; a one-letter form is kept only when defined inline for one drug ("bevacizumab (B)"):
    an "A" in "(A)" is a panel label far more often than a drug, so find_drugs uses it only in combinations."""
    defs = {k: v for k, v in glossary(text).items() if len(k) >= 2}
    for k, v in inline_definitions(text).items():
        if len(k) >= 2 or (len(v) == 1 and k.isupper()):  # "bevacizumab (B)": used only beside "+"/"plus" (drugs.py)
            defs.setdefault(k, v)
    return defs
