"""Documents' clean text, and where an evidence span (source offsets) falls in it.

Evidence offsets point into the source file (raw XML, say), which is not
what a reader wants to see; the reader's clean text keeps, per character,
its source offsets, so a span maps back onto the clean text and its
paragraph can be shown with the sentence highlighted.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..emit.index import LibraryView, held
from ..emit.store import DocumentEntry, StatementStore
from ..read import ReadError, read_document
from .models import Context, DocumentInfo

MAX_PARAGRAPH = 2000


@dataclass(frozen=True)
class CleanText:
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def locate(self, start: int, end: int, verbatim: str = "") -> tuple[int, int] | None:
        """The clean span of source span ``[start, end)``, or None when it cannot be placed."""
        a = bisect_left(self.starts, start)
        b = a
        n = len(self.starts)
        while b < n and self.starts[b] < end:
            b += 1
        if b > a and self.ends[b - 1] <= end + 1:
            return a, b
        if verbatim:  # offsets reordered (a legend lifted out of its sentence): find the text instead
            i = self.text.find(verbatim)
            if i >= 0:
                return i, i + len(verbatim)
        return None

    def context(self, a: int, b: int) -> Context:
        """The paragraph around clean span ``[a, b)``: blank lines bound it, MAX_PARAGRAPH characters cap it."""
        lo = self.text.rfind("\n\n", 0, a)
        lo = 0 if lo < 0 else lo + 2
        hi = self.text.find("\n\n", b)
        hi = len(self.text) if hi < 0 else hi
        lo = max(lo, a - MAX_PARAGRAPH // 2)
        hi = min(hi, b + MAX_PARAGRAPH // 2)
        return Context(before=self.text[lo:a], sentence=self.text[a:b], after=self.text[b:hi])


class Library:
    """The library's manifest and its documents' texts, read on demand and cached."""

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        store = StatementStore(self.data)
        # the server asks about one document per evidence row: one connection held for its life, not one per row
        self.manifest = LibraryView(held(self.data)) if store.exists() else store.manifest()

    def documents(self) -> list[DocumentInfo]:
        """Every document, in id order: one read of the index (not one per document)."""
        return [_info(e) for e in self.manifest.documents.values()]

    def info(self, doc: str) -> DocumentInfo:
        return _info(self.manifest.documents[doc])  # KeyError → 404

    def clean_text(self, doc: str) -> CleanText | None:
        """The clean text of the file a document came from (None when the file is gone or unreadable)."""
        src = Path(self.manifest.documents[doc].source)
        try:
            stamp = src.stat().st_mtime_ns
        except OSError:
            return None
        return _read(str(src), stamp)


def _info(e: DocumentEntry) -> DocumentInfo:
    return DocumentInfo(id=e.id, source=e.source, format=e.format, kind=e.kind, title=e.title,
                        accession=e.accession, facts=dict(e.facts))


@lru_cache(maxsize=64)
def _read(path: str, stamp: int) -> CleanText | None:
    try:
        view = read_document(Path(path)).view
    except (ReadError, OSError):
        return None
    origin = view.origin
    return CleanText(view.text, tuple(s + origin for s in view.starts), tuple(e + origin for e in view.ends))
