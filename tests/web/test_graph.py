"""Neighbourhoods read group by group give exactly the neighbours one query over the whole store gives."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.graph.schema import GB, GBI
from graph_builder.web.graph import GraphReader

# The plain definition: every gb: edge, either way, to a node that is not an evidence span (optionally of some labels).
REFERENCE = """PREFIX gb: <https://w3id.org/graph-builder/>
SELECT DISTINCT ?dir ?p ?o WHERE {{ {{ <{node}> ?p ?o . BIND("out" AS ?dir) }} UNION {{ ?o ?p <{node}> . BIND("in" AS ?dir) }}
  ?o a ?t . FILTER(?t != gb:Evidence && STRSTARTS(STR(?p), STR(gb:))) {types} }}"""


@pytest.fixture(scope="module")
def reader(web_data: Path):
    store = ox.Store.read_only(str(web_data / "oxigraph"))
    yield GraphReader(store)
    del store


def _reference(reader: GraphReader, node: str, types: set[str] | None) -> set[tuple[str, str, str]]:
    values = f"VALUES ?t {{ {' '.join(f'gb:{t}' for t in sorted(types))} }}" if types else ""
    rows = reader.store.query(REFERENCE.format(node=GBI + node, types=values))
    return {(r["dir"].value, r["p"].value[len(GB):], r["o"].value[len(GBI):]) for r in rows}


def _paged(reader: GraphReader, node: str, types: set[str] | None, limit: int) -> tuple[list[tuple[str, str, str]], int]:
    seen: list[tuple[str, str, str]] = []
    offset, total = 0, None
    while True:
        page = reader.neighbourhood(node, limit=limit, offset=offset, types=types)
        total = page.total if total is None else total
        assert page.total == total  # the same count on every page
        for e in page.edges:
            out = e.source == node
            seen.append(("out" if out else "in", e.type, e.target if out else e.source))
        offset += limit
        if page.more == 0:
            return seen, total


def _nodes(reader: GraphReader) -> list[str]:
    """A node of every label the examples have (documents, patients, drugs, regimens, statements…)."""
    rows = reader.store.query(f"SELECT ?t (MIN(STR(?n)) AS ?n) WHERE {{ ?n a ?t . FILTER(STRSTARTS(STR(?n), \"{GBI}\")) }} GROUP BY ?t")
    return sorted(r["n"].value[len(GBI):] for r in rows if not r["t"].value.endswith("Evidence"))


@pytest.mark.parametrize("types", [None, {"Regimen", "Patient"}, {"Document"}])
def test_pages_of_every_kind_of_node_add_up_to_its_whole_neighbourhood(reader: GraphReader, types) -> None:
    from graph_builder.graph.schema import rel_type

    nodes = _nodes(reader)
    assert len(nodes) >= 8
    for node in nodes:
        expected = {(d, rel_type(p), o) for d, p, o in _reference(reader, node, types)}
        for limit in (1, 3, 200):
            seen, total = _paged(reader, node, types, limit)
            assert len(seen) == len(set(seen)), (node, limit)  # no neighbour on two pages
            assert set(seen) == expected and total == len(expected), (node, limit, types)
