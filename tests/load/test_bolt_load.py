"""The graph over Bolt, read back with the official driver, must match every other store."""

from pathlib import Path

import pytest

from graph_builder.graph.build import build_graph
from graph_builder.graph.export import networkx_counts, to_networkx
from graph_builder.load.oxigraph import OxigraphStore as RdfStore
from graph_builder.graph.rdf import counts as rdf_counts
from graph_builder.load import bolt
from graph_builder.servers.arcadedb import server_flavour
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents
from tallies_reference import held_counts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_graph(shared):
    facts = [f for p in iter_documents([shared / "corpus" / "seeds"]) for f in extract_document(p).facts]
    return build_graph(facts)


@pytest.fixture
def driver(bolt_target):
    d = bolt_target.driver()
    with d.session(database=bolt_target.database) as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
    yield d
    d.close()


def test_counts_agree_across_bolt_pyoxigraph_and_networkx(seeds_graph, driver, bolt_target, tmp_path):
    assert server_flavour(driver.get_server_info().agent) == "arcadedb"
    bolt.load(driver, seeds_graph, database=bolt_target.database)
    expected = held_counts(seeds_graph)
    assert bolt.counts(driver, bolt_target.database) == expected
    RdfStore(tmp_path).load(seeds_graph)
    assert rdf_counts(RdfStore(tmp_path).open()) == expected
    assert networkx_counts(to_networkx(seeds_graph)) == seeds_graph.counts()  # the graph alone: no tallies
    paths = bolt.evidence_paths(driver, bolt_target.database, limit=5)
    assert paths and all(len(p.relationships) == 3 for p in paths)
    assert {r.type for p in paths for r in p.relationships} >= {"STATES_DRUG", "HAS_EVIDENCE", "IN_DOCUMENT"}
    assert all(p.end_node["docId"] for p in paths)


def test_loading_twice_changes_nothing(seeds_graph, driver, bolt_target):
    bolt.load(driver, seeds_graph, database=bolt_target.database)
    first = bolt.counts(driver, bolt_target.database)
    bolt.load(driver, seeds_graph, database=bolt_target.database)
    assert bolt.counts(driver, bolt_target.database) == first == held_counts(seeds_graph)


def test_an_interrupted_load_completes_when_run_again(seeds_graph, driver, bolt_target):
    class Killed(Exception):
        pass

    seen = []

    def die_after_three(key, n):
        seen.append(key)
        if len(seen) == 3:
            raise Killed

    with pytest.raises(Killed):
        bolt.load(driver, seeds_graph, database=bolt_target.database, batch=40, progress=die_after_three)
    partial = bolt.counts(driver, bolt_target.database)
    assert sum(partial.values()) < sum(seeds_graph.counts().values())
    bolt.load(driver, seeds_graph, database=bolt_target.database, batch=40)
    assert bolt.counts(driver, bolt_target.database) == held_counts(seeds_graph)


KILLED_LOADER = """
import sys, time
from pathlib import Path
from graph_builder.graph.build import build_graph
from graph_builder.load import bolt
from graph_builder.servers.arcadedb import BoltTarget
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents
uri, password, database, seeds = sys.argv[1:5]
facts = [f for p in iter_documents([Path(seeds)]) for f in extract_document(p).facts]
target = BoltTarget(uri=uri, user="root", password=password, database=database, embedded=True)
def slow(key, n):
    print(key, flush=True)
    time.sleep(0.2)
with target.driver() as d:
    bolt.load(d, build_graph(facts), database=database, batch=25, progress=slow)
"""


def test_a_killed_loader_process_is_completed_by_a_rerun(seeds_graph, driver, bolt_target, shared):
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOADER, bolt_target.uri, bolt_target.password,
                             bolt_target.database or "", str(shared / "corpus" / "seeds")],
                            stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(5):  # let it commit a few batches, then kill it without warning
            assert proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = bolt.counts(driver, bolt_target.database)
    assert 0 < sum(partial.values()) < sum(seeds_graph.counts().values())
    bolt.load(driver, seeds_graph, database=bolt_target.database)
    assert bolt.counts(driver, bolt_target.database) == held_counts(seeds_graph)


def test_a_property_the_new_graph_lacks_is_gone_after_loading_again(driver, bolt_target):
    from graph_builder.graph.build import GraphData

    old, new = GraphData(), GraphData()
    old.node("drug/x", "Drug", name="drugx", role="antineoplastic")
    new.node("drug/x", "Drug", name="drugx")
    bolt.load(driver, old, database=bolt_target.database)
    bolt.load(driver, new, database=bolt_target.database)
    with driver.session(database=bolt_target.database) as s:
        props = s.run("MATCH (n:Drug {id: 'drug/x'}) RETURN properties(n) AS p").single()["p"]
    assert props == {"id": "drug/x", "name": "drugx"}


def test_a_document_written_twice_without_removing_it_is_refused_not_duplicated(seeds_graph, driver, bolt_target):
    """The writer CREATEs a document's own nodes (it removes the documents it writes first); a second copy must
    fail on the unique key, never sit beside the first."""
    bolt._constraints(driver, bolt_target.database)
    with driver.session(database=bolt_target.database) as s:
        bolt._write_chunks(s, [seeds_graph], None)
    before = bolt.counts(driver, bolt_target.database)
    assert before == held_counts(seeds_graph)
    with driver.session(database=bolt_target.database) as s, pytest.raises(Exception):
        bolt._write_chunks(s, [seeds_graph], None)
    assert bolt.counts(driver, bolt_target.database) == before
    docs = sorted(n.props["docId"] for n in seeds_graph.nodes.values() if n.label == "Document")
    with driver.session(database=bolt_target.database) as s:  # removing them first: the same graph again
        bolt._write_chunks(s, [seeds_graph], None, delete=docs)
    assert bolt.counts(driver, bolt_target.database) == before
