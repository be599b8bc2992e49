"""The data directory is a library: documents are added, changed and removed one at a time.

Every saved query must answer after a sequence of small updates exactly
as after a fresh build of the final set of documents, on every store
that follows the library incrementally; a fact two documents support
keeps the evidence of the one that stays.  And kill -9 at any point of
an update leaves the previous library, which the next build completes:
each trial runs the update in a child process that SIGKILLs itself at
one point (wrapped around a real function, so nothing in the package
knows about the test).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder import service
from graph_builder.emit import StatementStore
from graph_builder.query import KnowledgeGraph
from graph_builder.query.catalog import catalog
from graph_builder.servers.arcadedb import BoltTarget, EmbeddedArcadeDB, embedded_unavailable_reason
from tallies_reference import held_counts

# Written for these tests: two case reports that both state lenvatinib -> VEGFR2, and a study.
CASE_A = ("Lenvatinib is an oral inhibitor of VEGFR2 and FGFR1.\n\n"
          "A 62-year-old man with hepatocellular carcinoma received lenvatinib 12 mg once daily. After two months a "
          "CT scan showed a partial response. He developed grade 2 hypertension attributed to lenvatinib.\n")
CASE_A2 = CASE_A.replace("12 mg", "8 mg").replace("partial response", "complete response")
CASE_B = ("Lenvatinib is a multikinase inhibitor of VEGFR2.\n\n"
          "A 55-year-old woman with anaplastic thyroid cancer was treated with lenvatinib 24 mg daily. Imaging showed "
          "stable disease. She developed grade 3 proteinuria.\n")
STUDY_C = ("Sorafenib, an inhibitor of VEGFR2 and RAF1, was evaluated in this phase II trial. Forty patients with "
           "advanced renal cell carcinoma were enrolled and received sorafenib 400 mg twice daily. The objective "
           "response rate was 15% and the median progression-free survival was 5.5 months. Grade 3 hand-foot skin "
           "reaction occurred in 6 patients (15%).\n")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def answers(data: Path, backend: str) -> dict[str, list[str]]:
    """Every saved query's rows (with its default parameters), order-free."""
    out: dict[str, list[str]] = {}
    with KnowledgeGraph.open(data, backend) as kg:
        for name, q in catalog().items():
            if any(p.required for p in q.parameters):
                continue
            rows = kg.query(name).dicts()
            out[name] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return out


def _incremental_then_fresh(tmp_path: Path, stores: list[str], options: dict) -> tuple[Path, Path]:
    docs, lib = tmp_path / "docs", tmp_path / "library"
    a = _write(docs, "a.txt", CASE_A)
    s1 = service.build([a], lib, stores=stores, jobs=1, options=options)
    assert s1.added == ["a"] and s1.documents == 1
    b = _write(docs, "b.txt", CASE_B)
    s2 = service.build([a, b], lib, stores=stores, jobs=1, options=options)
    assert (s2.added, s2.unchanged) == (["b"], ["a"])
    _write(docs, "a.txt", CASE_A2)  # the paper's text was corrected
    s3 = service.build([docs], lib, stores=stores, jobs=1, options=options)
    assert (s3.updated, s3.unchanged) == (["a"], ["b"])
    c = _write(docs, "c.txt", STUDY_C)
    s4 = service.build([c], lib, stores=stores, jobs=1, options=options)
    assert s4.added == ["c"] and s4.documents == 3
    s5 = service.remove_documents(["b"], lib, stores=stores, options=options)
    assert s5.removed == ["b"] and s5.documents == 2
    for s in (s2, s3, s4, s5):  # each store followed by replacing documents, never reloaded whole
        assert all("documents" in r.detail for r in s.loads.values()), s.loads
    fresh_docs = tmp_path / "fresh-docs"
    shutil.copytree(docs, fresh_docs)
    (fresh_docs / "b.txt").unlink()
    return lib, fresh_docs


def test_small_updates_answer_like_a_fresh_build_on_rdf(tmp_path: Path) -> None:
    lib, fresh_docs = _incremental_then_fresh(tmp_path, ["rdf"], {})
    incremental = answers(lib, "rdf")
    fresh = tmp_path / "fresh"
    service.build([fresh_docs], fresh, stores=["rdf"], jobs=1)
    assert incremental == answers(fresh, "rdf")
    assert incremental["treatments"] and incremental["cohort_outcomes"]
    assert [d.doc for d in StatementStore(lib).results()] == ["a", "c"]


