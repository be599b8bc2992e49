"""Headings, section types and paragraphs of a cleaned document.

Section types decide what a sentence may say: patient facts come from
the abstract, case, methods and results; the introduction and
discussion only contribute drug–target statements; references and
back matter contribute nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .. import fastre
from ..headings import PATIENT_LABEL as _PATIENT_LABEL
from ..headings import section_type


FACT_SECTIONS: Final = frozenset({"body", "abstract", "case", "methods", "results"})
TARGET_SECTIONS: Final = FACT_SECTIONS | {"introduction", "discussion", "conclusion", "figure"}

_MD_HEADING: Final = fastre.compile(r"#{1,6}\s+(.+)")
_NUMBERED: Final = fastre.compile(r"(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+(.+)")
_INLINE_LABEL: Final = fastre.compile(r"\s*([A-Z][A-Za-z ]{2,40}?)\s*:\s*(?=\S)")
# "Introduction. Clear cell histology..." — a run-in heading ending with a full stop
_RUN_IN: Final = fastre.compile(r"\s*((?:\d+(?:\.\d+)*\.?\s+)?(?:Introduction|Background|Case (?:presentation|report|description|summary)|"
                         r"Methods?|Materials and methods|Patients and methods|Results|Discussion|Conclusions?|Treatment|Outcome)"
                         r"(?: and [a-z-]+)?)\.\s+(?=[A-Z])")
# a structured-abstract label run inline after a sentence: "... costs. Case: We present ..."
# (the stop is matched, not looked behind at, so that re seeks it in C; only the label is read, and no match holds a
# stop, so none hides the next)
_INLINE_NEXT: Final = fastre.compile(r"[.!?]\s+([A-Z][A-Za-z]*(?: [A-Za-z]+){0,3})\s*:\s+(?=[A-Z0-9])")
_LEGEND: Final = fastre.compile(r"\s*(?:Figure|Fig\.)\s*\d+[A-Za-z]?\b")
_TABLE_CAPTION: Final = fastre.compile(r"\s*(?:\*\*)?Table\s*\d+[A-Za-z]?\b")


@dataclass
class Block:
    """A heading or a paragraph (or a table row) in clean-text coordinates."""

    kind: str  # heading | paragraph | table
    start: int
    end: int
    section: str  # section type
    title: str  # the nearest heading text
    patient: int | None = None  # set by a "Case N" heading or label

    def __init__(self, kind: str, start: int, end: int, section: str, title: str, patient: int | None = None) -> None:
        # (written out, not left to @dataclass: compiled, it is a C function; dataclass's own is interpreted)
        self.kind, self.start, self.end, self.section, self.title, self.patient = kind, start, end, section, title, patient


# Each pattern below is asked only of a text whose first character (after spaces) can start a match of it, or
# that holds what every match holds (a colon): the same answers without a call into re for most lines.  The
# characters are read from the patterns themselves (a digit is asked by str.isdecimal, spaces are skipped first).
_CAPTION_FIRST: Final = fastre.first_literals(_TABLE_CAPTION.pattern, _TABLE_CAPTION.flags)  # "**Table 1", "Table 1"
_LEGEND_FIRST: Final = fastre.first_literals(_LEGEND.pattern, _LEGEND.flags)  # "Figure", "Fig."
_TERMINAL_CHARS: Final = (".", "!", "?", ";", ",")  # what ends a sentence-like line, not a heading
_NUMBERED_FIRST: Final = fastre.first_literals(_NUMBERED.pattern, _NUMBERED.flags)  # (and a digit)
_RUN_IN_FIRST: Final = fastre.first_literals(_RUN_IN.pattern, _RUN_IN.flags)  # (and a digit)


def _heading_text(line: str) -> str | None:
    s = line.strip()
    if not s or "\t" in s or len(s) > 90:
        return None
    m = _MD_HEADING.fullmatch(s) if s[0] == "#" else None
    if m:
        return m.group(1).strip(" *")
    s = s.strip("*").strip()
    m = _NUMBERED.fullmatch(s) if s[:1] in _NUMBERED_FIRST or s[:1].isdecimal() else None  # ("" is in every str)
    terminal = s.endswith(_TERMINAL_CHARS)  # (what re.search(r"[.!?;,]\s*$", s) says of a stripped s)
    words = len(s.split())
    if m and words <= 10 and not terminal:
        return m.group(1)
    if terminal or words > 10 or (s.endswith(":") and words > 4):
        return None
    if not (s[0].isupper() or s[0].isdigit()):
        return None
    return s


def split_blocks(text: str) -> list[Block]:
    """Split clean text into headings, paragraphs and table rows, typed by section."""
    blocks: list[Block] = []
    current, title = "body", ""
    pos = 0
    lines = text.split("\n")
    offsets = []
    for line in lines:
        offsets.append((pos, pos + len(line)))
        pos += len(line) + 1
    # the first non-blank line after each line, found in one backward pass: looking ahead from every
    # line (a copy of the rest of the list each time) made 30,000 one-line paragraphs quadratic
    # (lines[i] is text[a:b] for offsets[i]: the split's own strings, not sliced again)
    after = [""] * len(offsets)
    for i in range(len(offsets) - 2, -1, -1):
        after[i] = lines[i + 1] if lines[i + 1].strip() else after[i + 1]
    seen_heading = False
    in_table = False
    for i, (a, b) in enumerate(offsets):
        line = lines[i]
        if not line.strip():
            in_table = in_table and "\t" in after[i]
            continue
        lead = len(line) - len(line.lstrip())
        a2, b2 = a + lead, a + len(line.rstrip())
        first = line[lead]  # (what a caption's or legend's pattern meets after its leading spaces)
        if first in _CAPTION_FIRST and _TABLE_CAPTION.match(line):
            in_table = True
            blocks.append(Block("paragraph", a2, b2, current, line.strip()[:60]))
            continue
        if in_table or "\t" in line:
            blocks.append(Block("table", a2, b2, current, title))
            continue
        if first in _LEGEND_FIRST and _LEGEND.match(line):
            blocks.append(Block("paragraph", a2, b2, "figure", line.strip()[:40]))
            continue
        head = _heading_text(line)
        nxt_nonempty = after[i]
        if head is not None and nxt_nonempty and (section_type(head) or _MD_HEADING.fullmatch(line.strip())
                                                  or (seen_heading and len(head.split()) <= 6)):
            kind = section_type(head)
            label = _PATIENT_LABEL.fullmatch(head.strip(" :."))
            if kind is not None:
                current = kind
            title = head
            seen_heading = True
            blocks.append(Block("heading", a2, b2, current, head, int(label.group(1)) if label else None))
            continue
        parts = _inline_parts(text, a2, b2)
        in_abstract = False
        for pa, pb in parts:
            part = text[pa:pb]
            m = _INLINE_LABEL.match(part) if ":" in part else None
            if m is None and _may_run_in(part):
                m = _RUN_IN.match(part)
            sec = current
            if m and section_type(m.group(1)) and len(m.group(1).split()) <= 5:
                kind = section_type(m.group(1))
                if in_abstract and kind in FACT_SECTIONS:
                    kind = "abstract"  # "Abstract: ... Case summary: ...": still the abstract, a fallback for the case
                if not _PATIENT_LABEL.fullmatch(m.group(1)):
                    current = sec = kind or current
                    title = m.group(1)
            in_abstract = in_abstract or sec == "abstract"
            blocks.append(Block("paragraph", pa, pb, sec, title))
        if len(parts) > 1 and in_abstract:
            current = "abstract"  # labels run inline inside an abstract do not end it
    return blocks


def _may_run_in(part: str) -> bool:
    """Whether ``part``'s first character after spaces can open a run-in heading (_RUN_IN)."""
    k, n = 0, len(part)
    while k < n and part[k].isspace():
        k += 1
    return k < n and (part[k] in _RUN_IN_FIRST or part[k].isdecimal())


