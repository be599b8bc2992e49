"""Two builds of one data directory at once: the second waits (and says so), and the stores end up right."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from test_library import answers  # every saved query's rows, order-free

from graph_builder import service
from graph_builder.bench.corpus import write_corpus

from .procs import KG, env, wait_for


def test_two_concurrent_builds_both_finish_and_equal_one_build_of_both(tmp_path: Path) -> None:
    import subprocess

    corpus = write_corpus(tmp_path / "corpus", 8)
    files = sorted(corpus.rglob("*.txt"))
    halves = [tmp_path / "a", tmp_path / "b"]
    for half, chunk in zip(halves, (files[:4], files[4:])):
        half.mkdir()
        for f in chunk:
            shutil.copy(f, half / f.name)
    data = tmp_path / "data"
    data.mkdir()
    # The test holds the data directory's lock while both builds start, so both
    # are sure to find it busy; let go, they take turns.
    with open(data / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        builds, logs = [], []
        for i, half in enumerate(halves):
            logs.append(tmp_path / f"build-{i}.err")
            with open(logs[-1], "wb") as err:
                builds.append(subprocess.Popen([*KG, "build", str(half), "--data", str(data), "--no-bolt",
                                                "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=err, env=env()))
        for log in logs:
            wait_for(lambda log=log: "waiting for another build of" in log.read_text(), 60, f"{log.name} to wait")
        fcntl.flock(lock, fcntl.LOCK_UN)
    for build, log in zip(builds, logs):
        assert build.wait(timeout=180) == 0, log.read_text()[-2000:]
        assert log.read_text().count("waiting for another build of") == 1  # one line, not a stream
    fresh = tmp_path / "fresh"
    service.build(halves, fresh, stores=["rdf"], jobs=1)
    assert service.StatementStore(data).manifest().documents.keys() == service.StatementStore(fresh).manifest().documents.keys()
    assert answers(data, "rdf") == answers(fresh, "rdf")
