"""`kg bench`: how fast, how big — each store beside its own bulk path, in one run.

Extraction runs in a child process per measurement so that its peak RSS
is its own; every loading figure is reported beside the same store's
bulk path measured in the same run, as a ratio, and the slower side is
named when the ratio is below 0.5.
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from .. import service
from ..emit import StatementStore
from ..graph.build import build_graph
from ..graph.rdf import select, triples
from ..load.oxigraph import OxigraphStore
from ..parallel import default_jobs
from ..query.api import PAGE_SIZE
from .corpus import write_corpus
from .tokenizer import compare, extraction_build, startup_seconds

ROOT = Path(__file__).resolve().parents[2]


def _words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="ignore").split()) for p in paths)


def _docs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".xml"))


_CHILD = """
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
"""


def extract_run(folder: Path, data: Path, jobs: int) -> dict[str, Any]:
    """`kg build --no-rdf --no-bolt -j N` in a child: wall time and the peak RSS of the largest process."""
    kg = str(Path(sys.executable).with_name("kg"))
    out = subprocess.run([sys.executable, "-c", _CHILD, kg, "build", str(folder), "--data", str(data), "--no-rdf",
                          "--no-bolt", "-j", str(jobs)], capture_output=True, text=True, check=True)
    dt, rss_kb, rc = out.stdout.split()
    docs = _docs(folder)
    return {"docs": len(docs), "words": _words(docs), "jobs": jobs, "seconds": float(dt), "peak_rss_mb": int(rss_kb) / 1024,
            "docs_per_s": len(docs) / float(dt), "words_per_s_per_core": _words(docs) / float(dt) / jobs, "ok": rc == "0"}


def _peak_rss_mb(pid: int) -> float | None:
    """A live process's peak resident set (``VmHWM``), in MB; None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def whole_build_run(folder: Path, data: Path, jobs: int) -> dict[str, Any]:
    """`kg build` with both stores (extraction, Oxigraph, embedded Bolt) in a child: wall time and peak memory.

    Why the server is started first, outside the timed child: the child's
    peak RSS is then the largest of the project's own processes (the build
    and its workers), and the server's peak (its JVM, bounded by its heap
    setting whatever the corpus) is read apart from /proc, so that neither
    hides the other.
    """
    from ..servers.arcadedb import EmbeddedArcadeDB

    kg = str(Path(sys.executable).with_name("kg"))
    server = EmbeddedArcadeDB(data)
    server.acquire(keep=True)
    server.release()  # kept: the build below takes its own lease and leaves it running
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, kg, "build", str(folder), "--data", str(data), "-j", str(jobs)],
                             capture_output=True, text=True, check=True)
        pid = server.status().get("pid")
        server_mb = _peak_rss_mb(pid) if isinstance(pid, int) else None
    finally:
        server.stop()
    dt, rss_kb, rc = out.stdout.split()
    return {"docs": len(_docs(folder)), "jobs": jobs, "seconds": float(dt), "peak_rss_mb": int(rss_kb) / 1024,
            "server_peak_rss_mb": server_mb, "ok": rc == "0"}


def _timed(fn) -> tuple[Any, float]:
    t = time.perf_counter()
    v = fn()
    return v, time.perf_counter() - t


OXIGRAPH_RUNS = 3
"""Whole Oxigraph loads (and bulk loads) timed per corpus, alternated; the ratio is of their medians.  One of each
gave ratios from 0.48 to 0.55 for the same code on this 2-core VM (10,000 documents, runs hours apart)."""


def load_runs(data: Path, bolt, rdflib_too: bool = True, warm_up: bool = False) -> dict[str, Any]:
    """Each store's load beside its bulk path.

    ``bolt`` is a live server target, left holding the graph for the query
    timing, or None; ``warm_up`` loads once untimed first (a fresh server).
    """
    import pyoxigraph as ox

    from ..graph.export import write_admin_csv

    facts = list(StatementStore(data).facts())
    g, t_graph = _timed(lambda: build_graph(facts))
    res: dict[str, Any] = {"statements": len(facts), "nodes": len(g.nodes), "relationships": len(g.edges),
                           "graph_seconds": t_graph}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        nt = tmp / "g.nt"
        with nt.open("wb") as fh:
            ox.serialize(triples(g), fh, ox.RdfFormat.N_TRIPLES)
        ours_runs: list[float] = []
        bulk_runs: list[float] = []
        for i in range(OXIGRAPH_RUNS):
            # statements -> Oxigraph end to end, as `kg build` loads it (the last one kept: the query benchmark reads it)
            n_triples, t_ours = _timed(lambda: service.load(data, ["rdf"], full=True)["rdf"].items)
            bulk_store = ox.Store(str(tmp / f"bulk{i}"))
            t = time.perf_counter()
            bulk_store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            bulk_runs.append(time.perf_counter() - t)
            ours_runs.append(t_ours)
            del bulk_store  # closed before its folder goes
            shutil.rmtree(tmp / f"bulk{i}")
        res["pyoxigraph"] = _ratio("triples", n_triples, statistics.median(ours_runs), statistics.median(bulk_runs),
                                   "bulk_load of the same N-Triples")
        res["pyoxigraph"]["measured"] = ("statements on disk -> store, end to end (kg build's whole load); "
                                         f"median of {OXIGRAPH_RUNS} runs each, alternated")
        res["pyoxigraph"]["runs"] = {"ours_seconds": ours_runs, "bulk_seconds": bulk_runs}
        res["pyoxigraph"]["statements_per_s"] = len(facts) / t_ours
        if rdflib_too:  # rdflib holds everything in Python objects: measured on the smaller corpora only
            import rdflib

            from ..load.rdflib_graph import RdflibStore

            _, t_rl = _timed(lambda: RdflibStore().load(g).items)
            _, t_rl_bulk = _timed(lambda: len(rdflib.Graph().parse(str(nt), format="nt")))
            res["rdflib"] = _ratio("triples", n_triples, t_rl, t_rl_bulk, "rdflib's own N-Triples parser")
            res["rdflib"]["statements_per_s"] = len(facts) / t_rl
        res["neo4j_admin_csv_bytes"] = sum(p.stat().st_size for p in write_admin_csv(g, tmp / "csv"))
    if bolt is not None:
        res["bolt"] = _bolt_runs(g, bolt, warm_up, data=data)
    return res


