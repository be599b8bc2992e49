"""Helpers for tests that start ``kg`` in child processes and kill them: bounded polls, never fixed sleeps."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

KG = [sys.executable, "-m", "graph_builder.cli"]


def kg(*args: str | Path, **kwargs) -> subprocess.Popen[bytes]:
    """``kg ARGS`` in a child process, output captured."""
    return subprocess.Popen([*KG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def wait_for(condition: Callable[[], object], timeout: float, what: str, step: float = 0.1) -> object:
    """Poll until ``condition()`` is truthy (returned), or fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


def children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    """Running and not a zombie (a reaped or exited process is not alive)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def finish(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, str]:
    """Wait for a child (killed after ``timeout``) and return its exit code and standard error."""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"{proc.args} did not finish in {timeout}s:\n{err.decode(errors='replace')[-2000:]}")
    return proc.returncode, err.decode(errors="replace")


def env() -> dict[str, str]:
    """The environment for a child ``kg``: this one, with no configured Bolt server."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    out["PYTHONUNBUFFERED"] = "1"
    return out
