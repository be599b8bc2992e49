"""The graph schema, read from the ontology — the one source of truth.

RDF uses the ontology's IRIs directly; the property graph uses the same
terms as labels (class local names), relationship types (object
property local names in UPPER_SNAKE) and property keys (datatype
property local names).  Every label and type a writer uses is checked
against this schema, so the two stores cannot drift apart.  The object
properties' domains and ranges also give the edge patterns
(source label, TYPE, target label) the builder may write and the Bolt
loader prepares a statement for, so they are not listed a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from .. import resources

if TYPE_CHECKING:
    import rdflib

ONTOLOGY = resources.ontology("graph_builder.ttl")
GB = "https://w3id.org/graph-builder/"
GBI = GB + "id/"  # instances
KEY = "id"  # the key property of every node label


def rel_type(local: str) -> str:
    """``includesDrug`` → ``INCLUDES_DRUG``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", local).upper()


@dataclass(frozen=True)
class Schema:
    labels: frozenset[str]
    rel_types: dict[str, str]  # UPPER_SNAKE -> ontology local name
    properties: dict[str, str]  # local name -> xsd datatype local name
    label_text: dict[str, str] = field(default_factory=dict)
    # (source label, TYPE, target label): each object property's domain classes x its range classes
    edge_patterns: frozenset[tuple[str, str, str]] = frozenset()

    def check_label(self, label: str) -> str:
        if label not in self.labels:
            raise KeyError(f"label {label!r} is not a class of {ONTOLOGY.name}")
        return label

    def check_rel(self, rel: str) -> str:
        if rel not in self.rel_types:
            raise KeyError(f"relationship type {rel!r} is not an object property of {ONTOLOGY.name}")
        return rel

    def check_edge(self, source: str, rel: str, target: str) -> tuple[str, str, str]:
        """The pattern, if the ontology's domain and range of ``rel`` allow it (a wrong edge fails at build time)."""
        pattern = (source, self.check_rel(rel), target)
        if pattern not in self.edge_patterns:
            raise KeyError(f"edge ({source})-[:{rel}]->({target}) is outside the domain/range of "
                           f"{self.rel_types[rel]} in {ONTOLOGY.name}")
        return pattern


def class_names(g: rdflib.Graph, prop: rdflib.term.Node, end: rdflib.URIRef) -> list[str]:
    """Local names of ``prop``'s ``end`` (rdfs:domain or rdfs:range): one gb: class, or the members of an owl:unionOf.

    Exactly one is required: two rdfs:domain triples would mean the intersection, which no label models.
    """
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    nodes = list(g.objects(prop, end))
    if len(nodes) != 1:
        raise ValueError(f"{ONTOLOGY.name}: {prop} needs exactly one {end}, has {len(nodes)}")
    union = g.value(nodes[0], OWL.unionOf) if isinstance(nodes[0], BNode) else None
    members = list(Collection(g, union)) if union is not None else nodes
    if not all(str(m).startswith(GB) for m in members):
        raise ValueError(f"{ONTOLOGY.name}: {end} of {prop} must be a gb: class or a union of them")
    return [str(m)[len(GB):] for m in members]


@cache
def schema() -> Schema:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    g = rdflib.Graph().parse(ONTOLOGY)
    local = lambda u: str(u)[len(GB):]  # noqa: E731
    classes = {local(c) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(GB)}
    rels = {rel_type(local(p)): local(p) for p in g.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(GB)}
    props = {}
    for p in g.subjects(RDF.type, OWL.DatatypeProperty):
        rng = g.value(p, RDFS.range)
        props[local(p)] = str(rng).rsplit("#", 1)[-1] if rng else "string"
    labels = {local(c): str(g.value(c, RDFS.label) or local(c)) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(GB)}
    patterns: set[tuple[str, str, str]] = set()
    for rel, name in rels.items():
        prop = rdflib.URIRef(GB + name)
        sources, targets = class_names(g, prop, RDFS.domain), class_names(g, prop, RDFS.range)
        patterns |= {(s, rel, t) for s in sources for t in targets}
    if unknown := {c for s, _, t in patterns for c in (s, t)} - classes:
        raise ValueError(f"{ONTOLOGY.name}: domains/ranges name undeclared classes {sorted(unknown)}")
    return Schema(frozenset(classes), rels, props, labels, frozenset(patterns))
