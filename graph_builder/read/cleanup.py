"""Undo what PDF, Word and Markdown conversion did to the prose.

Each step is an offset-keeping edit on a :class:`TextView`, so the
recognisers see clean sentences while evidence still slices the file.
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre
from .textview import TextView

_BOOKMARK: Final = re.compile(r"\[(?:bookmark|image)?:[^\]\n]*\]|\[bookmark: [^\]\n]*\]")
_TAGS: Final = re.compile(r"</?(?:sup|sub|i|b|em|strong|span|u)\b[^>\n]*>", re.I)
_MD_EMPH: Final = fastre.compile(r"(?<![\w*])\*{1,2}(?=\S)([^*\n]{1,200}?)(?<=\S)\*{1,2}(?![\w*])")  # sought from "*"
_LATEX: Final = re.compile(r"\$([^$\n]{1,300}?)\$")
_LATEX_CMDS: Final = (
    (re.compile(r"\\text\{([^}]*)\}"), r"\1"),
    (re.compile(r"\\mathrm\{([^}]*)\}"), r"\1"),
    (re.compile(r"\^\{([^}]*)\}"), r"\1"),
    (re.compile(r"_\{([^}]*)\}"), r"\1"),
    (re.compile(r"\\times"), "×"),
    (re.compile(r"\\(?:leq|le)\b"), "≤"),
    (re.compile(r"\\(?:geq|ge)\b"), "≥"),
    (re.compile(r"\\pm"), "±"),
    (re.compile(r"\\mu"), "µ"),
    (re.compile(r"\\chi"), "χ"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"[\^_]"), ""),
    (re.compile(r"\\,|\\ "), " "),
)
_LEGEND_START: Final = re.compile(r"[ \t]*(?:\*\*)?(?:Figure|Fig\.)[ \t]*\d+[A-Za-z]?\b")
_LEGEND_CONT: Final = re.compile(r"[ \t]*(?:Notes?|Abbreviations?|Source|Key)\s*:")
_TERMINAL: Final = ".!?:;"
_NO_JOIN_NEXT: Final = re.compile(r"(?:#|[-•*]\s|(?:Case|Patient)\s+\d|(?:Figure|Fig\.|Table)\s*\d|\d+(?:\.\d+)*\.\s+[A-Z]|"
                           r"[A-Z][A-Za-z]+(?: [A-Za-z]+){0,3}:\s)")
# running headers/footers: a page number set off by wide spacing at either end of a short line
_PAGE_FURNITURE: Final = re.compile(r"(?m)^[ \t]*(?:\d{1,4}[ \t]{3,}\S[^\n]{0,120}|\S[^\n]{0,120}?[ \t]{3,}\d{1,4})[ \t]*$\n?")


def _latex(m: re.Match[str]) -> str:
    s = m.group(1)
    for rx, rep in _LATEX_CMDS:
        s = rx.sub(rep, s)
    return re.sub(r"\s+", " ", s).strip()


# Unicode hyphens and wide spaces, which the clean text writes as "-" and " "
_HYPHENS: Final = ("\u2010", "\u2011")
_WIDE_SPACES: Final = ("\u00a0", "\u2009", "\u202f", "\u2002", "\u2003")
_HYPHEN_CLASS: Final = "[" + "".join(_HYPHENS) + "]"
_WIDE_SPACE_CLASS: Final = "[" + "".join(_WIDE_SPACES) + "]"


def strip_markup(view: TextView) -> TextView:
    """Drop conversion tags, keep their text (``mg/m<sup>2</sup>`` → ``mg/m2``)."""
    view = view.sub(_BOOKMARK, "")
    view = view.sub(_TAGS, "")
    view = view.sub(_LATEX, _latex)
    view = view.sub(_MD_EMPH, r"\1")
    if "   " in view.text or "\t" in view.text:  # furniture is set off by a run of three spaces or tabs
        view = view.sub(_PAGE_FURNITURE, "")
    # (re tests a character class at every position; each ``in`` is a fast search: most texts hold none)
    if fastre.holds_any(view.text, _HYPHENS):
        view = view.sub(_HYPHEN_CLASS, "-")
    return view.sub(_WIDE_SPACE_CLASS, " ") if fastre.holds_any(view.text, _WIDE_SPACES) else view


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def lift_legends(view: TextView) -> TextView:
    """Move figure legends (and their Notes/Abbreviations lines) to the end.

    PDF conversion drops legends into the middle of the sentence that
    happens to straddle the page; lifted out, the sentence joins again.
    """
    text = view.text
    lines = _lines(text)
    legend: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        if _LEGEND_START.match(text, a, b) and "\t" not in text[a:b]:
            j = i + 1
            while j < len(lines) and (
                _LEGEND_CONT.match(text, lines[j][0], lines[j][1])
                or (text[lines[j - 1][0] : lines[j - 1][1]].rstrip()[-1:] not in ".)" and text[lines[j][0] : lines[j][1]].strip())
            ):
                j += 1
            legend.append((a, lines[j - 1][1] + (1 if j < len(lines) else 0)))
            i = j
        else:
            i += 1
    if not legend:
        return view
    keep, pos = [], 0
    for a, b in legend:
        if a > pos:
            keep.append((pos, a))
        pos = b
    if pos < len(text):
        keep.append((pos, len(text)))
    ranges = keep + [(a, b) for a, b in legend]
    return view.reorder([(a, b) for a, b in ranges if b > a], sep="\n\n")


def _is_heading_line(line: str) -> bool:
    """A short line that names a known section ("Background", "2. Case presentation")."""
    from ..headings import section_type  # the heading vocabulary, shared below the stages

    s = line.strip().strip("#*").strip()
    return 0 < len(s.split()) <= 6 and s[0].isupper() and s[-1] not in ".,;" and section_type(s) is not None \
        and "(" not in s


_LINE_BREAK: Final = re.compile(r"\n[ \t\n]*")


def join_wrapped_lines(view: TextView) -> TextView:
    """Join lines that a converter broke inside a sentence; undo hyphenation."""
    text = view.text
    edits = []
    for m in _LINE_BREAK.finditer(text):
        a, b = m.span()
        while a and text[a - 1] in " \t":  # the spaces before the break (a pattern led by them is tried everywhere)
            a -= 1
        ls = text.rfind("\n", 0, a) + 1
        prev = text[ls:a]
        ne = text.find("\n", b)
        nxt = text[b : ne if ne >= 0 else len(text)]
        if not prev.strip() or not nxt.strip() or "\t" in prev or "\t" in nxt:
            continue
        p, n0 = prev.rstrip(), nxt.lstrip()[0]
        if p.endswith("-") and len(p) > 1 and p[-2].isalpha() and n0.islower():
            edits.append((a - (len(prev) - len(p)) - 1, b, ""))
            continue
        if _NO_JOIN_NEXT.match(nxt.lstrip()) or _is_heading_line(nxt):
            continue
        heading_like = len(p) < 50 and p[-1] not in _TERMINAL + ",+("
        if n0.islower() or n0 in "(–-" or (p[-1] not in _TERMINAL and not heading_like):
            edits.append((a, b, " "))
    return view.rewrite(edits) if edits else view


def clean_text(view: TextView) -> TextView:
    """The whole plain-text clean-up, in order."""
    return join_wrapped_lines(lift_legends(strip_markup(view)))
