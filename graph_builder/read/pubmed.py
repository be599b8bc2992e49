"""Lay out a PubMed record (efetch XML) as headed plain text.

A PubMed record is a title and an abstract; structured abstracts carry
their section names in ``AbstractText/@Label``, which becomes the heading
(mapped to the attribute's characters in the file).  MeSH, authors and
journal data are metadata, not prose, and are left out.
"""

from __future__ import annotations

from .layout import Line, Writer, inline
from .xmltree import Node

_ARTICLES = ("PubmedArticle", "PubmedBookArticle")
_GENERIC_TYPES = ("Journal Article", "Research Support")


class PubmedLayout:
    """Walks a ``PubmedArticleSet`` (or one article) and writes it to a :class:`Writer`."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.title: str | None = None
        self.kind_hint: str | None = None

    def document(self, root: Node) -> None:
        articles = [n for n in root.iter() if n.tag in _ARTICLES] or [root]
        for i, art in enumerate(articles):
            self.article(art, first=i == 0)

    def article(self, art: Node, first: bool) -> None:
        title = next(art.iter("ArticleTitle"), None) or next(art.iter("BookTitle"), None)
        if title is None or not title.text().strip():
            title = next(art.iter("VernacularTitle"), title)
        if title is not None:
            line = inline(title)
            line.rstrip()
            if first:
                self.title = line.text or None
            self.w.emit(line, "para" if first else "heading")
        for abstract in art.iter("Abstract"):
            head = Line()
            head.synth("Abstract", abstract.inner)
            self.w.emit(head, "heading")
            for part in abstract.elements("AbstractText"):
                label = part.attrs.get("Label")
                if label:
                    line = Line()
                    for piece in label:
                        line.add(piece)
                    self.w.emit(line, "heading")
                self.w.emit(inline(part))
        types = [t.text().strip() for t in art.iter("PublicationType")]
        specific = [t for t in types if t and not t.startswith(_GENERIC_TYPES)]
        if self.kind_hint is None and types:
            self.kind_hint = (specific or types)[0]
        for refs in art.iter("ReferenceList"):
            self.references(refs)

    def references(self, refs: Node) -> None:
        head = Line()
        head.synth("References", refs.inner)
        self.w.emit(head, "heading")
        for ref in refs.elements("Reference"):
            citation = ref.child("Citation")
            if citation is not None:
                self.w.emit(inline(citation))
