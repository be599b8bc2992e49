"""The embedded graph server outlives no command: SIGTERM releases it, a SIGKILLed user's server is stopped.

Each test starts its own server (~8 s of JVM start), in a copy of one
library extracted once for the module; the watchdog's idle time is set per
test, so that each test sees the mechanism it is about and no other.
"""

from __future__ import annotations

import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder import service
from graph_builder.bench.corpus import write_corpus
from graph_builder.servers.arcadedb import EmbeddedArcadeDB, embedded_unavailable_reason
from graph_builder.servers.watchdog import IDLE_ENV

from .procs import env, finish, kg, wait_for

pytestmark = pytest.mark.skipif(embedded_unavailable_reason() is not None,
                                reason=f"embedded graph server unavailable: {embedded_unavailable_reason()}")

# A command that takes the server through the Bolt store, says so, and waits to be killed.
HOLD = "\n".join([
    "import sys, time",
    "from graph_builder.load.bolt import BoltStore",
    "store = BoltStore(sys.argv[1])",
    "store.target",
    "print('holding', flush=True)",
    "time.sleep(600)",
])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and its library (statements and RDF; Bolt not loaded yet)."""
    root = tmp_path_factory.mktemp("lifetime")
    docs = write_corpus(root / "docs", 60)
    service.build([docs], root / "data", stores=["rdf"], jobs=2)
    return docs, root / "data"


@pytest.fixture
def data(library: tuple[Path, Path], tmp_path: Path) -> Iterator[Path]:
    """A private copy of the library; whatever server a test leaves there is stopped."""
    copy = tmp_path / "data"
    shutil.copytree(library[1], copy)
    try:
        yield copy
    finally:
        EmbeddedArcadeDB(copy).stop()


def _environment(idle: float) -> dict[str, str]:
    return {**env(), IDLE_ENV: str(idle)}


def _running(data: Path) -> bool:
    return bool(EmbeddedArcadeDB(data).status()["running"])


def _serving(data: Path, pid: int) -> bool:
    """The server answers and ``pid`` holds a lease on it."""
    server = EmbeddedArcadeDB(data)
    state = server._read_state() or {}
    return bool(state.get("ready")) and any(f.name.startswith(f"{pid}-") for f in server.live_leases())


def _hold(data: Path, idle: float):
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=_environment(idle))
    wait_for(lambda: _serving(data, child.pid) or child.poll() is not None, 90, "the server to answer")
    assert child.poll() is None, child.stderr.read().decode(errors="replace") if child.stderr else ""
    return child


def test_sigterm_during_the_bolt_load_stops_the_server_it_started(library: tuple[Path, Path], data: Path) -> None:
    build = kg("build", library[0], "--data", data, "--no-rdf", "--jobs", "1", env=_environment(600))
    wait_for(lambda: _serving(data, build.pid) or build.poll() is not None, 90, "the build's Bolt phase")
    build.send_signal(signal.SIGTERM)
    code, err = finish(build, 60)
    assert code == 128 + signal.SIGTERM, err[-2000:]
    assert "SIGTERM: stopping cleanly" in err
    assert not _running(data)  # released on the way out: not left to the watchdog (idle 600 s)
    assert not list((data / "arcadedb" / "leases").iterdir())


def test_a_sigkilled_users_server_is_stopped_by_the_watchdog(data: Path) -> None:
    child = _hold(data, idle=2)
    child.kill()
    child.communicate()
    log = data / "arcadedb" / "watchdog.log"
    try:
        wait_for(lambda: not _running(data), 60, "the watchdog to stop the server", step=0.5)
    except AssertionError as e:
        leases = sorted(f.name for f in (data / "arcadedb" / "leases").iterdir())
        raise AssertionError(f"{e}; leases {leases}; killed pid {child.pid}; watchdog log:\n"
                             f"{log.read_text() if log.exists() else '(none)'}") from None
    wait_for(lambda: log.exists() and "stopped an abandoned server" in log.read_text(), 10, "the watchdog's line")


def test_the_next_command_stops_a_server_left_by_a_sigkilled_one(data: Path) -> None:
    child = _hold(data, idle=600)
    child.kill()
    child.communicate()
    assert _running(data)
    code, err = finish(kg("docs", "--data", data, env=env()), 60)
    assert code == 0, err
    assert "left running by a killed command" in err
    assert not _running(data)



def test_a_bolt_query_during_a_build_leaves_the_build_its_server(library: tuple[Path, Path], data: Path) -> None:
    """The query reuses the build's server and, leaving first, does not stop it under the build's load."""
    build = kg("build", library[0], "--data", data, "--no-rdf", "--jobs", "1", env=_environment(600))
    leases = data / "arcadedb" / "leases"
    wait_for(lambda: leases.is_dir() and any(f.name.startswith(f"{build.pid}-") for f in leases.iterdir())
             or build.poll() is not None, 90, "the build's Bolt phase")
    query = kg("query", "best_response_by_diagnosis", "--backend", "bolt", "--data", data, env=_environment(600))
    code, err = finish(query, 120)
    assert code == 0, err
    overlapped = build.poll() is None  # the query ended while the build was still loading
    code, err = finish(build, 120)
    assert code == 0, err[-2000:]
    assert overlapped
    assert not _running(data)  # the last of the two stopped it
    assert not list(leases.iterdir())