def _ratio(unit: str, n: int, ours: float, bulk: float, bulk_name: str) -> dict[str, Any]:
    ratio = bulk / ours
    r: dict[str, Any] = {f"{unit}": n, "seconds": ours, f"{unit}_per_s": n / ours, "bulk_path": bulk_name,
                         "bulk_seconds": bulk, f"bulk_{unit}_per_s": n / bulk, "ratio": ratio}
    if ratio < 0.5:
        r["bottleneck"] = ("reading the statements and writing their triples (spread over the pool)" if unit == "triples"
                           else "batching")
    return r


BULK_ROWS = 20_000
"""Rows per message on the "one UNWIND per label" path: one message per label up to this many rows.

An unbounded message (every Evidence row at once, 10k documents) passed
ArcadeDB's 16 MiB Bolt limit; the server answered "BOLT message too large"
and the driver then waited forever.  20,000 Evidence rows are ~8 MiB.
"""
CALL_TIMEOUT_S = 900.0
"""No bench call on a server waits longer than this: a stuck call is reported, not waited for."""


def _deadline(fn: Callable[[], Any], seconds: float, on_timeout: Callable[[], None]) -> Any:
    """``fn()`` in a worker thread; past ``seconds``, ``on_timeout()`` (close the driver) and TimeoutError."""
    pool = ThreadPoolExecutor(max_workers=1)
    fut = pool.submit(fn)
    try:
        return fut.result(timeout=seconds)
    except FutureTimeout:
        on_timeout()
        raise TimeoutError(f"bench call exceeded {seconds:.0f} s") from None
    finally:
        pool.shutdown(wait=False)


def _bolt_runs(g, target, warm_up: bool, timeout: float = CALL_TIMEOUT_S, data: Path | None = None) -> dict[str, Any]:
    """Our load vs one UNWIND per label/type (bounded by ``BULK_ROWS``), after a warm-up load.

    Ours is what ``kg build`` does when ``data`` is given: the statements on
    disk, one document's graph at a time, merged in chunks
    (``BoltStore.load_stream`` on this server: in place, as on a user's Neo4j).

    The first MERGEs a JVM server sees run cold: the warm-up keeps that
    cost out of both timings, and the bulk path runs before ours so the
    store ends holding our load, which the query timing then reads.  Every
    call has a deadline: a call past it closes the driver and is reported.
    """
    from ..load import bolt as bl

    d = target.driver(connection_timeout=30)
    try:
        def call(fn: Callable[[], Any]) -> Any:
            return _deadline(fn, timeout, d.close)

        def wipe() -> None:
            def delete_all() -> None:
                with d.session(database=target.database) as s:
                    s.run("MATCH (n) DETACH DELETE n").consume()
            call(delete_all)
        rows = len(g.nodes) + len(g.edges)
        if warm_up:  # a fresh server: constraints, query plans, JIT
            wipe()
            call(lambda: bl.load(d, g, database=target.database))
        wipe()
        _, bulk = _timed(lambda: call(lambda: bl.load(d, g, database=target.database, batch=BULK_ROWS)))
        wipe()
        if data is None:
            _, ours = _timed(lambda: call(lambda: bl.load(d, g, database=target.database)))
        else:  # as `kg build` loads: the statements on disk, one document's graph at a time (BoltStore.load_stream)
            store = bl.BoltStore(target=target)
            docs = sorted(StatementStore(data).manifest().documents)

            def stop() -> None:  # past the deadline: the store's driver and the bench's
                store.close()
                d.close()

            try:
                _, ours = _timed(lambda: _deadline(lambda: store.load_stream(service.graphs_of(data), docs), timeout, stop))
            finally:
                store.close()
        agent = call(lambda: d.get_server_info().agent)
    except TimeoutError as e:
        return {"rows": len(g.nodes) + len(g.edges), "error": str(e)}
    finally:
        d.close()
    r = _ratio("rows", rows, ours, bulk, f"one UNWIND per label/type (<= {BULK_ROWS:,} rows a message) through the driver")
    r["agent"] = agent
    if r["ratio"] < 0.5:
        r["bottleneck"] = "transaction count (batches of 5,000)"
    return r


BOUND_DRUG = "apatinib"
"""The drug bound in the one-drug timings (every saved query's default drug; the generated corpus uses it)."""


