"""kill -9 at timed points of a whole ``kg build``: the stores answer the old library or the new, never a mix.

The fixed-point kills of ``test_library`` stop the build inside named
functions; these stop it by the clock, spread over the measured length of
an unkilled run (extraction with two workers, statements, the RDF update,
the embedded Bolt server's start and load), so that no phase is left out
because nobody thought of it.  After each kill: the statements, the RDF
store and the Bolt store each hold the documents of the old library or of
the new one; the next ``kg build`` completes the update, after which all
three agree with each other and with an unkilled run; and nothing of the
killed run — extraction workers, the graph server it started, staging
files — survives that next command.

Three trials in the default run; ``make test-slow`` (``-m slow``) runs ten.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph_builder.bench.corpus import write_corpus
from graph_builder.emit import StatementStore
from graph_builder.servers.arcadedb import EmbeddedArcadeDB, embedded_unavailable_reason

from .procs import KG, alive, children, env, finish, kg, wait_for

pytestmark = pytest.mark.skipif(embedded_unavailable_reason() is not None,
                                reason=f"embedded graph server unavailable: {embedded_unavailable_reason()}")

DOC_IDS = "PREFIX gb: <https://w3id.org/graph-builder/> SELECT DISTINCT ?d WHERE { ?n gb:docId ?d }"


def _descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def _rdf_docs(data: Path) -> set[str]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(data / "oxigraph"))
    try:
        return {row["d"].value for row in store.query(DOC_IDS)}
    finally:
        del store


def _rdf_counts(data: Path) -> dict[str, int]:
    import pyoxigraph as ox

    from graph_builder.graph.rdf import counts

    store = ox.Store.read_only(str(data / "oxigraph"))
    try:
        return counts(store)
    finally:
        del store


def _bolt_state(data: Path) -> tuple[set[str], dict[str, int]]:
    """The documents and the node/edge counts of the data directory's Bolt store (its own server, stopped after)."""
    from graph_builder.load import bolt

    with EmbeddedArcadeDB(data) as server:
        t = server.target
        with t.driver() as driver:
            return set(bolt.document_ids(driver, t.database)), bolt.counts(driver, t.database)


def _library_docs(data: Path) -> set[str]:
    return set(StatementStore(data).manifest().documents)


def _leftovers(data: Path) -> list[str]:
    """Staging files and generations a finished command should not have left."""
    out = [p.name for p in data.glob(".oxigraph-*")] + [p.name for p in data.glob(".library.sqlite.*")]
    current = (data / "oxigraph").resolve()
    out += [p.name for p in data.glob("oxigraph.*") if p.resolve() != current]
    live = {e.file for e in StatementStore(data).manifest().documents.values()}
    out += [p.name for p in (data / "statements").iterdir() if p.name not in live]
    out += [str(p.relative_to(data)) for p in data.rglob("*.tmp")]
    return out


def _build(data: Path, *docs: Path) -> subprocess.Popen[bytes]:
    return kg("build", *docs, "--data", data, "--jobs", "2", env=env(), start_new_session=True)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An old library (rdf + bolt), the documents that make the new one, and an unkilled run's length and result."""
    root = tmp_path_factory.mktemp("timed-kills")
    old, new = write_corpus(root / "old", 40), write_corpus(root / "new", 40, seed=8)
    pristine = root / "pristine"
    rc, err = finish(_build(pristine, old), 600)
    assert rc == 0, err[-2000:]
    reference = root / "reference"
    shutil.copytree(pristine, reference, symlinks=True)
    start = time.monotonic()
    rc, err = finish(_build(reference, old, new), 600)
    seconds = time.monotonic() - start
    assert rc == 0, err[-2000:]
    bolt_docs, bolt_counts = _bolt_state(reference)
    state = {"root": root, "old": old, "new": new, "pristine": pristine, "seconds": seconds,
             "old_ids": _library_docs(pristine), "new_ids": _library_docs(reference), "counts": _rdf_counts(reference)}
    assert state["old_ids"] < state["new_ids"] and bolt_docs == state["new_ids"] and bolt_counts == state["counts"]
    return state


