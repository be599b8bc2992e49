"""Stops an embedded graph server whose every user died without releasing it.

A command that uses the embedded ArcadeDB server holds a lease and stops
the server when it releases the last one.  A command killed with SIGKILL
releases nothing, and the 1 GB JVM would run until some later command
happened to look.  So a server started for commands (not kept by
``kg db start``) comes with this small detached process::

    python -m graph_builder.servers.watchdog HOME PID

It polls every second and stops the server once no live lease has existed
for ``GRAPH_BUILDER_SERVER_IDLE`` seconds (default 10: long enough for a
command between two uses of the server, short next to the JVM's cost).  It
exits when the server is gone or replaced (another PID), or when the server
is kept (``kg db start`` asked for it to stay).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .arcadedb import _KEPT_FILE, EmbeddedArcadeDB

IDLE_ENV = "GRAPH_BUILDER_SERVER_IDLE"
DEFAULT_IDLE = 10.0
POLL_SECONDS = 1.0


def idle_seconds() -> float:
    """How long the server may go without a live lease (the environment's value, else the default)."""
    try:
        return max(0.0, float(os.environ.get(IDLE_ENV, DEFAULT_IDLE)))
    except ValueError:
        return DEFAULT_IDLE


def watch(home: Path, pid: int, idle: float, poll: float = POLL_SECONDS) -> str:
    """Watch the server ``pid`` of ``home`` until it is stopped here or elsewhere; say why it ended."""
    server = EmbeddedArcadeDB(home.parent)  # HOME is always <data>/arcadedb
    unused_since: float | None = None
    while True:
        state = server._read_state()
        if state is None or state.get("pid") != pid or not server._is_our_server(pid):
            return "server gone"
        if (home / _KEPT_FILE).exists():
            return "server kept"
        if server.live_leases():
            unused_since = None
        elif unused_since is None:
            unused_since = time.monotonic()
        elif time.monotonic() - unused_since >= idle:
            _say(f"no live lease for {idle:g}s: stopping server pid {pid}")
            if server.stop_if_abandoned():  # re-checked under the server's lock
                return "stopped an abandoned server"
            unused_since = None  # a command took a lease meanwhile
        time.sleep(poll)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: python -m graph_builder.servers.watchdog HOME PID", file=sys.stderr)
        return 2
    home, pid = Path(argv[0]).absolute(), int(argv[1])
    _say(f"watching server pid {pid} (idle limit {idle_seconds():g}s)")
    _say(f"server pid {pid}: {watch(home, pid, idle_seconds())}")
    return 0


def _say(line: str) -> None:
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} watchdog {os.getpid()}: {line}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
