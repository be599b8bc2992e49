"""PDF: the text layer, page by page, without the page furniture.

Read with ``pypdf``: pure Python, no dependencies, maintained, and its
text extraction follows the content stream (which is the reading order
for the single-column case reports and abstracts that publishers and
word processors write).  Layout-analysing readers (pdfminer/pdfplumber)
order multi-column pages better but weigh several times more; this
module is where one would be swapped in.

The source of a PDF document is the extracted text of all its pages,
joined by a blank line, and ``view.pages`` records where each page
starts, so :meth:`TextView.page_at` gives the page of any character.
Page furniture — lines that recur at the top or bottom of most pages
(running heads, journal names, "Page 3 of 9") and bare page numbers — is
dropped from the clean text but stays in the source, so offsets still
point into what was extracted.  A scanned PDF has no text layer and is a
:class:`ReadError`, as is a corrupt or password-protected one.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from .errors import ReadError
from .textview import TextView

_EDGE = 2  # lines at the top and at the bottom of a page that may be furniture
_PAGE_NUMBER = re.compile(r"(?i)^\s*(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$")
_DIGITS = re.compile(r"\d+")


def _pages(data: bytes, path: str) -> list[str]:
    from pypdf import PdfReader  # imported here: only PDF input needs it
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object; a bad file is our error
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "encrypted PDF: a password is needed to read it")
        return [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            NotImplementedError, AssertionError, ZeroDivisionError) as e:
        raise ReadError(path, f"corrupt PDF: {type(e).__name__}: {e}") from None


def _shape(line: str) -> str:
    """A line with its numbers blanked: the running head of page 3 and of page 4 look alike."""
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the non-empty lines at the top and bottom of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))


def furniture(pages: list[list[str]]) -> list[set[int]]:
    """For each page, the line indexes that are furniture.

    A line at a page edge is furniture when it is a bare page number, or
    when its shape recurs at an edge of more than half the pages (two
    pages at least).
    """
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_shape(lines[i]) for i in _edges(lines)})
    need = max(2, len(pages) // 2 + 1)
    out = []
    for lines in pages:
        out.append({i for i in _edges(lines) if _PAGE_NUMBER.match(lines[i]) or seen[_shape(lines[i])] >= need})
    return out


def pdf_view(data: bytes, path: str) -> TextView:
    """The clean view of a PDF (furniture dropped, wrapped lines joined); source = the extracted pages."""
    texts = [t.replace("\r\n", "\n").replace("\r", "\n") for t in _pages(data, path)]
    if not any(t.strip() for t in texts):
        raise ReadError(path, "PDF has no text layer (a scan?): nothing to read")
    pages = [t.split("\n") for t in texts]
    drop = furniture(pages)
    source = "\n\n".join(texts)
    starts, edits, pos = [], [], 0
    for text, lines, gone in zip(texts, pages, drop):
        starts.append(pos)
        at = pos
        for i, line in enumerate(lines):
            end = at + len(line)
            if i in gone:
                edits.append((at, min(end + 1, len(source)), ""))  # the line and its newline
            at = end + 1
        pos += len(text) + 2
    view = TextView.identity(source)
    view = TextView(source, view.text, view.starts, view.ends, pages=tuple(starts))
    if edits:
        view = view.rewrite(edits)
    from .cleanup import clean_text  # wrapped lines and hyphenation are what PDF extraction leaves

    return clean_text(view)


__all__ = ["furniture", "pdf_view"]