def _statement_evidence(data: Path, backend: str) -> list[str]:
    """The documents whose evidence supports "lenvatinib targets KDR"."""
    with KnowledgeGraph.open(data, backend) as kg:
        if backend == "rdf":
            rows = kg.sparql("PREFIX gb: <https://w3id.org/graph-builder/> SELECT ?doc WHERE { "
                             "?s a gb:DrugTargetStatement ; gb:statesDrug/gb:name 'lenvatinib' ; "
                             "gb:statesTarget/gb:symbol 'KDR' ; gb:hasEvidence/gb:docId ?doc }")
        else:
            rows = kg.cypher("MATCH (:Drug {name: 'lenvatinib'})<-[:STATES_DRUG]-(s:DrugTargetStatement)"
                             "-[:STATES_TARGET]->(:Target {symbol: 'KDR'}) MATCH (s)-[:HAS_EVIDENCE]->(e:Evidence) "
                             "RETURN e.docId AS doc")
    return sorted(r["doc"] for r in rows)


def test_a_shared_fact_keeps_the_evidence_of_the_document_that_stays(tmp_path: Path) -> None:
    docs, lib = tmp_path / "docs", tmp_path / "library"
    service.build([_write(docs, "a.txt", CASE_A), _write(docs, "b.txt", CASE_B)], lib, stores=["rdf"], jobs=1)
    assert _statement_evidence(lib, "rdf") == ["a", "b"]
    service.remove_documents(["a"], lib, stores=["rdf"])
    assert _statement_evidence(lib, "rdf") == ["b"]
    with KnowledgeGraph.open(lib, "rdf") as kg:  # FGFR1 was a's alone: gone with its statement and target
        assert "FGFR1" not in kg.targets_of("lenvatinib")
        assert kg.targets_of("lenvatinib") == ["KDR"]
    service.remove_documents(["b"], lib, stores=["rdf"])
    assert _statement_evidence(lib, "rdf") == []
    with KnowledgeGraph.open(lib, "rdf") as kg:
        assert kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == 0  # nothing left behind


def test_unchanged_documents_are_not_read_again_and_a_stem_collision_names_both_files(tmp_path: Path) -> None:
    lib = tmp_path / "library"
    a = _write(tmp_path / "one", "case.txt", CASE_A)
    first = service.build([a], lib, stores=[], jobs=1)
    assert first.added == ["case"]
    again = service.build([a], lib, stores=[], jobs=1)
    assert (again.read, again.unchanged) == (0, ["case"])
    other = _write(tmp_path / "two", "case.md", CASE_B)
    clash = service.build([other], lib, stores=[], jobs=1)
    assert clash.read == 0 and len(clash.skipped) == 1
    reason = clash.skipped[0].reason
    assert "'case'" in reason and str(a.resolve()) in reason and clash.skipped[0].path == str(other)
    assert [d.doc for d in StatementStore(lib).results()] == ["case"]
    assert "lenvatinib" in json.dumps([f.row() for f in StatementStore(lib).facts()])


def test_id_from_path_keeps_two_files_with_one_stem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    one, two = _write(tmp_path / "a", "case.txt", CASE_A), _write(tmp_path / "b", "case.md", CASE_B)
    s = service.build([one, two], tmp_path / "library", stores=[], jobs=1, id_from="path")
    assert (s.added, s.skipped) == (["a/case", "b/case"], [])
    assert {f.doc for f in StatementStore(tmp_path / "library").facts()} == {"a/case", "b/case"}


def test_replace_makes_the_library_exactly_the_given_documents(tmp_path: Path) -> None:
    docs, lib = tmp_path / "docs", tmp_path / "library"
    a, b = _write(docs, "a.txt", CASE_A), _write(docs, "b.txt", CASE_B)
    service.build([a, b], lib, stores=["rdf"], jobs=1)
    s = service.build([b], lib, stores=["rdf"], jobs=1, replace=True)
    assert (s.removed, s.unchanged, s.documents) == (["a"], ["b"], 1)
    assert answers(lib, "rdf")["responses"] == answers(_fresh(tmp_path, [b]), "rdf")["responses"]


def _fresh(tmp_path: Path, paths: list[Path]) -> Path:
    data = tmp_path / "fresh-replace"
    service.build(paths, data, stores=["rdf"], jobs=1)
    return data


@pytest.fixture(scope="module")
def own_bolt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltTarget]:
    """An embedded server of this module's own: the library tests empty and refill its database."""
    reason = embedded_unavailable_reason()
    if reason is not None:
        pytest.skip(f"embedded graph server unavailable: {reason}")
    server = EmbeddedArcadeDB(tmp_path_factory.mktemp("library-bolt"))
    try:
        yield server.start()
    finally:
        server.stop()


