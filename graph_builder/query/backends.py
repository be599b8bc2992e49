"""Backends that run a saved query's twin and return plain Python rows.

pyoxigraph and rdflib run the SPARQL twin with bound variables
(``substitutions`` / ``initBindings``); Bolt runs the Cypher twin with
driver parameters.  Values come back as ``int``, ``float``, ``str``,
``list`` or ``None`` and node IRIs as their graph-local ids, so rows from
different backends can be compared directly.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..graph.schema import GBI
from .catalog import SavedQuery

_INT = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}
_FLOAT = {"decimal", "double", "float"}


class Backend(Protocol):
    name: str

    def run(self, q: SavedQuery, params: dict[str, Any]) -> list[dict[str, Any]]: ...


def _local(iri: str) -> str:
    return iri[len(GBI):] if iri.startswith(GBI) else iri


class OxigraphBackend:
    """The on-disk Oxigraph store (the working RDF store)."""

    name = "rdf"

    def __init__(self, store) -> None:
        self.store = store

    def sparql(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import pyoxigraph as ox

        subs = {ox.Variable(f"p_{k}"): _ox_literal(v) for k, v in (params or {}).items() if v is not None}
        res = self.store.query(text, substitutions=subs)
        names = [v.value for v in res.variables]
        return [{n: _ox_value(sol[n]) for n in names} for sol in res]

    def run(self, q: SavedQuery, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.sparql(q.sparql, params)


def _ox_literal(v: Any):
    import pyoxigraph as ox

    if isinstance(v, bool):
        return ox.Literal("true" if v else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(v, float):
        return ox.Literal(repr(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    return ox.Literal(str(v))


def _ox_value(term) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _local(term.value)
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1] if term.datatype else "string"
        if dt in _INT:
            return int(term.value)
        if dt in _FLOAT:
            return float(term.value)
        if dt == "boolean":
            return term.value == "true"
        return term.value
    return str(term.value)


class RdflibBackend:
    """An ``rdflib.Graph`` with the same triples (the interoperability layer)."""

    name = "rdflib"

    def __init__(self, graph) -> None:
        self.graph = graph

    def sparql(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from rdflib import Literal, URIRef

        bindings = {f"p_{k}": Literal(v) for k, v in (params or {}).items() if v is not None}
        res = self.graph.query(text, initBindings=bindings)
        names = [str(v) for v in res.vars]
        rows = []
        for r in res:
            row = {}
            for n in names:
                t = r[n]
                if t is None:
                    row[n] = None
                elif isinstance(t, URIRef):
                    row[n] = _local(str(t))
                else:
                    py = t.toPython()
                    row[n] = float(py) if type(py).__name__ == "Decimal" else py
            rows.append(row)
        return rows

    def run(self, q: SavedQuery, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.sparql(q.sparql, params)


class BoltBackend:
    """Any Neo4j-compatible server through the official driver (the embedded ArcadeDB by default)."""

    name = "bolt"

    def __init__(self, driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    def cypher(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as s:
            return [dict(rec) for rec in s.run(text, **(params or {}))]

    def run(self, q: SavedQuery, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.cypher(q.cypher, params)


class SparqlEndpointBackend:
    """A remote SPARQL 1.1 endpoint (e.g. ``kg serve --sparql``) over HTTP.

    HTTP offers no pre-binding, so parameters become an inline ``VALUES``
    block at the top of the outer WHERE group, each value serialised as an
    RDF term by rdflib (quoted and escaped) — data, never query syntax.
    """

    name = "sparql-endpoint"

    def __init__(self, url: str, timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def sparql(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import json
        import re
        import urllib.parse
        import urllib.request

        from rdflib import Literal

        bound = {k: v for k, v in (params or {}).items() if v is not None}
        if bound:
            names = " ".join(f"?p_{k}" for k in bound)
            values = " ".join(Literal(v).n3() for v in bound.values())
            m = re.search(r"\bWHERE\s*\{", text, re.I)
            if m is None:
                raise ValueError("query has no WHERE group to bind parameters in")
            text = text[:m.end()] + f" VALUES ({names}) {{ ({values}) }} " + text[m.end():]
        body = urllib.parse.urlencode({"query": text}).encode()
        req = urllib.request.Request(self.url if self.url.endswith("/query") else self.url + "/query", data=body,
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            data = json.load(r)
        if "boolean" in data:  # ASK
            return [{"boolean": data["boolean"]}]
        names = data["head"]["vars"]
        return [{n: _json_term(b.get(n)) for n in names} for b in data["results"]["bindings"]]

    def run(self, q: SavedQuery, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.sparql(q.sparql, params)


def _json_term(t: dict | None) -> Any:
    if t is None:
        return None
    if t["type"] == "uri":
        return _local(t["value"])
    dt = t.get("datatype", "").rsplit("#", 1)[-1]
    if dt in _INT:
        return int(t["value"])
    if dt in _FLOAT:
        return float(t["value"])
    if dt == "boolean":
        return t["value"] == "true"
    return t["value"]
