"""The build service: documents → statements → graph → stores, written once.

The command line, the Python API and the benchmark all build through
:func:`build` (or its two halves, :func:`extract` and :func:`load`), so
what a document goes through, what is reported and what is swapped in
atomically cannot drift apart between them.  Reading a built graph is the
query stage's business (:class:`graph_builder.query.KnowledgeGraph`).

Example::

    >>> summary = build([EXAMPLES], DATA, stores=["rdf"], jobs=1)
    >>> summary.read, summary.skipped, sorted(summary.loads)
    (5, [], ['rdf'])
    >>> summary.loads["rdf"].items > 1000
    True
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .emit import StatementStore
from .emit.store import extractor_version, load_result
from .graph.build import GraphData, build_graph, document_graphs
from .limits import Limits
from .load.contract import GRAPH_FORMAT, LoadResult, Progress, WrittenGraph, open_store, takes_ntriples
from .load.tallies import Counts
from .models import VIEWS
from .parallel import EncodedResult, encoded_stream, ordered_map
from .read import Skipped, SourceRef, iter_sources

DocumentCallback = Callable[[Path, EncodedResult], None]


class Problem(BaseModel):
    """A file that could not be used, or a warning about one: always the file and the reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class BuildSummary(BaseModel):
    """What a build did: what was read, added, replaced, kept, removed or refused and why, what each store holds."""

    read: int = 0
    added: list[str] = Field(default_factory=list, description="Ids of documents new to the library.")
    updated: list[str] = Field(default_factory=list, description="Ids whose content changed and were re-extracted.")
    unchanged: list[str] = Field(default_factory=list, description="Ids whose content had not changed (not re-extracted).")
    removed: list[str] = Field(default_factory=list, description="Ids taken out of the library.")
    skipped: list[Problem] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="Statements per canonical view, of the documents read now.")
    documents: int = Field(default=0, description="Documents in the library after the build.")
    rebuild_due: int = Field(default=0, description="Library documents built by another extractor version.")
    loads: dict[str, LoadResult] = Field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def line(self) -> str:
        """The one-line summary the command line prints."""
        return (f"read {self.read} document(s) ({len(self.added)} added, {len(self.updated)} updated), "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, skipped {len(self.skipped)}; "
                f"library: {self.documents} document(s); "
                + ", ".join(f"{v} {self.counts.get(v, 0)}" for v in VIEWS))


class StoreLoadError(RuntimeError):
    """A store could not be loaded; names the store (the statements and other stores are kept)."""

    def __init__(self, store: str, cause: BaseException) -> None:
        super().__init__(f"{store} load failed: {type(cause).__name__}: {cause}")
        self.store = store


def _label(source: str, part: int | None) -> str:
    return source if part is None else f"{source} (article {part + 1})"


def path_id(path: str | Path) -> str:
    """A document id from its path (``--id-from path``): relative to the working folder when inside it, no suffix."""
    p = Path(path).resolve()
    try:
        p = p.relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    name = p.name
    for suffix in reversed(p.suffixes):
        name = name.removesuffix(suffix)
    return (p.parent / name).as_posix().lstrip("/")


