"""Search by drug (INN, brand, code), target (symbol, alias), disease or document (id, title, PMID).

Brand names and codes are resolved through the project's vocabularies
(``graph_builder.vocabulary``) to the normalised name the graph uses; names
in the graph itself are matched too, so an entity outside the vocabulary
is still found.  The index is built once: the server is read-only.
"""

from __future__ import annotations

from ..vocabulary import Lexicon, diseases, drugs, norm_form, targets
from .graph import GraphReader
from .models import SearchHit, SearchResult
from .texts import Library

MAX_HITS = 50

_KINDS = (("drug", "Drug", "name", drugs), ("target", "Target", "symbol", targets), ("disease", "Disease", "name", diseases))


class SearchIndex:
    def __init__(self, graph: GraphReader, library: Library) -> None:
        self.graph = graph
        self.library = library
        # kind -> normalised name -> node id
        self.names: dict[str, dict[str, str]] = {
            kind: {norm_form(v): n for n, v in graph.entities(label, key)} for kind, label, key, _ in _KINDS}
        self.doc_nodes = {d: n for n, d in graph.entities("Document", "docId")}

    def _vocabulary(self, lex: Lexicon, q: str) -> list[tuple[str, str]]:
        """(entry name, the form that matched) for forms equal to or starting with ``q``."""
        found: dict[str, str] = {}
        exact = lex.lookup(q)
        if exact is not None:
            found[exact.name] = q
        nq = norm_form(q)
        if len(nq) >= 2:
            for form, entry in lex.forms.items():
                if form.startswith(nq) and entry.name not in found:
                    found[entry.name] = form
            for form, entry in lex.exact.items():
                if form.lower().startswith(nq) and entry.name not in found:
                    found[entry.name] = form
        return list(found.items())

    def search(self, q: str) -> SearchResult:
        q = q.strip()
        nq = norm_form(q)
        hits: list[tuple[int, str, str, str | None, str]] = []  # (rank, kind, node id, doc, why)
        seen: set[str] = set()

        def add(rank: int, kind: str, node: str, why: str, doc: str | None = None) -> None:
            if node not in seen:
                seen.add(node)
                hits.append((rank, kind, node, doc, why))

        for kind, _label, _key, lexicon in _KINDS:
            names = self.names[kind]
            for name, form in self._vocabulary(lexicon(), q):
                node = names.get(norm_form(name))
                if node:
                    add(0 if norm_form(form) == nq else 1, kind, node, form if norm_form(form) == norm_form(name)
                        else f"{form} → {name}")
            for name, node in names.items():
                if nq and nq in name:
                    add(0 if name == nq else 2, kind, node, name)
        for d in self.library.documents():
            hay = [d.id, d.title or "", d.accession or ""]
            if nq and any(nq in norm_form(h) for h in hay) and d.id in self.doc_nodes:
                add(0 if nq == norm_form(d.id) else 2, "document", self.doc_nodes[d.id], d.title or d.id, doc=d.id)
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
        hits = hits[:MAX_HITS]
        infos = self.graph.nodes([h[2] for h in hits])
        out = [SearchHit(node=infos[node], kind=kind, match=why, doc=doc) for _, kind, node, doc, why in hits
               if node in infos]
        return SearchResult(query=q, hits=out)
