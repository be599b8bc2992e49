"""The graph server manager: targets from the environment, the embedded ArcadeDB.

Tests that need a server are skipped, with the reason, when the
``arcadedb-embedded`` package (its jars and JRE) is not installed; the rest
run everywhere.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from graph_builder.load.bolt import BoltStore
from graph_builder.servers.arcadedb import (
    DATABASE,
    BoltTarget,
    EmbeddedArcadeDB,
    ServerNotRunning,
    embedded_unavailable_reason,
    free_port,
    server_flavour,
    target_from_env,
)

_REASON = embedded_unavailable_reason()
needs_arcadedb = pytest.mark.skipif(_REASON is not None,
                                    reason=f"arcadedb-embedded not installed: {_REASON}")

ENV_KEYS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _port_free(port: int) -> bool:
    """Nothing listens, and a server could bind it again.

    SO_REUSEADDR as every server sets it: connections the stopped server
    closed may linger in TIME_WAIT on the port, which only blocks a bind
    made without it.
    """
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _scalar(target: BoltTarget, query: str, **params: object) -> object:
    with target.driver() as driver, driver.session(database=target.database) as session:
        return session.run(query, params).single(strict=True)[0]


# --------------------------------------------------------------------------- #
# No server needed
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(("agent", "flavour"), [
    ("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", "arcadedb"),
    ("Neo4j/5.26.0", "neo4j"),
    ("Neo4j/2025.01.0", "neo4j"),
    ("Neo4j/v5.11.0 compatible graph database server - Memgraph", "memgraph"),
    ("Neo4j/5.2.0 compatible (SomethingElse 1.0)", "other"),
    ("", "other"),
])
def test_server_flavour(agent: str, flavour: str) -> None:
    assert server_flavour(agent) == flavour


def test_target_from_env(clean_env: pytest.MonkeyPatch) -> None:
    assert target_from_env() is None
    clean_env.setenv("NEO4J_PASSWORD", "stray")
    assert target_from_env() is None  # only NEO4J_URI decides
    clean_env.setenv("NEO4J_URI", "neo4j://db.example:7687")
    t = target_from_env()
    assert t == BoltTarget("neo4j://db.example:7687", "neo4j", "stray", None, embedded=False)
    clean_env.setenv("NEO4J_USERNAME", "aura")
    clean_env.setenv("NEO4J_DATABASE", "graph")
    assert target_from_env().user == "aura"  # type: ignore[union-attr]
    clean_env.setenv("NEO4J_USER", "alice")
    t = target_from_env()
    assert (t.user, t.database) == ("alice", "graph")  # type: ignore[union-attr]


def test_bolt_store_prefers_env_and_starts_nothing(clean_env: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    clean_env.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    with BoltStore(tmp_path) as store:
        t = store.target
    assert not t.embedded and t.uri == "bolt://127.0.0.1:1"
    assert not (tmp_path / "arcadedb").exists()


def test_bolt_store_without_start_needs_a_running_server(clean_env: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    with pytest.raises(ServerNotRunning), BoltStore(tmp_path, start=False) as store:
        store.target


def test_password_not_in_repr() -> None:
    assert "s3cret" not in repr(BoltTarget("bolt://x", "u", "s3cret", None, False))


def test_free_port_is_bindable_loopback() -> None:
    port = free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_stale_state_pointing_at_another_process_is_not_signalled(tmp_path: Path) -> None:
    server = EmbeddedArcadeDB(tmp_path)
    server.home.mkdir(parents=True)
    server.state_file.write_text(json.dumps({"pid": os.getpid(), "bolt_port": 1,
                                             "http_port": 2, "password": "x"}))
    assert server.status()["running"] is False
    assert server.stop() is False  # and we are still here
    assert not server.state_file.exists()


# --------------------------------------------------------------------------- #
# The session server
# --------------------------------------------------------------------------- #


@needs_arcadedb
def test_agent_and_flavour(bolt_target: BoltTarget) -> None:
    assert bolt_target.embedded and bolt_target.database == DATABASE
    with bolt_target.driver() as driver:
        driver.verify_connectivity()
        agent = driver.get_server_info().agent
    assert "Neo4j" in agent
    assert server_flavour(agent) == "arcadedb"


@needs_arcadedb
def test_constraint_unwind_merge_and_path(bolt_target: BoltTarget) -> None:
    from neo4j.exceptions import ConstraintError
    from neo4j.graph import Path as GraphPath

    rows = [{"id": f"DB{i:05d}", "name": f"drug {i}"} for i in range(5000)]
    merge = "UNWIND $rows AS r MERGE (d:Drug {id: r.id}) SET d.name = r.name"
    with bolt_target.driver() as driver, driver.session(database=bolt_target.database) as s:
        s.run("MATCH (n:Drug) DETACH DELETE n").consume()
        for _ in range(2):  # IF NOT EXISTS: the second run is a no-op, not an error
            s.run("CREATE CONSTRAINT drug_id IF NOT EXISTS "
                  "FOR (n:Drug) REQUIRE n.id IS UNIQUE").consume()

        for _ in range(2):  # loading twice must not duplicate anything
            with s.begin_transaction() as tx:
                tx.run(merge, rows=rows).consume()
                tx.commit()
            count = s.run("MATCH (d:Drug) RETURN count(d) AS c").single(strict=True)["c"]
            assert count == 5000
        name = s.run("MATCH (d:Drug {id: $id}) RETURN d.name AS n", id="DB04999").single()
        assert name is not None and name["n"] == "drug 4999"

        with pytest.raises(ConstraintError):  # the constraint really is enforced
            s.run("CREATE (:Drug {id: 'DB00001'})").consume()

        s.run("MATCH (a:Drug {id: $a}), (b:Drug {id: $b}) MERGE (a)-[:SIMILAR_TO]->(b)",
              a="DB00001", b="DB00002").consume()
        records = list(s.run("MATCH p=(a:Drug)-[:SIMILAR_TO]->(b:Drug) RETURN p"))
        assert len(records) == 1
        path = records[0]["p"]
        assert isinstance(path, GraphPath)
        assert (path.start_node["id"], path.end_node["id"]) == ("DB00001", "DB00002")
        assert [r.type for r in path.relationships] == ["SIMILAR_TO"]
        assert set(path.start_node.labels) == {"Drug"}

        s.run("MATCH (n:Drug) DETACH DELETE n").consume()


@needs_arcadedb
def test_rolled_back_transaction_leaves_nothing(bolt_target: BoltTarget) -> None:
    with bolt_target.driver() as driver, driver.session(database=bolt_target.database) as s:
        tx = s.begin_transaction()
        tx.run("UNWIND range(1, 100) AS i CREATE (:RolledBack {i: i})").consume()
        tx.rollback()
        assert s.run("MATCH (n:RolledBack) RETURN count(n) AS c").single(strict=True)["c"] == 0


# --------------------------------------------------------------------------- #
# Own servers: start, reuse, crash, stop
# --------------------------------------------------------------------------- #


@needs_arcadedb
def test_two_servers_at_once_then_stop_leaves_nothing(tmp_path: Path) -> None:
    a, b = EmbeddedArcadeDB(tmp_path / "a"), EmbeddedArcadeDB(tmp_path / "b")
    try:
        ta, tb = a.start(), b.start()
        sa, sb = a.status(), b.status()
        ports = {sa["bolt_port"], sa["http_port"], sb["bolt_port"], sb["http_port"]}
        assert len(ports) == 4 and 2480 not in ports
        assert sa["pid"] != sb["pid"] and sa["answering"] and sb["answering"]
        assert sa["flavour"] == sb["flavour"] == "arcadedb"
        assert ta.password != tb.password

        # Both work, and each has its own data.
        assert _scalar(ta, "CREATE (n:OnlyInA {x: $x}) RETURN n.x", x=1) == 1
        assert _scalar(tb, "MATCH (n:OnlyInA) RETURN count(n)") == 0
        assert _scalar(ta, "MATCH (n:OnlyInA) RETURN count(n)") == 1

        state = json.loads(a.state_file.read_text())
        assert state["pid"] == sa["pid"] and state["database"] == DATABASE
        assert (a.state_file.stat().st_mode & 0o777) == 0o600
    finally:
        stopped = a.stop(), b.stop()
    assert stopped == (True, True)
    for s in (sa, sb):
        assert _gone(s["pid"]) and not Path(f"/proc/{s['pid']}").exists()
        assert _port_free(s["bolt_port"]) and _port_free(s["http_port"])
    assert not a.state_file.exists() and not b.state_file.exists()
    assert a.stop() is False  # nothing left to stop
    assert a.status()["running"] is False


@needs_arcadedb
def test_reuse_crash_recovery_and_persistence(tmp_path: Path,
                                              clean_env: pytest.MonkeyPatch) -> None:
    server = EmbeddedArcadeDB(tmp_path)
    try:
        first = server.start()
        pid = server.status()["pid"]
        assert _scalar(first, "CREATE (n:Kept {id: 'k1'}) RETURN n.id") == "k1"

        # Another manager of the same home (a later command) reuses the process.
        t0 = time.monotonic()
        again = EmbeddedArcadeDB(tmp_path).start()
        assert time.monotonic() - t0 < 5
        assert again == first and server.status()["pid"] == pid
        assert BoltStore(tmp_path, start=False).target == first

        # A crash leaves a stale server.json; the next start notices and starts afresh.
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while server.status()["running"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.state_file.exists() and not server.status()["running"]
        fresh = EmbeddedArcadeDB(tmp_path)
        restarted = fresh.start()
        new_pid = fresh.status()["pid"]
        assert new_pid != pid
        assert restarted.password == first.password  # root keeps its password
        assert _scalar(restarted, "MATCH (n:Kept) RETURN count(n)") == 1  # committed data survived
    finally:
        server.stop()
    assert _gone(new_pid)


@needs_arcadedb
def test_context_manager_stops(tmp_path: Path) -> None:
    with EmbeddedArcadeDB(tmp_path) as server:
        assert server.target is not None
        assert _scalar(server.target, "RETURN 41 + 1") == 42
        pid = server.status()["pid"]
        print(f"embedded ArcadeDB start took {server.last_start_seconds:.2f}s")
    assert _gone(pid)


@needs_arcadedb
def test_commands_share_the_server_through_leases(tmp_path: Path) -> None:
    """A query that started the server does not stop it under a build still loading through it."""
    query, build = EmbeddedArcadeDB(tmp_path), EmbeddedArcadeDB(tmp_path)
    try:
        t = query.acquire()
        pid = query.status()["pid"]
        assert build.acquire() == t and build.status()["pid"] == pid  # reused, not a second JVM
        (query.home / "leases" / "999999999-1").touch()  # a lease of a killed command: ignored
        assert query.release() is False and build.status()["answering"]  # the build still holds a lease
        assert [f.name.split("-")[0] for f in build.live_leases()] == [str(os.getpid())]
        assert build.release() is True and not query.status()["running"]  # the last user stops it
        assert _gone(pid)
        kept = EmbeddedArcadeDB(tmp_path)
        kept.acquire(keep=True)  # `kg db start`
        assert kept.release() is False and kept.status()["running"]
        user = EmbeddedArcadeDB(tmp_path)
        user.acquire()
        assert user.release() is False and user.status()["running"]  # kept until `kg db stop`
    finally:
        EmbeddedArcadeDB(tmp_path).stop()
    assert not EmbeddedArcadeDB(tmp_path).status()["running"]
