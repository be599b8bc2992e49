"""The Bolt loader's Cypher is generated from the ontology, one statement per label and edge pattern."""

import shutil

import pytest

from graph_builder import lint
from graph_builder.graph.schema import KEY, schema
from graph_builder.load import bolt


def test_one_merge_statement_per_ontology_edge_pattern() -> None:
    merges = {tuple(key.split(":")[1:]) for key in bolt.CYPHER if key.startswith("merge_rels:")}
    assert merges == schema().edge_patterns


def test_generated_statements_lint_clean_against_the_ontology_schema() -> None:
    if shutil.which("node") is None:
        pytest.skip("Node.js (`node`) is not installed; the Cypher lint needs it")
    try:
        lint.check_node_modules()
    except lint.NodeModulesMissing as e:
        pytest.fail(str(e), pytrace=False)
    sch = schema()
    known = {"labels": sorted(sch.labels), "relationshipTypes": sorted(sch.rel_types),
             "propertyKeys": sorted({KEY, *sch.properties})}
    # with the schema given, a label or type the ontology lacks would be a warning: none is allowed
    assert lint.lint_cypher(dict(bolt.CYPHER), known) == {key: [] for key in bolt.CYPHER}
