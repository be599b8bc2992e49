"""Units of work smaller than a file: :class:`SourceRef`, found by :func:`iter_sources`, read by :func:`read_source`.

A PubMed baseline file is 30,000 documents; a folder holds case reports
as .txt, .pdf, .docx and .xml.gz.  The build wants one job per document,
small enough to pickle to a worker, named and hashed before anything is
extracted (so that an unchanged document can be skipped).  So the finding
is cheap and streaming — a multi-article file is scanned once in chunks
(:mod:`.split`), each article handed out with its own bytes, hash,
accession and offset — and the reading is what a worker does.  A file the
reader does not support by name is yielded as :class:`Skipped`, never
dropped silently; a file that fails part-way through the scan yields a ref
whose reading raises the :class:`ReadError`, so every failure surfaces
where the worker reports it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from .compressed import inner_name, open_binary, read_bytes
from .decode import decode_bytes
from .errors import ReadError
from .split import ArticleStream, SplitError, accession
from .textview import TextView

XML_SUFFIXES = frozenset({".xml", ".nxml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
JSON_SUFFIXES = frozenset({".json"})  # BioC JSON (PubTator's export)
DOCUMENT_SUFFIXES = XML_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES | JSON_SUFFIXES
_XML_DECL = re.compile(r"<\?xml\s")
_XML_ROOT = re.compile(r"<(?:!DOCTYPE\s+)?(?:article|PubmedArticleSet|PubmedArticle|pmc-articleset|collection)[\s>]")
_CORRUPT_STREAM = (OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class SourceRef:
    """One document to read: a whole file, or one article of a multi-article file.

    ``part`` is the article's index in its file (None for a one-document
    file); ``sha256`` the hash of the document's own bytes (the file's as
    stored, or the article element's, UTF-8); ``doc_id`` the id when the
    scan knows it (an article's PMCID/PMID/BioC id, else ``<stem>-<n>``;
    None for a whole file, whose read decides it); ``raw`` the article's
    bytes (UTF-8) so the worker need not reopen a 200 MB file; ``offset``
    where the article starts in the decoded file, in characters, so that
    evidence points into the file the user opens.  ``envelope`` is the
    file's prolog and root tags, for the article's safety check; ``error``
    is set when the scan itself failed, and reading the ref raises it.
    """

    path: str
    part: int | None = None
    sha256: str = ""
    doc_id: str | None = None
    raw: bytes | None = None
    offset: int = 0
    envelope: tuple[str, str] = ("", "")
    error: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file found (in a folder, or named) that is not a document format the reader supports."""

    path: str
    reason: str