def test_small_updates_answer_like_a_fresh_build_on_bolt(tmp_path: Path, own_bolt: BoltTarget) -> None:
    options = {"bolt": {"target": own_bolt}}
    lib, fresh_docs = _incremental_then_fresh(tmp_path, ["rdf", "bolt"], options)

    def bolt_answers() -> dict[str, list[str]]:
        with KnowledgeGraph.connect_bolt(own_bolt.uri, *own_bolt.auth, database=own_bolt.database) as kg:
            return {name: sorted(json.dumps(r, sort_keys=True, default=str) for r in kg.query(name).dicts())
                    for name, q in catalog().items() if not any(p.required for p in q.parameters)}

    incremental = bolt_answers()
    assert incremental == answers(lib, "rdf")  # the two stores agree after the updates
    assert _bolt_counts(own_bolt) == held_counts(service.graph_of(lib))  # nothing of the removed document is left
    fresh = tmp_path / "fresh"
    # a fresh library loads the whole graph: documents the database has but the library lacks go first
    s = service.build([fresh_docs], fresh, stores=["bolt"], jobs=1, options=options)
    assert "documents" not in s.loads["bolt"].detail
    assert bolt_answers() == incremental
    assert _statement_evidence_bolt(own_bolt) == ["a"]


def _bolt_counts(t: BoltTarget) -> dict[str, int]:
    from graph_builder.load import bolt

    with t.driver() as driver:
        return bolt.counts(driver, t.database)


def _statement_evidence_bolt(t: BoltTarget) -> list[str]:
    with KnowledgeGraph.connect_bolt(t.uri, *t.auth, database=t.database) as kg:
        rows = kg.cypher("MATCH (:Drug {name: 'lenvatinib'})<-[:STATES_DRUG]-(s:DrugTargetStatement)"
                         "-[:STATES_TARGET]->(:Target {symbol: 'KDR'}) MATCH (s)-[:HAS_EVIDENCE]->(e:Evidence) "
                         "RETURN e.docId AS doc")
    return sorted(r["doc"] for r in rows)


# Where the child dies: a dotted attribute to wrap, and whether it dies before or after the call.
POINTS = {
    "while writing statements": ("graph_builder.emit.store.Update.write_encoded", "after", 1),
    "after the manifest is committed": ("graph_builder.emit.store.StatementStore.commit", "after", 1),
    "after the rdf update": ("graph_builder.load.oxigraph.OxigraphStore.replace_documents", "after", 1),
    "before the rdf swap": ("graph_builder.load.oxigraph.OxigraphStore._point_to", "before", 1),
    "inside the bolt transaction": ("neo4j.Transaction.commit", "before", 1),
}

CHILD = textwrap.dedent("""
    import importlib, os, signal, sys
    from pathlib import Path
    target, when, nth, data, stores, bolt = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5], sys.argv[6]
    docs = [Path(p) for p in sys.argv[7:]]
    mod_name, owner, attr = target.rsplit(".", 2) if target.count(".") >= 2 else (None, *target.split("."))
    mod = importlib.import_module(mod_name)
    holder = getattr(mod, owner)
    real = getattr(holder, attr)
    calls = [0]
    def wrapped(*a, **k):
        calls[0] += 1
        if when == "before" and calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        out = real(*a, **k)
        if when == "after" and calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return out
    setattr(holder, attr, wrapped)
    from graph_builder import service
    from graph_builder.servers.arcadedb import BoltTarget
    options = {}
    if bolt:
        uri, user, password, database = bolt.split("|")
        options = {"bolt": {"target": BoltTarget(uri=uri, user=user, password=password, database=database, embedded=True)}}
    if docs == [Path("--full-load")]:
        service.load(data, stores.split(","), full=True, options=options)
    else:
        service.build(docs, data, stores=stores.split(","), jobs=1, options=options)
    raise SystemExit("the build finished without reaching " + target)
""")


