"""The statement store: a library of documents under ``<data>``, one JSON file of statements each.

``<data>/library.sqlite`` (the index, see :mod:`.index`) says which
documents the library holds — id, source file, content hash, kind, title,
fact counts, when and by which extractor each was built — and which
statement file holds each one's facts.  Statement files are never
rewritten in place: a changed document gets a new file, and an update of
the index is one transaction.  So a build killed at any point leaves the
previous library exactly as it was (new files it wrote are orphans,
cleared by the next update), and readers never see a half-written store.

The index also records, per graph store, which documents it still
has to catch up on (``stores``): the statements are committed first,
then each store is brought up to date, so a kill between the two is
repaired by the next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..models import FACT_TYPES, DocumentResult, Evidence, Fact, drug_names
from .index import (COLUMNS, INDEX, LEGACY_MANIFEST, SCHEMA, DocumentEntry, DocumentTable, LibraryView, StoreState,
                    connect, entry_row, reader)

__all__ = ["DocumentEntry", "StatementStore", "StoreState", "Update"]

_HELD: dict[str, int] = {}  # data directories whose lock this process holds, with the depth


class StatementStore:
    """The library of a data directory: read its documents' statements, or update it atomically."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.dir = self.root / "statements"
        self.index_path = self.root / INDEX

    # ---------------------------------------------------------------- reading
    def exists(self) -> bool:
        return self.index_path.is_file() or (self.root / LEGACY_MANIFEST).is_file() or self.dir.is_dir()

    def manifest(self) -> LibraryView:
        """What the library holds now: its documents (read from the index on demand) and each store's state.

        An empty view for a library that does not exist yet (nothing is
        created by reading).
        """
        if not self.exists():
            return LibraryView(_empty)
        return LibraryView(reader(self.root))

    def files(self) -> Iterator[Path]:
        """Each document's statement file, in document-id order (streamed from the index)."""
        if not self.exists():
            raise FileNotFoundError(f"{self.dir}: no statements; run `kg build DOCS --data {self.root}` first")
        return (self.dir / name for name in self.manifest().documents.files())

    def results(self) -> Iterator[DocumentResult]:
        for path in self.files():
            yield load_result(path)

    def facts(self, docs: Iterable[str] | None = None) -> Iterator[Fact]:
        """Every fact of the library, or of the documents ``docs`` only."""
        if docs is None:
            for r in self.results():
                yield from r.facts
            return
        entries = self.manifest().documents
        for d in sorted(set(docs)):
            entry = entries.get(d)
            if entry is not None:
                yield from load_result(self.dir / entry.file).facts

    def page_documents(self, page: int, size: int, drug: str = "") -> list[str]:
        """The document ids of page ``page`` (from 1) of ``size``: of the library, or of those naming ``drug``."""
        if page < 1 or size < 1:
            raise ValueError(f"page and page size count from 1, not page {page} and size {size}")
        return self.manifest().documents.page((page - 1) * size, size, drug=drug)

    def store_caught_up(self, name: str, done: Iterable[str], *, graph_format: int) -> None:
        """Record that store ``name`` holds the library at ``graph_format``, less what changed while it was being
        loaded (one transaction)."""
        conn = connect(self.root)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO stores(name, synced, format) VALUES (?, 1, ?) "
                         "ON CONFLICT(name) DO UPDATE SET synced = 1, format = excluded.format", (name, graph_format))
            conn.executemany("DELETE FROM pending WHERE store = ? AND doc = ?", ((name, d) for d in done))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    # ---------------------------------------------------------------- writing
    def writer(self, replace: bool = False) -> Update:
        """An update of the library, committed when the ``with`` block ends without an error.

        ``replace`` starts from an empty library (every document not written
        again is removed); otherwise written documents are added or replace
        their earlier version and the rest stay.
        """
        return Update(self, replace=replace)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer per data directory: a second build waits instead of interleaving with the first.

        Re-entrant within a process (the build service holds it around
        extraction and loading, each of which also asks for it); the lock is
        the kernel's, so a killed holder never leaves it taken.  A writer
        that has to wait says so on standard error rather than hang silently.
        """
        key = str(self.root.resolve())
        if key in _HELD:
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        private_dir(self.root)
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        with open(fd, "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # say why nothing happens, once, then queue behind the holder
                sys.stderr.write(f"waiting for another build of {self.root} to finish\n")
                sys.stderr.flush()
                fcntl.flock(fh, fcntl.LOCK_EX)
            _HELD[key] = 1
            # Everything a writer creates under the lock is private: the
            # statements, the manifest, and files other libraries write for
            # us (Oxigraph's RocksDB files), which only the umask reaches.
            umask = os.umask(0o077)
            try:
                self._tighten()
                yield
            finally:
                os.umask(umask)
                del _HELD[key]
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _tighten(self) -> None:
        """Make a data directory written by an earlier version private too (its top-level stores and manifest)."""
        for name, mode in (("statements", 0o700), ("oxigraph", 0o700), ("arcadedb", 0o700), (INDEX, 0o600),
                           (f"{INDEX}-wal", 0o600), (f"{INDEX}-shm", 0o600)):
            with contextlib.suppress(FileNotFoundError, PermissionError):
                os.chmod(self.root / name, mode)

    def commit(self, update: Update) -> None:
        """Commit an update's transaction (atomic: SQLite's), then drop statement files no document refers to."""
        update.conn.execute("COMMIT")
        self._sweep()

    def _sweep(self) -> None:
        """Statement files no document names: a killed or failed update's drafts, replaced documents' old files."""
        if not self.dir.is_dir() or not self.exists():
            return
        live = set(self.manifest().documents.files())
        for p in self.dir.iterdir():
            if p.name not in live:
                p.unlink(missing_ok=True)
        for p in self.root.glob(f".{INDEX}.*.tmp"):  # an index a killed conversion never renamed in
            p.unlink(missing_ok=True)


class Update:
    """Documents written now, in one transaction of the index: committed on a clean exit, rolled back on an error.

    Lookups through :attr:`documents` see the update's own writes.  Every
    document whose statements change (new, rewritten, removed) is recorded,
    and every store that followed the library owes it (``pending``) in the
    same transaction.
    """

    def __init__(self, store: StatementStore, replace: bool = False) -> None:
        self.store = store
        self.replace = replace
        private_dir(store.root)
        private_dir(store.dir)
        self.conn = connect(store.root)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched(doc TEXT PRIMARY KEY) WITHOUT ROWID")
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed(doc TEXT PRIMARY KEY) WITHOUT ROWID")
        self.documents = DocumentTable(lambda: contextlib.nullcontext(self.conn))

    def __enter__(self) -> Update:
        return self

    def write(self, result: DocumentResult, source: str | None = None, sha256: str = "", part: int | None = None) -> DocumentEntry:
        return self.write_encoded(result.doc, encode_result(result), result=result, source=source, sha256=sha256, part=part)

    def write_encoded(self, doc: str, payload: bytes, result: DocumentResult | None = None, source: str | None = None,
                      sha256: str = "", part: int | None = None, meta: dict | None = None, file: str | None = None) -> DocumentEntry:
        """Record a document's statements (encoded by :func:`encode_result`, e.g. in a worker).

        ``file``: the statement file a worker already wrote with :func:`write_statement_file`
        (then ``payload`` is not needed); otherwise ``payload`` is written now.
        """
        name = file or write_statement_file(self.store.dir, doc, payload)
        info = meta if meta is not None else _meta(result if result is not None else load_result_bytes(payload))
        entry = DocumentEntry(
            id=doc, source=source or info.get("path", ""), part=part, sha256=sha256, format=info.get("format"),
            accession=info.get("accession"),
            kind=info.get("kind"), title=info.get("title"), facts=dict(info.get("views", {})), built=_now(), extractor=extractor_version(),
            file=name)
        self._put(entry, info.get("drugs", ()))
        return entry

    def _put(self, entry: DocumentEntry, drugs: Iterable[str]) -> None:
        old = self.conn.execute("SELECT file FROM documents WHERE id = ?", (entry.id,)).fetchone()
        if old is None or old[0] != entry.file:
            self.conn.execute("INSERT OR IGNORE INTO changed(doc) VALUES (?)", (entry.id,))
        self.conn.execute(f"INSERT OR REPLACE INTO documents({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                          entry_row(entry))
        self.conn.execute("DELETE FROM document_drugs WHERE doc = ?", (entry.id,))
        self.conn.executemany("INSERT OR IGNORE INTO document_drugs(drug, doc) VALUES (?, ?)", ((d, entry.id) for d in drugs))
        self.conn.execute("INSERT OR IGNORE INTO touched(doc) VALUES (?)", (entry.id,))

    def keep(self, entry: DocumentEntry) -> None:
        """Keep a committed document as it is (a ``replace`` update otherwise drops what it does not write)."""
        self.conn.execute("INSERT OR IGNORE INTO touched(doc) VALUES (?)", (entry.id,))

    def remove(self, doc: str) -> None:
        self.conn.execute("DELETE FROM document_drugs WHERE doc = ?", (doc,))
        if self.conn.execute("DELETE FROM documents WHERE id = ?", (doc,)).rowcount:
            self.conn.execute("INSERT OR IGNORE INTO changed(doc) VALUES (?)", (doc,))
        self.conn.execute("DELETE FROM touched WHERE doc = ?", (doc,))

    def owner(self, doc: str) -> tuple[str, int | None] | None:
        """Where the document ``doc`` comes from in the library being written (``replace``: only what this update wrote or kept)."""
        row = self.conn.execute("SELECT source, part FROM documents WHERE id = ?" + self._only_touched(), (doc,)).fetchone()
        return None if row is None else (row[0], row[1])

    def article_owner(self, accession: str) -> tuple[str, int | None] | None:
        """Where the article (PMID/PMCID) comes from in the library being written (as :meth:`owner`)."""
        row = self.conn.execute("SELECT source, part FROM documents WHERE accession = ?" + self._only_touched() +
                                " ORDER BY id LIMIT 1", (accession,)).fetchone()
        return None if row is None else (row[0], row[1])

    def _only_touched(self) -> str:
        return " AND id IN (SELECT doc FROM touched)" if self.replace else ""

    def untouched(self) -> list[str]:
        """Documents of the library this update neither wrote nor kept (a ``replace`` update removes them)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM documents WHERE id NOT IN (SELECT doc FROM touched) ORDER BY id")]

    def _finish(self) -> None:
        """Drop what a ``replace`` update left out, and make every store that followed the library owe the changes."""
        if self.replace:
            self.conn.execute("INSERT OR IGNORE INTO changed(doc) SELECT id FROM documents WHERE id NOT IN (SELECT doc FROM touched)")
            self.conn.execute("DELETE FROM document_drugs WHERE doc NOT IN (SELECT doc FROM touched)")
            self.conn.execute("DELETE FROM documents WHERE id NOT IN (SELECT doc FROM touched)")
        self.conn.execute("INSERT OR IGNORE INTO pending(store, doc) SELECT s.name, c.doc FROM stores s, changed c")

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.conn.execute("ROLLBACK")
                self.store._sweep()  # the files this update wrote are nobody's
                return
            self._finish()
            self.store.commit(self)
        except BaseException:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("DROP TABLE IF EXISTS temp.touched")
                self.conn.execute("DROP TABLE IF EXISTS temp.changed")
            self.conn.close()


