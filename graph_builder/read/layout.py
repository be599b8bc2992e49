"""Build a clean text, line by line, without losing a character's origin.

The XML renderers lay out titles, headings, paragraphs and table rows.
Real characters carry their source offsets from :class:`Piece`; runs of
whitespace collapse to one space that spans the whole run; anything the
layout invents (newlines, tabs, "Abstract", "Figure ") is zero-width at
a position next to the real text it stands beside, so a clean span
always maps to a contiguous, verbatim slice of the source.
"""

from __future__ import annotations

from array import array

from .textview import TextView
from .xmltree import Node, Piece

_TERMINAL = ".:;!?"


class Line:
    """One output line: chars plus their source start/end offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def __bool__(self) -> bool:
        return bool(self.chars)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def has_text(self) -> bool:
        """Whether any character comes from the source (not only layout)."""
        return any(e > s for s, e in zip(self.starts, self.ends)) or any(not c.isspace() for c in self.chars)

    def add(self, piece: Piece) -> None:
        for c, s, e in piece.offsets():
            if c.isspace():
                self.space(s, e)
            else:
                self.chars.append(c)
                self.starts.append(s)
                self.ends.append(e)

    def space(self, s: int, e: int) -> None:
        """Real whitespace: leading dropped, runs merged into one space."""
        if not self.chars:
            return
        if self.chars[-1] == " ":
            self.ends[-1] = max(self.ends[-1], e)
        else:
            self.chars.append(" ")
            self.starts.append(s)
            self.ends.append(e)

    def synth(self, text: str, pos: int) -> None:
        """Layout characters, zero-width at ``pos``."""
        for c in text:
            self.chars.append(c)
            self.starts.append(pos)
            self.ends.append(pos)

    def soft_space(self) -> None:
        """A word break between elements that the source did not spell out."""
        if self.chars and not self.chars[-1].isspace():
            self.synth(" ", self.ends[-1])

    def sentence_break(self) -> None:
        """End the text so far as a sentence (caption label, caption title)."""
        self.rstrip()
        if self.chars:
            if self.chars[-1] not in _TERMINAL:
                self.synth(".", self.ends[-1])
            self.synth(" ", self.ends[-1])

    def extend(self, other: Line) -> None:
        self.chars += other.chars
        self.starts += other.starts
        self.ends += other.ends

    def tail(self, k: int) -> Line:
        """The line from char ``k`` on, leading spaces dropped."""
        while k < len(self.chars) and self.chars[k].isspace():
            k += 1
        out = Line()
        out.chars, out.starts, out.ends = self.chars[k:], self.starts[k:], self.ends[k:]
        return out

    def rstrip(self) -> None:
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.starts.pop()
            self.ends.pop()


def inline(node: Node, line: Line | None = None) -> Line:
    """All text under ``node`` on one line, markup (``<i>``, ``<sup>`` …) transparent.

    Iterative (``Node.pieces``): the nesting depth is the file's to choose.
    """
    line = Line() if line is None else line
    for piece in node.pieces():
        line.add(piece)
    return line


class Writer:
    """The document: lines joined by "\\n" (after a heading or between table
    rows) or a blank line (between paragraphs, before a heading)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out = Line()
        self.last = ""

    def emit(self, line: Line, kind: str = "para") -> None:
        """Append a line of kind ``para``, ``heading`` or ``row``; empty lines vanish."""
        line.rstrip()
        if not line.has_text():
            return
        if self.out:
            tight = self.last == "heading" and kind != "heading" or self.last == kind == "row"
            self.out.synth("\n" if tight else "\n\n", self.out.ends[-1])
        self.out.extend(line)
        self.last = kind

    def view(self) -> TextView:
        return TextView(self.source, self.out.text, array("l", self.out.starts), array("l", self.out.ends))