def _killed_build(setup: dict, at: float, data: Path) -> set[int]:
    """Start the update on a copy of the old library and SIGKILL it ``at`` seconds in; the processes it started.

    A run that ends before ``at`` (this machine faster than when the run was
    timed) is tried again at half the time: every trial must really kill.
    """
    for _ in range(4):
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(setup["pristine"], data, symlinks=True)
        build = subprocess.Popen([*KG, "build", str(setup["old"]), str(setup["new"]), "--data", str(data), "--jobs", "2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(), start_new_session=True)
        deadline = time.monotonic() + at
        family: set[int] = set()
        while time.monotonic() < deadline and build.poll() is None:  # who the build started, up to the kill
            family |= _descendants(build.pid)
            time.sleep(0.05)
        server = EmbeddedArcadeDB(data)._read_state() or {}
        if isinstance(server.get("pid"), int):
            family.add(server["pid"])
        if build.poll() is None:
            os.kill(build.pid, signal.SIGKILL)
            build.wait()
            return family
        at /= 2
    raise AssertionError(f"the build kept finishing before its kill point ({at * 2:.2f} s)")


def _trial(setup: dict, at: float, data: Path) -> None:
    family = _killed_build(setup, at, data)
    old, new = setup["old_ids"], setup["new_ids"]
    # what a user finds after the kill: each store holds the old library or the new one
    assert _library_docs(data) in (old, new)
    assert _rdf_docs(data) in (old, new)
    bolt_docs, _ = _bolt_state(data)
    assert bolt_docs in (old, new)
    # the next build completes the update; then all three agree, with each other and with an unkilled run
    rc, err = finish(_build(data, setup["old"], setup["new"]), 600)
    assert rc == 0, err[-2000:]
    assert _library_docs(data) == new and _rdf_docs(data) == new
    bolt_docs, bolt_counts = _bolt_state(data)
    assert bolt_docs == new and bolt_counts == _rdf_counts(data) == setup["counts"]
    # nothing of the killed run survives the next command
    wait_for(lambda: not [p for p in family if alive(p)], 30, f"the killed run's processes {sorted(family)} to end")
    assert _leftovers(data) == []


def _points(setup: dict, n: int) -> list[float]:
    """``n`` kill times spread evenly over an unkilled run (the last shortly before its end)."""
    return [setup["seconds"] * (i + 0.5) / n for i in range(n)]


@pytest.mark.parametrize("trial", range(3))
def test_kill_at_a_timed_point_leaves_old_or_new_and_the_next_build_completes(setup: dict, tmp_path: Path,
                                                                             trial: int) -> None:
    _trial(setup, _points(setup, 3)[trial], tmp_path / "data")


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(10))
def test_ten_timed_kills(setup: dict, tmp_path: Path, trial: int) -> None:
    _trial(setup, _points(setup, 10)[trial], tmp_path / "data")


# --- whole Bolt loads (``--reload``): the Bolt store loads everything into a new generation ---


def _generations(data: Path) -> set[str]:
    folder = data / "arcadedb" / "databases"
    return {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()


def _replace(data: Path, setup: dict) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*KG, "build", str(setup["new"]), "--replace", "--reload", "--data", str(data), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env(), start_new_session=True)


def _until_a_new_generation(data: Path, build: subprocess.Popen[bytes], before: set[str]) -> float | None:
    """Poll until the build creates a database (its whole Bolt load begins); when, or None if it ended first."""
    while build.poll() is None:
        if _generations(data) - before:
            return time.monotonic()
        time.sleep(0.02)
    return None


@pytest.fixture(scope="module")
def whole(setup: dict) -> dict:
    """How long an unkilled ``--replace``'s whole Bolt load lasts, and what it leaves."""
    data = setup["root"] / "whole-reference"
    shutil.copytree(setup["pristine"], data, symlinks=True)
    build = _replace(data, setup)
    began = _until_a_new_generation(data, build, _generations(data))
    rc, err = finish(build, 600)
    assert rc == 0 and began is not None, err[-2000:]
    docs, counts = _bolt_state(data)
    assert docs == _library_docs(data) == setup["new_ids"] - setup["old_ids"] and counts == _rdf_counts(data)
    return {"load_seconds": time.monotonic() - began, "ids": docs, "counts": counts}


@pytest.mark.parametrize("fraction", [0.3, 0.7])
def test_kill_during_a_whole_bolt_load_leaves_the_old_graph_served(setup: dict, whole: dict, tmp_path: Path,
                                                                   fraction: float) -> None:
    data = tmp_path / "data"
    for _ in range(4):  # a load that ends before its kill point (a faster moment) is tried again earlier
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(setup["pristine"], data, symlinks=True)
        old_counts = _bolt_state(data)[1]
        before = _generations(data)
        build = _replace(data, setup)
        began = _until_a_new_generation(data, build, before)
        assert began is not None, "the build ended before its Bolt load began"
        while time.monotonic() < began + fraction * whole["load_seconds"] and build.poll() is None:
            time.sleep(0.01)
        killed = build.poll() is None
        if killed:
            os.killpg(build.pid, signal.SIGKILL)  # the build and its workers
        build.wait()
        if killed:
            break
        fraction /= 2
    assert killed, "the whole load kept finishing before its kill point"
    docs, counts = _bolt_state(data)  # a new reader: the old graph (the new one only if it won the race to the kill)
    assert (docs, counts) in ((setup["old_ids"], old_counts), (whole["ids"], whole["counts"])), len(docs)
    rc, err = finish(_replace(data, setup), 600)
    assert rc == 0, err[-2000:]
    assert _bolt_state(data) == (whole["ids"], whole["counts"])
    # the generation the kill cut short is gone; what is left is the current one and at most the one before
    assert len(_generations(data)) <= 2