def _empty() -> contextlib.closing[sqlite3.Connection]:
    """An empty index in memory: what a library that does not exist yet holds (reading creates nothing)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(SCHEMA)
    return contextlib.closing(conn)


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by its owner only: statements quote the papers read.

    A folder that exists already is made private too, so a data directory
    written by an earlier version is tightened on its next write.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):  # not ours (a shared folder given as --data): leave it
        os.chmod(path, 0o700)


def _meta(result: DocumentResult) -> dict:
    return {"path": result.path, "format": result.format, "kind": result.kind, "title": result.title,
            "accession": result.accession, "views": _count_views(result.facts), "drugs": drug_names(result.facts)}


def _count_views(facts: Iterable[Fact]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in facts:
        out[f.view] = out.get(f.view, 0) + 1
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_VERSION: str | None = None


#: Stages after the statements (and tools beside them): a change there changes no statement, so it is not hashed
#: (a new explorer page or loader should not tell every library it is due a rebuild).
_DOWNSTREAM = frozenset({"graph", "load", "query", "web", "servers", "bench", "evaluate", "cli.py", "lint.py"})


def extractor_version() -> str:
    """The package version and a hash of the code and vocabularies that make statements: statements from another
    one are due a rebuild."""
    global _VERSION
    if _VERSION is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("graph-builder")
        except PackageNotFoundError:
            v = "0"
        pkg = Path(__file__).resolve().parent.parent
        h = hashlib.sha256()
        for p in sorted([*pkg.rglob("*.py"), *(pkg / "vocab").glob("*")]):
            if p.is_file() and p.relative_to(pkg).parts[0] not in _DOWNSTREAM:
                h.update(p.relative_to(pkg).as_posix().encode())
                h.update(p.read_bytes())
        extra = os.environ.get("GRAPH_BUILDER_VOCAB")
        if extra and Path(extra).is_dir():
            for p in sorted(Path(extra).glob("*")):
                if p.is_file():
                    h.update(p.read_bytes())
        _VERSION = f"{v}+{h.hexdigest()[:12]}"
    return _VERSION


def write_statement_file(folder: Path, doc: str, payload: bytes) -> str:
    """Write one document's encoded statements into ``folder``; return the file's name.

    The name carries a hash of the content, so a file never changes once
    written: an unchanged document is not written twice, and until the
    manifest names it a file is only an unreferenced draft (a killed build
    leaves drafts, never a damaged library).  Written aside and renamed,
    so an existing name always holds a whole file.  Pool workers call this
    themselves: on two cores the main process must not spend ~0.5 ms a
    document creating files while the workers wait.
    """
    name = f"{quote(doc, safe='')}.{hashlib.sha256(payload).hexdigest()[:16]}.json"
    path = folder / name
    if not path.exists():
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    return name


def encode_result(result: DocumentResult) -> bytes:
    """The stored form of one document's statements: compact UTF-8 JSON.

    Compact on purpose: an indent sends ``json.dumps`` to its pure-Python
    encoder, which cost ~10% of a build.
    """
    payload = {
        "doc": result.doc, "path": result.path, "format": result.format, "title": result.title,
        "kind_hint": result.kind_hint, "accession": result.accession, "kind": result.kind, "error": result.error,
        "facts": [{"view": f.view, **f.model_dump()} for f in result.facts],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_result(path: Path) -> DocumentResult:
    return load_result_bytes(path.read_bytes())


def load_result_bytes(payload: bytes) -> DocumentResult:
    """One document's statements from their stored form (:func:`encode_result`)."""
    data = json.loads(payload)
    facts: list[Fact] = []
    for f in data.get("facts", []):
        cls = FACT_TYPES[f.pop("view")]
        f["evidence"] = [Evidence(**e) for e in f.get("evidence", [])]
        facts.append(cls(**f))
    return DocumentResult(doc=data["doc"], path=data["path"], format=data.get("format"), title=data.get("title"),
                          kind_hint=data.get("kind_hint"), accession=data.get("accession"), kind=data.get("kind"),
                          error=data.get("error"), facts=facts)