def _inline_parts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A paragraph cut before each structured-abstract label it runs inline ("Results: ...")."""
    cuts = [a]
    for m in _inline_labels(text, max(a - 1, 0), b):  # (a stop just before the part counts, as looked behind at)
        if section_type(m.group(1)) and not _PATIENT_LABEL.fullmatch(m.group(1)):
            cuts.append(m.start(1))
    return [(x, y) for x, y in zip(cuts, cuts[1:] + [b])]


def _last_stop(text: str, pos: int, end: int) -> int:
    """The last full stop, "!" or "?" in ``text[pos:end]``, or -1."""
    return max(text.rfind(".", pos, end), text.rfind("!", pos, end), text.rfind("?", pos, end))


def _inline_labels(text: str, pos: int, end: int) -> list[re.Match[str]]:
    """``list(_INLINE_NEXT.finditer(text, pos, end))``, tried only at the stops that can open a match.

    A match is a stop, a label of letters and spaces, then a colon: its stop is the last one before the
    first colon after it.  So the pattern is tried at the last stop before each colon (each stop once):
    those are found with ``str.find``/``rfind`` in C, where ``re`` tested every character for a stop.  A match
    holds no stop but its first character, so none hides the next, as ``finditer`` would have it.
    """
    out: list[re.Match[str]] = []
    tried = -1
    colon = text.find(":", pos, end)
    while colon >= 0:
        stop = _last_stop(text, pos, colon)
        if stop > tried:
            tried = stop
            m = _INLINE_NEXT.match(text, stop, end)
            if m is not None:
                out.append(m)
        colon = text.find(":", colon + 1, end)
    return out
