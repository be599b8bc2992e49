"""The graph as RDF: one triple stream from the ontology's mapping, for every RDF store.

Measured here, pyoxigraph loads ~5x and aggregates ~20-30x faster than
rdflib, so the on-disk store (``load/oxigraph.py``) is Oxigraph; a user
who wants an ``rdflib.Graph`` gets one from the same triples.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox

from .build import GraphData
from .prefixes import converter
from .schema import GB, GBI, schema
from .sharing import SHARED_LABELS

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EXACT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
           "nq": ox.RdfFormat.N_QUADS, "rdf": ox.RdfFormat.RDF_XML}


def iri(node_id: str) -> ox.NamedNode:
    return ox.NamedNode(GBI + node_id)


_XSD_INTEGER = ox.NamedNode(XSD + "integer")
_XSD_DECIMAL = ox.NamedNode(XSD + "decimal")


def _decimal(value: str | float) -> str:
    """A number in ``xsd:decimal``'s lexical form: ``repr`` as before, without its exponent (``1e-05`` → ``0.00001``)."""
    text = repr(float(value))
    if "e" in text and math.isfinite(float(value)):
        text = format(Decimal(text), "f")
    return text


def _literal(value: str | float, xsd: str) -> ox.Literal:
    if xsd in ("integer", "int"):
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if xsd in ("decimal", "double", "float"):
        return ox.Literal(_decimal(value), datatype=_XSD_DECIMAL)
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


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_literal(value: str | float, xsd: str) -> str:
    """:func:`_literal` written as N-Triples: only ``"``, ``\\``, LF and CR need escaping in its grammar."""
    if xsd in ("integer", "int"):
        return f'"{int(value)}"^^<{XSD}integer>'
    if xsd in ("decimal", "double", "float"):
        return f'"{_decimal(value)}"^^<{XSD}decimal>'
    return '"' + str(value).translate(_NT_ESCAPES) + '"'


def ntriples(g: GraphData, written: set[str] | None = None) -> str:
    """The triples of :func:`triples` as N-Triples text, written as strings.

    What a whole load feeds to Oxigraph's ``bulk_load``: building a
    pyoxigraph term per triple and serialising them cost more than the
    bulk load itself.  Every node IRI and every external IRI from a CURIE
    still goes through ``NamedNode`` (once per node, or per identifier),
    which checks it: nothing reaches the store or a SPARQL update unchecked.
    Tested to parse back to the same triples as :func:`triples`.

    ``written``: the text of the shared nodes (graph/sharing.py: a drug, a
    target...) and of the edges between two of them that the caller has
    already put into the same load; those are left out and the ones written
    here are added.  A store is a set of triples, so leaving out text it
    already holds changes nothing, while every document names its drugs
    again: 10% of a generated library's lines, each one parsed by the bulk load.
    """
    sch = schema()
    conv = converter()
    preds = {k: f"<{GB}{k}>" for k in sch.properties}
    rels = {t: f"<{GB}{local}>" for t, local in sch.rel_types.items()}
    classes = {c: f"<{GB}{c}>" for c in sch.labels}
    rdf_type, exact = str(RDF_TYPE), str(EXACT)
    subjects = {nid: str(iri(nid)) for nid in g.nodes}
    out: list[str] = []
    add = out.append
    for n in g.nodes.values():
        start = len(out)
        s = subjects[n.id]
        add(f"{s} {rdf_type} {classes[n.label]} .\n")
        for k, v in n.props.items():
            p, xsd = preds[k], sch.properties[k]
            for item in v if isinstance(v, list) else [v]:
                add(f"{s} {p} {_nt_literal(item, xsd)} .\n")
                if k == "identifier":
                    expanded = conv.expand(item)
                    if expanded:
                        add(f"{s} {exact} {ox.NamedNode(expanded)} .\n")
        if written is not None and n.label in SHARED_LABELS:
            block = "".join(out[start:])
            if block in written:
                del out[start:]
            else:
                written.add(block)
    for e in g.edges:
        line = f"{subjects[e.source]} {rels[e.type]} {subjects[e.target]} .\n"
        if written is not None and g.nodes[e.source].label in SHARED_LABELS and g.nodes[e.target].label in SHARED_LABELS:
            if line in written:
                continue
            written.add(line)
        add(line)
    return "".join(out)


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


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The rows of a SELECT query, for callers that read rows.

    ``Store.query`` answers an ASK with a boolean and a CONSTRUCT or
    DESCRIBE with triples, which have no rows: such a query is refused
    here by name, instead of failing later on a missing attribute.
    """
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        kind = "an ASK" if isinstance(result, ox.QueryBoolean) else "a CONSTRUCT or DESCRIBE"
        raise ValueError(f"a SELECT query was expected, not {kind} query")
    return result


def counts(store: ox.Store) -> dict[str, int]:
    """Nodes per label and relationships per type, read back with SPARQL."""
    from .schema import rel_type

    out = {}
    for row in select(store, COUNT_LABELS):
        out[row["label"].value] = int(row["n"].value)
    for row in select(store, COUNT_RELS):
        out[rel_type(row["rel"].value)] = int(row["n"].value)
    return dict(sorted(out.items()))
