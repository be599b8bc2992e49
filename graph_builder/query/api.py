"""``KnowledgeGraph``: open or connect a store and ask it the saved questions.

It reads; it does not build (``graph_builder.service.build`` does).  Any
store of the registry works: the saved query's SPARQL or Cypher twin is
chosen by the store's language.

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

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, create_model, model_serializer

from ..load.contract import Store, open_store
from ..models import VIEWS
from .catalog import COLUMN_TYPES, SavedQuery, catalog, get
from .shaping import view_rows


class EvidenceSpan(BaseModel):
    """One evidence span of a view row; ``page`` is the PDF page it starts on (None for text and XML)."""

    doc: str
    start: int
    end: int
    text: str
    section: str | None = None
    extractor: str | None = None
    confidence: float | None = None
    page: int | None = None

    @model_serializer(mode="wrap")
    def _omit_no_page(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave ``page`` out where there is none, as ``models.Evidence`` and the statement rows do,
        so a text document's rows read the same from every backend as before pages existed."""
        out = handler(self)
        if out.get("page", 0) is None:
            del out["page"]
        return out


class Row(BaseModel):
    """A typed result row; ``Rows.to_dataframe()`` turns a list of them into pandas."""

    model_config = ConfigDict(extra="allow")


PAGE_SIZE = 10
"""Documents per page of :meth:`KnowledgeGraph.page`: a page of a common drug answers in tens of milliseconds."""


class Rows(list):
    """A list of typed rows with a pandas conversion (a page's also name its documents)."""

    def __init__(self, rows: Iterable[Row] = (), column_types: dict[str, str] | None = None) -> None:
        super().__init__(rows)
        self.column_types: dict[str, str] = dict(column_types or {})
        self.documents: list[str] | None = None  # set by KnowledgeGraph.page

    def to_dataframe(self):
        """A pandas DataFrame whose columns keep their declared types (the ``[dataframe]`` extra).

        Integer columns with nulls stay integers (pandas' nullable ``Int64``)
        instead of turning into float64, text is ``string``; lists stay objects.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_dataframe() needs pandas: pip install 'graph-builder[dataframe]'") from None

        df = pd.DataFrame([r.model_dump() for r in self])
        types = self.column_types
        dtypes = {"int": "Int64", "float": "Float64", "str": "string", "bool": "boolean"}
        for col, t in types.items():
            if t in dtypes and col in df.columns:
                df[col] = df[col].astype(dtypes[t])
        if df.empty and types:
            df = pd.DataFrame({c: pd.Series(dtype=dtypes.get(t, "object")) for c, t in types.items()})
        return df

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
        fields: dict[str, Any] = {c: (COLUMN_TYPES[t] | None, None) for c, t in q.columns.items()}
        if q.kind == "view":
            fields["evidence"] = (list[EvidenceSpan], [])
        _MODELS[q.name] = create_model(f"{q.name.title().replace('_', '')}Row", __base__=Row, **fields)
    return _MODELS[q.name]


class KnowledgeGraph:
    """The graph behind one store: ``rdf`` (Oxigraph), ``rdflib``, ``sparql`` (an endpoint) or ``bolt``."""

    def __init__(self, store: Store, library: Path | None = None) -> None:
        self.store = store
        self.library = Path(library) if library is not None else None  # the data directory, for pages of documents

    def close(self) -> None:
        """Release the store (and stop an embedded server that opening it started)."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- constructors
    @classmethod
    def open(cls, data_dir: Path, backend: str = "rdf") -> KnowledgeGraph:
        """A data directory's graph in the store ``backend`` (``rdf`` = Oxigraph, ``rdflib``, ``bolt``)."""
        return cls(open_store(backend, Path(data_dir)), library=Path(data_dir))

    @classmethod
    def connect_bolt(cls, uri: str, user: str, password: str, database: str | None = None) -> KnowledgeGraph:
        """Connect to a Neo4j-compatible server (a real Neo4j, or the embedded ArcadeDB)."""
        from ..servers.arcadedb import BoltTarget

        return cls(open_store("bolt", target=BoltTarget(uri, user, password, database, embedded=False)))

    @classmethod
    def connect_sparql(cls, url: str) -> KnowledgeGraph:
        """A SPARQL endpoint, such as the one `kg serve --sparql` starts."""
        return cls(open_store("sparql", url=url))

    @classmethod
    def connect_embedded(cls, data_dir: Path) -> KnowledgeGraph:
        """The data directory's embedded Bolt server, started if it is not running (and left running)."""
        return cls(open_store("bolt", Path(data_dir), keep_running=True), library=Path(data_dir))

    # ---------------------------------------------------------------- asking
    def query(self, name: str, **params: Any) -> Rows:
        """Run a saved query by name with typed, bound parameters (in the form that starts from what is bound)."""
        q = get(name)
        bound = q.bind(params)
        text, params = q.render(self.store.language, bound)
        raw = self.store.execute(text, params)
        model = _model(q)
        if q.kind == "view":
            return Rows((model(**r) for r in view_rows(name, raw)), q.columns)
        return Rows((model(**{c: r.get(c) for c in q.columns}) for r in raw), q.columns)

    def page(self, name: str, page: int = 1, size: int = PAGE_SIZE, **params: Any) -> Rows:
        """Page ``page`` (from 1) of a view, or of a question that lists rows per document (the doses of a drug,
        the lines before it...): its rows from ``size`` documents, in document-id order.

        The documents are those of the library (``drug`` given: those whose
        statements name the drug), read from the library's index, so a page
        costs the same whether a drug is in ten documents or ten thousand;
        the rows are the view's ``docs`` form for them (its other parameters
        apply as in :meth:`query`).  Every page in turn gives every row of
        ``query(name, **params)``, each once.  ``rows.documents`` lists the
        page's documents (fewer than ``size``: the last page).
        """
        q = get(name)
        if "docs" not in {p.name for p in q.parameters}:
            raise ValueError(f"query {name!r} is not paged by documents (it has no docs parameter)")
        if "docs" in params:
            raise ValueError("a page chooses its own documents: give page and size, not docs")
        if self.library is None:
            raise ValueError("pages are read from the library's index: open the graph with its data directory "
                             "(KnowledgeGraph.open(DATA, backend))")
        from ..emit import StatementStore

        docs = StatementStore(self.library).page_documents(page, size, drug=str(params.get("drug") or ""))
        rows = self.query(name, **params, docs=docs) if docs else Rows((), q.columns)
        rows.documents = docs
        return rows

    def sparql(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Raw SPARQL; ``params`` bind the variables ``?p_<name>``."""
        if self.store.language != "sparql":
            raise TypeError("this graph is behind Bolt: use cypher()")
        return self.store.execute(text, params)

    def cypher(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Raw Cypher with driver parameters."""
        if self.store.language != "cypher":
            raise TypeError("this graph is an RDF store: use sparql()")
        return self.store.execute(text, params)

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
