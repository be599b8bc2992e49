"""Where the graph is loaded: a Neo4j-compatible server reached over Bolt.

The loader speaks Bolt through the official ``neo4j`` driver and nothing
else, so any server that speaks Bolt will do. When the user has configured
one (``NEO4J_URI`` and friends) that server is used. Otherwise the project
starts its own: ArcadeDB, whose server jars, Bolt plugin and Java runtime
ship inside the ``arcadedb-embedded`` wheel, so nothing has to be installed
beside the virtualenv.

The embedded server runs as a separate JVM process, not inside Python through
JPype, because:

* the Bolt path is then exactly the one a real Neo4j server is reached by,
  so what works here works there (and the reverse is tested, not assumed);
* it outlives one ``kg`` command and is reused by the next one (its pid,
  ports and password are kept in ``<home>/server.json``), so the JVM start
  is paid once, not per command;
* it can always be stopped from outside: it runs in its own process group
  and ``stop()`` ends that group, first politely, then with SIGKILL.

ArcadeDB settings are passed as ``-D`` system properties (every key of
``com.arcadedb.GlobalConfiguration`` is read from them at startup):

``arcadedb.server.rootPath``          server home; config, databases, backups below it
``arcadedb.server.databaseDirectory`` ``<home>/databases``
``arcadedb.server.rootPasswordPath``  file holding the root password (read only when the
                                      root user is first created; kept off the command line)
``arcadedb.server.defaultDatabases``  ``kg[root]`` (or the current generation, see
                                      :meth:`EmbeddedArcadeDB.current_database`): it exists once the server is up
``arcadedb.server.plugins``           ``Bolt:com.arcadedb.bolt.BoltProtocolPlugin``
``arcadedb.bolt.host`` / ``.port``    loopback, a free port
``arcadedb.bolt.defaultDatabase``     the same, so a session without a database name lands there too (on a
                                      server running across a whole load: the one current when it started)
``arcadedb.server.httpIncomingHost``  loopback
``arcadedb.server.httpIncomingPort``  a free port (the default is the range 2480-2489, which two
                                      instances would race for)
``arcadedb.server.httpsIncomingPort`` a free port as well (only bound if SSL is ever enabled)
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: The database the embedded server creates at startup and every session uses.
DATABASE = "kg"
#: ArcadeDB's administrative user; the only one the embedded server has.
USER = "root"
#: Heap of the embedded JVM. A knowledge graph of this project's size fits
#: easily, and a modest cap keeps a forgotten server from eating the machine.
DEFAULT_HEAP = "1g"

_SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_STATE_FILE = "server.json"
_PASSWORD_FILE = "root-password"
_STDOUT_LOG = "server.log"
_LOCK_FILE = ".server.lock"
_LEASES = "leases"  # one empty file per command using the server: <pid>-<n>
_KEPT_FILE = "kept"  # present while the user asked the server to stay (`kg db start`)
_USERS_FILE = Path("config") / "server-users.jsonl"
_CURRENT_FILE = "current-database"  # the generation every session uses (absent: DATABASE)
_GENERATION_PREFIX = f"{DATABASE}_"
_GENERATION = re.compile(rf"{DATABASE}(?:_\d+)?")  # the databases whole loads make (and may drop)

# Lines in the server's output that mean the start has failed even though the
# JVM is still alive: ArcadeDB's main thread dies on a plugin error while its
# non-daemon timer threads keep the process running, so waiting for an exit
# would wait forever.
_FATAL_MARKERS = (
    "Exception in thread \"main\"",
    "Error starting plugin",
    "Unable to listen",
    "Error on starting the server",
)
# Of those, the ones a retry on other ports can cure (someone took a port
# between free_port() and the JVM binding it).
_PORT_MARKERS = ("Unable to listen", "busy", "Address already in use", "BindException")
_START_ATTEMPTS = 3


class EmbeddedServerError(RuntimeError):
    """The embedded ArcadeDB server could not be started or reached."""


class ArcadeDBNotInstalled(EmbeddedServerError):
    """The ``arcadedb-embedded`` package (its jars and JRE) is not available."""


class ServerNotRunning(EmbeddedServerError):
    """No embedded server is running and the caller asked not to start one."""


# --------------------------------------------------------------------------- #
# Targets
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class BoltTarget:
    """Everything needed to open a driver and a session on the graph server.

    ``database`` is None when the server's default database should be used
    (a user's Neo4j without NEO4J_DATABASE); the embedded server always names
    its current generation (``kg``, then ``kg_1``, ``kg_2``… after whole loads). ``embedded`` tells a caller whether it may assume the server is
    ours to create constraints in freely and to stop. The password is kept out
    of ``repr`` so a target can be logged.
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None
    embedded: bool

    @property
    def auth(self) -> tuple[str, str]:
        """The ``auth`` argument of ``neo4j.GraphDatabase.driver``."""
        return (self.user, self.password)

    def driver(self, **kwargs: Any) -> Any:
        """Open an official ``neo4j`` driver on this target (caller closes it)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)


def target_from_env(environ: dict[str, str] | None = None) -> BoltTarget | None:
    """The server the user configured, or None when they configured none.

    Follows the variable names of Neo4j's own tools: ``NEO4J_URI``,
    ``NEO4J_USER`` (``NEO4J_USERNAME``, as in Aura's credential files, is
    accepted too; default ``neo4j``), ``NEO4J_PASSWORD`` and
    ``NEO4J_DATABASE`` (default: the server's default database). Only
    ``NEO4J_URI`` decides: without it the embedded server is used even if a
    stray password is set.
    """
    env = os.environ if environ is None else environ
    uri = (env.get("NEO4J_URI") or "").strip()
    if not uri:
        return None
    user = env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or "neo4j"
    database = (env.get("NEO4J_DATABASE") or "").strip() or None
    return BoltTarget(uri=uri, user=user, password=env.get("NEO4J_PASSWORD", ""),
                      database=database, embedded=False)


def server_flavour(agent: str) -> str:
    """Which server an agent string (``driver.get_server_info().agent``) names.

    Returns ``"arcadedb"``, ``"neo4j"``, ``"memgraph"`` or ``"other"``. Every
    compatible server announces itself as ``Neo4j/<version>`` and appends its
    real name (ArcadeDB: ``Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)``), so
    the specific names are looked for before the generic one. Callers use it
    to report, and to choose among alternatives they have *probed*, never to
    assume a feature.
    """
    a = (agent or "").lower()
    if "arcadedb" in a:
        return "arcadedb"
    if "memgraph" in a:
        return "memgraph"
    if a.startswith("neo4j/") and "compatible" not in a:
        return "neo4j"
    return "other"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    The kernel picks it (bind to port 0), so two servers started at the same
    time get different ports; the small window before the JVM binds it is
    covered by retrying the start on fresh ports.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- #
# Locating ArcadeDB
# --------------------------------------------------------------------------- #


def arcadedb_package_dir() -> Path:
    """The installed ``arcadedb_embedded`` package folder (jars/ and jre/ inside).

    Found with ``importlib.util.find_spec`` rather than an import so that
    starting a server does not also start a JVM inside Python through JPype.
    """
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise ArcadeDBNotInstalled("the arcadedb-embedded package is not installed "
                                   "(pip install arcadedb-embedded), and NEO4J_URI is not set")
    pkg = Path(next(iter(spec.submodule_search_locations)))
    if not any((pkg / "jars").glob("arcadedb-server-*.jar")):
        raise ArcadeDBNotInstalled(f"{pkg / 'jars'} holds no arcadedb-server jar")
    if not any((pkg / "jars").glob("arcadedb-bolt-*.jar")):
        raise ArcadeDBNotInstalled(f"{pkg / 'jars'} holds no arcadedb-bolt jar")
    if not os.access(pkg / "jre" / "bin" / "java", os.X_OK):
        raise ArcadeDBNotInstalled(f"{pkg / 'jre' / 'bin' / 'java'} is missing or not executable")
    return pkg


def embedded_unavailable_reason() -> str | None:
    """Why the embedded server cannot run here, or None when it can (for skips)."""
    try:
        arcadedb_package_dir()
    except ArcadeDBNotInstalled as exc:
        return str(exc)
    return None


# --------------------------------------------------------------------------- #
# Processes
# --------------------------------------------------------------------------- #


def _pid_alive(pid: int) -> bool:
    """True while ``pid`` is a running (not zombie) process.

    A child of this process that has exited stays a zombie until reaped, and
    ``kill(pid, 0)`` succeeds on zombies; so reap first when it is our child
    and treat a zombie state in /proc as dead.
    """
    if pid <= 0:
        return False
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: kill(0) is all we have
    state = stat.rsplit(")", 1)[-1].split()[:1]
    if state == ["Z"]:
        # It may have died between the reap above and now: reap it if ours, so
        # that "gone" also means gone from the process table.
        with contextlib.suppress(ChildProcessError, OSError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return False
        # A JVM's main thread can end while its other threads run on (ArcadeDB's
        # shutdown hook, its timers): the group leader then shows "Z" although the
        # process lives.  Only when every thread is gone is the process dead.
        return _any_live_thread(pid)
    return True


def _any_live_thread(pid: int) -> bool:
    """Whether any thread of ``pid`` is still running (not a zombie)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    for task in tasks:
        try:
            if (task / "stat").read_text().rsplit(")", 1)[-1].split()[:1] != ["Z"]:
                return True
        except OSError:
            continue
    return False


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def port_open(port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port`` now."""
    with contextlib.suppress(OSError):
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    return False


def _probe(target: BoltTarget, timeout: float = 3.0) -> str | None:
    """The server's agent string if it answers ``RETURN 1`` in the database, else None.

    A wrong password raises at once (waiting would not fix it). "Database not
    found" counts as not ready: ArcadeDB opens Bolt a moment before it
    creates its default databases.
    """
    import neo4j
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    try:
        with neo4j.GraphDatabase.driver(target.uri, auth=target.auth,
                                        connection_timeout=timeout,
                                        connection_acquisition_timeout=timeout,
                                        max_transaction_retry_time=0) as driver:
            with driver.session(database=target.database) as session:
                value = session.run("RETURN 1 AS ok").single(strict=True)["ok"]
            if value != 1:
                return None
            return str(driver.get_server_info().agent)
    except AuthError as exc:
        raise EmbeddedServerError(f"{target.uri} refused the stored credentials: {exc}") from exc
    except (DriverError, Neo4jError, OSError):
        return None


# --------------------------------------------------------------------------- #
# The embedded server
# --------------------------------------------------------------------------- #


class _Lease:
    count = 0  # leases taken by this process, for unique lease file names


class EmbeddedArcadeDB:
    """An ArcadeDB server with the Bolt plugin, run as a child JVM of this project.

    Everything lives under ``data_dir / "arcadedb"`` (the *home*): ArcadeDB's
    config/, databases/, backups/ and log/ folders, the JVM's output
    (``server.log``), the generated root password (``root-password``, mode
    0600) and, while it runs, ``server.json`` with its pid, ports and
    password, which is how a later command finds and reuses it.

    Starting and stopping take a file lock in the home, so two commands
    racing to start the same server end up sharing one process.
    """

    def __init__(self, data_dir: Path, *, heap: str = DEFAULT_HEAP) -> None:
        self.data_dir = Path(data_dir)
        self.home = (self.data_dir / "arcadedb").absolute()
        self.heap = heap
        self.state_file = self.home / _STATE_FILE
        self.log_file = self.home / _STDOUT_LOG
        self.target: BoltTarget | None = None
        #: Seconds the last start() took to get a server answering (0 when reused).
        self.last_start_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._lease: Path | None = None

    # -- context manager ---------------------------------------------------

    def __enter__(self) -> EmbeddedArcadeDB:
        """Start (or reuse) the server; the target is ``self.target``."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the server, whatever happened inside the block."""
        self.stop()

    # -- public API --------------------------------------------------------

    def start(self, timeout: float = 60, *, leased: bool = False) -> BoltTarget:
        """Make sure the server runs and answers, and return how to reach it.

        Idempotent: when ``server.json`` names a live ArcadeDB process of this
        home that answers ``RETURN 1``, that process is reused. A stale file
        (process dead, or the pid now belongs to something else) is dropped
        and a fresh server is started on free loopback ports. A process of
        ours that no longer answers is stopped and replaced.  ``leased``
        (from :meth:`acquire`): a server started now is shared by leases and
        watched from its first moment (see :mod:`.watchdog`).
        """
        arcadedb_package_dir()  # fail early and clearly when not installed
        self._make_home()
        with self._lock():
            state = self._read_state()
            if state is not None:
                reused = self._try_reuse(state, timeout=min(timeout, 10.0))
                if reused is not None:
                    self.target = reused
                    self.last_start_seconds = 0.0
                    return reused
            return self._start_fresh(timeout, leased)

    def acquire(self, keep: bool = False, timeout: float = 60) -> BoltTarget:
        """Start (or reuse) the server for one user of it, and hold a lease until :meth:`release`.

        Commands share one server: a query that started it must not stop it
        while a build is still loading through it.  Each user holds a lease
        (a file named after its pid, so a killed user's lease is seen as
        stale); the server started for commands stops when the last lease
        goes.  ``keep`` (``kg db start``) leaves it running until ``kg db stop``.

        The lease is taken *before* the server is started or reused, so no
        other command's release (nor the watchdog) can stop the server in
        between.  A server started here is marked ``leased`` and gets a
        watchdog from the moment its JVM exists, which stops it once every
        user has gone without releasing (SIGKILL runs no cleanup), unless it
        is kept.
        """
        self._make_home()
        with self._lock():
            leases = self.home / _LEASES
            leases.mkdir(exist_ok=True)
            _Lease.count += 1
            self._lease = leases / f"{os.getpid()}-{_Lease.count}"
            self._lease.touch()
        try:
            target = self.start(timeout, leased=True)
        except BaseException:
            self._lease.unlink(missing_ok=True)
            self._lease = None
            raise
        with self._lock():
            if keep:
                (self.home / _KEPT_FILE).touch()
            state = self._read_state()
            if state is not None and not state.get("leased"):
                self._write_state({**state, "leased": True})  # a server start()ed by hand, shared from now on
        return target

    def release(self, timeout: float = 20) -> bool:
        """Give the lease back; stop the server when no live lease is left and no one asked to keep it.

        True if this call stopped the server.  The check and the stop happen
        under one hold of the lock, so a command taking a lease meanwhile
        either is seen or finds the server gone and starts its own.
        """
        lease, self._lease = self._lease, None
        with self._lock():
            if lease is not None:
                lease.unlink(missing_ok=True)
            if (self.home / _KEPT_FILE).exists() or self.live_leases():
                return False
            return self._stop_locked(timeout)

    def stop_if_abandoned(self, timeout: float = 20) -> bool:
        """Stop a server that was shared by leases whose every holder has died; True if one was stopped.

        What a command killed with SIGKILL leaves behind: a JVM nobody will
        release.  Called by every ``kg`` command that does not itself use the
        server (one that does reuses it and stops it on release), and by the
        watchdog.  A server kept by ``kg db start`` or started without leases
        (``start()``) is never touched.
        """
        if not self.state_file.exists():
            return False
        with self._lock():
            state = self._read_state()
            if state is None or not state.get("leased") or (self.home / _KEPT_FILE).exists() or self.live_leases():
                return False
            return self._stop_locked(timeout)

    def _start_watchdog(self, pid: int) -> None:
        """A detached ``python -m graph_builder.servers.watchdog`` for the server ``pid`` (see that module)."""
        if pid <= 0:
            return
        import sys

        with open(os.open(self.home / "watchdog.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as log_fh:
            subprocess.Popen([sys.executable, "-m", "graph_builder.servers.watchdog", str(self.home), str(pid)],
                             stdin=subprocess.DEVNULL, stdout=log_fh, stderr=subprocess.STDOUT,
                             start_new_session=True, close_fds=True, umask=0o077)

    def live_leases(self) -> list[Path]:
        """Leases of processes still alive (the stale ones are removed)."""
        out = []
        for f in sorted((self.home / _LEASES).glob("*")) if (self.home / _LEASES).is_dir() else []:
            pid = f.name.split("-", 1)[0]
            if pid.isdigit() and _pid_alive(int(pid)):
                out.append(f)
            else:
                f.unlink(missing_ok=True)
        return out

    def stop(self, timeout: float = 20) -> bool:
        """Stop the server and remove ``server.json``; True if a process was stopped.

        SIGTERM goes to the server's process group (ArcadeDB's shutdown hook
        then closes the databases cleanly, ~2 s); whatever is left after
        ``timeout`` gets SIGKILL. A pid that is no longer our server (reused
        by the system) is never signalled.
        """
        self._make_home()
        with self._lock():
            return self._stop_locked(timeout)

    def _stop_locked(self, timeout: float) -> bool:
        state = self._read_state() or {}
        pids = {int(state["pid"])} if isinstance(state.get("pid"), int) else set()
        if self._proc is not None:
            pids.add(self._proc.pid)
        stopped = False
        for pid in pids:
            if self._is_our_server(pid):
                self._terminate(pid, timeout)
                stopped = True
        self._proc = None
        self.target = None
        with contextlib.suppress(FileNotFoundError):
            self.state_file.unlink()
        (self.home / _KEPT_FILE).unlink(missing_ok=True)
        return stopped

    def status(self) -> dict[str, Any]:
        """What is known about the server, for ``kg`` status output and tests.

        ``running`` means the recorded process is alive and is our server;
        ``answering`` that it also ran ``RETURN 1`` over Bolt just now, in
        which case ``agent`` and ``flavour`` are filled in.
        """
        state = self._read_state() or {}
        pid = state.get("pid") if isinstance(state.get("pid"), int) else None
        running = pid is not None and self._is_our_server(pid)
        agent = None
        if running:
            with contextlib.suppress(EmbeddedServerError):
                agent = _probe(self._target_from_state(state))
        return {
            "running": running,
            "answering": agent is not None,
            "pid": pid if running else None,
            "bolt_port": state.get("bolt_port") if running else None,
            "http_port": state.get("http_port") if running else None,
            "uri": f"bolt://127.0.0.1:{state['bolt_port']}" if running else None,
            "database": self.current_database(),
            # what a session naming no database (cypher-shell without -d) gets: the generation current when
            # this server started, kept (not dropped) until it stops; name "database" to read the current graph
            "default_database": state.get("database") if running else None,
            "user": USER,
            "password_file": str(self.home / _PASSWORD_FILE),
            "clients": "Bolt over TCP only (the neo4j drivers, cypher-shell, kg query --backend bolt); "
                       "Neo4j Browser, Bloom and other web clients need a real Neo4j (NEO4J_URI)",
            "agent": agent,
            "flavour": server_flavour(agent) if agent else None,
            "home": str(self.home),
            "log": str(self.log_file),
            "start_seconds": state.get("start_seconds"),
        }

    def current_target(self) -> BoltTarget | None:
        """The target of a running, answering server of this home; never starts one."""
        state = self._read_state()
        if state is None or not self._is_our_server(int(state.get("pid", 0))):
            return None
        target = self._target_from_state(state)
        return target if _probe(target) is not None else None

    # -- generations: a whole load becomes current in one step ---------------

    def current_database(self) -> str:
        """The database every session uses: the generation the last whole load completed (``kg`` before any).

        A pointer file in the home, replaced by one rename (:meth:`make_current`);
        a pointer to a database that is not on disk falls back to ``kg``.
        """
        try:
            name = self._pointer()
        except OSError:
            return DATABASE
        return name if name and (self.home / "databases" / name).is_dir() else DATABASE

    def _pointer(self) -> str:
        """The pointer file's name, ``kg`` when there is none; any other read error is raised."""
        try:
            return (self.home / _CURRENT_FILE).read_text().strip() or DATABASE
        except FileNotFoundError:
            return DATABASE

    def databases(self) -> list[str]:
        """The databases the running server holds (its HTTP admin API)."""
        return sorted(str(n) for n in self._admin("GET", "databases")["result"])

    def new_generation(self) -> str:
        """Create an empty database for a whole load, after dropping the generations no one should read.

        What is dropped is a previous generation (kept until now so that a
        reader that looked the pointer up just before the last switch could
        finish) or a load a kill cut short, on the server and on disk.  Never
        dropped: the current one (the pointer is read strictly: a pointer
        that cannot be read stops the load rather than lose the graph), the
        one the running server gives sessions that name no database (until
        it restarts), and any database whose name is not ``kg`` or
        ``kg_<n>`` (a user's own).  The server must be running.
        """
        keep = {self._pointer(), str((self._read_state() or {}).get("database") or DATABASE)}
        served = self.databases()
        on_disk = [p.name for p in (self.home / "databases").iterdir() if p.is_dir()] \
            if (self.home / "databases").is_dir() else []
        for name in served:
            if _GENERATION.fullmatch(name) and name not in keep:
                self._admin("POST", "server", {"command": f"drop database {name}"})
        for name in set(on_disk) - set(served):  # a folder the server never opened: a create a kill cut short
            if _GENERATION.fullmatch(name) and name not in keep:
                shutil.rmtree(self.home / "databases" / name, ignore_errors=True)
        numbers = [int(n[len(_GENERATION_PREFIX):]) for n in {*served, *on_disk, *keep}
                   if _GENERATION.fullmatch(n) and n != DATABASE]
        name = f"{_GENERATION_PREFIX}{max(numbers, default=0) + 1}"
        self._admin("POST", "server", {"command": f"create database {name}"})
        return name

    def make_current(self, name: str) -> None:
        """Point every later session at ``name`` (one atomic rename); the old database stays until the next load."""
        if not (self.home / "databases" / name).is_dir():
            raise EmbeddedServerError(f"no database {name!r} under {self.home / 'databases'}")
        _write_private(self.home / _CURRENT_FILE, name)

    def _admin(self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 60) -> dict[str, Any]:
        """One call of ArcadeDB's HTTP admin API (loopback, root); Bolt has no way to create a database."""
        import base64
        import urllib.error
        import urllib.request

        state = self._read_state()
        if state is None or not state.get("http_port"):
            raise ServerNotRunning(f"no embedded graph server is running under {self.home}")
        auth = base64.b64encode(f"{USER}:{state['password']}".encode()).decode()
        req = urllib.request.Request(f"http://127.0.0.1:{int(state['http_port'])}/api/v1/{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Basic {auth}", "Content-Type": "application/json"})
        # never through a proxy from the environment: the server is on loopback and the request carries the password
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise EmbeddedServerError(f"graph server refused {body or path}: {e.read()[:300]!r}") from e

    # -- internals ---------------------------------------------------------

    def _make_home(self) -> None:
        """The home, private like the password in it: the databases hold the graph."""
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(PermissionError):
            os.chmod(self.home, 0o700)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.home / _LOCK_FILE, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read_state(self) -> dict[str, Any] | None:
        try:
            state = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(state, dict) or not isinstance(state.get("pid"), int):
            return None
        return state

    def _write_state(self, state: dict[str, Any]) -> None:
        _write_private(self.state_file, json.dumps(state, indent=2))  # it holds the root password

    def _target_from_state(self, state: dict[str, Any]) -> BoltTarget:
        return BoltTarget(uri=f"bolt://127.0.0.1:{int(state['bolt_port'])}", user=USER,
                          password=str(state["password"]), database=self.current_database(), embedded=True)

    def _is_our_server(self, pid: int) -> bool:
        """Alive, and an ArcadeDB server whose root path is this home.

        Guards against pid reuse: a stale ``server.json`` must never make us
        signal an unrelated process that happens to have the same pid now.
        """
        if not _pid_alive(pid):
            return False
        argv = _cmdline(pid)
        if argv is None:
            return False
        return _SERVER_CLASS in argv and f"-Darcadedb.server.rootPath={self.home}" in argv

    def _try_reuse(self, state: dict[str, Any], timeout: float) -> BoltTarget | None:
        pid = int(state["pid"])
        if not self._is_our_server(pid):
            log.info("dropping stale %s (pid %s is not running)", self.state_file, pid)
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
            return None
        try:
            target = self._target_from_state(state)
        except (KeyError, TypeError, ValueError):
            target = None
        deadline = time.monotonic() + timeout
        while target is not None and self._is_our_server(pid):
            if _probe(target) is not None:
                log.info("reusing graph server pid %s at %s", pid, target.uri)
                return target
            if time.monotonic() >= deadline:
                break
            time.sleep(0.25)
        log.warning("graph server pid %s does not answer; replacing it", pid)
        self._terminate(pid, 20)
        with contextlib.suppress(FileNotFoundError):
            self.state_file.unlink()
        return None

    def _password(self) -> tuple[str, Path]:
        """The root password, generated once per home and kept in a 0600 file.

        ArcadeDB reads the root password only when it first creates the root
        user (then keeps its hash in config/server-users.jsonl), so the
        password must survive restarts. Should the file be lost while the
        users file remains, the users file is removed so root is created
        again with a new password instead of locking us out.
        """
        path = self.home / _PASSWORD_FILE
        try:
            password = path.read_text().strip()
        except FileNotFoundError:
            password = ""
        if not password:
            password = secrets.token_urlsafe(24)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(password)
            users = self.home / _USERS_FILE
            if users.exists():
                log.warning("root password file was missing; resetting %s", users)
                users.unlink()
        return password, path

    def _command(self, java: Path, jars: Path, password_file: Path,
                 bolt_port: int, http_port: int, https_port: int) -> list[str]:
        home = str(self.home)
        current = self.current_database()  # not `kg` once a generation is current: no empty `kg` made at every start
        props = {
            "arcadedb.server.rootPath": home,
            "arcadedb.server.databaseDirectory": str(self.home / "databases"),
            "arcadedb.server.logsDirectory": str(self.home / "log"),
            "arcadedb.server.rootPasswordPath": str(password_file),
            "arcadedb.server.defaultDatabases": f"{current}[{USER}]",
            "arcadedb.server.plugins": _BOLT_PLUGIN,
            "arcadedb.bolt.host": "127.0.0.1",
            "arcadedb.bolt.port": str(bolt_port),
            "arcadedb.bolt.defaultDatabase": current,
            "arcadedb.server.httpIncomingHost": "127.0.0.1",
            "arcadedb.server.httpIncomingPort": str(http_port),
            "arcadedb.server.httpsIncomingPort": str(https_port),
            "arcadedb.server.mode": "development",
        }
        return [
            str(java),
            f"-Xmx{self.heap}",
            # The flags ArcadeDB's own server.sh / the wheel's jvm.py pass.
            "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8",
            "-Dpolyglot.engine.WarnInterpreterOnly=false",
            *(f"-D{k}={v}" for k, v in props.items()),
            "-cp", str(jars / "*"),
            _SERVER_CLASS,
        ]

    def _start_fresh(self, timeout: float, leased: bool = False) -> BoltTarget:
        pkg = arcadedb_package_dir()
        java, jars = pkg / "jre" / "bin" / "java", pkg / "jars"
        password, password_file = self._password()
        deadline = time.monotonic() + timeout
        last_error = "no attempt made"
        for attempt in range(1, _START_ATTEMPTS + 1):
            ports: list[int] = []
            while len(ports) < 3:
                port = free_port()
                if port not in ports:
                    ports.append(port)
            bolt_port, http_port, https_port = ports
            cmd = self._command(java, jars, password_file, bolt_port, http_port, https_port)
            started = time.monotonic()
            with open(os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                # Own session = own process group: a ^C at the terminal does
                # not reach it, and stop() can end the whole group. cwd is the
                # home because ArcadeDB's java.util.logging file handler
                # writes to ./log relative to it.
                proc = subprocess.Popen(cmd, cwd=self.home, stdin=subprocess.DEVNULL,
                                        stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True, close_fds=True, umask=0o077)
            self._proc = proc
            state = {"pid": proc.pid, "bolt_port": bolt_port, "http_port": http_port,
                     "https_port": https_port, "password": password, "database": self.current_database(),
                     "user": USER, "home": str(self.home), "log": str(self.log_file),
                     "started_at": time.time(), "ready": False, "leased": leased}
            # Written before the wait so that an interrupted start can still be stopped.
            self._write_state(state)
            if leased:  # a starter killed from here on leaves a server that is still stopped
                self._start_watchdog(proc.pid)
            target = self._target_from_state(state)
            try:
                outcome = self._wait_ready(proc, target, bolt_port, deadline)
            except BaseException:
                self._terminate(proc.pid, 10)
                with contextlib.suppress(FileNotFoundError):
                    self.state_file.unlink()
                raise
            if outcome == "ready":
                elapsed = time.monotonic() - started
                state.update(ready=True, start_seconds=round(elapsed, 3))
                self._write_state(state)
                self.target, self.last_start_seconds = target, elapsed
                log.info("graph server (ArcadeDB) pid %s ready at %s in %.1fs",
                         proc.pid, target.uri, elapsed)
                return target
            self._terminate(proc.pid, 10)
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
            self._proc = None
            last_error = outcome
            if outcome != "port" or time.monotonic() >= deadline:
                break
            log.info("graph server start attempt %d lost a port race; retrying", attempt)
        raise EmbeddedServerError(
            f"the embedded ArcadeDB server did not start ({last_error}); "
            f"see {self.log_file}:\n{self._log_tail()}")

    def _wait_ready(self, proc: subprocess.Popen[bytes], target: BoltTarget,
                    bolt_port: int, deadline: float) -> str:
        """Wait for ``RETURN 1`` to work: "ready", "port" (retryable), or an error text."""
        while True:
            code = proc.poll()
            text = self._log_text()
            if code is not None:
                return "port" if _mentions(text, _PORT_MARKERS) else f"JVM exited with code {code}"
            if _mentions(text, _FATAL_MARKERS):
                return "port" if _mentions(text, _PORT_MARKERS) else "server reported a fatal error"
            if port_open(bolt_port) and _probe(target) is not None:
                return "ready"
            if time.monotonic() >= deadline:
                return "timed out waiting for the Bolt port to answer"
            time.sleep(0.2)

    def _terminate(self, pid: int, timeout: float) -> None:
        """SIGTERM the process group, SIGKILL after ``timeout``, reap if ours."""

        def signal_group(sig: int) -> None:
            try:
                if os.getpgid(pid) == pid:  # leader of its own group, as we started it
                    os.killpg(pid, sig)
                else:
                    os.kill(pid, sig)
            except ProcessLookupError:
                pass

        signal_group(signal.SIGTERM)
        if not self._wait_gone(pid, timeout):
            log.warning("graph server pid %s ignored SIGTERM for %ss; killing it", pid, timeout)
            signal_group(signal.SIGKILL)
            self._wait_gone(pid, 10)
        if self._proc is not None and self._proc.pid == pid:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=1)

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while _pid_alive(pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        return True

    def _log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def _log_tail(self, lines: int = 20) -> str:
        return "\n".join(self._log_text().splitlines()[-lines:])


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename, mode 0600, flushed to disk first: a reader sees the old or the new."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _mentions(text: str, markers: tuple[str, ...]) -> bool:
    return any(m in text for m in markers)


__all__ = [
    "DATABASE", "USER", "ArcadeDBNotInstalled", "BoltTarget", "EmbeddedArcadeDB",
    "EmbeddedServerError", "ServerNotRunning", "arcadedb_package_dir",
    "embedded_unavailable_reason", "free_port", "port_open", "server_flavour",
    "target_from_env",
]