def extract(documents: Iterable[Path], data: Path, jobs: int | None = None, scheduler: str | None = None,
            on_document: DocumentCallback | None = None, rebuild: bool = False, replace: bool = False,
            id_from: str = "name", follow_symlinks: bool = False, limits: Limits | None = None) -> BuildSummary:
    """Add documents to the data directory's library: new ones extracted, changed ones re-extracted.

    Documents are found by :func:`read.iter_sources` — one per file, or one
    per article of a PubMed/PMC/BioC set, streamed — and handed to the
    workers as they are found, so a 30,000-article file never sits in
    memory.  A document whose content hash is the one the library recorded
    is not read again (``rebuild`` reads it anyway); ``replace`` makes the
    library exactly these documents (the others are removed).  Statements
    are written aside and committed with one atomic swap of the manifest,
    so an interrupted run leaves the previous library as it was.  A file
    that cannot be read, one in a format the reader does not take, or a
    document whose id another source already has, is listed in ``skipped``
    with its reason; it never stops the others.  So is a symbolic link,
    unless ``follow_symlinks`` (a folder from elsewhere must not make the
    build read, and quote, any file the user can read).
    Nor does any error while reading or extracting one document, one over a
    :class:`Limits` bound, or a worker process that dies (``limits``: default
    from the environment).
    """
    store = StatementStore(data)
    summary = BuildSummary()
    counts: Counter[str] = Counter()
    if id_from not in ("name", "path"):
        raise ValueError(f"id_from is 'name' (PMID/PMCID or the file stem) or 'path', not {id_from!r}")
    real_dirs: dict[str, str] = {}

    def resolved(path: str) -> str:
        """``Path(path).resolve()``, with each folder resolved once per run: a library of 10,000 files in a few folders."""
        if os.path.islink(path):
            return os.path.realpath(path)
        folder, name = os.path.split(path)
        if folder not in real_dirs:
            real_dirs[folder] = os.path.realpath(folder or ".")
        return os.path.join(real_dirs[folder], name)

    with store.lock(), store.writer(replace=replace) as w:
        known = w.documents  # the library before this update, for every source not yet read in it

        def todo() -> Iterator[SourceRef]:
            for item in iter_sources([Path(p) for p in documents], follow_symlinks=follow_symlinks):
                if isinstance(item, Skipped):
                    summary.skipped.append(Problem(path=item.path, reason=item.reason))
                    continue
                where = (resolved(item.path), item.part)
                entry = known.at_source(*where)
                if entry is not None and item.sha256 and entry.sha256 == item.sha256 and not rebuild:
                    summary.unchanged.append(entry.id)
                    if replace:
                        w.keep(entry)
                    continue
                if id_from == "path" and item.part is None:
                    item = dataclasses.replace(item, doc_id=path_id(item.path))
                yield item

        for r in encoded_stream(todo(), jobs=jobs, scheduler=scheduler, limits=limits or Limits.from_env(),
                                write_to=store.dir):
            where = (resolved(r.path), r.part)
            owner = None if r.error else w.owner(r.doc)
            # the same article (PMID/PMCID) from two sources is one document told twice: refused like an id clash
            article = w.article_owner(r.meta["accession"]) if not r.error and r.meta.get("accession") else None
            if r.error:
                summary.skipped.append(Problem(path=_label(r.path, r.part), reason=r.error))
            elif owner is not None and owner != where:
                summary.skipped.append(Problem(path=_label(r.path, r.part), reason=(
                    f"document id {r.doc!r} is already taken by {_label(*owner)}: "
                    "rename one of the two files, or build with --id-from path")))
            elif article is not None and article != where:
                summary.skipped.append(Problem(path=_label(r.path, r.part), reason=(
                    f"article {r.meta['accession']} is already in the library from {_label(*article)}")))
            else:
                old = known.at_source(*where)
                if old is not None and old.id != r.doc:  # the source now gives another id: its old document goes
                    w.remove(old.id)
                    summary.removed.append(old.id)
                (summary.updated if r.doc in known else summary.added).append(r.doc)
                summary.read += 1
                counts.update(r.views)
                summary.warnings.extend(Problem(path=_label(r.path, r.part), reason=f"warning: {w_}") for w_ in r.warnings)
                w.write_encoded(r.doc, r.payload, source=where[0], sha256=r.sha256, part=r.part,
                                meta={**r.meta, "views": r.views}, file=r.file)
            if on_document is not None:
                on_document(Path(r.path), r)
        if replace:
            summary.removed += w.untouched()
    after = store.manifest()
    summary.counts = {v: counts[v] for v in VIEWS}
    summary.documents = len(after.documents)
    summary.rebuild_due = after.documents.built_by_other(extractor_version())
    return summary


