"""The Bolt store: any Neo4j-compatible database over Bolt, with the official driver.

Which server is decided once, here (:class:`BoltStore`): an explicit
target, else the one the user configured (``NEO4J_URI``), else the data
directory's embedded ArcadeDB, started on demand and stopped again when
the store closes if it was this store that started it.


Constraints first (MERGE on an unconstrained key is ~100x slower, measured
here) and indexes on every key a saved query starts from (``lookup_keys``), then ``UNWIND $rows ... MERGE`` batches in explicit transactions.
Values are always bound parameters; labels and relationship types cannot
be parameters in Cypher, so each statement is generated once from the
ontology's labels and edge patterns (the domains × ranges of its object
properties; ``CYPHER`` below, all linted with Neo4j's own parser) — never
from data.  A pattern the ontology allows but no build writes just has an
unused statement.  MERGE makes a re-run
idempotent, so an interrupted load is finished by loading again; a document's
own nodes, which every writer removes before writing them, are CREATEd
(``_written_once``).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from ..graph.build import GraphData, edge_pattern
from ..graph.schema import KEY, schema
from ..graph.sharing import ORPHAN_LABELS, TALLY_LABELS, document_labels
from ..servers.arcadedb import BoltTarget, EmbeddedArcadeDB, ServerNotRunning, target_from_env
from . import tallies
from .contract import WHOLE_LOAD_STATEMENTS, Language, LoadResult, Progress, StoreBase, register

BATCH = 5000
ATOMIC_ROWS = 100_000  # rows per transaction of a whole load (on a user's server up to this many: old graph or new, never half)


def _constraint(label: str) -> str:
    return f"CREATE CONSTRAINT {label.lower()}_{KEY} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE"


def _index(label: str, prop: str) -> str:
    return f"CREATE INDEX {label.lower()}_{prop.lower()} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


def lookup_keys() -> list[tuple[str, str]]:
    """(label, property) pairs the saved queries start from, each indexed by the loader.

    Without them a one-document or one-drug question scans every node of the
    label (``{docId: $doc}`` on 10k documents: every Dose, every Evidence).
    """
    named = [(label, "name") for label in ("Cohort", "Disease", "Drug", "Regimen")]
    return sorted({(label, "docId") for label in document_labels()} | set(named)
                  | {("Target", "symbol"), ("SurvivalMeasurement", "endpoint")}
                  | {(label, "tallyDrug") for label in TALLY_LABELS})


def _merge_nodes(label: str) -> str:
    # `SET n = props` (not `+=`): a property the new graph no longer has goes; the key is written back
    return f"UNWIND $rows AS row MERGE (n:{label} {{{KEY}: row.{KEY}}}) SET n = row.props SET n.{KEY} = row.{KEY}"


def _create_nodes(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props SET n.{KEY} = row.{KEY}"


def _create_rels(src: str, rel: str, dst: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src} {{{KEY}: row.source}}) MATCH (b:{dst} {{{KEY}: row.target}}) "
            f"CREATE (a)-[:{rel}]->(b)")


def _merge_rels(src: str, rel: str, dst: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src} {{{KEY}: row.source}}) MATCH (b:{dst} {{{KEY}: row.target}}) "
            f"MERGE (a)-[:{rel}]->(b)")


def _delete_documents(label: str) -> str:
    return f"MATCH (n:{label}) WHERE n.docId IN $docs DETACH DELETE n"


# Shared nodes no document supports any more (see graph/sharing.py), in this order: a statement
# without evidence, then a TARGETS edge no statement states, then entities nothing points at.
GC_STATEMENTS_CYPHER = "MATCH (s:DrugTargetStatement) WHERE NOT (s)-[:HAS_EVIDENCE]->() DETACH DELETE s"
GC_TARGETS_CYPHER = ("MATCH (d:Drug)-[r:TARGETS]->(t:Target) "
                     "WHERE NOT (d)<-[:STATES_DRUG]-(:DrugTargetStatement)-[:STATES_TARGET]->(t) DELETE r")
DOCUMENT_IDS_CYPHER = "MATCH (d:Document) RETURN d.docId AS doc ORDER BY doc"


def _gc_orphans(label: str) -> str:
    return f"MATCH (n:{label}) WHERE NOT (n)--() DELETE n"


COUNT_NODES_CYPHER = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
COUNT_RELS_CYPHER = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
EVIDENCE_PATHS_CYPHER = ("MATCH p = (d:Drug)<-[:STATES_DRUG]-(s:DrugTargetStatement)-[:HAS_EVIDENCE]->(e:Evidence)"
                         "-[:IN_DOCUMENT]->(doc:Document) RETURN p ORDER BY d.id, e.id LIMIT $limit")


def _statements() -> dict[str, str]:
    sch = schema()
    out = {}
    for label in sorted(sch.labels):
        out[f"constraint:{label}"] = _constraint(label)
        out[f"merge_nodes:{label}"] = _merge_nodes(label)
    for label, prop in lookup_keys():
        out[f"index:{label}:{prop}"] = _index(label, prop)
    owned = set(document_labels())
    for label in sorted(owned):
        out[f"delete_documents:{label}"] = _delete_documents(label)
        out[f"create_nodes:{label}"] = _create_nodes(label)
    for label in ORPHAN_LABELS:
        out[f"gc_orphans:{label}"] = _gc_orphans(label)
    out["gc_statements"] = GC_STATEMENTS_CYPHER
    out["gc_targets"] = GC_TARGETS_CYPHER
    for src, rel, dst in sorted(sch.edge_patterns):
        out[f"merge_rels:{src}:{rel}:{dst}"] = _merge_rels(src, rel, dst)
        if src in owned or dst in owned:
            out[f"create_rels:{src}:{rel}:{dst}"] = _create_rels(src, rel, dst)
    return out


def _written_once(key: str) -> str:
    """The statement ``_write_chunks`` sends for ``key``'s rows: CREATE for a document's own nodes and their edges.

    Why it may: every writer removes the documents it writes first (a new
    generation holds nothing; a whole load in place and an update delete
    them in their first transaction), a document is in one graph of the
    stream, and a graph holds a node or an edge once; so a document's own
    node or an edge with one is written exactly once.  MERGE would look
    each up first: CREATE loaded 10,000 documents 1.3x faster.  Shared nodes,
    and edges between them, are sent again by every document naming them,
    and MERGE.
    """
    created = key.replace("merge_", "create_", 1)
    return created if created in CYPHER else key


CYPHER: dict[str, str] = _statements()


def _batches(rows: list[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _constraints(driver, database: str | None) -> None:
    """Unique keys for MERGE, then indexes on every key a saved query looks a node up by."""
    with driver.session(database=database) as s:
        for label in sorted(schema().labels):
            s.run(CYPHER[f"constraint:{label}"]).consume()
        for label, prop in lookup_keys():
            s.run(CYPHER[f"index:{label}:{prop}"]).consume()


def _jobs(g: GraphData) -> list[tuple[str, list[dict[str, Any]]]]:
    """(statement key, rows) for every label's nodes and every edge pattern's edges, in a stable order."""
    by_label: dict[str, list] = {}
    for n in g.nodes.values():
        by_label.setdefault(n.label, []).append({KEY: n.id, "props": n.props})
    by_pattern: dict[tuple, list] = {}
    for e in g.edges:
        by_pattern.setdefault(edge_pattern(g, e), []).append({"source": e.source, "target": e.target})
    jobs = [(f"merge_nodes:{lab}", rows) for lab, rows in sorted(by_label.items())]
    for pat, rows in sorted(by_pattern.items()):
        key = "merge_rels:" + ":".join(pat)
        if key not in CYPHER:
            raise KeyError(f"edge pattern {pat} is not allowed by the ontology's domains and ranges")
        jobs.append((key, rows))
    return [(key, sorted(rows, key=_order(key))) for key, rows in jobs]


def _order(key: str) -> Callable[[dict[str, Any]], Any]:
    return (lambda r: r[KEY]) if key.startswith("merge_nodes:") else (lambda r: (r["source"], r["target"]))


def load(driver, g: GraphData, database: str | None = None, batch: int = BATCH,
         progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """MERGE ``g`` into the database, then recompute its drugs' tallies; returns rows written per statement."""
    written: dict[str, int] = {}
    _constraints(driver, database)
    jobs = _jobs(g)
    with driver.session(database=database) as s:
        for key, rows in jobs:
            for chunk in _batches(rows, batch):
                with s.begin_transaction() as tx:
                    tx.run(CYPHER[key], rows=chunk).consume()
                    tx.commit()
                written[key] = written.get(key, 0) + len(chunk)
                if progress:
                    progress(key, len(chunk))
        with s.begin_transaction() as tx:
            tallies.cypher_refresh(tx, tallies.drugs_in([g]))
            tx.commit()
    return written


