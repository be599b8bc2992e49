"""Find the articles of a multi-article XML file without holding the file.

A PubMed baseline file holds ~30,000 ``<PubmedArticle>`` records (and is
often ``.xml.gz``); a PMC efetch export is a ``<pmc-articleset>`` of
``<article>``s; a BioC XML export is a ``<collection>`` of ``<document>``s.
Building a tree of such a file would hold it all in memory, so this scans
the decoded text in chunks for the article elements' start and end tags
(articles never nest) and hands out each article's own text with its
character offset in the decoded file.  Nothing here trusts the XML: each
article is checked by :mod:`defusedxml` when it is read (:mod:`.xml`),
inside the file's envelope (prolog and root start tag), and the envelope
itself is checked here once per file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .decode import declared_encoding

CHUNK = 1 << 16  # bytes read at a time: the memory a scan needs is about this plus one article
_MAX_PROLOG = 1 << 20  # a prolog (declaration, DOCTYPE) longer than this is not a set we split

# The root element of a set -> the article elements in it.
SET_ROOTS: dict[str, tuple[str, ...]] = {
    "PubmedArticleSet": ("PubmedArticle", "PubmedBookArticle"),
    "pmc-articleset": ("article",),
    "collection": ("document",),  # BioC XML
}
_PROLOG = re.compile(
    r"""\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE\s(?:[^\[>"']|"[^"]*"|'[^']*')*(?:\[.*?\]\s*)?>\s*)*"""
    r"""<(?P<root>[A-Za-z_][\w.:-]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>""",
    re.S,
)
_PMID = re.compile(r"<PMID\b[^>]*>\s*(\d+)\s*</PMID>")
_ARTICLE_ID = re.compile(r"""<article-id\b[^>]*\bpub-id-type\s*=\s*["'](pmc|pmcid|pmid)["'][^>]*>\s*([^<\s]+)\s*</article-id>""")
_BIOC_ID = re.compile(r"<id>\s*([^<]*?)\s*</id>")


def accession(xml: str) -> str | None:
    """The identifier an article carries: PMCID (``PMC…``), else PMID, else a BioC document id.

    Read with a regex from the article's own text, so that the splitter
    can name an article without parsing it; the first match is the
    article's own (PubMed's ``MedlineCitation/PMID`` and JATS's
    ``article-meta/article-id`` come before any cited id).
    """
    ids: dict[str, str] = {}
    for m in _ARTICLE_ID.finditer(xml):
        ids.setdefault("pmid" if m.group(1) == "pmid" else "pmc", m.group(2))
    if "pmc" in ids:
        digits = ids["pmc"].upper().removeprefix("PMC")
        return f"PMC{digits}"
    if "pmid" in ids:
        return ids["pmid"]
    found = _PMID.search(xml)
    if found:
        return found.group(1)
    found = _BIOC_ID.search(xml)
    return found.group(1) if found and found.group(1) else None


@dataclass(frozen=True)
class Article:
    """One article element: its index in the file, its offset (characters) in the decoded file, its text."""

    index: int
    offset: int
    text: str


class SplitError(Exception):
    """The file stopped making sense part-way (undecodable bytes, an article that never closes)."""


def _encoding(head: bytes) -> str:
    """The codec to stream with, decided as :func:`.decode.decode_bytes` decides it for a whole file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return declared_encoding(head) or "utf-8"


class ArticleStream:
    """The articles of one file, read from ``stream`` chunk by chunk.

    After construction ``root`` is the root element's local name when the
    file is a set this module splits (:data:`SET_ROOTS`), else None; then
    ``envelope`` is the text up to and including the root start tag and
    ``closing`` the root end tag, which together with an article make a
    well-formed document for the safety check.
    """

    def __init__(self, stream: BinaryIO, chunk: int = CHUNK) -> None:
        self._stream = stream
        self._chunk = chunk
        self.root: str | None = None
        self.envelope = ""
        self.closing = ""
        head = stream.read(chunk)
        self._eof = not head
        try:
            self._decoder = codecs.getincrementaldecoder(_encoding(head))(errors="strict")
        except LookupError:
            return
        self._buf = self._decode(head)
        if not self._buf.lstrip().startswith("<"):
            return  # plain text (a .txt case report): nothing to split, nothing more to read
        while True:
            m = _PROLOG.match(self._buf)
            if m or self._eof or len(self._buf) > _MAX_PROLOG:
                break
            self._more()
        if not m:
            return
        name = m.group("root")
        local = name.rpartition(":")[2]
        if local not in SET_ROOTS:
            return
        self.root = local
        self.envelope = self._buf[: m.end()]
        self.closing = f"</{name}>"
        self._tags = SET_ROOTS[local]
        self._base = m.end()  # offset in the decoded file of self._buf[0]
        self._buf = self._buf[m.end() :]

    def _decode(self, data: bytes) -> str:
        try:
            return self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise SplitError(f"undecodable bytes: {e.reason}") from None

    def _more(self) -> None:
        data = self._stream.read(self._chunk)
        self._eof = not data
        self._buf += self._decode(data)

    def _drop(self, k: int) -> None:
        """Forget the first ``k`` characters of the buffer (already handed out or between articles)."""
        self._buf = self._buf[k:]
        self._base += k

    def __iter__(self) -> Iterator[Article]:
        if self.root is None:
            return
        alts = "|".join(re.escape(t) for t in self._tags)
        start_rx = re.compile(rf"<(?:[\w.-]+:)?(?:{alts})(?=[\s/>])")
        index, pos = 0, 0
        keep = max(len(t) for t in self._tags) + 16  # a start tag cut by a chunk boundary
        while True:
            m = start_rx.search(self._buf, pos)
            if not m:
                if self._eof:
                    return
                self._drop(max(0, len(self._buf) - keep))
                pos = 0
                self._more()
                continue
            self._drop(m.start())
            tag = self._buf[1 : m.end() - m.start()]
            end_rx = re.compile(rf"</{re.escape(tag)}\s*>")
            if self._buf.startswith("/>", len(tag) + 1) or re.match(rf"<{re.escape(tag)}(?:\s[^>]*)?/>", self._buf):
                pos = len(tag) + 1  # an empty article element: nothing to read
                continue
            searched = 0
            while True:
                e = end_rx.search(self._buf, searched)
                if e:
                    break
                if self._eof:
                    raise SplitError(f"unclosed <{tag}> (article {index + 1}) at character {self._base}")
                searched = max(0, len(self._buf) - len(tag) - 16)
                self._more()
            yield Article(index, self._base, self._buf[: e.end()])
            index += 1
            pos = e.end()


__all__ = ["Article", "ArticleStream", "SET_ROOTS", "SplitError", "accession"]
