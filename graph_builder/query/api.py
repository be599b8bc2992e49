"""``KnowledgeGraph``: one entry point to build, open, connect and ask.

Examples (run by the test suite against the project's example documents)::

    >>> kg = KnowledgeGraph.open(DATA)                    # the Oxigraph store of a data directory
    >>> [t for t in kg.targets_of("lenvatinib")][:3]
    ['FGFR1', 'FGFR2', 'FGFR3']
    >>> rows = kg.query("responses", doc="ex01_case_lenvatinib")
    >>> sorted({(tuple(r.drugs), r.response) for r in rows})
    [(('lenvatinib',), 'PD'), (('lenvatinib',), 'PR'), (('sorafenib',), 'PD')]
    >>> rows[0].evidence[0].text[:20] != ""
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from ..models import VIEWS
from .backends import BoltBackend, OxigraphBackend, RdflibBackend, SparqlEndpointBackend
from .catalog import SavedQuery, catalog, get
from .shaping import view_rows


class EvidenceSpan(BaseModel):
    doc: str
    start: int
    end: int
    text: str
    section: str | None = None
    extractor: str | None = None
    confidence: float | None = None


class Row(BaseModel):
    """A typed result row; ``Rows.to_dataframe()`` turns a list of them into pandas."""

    model_config = ConfigDict(extra="allow")


class Rows(list):
    """A list of typed rows with a pandas conversion."""

    def to_dataframe(self):
        import pandas as pd  # optional dependency

        return pd.DataFrame([r.model_dump() for r in self])

    def dicts(self) -> list[dict[str, Any]]:
        """Plain dicts; ``regimen`` appears only when the regimen is named without its drugs, as in facts.md."""
        out = []
        for r in self:
            d = r.model_dump()
            if "regimen" in d and d["regimen"] is None:
                del d["regimen"]
            out.append(d)
        return out


_MODELS: dict[str, type[Row]] = {}


def _model(q: SavedQuery) -> type[Row]:
    if q.name not in _MODELS:
        fields: dict[str, Any] = {c: (Any, None) for c in q.columns}
        if q.kind == "view":
            fields["evidence"] = (list[EvidenceSpan], [])
            if q.name in ("treatments", "responses", "adverse_events"):
                fields["regimen"] = (str | None, None)
        _MODELS[q.name] = create_model(f"{q.name.title().replace('_', '')}Row", __base__=Row, **fields)
    return _MODELS[q.name]


class KnowledgeGraph:
    """The graph behind one backend: ``rdf`` (Oxigraph), ``rdflib``, or ``bolt``."""

    def __init__(self, backend) -> None:
        self.backend = backend

    # ---------------------------------------------------------------- constructors
    @classmethod
    def build(cls, documents: Iterable[Path], data_dir: Path, bolt: bool = False) -> KnowledgeGraph:
        """Extract ``documents`` into ``data_dir``, load the stores, and open the RDF store."""
        from ..emit import StatementStore
        from ..load.stores import graph_of, load_bolt, load_rdf
        from ..pipeline import extract_document
        from ..read import iter_documents

        with StatementStore(data_dir).writer() as w:
            for p in iter_documents(list(documents)):
                r = extract_document(p)
                if not r.error:
                    w.write(r)
        g = graph_of(data_dir)
        load_rdf(data_dir, g)
        if bolt:
            load_bolt(data_dir, g)
        return cls.open(data_dir)

    @classmethod
    def open(cls, data_dir: Path, backend: str = "rdf") -> KnowledgeGraph:
        """Open a data directory's RDF store with pyoxigraph (``rdf``) or as an rdflib graph (``rdflib``)."""
        from ..graph.rdf import RdfStore, to_rdflib

        store = RdfStore(Path(data_dir)).open()
        if backend == "rdflib":
            return cls(RdflibBackend(to_rdflib(store)))
        if backend != "rdf":
            raise ValueError(f"open() serves rdf or rdflib; use connect_bolt() for {backend!r}")
        return cls(OxigraphBackend(store))

    @classmethod
    def connect_bolt(cls, uri: str, user: str, password: str, database: str | None = None) -> KnowledgeGraph:
        """Connect to a Neo4j-compatible server (a real Neo4j, or the embedded ArcadeDB)."""
        from neo4j import GraphDatabase

        return cls(BoltBackend(GraphDatabase.driver(uri, auth=(user, password)), database))

    @classmethod
    def connect_sparql(cls, url: str) -> KnowledgeGraph:
        """A SPARQL endpoint, such as the one `kg serve --sparql` starts."""
        return cls(SparqlEndpointBackend(url))

    @classmethod
    def connect_embedded(cls, data_dir: Path) -> KnowledgeGraph:
        """The data directory's embedded Bolt server, started if it is not running."""
        from ..load.bolt_server import resolve_target

        t = resolve_target(Path(data_dir))
        return cls.connect_bolt(t.uri, t.user, t.password, t.database)

    # ---------------------------------------------------------------- asking
    def query(self, name: str, **params: Any) -> Rows:
        """Run a saved query by name with typed, bound parameters."""
        q = get(name)
        bound = q.bind(params)
        raw = self.backend.run(q, bound)
        model = _model(q)
        if q.kind == "view":
            return Rows(model(**r) for r in view_rows(name, raw))
        return Rows(model(**{c: r.get(c) for c in q.columns}) for r in raw)

    def sparql(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Raw SPARQL; ``params`` bind the variables ``?p_<name>``."""
        if not hasattr(self.backend, "sparql"):
            raise TypeError("this graph is behind Bolt: use cypher()")
        return self.backend.sparql(text, params)

    def cypher(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Raw Cypher with driver parameters."""
        if not hasattr(self.backend, "cypher"):
            raise TypeError("this graph is an RDF store: use sparql()")
        return self.backend.cypher(text, params)

    def to_networkx(self):
        """The graph as a ``networkx.MultiDiGraph`` (read from the RDF store)."""
        from ..graph.export import to_networkx

        return to_networkx(_graph_from_backend(self))

    # ---------------------------------------------------------------- helpers for common questions
    def targets_of(self, drug: str) -> list[str]:
        """HGNC symbols of the targets a drug is stated to act on, sorted."""
        return [r.target for r in self.query("targets_of_drug", drug=drug)]

    def drugs_targeting(self, gene: str) -> list[str]:
        return [r.drug for r in self.query("drugs_targeting", gene=gene)]

    def outcomes(self, drug: str = "", response: str = "") -> Rows:
        """Patients' responses to regimens containing ``drug`` (optionally one category)."""
        return self.query("responses_to_drug", drug=drug, response=response)

    def views(self) -> tuple[str, ...]:
        return VIEWS

    @staticmethod
    def saved_queries() -> dict[str, SavedQuery]:
        return catalog()


def _graph_from_backend(kg: KnowledgeGraph):
    """Rebuild GraphData (nodes, edges) from the RDF store, so to_networkx works on any opened store."""
    from ..graph.build import Edge, GraphData, Node
    from ..graph.schema import GB, rel_type

    rows = kg.sparql(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(STRSTARTS(STR(?p), \"{GB}\") || "
                     f"?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) }}")
    g = GraphData()
    labels = {}
    for r in rows:
        if r["p"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            labels[r["s"]] = r["o"][len(GB):]
    for s, lab in labels.items():
        g.nodes[s] = Node(s, lab, {})
    for r in rows:
        p = r["p"]
        if p.startswith(GB) and r["s"] in g.nodes:
            local = p[len(GB):]
            if r["o"] in g.nodes:
                g.edges.add(Edge(r["s"], rel_type(local), r["o"]))
            else:
                g.nodes[r["s"]].props.setdefault(local, r["o"])
    return g