def replace_documents(driver, docs: Sequence[str], g: GraphData, database: str | None = None,
                      progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Documents ``docs`` out (with the shared nodes only they supported), ``g`` in: one transaction."""
    _constraints(driver, database)
    with driver.session(database=database) as s:
        return _write_chunks(s, [g], progress, delete=docs, atomic=True)


def _delete(tx, docs: Sequence[str]) -> None:
    """Inside ``tx``: the documents' own nodes, then the shared nodes no document supports any more."""
    ids = sorted(set(docs))
    for label in document_labels():
        tx.run(CYPHER[f"delete_documents:{label}"], docs=ids).consume()
    tx.run(CYPHER["gc_statements"]).consume()
    tx.run(CYPHER["gc_targets"]).consume()
    for label in ORPHAN_LABELS:
        tx.run(CYPHER[f"gc_orphans:{label}"]).consume()


def document_ids(driver, database: str | None = None) -> list[str]:
    """The documents the database holds facts of."""
    with driver.session(database=database) as s:
        return [rec["doc"] for rec in s.run(DOCUMENT_IDS_CYPHER)]


def counts(driver, database: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type, read back through the driver."""
    out: dict[str, int] = {}
    with driver.session(database=database) as s:
        for rec in s.run(COUNT_NODES_CYPHER):
            out[rec["label"]] = rec["n"]
        for rec in s.run(COUNT_RELS_CYPHER):
            out[rec["type"]] = rec["n"]
    return dict(sorted(out.items()))


def evidence_paths(driver, database: str | None = None, limit: int = 10) -> list[Any]:
    """Drug → statement → evidence → document paths, read back as driver ``Path`` objects."""
    with driver.session(database=database) as s:
        return [rec["p"] for rec in s.run(EVIDENCE_PATHS_CYPHER, limit=limit)]


class _Writer:
    """Runs ``send(key, rows)`` in a thread of its own, in order, while the caller prepares the next rows.

    Why: a statement's rows go to the server and the driver waits for its
    answer; reading the next documents' statements and filling the buffers
    meanwhile took a whole load of 10,000 documents from 43.0 / 43.9 to
    38.0 / 39.2 s (runs alternated; the server's work and ours overlap).  One
    statement is in flight at a time, on the one transaction, and at most
    ``depth`` wait, so memory stays at a few batches.  The first error
    stops every later statement and is raised to the caller at its next
    ``put`` or at ``drain``; the caller touches the transaction only after
    ``drain``.
    """

    def __init__(self, send: Callable[[str, list[dict[str, Any]]], None], depth: int = 2) -> None:
        self._send = send
        self._queue: queue.Queue[tuple[str, list[dict[str, Any]]] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="bolt-writer", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._error is None:
                    self._send(*item)
            except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
                self._error = e
            finally:
                self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, key: str, rows: list[dict[str, Any]]) -> None:
        self._raise()
        self._queue.put((key, rows))

    def drain(self) -> None:
        """Wait until every statement put has run; raise the first error."""
        self._queue.join()
        self._raise()

    def close(self) -> None:
        """Skip what still waits (after an error elsewhere) and stop the thread once its statement is back."""
        if self._error is None:
            self._error = _Stopped()
        self._queue.put(None)
        self._thread.join()


class _Stopped(Exception):
    """The writer was closed with statements still waiting (the caller is raising)."""


def _write_chunks(session, graphs: Iterable[GraphData], progress: Progress | None,
                  delete: Sequence[str] = (), atomic: bool = False) -> dict[str, int]:
    """Write ``graphs``, one ``UNWIND`` per label or edge pattern of ``BATCH`` rows, committing every ``ATOMIC_ROWS``.

    Rows wait in a buffer per statement and go when it holds ``BATCH`` of
    them, so every statement carries as many rows as the bulk path's
    whatever mix of labels each document has (a buffer per chunk of
    documents sent ~200 rows a statement and ran at half the bulk path's
    speed at 10,000 documents).  Every node buffer is sent before any
    edges, so an edge's ``MATCH`` finds both its ends.  A node several
    documents share may be sent again after its buffer went (``MERGE``
    makes that harmless; shared nodes carry the same properties from every
    document).  Memory: at most ``BATCH`` rows per statement.
    ``delete``: documents whose own nodes go first, in the first transaction.
    ``atomic``: all of it one transaction, whatever its size (an update of
    a few documents: the old documents or the new, never half), whose
    documents' counts come off the tallies before they go and the new ones
    go on in the same transaction (``tallies.cypher_adjust``); otherwise the
    tallies of every drug the deleted documents or the graphs name are
    recomputed in the last transaction (``tallies.py``).
    Rows are sent by a :class:`_Writer` while the next are prepared
    (``progress`` is called from its thread).
    """
    written: dict[str, int] = {}
    nodes: dict[str, dict[str, dict[str, Any]]] = {}  # label -> id -> row (first properties win)
    edges: dict[str, set[tuple[str, str]]] = {}  # statement key -> (source, target)
    tx = session.begin_transaction()
    in_tx = 0

    def run(key: str, rows: list[dict[str, Any]]) -> None:
        nonlocal tx, in_tx
        tx.run(CYPHER[_written_once(key)], rows=rows).consume()
        written[key] = written.get(key, 0) + len(rows)
        in_tx += len(rows)
        if progress:
            progress(key, len(rows))
        if in_tx >= ATOMIC_ROWS and not atomic:
            tx.commit()
            tx, in_tx = session.begin_transaction(), 0

    writer = _Writer(run)

    def send_nodes(label: str) -> None:
        buf = nodes.pop(label, {})
        if buf:
            writer.put(f"merge_nodes:{label}", [buf[k] for k in sorted(buf)])

    def send_edges(key: str) -> None:
        for label in sorted(nodes):
            send_nodes(label)
        buf = edges.pop(key, set())
        if buf:
            writer.put(key, [{"source": a, "target": b} for a, b in sorted(buf)])

    drugs: set[str] = set()  # whose tallies to recompute: named by the deleted documents or by the graphs
    adjust = atomic and bool(delete)  # an update: its documents' counts off the tallies now, the new ones on at the end
    try:
        if adjust:
            tallies.cypher_adjust(tx, delete, "-")
        elif delete:
            drugs |= tallies.cypher_drugs_of(tx, delete)
        if delete:
            _delete(tx, delete)
        for g in graphs:
            for n in g.nodes.values():
                if n.label == "Drug":
                    drugs.add(n.props["name"])
                buf = nodes.setdefault(n.label, {})
                if n.id not in buf:
                    buf[n.id] = {KEY: n.id, "props": n.props}
                    if len(buf) >= BATCH:
                        send_nodes(n.label)
            for e in g.edges:
                key = "merge_rels:" + ":".join(edge_pattern(g, e))
                if key not in CYPHER:
                    raise KeyError(f"edge pattern {edge_pattern(g, e)} is not allowed by the ontology's domains and ranges")
                buf2 = edges.setdefault(key, set())
                buf2.add((e.source, e.target))
                if len(buf2) >= BATCH:
                    send_edges(key)
        for label in sorted(nodes):
            send_nodes(label)
        for key in sorted(edges):
            send_edges(key)
        writer.drain()
        if adjust:
            tallies.cypher_adjust(tx, delete, "+")
        else:
            tallies.cypher_refresh(tx, drugs)
        tx.commit()
    finally:
        writer.close()
        if not tx.closed():
            tx.close()
    return written


@register("bolt")
class BoltStore(StoreBase):
    """A Bolt server behind the store contract.

    The embedded server is shared by every command through leases
    (``EmbeddedArcadeDB.acquire``/``release``): closing the store stops it
    only when no other command still uses it.  ``keep_running`` leaves it
    running after :meth:`close` (``connect_embedded`` wants that; a one-off
    command does not).  ``start=False`` only looks a running embedded server up, for
    read-only callers that should not pay a JVM start (``ServerNotRunning``
    when there is none).  The environment wins over the embedded server, so
    pointing the tool at a real Neo4j never also starts a JVM.
    """

    name: ClassVar[str] = "bolt"
    language: ClassVar[Language] = "cypher"

    def __init__(self, data_dir: Path | None = None, target: BoltTarget | None = None,
                 keep_running: bool = False, start: bool = True) -> None:
        self.data_dir = None if data_dir is None else Path(data_dir)
        self.start = start
        self._target = target
        self.keep_running = keep_running
        self._server: EmbeddedArcadeDB | None = None  # the embedded server, when this store holds a lease on it
        self._embedded: EmbeddedArcadeDB | None = None  # the embedded server, started here or looked up
        self._driver: Any = None

    @property
    def target(self) -> BoltTarget:
        """The server, decided once: explicit, else ``NEO4J_URI``, else the embedded one (started if needed)."""
        if self._target is None:
            self._target = target_from_env()
        if self._target is None:
            if self.data_dir is None:
                raise ValueError("no Bolt target: set NEO4J_URI or give a data directory for the embedded server")
            server = self._embedded = EmbeddedArcadeDB(self.data_dir)
            if not self.start:
                self._target = server.current_target()
                if self._target is None:
                    raise ServerNotRunning(f"no embedded graph server is running under {server.home}")
                return self._target
            self._server = server
            self._target = server.acquire(keep=self.keep_running)
        return self._target

    @property
    def database(self) -> str | None:
        """The database sessions use; on the embedded server looked up per call, so a store opened
        before a build's switch to a new generation follows it."""
        target = self.target
        return self._embedded.current_database() if self._embedded is not None else target.database

    @property
    def driver(self) -> Any:
        if self._driver is None:
            self._driver = self.target.driver()
        return self._driver

    @property
    def agent(self) -> str:
        """The server's own name and version (``Neo4j/5.26.0 compatible`` for ArcadeDB), never assumed."""
        return self.driver.get_server_info().agent

    def whole_load_for(self, statements: int) -> bool:
        """On the embedded server only, where a whole load is a new generation; a user's server takes every
        update as one transaction (its whole load is in place, in several)."""
        self.target  # noqa: B018 - decides whether this store holds the embedded server
        return self._server is not None and statements > WHOLE_LOAD_STATEMENTS

    def load(self, g: GraphData, progress: Progress | None = None) -> LoadResult:
        """The whole graph ``g`` (see :meth:`load_stream`)."""
        docs = [n.props["docId"] for n in g.nodes.values() if n.label == "Document"]
        return self.load_stream([g], docs, progress=progress)

    def load_stream(self, graphs: Iterable[GraphData], docs: Sequence[str], progress: Progress | None = None) -> LoadResult:
        """The whole graph, one document's graph at a time, so memory stays flat; the old graph or the new one, always.

        On the embedded server the graph goes into a new database (a
        *generation*) that becomes the one every session uses only once it is
        complete (:meth:`EmbeddedArcadeDB.make_current`, one rename): a kill
        at any point leaves the old graph served, whatever its size.  On a
        server of the user's (``NEO4J_URI``; Neo4j Community has one database)
        the graph is replaced in place: documents the database holds but
        ``docs`` lacks go, every held document's own nodes are replaced, and
        up to ``ATOMIC_ROWS`` rows all of it is one transaction; beyond, each
        further ``ATOMIC_ROWS`` commit (the server's memory bounds a
        transaction) and a load cut short is completed by the next build (the
        library records the store as behind until the load returns).
        """
        held = document_ids(self.driver, self.database)
        stale = len(set(held) - set(docs))
        if self._server is not None:
            name = self._server.new_generation()
            _constraints(self.driver, name)
            with self.driver.session(database=name) as s:
                written = _write_chunks(s, graphs, progress)
            self._server.make_current(name)  # `database` reads the pointer: this store and every other follow
        else:
            _constraints(self.driver, self.database)
            with self.driver.session(database=self.database) as s:
                written = _write_chunks(s, graphs, progress, delete=sorted(set(held) | set(docs)))
        return LoadResult(store=self.name, items=sum(written.values()),
                          detail={**written, "stale documents removed": stale}, location=self.target.uri, server=self.agent)

    def replace_documents(self, docs: Sequence[str], g: GraphData, progress: Progress | None = None) -> LoadResult:
        rows = replace_documents(self.driver, docs, g, database=self.database, progress=progress)
        return LoadResult(store=self.name, items=sum(rows.values()), detail={**rows, "documents": len(set(docs))},
                          location=self.target.uri, server=self.agent)

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as s:
            return [dict(rec) for rec in s.run(text, **dict(params or {}))]

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
        if self._server is not None:
            self._server.release()  # stops the server only when no other command still uses it
            self._server = None
