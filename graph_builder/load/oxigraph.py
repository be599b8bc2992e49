"""The Oxigraph store: the data directory's on-disk RDF store (``<data>/oxigraph``).

Loading replaces the store with the graph: written aside and swapped in,
so it is never half-written, and the same graph loaded twice gives the
same store (idempotent).  Queries run the SPARQL twin with each bound
``?p_<name>`` written into the pattern as a literal (:func:`bind_values`:
each value serialised by pyoxigraph, never pasted raw), because Oxigraph
plans from the constants it sees.  Not pyoxigraph's ``substitutions`` nor a
leading ``VALUES`` block: both are planned around and joined late (a bound
drug cost 1,275 ms as substitutions against 106 ms written into the
pattern: ``targets_of_drug``, 10k generated documents).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import pyoxigraph as ox

from ..graph.build import GraphData
from ..graph.prefixes import converter
from ..graph.rdf import FORMATS, ntriples, select, to_rdflib
from ..graph.schema import GB, GBI
from ..graph.sharing import ORPHAN_LABELS
from . import tallies
from .contract import WHOLE_LOAD_STATEMENTS, Language, LoadResult, Progress, StoreBase, WrittenGraph, register

_INT = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}
_FLOAT = {"decimal", "double", "float"}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def local_id(iri: str) -> str:
    """A node IRI as its graph-local id, so rows from every store compare directly."""
    return iri[len(GBI):] if iri.startswith(GBI) else iri


@register("rdf")
class OxigraphStore(StoreBase):
    """The on-disk Oxigraph store of a data directory."""

    name: ClassVar[str] = "rdf"
    language: ClassVar[Language] = "sparql"
    exports: ClassVar[frozenset[str]] = frozenset({"ttl", "nt", "trig", "nq", "rdf", "jsonld"})
    takes_ntriples: ClassVar[bool] = True

    def __init__(self, data_dir: Path | None) -> None:
        if data_dir is None:
            raise ValueError("the rdf store lives in a data directory: give one")
        self.path = Path(data_dir) / "oxigraph"
        self._store: ox.Store | None = None

    # ------------------------------------------------------------------ load
    def load(self, g: GraphData, progress: Progress | None = None) -> LoadResult:
        """Replace the store with ``g``: written aside, then swapped in (one atomic rename), never half-written."""
        return self.load_stream([g], [], progress=progress)

    def whole_load_for(self, statements: int) -> bool:
        return statements > WHOLE_LOAD_STATEMENTS  # a whole load is built aside: as safe, and faster than a huge update

    def load_stream(self, graphs: Iterable[GraphData | WrittenGraph], docs: Sequence[str] = (),
                    progress: Progress | None = None) -> LoadResult:
        """Replace the store with the union of ``graphs`` and their tallies, written one graph at a time: memory flat.

        A graph may come already written as N-Triples with its tally counts
        (a :class:`WrittenGraph`: the service writes them in its process pool,
        see ``service.ntriples_of``).  The tallies are the graphs' counts
        summed (``tallies.Counts``), written after the last graph.  The
        triples go through N-Triples files into Oxigraph's own ``bulk_load``
        (measured: ~1.4x faster than inserting Python quads); a node several
        documents share may come more than once (with each graph, or once per
        pool worker), and the store keeps one copy (a set of triples).  Loaded into a staging folder and swapped
        in: a failure or a kill leaves the old store.

        Why files of at most :data:`CHUNK_LINES` lines, each bulk-loaded on
        its own: ``bulk_load`` buffers up to a million triples per thread
        before it writes, so one call over a whole library grew to ~2 GB
        (1.5 GB at 2.8 M triples), whatever the machine; files of 200,000
        lines keep it under ~200 MB and took the same time (13.0-13.3 s
        against 12.6-13.7 s for one file, 10,000 documents).  pyoxigraph
        releases the GIL while it loads, so a file is loaded in a thread while
        the next one is written: at most one file loading and one being
        written.
        """
        self.close()
        self._sweep()
        run = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # unique per run: two loads never share a staging path
        stage = self.path.with_name(f".oxigraph-stage-{run}")
        stage.parent.mkdir(parents=True, exist_ok=True)
        counts = tallies.Counts()
        store = ox.Store(str(stage))
        loader = _ChunkLoader(store, self.path.with_name(f".oxigraph-load-{run}"))
        try:
            with loader:
                for g in graphs:
                    if isinstance(g, GraphData):
                        counts.add_graph(g)
                        loader.write(ntriples(g).encode("utf-8"))
                    else:
                        counts.merge(g.counts)
                        loader.write(g.ntriples)
                    if progress:
                        progress("graphs", 1)
                loader.write(ntriples(counts.graph()).encode("utf-8"))  # the new store comes with its tallies
            store.flush()
            del store
            n = _count(stage)
        except BaseException:
            with contextlib.suppress(NameError):
                del store
            shutil.rmtree(stage, ignore_errors=True)
            raise
        generation = self.path.with_name(f"oxigraph.{run}")
        stage.rename(generation)
        self._point_to(generation)
        return LoadResult(store=self.name, items=n, location=str(self.path))

    def replace_documents(self, docs: Sequence[str], g: GraphData, progress: Progress | None = None) -> LoadResult:
        """Replace the documents' triples in place, in one SPARQL update (one transaction: all or nothing).

        Not written aside: a library update touches a few documents of many,
        and copying the store for them would cost as much as a fresh build.
        The same update takes the documents' counts off the tallies before their
        facts go and adds the new ones after (``tallies.sparql_adjust``).
        """
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no RDF store to update")
        self.close()
        self._sweep()
        data = ntriples(g).encode("utf-8")
        n = data.count(b"\n")
        store = ox.Store(str(self.path))
        ops = [tallies.sparql_adjust(docs, "-"), replace_update(docs, data.decode("utf-8"), prologue=False),
               tallies.sparql_adjust(docs, "+"), tallies.sparql_drop_empty()]
        store.update(f"PREFIX gb: <{GB}>\n" + " ;\n".join(op for op in ops if op))
        store.flush()
        del store
        if progress:
            progress("triples", n)
        return LoadResult(store=self.name, items=n, location=str(self.path), detail={"documents": len(set(docs))})

    def _point_to(self, generation: Path) -> None:
        """Make ``<data>/oxigraph`` name ``generation``: one atomic rename of a symlink, then the old one goes.

        A reader (or a kill) sees the old store or the new one, never none: the
        store is a folder per load (``oxigraph.<run>``) and ``oxigraph`` a
        symbolic link flipped from one to the next.
        """
        old = self.path.resolve() if self.path.is_symlink() else None
        if self.path.exists() and not self.path.is_symlink():  # a store from before generations: moved aside once
            legacy = self.path.with_name(f"oxigraph.legacy-{generation.name.split('.', 1)[1]}")
            self.path.rename(legacy)
            old = legacy
        link = self.path.with_name(f".oxigraph-link-{generation.name.split('.', 1)[1]}")
        link.unlink(missing_ok=True)
        link.symlink_to(generation.name)
        os.replace(link, self.path)
        if old is not None and old != generation.resolve():
            shutil.rmtree(old, ignore_errors=True)

    def _sweep(self) -> None:
        """Staging and generations a killed load left behind (the caller holds the data directory's lock)."""
        current = self.path.resolve() if self.path.is_symlink() else None
        for p in self.path.parent.glob(".oxigraph-*"):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink(missing_ok=True)
        for p in self.path.parent.glob("oxigraph.*"):
            if p.resolve() != current and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)

    # ------------------------------------------------------------------ read
    def open(self) -> ox.Store:
        """The store, opened read-only once and kept until :meth:`close`."""
        if self._store is None:
            if not self.path.exists():
                raise FileNotFoundError(f"{self.path}: no RDF store; run `kg build` first")
            self._store = ox.Store.read_only(str(self.path))
        return self._store

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        res = select(self.open(), bind_values(text, params or {}))
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names} for sol in res]

    def export(self, out: Path, fmt: str) -> Path:
        """Write the graph as Turtle, N-Triples, TriG, N-Quads, RDF/XML or JSON-LD (``jsonld``, via rdflib)."""
        if fmt not in self.exports:
            return super().export(out, fmt)
        store = self.open()
        if fmt == "jsonld":
            to_rdflib(store).serialize(destination=str(out), format="json-ld")
            return out
        with open(out, "wb") as fh:
            store.dump(fh, FORMATS[fmt], from_graph=ox.DefaultGraph() if fmt in ("ttl", "nt", "rdf") else None,
                       prefixes=dict(converter().prefix_map) if fmt in ("ttl", "trig") else None)
        return out

    def close(self) -> None:
        self._store = None


