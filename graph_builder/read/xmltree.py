"""A small XML tree that remembers where every character of text came from.

ElementTree throws away offsets, and evidence must be a verbatim slice
of the file, so after :mod:`defusedxml` has checked the document we scan
the raw string ourselves: tags, text, CDATA and entity references,
tracking the element stack.  Each text run becomes a :class:`Piece`
whose characters map back to the raw string.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Named entities a DTD-less reader may meet (the JATS DTD's ISO sets are HTML's names).
NAMED_ENTITIES: dict[str, str] = {k[:-1]: v for k, v in html.entities.html5.items() if k.endswith(";")}

_TOKEN = re.compile(
    r"""(?P<comment><!--.*?-->)
    |<!\[CDATA\[(?P<cdata>.*?)\]\]>
    |(?P<pi><\?.*?\?>)
    |(?P<doctype><!DOCTYPE\s(?:[^\[>"']|"[^"]*"|'[^']*')*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\]\s*)?>)
    |</(?P<end>[^\s>]+)\s*>
    |<(?P<start>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/?)>
    |(?P<ref>&(?:\#x[0-9a-fA-F]+|\#[0-9]+|[^\s&;<]+);)
    |(?P<text>[^<&]+)""",
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE = re.compile(r"&(?:#x[0-9a-fA-F]+|#[0-9]+|[^\s&;<]+);|[^&]+|&", re.S)


@dataclass(frozen=True)
class Piece:
    """Text from the source: ``exact`` runs map char i to ``start + i``; a
    decoded reference maps every char to the whole ``[start, end)``."""

    text: str
    start: int
    end: int
    exact: bool = True

    def offsets(self) -> Iterator[tuple[str, int, int]]:
        if self.exact:
            for i, c in enumerate(self.text):
                yield c, self.start + i, self.start + i + 1
        else:
            for c in self.text:
                yield c, self.start, self.end


@dataclass
class Node:
    """An element: local tag name, attribute values as pieces, children."""

    tag: str
    start: int  # offset of "<"
    inner: int  # offset just after the start tag
    attrs: dict[str, list[Piece]] = field(default_factory=dict)
    children: list[Node | Piece] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        pieces = self.attrs.get(name)
        return None if pieces is None else "".join(p.text for p in pieces)

    def elements(self, tag: str | None = None) -> Iterator[Node]:
        """Child elements (optionally only those called ``tag``)."""
        for c in self.children:
            if isinstance(c, Node) and (tag is None or c.tag == tag):
                yield c

    def child(self, tag: str) -> Node | None:
        return next(self.elements(tag), None)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        """This element and its descendants, in document order.

        An explicit stack, not recursion: a hostile file may nest elements
        thousands deep, past Python's recursion limit.
        """
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, Node))

    def find(self, *path: str) -> Node | None:
        node: Node | None = self
        for tag in path:
            node = node.child(tag) if node else None
        return node

    def text(self) -> str:
        """All text under this element, in document order (iterative, like :meth:`pieces`)."""
        return "".join(p.text for p in self.pieces())

    def pieces(self) -> Iterator[Piece]:
        """The text pieces under this element, in document order, markup transparent."""
        stack: list[Node | Piece] = list(reversed(self.children))
        while stack:
            c = stack.pop()
            if isinstance(c, Piece):
                yield c
            else:
                stack.extend(reversed(c.children))


def _reference(ref: str, start: int) -> Piece:
    body = ref[1:-1]
    if body.startswith("#x"):
        return Piece(chr(int(body[2:], 16)), start, start + len(ref), False)
    if body.startswith("#"):
        return Piece(chr(int(body[1:])), start, start + len(ref), False)
    value = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}.get(body) or NAMED_ENTITIES.get(body)
    return Piece(value, start, start + len(ref), False) if value else Piece(ref, start, start + len(ref))


def _value(raw: str, start: int, end: int) -> list[Piece]:
    out = []
    for m in _VALUE.finditer(raw, start, end):
        tok = m.group()
        out.append(_reference(tok, m.start()) if tok.startswith("&") and len(tok) > 1 else Piece(tok, m.start(), m.end()))
    return out


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def parse_tree(raw: str) -> Node:
    """Scan a well-formed document into :class:`Node`s; raise ValueError if the scan fails."""
    root = Node("#document", 0, 0)
    stack = [root]
    pos, n = 0, len(raw)
    while pos < n:
        m = _TOKEN.match(raw, pos)
        if not m:
            line = raw.count("\n", 0, pos) + 1
            raise ValueError(f"unexpected markup at line {line}")
        kind = m.lastgroup
        if kind == "text":
            stack[-1].children.append(Piece(m.group(), m.start(), m.end()))
        elif kind == "ref":
            stack[-1].children.append(_reference(m.group(), m.start()))
        elif kind == "cdata":
            stack[-1].children.append(Piece(m.group("cdata"), m.start("cdata"), m.end("cdata")))
        elif m.group("start"):
            node = Node(_local(m.group("start")), m.start(), m.end())
            for a in _ATTR.finditer(raw, m.start("attrs"), m.end("attrs")):
                g = 2 if a.group(2) is not None else 3
                node.attrs[_local(a.group(1))] = _value(raw, a.start(g), a.end(g))
            stack[-1].children.append(node)
            if not m.group("empty"):
                stack.append(node)
        elif m.group("end"):
            if len(stack) == 1 or stack[-1].tag != _local(m.group("end")):
                raise ValueError(f"mismatched end tag </{m.group('end')}>")
            stack.pop()
        pos = m.end()
    if len(stack) != 1:
        raise ValueError(f"unclosed element <{stack[-1].tag}>")
    return root
