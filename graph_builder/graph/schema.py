"""The graph schema, read from the ontology — the one source of truth.

RDF uses the ontology's IRIs directly; the property graph uses the same
terms as labels (class local names), relationship types (object
property local names in UPPER_SNAKE) and property keys (datatype
property local names).  Every label and type a writer uses is checked
against this schema, so the two stores cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .. import resources

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

    def check_label(self, label: str) -> str:
        if label not in self.labels:
            raise KeyError(f"label {label!r} is not a class of {ONTOLOGY.name}")
        return label

    def check_rel(self, rel: str) -> str:
        if rel not in self.rel_types:
            raise KeyError(f"relationship type {rel!r} is not an object property of {ONTOLOGY.name}")
        return rel


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
    return Schema(frozenset(classes), rels, props, labels)
