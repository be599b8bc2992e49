"""A cleaned text that remembers where every character came from.

Converters leave artefacts (``[bookmark: ...]``, ``<sup>``, LaTeX,
hyphenation across line breaks, XML markup).  The recognisers want clean
prose; the evidence must be a verbatim slice of the file.  ``TextView``
gives both: ``text`` is the clean string and ``span(a, b)`` maps a clean
span back to offsets in the original.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final, TYPE_CHECKING

if TYPE_CHECKING:
    from .. import fastre


_COUNTING: Final = array("l")


def _arange(a: int, b: int) -> array:
    """``array("l", range(a, b))`` as a slice of one shared counting array (a C copy, not a Python loop)."""
    if len(_COUNTING) < b:
        _COUNTING.extend(range(len(_COUNTING), max(b, 2 * len(_COUNTING), 1 << 16)))
    return _COUNTING[a:b]


@dataclass
class TextView:
    """Clean text plus, for every character, its start/end in the source.

    ``origin`` is where ``source`` starts in the file the user opens: an
    article split out of a multi-article file has its own ``source`` (the
    article's text) but its evidence must point into the whole file, so
    evidence offsets are ``origin + span(...)``.  ``pages`` holds the
    source offset where each page starts (PDF only), so that a character's
    page is known without keeping page objects around.
    """

    source: str
    text: str
    starts: array = field(repr=False)
    ends: array = field(repr=False)
    origin: int = 0
    pages: tuple[int, ...] = field(default=(), repr=False)

    def __init__(self, source: str, text: str, starts: array, ends: array, origin: int = 0,
                 pages: tuple[int, ...] = ()) -> None:
        # (written out, not left to @dataclass: compiled, it is a C function; dataclass's own is interpreted)
        self.source, self.text, self.starts, self.ends, self.origin, self.pages = source, text, starts, ends, origin, pages

    def _derived(self, text: str, starts: array, ends: array) -> TextView:
        """A view of the same source (same origin and pages) with new clean text."""
        return TextView(self.source, text, starts, ends, self.origin, self.pages)  # (dataclasses.replace, called)

    def page_of_source(self, pos: int) -> int | None:
        """1-based page of source offset ``pos`` (None when the source has no pages)."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, pos))

    def page_at(self, offset: int) -> int | None:
        """1-based page of the clean character at ``offset`` (None when the source has no pages)."""
        if not self.pages:
            return None
        pos = self.starts[offset] if offset < len(self.starts) else len(self.source)
        return self.page_of_source(pos)

    @classmethod
    def identity(cls, source: str) -> TextView:
        n = len(source)
        return cls(source, source, _arange(0, n), _arange(1, n + 1))

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Source offsets of the clean span ``[a, b)``."""
        if b <= a:
            pos = self.starts[a] if a < len(self.starts) else len(self.source)
            return pos, pos
        s, e = self.starts[a], self.ends[b - 1]
        if e < s or e - s > 4 * (b - a) + 200:  # span crosses a reordered boundary
            s, e = min(self.starts[a:b]), max(self.ends[a:b])
        return s, e

    def source_slice(self, a: int, b: int) -> str:
        s, e = self.span(a, b)
        return self.source[s:e]

    def rewrite(self, edits: Iterable[tuple[int, int, str]]) -> TextView:
        """Apply non-overlapping ``(start, end, replacement)`` edits on ``text``.

        Replacement characters inherit the whole replaced span, so a
        clean span that covers them maps back over the original artefact.
        """
        out: list[str] = []
        starts = array("l")
        ends = array("l")
        pos = 0
        for a, b, rep in sorted(edits):
            if a < pos:  # overlapping edit: keep the first one
                continue
            out.append(self.text[pos:a])
            starts.extend(self.starts[pos:a])
            ends.extend(self.ends[pos:a])
            if rep:
                s = self.starts[a] if a < b else (self.ends[a - 1] if a else (self.starts[0] if self.starts else 0))
                e = self.ends[b - 1] if a < b else s
                out.append(rep)
                starts.extend([s] * len(rep))
                ends.extend([e] * len(rep))
            pos = b
        out.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return self._derived("".join(out), starts, ends)

    def sub(self, pattern: str | fastre.Pattern, repl: str | Callable[[re.Match[str]], str], flags: int = 0) -> TextView:
        """``re.sub`` that keeps the offset map."""
        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        edits = []
        for m in rx.finditer(self.text):
            # (a template without a backslash is its own expansion: re reads escapes and groups only after one)
            rep = repl(m) if callable(repl) else (m.expand(repl) if "\\" in repl else repl)
            if rep != m.group(0):
                edits.append((m.start(), m.end(), rep))
        return self.rewrite(edits) if edits else self

    def reorder(self, ranges: list[tuple[int, int]], sep: str = "\n\n") -> TextView:
        """A view made of the clean ranges in the given order, joined by ``sep``.

        Used to lift figure legends out of the sentence they interrupt
        while keeping them in the document (they define abbreviations).
        """
        out: list[str] = []
        starts = array("l")
        ends = array("l")
        for i, (a, b) in enumerate(ranges):
            if i and sep:
                pos = self.ends[a - 1] if a else (self.starts[0] if self.starts else 0)
                out.append(sep)
                starts.extend([pos] * len(sep))
                ends.extend([pos] * len(sep))
            out.append(self.text[a:b])
            starts.extend(self.starts[a:b])
            ends.extend(self.ends[a:b])
        return self._derived("".join(out), starts, ends)
