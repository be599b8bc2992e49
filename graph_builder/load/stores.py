"""Fill every store from the statements: RDF (Oxigraph on disk) and Bolt (embedded ArcadeDB or a real Neo4j)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..emit import StatementStore
from ..graph.build import GraphData, build_graph
from ..graph.rdf import RdfStore


@dataclass
class LoadReport:
    counts: dict[str, int]
    triples: int = 0
    bolt_rows: dict[str, int] = field(default_factory=dict)
    bolt_agent: str | None = None


def graph_of(data_dir: Path) -> GraphData:
    return build_graph(StatementStore(data_dir).facts())


def load_rdf(data_dir: Path, g: GraphData) -> int:
    return RdfStore(data_dir).load(g)


def load_bolt(data_dir: Path, g: GraphData, progress=None) -> tuple[dict[str, int], str]:
    """Load over Bolt: ``NEO4J_URI`` if set, else the embedded server (started, and stopped again if we started it)."""
    from neo4j import GraphDatabase

    from . import bolt
    from .bolt_server import EmbeddedArcadeDB, target_from_env

    target = target_from_env()
    server = None
    if target is None:
        server = EmbeddedArcadeDB(data_dir)
        was_running = server.status().get("running", False)
        target = server.start()
    try:
        with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
            agent = driver.get_server_info().agent
            rows = bolt.load(driver, g, database=target.database, progress=progress)
    finally:
        if server is not None and not was_running:
            server.stop()
    return rows, agent
