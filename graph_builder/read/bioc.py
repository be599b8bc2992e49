"""BioC documents (PubTator's export format), from XML or JSON, as headed plain text.

A BioC document is a list of passages, each with ``infons`` (``type``:
title, abstract, paragraph, title_1 …; in PMC's BioC also
``section_type``: INTRO, METHODS, CASE …) and its ``text``.  The passages
are laid out in order; a change of section label becomes a heading, a
``title_N`` passage is itself a heading, the first title passage is the
document title.

Two readers, one plan:

* **BioC XML** goes through the project's XML path (defusedxml check,
  then the offset-keeping scanner of :mod:`.xmltree`), so evidence is a
  verbatim slice of the file, exactly as for JATS and PubMed.  The
  ``bioc`` package's XML reader (lxml) would lose the offsets and
  defusedxml's protections.
* **BioC JSON** is decoded with the ``bioc`` package (``bioc.biocjson``,
  the BioC project's own reader: it knows the schema).  JSON keeps no
  offsets worth pointing at (escaped strings), so the source of a JSON
  document is the laid-out text, as for PDF and Word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from .errors import ReadError
from .layout import Line, Writer, inline
from .textview import TextView
from .xmltree import Node

T = TypeVar("T")

# Section labels (infons section_type / type) -> heading text.
_NAMES = {
    "abstract": "Abstract", "intro": "Introduction", "methods": "Methods", "results": "Results",
    "discuss": "Discussion", "concl": "Conclusions", "case": "Case report", "ref": "References",
    "table": "Tables", "fig": "Figures", "suppl": "Supplementary material", "ack": "Acknowledgements",
    "abbr": "Abbreviations", "comp_int": "Competing interests", "auth_cont": "Author contributions",
    "paragraph": "Main text", "front": "Title",
}
_TITLE_TYPES = frozenset({"title", "front"})


def heading_name(label: str) -> str:
    """``INTRO`` → ``Introduction``; an unknown label is spelled out (``fig_caption`` → ``Fig caption``)."""
    return _NAMES.get(label.lower()) or label.replace("_", " ").strip().capitalize()


def plan(passages: Iterable[tuple[dict[str, str], T]]) -> Iterator[tuple[str, T | str]]:
    """``(kind, body)`` lines for the passages: kind is ``title``, ``heading`` or ``para``.

    A body is the passage's own text (type ``T``), or a ``str`` for a
    heading the layout makes up from a section label.
    """
    current: str | None = None
    titled = False
    for infons, body in passages:
        stype = infons.get("section_type") or ""
        ptype = (infons.get("type") or "").lower()
        label = stype or ptype
        if not titled and (stype.upper() == "TITLE" or ptype in _TITLE_TYPES):
            titled, current = True, label
            yield "title", body
            continue
        if ptype.startswith("title") or ptype.endswith("_title") or "_title_" in ptype:
            current = label
            yield "heading", body
            continue
        if label and label != current:
            current = label
            yield "heading", heading_name(label)
        yield "para", body


# -- XML ----------------------------------------------------------------------


class BiocLayout:
    """Writes the ``<document>``s under ``root`` (a ``<collection>`` or one ``<document>``)."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.title: str | None = None

    def document(self, root: Node) -> None:
        for doc in root.iter("document"):
            passages = []
            for p in doc.elements("passage"):
                text = p.child("text")
                if text is not None and text.text().strip():
                    infons = {i.attr("key") or "": i.text().strip() for i in p.elements("infon")}
                    passages.append((infons, text))
            for kind, body in plan(passages):
                if isinstance(body, str):
                    line = Line()
                    pos = self.w.out.ends[-1] if self.w.out else 0
                    line.synth(body, pos)
                else:
                    line = inline(body)
                    line.rstrip()
                if kind == "title" and self.title is None:
                    self.title = line.text or None
                self.w.emit(line, "heading" if kind == "heading" else "para")


# -- JSON ---------------------------------------------------------------------


def _documents(obj: Any) -> list[dict[str, Any]]:
    """The document objects of a BioC JSON value: a collection, PubTator's wrapper, a list, or one document.

    Walked with an explicit stack (values in document order), not recursion:
    how deep the lists nest is up to the file.
    """
    out: list[dict[str, Any]] = []
    stack: list[Any] = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, list):
            stack.extend(reversed(o))
        elif isinstance(o, dict):
            if "passages" in o:
                out.append(o)
            elif isinstance(o.get("documents"), list):
                out.extend(d for d in o["documents"] if isinstance(d, dict))
            else:
                stack.extend(reversed([v for v in o.values() if isinstance(v, list)]))
    return out


def json_documents(text: str, path: str) -> list[dict[str, Any]]:
    """The BioC documents of a JSON (or JSON-lines) text; :class:`ReadError` when there are none."""
    try:
        values = [json.loads(text)]
    except RecursionError:
        raise ReadError(path, "malformed JSON: nested too deeply") from None
    except json.JSONDecodeError as first:
        try:
            values = [json.loads(line) for line in text.splitlines() if line.strip()]
        except (json.JSONDecodeError, RecursionError):
            raise ReadError(path, f"malformed JSON: {first}") from None
    docs = [d for v in values for d in _documents(v)]
    if not docs:
        raise ReadError(path, "unsupported JSON: no BioC documents (objects with 'passages')")
    return docs


def _parse(obj: dict[str, Any], path: str) -> Any:
    """A BioCDocument through ``bioc.biocjson``; missing optional lists are filled in first."""
    from bioc.biocjson.decoder import parse_doc  # type: ignore[import-untyped]  # imported here: only BioC JSON needs it

    obj = {"id": "", "infons": {}, "relations": [], **obj}
    obj["passages"] = [{"offset": 0, "infons": {}, "sentences": [], "annotations": [], "relations": [], **p}
                       for p in obj.get("passages") or [] if isinstance(p, dict)]
    try:
        return parse_doc(obj)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise ReadError(path, f"malformed BioC JSON document: {type(e).__name__}: {e}") from None


def json_view(obj: dict[str, Any], path: str) -> tuple[str, TextView, str | None]:
    """``(id, view, title)`` of one BioC JSON document; the view's source is the laid-out text."""
    doc = _parse(obj, path)
    passages = [({str(k): str(v) for k, v in (p.infons or {}).items()}, p.text.strip())
                for p in doc.passages if p.text and p.text.strip()]
    out: list[str] = []
    last, title = "", None
    for role, body in plan(passages):
        kind = "heading" if role == "heading" else "para"
        if out:
            out.append("\n" if last == "heading" and kind != "heading" else "\n\n")
        out.append(" ".join(str(body).split()) if kind == "heading" else str(body))
        if role == "title" and title is None:
            title = str(body)
        last = kind
    text = "".join(out)
    if not text.strip():
        raise ReadError(path, "empty document: no passage text")
    return str(doc.id or ""), TextView.identity(text), title


__all__ = ["BiocLayout", "heading_name", "json_documents", "json_view", "plan"]
