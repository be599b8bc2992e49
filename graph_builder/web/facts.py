"""A fact's evidence with its paragraph, and a document's text with every fact's span.

Both answer from the graph (what the stores serve) and place the spans on
the document's clean text read from its source file.
"""

from __future__ import annotations

import pyoxigraph as ox

from .graph import GraphReader, UnknownNode, node_iri
from .models import DocumentText, EvidenceItem, FactEvidence, FactRef, Span
from .texts import Library

_EVIDENCE = """SELECT DISTINCT ?e ?doc ?s ?en ?text ?sec ?ext ?conf ?page WHERE {
  { ?node gb:hasEvidence ?e } UNION { ?node a gb:Evidence . BIND(?node AS ?e) }
  ?e gb:docId ?doc ; gb:charStart ?s ; gb:charEnd ?en ; gb:text ?text .
  OPTIONAL { ?e gb:section ?sec } OPTIONAL { ?e gb:extractor ?ext } OPTIONAL { ?e gb:confidence ?conf }
  OPTIONAL { ?e gb:page ?page }
} ORDER BY ?doc ?s ?en"""

_DOC_FACTS = """SELECT ?f ?e ?s ?en ?text WHERE {
  ?e a gb:Evidence ; gb:docId ?doc ; gb:charStart ?s ; gb:charEnd ?en ; gb:text ?text .
  ?f gb:hasEvidence ?e .
} ORDER BY ?s ?en ?f"""


class Facts:
    def __init__(self, graph: GraphReader, library: Library) -> None:
        self.graph = graph
        self.library = library

    def evidence(self, node_id: str) -> FactEvidence:
        fact = self.graph.node(node_id)
        items = []
        for r in self.graph.select(_EVIDENCE, node=node_iri(node_id)):
            doc = r["doc"]
            known = doc in self.library.manifest.documents
            item = EvidenceItem(id=r["e"], doc=doc, title=self.library.info(doc).title if known else None,
                                start=r["s"], end=r["en"], text=r["text"], section=r["sec"], extractor=r["ext"],
                                confidence=r["conf"], page=r["page"])
            clean = self.library.clean_text(doc) if known else None
            where = clean.locate(r["s"], r["en"], r["text"]) if clean else None
            if clean and where:
                item.context = clean.context(*where)
            items.append(item)
        return FactEvidence(fact=fact, evidence=items)

    def document(self, doc: str) -> DocumentText:
        """The clean text and every extracted fact's evidence span on it, overlapping spans merged."""
        info = self.library.info(doc)  # KeyError → 404
        clean = self.library.clean_text(doc)
        rows = self.graph.select(_DOC_FACTS, doc=ox.Literal(doc))
        facts = self.graph.nodes(sorted({r["f"] for r in rows}))
        placed: list[tuple[int, int, str, str]] = []
        unplaced: set[str] = set()
        for r in rows:
            where = clean.locate(r["s"], r["en"], r["text"]) if clean else None
            if where is None:
                unplaced.add(r["e"])
            else:
                placed.append((*where, r["e"], r["f"]))
        spans: list[Span] = []
        for a, b, ev, f in sorted(placed):
            ref = FactRef(id=f, label=facts[f].label, caption=facts[f].caption, color=facts[f].color) if f in facts else None
            if spans and a < spans[-1].end:
                last = spans[-1]
                last.end = max(last.end, b)
            else:
                last = Span(start=a, end=b, evidence=[], facts=[])
                spans.append(last)
            if ev not in last.evidence:
                last.evidence.append(ev)
            if ref and all(x.id != ref.id for x in last.facts):
                last.facts.append(ref)
        text = clean.text if clean else ""
        return DocumentText(document=info, text=text, spans=spans, unplaced=len(unplaced))


__all__ = ["Facts", "UnknownNode"]
