"""The ontology's object-property domains and ranges are the graph's edge patterns."""

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDFS

from graph_builder import service
from graph_builder.graph.build import GraphData, build_graph, edge_pattern
from graph_builder.graph.schema import GB, class_names, schema
from graph_builder.models import Survival

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"
# Declared so a target family can be loaded, but no extractor produces a TargetFamily node yet:
# the Bolt loader carries an unused (linted) statement for it.
DECLARED_NOT_WRITTEN = {("Target", "MEMBER_OF", "TargetFamily")}


@pytest.fixture(scope="module")
def examples_graph(tmp_path_factory: pytest.TempPathFactory) -> GraphData:
    data = tmp_path_factory.mktemp("examples")
    service.extract([EXAMPLES], data, jobs=1)
    return service.graph_of(data)


def _patterns(g: GraphData) -> set[tuple[str, str, str]]:
    return {edge_pattern(g, e) for e in g.edges}


def test_the_ontology_allows_exactly_what_the_builder_writes(examples_graph: GraphData) -> None:
    # No example reports survival for a whole cohort; one such fact reaches the builder's cohort branch.
    cohort_survival = build_graph([Survival(doc="synthetic", endpoint="OS", value=12.0, unit="months")])
    assert ("Cohort", "HAD_SURVIVAL", "SurvivalMeasurement") in _patterns(cohort_survival)
    written = _patterns(examples_graph) | _patterns(cohort_survival)
    assert written == schema().edge_patterns - DECLARED_NOT_WRITTEN


def test_every_object_property_has_patterns_and_every_pattern_known_labels() -> None:
    sch = schema()
    assert {rel for _, rel, _ in sch.edge_patterns} == set(sch.rel_types)
    assert {c for s, _, t in sch.edge_patterns for c in (s, t)} <= sch.labels


def test_domains_and_ranges_are_one_class_or_a_union() -> None:
    gb = rdflib.Namespace(GB)
    g = rdflib.Graph().parse(format="turtle", data=f"""
        @prefix gb: <{GB}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        gb:union rdfs:domain [ a owl:Class ; owl:unionOf ( gb:Patient gb:Cohort ) ] ; rdfs:range gb:Regimen .
        gb:noDomain rdfs:range gb:Regimen .
        gb:twoDomains rdfs:domain gb:Patient , gb:Cohort ; rdfs:range <http://example.org/Elsewhere> .
    """)
    assert class_names(g, gb.union, RDFS.domain) == ["Patient", "Cohort"]
    assert class_names(g, gb.union, RDFS.range) == ["Regimen"]
    for prop, end, why in ((gb.noDomain, RDFS.domain, "exactly one"), (gb.twoDomains, RDFS.domain, "exactly one"),
                           (gb.twoDomains, RDFS.range, "gb: class")):
        with pytest.raises(ValueError, match=why):
            class_names(g, prop, end)
