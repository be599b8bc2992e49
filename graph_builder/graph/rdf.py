"""RDF: pyoxigraph is the working store, rdflib the interoperability layer.

Measured here, pyoxigraph loads ~5x and aggregates ~20-30x faster than
rdflib, so the on-disk store under ``<data>/oxigraph`` is Oxigraph; a
user who wants an ``rdflib.Graph`` gets one from the same triples.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .build import GraphData
from .prefixes import converter
from .schema import GB, GBI, schema

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EXACT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
           "nq": ox.RdfFormat.N_QUADS, "rdf": ox.RdfFormat.RDF_XML}


def iri(node_id: str) -> ox.NamedNode:
    return ox.NamedNode(GBI + node_id)


_XSD_INTEGER = ox.NamedNode(XSD + "integer")
_XSD_DECIMAL = ox.NamedNode(XSD + "decimal")


def _literal(value: object, xsd: str) -> ox.Literal:
    if xsd in ("integer", "int"):
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if xsd in ("decimal", "double", "float"):
        return ox.Literal(repr(float(value)), datatype=_XSD_DECIMAL)
    return ox.Literal(str(value))


def triples(g: GraphData) -> Iterator[ox.Triple]:
    sch = schema()
    conv = converter()
    preds = {k: ox.NamedNode(GB + k) for k in sch.properties}
    rels = {t: ox.NamedNode(GB + local) for t, local in sch.rel_types.items()}
    classes = {c: ox.NamedNode(GB + c) for c in sch.labels}
    subjects = {nid: iri(nid) for nid in g.nodes}
    for n in g.nodes.values():
        s = subjects[n.id]
        yield ox.Triple(s, RDF_TYPE, classes[n.label])
        for k, v in n.props.items():
            p, xsd = preds[k], sch.properties[k]
            for item in v if isinstance(v, list) else [v]:
                yield ox.Triple(s, p, _literal(item, xsd))
                if k == "identifier":
                    expanded = conv.expand(item)
                    if expanded:
                        yield ox.Triple(s, EXACT, ox.NamedNode(expanded))
    for e in g.edges:
        yield ox.Triple(subjects[e.source], rels[e.type], subjects[e.target])


class RdfStore:
    """The on-disk Oxigraph store of a data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "oxigraph"

    def load(self, g: GraphData) -> int:
        """Replace the store with ``g``: written aside, then swapped in, never half-written.

        The triples go through an N-Triples file into Oxigraph's own ``bulk_load``
        (measured: ~1.4x faster than inserting Python quads, and 0.6 of the bulk
        path alone instead of 0.35).
        """
        stage = self.path.with_name(".oxigraph-new")
        shutil.rmtree(stage, ignore_errors=True)
        stage.parent.mkdir(parents=True, exist_ok=True)
        nt = self.path.with_name(".oxigraph-load.nt")
        n = 0
        with nt.open("wb") as fh:
            def counted():
                nonlocal n
                for t in triples(g):
                    n += 1
                    yield t
            ox.serialize(counted(), fh, ox.RdfFormat.N_TRIPLES)
        store = ox.Store(str(stage))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        nt.unlink()
        old = self.path.with_name(".oxigraph-old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        stage.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        return n

    def open(self, read_only: bool = True) -> ox.Store:
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no RDF store; run `kg build` first")
        return ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))

    def serialize(self, out: Path, fmt: str) -> Path:
        """Write the graph as Turtle, N-Triples, TriG, N-Quads, RDF/XML or JSON-LD (``jsonld``, via rdflib)."""
        store = self.open()
        if fmt == "jsonld":
            to_rdflib(store).serialize(destination=str(out), format="json-ld")
            return out
        with open(out, "wb") as fh:
            store.dump(fh, FORMATS[fmt], from_graph=ox.DefaultGraph() if fmt in ("ttl", "nt", "rdf") else None,
                       prefixes={k: v for k, v in converter().prefix_map.items()} if fmt in ("ttl", "trig") else None)
        return out


def to_rdflib(source: ox.Store | GraphData):
    """The same triples as an ``rdflib.Graph``."""
    import rdflib

    g = rdflib.Graph()
    for k, v in converter().prefix_map.items():
        g.bind(k, v)
    items = (q.triple for q in source) if isinstance(source, ox.Store) else triples(source)
    for t in items:
        g.add(tuple(_to_rdflib(x) for x in (t.subject, t.predicate, t.object)))
    return g


def _to_rdflib(term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else None
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt) if dt and not dt.endswith("#string") else None)
    return rdflib.BNode(str(term.value))


COUNT_LABELS = f"""PREFIX gb: <{GB}>
SELECT ?label (COUNT(?s) AS ?n) WHERE {{ ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(gb:))) BIND(STRAFTER(STR(?c), STR(gb:)) AS ?label) }}
GROUP BY ?label ORDER BY ?label"""
COUNT_RELS = f"""PREFIX gb: <{GB}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?rel (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?p), STR(gb:))) BIND(STRAFTER(STR(?p), STR(gb:)) AS ?rel) }}
GROUP BY ?rel ORDER BY ?rel"""


def counts(store: ox.Store) -> dict[str, int]:
    """Nodes per label and relationships per type, read back with SPARQL."""
    from .schema import rel_type

    out = {}
    for row in store.query(COUNT_LABELS):
        out[row["label"].value] = int(row["n"].value)
    for row in store.query(COUNT_RELS):
        out[rel_type(row["rel"].value)] = int(row["n"].value)
    return dict(sorted(out.items()))
