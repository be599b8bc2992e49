"""What the builder refuses to write, and the identifiers it writes."""

from pathlib import Path

import pytest

from graph_builder.graph.build import GraphData, build_graph
from graph_builder.graph.prefixes import converter, prefix_names
from graph_builder.pipeline import extract_document
from graph_builder import vocabulary as vocab

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


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


def test_identifier_prefixes_are_the_prefix_maps_own() -> None:
    keys = {k for load in (vocab.drugs, vocab.targets, vocab.diseases, vocab.adverse_events)
            for e in load().entries.values() for k, _ in e.ids}
    assert keys and {k.lower() for k in keys} <= prefix_names().keys()  # no key falls back to a guessed prefix
    g = build_graph([f for p in sorted(EXAMPLES.iterdir()) for f in extract_document(p).facts])
    curies = [c for n in g.nodes.values() for c in n.props.get("identifier", [])]
    assert curies and all(converter().expand(c) for c in curies), curies


@pytest.mark.parametrize("part", ["apatinib", "KDR", "doc_01.v2~a", "", "a b", "5-FU/LV", "é", "x%y", "α-1", "1,250", "ü\u0301",
                                  "tab\there", "Z-z_9"])
def test_slugs_are_what_quote_makes_of_every_part(part: str) -> None:
    from urllib.parse import quote

    from graph_builder.graph.build import _slug

    assert _slug(part, 3, part) == "/".join(quote(str(p), safe="") for p in (part, 3, part))
