"""Lay out a JATS article (PMC ``.nxml``) as headed plain text.

Only what a reader of the paper reads is kept: the article title, the
abstract(s), the body, figure and table captions, table rows, back
matter and the reference list.  Journal, author and affiliation front
matter is dropped because it reads like prose but states no case facts.
Inline markup is transparent; block elements become paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .layout import Line, Writer
from .xmltree import Node, Piece

# Elements that break a paragraph (directly or through a descendant).
_BLOCK = frozenset(
    "p sec title label fig fig-group table-wrap table-wrap-group table table-wrap-foot tr list list-item "
    "disp-quote disp-formula disp-formula-group boxed-text fn fn-group ref-list ref caption def-list def-item "
    "speech statement verse-group chem-struct-wrap supplementary-material preformat code ack app app-group "
    "glossary notes abstract trans-abstract body back front floats-group sub-article response bio attrib".split()
)
# Elements whose text is not part of the reading text.
_SKIP = frozenset(
    "graphic inline-graphic media alt-text long-desc object-id permissions processing-meta private-char "
    "trans-abstract sub-article response kwd-group".split()
)
# Section-like elements and the heading they get when they have no title.
_SECTIONS = {"sec": None, "abstract": "Abstract", "ack": "Acknowledgements", "app": None, "bio": None,
             "glossary": None, "notes": None, "fn-group": None, "boxed-text": None}
_BACK_DEFAULTS = {"glossary": "Abbreviations", "notes": "Notes", "fn-group": "Notes"}
# Citation parts that abut without spaces in structured references.
_SPACED = frozenset("element-citation nlm-citation person-group name string-name collab".split())
_WORD = {"fig": "Figure", "table-wrap": "Table"}
_LABEL_WORD = re.compile(r"(?:fig(?:ure)?s?|tab(?:le)?s?)\b\.?\s*", re.I)
_SOFT = object()  # on the inline walk's stack: "a soft space here"

# A block-level step: a generator that yields the sub-steps it needs run before it goes on.
Steps = Iterator[Any]


def _drive(steps: Steps) -> None:
    """Run a step and the sub-steps it yields, depth first, on an explicit stack.

    The layout reads as recursive code (a section lays out its blocks, a
    block its section...), but a hostile file can nest thousands of
    elements, past Python's recursion limit; so each step is a generator
    that *yields* a sub-step instead of calling it, and only this loop
    calls.  The order of work is exactly that of the recursive calls.
    """
    stack = [steps]
    while stack:
        sub = next(stack[-1], None)
        if sub is None:
            stack.pop()
        else:
            stack.append(sub)


class JatsLayout:
    """Walks one ``<article>`` and writes it to a :class:`Writer`."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.title: str | None = None
        self._in_back = False
        self._count = {"fig": 0, "table-wrap": 0}
        self._block_cache: dict[int, bool] = {}

    # -- entry point ---------------------------------------------------
    def article(self, art: Node) -> None:
        meta = art.find("front", "article-meta")
        if meta is not None:
            title = meta.find("title-group", "article-title")
            if title is not None:
                line = self.inline(title)
                line.rstrip()
                self.title = line.text or None
                self.w.emit(line)
            for ab in meta.elements("abstract"):
                if ab.attr("abstract-type") not in ("graphical", "toc"):
                    self.block(ab)
        for part in art.elements():
            if part.tag == "back":
                self._in_back = True
                self.container(part)
                self._in_back = False
            elif part.tag in ("body", "floats-group"):
                if part.tag == "body" and meta is not None and meta.find("abstract") is not None:
                    self._body_heading(part)
                self.container(part)

    def _body_heading(self, body: Node) -> None:
        """Body paragraphs before the first ``<sec>`` would read as the abstract's: head them "Main text"."""
        first = next((c for c in body.elements() if c.tag not in _SKIP), None)
        if first is not None and first.tag == "p":
            line = Line()
            line.synth("Main text", body.inner)
            self.w.emit(line, "heading")

    # -- inline ----------------------------------------------------------
    def inline(self, node: Node | Piece, line: Line | None = None) -> Line:
        """All text under ``node``, markup transparent, into ``line`` (an explicit stack: no recursion)."""
        line = Line() if line is None else line
        stack: list[Any] = [node]
        while stack:
            item = stack.pop()
            if item is _SOFT:
                line.soft_space()
                continue
            if isinstance(item, Piece):
                line.add(item)
                continue
            if item.tag in _SKIP:
                continue
            if item.tag == "break":
                line.soft_space()
            kids = self._preferred(item) if item.tag == "alternatives" else item.children
            spaced = item.tag in _SPACED
            todo: list[Any] = []
            for c in kids:
                block = isinstance(c, Node) and self.is_block(c)
                if isinstance(c, Node) and (spaced or block):
                    todo.append(_SOFT)
                todo.append(c)
                if block:
                    todo.append(_SOFT)
            stack.extend(reversed(todo))
        return line

    @staticmethod
    def _preferred(node: Node) -> list[Node | Piece]:
        """One rendering of an ``<alternatives>``: MathML over TeX over the rest."""
        kids = [c for c in node.elements() if c.tag not in _SKIP]
        for tag in ("math", "tex-math"):
            for c in kids:
                if c.tag == tag:
                    return [c]
        return [kids[0]] if kids else []

    def is_block(self, node: Node) -> bool:
        """Whether ``node`` is a block element or holds one (post-order on an explicit stack, cached)."""
        cache = self._block_cache
        stack: list[tuple[Node, bool]] = [(node, False)]
        while stack:
            n, children_done = stack.pop()
            if id(n) in cache:
                continue
            if n.tag in _BLOCK:
                cache[id(n)] = True
            elif children_done:
                cache[id(n)] = any(cache[id(c)] for c in n.elements())
            else:
                stack.append((n, True))
                stack.extend((c, False) for c in n.elements() if id(c) not in cache)
        return cache[id(node)]

    # -- blocks ----------------------------------------------------------
    def block(self, node: Node, prefix: Line | None = None) -> None:
        _drive(self._block(node, prefix))

    def container(self, node: Node, prefix: Line | None = None, skip: tuple[str, ...] = ()) -> None:
        _drive(self._container(node, prefix, skip))

    def _block(self, node: Node, prefix: Line | None = None) -> Steps:
        tag = node.tag
        if tag in _SKIP or (tag == "abstract" and self._in_back):
            return
        if tag in _SECTIONS:
            default = _SECTIONS[tag] or (_BACK_DEFAULTS.get(tag) if self._in_back else None)
            yield self._section(node, default)
        elif tag in _WORD:
            yield self._captioned(node)
        elif tag == "table":
            self.rows(node)
        elif tag == "ref-list":
            yield self._references(node)
        elif tag == "title":  # a title outside a section (list, table foot): a line, not a heading
            self.w.emit(self.inline(node))
        elif tag == "def-item":
            line = self.inline(node.child("term") or Node("term", node.inner, node.inner))
            if line:
                line.rstrip()
                line.synth(":", line.ends[-1])
            for d in node.elements("def"):
                line.soft_space()
                self.inline(d, line)
            self.w.emit(line)
        elif tag == "alternatives":
            for c in self._preferred(node):
                if isinstance(c, Node):
                    yield self._block(c)
        else:
            yield self._container(node, prefix)

    def _container(self, node: Node, prefix: Line | None = None, skip: tuple[str, ...] = ()) -> Steps:
        """Children in order: runs of inline content are paragraphs; blocks recurse.

        A ``<label>`` (list bullet, footnote mark, reference number) is
        kept in front of the paragraph that follows it.
        """
        line = prefix if prefix is not None else Line()
        labelled = prefix is not None
        for c in node.children:
            if isinstance(c, Node) and c.tag in skip:
                continue
            if isinstance(c, Node) and c.tag == "label":
                self.w.emit(line)
                line = self.inline(c)
                line.rstrip()
                line.soft_space()
                labelled = True
            elif isinstance(c, Piece) or not self.is_block(c):
                self.inline(c, line)
            elif labelled and c.tag in ("p", "caption"):
                yield self._block(c, prefix=line)
                line, labelled = Line(), False
            else:
                self.w.emit(line)
                line, labelled = Line(), False
                yield self._block(c)
        self.w.emit(line)

    def heading(self, node: Node, default: str | None) -> None:
        label, title = node.child("label"), node.child("title")
        line = Line()
        if label is not None:
            self.inline(label, line)
            line.soft_space()
        if title is not None:
            self.inline(title, line)
        if not line.has_text() and default:
            line = Line()
            line.synth(default, node.inner)
        self.w.emit(line, "heading")

    def _section(self, node: Node, default: str | None) -> Steps:
        self.heading(node, default)
        yield self._container(node, skip=("label", "title"))

    def _captioned(self, node: Node) -> Steps:
        """A figure or table: ``Figure N. caption`` paragraph, then rows and footnotes."""
        word = _WORD[node.tag]
        self._count[node.tag] += 1
        line = Line()
        label = node.child("label")
        lab = self.inline(label) if label is not None else Line()
        lab.rstrip()
        n = self._count[node.tag]
        m = _LABEL_WORD.match(lab.text)
        if not lab:
            line.synth(f"{word} {n}", node.inner)
        elif lab.text.startswith(word):
            line.extend(lab)
        elif m:  # "Fig. 1", "FIGURE 1", "Tab. 2": the word is ours, the number is the source's
            line.synth(word + " ", lab.starts[0])
            line.extend(lab.tail(m.end()))
        elif lab.text[0].isdigit() or len(lab.text) <= 3:  # a bare "1", "2B", "S1"
            line.synth(word + " ", lab.starts[0])
            line.extend(lab)
        else:  # "Supplementary Figure 1", "Graphical abstract"
            line.extend(lab)
        caption = node.child("caption")
        if caption is not None:
            for c in caption.children:
                if isinstance(c, Node):
                    line.sentence_break()
                self.inline(c, line)
        self.w.emit(line)
        if node.tag == "table-wrap":
            for c in node.elements():
                if c.tag in ("table", "alternatives") and any(True for _ in c.iter("tr")):
                    self.rows(next(c.iter("table"), c))
                elif c.tag == "table-wrap-foot":
                    yield self._container(c)

    def rows(self, table: Node) -> None:
        """One line per ``<tr>``, cells joined by TAB."""
        for tr in table.iter("tr"):
            row = Line()
            for i, cell in enumerate(c for c in tr.elements() if c.tag in ("td", "th")):
                text = self.inline(cell)
                text.rstrip()
                if i:
                    row.synth("\t", row.ends[-1] if row else cell.inner)
                row.extend(text)
            self.w.emit(row, "row")

    def _references(self, node: Node, nested: bool = False) -> Steps:
        """The reference list under one ``References`` heading, a paragraph per ``<ref>``."""
        title = node.child("title")
        head = self.inline(title) if title is not None else Line()
        head.rstrip()
        named = head.text.lower() in ("references", "reference list")
        if not nested and not named:
            head = Line()
            head.synth("References", node.inner)
        if not (nested and named):
            self.w.emit(head, "heading")
        for c in node.elements():
            if c.tag == "ref-list":
                yield self._references(c, nested=True)
            elif c.tag == "ref":
                yield self._container(c)
            elif c.tag not in ("title", "label"):
                yield self._block(c)
