"""Undo what PDF, Word and Markdown conversion did to the prose.

Each step is an offset-keeping edit on a :class:`TextView`, so the
recognisers see clean sentences while evidence still slices the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from .. import fastre
from ..headings import section_type  # the heading vocabulary, shared below the stages
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


def _emphasised(m: re.Match[str]) -> str:
    """What an emphasis match keeps: its text (``r"\\1"`` expanded, read directly: the group always takes part)."""
    return m.group(1)


def _sub_holding(view: TextView, needle: str, rx: re.Pattern[str] | fastre.Pattern,
                 repl: str | Callable[[re.Match[str]], str]) -> TextView:
    """``view.sub(rx, repl)``, skipped when the text lacks ``needle``, a character every match of ``rx`` holds.

    (``in`` is a memchr; ``re`` steps through the whole text looking for the pattern's first character.)
    """
    return view.sub(rx, repl) if needle in view.text else view


def strip_markup(view: TextView) -> TextView:
    """Drop conversion tags, keep their text (``mg/m<sup>2</sup>`` → ``mg/m2``)."""
    view = _sub_holding(view, "[", _BOOKMARK, "")  # (both branches open with "[")
    view = _sub_holding(view, "<", _TAGS, "")
    view = _sub_holding(view, "$", _LATEX, _latex)
    view = _sub_holding(view, "*", _MD_EMPH, _emphasised)
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
    if "Fig" not in text:  # every legend opens with "Figure" or "Fig." (_LEGEND_START): none to lift
        return view
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
    s = line.strip().strip("#*").strip()
    # (the cheap tests first; a non-empty stripped line has a word, and a split that stops after six cuts has
    # seven pieces exactly when the line has more than six words: a paragraph is not split whole)
    return s != "" and s[0].isupper() and s[-1] not in ".,;" and "(" not in s and len(s.split(None, 6)) <= 6 \
        and section_type(s) is not None


_BLANKS: Final = " \t\n"


def _line_breaks(text: str) -> list[tuple[int, int]]:
    """The spans ``re.finditer(r"\\n[ \\t\\n]*", text)`` gives: each line break with the blank lines and
    indentation after it (the break found with ``str.find``, in C; the run read on from it)."""
    out: list[tuple[int, int]] = []
    n = len(text)
    a = text.find("\n")
    while a >= 0:
        b = a + 1
        while b < n and text[b] in _BLANKS:
            b += 1
        out.append((a, b))
        a = text.find("\n", b)
    return out


_NOT_HEADING_END: Final = _TERMINAL + ",+("


def _end_of_stripped(text: str, a: int, b: int) -> int:
    """Where ``text[a:b].rstrip()`` ends (``a`` when the slice is blank), without slicing."""
    while b > a and text[b - 1].isspace():
        b -= 1
    return b


def _start_of_stripped(text: str, a: int, b: int) -> int:
    """Where ``text[a:b].lstrip()`` starts (``b`` when the slice is blank), without slicing."""
    while a < b and text[a].isspace():
        a += 1
    return a


def join_wrapped_lines(view: TextView) -> TextView:
    """Join lines that a converter broke inside a sentence; undo hyphenation.

    The lines around each break are read in place (offsets into the text, not copies of both lines and
    of their stripped forms), and a next line is tested for a list item or a heading only where the break
    would otherwise be joined: where it would not, those tests cannot change the answer.
    """
    text = view.text
    edits = []
    for a, b in _line_breaks(text):
        while a and text[a - 1] in " \t":  # the spaces before the break (a pattern led by them is tried everywhere)
            a -= 1
        ls = text.rfind("\n", 0, a) + 1  # the line before is text[ls:a]
        ne = text.find("\n", b)
        le = ne if ne >= 0 else len(text)  # the line after is text[b:le]
        pe = _end_of_stripped(text, ls, a)  # the line before, right-stripped: text[ls:pe]
        ns = _start_of_stripped(text, b, le)  # the line after starts (left-stripped) at ns
        if pe == ls or ns == le or text.find("\t", ls, a) >= 0 or text.find("\t", b, le) >= 0:
            continue
        last, n0 = text[pe - 1], text[ns]
        if last == "-" and pe - ls > 1 and text[pe - 2].isalpha() and n0.islower():
            edits.append((pe - 1, b, ""))
            continue
        heading_like = pe - ls < 50 and last not in _NOT_HEADING_END
        if not (n0.islower() or n0 in "(–-" or (last not in _TERMINAL and not heading_like)):
            continue
        if _NO_JOIN_NEXT.match(text, ns, le) or _is_heading_line(text[b:le]):
            continue
        edits.append((a, b, " "))
    return view.rewrite(edits) if edits else view


def clean_text(view: TextView) -> TextView:
    """The whole plain-text clean-up, in order."""
    return join_wrapped_lines(lift_legends(strip_markup(view)))
