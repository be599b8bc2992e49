"""READ stage: files in, :class:`SourceDocument` (clean text + offset map) out.

Every later stage works on ``view.text``; evidence is cut from
``view.source`` through ``view.span`` (shifted by ``view.origin`` for an
article split out of a larger file).  :func:`iter_sources` finds the
documents — one :class:`SourceRef` per file, or per article of a PubMed,
PMC or BioC set — and :func:`read_source` reads one; :func:`read_document`
reads a file whole, as one document.  Format is decided by the name
(gzip looked through), then by a look at the first bytes, because PubMed
exports are often saved as ``.txt`` and gzip files renamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .decode import decode_bytes
from .errors import ReadError
from .sources import (
    DOCUMENT_SUFFIXES, Skipped, SourceDocument, SourceRef, format_of, iter_sources, read_file, read_source, walk,
)
from .textview import TextView
from .xml import XmlDocument, read_xml

__all__ = [
    "DOCUMENT_SUFFIXES", "ReadError", "Skipped", "SourceDocument", "SourceRef", "TextView", "XmlDocument",
    "decode_bytes", "iter_documents", "iter_sources", "read_document", "read_source", "read_xml", "walk",
]


def read_document(path: Path) -> SourceDocument:
    """Read one file as one document (id: its stem); raise :class:`ReadError` for anything unreadable.

    A PubMed/PMC/BioC set read this way is laid out as one text; use
    :func:`iter_sources` and :func:`read_source` for one document per article.
    """
    return read_file(path)


def iter_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and document files under folders (recursive, sorted, no hidden ones).

    A named file is yielded whatever its name, so that a missing or odd
    file is reported by :func:`read_document` rather than silently skipped.
    Kept for callers that work file by file; :func:`iter_sources` also
    splits multi-article files and reports unsupported files.
    """
    paths = [Path(p) for p in paths]
    named = {p for p in paths if not p.is_dir()}
    for path in walk(paths):
        if isinstance(path, Skipped):
            continue  # a symbolic link: only iter_sources says why
        if path in named or format_of(path) is not None:
            yield path