def bound_document(kg) -> str:
    """A document to bind in the one-document timings: the middle one of the store's documents, by id."""
    docs = sorted(r["d"] for r in kg.sparql("PREFIX gb: <https://w3id.org/graph-builder/> "
                                            "SELECT ?d WHERE { ?x a gb:Document ; gb:docId ?d }"))
    return docs[len(docs) // 2] if docs else ""


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def query_runs(data: Path, backends: list[str], repeat: int = 3, bolt_target=None,
               repeat_by_backend: dict[str, int] | None = None, timeout: float = CALL_TIMEOUT_S,
               bound_repeat: int = 7) -> dict[str, Any]:
    """p50/p95 of every saved query per backend: as saved, with one bound document, with one bound drug.

    ``p50_ms``/``p95_ms`` run each query with its defaults; ``doc`` and
    ``drug`` (queries taking that parameter) bind one document or the drug
    ``BOUND_DRUG`` (``bound_repeat`` times each: they are fast, and a p95 needs
    more than one run).  The bound values are under ``_bound``.  Bolt reads the
    live ``bolt_target`` (already loaded); a Bolt call past ``timeout``
    closes its driver and is reported as an error instead of hanging.
    """
    from ..load.contract import open_store
    from ..query import KnowledgeGraph, catalog

    out: dict[str, Any] = {}
    kgs = {b: KnowledgeGraph.open(data, b) for b in backends if b in ("rdf", "rdflib")}
    if "bolt" in backends and bolt_target is not None:
        kgs["bolt"] = KnowledgeGraph(open_store("bolt", target=bolt_target), library=data)
    try:
        doc = bound_document(kgs["rdf"]) if "rdf" in kgs else ""
        for b, kg in kgs.items():
            def ask(name: str, params: dict[str, Any], kg=kg, b=b) -> float:
                params = dict(params)
                paged = params.pop("_page", False)  # the first page of documents (KnowledgeGraph.page)

                def run() -> Any:
                    return kg.page(name, **params) if paged else kg.query(name, **params)

                if b != "bolt":
                    return _timed(run)[1]
                return _deadline(lambda: _timed(run)[1], timeout, kg.close)

            for name, q in catalog().items():
                takes = {p.name for p in q.parameters}
                forms: list[tuple[str, dict[str, Any]]] = [("", {})]
                forms += [(k, {k: v}) for k, v in (("doc", doc), ("drug", BOUND_DRUG)) if k in takes and v]
                if "docs" in takes and "drug" in takes:
                    forms.append(("drug_page", {"drug": BOUND_DRUG, "_page": True}))
                res = out.setdefault(name, {}).setdefault(b, {})
                for form, params in forms:
                    try:
                        n = (repeat_by_backend or {}).get(b, repeat)
                        times = [ask(name, params) * 1000 for _ in range(max(n, bound_repeat) if form else n)]
                    except TimeoutError as e:
                        res[f"{form}_error" if form else "error"] = str(e)
                        continue
                    p50, p95 = _percentiles(times)
                    res.update({f"{form}_p50_ms" if form else "p50_ms": p50, f"{form}_p95_ms" if form else "p95_ms": p95})
        out["_bound"] = {"doc": doc, "drug": BOUND_DRUG}
    finally:
        for kg in kgs.values():
            kg.close()
    return out


def streaming_run(tmp: Path, sizes: tuple[int, ...] = (1_000, 30_000), seed: int = 7) -> dict[str, Any]:
    """Peak Python memory of finding every article of a PubMed set (gzip), per size: flat when the reader streams."""
    import tracemalloc

    from ..read import SourceRef, iter_sources
    from .corpus import write_pubmed_set

    out: dict[str, Any] = {}
    for n in sizes:
        path = write_pubmed_set(tmp / f"pubmed{n}.xml.gz", n, seed)
        tracemalloc.start()
        t = time.perf_counter()
        found = sum(1 for ref in iter_sources([path]) if isinstance(ref, SourceRef))
        dt = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[str(n)] = {"articles": found, "file_mb": path.stat().st_size / 2**20, "peak_mb": peak / 2**20, "seconds": dt}
        path.unlink()
    first, last = out[str(sizes[0])], out[str(sizes[-1])]
    out["peak_ratio"] = last["peak_mb"] / first["peak_mb"]
    out["ok"] = out["peak_ratio"] <= 1.5 and all(out[str(n)]["articles"] == n for n in sizes)
    return out


def incremental_run(tmp: Path, base: int, add: int, seed: int = 7, jobs: int | None = None) -> dict[str, Any]:
    """Adding ``add`` documents to a library of ``base`` vs a fresh build of all ``base + add`` (statements and rdf).

    The same documents either way; the fresh build goes first, so the
    library build's file cache is no warmer than the fresh one's.
    """
    from ..service import build

    old = write_corpus(tmp / "inc-base", base, seed)
    new = write_corpus(tmp / "inc-add", add, seed + 1)
    fresh, t_fresh = _timed(lambda: build([old, new], tmp / "inc-fresh", stores=["rdf"], jobs=jobs))
    shutil.rmtree(tmp / "inc-fresh", ignore_errors=True)
    build([old], tmp / "inc-lib", stores=["rdf"], jobs=jobs)
    explorer = explorer_run(tmp / "inc-lib")  # the library of `base` documents is the explorer's graph too
    added, t_add = _timed(lambda: build([new], tmp / "inc-lib", stores=["rdf"], jobs=jobs))
    shutil.rmtree(tmp / "inc-lib", ignore_errors=True)
    return {"library": base, "added": add, "fresh_documents": fresh.documents, "library_documents": added.documents,
            "fresh_seconds": t_fresh, "add_seconds": t_add, "ratio": t_add / t_fresh, "ok": t_add / t_fresh < 0.05,
            "rdf_replaced_documents": added.loads["rdf"].detail.get("documents"), "explorer": explorer}


EXPLORER_TARGET_MS = 300.0


def explorer_run(data: Path, repeats: int = 5) -> dict[str, Any]:
    """p50 of the explorer's search, neighbourhood and outcomes-page requests on ``data`` (through the app, in process).

    The probes are chosen from the graph itself: the drug most regimens
    include (the largest hub a page can open), a target, a document and
    one of its patients; searches for a drug, a target, a disease word and
    a document id.  Needs the ``web`` extra; without it the step says so.
    """
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient

        from ..web.app import create_app
    except ImportError as e:
        return {"skipped": f"the web extra is not installed ({e.name})"}
    import pyoxigraph as ox

    store = ox.Store.read_only(str(data / "oxigraph"))
    gb = "https://w3id.org/graph-builder/"
    pick = f"PREFIX gb: <{gb}> "
    hub = next(iter(select(store, pick + "SELECT ?d ?n (COUNT(?r) AS ?c) WHERE { ?r gb:includesDrug ?d . ?d gb:name ?n } "
                                         "GROUP BY ?d ?n ORDER BY DESC(?c) LIMIT 1")))
    target = next(iter(select(store, pick + "SELECT ?t ?s WHERE { ?t a gb:Target ; gb:symbol ?s } LIMIT 1")), None)
    patient = next(iter(select(store, pick + "SELECT ?p ?doc WHERE { ?p a gb:Patient ; gb:inDocument ?doc } LIMIT 1")))
    del store
    local = len(gb + "id/")
    probes = {"search drug": ("/api/search", {"q": hub["n"].value}),
              "search disease word": ("/api/search", {"q": "carcinoma"}),
              "search document": ("/api/search", {"q": patient["doc"].value[local:].split("/", 1)[-1]}),
              f"neighbourhood of the hub drug ({int(hub['c'].value):,} regimens)": ("/api/neighbourhood", {"id": hub["d"].value[local:]}),
              "neighbourhood of a document": ("/api/neighbourhood", {"id": patient["doc"].value[local:]}),
              "neighbourhood of a patient": ("/api/neighbourhood", {"id": patient["p"].value[local:]}),
              # the outcomes page, for the hub drug and for the whole library
              "outcomes page: cohort outcomes of the hub drug": ("/api/outcomes", {"drug": hub["n"].value}),
              "outcomes page: adverse events of the hub drug": ("/api/adverse-events", {"drug": hub["n"].value}),
              "outcomes page: adverse events of every drug": ("/api/adverse-events", {}),
              "outcomes page: responses by drug": ("/api/response-counts", {"by": "drug"}),
              "outcomes page: responses by target": ("/api/response-counts", {"by": "target"})}
    if target is not None:
        probes["search target"] = ("/api/search", {"q": target["s"].value})
        probes["neighbourhood of a target"] = ("/api/neighbourhood", {"id": target["t"].value[local:]})
    out: dict[str, Any] = {}
    with TestClient(create_app(data, sparql_endpoint=False, extra_hosts=("testserver",))) as client:
        for name, (url, params) in probes.items():
            times = []
            for _ in range(repeats + 1):  # the first call warms the store's caches and is not counted
                t = time.perf_counter()
                r = client.get(url, params=params)
                times.append(1000 * (time.perf_counter() - t))
                if r.status_code != 200:
                    raise RuntimeError(f"explorer bench: {url} {params} answered {r.status_code}: {r.text[:200]}")
            out[name] = round(statistics.median(times[1:]), 1)
    return {"p50_ms": out, "ok": max(out.values()) < EXPLORER_TARGET_MS}


def run(sizes: list[int], out: Path, bolt: bool = True, seed: int = 7, load_max: int = 1_000, query_max: int = 1_000,
        rdflib_max: int = 100, incremental: tuple[int, int] | None = (10_000, 100),
        streaming: tuple[int, ...] | None = (1_000, 30_000), tokenizer: int = 1_000,
        whole_build: tuple[int, ...] = (), shared: Path | None = None) -> dict[str, Any]:
    """Extraction at every size; loading up to ``load_max`` documents, query latency up to ``query_max``.

    ``shared``: the folder with ``corpus/seeds``, ``corpus/dev`` and ``corpus/dev2``
    (default: ``../shared`` beside the checkout this module is in; ``make bench``
    passes it, since the native form's modules live in ``.native/``, not the checkout).

    ``whole_build``: sizes (among ``sizes``) at which a whole ``kg build``
    (extraction and both stores) is run for its peak memory.

    ``tokenizer``: how many generated documents extraction is timed on beside
    spaCy's tokenizer (with the dev and dev2 abstracts; 0: skipped).

    The limits keep the default run (100 to 100,000 documents) within ten
    minutes on two cores: loading and full-view queries grow with the
    graph, not with what they tell about the code, and rdflib (everything
    in Python objects) is timed on the smallest corpus only.
    """
    jobs = default_jobs()
    report: dict[str, Any] = {"machine": {"cores": jobs, "python": platform.python_version(), "platform": platform.platform(),
                                          "extraction_build": extraction_build()},
                              "limits": {"load_max": load_max, "query_max": query_max, "rdflib_max": rdflib_max},
                              "extraction": {}, "loading": {}, "queries": {}}
    t0 = time.perf_counter()
    jobs1_size = max((n for n in sizes if n <= 10_000), default=None)
    stages: dict[str, float] = report.setdefault("stage_seconds", {})

    def stage(name: str) -> None:  # wall time of each step, so the report shows where a run's minutes went
        now = time.perf_counter()
        stages[name] = round(now - stage.last, 1)  # type: ignore[attr-defined]
        stage.last = now  # type: ignore[attr-defined]
        print(f"bench: {name} {stages[name]} s", file=sys.stderr, flush=True)

    stage.last = t0  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp_name, contextlib.ExitStack() as stack:
        tmp = Path(tmp_name)
        target = None
        if bolt and any(n <= load_max for n in sizes):  # one embedded server for the whole run
            from ..servers.arcadedb import EmbeddedArcadeDB

            target = stack.enter_context(EmbeddedArcadeDB(tmp / "bolt")).target
        corpus = (shared or ROOT.parent / "shared") / "corpus"
        for label, folder in (("seeds", corpus / "seeds"), ("dev", corpus / "dev")):
            if folder.is_dir():
                report["extraction"][label] = extract_run(folder, tmp / label, 1)
        stage("extract seeds+dev")
        if tokenizer:
            for label in ("dev", "dev2"):
                if (corpus / label).is_dir():
                    report.setdefault("tokenizer", {})[label] = compare(_docs(corpus / label))
            sample = write_corpus(tmp / "tokenizer", tokenizer, seed)
            report.setdefault("tokenizer", {})[f"generated_{tokenizer}"] = compare(_docs(sample))
            report["startup_seconds"] = startup_seconds(_docs(sample)[0])
            report["startup_uncached_seconds"] = startup_seconds(_docs(sample)[0], cached=False)
            shutil.rmtree(sample, ignore_errors=True)
            stage("extraction beside spaCy's tokenizer")
        for n in sizes:
            folder = write_corpus(tmp / f"gen{n}", n, seed)
            key = f"generated_{n}"
            stage(f"write {key}")
            report["extraction"][key] = extract_run(folder, tmp / f"data{n}", jobs)
            stage(f"extract {key}")
            if n == jobs1_size and jobs > 1:
                one = extract_run(folder, tmp / f"data{n}_1", 1)
                report["extraction"][f"{key}_jobs1"] = one
                report["extraction"][key]["speedup_vs_jobs1"] = one["seconds"] / report["extraction"][key]["seconds"]
                stage(f"extract {key} jobs1")
            if n in whole_build:
                report.setdefault("whole_build", {})[key] = whole_build_run(folder, tmp / f"whole{n}", jobs)
                shutil.rmtree(tmp / f"whole{n}", ignore_errors=True)
                stage(f"whole build {key}")
            if n <= load_max:
                report["loading"][key] = load_runs(tmp / f"data{n}", target, rdflib_too=n <= rdflib_max,
                                                   warm_up=not report["loading"])
                stage(f"load {key}")
            if n <= query_max:
                if n > load_max:
                    OxigraphStore(tmp / f"data{n}").load(build_graph(StatementStore(tmp / f"data{n}").facts()))
                backends = ["rdf"] + (["bolt"] if target is not None and n <= load_max else []) + \
                    (["rdflib"] if n <= rdflib_max else [])
                report["queries"][key] = query_runs(tmp / f"data{n}", backends, repeat=3 if n <= 1_000 else 1,
                                                    bolt_target=target, repeat_by_backend={"rdflib": 1},
                                                    bound_repeat=1 if n <= rdflib_max else 7)
                report.setdefault("bound", {})[key] = report["queries"][key].pop("_bound")
                stage(f"queries {key}")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(tmp / f"data{n}", ignore_errors=True)
        if incremental:
            report["incremental"] = incremental_run(tmp, *incremental, seed=seed, jobs=jobs)
            stage(f"incremental {incremental[1]} into {incremental[0]}")
        if streaming:
            report["streaming"] = streaming_run(tmp, streaming, seed=seed)
            stage("streaming reader")
    report["projection"] = projection(report)
    report["seconds"] = time.perf_counter() - t0
    rss = [v["peak_rss_mb"] for k, v in report["extraction"].items() if k.startswith("generated_") and "jobs1" not in k]
    if len(rss) >= 2:
        report["rss_ratio_largest_vs_smallest"] = rss[-1] / rss[0]
    whole = [v["peak_rss_mb"] for v in report.get("whole_build", {}).values()]
    if len(whole) >= 2:
        report["whole_build_rss_ratio"] = whole[-1] / whole[0]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    return report


#: All PubMed case-report abstracts, the scale the README promises (an order of magnitude, not a count).
PROJECT_DOCS = 2_500_000
PROJECT_HOURS = 2.0


def projection(report: dict[str, Any], docs: int = PROJECT_DOCS, hours: float = PROJECT_HOURS) -> dict[str, Any]:
    """Hours for ``docs`` abstract-sized documents, stage by stage, from the largest corpus this run measured.

    Extraction from its documents per second on all cores (and on a Dask
    cluster of N cores, assuming the per-core rate and linear scaling: the
    run's own 1-to-2-job speed-up is given beside it); each load from its
    items per document and items per second at the largest size loaded.
    Which stages exceed ``hours`` on this machine, and by how much, is
    stated, not hidden in a total.
    """
    gen = {k: v for k, v in report["extraction"].items() if k.startswith("generated_") and not k.endswith("_jobs1")}
    if not gen:
        return {}
    key = max(gen, key=lambda k: gen[k]["docs"])
    ex = gen[key]
    stages: dict[str, float] = {"extraction": docs / ex["docs_per_s"] / 3600}
    basis: dict[str, str] = {"extraction": f"{key}: {ex['docs_per_s']:.0f} documents/s on {ex['jobs']} cores, "
                                           f"{ex['words'] / ex['docs']:.0f} words per document"}
    loaded = [k for k in report["loading"] if k in report["extraction"]]
    if loaded:
        lk = max(loaded, key=lambda k: report["extraction"][k]["docs"])
        n = report["extraction"][lk]["docs"]
        for store, unit, name in (("pyoxigraph", "triples", "rdf load"), ("bolt", "rows", "bolt load")):
            s = report["loading"][lk].get(store)
            if s and unit in s and s.get("seconds"):
                per_doc, rate = s[unit] / n, s[f"{unit}_per_s"]
                stages[name] = docs * per_doc / rate / 3600
                basis[name] = f"{lk}: {per_doc:.0f} {unit} per document at {rate:,.0f} {unit}/s"
    total = sum(stages.values())
    per_core = ex["docs_per_s"] / ex["jobs"]
    out: dict[str, Any] = {"documents": docs, "target_hours": hours, "hours": stages, "basis": basis,
                           "total_hours": total, "fits": total <= hours,
                           "over": {k: v - hours for k, v in stages.items() if v > hours},
                           "dask_extraction_hours": {str(c): docs / (per_core * c) / 3600 for c in (16, 64, 128)}}
    if "speedup_vs_jobs1" in ex:
        out["measured_speedup_1_to_2_jobs"] = ex["speedup_vs_jobs1"]
    return out


_BOUND_FORMS = ("doc", "drug", "drug_page")


def _cell(x: dict[str, Any] | None, form: str) -> str:
    """``p50 / p95`` of one form (``""`` as saved, ``doc``, ``drug``, ``drug_page``), the error it met, or blank."""
    pre = f"{form}_" if form else ""
    if not x:
        return ""
    if f"{pre}error" in x:
        return "timeout"
    return f"{x[pre + 'p50_ms']:.1f} / {x[pre + 'p95_ms']:.1f}" if f"{pre}p50_ms" in x else ""


def _mb(x: float | None) -> str:
    return f"{x:.0f}" if x is not None else "not read"


def _startup_text(report: dict[str, Any]) -> str:
    """The start-up line both renderings print: with the regex cache, without it, and which form was timed."""
    return (f"Start-up (a fresh process: imports and the first document): {report['startup_seconds']:.2f} s, "
            f"{report.get('startup_uncached_seconds', float('nan')):.2f} s compiling every pattern (no regex cache: "
            f"a machine's first process); extraction {report['machine'].get('extraction_build', '?')}")


def render(report: dict[str, Any], console) -> None:
    from rich.table import Table

    t = Table(title=f"extraction ({report['machine']['cores']} cores)")
    for c in ("corpus", "docs", "jobs", "seconds", "docs/s", "words/s/core", "peak RSS MB", "speed-up"):
        t.add_column(c)
    for k, v in report["extraction"].items():
        t.add_row(k, str(v["docs"]), str(v["jobs"]), f"{v['seconds']:.1f}", f"{v['docs_per_s']:.1f}",
                  f"{v['words_per_s_per_core']:.0f}", f"{v['peak_rss_mb']:.0f}", f"{v.get('speedup_vs_jobs1', 0):.2f}" if "speedup_vs_jobs1" in v else "")
    console.print(t)
    if "tokenizer" in report:
        t = Table(title="extraction beside spaCy's blank tokenizer + sentencizer (one process, same texts, CPU time)")
        for c in ("corpus", "docs", "words", "ours words/s", "spaCy words/s", "ratio", "CPU ms/doc"):
            t.add_column(c)
        for k, v in report["tokenizer"].items():
            t.add_row(k, str(v["docs"]), str(v["words"]), f"{v['extraction_words_per_s']:.0f}",
                      f"{v.get('spacy_words_per_s', 0):.0f}", f"{v['ratio']:.2f}" if "ratio" in v else v.get("spacy", ""),
                      f"{v['cpu_ms_per_doc']:.2f}")
        console.print(t)
        console.print(_startup_text(report))
    if "whole_build" in report:
        t = Table(title="whole build (kg build: extraction, Oxigraph, embedded Bolt): peak memory")
        for c in ("corpus", "docs", "seconds", "peak RSS MB (build + workers)", "server peak RSS MB"):
            t.add_column(c)
        for k, v in report["whole_build"].items():
            t.add_row(k, str(v["docs"]), f"{v['seconds']:.1f}", f"{v['peak_rss_mb']:.0f}", _mb(v.get("server_peak_rss_mb")))
        console.print(t)
        if "whole_build_rss_ratio" in report:
            console.print(f"whole-build peak RSS, largest / smallest corpus: {report['whole_build_rss_ratio']:.2f}")
    t = Table(title="loading: ours vs the store's own bulk path (ratio = bulk time / our time)")
    for c in ("corpus", "store", "items", "ours /s", "bulk /s", "ratio", "bottleneck"):
        t.add_column(c)
    for k, v in report["loading"].items():
        for store in ("pyoxigraph", "rdflib", "bolt"):
            if store in v:
                s = v[store]
                unit = "triples" if "triples" in s else "rows"
                t.add_row(k, store, str(s[unit]), f"{s[f'{unit}_per_s']:.0f}", f"{s[f'bulk_{unit}_per_s']:.0f}",
                          f"{s['ratio']:.2f}", s.get("bottleneck", ""))
    console.print(t)
    t = Table(title="query latency p50 / p95 (ms)")
    t.add_column("query")
    cols = sorted({(k, b) for k, qs in report["queries"].items() for q in qs.values() for b in q})
    for k, b in cols:
        t.add_column(f"{k.replace('generated_', '')} {b}")
    names = sorted({n for qs in report["queries"].values() for n in qs})
    for n in names:
        t.add_row(n, *[_cell(report["queries"][k].get(n, {}).get(b), "") for k, b in cols])
    console.print(t)
    if report["queries"]:
        k = list(report["queries"])[-1]
        qs = report["queries"][k]
        t = Table(title=f"{k}: one bound document / one bound drug / its first page of {PAGE_SIZE} documents, p50 / p95 (ms)")
        backends = sorted({b for q in qs.values() for b in q})
        t.add_column("query")
        for b in backends:
            t.add_column(f"{b} doc")
            t.add_column(f"{b} drug")
            t.add_column(f"{b} drug page")
        for n in sorted(qs):
            t.add_row(n, *[_cell(qs[n].get(b), f) for b in backends for f in _BOUND_FORMS])
        console.print(t)
    if "incremental" in report:
        i = report["incremental"]
        console.print(f"adding {i['added']} documents to a library of {i['library']}: {i['add_seconds']:.1f} s, "
                      f"{100 * i['ratio']:.1f}% of a fresh build of {i['fresh_documents']} ({i['fresh_seconds']:.1f} s)"
                      f"{'' if i['ok'] else ' — above the 5% target'}")
        ex = i.get("explorer", {})
        if "p50_ms" in ex:
            console.print(f"explorer on the library of {i['library']:,} documents, p50: " + ", ".join(
                f"{k} {v:.0f} ms" for k, v in ex["p50_ms"].items()) + ("" if ex["ok"] else " — above the 300 ms target"))
        elif ex:
            console.print(f"explorer: {ex.get('skipped')}")
    if "streaming" in report:
        st = report["streaming"]
        sizes = [k for k in st if k.isdigit()]
        console.print("streaming PubMed reader, peak memory: " + ", ".join(
            f"{int(k):,} articles ({st[k]['file_mb']:.1f} MB gzip) {st[k]['peak_mb']:.2f} MB" for k in sizes)
            + f"; ratio {st['peak_ratio']:.2f}{'' if st['ok'] else ' — above the 1.5 target'}")
    pr = report.get("projection")
    if pr:
        console.print(f"projection for {pr['documents']:,} documents: " + ", ".join(
            f"{k} {v:.1f} h" for k, v in pr["hours"].items()) + f"; total {pr['total_hours']:.1f} h "
            + ("(fits the target)" if pr["fits"] else f"(over the {pr['target_hours']:.0f} h target)"))
    console.print(f"total {report['seconds']:.0f} s; peak RSS ratio largest/smallest corpus: "
                  f"{report.get('rss_ratio_largest_vs_smallest', float('nan')):.2f}")


def markdown(report: dict[str, Any]) -> str:
    """The README's benchmark tables, from one report (so the README quotes one run, not a mix)."""
    lines = ["| corpus | docs | jobs | seconds | docs/s | words/s/core | peak RSS MB | speed-up vs 1 job |",
             "|---|---|---|---|---|---|---|---|"]
    for k, v in report["extraction"].items():
        up = f"{v['speedup_vs_jobs1']:.2f}" if "speedup_vs_jobs1" in v else ""
        lines.append(f"| {k} | {v['docs']} | {v['jobs']} | {v['seconds']:.1f} | {v['docs_per_s']:.1f} | "
                     f"{v['words_per_s_per_core']:.0f} | {v['peak_rss_mb']:.0f} | {up} |")
    if "tokenizer" in report:
        lines += ["", "| corpus | docs | words | extraction words/s | spaCy tokenizer + sentencizer words/s | ratio | "
                  "CPU ms per document |", "|---|---|---|---|---|---|---|"]
        for k, v in report["tokenizer"].items():
            ratio = f"{v['ratio']:.2f}" if "ratio" in v else v.get("spacy", "")
            lines.append(f"| {k} | {v['docs']} | {v['words']:,} | {v['extraction_words_per_s']:,.0f} | "
                         f"{v.get('spacy_words_per_s', 0):,.0f} | {ratio} | {v['cpu_ms_per_doc']:.2f} |")
        lines += ["", _startup_text(report)]
    if "whole_build" in report:
        lines += ["", "| whole build (extraction + Oxigraph + embedded Bolt) | docs | seconds | peak RSS MB, build and workers | "
                  "peak RSS MB, Bolt server |", "|---|---|---|---|---|"]
        for k, v in report["whole_build"].items():
            lines.append(f"| {k} | {v['docs']:,} | {v['seconds']:.1f} | {v['peak_rss_mb']:.0f} | {_mb(v.get('server_peak_rss_mb'))} |")
        if "whole_build_rss_ratio" in report:
            lines += ["", f"Whole-build peak RSS, largest corpus over smallest: {report['whole_build_rss_ratio']:.2f}"]
    lines += ["", "| corpus | store | size | ours | bulk path | bulk | ratio | bottleneck |", "|---|---|---|---|---|---|---|---|"]
    for k, v in report["loading"].items():
        for store in ("pyoxigraph", "rdflib", "bolt"):
            if store in v:
                s = v[store]
                unit = "triples" if "triples" in s else "rows"
                lines.append(f"| {k} | {store} | {s[unit]:,} {unit} | {s[f'{unit}_per_s']:,.0f}/s | {s['bulk_path']} | "
                             f"{s[f'bulk_{unit}_per_s']:,.0f}/s | {s['ratio']:.2f} | {s.get('bottleneck', '')} |")
    lines += ["", "| corpus | backend | queries | median p50 ms | slowest p95 ms (query) |", "|---|---|---|---|---|"]
    for k, qs in report["queries"].items():
        for b in sorted({b for q in qs.values() for b in q}):
            p50 = sorted(q[b]["p50_ms"] for q in qs.values() if "p50_ms" in q.get(b, {}))
            slow = max(((q[b]["p95_ms"], n) for n, q in qs.items() if "p95_ms" in q.get(b, {})), default=(0.0, ""))
            lines.append(f"| {k} | {b} | {len(p50)} | {statistics.median(p50) if p50 else 0:.1f} | {slow[0]:.0f} ({slow[1]}) |")
    if report["queries"]:
        k = list(report["queries"])[-1]
        qs, bound = report["queries"][k], report.get("bound", {}).get(k, {})
        backends = sorted({b for q in qs.values() for b in q})
        lines += ["", f"{k}, one bound document ({bound.get('doc', '?')}), one bound drug ({bound.get('drug', '?')}) "
                  f"and the drug's first page of {PAGE_SIZE} documents (`KnowledgeGraph.page`: views and the questions that list rows per document), p50 / p95 ms:", "",
                  "| query | " + " | ".join(f"{b} doc | {b} drug | {b} drug page" for b in backends) + " |",
                  "|---|" + "---|---|---|" * len(backends)]
        for n in sorted(qs):
            cells = [_cell(qs[n].get(b), f) for b in backends for f in _BOUND_FORMS]
            if any(cells):
                lines.append(f"| {n} | " + " | ".join(cells) + " |")
    pr = report.get("projection")
    if pr:
        lines += ["", f"Projection for {pr['documents']:,} abstract-sized documents on this machine "
                  f"(target {pr['target_hours']:.0f} h):", "", "| stage | hours | from |", "|---|---|---|"]
        lines += [f"| {k} | {v:.1f} | {pr['basis'][k]} |" for k, v in pr["hours"].items()]
        lines.append(f"| total | {pr['total_hours']:.1f} | {'fits' if pr['fits'] else 'over the target'} |")
        if pr["over"]:
            lines += ["", "Stages over the target by themselves: " + ", ".join(
                f"{k} (+{v:.1f} h)" for k, v in pr["over"].items()) + "."]
        lines += ["", "Extraction alone on a Dask cluster (per-core rate of this run, linear scaling assumed"
                  + (f"; measured 1 → 2 jobs: {pr['measured_speedup_1_to_2_jobs']:.2f}×" if "measured_speedup_1_to_2_jobs" in pr else "")
                  + "): " + ", ".join(f"{c} cores {h:.2f} h" for c, h in pr["dask_extraction_hours"].items()) + "."]
    if "streaming" in report:
        st = report["streaming"]
        lines += ["", "| PubMed set (gzip) | file MB | articles found | peak MB (tracemalloc) | seconds |", "|---|---|---|---|---|"]
        lines += [f"| {int(k):,} articles | {st[k]['file_mb']:.1f} | {st[k]['articles']:,} | {st[k]['peak_mb']:.2f} | "
                  f"{st[k]['seconds']:.1f} |" for k in st if k.isdigit()]
        lines.append(f"| peak ratio largest / smallest | | | {st['peak_ratio']:.2f} | |")
    if "incremental" in report:
        i = report["incremental"]
        lines += ["", "| library | added | add (s) | fresh build of all (s) | add / fresh |", "|---|---|---|---|---|",
                  f"| {i['library']:,} | {i['added']} | {i['add_seconds']:.1f} | {i['fresh_seconds']:.1f} | "
                  f"{100 * i['ratio']:.1f}% |"]
        ex = i.get("explorer", {})
        if "p50_ms" in ex:
            lines += ["", f"| explorer request on {i['library']:,} documents | p50 ms |", "|---|---|"]
            lines += [f"| {k} | {v:.0f} |" for k, v in ex["p50_ms"].items()]
    return "\n".join(lines)
