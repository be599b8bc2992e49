"""`kg serve --sparql`: Oxigraph's endpoint answers SPARQL over HTTP on loopback."""

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from graph_builder.graph.build import build_graph
from graph_builder.load.oxigraph import OxigraphStore as RdfStore
from graph_builder.servers.arcadedb import free_port
from graph_builder.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[2]


def test_sparql_endpoint_serves_the_store(tmp_path):
    facts = [f for p in sorted((ROOT / "examples" / "docs").iterdir()) for f in extract_document(p).facts]
    RdfStore(tmp_path).load(build_graph(facts))
    port = free_port()
    kg = str(Path(sys.executable).with_name("kg"))
    proc = subprocess.Popen([kg, "serve", "--sparql", "--data", str(tmp_path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/graph-builder/Drug> }"
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": q})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(req, timeout=2) as r:
                    data = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("endpoint did not answer")
        assert int(data["results"]["bindings"][0]["n"]["value"]) > 5
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_saved_queries_through_the_endpoint_match_the_local_store(tmp_path):
    from graph_builder.query import KnowledgeGraph, catalog

    facts = [f for p in sorted((ROOT / "examples" / "docs").iterdir()) for f in extract_document(p).facts]
    RdfStore(tmp_path).load(build_graph(facts))
    local = KnowledgeGraph.open(tmp_path)
    port = free_port()
    kg = str(Path(sys.executable).with_name("kg"))
    proc = subprocess.Popen([kg, "serve", "--data", str(tmp_path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        remote = KnowledgeGraph.connect_sparql(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                remote.sparql("ASK { ?s ?p ?o }")
                break
            except OSError:
                time.sleep(0.1)
        for name, params in (("targets_of_drug", {"drug": "lenvatinib"}), ("treatments", {"doc": "ex02_series_apatinib"}),
                             ("drugs_targeting", {"gene": "KDR"})):
            assert remote.query(name, **params).dicts() == local.query(name, **params).dicts()
        assert len(catalog()) >= 20
    finally:
        proc.terminate()
        proc.wait(timeout=10)
