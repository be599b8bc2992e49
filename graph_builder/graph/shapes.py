"""SHACL shapes generated from the ontology, and validation with pyshacl.

Domains and ranges give ``sh:datatype``/``sh:class`` (an ``owl:unionOf``
domain puts the property on each member's shape); OWL cardinality
restrictions give ``sh:minCount``; ``gb:allowedValues`` gives ``sh:in``.
``ontology/shapes.ttl`` is this function's output, kept for readers (a
test checks the file is current).
"""

from __future__ import annotations

from pathlib import Path

from .schema import GB, ONTOLOGY, class_names

SHAPES_FILE = ONTOLOGY.with_name("shapes.ttl")


def shapes_graph():
    import rdflib
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

    onto = rdflib.Graph().parse(ONTOLOGY)
    g = rdflib.Graph()
    g.bind("sh", SH)
    g.bind("gb", GB)
    g.bind("xsd", XSD)
    gbn = rdflib.Namespace(GB)
    classes = sorted(c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(GB))
    by_domain: dict[URIRef, set[URIRef]] = {}
    for p in set(onto.subjects(RDFS.domain, None)):
        for c in class_names(onto, p, RDFS.domain):
            by_domain.setdefault(gbn[c], set()).add(p)
    for c in classes:
        shape = URIRef(str(c) + "Shape")
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, c))
        required = {onto.value(r, OWL.onProperty) for r in onto.objects(c, RDFS.subClassOf)
                    if (r, RDF.type, OWL.Restriction) in onto and onto.value(r, OWL.minCardinality) is not None}
        props = by_domain.get(c, set()) | required
        for p in sorted(props):
            ps = URIRef(f"{c}Shape-{str(p)[len(GB):]}")  # named, so a report says which constraint failed
            g.add((shape, SH.property, ps))
            g.add((ps, SH.path, p))
            if (p, RDF.type, OWL.DatatypeProperty) in onto:
                rng = onto.value(p, RDFS.range)
                if rng is not None:
                    g.add((ps, SH.datatype, rng))
                if p not in (gbn.identifier,):
                    g.add((ps, SH.maxCount, Literal(1)))
                allowed = onto.value(p, gbn.allowedValues)
                if allowed is not None:
                    lst = BNode()
                    Collection(g, lst, [Literal(v) for v in str(allowed).split()])
                    g.add((ps, SH["in"], lst))
            else:
                rng = class_names(onto, p, RDFS.range)
                if len(rng) != 1:  # would need sh:or; no object property has a union range yet
                    raise ValueError(f"{ONTOLOGY.name}: no shape is generated for the union range of {p}")
                g.add((ps, SH["class"], gbn[rng[0]]))
            if p in required:
                g.add((ps, SH.minCount, Literal(1)))
    return g


def validate(data_graph) -> tuple[bool, str]:
    """pyshacl validation of an rdflib graph against the generated shapes."""
    import pyshacl

    conforms, _, text = pyshacl.validate(data_graph, shacl_graph=shapes_graph(), inference="none", advanced=True)
    return bool(conforms), str(text)


if __name__ == "__main__":
    Path(SHAPES_FILE).write_text(shapes_graph().serialize(format="turtle"))
