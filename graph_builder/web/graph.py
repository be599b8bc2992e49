"""Read-only access to the data directory's Oxigraph store for the explorer.

Node ids are bound as IRIs through pyoxigraph's substitutions (never pasted
into query text), and every node the API returns carries its label, caption
and style colour, so the pages need no second look-up.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyoxigraph as ox

from ..graph.rdf import RDF_TYPE, iri, select
from ..graph.schema import GB, rel_type, schema
from ..load.oxigraph import term_value
from .models import Edge, More, Neighbourhood, NodeInfo
from .style import caption_key, colour

PREFIX = f"PREFIX gb: <{GB}>\n"
_RDF_TYPE = RDF_TYPE.value
MAX_NEIGHBOURS = 200


class UnknownNode(LookupError):
    """No node with this id in the graph (the API answers 404)."""


def node_iri(node_id: str) -> ox.NamedNode:
    """The IRI of a node id; an id that cannot be an IRI is unknown, not an error."""
    try:
        return iri(node_id)
    except ValueError:
        raise UnknownNode(node_id) from None


@cache
def _neighbour_labels() -> dict[tuple[str, str, str], frozenset[str]]:
    """(centre label, direction, relationship type) → the labels the ontology allows at the other end."""
    out: dict[tuple[str, str, str], set[str]] = {}
    for src, rel, dst in schema().edge_patterns:
        out.setdefault((src, "out", rel), set()).add(dst)
        out.setdefault((dst, "in", rel), set()).add(src)
    return {k: frozenset(v) for k, v in out.items()}


def _group_labels(center: str, direction: str, rel: str, types: set[str] | None) -> tuple[str, ...] | None:
    """Which neighbours of a ``center``-labelled node, along ``rel`` in ``direction``, the explorer shows.

    None: all of them (the ontology says they are never evidence spans and
    ``types`` keeps all their labels), so no node needs its label checked;
    ``()``: none of them; else the labels to keep, checked node by node.
    """
    allowed = _neighbour_labels().get((center, direction, rel))
    listed = allowed is not None
    # an edge the ontology does not list: check every node's label
    possible = allowed if allowed is not None else frozenset(schema().labels)
    wanted = {label for label in possible if label != "Evidence" and (types is None or label in types)}
    if not wanted:
        return ()
    return None if listed and wanted == possible else tuple(sorted(wanted))


class GraphReader:
    """Queries on a store opened read-only (the one the saved queries use)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, text: str, **bind: ox.NamedNode | ox.Literal) -> list[dict[str, Any]]:
        """Run a SELECT; ``bind`` values become a VALUES row at the top of the outer WHERE group.

        The terms are serialised by pyoxigraph (an IRI it validated, a literal
        it escaped): data, never query syntax.  (Oxigraph's substitutions only
        bind projected variables, which grouped queries cannot all project.)
        """
        if bind:
            where = text.index("WHERE {") + len("WHERE {")
            bound = " ".join(f"?{k}" for k in bind)
            terms = " ".join(str(v) for v in bind.values())
            text = f"{text[:where]} VALUES ({bound}) {{ ({terms}) }} {text[where:]}"
        res = select(self.store, PREFIX + text)
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names} for sol in res]

    # -------------------------------------------------------------- nodes
    def nodes(self, ids: list[str]) -> dict[str, NodeInfo]:
        """Label, literal properties and evidence count of each id (ids not in the graph are left out)."""
        if not ids:
            return {}
        values = " ".join(str(node_iri(i)) for i in ids)  # validated IRIs, serialised by pyoxigraph
        props: dict[str, dict[str, Any]] = {}
        labels: dict[str, str] = {}
        for r in self.select(f"SELECT ?n ?p ?v WHERE {{ VALUES ?n {{ {values} }} ?n ?p ?v . "
                             f"FILTER(isLiteral(?v) || ?p = <{_RDF_TYPE}>) }}"):
            if r["p"] == _RDF_TYPE:
                labels[r["n"]] = r["v"][len(GB):] if r["v"].startswith(GB) else r["v"]
            elif r["p"].startswith(GB):
                key = r["p"][len(GB):]
                props.setdefault(r["n"], {})
                if key in props[r["n"]]:  # a multi-valued property (identifiers) becomes a list
                    old = props[r["n"]][key]
                    props[r["n"]][key] = sorted({*(old if isinstance(old, list) else [old]), r["v"]}, key=str)
                else:
                    props[r["n"]][key] = r["v"]
        counts = {r["n"]: r["c"] for r in self.select(
            f"SELECT ?n (COUNT(?e) AS ?c) WHERE {{ VALUES ?n {{ {values} }} ?n gb:hasEvidence ?e }} GROUP BY ?n")}
        return {i: self._info(i, labels[i], props.get(i, {}), counts.get(i, 0)) for i in ids if i in labels}

    @staticmethod
    def _info(node_id: str, label: str, props: dict[str, Any], evidence: int) -> NodeInfo:
        cap = props.get(caption_key(label))
        if label == "Patient" and cap is not None:
            cap = f"{props.get('docId', '')} patient {cap}"
        elif cap is None or cap == "":
            cap = node_id.rsplit("/", 1)[-1]
        return NodeInfo(id=node_id, label=label, caption=str(cap), color=colour(label), props=props, evidence=evidence)

    def node(self, node_id: str) -> NodeInfo:
        found = self.nodes([node_id])
        if node_id not in found:
            raise UnknownNode(node_id)
        return found[node_id]

    # -------------------------------------------------------------- neighbourhood
    def neighbourhood(self, node_id: str, limit: int = MAX_NEIGHBOURS, offset: int = 0,
                      types: set[str] | None = None) -> Neighbourhood:
        """The node's neighbours (evidence spans aside: they open as cards), at most ``limit`` per call.

        The page draws what came back and offers "more" with the counts per
        relationship type; it never asks for the whole neighbourhood of a hub.
        Neighbours come group by group (direction, then relationship), each
        group in the store's index order (stable while the store is
        unchanged), so a page costs its own rows: a drug in 3,000 documents
        answers in milliseconds, where one query sorting all its neighbours
        took over a second.  Which groups can hold evidence spans, or nodes
        of other labels than ``types``, is read from the ontology's edge
        patterns; only those groups are checked node by node.
        """
        center = self.node(node_id)
        iri = node_iri(node_id)
        limit = max(1, min(limit, MAX_NEIGHBOURS))
        offset = max(0, int(offset))
        types = types or None  # no labels named: all of them
        groups = []  # (direction, predicate IRI, label filter or None, count)
        for r in self.select("SELECT ?dir ?p (COUNT(?o) AS ?n) WHERE { { ?node ?p ?o . FILTER(isIRI(?o)) BIND(\"out\" AS ?dir) } "
                             "UNION { ?o ?p ?node . BIND(\"in\" AS ?dir) } FILTER(STRSTARTS(STR(?p), STR(gb:))) } "
                             "GROUP BY ?dir ?p ORDER BY ?dir ?p", node=iri):
            keep = _group_labels(center.label, r["dir"], rel_type(r["p"][len(GB):]), types)
            if keep == ():
                continue  # only evidence spans, or only labels the caller filtered out
            n = r["n"] if keep is None else self._count(iri, r["dir"], r["p"], keep)
            if n:
                groups.append((r["dir"], r["p"], keep, n))
        total = sum(g[3] for g in groups)
        rows: list[tuple[str, str, str]] = []
        skip = offset
        for direction, pred, keep, n in groups:
            if skip >= n:
                skip -= n
                continue
            want = limit - len(rows)
            rows += [(direction, pred, o) for o in self._members(iri, direction, pred, keep, want, skip)]
            skip = 0
            if len(rows) >= limit:
                break
        infos = self.nodes(sorted({o for _, _, o in rows}))
        edges = []
        for direction, pred, o in rows:
            if o not in infos:
                continue
            src, dst = (node_id, o) if direction == "out" else (o, node_id)
            edges.append(Edge(source=src, target=dst, type=rel_type(pred[len(GB):])))
        more = max(0, total - offset - len(rows))
        by_type = [More(direction=d, type=rel_type(p[len(GB):]), total=n) for d, p, _, n in groups]
        return Neighbourhood(center=center, nodes=list(infos.values()), edges=edges, total=total, offset=offset,
                             more=more, by_type=by_type)

    @staticmethod
    def _group_pattern(direction: str, keep: tuple[str, ...] | None) -> str:
        edge = "?node ?p ?o ." if direction == "out" else "?o ?p ?node ."
        if keep is None:
            return edge
        labels = " ".join(f"gb:{label}" for label in keep)
        return f"{edge} ?o a ?t . VALUES ?t {{ {labels} }}"

    def _count(self, iri: ox.NamedNode, direction: str, pred: str, keep: tuple[str, ...]) -> int:
        rows = self.select(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {self._group_pattern(direction, keep)} }}",
                           node=iri, p=ox.NamedNode(pred))
        return int(rows[0]["n"]) if rows else 0

    def _members(self, iri: ox.NamedNode, direction: str, pred: str, keep: tuple[str, ...] | None, limit: int,
                 offset: int) -> list[str]:
        distinct = "DISTINCT " if keep is not None else ""  # a node of two kept labels would come twice
        rows = self.select(f"SELECT {distinct}?o WHERE {{ {self._group_pattern(direction, keep)} }} "
                           f"LIMIT {int(limit)} OFFSET {int(offset)}", node=iri, p=ox.NamedNode(pred))
        return [r["o"] for r in rows]

    def entities(self, label: str, key: str) -> list[tuple[str, str]]:
        """(id, value of ``key``) of every node of ``label``: the search index of drugs, targets, diseases."""
        return [(r["n"], str(r["v"])) for r in self.select(f"SELECT ?n ?v WHERE {{ ?n a gb:{label} ; gb:{key} ?v }}")]