def _crash(point: str, data: Path, docs: list[Path], stores: list[str], bolt: str = "") -> None:
    target, when, nth = POINTS[point]
    proc = subprocess.run([sys.executable, "-c", CHILD, target, when, str(nth), str(data), ",".join(stores), bolt,
                           *map(str, docs)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr[-2000:]


def _library(tmp_path: Path, stores: list[str], options: dict) -> tuple[Path, Path, list[Path]]:
    docs, lib = tmp_path / "docs", tmp_path / "library"
    a, b = _write(docs, "a.txt", CASE_A), _write(docs, "b.txt", CASE_B)
    service.build([a, b], lib, stores=stores, jobs=1, options=options)
    _write(docs, "a.txt", CASE_A2)
    c = _write(docs, "c.txt", STUDY_C)
    return docs, lib, [a, b, c]


@pytest.mark.parametrize("point", ["while writing statements", "after the manifest is committed", "after the rdf update"])
def test_a_killed_update_keeps_the_library_and_the_next_build_completes_it(tmp_path: Path, point: str) -> None:
    docs, lib, paths = _library(tmp_path, ["rdf"], {})
    before_statements = sorted(f.model_dump_json() for f in StatementStore(lib).facts())
    before_answers = answers(lib, "rdf")
    _crash(point, lib, paths, ["rdf"])
    # what a user sees now: the previous library, or the new statements with the store marked behind
    m = StatementStore(lib).manifest()
    now = sorted(f.model_dump_json() for f in StatementStore(lib).facts())
    if point == "while writing statements":
        assert now == before_statements and answers(lib, "rdf") == before_answers
        assert set(m.documents) == {"a", "b"}
    else:
        assert set(m.documents) == {"a", "b", "c"} and m.stores["rdf"].pending == ["a", "c"]
    assert not list(lib.glob(".library.sqlite.*"))  # no half-converted index is left
    done = service.build(paths, lib, stores=["rdf"], jobs=1)
    assert StatementStore(lib).manifest().stores["rdf"].pending == []
    assert "documents" in done.loads["rdf"].detail  # caught up by replacing documents, not reloaded whole
    fresh = tmp_path / "fresh"
    service.build(paths, fresh, stores=["rdf"], jobs=1)
    assert answers(lib, "rdf") == answers(fresh, "rdf")
    live = {e.file for e in StatementStore(lib).manifest().documents.values()}
    assert {p.name for p in (lib / "statements").iterdir()} == live  # files of the killed run were swept


def test_a_kill_inside_the_bolt_transaction_leaves_bolt_as_it_was(tmp_path: Path, own_bolt) -> None:
    options = {"bolt": {"target": own_bolt}}
    docs, lib, paths = _library(tmp_path, ["rdf", "bolt"], options)
    def bolt_docs() -> list[str]:
        with KnowledgeGraph.connect_bolt(own_bolt.uri, *own_bolt.auth, database=own_bolt.database) as kg:
            return sorted(r["doc"] for r in kg.cypher("MATCH (d:Document) RETURN d.docId AS doc"))

    assert bolt_docs() == ["a", "b"]
    t = own_bolt
    _crash("inside the bolt transaction", lib, paths, ["rdf", "bolt"],
           bolt="|".join([t.uri, t.user, t.password, t.database or ""]))
    m = StatementStore(lib).manifest()
    assert m.stores["rdf"].pending == [] and m.stores["bolt"].pending == ["a", "c"]
    assert bolt_docs() == ["a", "b"]  # the uncommitted transaction left nothing behind
    service.build(paths, lib, stores=["rdf", "bolt"], jobs=1, options=options)
    assert bolt_docs() == ["a", "b", "c"]
    assert StatementStore(lib).manifest().stores["bolt"].pending == []


def _pubmed(records: list[tuple[str, str]]) -> str:
    """A PubMed search export of invented records (PMID, abstract)."""
    body = "".join(f'<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article><ArticleTitle>Case {pmid}.'
                   f"</ArticleTitle><Abstract><AbstractText>{text}</AbstractText></Abstract></Article></MedlineCitation>"
                   f"</PubmedArticle>\n" for pmid, text in records)
    return f'<?xml version="1.0"?>\n<PubmedArticleSet>\n{body}</PubmedArticleSet>\n'


def test_a_pubmed_set_is_one_library_document_per_article(tmp_path: Path) -> None:
    lib = tmp_path / "library"
    records = [("41000001", "A 50-year-old man with gastric cancer received apatinib 500 mg daily."),
               ("41000002", "A 66-year-old woman with lung cancer received osimertinib 80 mg daily."),
               ("41000003", "A 47-year-old man with melanoma received pembrolizumab 200 mg every 3 weeks.")]
    export = _write(tmp_path, "search.xml", _pubmed(records))
    first = service.build([export], lib, stores=["rdf"], jobs=1)
    assert first.added == ["41000001", "41000002", "41000003"]
    entries = StatementStore(lib).manifest().documents
    assert [(entries[d].part, entries[d].accession) for d in first.added] == [(0, "41000001"), (1, "41000002"), (2, "41000003")]
    records[1] = ("41000002", "A 66-year-old woman with lung cancer received osimertinib 40 mg daily.")
    _write(tmp_path, "search.xml", _pubmed(records))
    second = service.build([export], lib, stores=["rdf"], jobs=1)
    assert (second.updated, second.unchanged) == (["41000002"], ["41000001", "41000003"])
    doses = {(r["doc"], r["amount"]) for r in answers(lib, "rdf")["doses"] for r in [json.loads(r)]}
    assert ("41000002", 40.0) in doses and ("41000002", 80.0) not in doses
    again = _write(tmp_path / "other", "again.xml", _pubmed(records[:1]))  # the same article exported twice
    clash = service.build([again], lib, stores=["rdf"], jobs=1)
    assert clash.read == 0 and clash.skipped[0].path == str(again)
    assert clash.skipped[0].reason == f"article 41000001 is already in the library from {export.resolve()} (article 1)"


def test_a_kill_before_the_rdf_swap_leaves_the_old_store_answering(tmp_path: Path) -> None:
    docs, lib, paths = _library(tmp_path, ["rdf"], {})
    before = answers(lib, "rdf")
    service.build(paths, lib, stores=[], jobs=1)  # the library moves on; the rdf store is now behind
    _crash("before the rdf swap", lib, [Path("--full-load")], ["rdf"])
    assert answers(lib, "rdf") == before  # the old store, whole, still answers
    assert len(list(lib.glob("oxigraph.*"))) == 2  # the killed load's new generation is there, not pointed to ...
    service.build(paths, lib, stores=["rdf"], jobs=1)
    assert not list(lib.glob(".oxigraph-*")) and len(list(lib.glob("oxigraph.*"))) == 1  # ... and swept by the next one
    fresh = tmp_path / "fresh"
    service.build(paths, fresh, stores=["rdf"], jobs=1)
    assert answers(lib, "rdf") == answers(fresh, "rdf")


def test_a_kill_inside_a_whole_bolt_load_leaves_the_old_graph(tmp_path: Path, own_bolt) -> None:
    options = {"bolt": {"target": own_bolt}}
    docs, lib, paths = _library(tmp_path, ["bolt"], options)
    before = _bolt_counts(own_bolt)
    service.build(paths, lib, stores=[], jobs=1)  # the library moves on (a changed, c added)
    t = own_bolt
    _crash("inside the bolt transaction", lib, [Path("--full-load")], ["bolt"],
           bolt="|".join([t.uri, t.user, t.password, t.database or ""]))
    assert _bolt_counts(own_bolt) == before  # one transaction: nothing of the new graph, nothing of the old lost
    service.load(lib, ["bolt"], full=True, options=options)
    assert _bolt_counts(own_bolt) == held_counts(service.graph_of(lib))


@pytest.mark.parametrize("how", ["an update larger than one transaction should hold", "--reload",
                                 "a store loaded at an older graph format"])
def test_a_large_update_or_a_reload_loads_the_store_whole(tmp_path: Path, how: str, monkeypatch) -> None:
    docs, lib, paths = _library(tmp_path, ["rdf"], {})
    from graph_builder.load import oxigraph
    from graph_builder.load.contract import GRAPH_FORMAT

    assert StatementStore(lib).manifest().stores["rdf"].format == GRAPH_FORMAT
    if how == "--reload":
        done = service.build(paths, lib, stores=["rdf"], jobs=1, reload=True)
    elif how == "a store loaded at an older graph format":  # e.g. before the per-drug tallies: updates cannot add them
        import sqlite3

        from graph_builder.emit.index import INDEX

        with sqlite3.connect(lib / INDEX) as conn:
            conn.execute("UPDATE stores SET format = ?", (GRAPH_FORMAT - 1,))
        conn.close()
        done = service.build(paths, lib, stores=["rdf"], jobs=1)
    else:
        a_alone = sum(StatementStore(lib).manifest().documents["a"].facts.values())
        monkeypatch.setattr(oxigraph, "WHOLE_LOAD_STATEMENTS", a_alone)  # the update (a and c) owes more than that
        done = service.build(paths, lib, stores=["rdf"], jobs=1)
    assert "documents" not in done.loads["rdf"].detail  # not a replacement of the changed documents: a whole load
    assert StatementStore(lib).manifest().stores["rdf"].pending == []
    assert StatementStore(lib).manifest().stores["rdf"].format == GRAPH_FORMAT
    fresh = tmp_path / "fresh"
    service.build(paths, fresh, stores=["rdf"], jobs=1)
    assert answers(lib, "rdf") == answers(fresh, "rdf")
