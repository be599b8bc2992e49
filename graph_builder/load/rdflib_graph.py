"""The rdflib store: the same triples as an ``rdflib.Graph``, for interoperability.

In memory only: built from a graph (``load``), or read from the data
directory's Oxigraph store when opened on one.  Parameters are bound with
rdflib's ``initBindings``.  Slower than Oxigraph (measured ~5x to load,
20-30x to aggregate), so it is never the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from ..graph.build import GraphData
from ..graph.rdf import to_rdflib
from . import tallies
from .contract import Language, LoadResult, Progress, StoreBase, register
from .oxigraph import OxigraphStore, local_id

_RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}


@register("rdflib")
class RdflibStore(StoreBase):
    """An ``rdflib.Graph`` behind the store contract."""

    name: ClassVar[str] = "rdflib"
    language: ClassVar[Language] = "sparql"
    exports: ClassVar[frozenset[str]] = frozenset(_RDFLIB_FORMATS)

    def __init__(self, data_dir: Path | None = None, graph: Any = None) -> None:
        self.data_dir = None if data_dir is None else Path(data_dir)
        self._graph = graph

    @property
    def graph(self) -> Any:
        """The ``rdflib.Graph``; read from the data directory's Oxigraph store on first use."""
        if self._graph is None:
            if self.data_dir is None:
                raise FileNotFoundError("an rdflib store without a data directory holds nothing until load()")
            with OxigraphStore(self.data_dir) as ox_store:
                self._graph = to_rdflib(ox_store.open())
        return self._graph

    def load(self, g: GraphData, progress: Progress | None = None) -> LoadResult:
        """The graph's triples as a new in-memory graph (loading twice gives the same set)."""
        self._graph = to_rdflib(g)
        self._graph.update(tallies.sparql_recount())
        n = len(self._graph)
        if progress:
            progress("triples", n)
        return LoadResult(store=self.name, items=n, location="memory")

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from rdflib import Literal, URIRef

        bindings = {f"p_{k}": Literal(v) for k, v in (params or {}).items() if v is not None}
        res = self.graph.query(text, initBindings=bindings)
        names = [str(v) for v in res.vars]
        rows = []
        for r in res:
            row: dict[str, Any] = {}
            for n in names:
                t = r[n]
                if t is None:
                    row[n] = None
                elif isinstance(t, URIRef):
                    row[n] = local_id(str(t))
                else:
                    py = t.toPython()
                    row[n] = float(py) if type(py).__name__ == "Decimal" else py
            rows.append(row)
        return rows

    def export(self, out: Path, fmt: str) -> Path:
        if fmt not in self.exports:
            return super().export(out, fmt)
        self.graph.serialize(destination=str(out), format=_RDFLIB_FORMATS[fmt])
        return out
