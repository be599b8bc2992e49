"""READ stage: files in, :class:`SourceDocument` (clean text + offset map) out.

Every later stage works on ``view.text``; evidence is cut from
``view.source`` (the decoded file) through ``view.span``.  Format is
decided by extension, then by a look at the first characters, because
PubMed exports are often saved as ``.txt``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .decode import decode_bytes
from .errors import ReadError
from .textview import TextView
from .xml import XmlDocument, read_xml

__all__ = [
    "DOCUMENT_SUFFIXES", "ReadError", "SourceDocument", "TextView", "XmlDocument",
    "decode_bytes", "iter_documents", "read_document", "read_xml",
]

XML_SUFFIXES = frozenset({".xml", ".nxml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
DOCUMENT_SUFFIXES = XML_SUFFIXES | TEXT_SUFFIXES
_XML_DECL = re.compile(r"<\?xml\s")
_XML_ROOT = re.compile(r"<(?:!DOCTYPE\s+)?(?:article|PubmedArticleSet|PubmedArticle|pmc-articleset)[\s>]")


@dataclass
class SourceDocument:
    """One input file, read: ``view.source`` is its decoded text (or raw XML).

    Carried through every later stage (segment keeps it on its output), so
    that what only the reader knows — the format, the article title and
    the publisher's article type — reaches the statements.
    """

    doc_id: str
    path: Path
    format: Literal["text", "xml"]
    view: TextView
    title: str | None = None
    kind_hint: str | None = None  # JATS article-type or PubMed PublicationType

    @classmethod
    def from_text(cls, text: str, doc_id: str = "doc", clean: bool = True) -> SourceDocument:
        """A document from a string (examples, tests, the Python API): cleaned as a text file would be."""
        view = TextView.identity(text)
        if clean:
            from .cleanup import clean_text

            view = clean_text(view)
        return cls(doc_id, Path(f"{doc_id}.txt"), "text", view)


def _is_xml(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in XML_SUFFIXES:
        return True
    head = text.lstrip()[:200]
    if _XML_DECL.match(head):
        return True
    # Markdown may legitimately open with an HTML <article>; only plain-text names are sniffed further.
    return suffix != ".md" and bool(_XML_ROOT.match(head))


def read_document(path: Path) -> SourceDocument:
    """Read one file; raise :class:`ReadError` for anything that is not a readable document."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot read file: {e.strerror or e}") from None
    text = decode_bytes(data, str(path))
    if _is_xml(path, text):
        doc = read_xml(text, str(path))
        return SourceDocument(path.stem, path, "xml", doc.view, doc.title, doc.kind_hint)
    from .cleanup import clean_text  # imported here: it is the heavier, text-only half of READ

    return SourceDocument(path.stem, path, "text", clean_text(TextView.identity(text)))


def _hidden(name: str) -> bool:
    return name.startswith(".")


def iter_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and document files under folders (recursive, sorted, no hidden ones).

    A named file is yielded whatever its name, so that a missing or odd
    file is reported by :func:`read_document` rather than silently skipped.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        found = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not _hidden(d)]
            found += [Path(folder, f) for f in files if not _hidden(f) and Path(f).suffix.lower() in DOCUMENT_SUFFIXES]
        yield from sorted(found)