@dataclass
class SourceDocument:
    """One document, read: ``view.source`` is its decoded text (raw XML, or text extracted from PDF/Word).

    Carried through every later stage (segment keeps it on its output), so
    that what only the reader knows — the format, the article title and
    the publisher's article type — reaches the statements.  ``accession``
    is the PMCID/PMID/BioC id the source carries, also for a one-document
    file whose ``doc_id`` stays its file stem.
    """

    doc_id: str
    path: Path
    format: str  # text, xml, pdf, docx or bioc-json
    view: TextView
    title: str | None = None
    kind_hint: str | None = None  # JATS article-type or PubMed PublicationType
    accession: str | None = None
    part: int | None = None

    @classmethod
    def from_text(cls, text: str, doc_id: str = "doc", clean: bool = True) -> SourceDocument:
        """A document from a string (examples, tests, the Python API): cleaned as a text file would be."""
        view = TextView.identity(text)
        if clean:
            from .cleanup import clean_text

            view = clean_text(view)
        return cls(doc_id, Path(f"{doc_id}.txt"), "text", view)


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` of a bare file name, without building a path."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def format_of(path: Path | str) -> str | None:
    """The reader a file name asks for (``xml``, ``text``, ``pdf``, ``docx``, ``json``), gzip looked through."""
    suffix = _suffix(inner_name(path)).lower()
    for fmt, suffixes in (("xml", XML_SUFFIXES), ("text", TEXT_SUFFIXES), ("pdf", PDF_SUFFIXES),
                          ("docx", DOCX_SUFFIXES), ("json", JSON_SUFFIXES)):
        if suffix in suffixes:
            return fmt
    return None


def _stem(path: Path | str) -> str:
    name = inner_name(path)
    suffix = _suffix(name)
    return name[:-len(suffix)] if suffix else name


def _is_xml(name: str, text: str) -> bool:
    suffix = _suffix(name).lower()
    if suffix in XML_SUFFIXES:
        return True
    head = text.lstrip()[:200]
    if _XML_DECL.match(head):
        return True
    # Markdown may legitimately open with an HTML <article>; only plain-text names are sniffed further.
    return suffix != ".md" and bool(_XML_ROOT.match(head))


# -- reading ------------------------------------------------------------------


def read_file(path: Path | str) -> SourceDocument:
    """Read a whole file as one document (its stem is the id); :class:`ReadError` for anything unreadable."""
    path = path if isinstance(path, Path) else Path(path)
    name = inner_name(path)
    data = read_bytes(path)
    fmt = format_of(path)
    if fmt == "pdf":
        from .pdf import pdf_view

        return SourceDocument(_stem(path), path, "pdf", pdf_view(data, str(path)))
    if fmt == "docx":
        from .docx import docx_view

        view, title = docx_view(data, str(path))
        return SourceDocument(_stem(path), path, "docx", view, title)
    text = decode_bytes(data, str(path))
    if fmt == "json":
        from .bioc import json_documents, json_view

        docs = json_documents(text, str(path))
        ident, view, title = json_view(docs[0], str(path))
        return SourceDocument(_stem(path), path, "bioc-json", view, title, accession=ident or None)
    if _is_xml(name, text):
        from .xml import read_xml

        doc = read_xml(text, str(path))
        return SourceDocument(_stem(path), path, "xml", doc.view, doc.title, doc.kind_hint, accession(text))
    from .cleanup import clean_text  # imported here: it is the heavier, text-only half of READ

    return SourceDocument(_stem(path), path, "text", clean_text(TextView.identity(text)))


def _read_part(ref: SourceRef) -> SourceDocument:
    """One article split out of a set: its own text, offsets shifted to the file's."""
    assert ref.raw is not None
    path = Path(ref.path)
    doc_id = ref.doc_id or f"{_stem(path)}-{(ref.part or 0) + 1}"
    try:
        text = ref.raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(path, f"article {doc_id}: undecodable bytes: {e.reason}") from None
    if text.lstrip().startswith("{"):
        from .bioc import json_view

        import json

        ident, view, title = json_view(json.loads(text), str(path))
        return SourceDocument(doc_id, path, "bioc-json", view, title, accession=ident or None, part=ref.part)
    from .xml import read_xml

    try:
        doc = read_xml(text, str(path), ref.envelope)
    except ReadError as e:
        raise ReadError(path, f"article {doc_id}: {e.reason}") from None
    view = replace(doc.view, origin=ref.offset)
    return SourceDocument(doc_id, path, "xml", view, doc.title, doc.kind_hint, accession(text), ref.part)


def read_source(ref: SourceRef) -> SourceDocument:
    """What a worker calls: the document a ref names; :class:`ReadError` (one-line reason) for anything unreadable."""
    if ref.error is not None:
        raise ReadError(ref.path, ref.error)
    if ref.raw is not None:
        return _read_part(ref)
    doc = read_file(ref.path)
    if ref.doc_id:  # an id the caller chose (``kg build --id-from path``)
        doc.doc_id = ref.doc_id
    return doc


# -- finding ------------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".")


SYMLINK_REASON = "symbolic link (use --follow-symlinks)"


def walk(paths: Iterable[Path | str], follow_symlinks: bool = False) -> Iterator[Path | Skipped]:
    """Files named directly, and every non-hidden file under folders (recursive, sorted).

    A symbolic link — named, or found in a folder, to a file or a folder —
    is a :class:`Skipped` unless ``follow_symlinks``: a folder of papers from
    someone else could otherwise make the build read (and quote in the
    graph) any file the user can read.  Followed, a link back into a folder
    already walked is not walked again.
    """
    for path in map(Path, paths):
        if path.is_symlink() and not follow_symlinks:
            yield Skipped(str(path), SYMLINK_REASON)
            continue
        if not path.is_dir():
            yield path
            continue
        found: list[Path | Skipped] = []
        seen: set[str] = set()
        for folder, dirs, files in os.walk(path, followlinks=follow_symlinks):
            if follow_symlinks:  # only a followed link can lead back into a folder already walked
                seen.add(os.path.realpath(folder))
            kept = []
            for d in dirs:
                full = Path(folder, d)
                if _hidden(d):
                    continue
                if full.is_symlink():
                    if not follow_symlinks:
                        found.append(Skipped(str(full), SYMLINK_REASON))
                        continue
                    if os.path.realpath(full) in seen:
                        continue  # a loop
                kept.append(d)
            dirs[:] = kept
            for f in files:
                if _hidden(f):
                    continue
                full = Path(folder, f)
                found.append(Skipped(str(full), SYMLINK_REASON) if full.is_symlink() and not follow_symlinks else full)
        yield from sorted(found, key=lambda x: Path(x.path) if isinstance(x, Skipped) else x)


def file_sha256(path: Path | str, opened: BinaryIO | None = None) -> str:
    """The hash of a file's bytes as stored ("" when it cannot be read: the read will say why).

    ``opened``: the same file already open as a plain binary file, hashed from its start without reopening.
    """
    try:
        if isinstance(opened, io.BufferedReader):
            opened.seek(0)
            return hashlib.file_digest(opened, "sha256").hexdigest()
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def _whole(path: Path, opened: BinaryIO | None = None) -> SourceRef:
    """The whole file as one document; ``opened``: the file already open (plain, not gzip), hashed without reopening."""
    return SourceRef(str(path), sha256=file_sha256(path, opened))


def _articles(path: Path) -> Iterator[SourceRef]:
    """One ref per article of a set file, streaming; the whole file when it is not a set or holds one article."""
    stem = _stem(path)
    try:
        stream = open_binary(path)
    except OSError:
        yield _whole(path)
        return
    index = 0
    with stream:
        try:
            articles = ArticleStream(stream)
            if articles.root is None:
                yield _whole(path, stream)  # a .txt case report: sniffed and hashed with one open
                return
            envelope = (articles.envelope, articles.closing)
            from .xml import check_xml

            try:
                check_xml(articles.envelope + articles.closing, str(path))
            except ReadError:
                yield _whole(path)  # a hostile or broken prolog: the whole read refuses it, once
                return
            first: SourceRef | None = None
            for art in articles:
                index = art.index + 1
                raw = art.text.encode("utf-8")
                ref = SourceRef(str(path), art.index, hashlib.sha256(raw).hexdigest(),
                                accession(art.text) or f"{stem}-{art.index + 1}", raw, art.offset, envelope)
                if art.index == 0:
                    first = ref
                    continue
                if first is not None:
                    yield first
                    first = None
                yield ref
        except (SplitError, *_CORRUPT_STREAM) as e:
            reason = str(e) if isinstance(e, SplitError) else f"corrupt gzip stream: {e or type(e).__name__}"
            if index == 0:
                yield _whole(path)  # nothing handed out yet: the whole read reports the problem
            else:
                yield SourceRef(str(path), index, error=f"after article {index}: {reason}")
            return
    if index <= 1:
        yield _whole(path)  # one article (or none): a one-document file, read whole as before


def _json_documents(path: Path) -> Iterator[SourceRef]:
    """One ref per document of a BioC JSON collection (read whole: JSON has no article boundaries to stream)."""
    import json

    from .bioc import json_documents

    try:
        docs = json_documents(decode_bytes(read_bytes(path), str(path)), str(path))
    except ReadError:
        yield _whole(path)
        return
    if len(docs) == 1:
        yield _whole(path)
        return
    stem = _stem(path)
    for i, doc in enumerate(docs):
        raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        ident = str(doc.get("id") or "") or f"{stem}-{i + 1}"
        yield SourceRef(str(path), i, hashlib.sha256(raw).hexdigest(), ident, raw, 0)


def sources_of(path: Path) -> Iterator[SourceRef | Skipped]:
    """The documents of one file (or why it is skipped)."""
    fmt = format_of(path)
    if fmt is None:
        suffix = "".join(Path(path.name).suffixes[-2:]).lower() or "(no suffix)"
        yield Skipped(str(path), f"unsupported format {suffix}")
    elif fmt == "xml" or (fmt == "text" and Path(inner_name(path)).suffix.lower() != ".md"):
        yield from _articles(path)
    elif fmt == "json":
        yield from _json_documents(path)
    else:
        yield _whole(path)


def iter_sources(paths: Iterable[Path | str], follow_symlinks: bool = False) -> Iterator[SourceRef | Skipped]:
    """Every document under ``paths``, one :class:`SourceRef` each, or a :class:`Skipped` per unsupported file.

    Files named directly and files under folders (recursive, sorted,
    hidden ones skipped).  A PubMed/PMC/BioC set yields one ref per
    article, streaming: the file is never held whole.  Symbolic links are
    skipped unless ``follow_symlinks`` (see :func:`walk`).  A file whose
    scan raises anything (a bug a strange file trips) yields a ref whose
    reading reports it, so that it fails alone, as a read would.
    """
    for path in walk(paths, follow_symlinks):
        if isinstance(path, Skipped):
            yield path
            continue
        found = 0
        try:
            for item in sources_of(path):
                found += 1
                yield item
        except Exception as e:  # noqa: BLE001 - one bad file must never stop the finding of the others
            reason = f"cannot scan the file: {type(e).__name__}: {' '.join(str(e).split())[:200]}"
            yield SourceRef(str(path), found or None, error=reason if not found else f"after article {found}: {reason}")


__all__ = [
    "DOCUMENT_SUFFIXES", "SYMLINK_REASON", "SourceDocument", "SourceRef", "Skipped", "file_sha256", "format_of", "iter_sources",
    "read_file", "read_source", "sources_of", "walk",
]
