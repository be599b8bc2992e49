"""What the builder refuses to write."""

import pytest

from graph_builder.graph.build import GraphData


def test_an_edge_outside_the_ontology_fails_loudly() -> None:
    g = GraphData()
    drug = g.node("drug/x", "Drug", name="x")
    target = g.node("target/Y", "Target", symbol="Y")
    g.edge(drug, "TARGETS", target)
    with pytest.raises(KeyError, match=r"\(Target\)-\[:TARGETS\]->\(Drug\) is outside the domain/range of targets"):
        g.edge(target, "TARGETS", drug)
    with pytest.raises(KeyError, match="not an object property"):
        g.edge(drug, "INHIBITS", target)
    with pytest.raises(KeyError, match="add both nodes first"):
        g.edge(drug, "TARGETS", "target/never-added")
    assert len(g.edges) == 1

