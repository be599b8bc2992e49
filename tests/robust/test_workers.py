"""A killed build leaves no extraction worker behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from graph_builder.bench.corpus import write_corpus
from graph_builder.lifeline import die_with_parent

from .procs import alive, children, env, kg, wait_for


def test_sigkill_of_a_build_takes_its_workers_down(tmp_path: Path) -> None:
    docs = write_corpus(tmp_path / "docs", 600)
    build = kg("build", docs, "--data", tmp_path / "data", "--jobs", "2", "--no-bolt", env=env())
    try:
        workers = wait_for(lambda: len(children(build.pid)) >= 2 and children(build.pid), 60, "two workers")
    finally:
        build.kill()
        build.wait()
    assert len(workers) == 2
    try:
        wait_for(lambda: not any(alive(p) for p in workers), 10, f"workers {sorted(workers)} to end")
    finally:
        for pid in workers:  # a failing run must not leave them behind either
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_watcher_thread_alone_ends_an_orphan(tmp_path: Path) -> None:
    """Without the kernel's help (not Linux), the polling thread notices the parent is gone."""
    import graph_builder.lifeline as lifeline

    # a fork of the test process: its children must never return into pytest, only loop until killed
    read, write = os.pipe()
    middle = os.fork()
    if middle == 0:  # the parent-to-be-killed: forks a worker, reports its pid, waits to be killed
        os.close(read)
        worker = os.fork()
        if worker == 0:
            lifeline._prctl_pdeathsig = lambda sig: False  # as on a system without prctl
            die_with_parent(os.getppid(), poll=0.05)
            os.write(write, b"ready")
            while True:
                time.sleep(1)
        os.write(write, f"{worker}\n".encode())
        while True:
            time.sleep(1)
    os.close(write)
    buf = b""  # "<worker pid>\n" from the parent, then "ready" from the worker
    deadline = time.monotonic() + 10
    while b"ready" not in buf and time.monotonic() < deadline:
        buf += os.read(read, 64)
    os.close(read)
    worker = int(buf.split(b"\n", 1)[0])
    os.kill(middle, signal.SIGKILL)
    os.waitpid(middle, 0)
    try:
        wait_for(lambda: not alive(worker), 10, "the orphaned worker to end")
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)