def remove(ids: Iterable[str], data: Path) -> BuildSummary:
    """Take documents out of the library (by id); unknown ids are listed in ``skipped``."""
    store = StatementStore(data)
    summary = BuildSummary()
    with store.lock(), store.writer() as w:
        for doc in ids:
            if doc in w.documents:
                w.remove(doc)
                summary.removed.append(doc)
            else:
                summary.skipped.append(Problem(path=doc, reason="no such document in the library (`kg docs` lists them)"))
        summary.documents = len(w.documents)
    return summary


def sources(data: Path) -> list[Path]:
    """The source files of every library document (what ``kg rebuild`` reads again)."""
    return sorted({Path(e.source) for e in StatementStore(data).manifest().documents.values()})


def graph_of(data: Path) -> GraphData:
    """The whole graph of a data directory's statements, in memory (exports that need it whole: GraphML, CSV)."""
    return build_graph(StatementStore(data).facts())


def graphs_of(data: Path) -> Iterator[GraphData]:
    """The graph of each library document in turn: what a store loads when it loads everything (memory flat)."""
    return document_graphs(r.facts for r in StatementStore(data).results())


#: The load a process is writing N-Triples for, and the shared nodes' text it has written into it (see
#: :func:`ntriples_of`).
_WRITTEN: tuple[str, set[str]] = ("", set())


def _ntriples_of_file(path: str, load: str = "") -> WrittenGraph:
    """A statement file's graph as N-Triples, with its tally counts; with ``load``, without the shared nodes this
    process already wrote into that load."""
    from .graph.rdf import ntriples  # pyoxigraph: imported by the commands that load RDF, not by every one

    global _WRITTEN
    if load and _WRITTEN[0] != load:
        _WRITTEN = (load, set())
    g = build_graph(load_result(Path(path)).facts)
    return WrittenGraph(ntriples(g, _WRITTEN[1] if load else None).encode("utf-8"), Counts().add_graph(g))


WRITERS_NICE = 10
"""How far below the build's priority the workers writing a whole load's N-Triples run (``os.nice``).

The store's bulk load of each file is the load's critical path (on 2
cores, loading back to back from the first file to the last) and the
workers only need to stay ahead of it: at equal priority they took CPU
from it.  10,000 generated documents, alternated: 17.2 / 17.4 / 17.1 s ->
15.7 / 15.9 / 16.2 s end to end.  Where cores are spare, it changes nothing.
"""


def ntriples_of(data: Path, jobs: int | None = None) -> Iterator[WrittenGraph]:
    """Each library document's graph as N-Triples, written by the extraction pool (memory flat, in library order).

    Reading the statements, building the graph and writing its triples
    cost as much as Oxigraph's own ``bulk_load`` of them; spread over the
    cores, a whole load takes little more than the bulk load itself.

    A drug, a target, a disease is written once per worker process rather
    than once per document that names it (``rdf.ntriples``'s ``written``,
    kept per process for this call only): whatever a process leaves out, it
    wrote into an earlier result of the same call, which comes first in
    library order, so every result handed back has its shared nodes in the
    results before it or in itself.  (A broken pool runs every result not
    yet handed back again, in new processes, which write their own.)
    """
    load = uuid.uuid4().hex
    return ordered_map(partial(_ntriples_of_file, load=load), [str(p) for p in StatementStore(data).files()], jobs=jobs,
                       nice=WRITERS_NICE)


