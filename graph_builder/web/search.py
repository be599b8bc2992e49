"""Search by drug (INN, brand, code), target (symbol, alias), disease or document (id, title, PMID).

Brand names and codes are resolved through the project's vocabularies
(``graph_builder.vocabulary``) to the normalised name the graph uses; names
in the graph itself are matched too, so an entity outside the vocabulary
is still found.  The index is built once: the server is read-only.
"""

from __future__ import annotations

from bisect import bisect_left

from ..vocabulary import Lexicon, diseases, drugs, norm_form, targets
from .graph import GraphReader
from .models import SearchHit, SearchResult
from .texts import Library

MAX_HITS = 50

_KINDS = (("drug", "Drug", "name", drugs), ("target", "Target", "symbol", targets), ("disease", "Disease", "name", diseases))


class _Prefixes:
    """A vocabulary's forms sorted for prefix lookups (bisect), each with its place in the vocabulary's own order.

    Why: a search request scanned every form of every vocabulary (tens of
    thousands) for the ones starting with the query; sorted once, the forms
    starting with it are one bisection and a run.  Matches are handed back
    in the vocabulary's order, as the scan gave them.
    """

    def __init__(self, lex: Lexicon) -> None:
        # the vocabulary's order: its normalised forms, then its case-sensitive abbreviations (matched lower-cased)
        ordered = [(form, form, e.name) for form, e in lex.forms.items()] + \
                  [(form.lower(), form, e.name) for form, e in lex.exact.items()]
        self._keys = sorted((key, i) for i, (key, _, _) in enumerate(ordered))
        self._ordered = ordered

    def starting_with(self, prefix: str) -> list[tuple[str, str]]:
        """(form as written, entry name) of the forms starting with ``prefix``, in the vocabulary's order."""
        keys = self._keys
        at = bisect_left(keys, (prefix, -1))
        hits: list[int] = []
        while at < len(keys) and keys[at][0].startswith(prefix):
            hits.append(keys[at][1])
            at += 1
        return [self._ordered[i][1:] for i in sorted(hits)]


class SearchIndex:
    """What a search looks in, built once when the (read-only) server starts, not per request."""

    def __init__(self, graph: GraphReader, library: Library) -> None:
        self.graph = graph
        self.library = library
        # kind -> normalised name -> node id
        self.names: dict[str, dict[str, str]] = {
            kind: {norm_form(v): n for n, v in graph.entities(label, key)} for kind, label, key, _ in _KINDS}
        self.doc_nodes = {d: n for n, d in graph.entities("Document", "docId")}
        self._prefixes = {kind: _Prefixes(lexicon()) for kind, _, _, lexicon in _KINDS}
        # (document id, title, normalised id, title and accession) of the documents in the graph, in id order
        self._documents = [(d.id, d.title, tuple(norm_form(h) for h in (d.id, d.title or "", d.accession or "")))
                           for d in library.documents() if d.id in self.doc_nodes]

    def _vocabulary(self, kind: str, lex: Lexicon, q: str) -> list[tuple[str, str]]:
        """(entry name, the form that matched) for forms equal to or starting with ``q``."""
        found: dict[str, str] = {}
        exact = lex.lookup(q)
        if exact is not None:
            found[exact.name] = q
        nq = norm_form(q)
        if len(nq) >= 2:
            for form, name in self._prefixes[kind].starting_with(nq):
                if name not in found:
                    found[name] = form
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
            for name, form in self._vocabulary(kind, lexicon(), q):
                node = names.get(norm_form(name))
                if node:
                    add(0 if norm_form(form) == nq else 1, kind, node, form if norm_form(form) == norm_form(name)
                        else f"{form} → {name}")
            for name, node in names.items():
                if nq and nq in name:
                    add(0 if name == nq else 2, kind, node, name)
        for doc, title, hay in self._documents if nq else ():
            if any(nq in h for h in hay):
                add(0 if nq == hay[0] else 2, "document", self.doc_nodes[doc], title or doc, doc=doc)
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
        hits = hits[:MAX_HITS]
        infos = self.graph.nodes([h[2] for h in hits])
        out = [SearchHit(node=infos[node], kind=kind, match=why, doc=doc) for _, kind, node, doc, why in hits
               if node in infos]
        return SearchResult(query=q, hits=out)