_COUNT = """
import sys
import pyoxigraph as ox
print(len(ox.Store(sys.argv[1])))
"""


def _count(stage: Path) -> int:
    """The number of triples in the new store at ``stage``, counted in a short-lived process.

    Why a process: reading a whole store makes RocksDB keep table index and
    filter blocks for the life of the process that read it: +47 MB at 10,000
    documents, and at 100,000 the step (then with the tallies' aggregates)
    took the build from ~250 to 375 MB, kept while it loads the Bolt store.
    A child gives that memory back when it exits, so the build's peak stays
    flat in the number of documents.  The store must be closed here meanwhile.
    """
    out = subprocess.run([sys.executable, "-c", _COUNT, str(stage)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        reason = (out.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"counting the triples of the new Oxigraph store {stage} failed: {reason}")
    return int(out.stdout.split()[-1])


CHUNK_LINES = 200_000
"""Triples per ``bulk_load`` call of a whole load (see :meth:`OxigraphStore.load_stream`)."""


class _ChunkLoader:
    """N-Triples written to files of at most :data:`CHUNK_LINES` lines, each bulk-loaded in a thread as it closes.

    A context manager: leaving it loads the last file and waits; leaving it
    with an error (or a failed load) stops, removes the files and raises.
    Files are only ever whole lines: a graph's bytes are never split.
    """

    def __init__(self, store: ox.Store, prefix: Path) -> None:
        self._store: ox.Store | None = store
        self._prefix = prefix
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oxigraph-load")
        self._loading: tuple[Future[None], Path] | None = None
        self._file: BinaryIO | None = None
        self._path: Path | None = None
        self._lines = 0
        self._count = 0

    def write(self, chunk: bytes) -> None:
        if self._file is None:
            self._path = self._prefix.with_name(f"{self._prefix.name}-{self._count:06d}.nt")
            self._count += 1
            self._file = self._path.open("wb")
        self._file.write(chunk)
        self._lines += chunk.count(b"\n")
        if self._lines >= CHUNK_LINES:
            self._hand_over()

    def _hand_over(self) -> None:
        """Close the file being written and load it once the one before has loaded (one in flight)."""
        if self._file is None or self._path is None:
            return
        self._file.close()
        self._file, path, self._lines = None, self._path, 0
        self._wait()
        assert self._store is not None
        self._loading = (self._pool.submit(self._store.bulk_load, path=str(path), format=ox.RdfFormat.N_TRIPLES), path)

    def _wait(self) -> None:
        if self._loading is not None:
            future, path = self._loading
            self._loading = None
            try:
                future.result()
            finally:
                path.unlink(missing_ok=True)

    def __enter__(self) -> _ChunkLoader:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self._hand_over()
                self._wait()
            else:
                with contextlib.suppress(Exception):  # the error being raised is the one to report
                    self._wait()
        finally:
            if self._file is not None:
                self._file.close()
            if self._path is not None:
                self._path.unlink(missing_ok=True)
            self._pool.shutdown(wait=True)
            self._store = None  # an error's traceback keeps this frame: the store must close before its folder goes


def replace_update(docs: Sequence[str], ntriples: str, prologue: bool = True) -> str:
    """The SPARQL update that replaces documents: their nodes out, unsupported shared nodes out, new triples in.

    Document ids are written as JSON strings (a SPARQL string literal's
    escapes are JSON's), never pasted raw.  ``prologue=False``: without the
    ``PREFIX`` line, to go between other operations of one request
    (Oxigraph takes a prologue only at its start).
    """
    values = " ".join(json.dumps(d, ensure_ascii=False) for d in sorted(set(docs)))
    orphans = " ".join(f"gb:{label}" for label in ORPHAN_LABELS)
    return (f"PREFIX gb: <{GB}>\n" if prologue else "") + f"""DELETE {{ ?s ?p ?n }} WHERE {{ VALUES ?doc {{ {values} }} ?n gb:docId ?doc . ?s ?p ?n }} ;
DELETE {{ ?n ?p ?o }} WHERE {{ VALUES ?doc {{ {values} }} ?n gb:docId ?doc . ?n ?p ?o }} ;
DELETE {{ ?st ?p ?o }} WHERE {{ ?st a gb:DrugTargetStatement . FILTER NOT EXISTS {{ ?st gb:hasEvidence ?e }} ?st ?p ?o }} ;
DELETE {{ ?d gb:targets ?t }} WHERE {{ ?d gb:targets ?t . FILTER NOT EXISTS {{ ?st gb:statesDrug ?d ; gb:statesTarget ?t }} }} ;
DELETE {{ ?n ?p ?o }} WHERE {{ VALUES ?type {{ {orphans} }} ?n a ?type . FILTER NOT EXISTS {{ ?x ?q ?n }} ?n ?p ?o }} ;
INSERT DATA {{
{ntriples}
}}"""


_PARAM = re.compile(r"\?p_(\w+)\b")


def bind_values(text: str, params: Mapping[str, Any]) -> str:
    """``text`` with each bound ``?p_<name>`` written as the literal pyoxigraph serialises (escaped, never raw).

    A constant in the pattern is what Oxigraph's planner starts from; a
    parameter joined in as ``substitutions`` or as a leading ``VALUES`` block
    is planned around (the join order is fixed before the values are seen,
    and a ``BIND`` after it undid a leading ``VALUES``: 17 s against 4 ms for
    one document's doses).  None leaves the variable unbound.
    """
    bound = {k: str(_literal(v)) for k, v in params.items() if v is not None}
    return _PARAM.sub(lambda m: bound.get(m.group(1), m.group(0)), text) if bound else text


def _literal(v: Any) -> ox.Literal:
    if isinstance(v, bool):
        return ox.Literal("true" if v else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(v, float):
        return ox.Literal(repr(v), datatype=ox.NamedNode(_XSD + "decimal"))
    return ox.Literal(str(v))


def term_value(term: Any) -> Any:
    """An Oxigraph term as Python: a node as its graph-local id, a literal typed by its datatype."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return local_id(term.value)
    if isinstance(term, ox.Literal):
        return typed_value(term.datatype.value if term.datatype else "string", term.value)
    return str(term.value)


def typed_value(datatype: str, value: str) -> Any:
    """An XSD-typed lexical value as Python: one conversion for Oxigraph terms and SPARQL JSON results."""
    dt = datatype.rsplit("#", 1)[-1]
    if dt in _INT:
        return int(value)
    if dt in _FLOAT:
        return float(value)
    if dt == "boolean":
        return value == "true"
    return value