def load(data: Path, stores: Sequence[str], graph: GraphData | None = None,
         progress: Progress | None = None, full: bool = False,
         options: Mapping[str, Mapping[str, Any]] | None = None, jobs: int | None = None) -> dict[str, LoadResult]:
    """Bring each named store up to date with the library.

    A store that followed the library before gets only the documents
    changed since (``replace_documents``: one transaction); a new store, one
    that cannot replace documents, one that would rather reload than take
    an update this large (``Store.whole_load_for``: where the whole load is
    built aside and switched to) or ``full`` (``kg rebuild``, ``--reload``)
    gets everything, one document's graph at a time (``load_stream``; or
    ``graph`` when given).
    The manifest records each store's progress, so a run killed half-way is
    completed by the next one.
    """
    lib = StatementStore(data)
    out: dict[str, LoadResult] = {}
    for name in stores:
        state = lib.manifest().store(name)
        pending = list(state.pending) if state is not None else []
        try:
            with open_store(name, data, **dict((options or {}).get(name, {}))) as store:
                result = None
                # an update, unless it is too large or the store was loaded at another graph format
                follows = state is not None and state.synced and state.format == GRAPH_FORMAT and not full
                if follows and not pending:
                    out[name] = LoadResult(store=name, items=0, detail={"documents": 0})
                    continue
                if follows and not store.whole_load_for(_statements(lib, pending)):
                    try:
                        result = store.replace_documents(pending, build_graph(lib.facts(pending)), progress=progress)
                    except (NotImplementedError, FileNotFoundError):
                        result = None
                if result is None:
                    if graph is not None:
                        result = store.load(graph, progress=progress)
                    elif takes_ntriples(store):
                        result = store.load_stream(ntriples_of(data, jobs), sorted(lib.manifest().documents),
                                                   progress=progress)
                    else:
                        result = store.load_stream(graphs_of(data), sorted(lib.manifest().documents), progress=progress)
                out[name] = result
        except Exception as e:  # noqa: BLE001 - reported with the store's name, never a bare traceback
            raise StoreLoadError(name, e) from e
        _caught_up(lib, name, pending)
    return out


def _statements(lib: StatementStore, ids: Sequence[str]) -> int:
    """How many statements the documents ``ids`` hold (removed ones: none), from the library index."""
    return lib.manifest().documents.statements(ids)


def _caught_up(lib: StatementStore, name: str, done: Sequence[str]) -> None:
    """Record that a store holds the library, less what changed while it was being loaded."""
    lib.store_caught_up(name, done, graph_format=GRAPH_FORMAT)


def build(documents: Iterable[Path], data: Path, stores: Sequence[str] = ("rdf", "bolt"), jobs: int | None = None,
          scheduler: str | None = None, on_document: DocumentCallback | None = None,
          on_graph: Callable[[BuildSummary], None] | None = None, rebuild: bool = False, replace: bool = False,
          progress: Progress | None = None, options: Mapping[str, Mapping[str, Any]] | None = None,
          id_from: str = "name", follow_symlinks: bool = False,
          limits: Limits | None = None, reload: bool = False) -> BuildSummary:
    """Add ``documents`` to the library in ``data`` and bring the stores up to date (``reload``: whole).

    ``progress(store, n)`` is called as each store takes ``n`` more items.

    Holds the data directory's lock throughout, so two builds never
    interleave.  Stores are left alone when the library is empty.  ``options``
    are passed to each store by name (e.g. ``{"bolt": {"target": ...}}``).
    """
    lib = StatementStore(data)
    with lib.lock():
        summary = extract(documents, data, jobs=jobs, scheduler=scheduler, on_document=on_document, rebuild=rebuild,
                          replace=replace, id_from=id_from, follow_symlinks=follow_symlinks, limits=limits)
        return _follow(data, summary, stores, on_graph, progress, options, full=reload, jobs=jobs)


def remove_documents(ids: Iterable[str], data: Path, stores: Sequence[str] = ("rdf", "bolt"),
                     progress: Progress | None = None, options: Mapping[str, Mapping[str, Any]] | None = None) -> BuildSummary:
    """Take documents out of the library and out of the stores."""
    lib = StatementStore(data)
    with lib.lock():
        summary = remove(ids, data)
        return _follow(data, summary, stores, None, progress, options)


def _follow(data: Path, summary: BuildSummary, stores: Sequence[str], on_graph: Callable[[BuildSummary], None] | None,
            progress: Progress | None, options: Mapping[str, Mapping[str, Any]] | None = None,
            full: bool = False, jobs: int | None = None) -> BuildSummary:
    if summary.documents == 0 and not summary.removed or not stores:
        return summary
    for name in stores:
        per_store = (lambda _key, n, _name=name: progress(_name, n)) if progress is not None else None
        summary.loads.update(load(data, [name], progress=per_store, options=options, full=full, jobs=jobs))
    if on_graph is not None:
        on_graph(summary)
    return summary
