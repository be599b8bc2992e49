"""graph/rdf.select: a query that gives no rows is refused by name, not by a missing attribute later."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph_builder.graph.rdf import select

_EX = "http://example.org/"


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode(_EX + "sunitinib"), ox.NamedNode(_EX + "targets"), ox.NamedNode(_EX + "KDR")))
    return s


def test_select_gives_rows(store: ox.Store) -> None:
    rows = select(store, f"SELECT ?d WHERE {{ ?d <{_EX}targets> <{_EX}KDR> }}")
    assert [r["d"].value for r in rows] == [_EX + "sunitinib"]


@pytest.mark.parametrize(("query", "kind"), [
    (f"ASK {{ ?d <{_EX}targets> ?t }}", "an ASK"),
    (f"CONSTRUCT {{ ?d <{_EX}hits> ?t }} WHERE {{ ?d <{_EX}targets> ?t }}", "a CONSTRUCT or DESCRIBE"),
])
def test_a_query_without_rows_is_refused_by_name(store: ox.Store, query: str, kind: str) -> None:
    with pytest.raises(ValueError, match=f"a SELECT query was expected, not {kind} query"):
        select(store, query)
