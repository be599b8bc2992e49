"""Read PMC JATS articles and PubMed records into a :class:`TextView`.

Two passes over the raw string: :mod:`defusedxml` first decides whether
the document is well-formed and harmless (no entity declarations, so no
"billion laughs" and no external entities; a plain ``<!DOCTYPE ...
PUBLIC>`` as PMC writes it is fine), then :func:`parse_tree` rescans it
keeping offsets, and a layout writes headed plain text whose every
character maps back into the raw XML.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, EntitiesForbidden  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from .bioc import BiocLayout
from .errors import ReadError
from .jats import JatsLayout
from .layout import Writer
from .pubmed import PubmedLayout
from .textview import TextView
from .xmltree import NAMED_ENTITIES, parse_tree

_PUBMED_ROOTS = frozenset({"PubmedArticleSet", "PubmedArticle", "PubmedBookArticle", "MedlineCitation"})
_BIOC_ROOTS = frozenset({"collection", "document"})


class _Entities(dict[str, str]):
    """Named entities for the check: HTML's names, and any other name passes.

    Only reached when the file has a DOCTYPE that expat does not read
    (PMC's JATS DTD); the scan then keeps an unknown ``&name;`` verbatim.
    """

    def __missing__(self, key: str) -> str:
        return f"&{key};"


@dataclass
class XmlDocument:
    """The rendered text (``view.source`` is the raw XML) and what the markup says."""

    view: TextView
    title: str | None
    kind_hint: str | None


def check_xml(raw: str, path: str) -> None:
    """Raise :class:`ReadError` unless ``raw`` is well-formed and declares no entities."""
    parser = DefusedXMLParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    # Files with an (unread) external DTD may use its named entities, e.g. &nbsp;.
    parser.entity = _Entities(NAMED_ENTITIES)
    try:
        parser.feed(raw)
        parser.close()
    except EntitiesForbidden:
        raise ReadError(path, "unsafe XML: entity declarations are not allowed") from None
    except DefusedXmlException:
        raise ReadError(path, "unsafe XML: external references are not allowed") from None
    except ParseError as e:
        raise ReadError(path, f"malformed XML: {e}") from None


def read_xml(raw: str, path: str, envelope: tuple[str, str] = ("", "")) -> XmlDocument:
    """Check, scan and lay out one JATS, PubMed or BioC XML document.

    ``envelope`` is the text around ``raw`` in its file when ``raw`` is one
    article split out of a set (prolog and root start tag, root end tag):
    the safety check reads the article inside it, so that the file's DOCTYPE
    and namespace declarations apply as they would to the whole file, while
    the layout (and every offset) is the article's own.
    """
    head, tail = envelope
    check_xml(head + raw + tail if head or tail else raw, path)
    try:
        root = next(parse_tree(raw).elements())
    except (ValueError, StopIteration) as e:
        raise ReadError(path, f"malformed XML: {e or 'no root element'}") from None
    writer = Writer(raw)
    article = next(root.iter("article"), None)
    if root.tag in _PUBMED_ROOTS:
        pubmed = PubmedLayout(writer)
        pubmed.document(root)
        title, kind = pubmed.title, pubmed.kind_hint
    elif article is not None:
        jats = JatsLayout(writer)
        jats.article(article)
        title, kind = jats.title, article.attr("article-type")
    elif root.tag in _BIOC_ROOTS and next(root.iter("passage"), None) is not None:
        bioc = BiocLayout(writer)
        bioc.document(root)
        title, kind = bioc.title, None
    else:
        raise ReadError(path, f"unsupported XML: root <{root.tag}> is neither a JATS article, a PubMed record nor BioC")
    view = writer.view()
    if not view.text.strip():
        raise ReadError(path, "empty document: no title, abstract or body text")
    return XmlDocument(view, title, kind)


__all__ = ["XmlDocument", "check_xml", "read_xml"]
