"""The library index: one SQLite file (``<data>/library.sqlite``) naming every document and each store's progress.

Why SQLite rather than the JSON manifest it replaces: the manifest was read
whole into memory by every command and rewritten whole by every update, so
a library of 100,000 documents held ~190 MB of entries (and peaked at
~280 MB while parsing 57 MB of JSON) in every build, loader and explorer
process, growing without bound with the library.  The index answers what
a caller asks (one document, one source file, one article, a count, the
ids in order) from disk, with the memory of one row; an update is one
SQLite transaction, so a build killed at any point leaves the previous
library exactly as it was (SQLite's journal rolls the transaction back),
and readers in other processes see the old library or the new, never half
(WAL mode).  The standard library's ``sqlite3`` does all of it: no
dependency.

A data directory written before the index existed (``library.json``, or
only ``statements/``) is converted once, the first time it is opened.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass

INDEX = "library.sqlite"
LEGACY_MANIFEST = "library.json"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents(
    id TEXT PRIMARY KEY, source TEXT NOT NULL, part INTEGER, sha256 TEXT NOT NULL DEFAULT '',
    format TEXT, accession TEXT, kind TEXT, title TEXT, facts TEXT NOT NULL DEFAULT '{}',
    built TEXT NOT NULL DEFAULT '', extractor TEXT NOT NULL DEFAULT '', file TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS documents_by_source ON documents(source, part);
CREATE INDEX IF NOT EXISTS documents_by_accession ON documents(accession) WHERE accession IS NOT NULL;
CREATE TABLE IF NOT EXISTS document_drugs(drug TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(drug, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS document_drugs_by_doc ON document_drugs(doc);
CREATE TABLE IF NOT EXISTS stores(name TEXT PRIMARY KEY, synced INTEGER NOT NULL DEFAULT 0, format INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS pending(store TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(store, doc)) WITHOUT ROWID;
"""
COLUMNS = ("id", "source", "part", "sha256", "format", "accession", "kind", "title", "facts", "built", "extractor", "file")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM documents"


@dataclass(slots=True, frozen=True)
class DocumentEntry:
    """One document of the library (one row of the index).

    A slotted, frozen pydantic dataclass: entries are read one at a time
    from the index and never changed in place (a changed document gets a
    new entry).
    """

    id: str
    source: str = Field(description="The file it was read from (absolute).")
    part: int | None = Field(default=None, description="Its article index inside a multi-article file.")
    sha256: str = Field(default="", description="Hash of the document's own bytes: unchanged content is not re-extracted.")
    format: str | None = None
    accession: str | None = Field(default=None, description="PMCID or PMID the source carries.")
    kind: str | None = None
    title: str | None = None
    facts: dict[str, int] = Field(default_factory=dict, description="Statements per canonical view.")
    built: str = ""
    extractor: str = ""
    file: str = Field(default="", description="The statement file, relative to <data>/statements.")

    def __post_init__(self) -> None:
        # the values most entries repeat (extractor version, build time, kind, format) held once, not per entry
        for name in ("built", "extractor", "kind", "format"):
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, sys.intern(value))


def entry_row(e: DocumentEntry) -> tuple[Any, ...]:
    """An entry as the index's row (facts as compact JSON)."""
    return (e.id, e.source, e.part, e.sha256, e.format, e.accession, e.kind, e.title,
            json.dumps(e.facts, separators=(",", ":"), sort_keys=True), e.built, e.extractor, e.file)


def _entry(row: tuple[Any, ...]) -> DocumentEntry:
    d = dict(zip(COLUMNS, row, strict=True))
    d["facts"] = json.loads(d["facts"])
    return DocumentEntry(**d)


class StoreState(BaseModel):
    """How far one graph store has followed the library."""

    synced: bool = False  # it held exactly the library's documents once; later changes are in `pending`
    pending: list[str] = Field(default_factory=list)  # ids whose facts it must replace or remove
    format: int = 0  # the graph format it was loaded at (load.contract.GRAPH_FORMAT); 0: before formats were recorded


def connect(root: Path) -> sqlite3.Connection:
    """A connection to the index of data directory ``root``, created (or converted from a legacy manifest) if needed.

    Autocommit mode: every statement is its own transaction unless the
    caller opens one (``BEGIN IMMEDIATE``), which an update does.
    """
    path = Path(root) / INDEX
    if not path.exists():
        Path(root).mkdir(mode=0o700, parents=True, exist_ok=True)
        # one converter at a time: a second one renaming its copy over an index already in use would lose its writes
        with open(os.open(Path(root) / ".index.lock", os.O_RDWR | os.O_CREAT, 0o600), "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                _create(Path(root))
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=60.0, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    _add_store_format(conn)
    return conn


def _add_store_format(conn: sqlite3.Connection) -> None:
    """An index written before stores recorded their graph format gets the column (0: reload them whole)."""
    if "format" not in {row[1] for row in conn.execute("PRAGMA table_info(stores)")}:
        try:
            conn.execute("ALTER TABLE stores ADD COLUMN format INTEGER NOT NULL DEFAULT 0")
        except sqlite3.OperationalError:  # a read-only index: its readers see format 0 through a view of their own
            conn.execute("CREATE TEMP VIEW stores AS SELECT name, synced, 0 AS format FROM main.stores")


def _create(root: Path) -> None:
    """Write a new index aside (converted from ``library.json`` or ``statements/`` when there is one) and rename it in.

    The caller holds ``.index.lock``, so one process converts and the
    others then open its index; the legacy manifest goes only once the
    index is in place.
    """
    from ..models import drug_names
    from .store import _count_views, load_result  # the legacy conversion reads statement files

    tmp = root / f".{INDEX}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    legacy = root / LEGACY_MANIFEST
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # private: the index names the user's files
    os.close(fd)
    conn = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        if legacy.is_file():
            m = json.loads(legacy.read_bytes())
            conn.executemany(f"INSERT INTO documents({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                             (entry_row(DocumentEntry(**e)) for e in m.get("documents", {}).values()))
            for e in m.get("documents", {}).values():  # the drugs each document names, read once from its statements
                with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                    names = drug_names(load_result(root / "statements" / e["file"]).facts)
                    conn.executemany("INSERT OR IGNORE INTO document_drugs(drug, doc) VALUES (?, ?)", ((d, e["id"]) for d in names))
            for name, state in m.get("stores", {}).items():
                conn.execute("INSERT INTO stores(name, synced) VALUES (?, ?)", (name, int(bool(state.get("synced")))))
                conn.executemany("INSERT OR IGNORE INTO pending(store, doc) VALUES (?, ?)",
                                 ((name, d) for d in state.get("pending", [])))
        elif (root / "statements").is_dir():  # a store written before any manifest: every file is a document
            for p in sorted((root / "statements").glob("*.json")):
                r = load_result(p)
                facts = _count_views(r.facts)
                conn.execute("INSERT OR REPLACE INTO documents(id, source, format, kind, title, facts, file) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (r.doc, r.path, r.format, r.kind, r.title, json.dumps(facts, sort_keys=True), p.name))
                conn.executemany("INSERT OR IGNORE INTO document_drugs(drug, doc) VALUES (?, ?)",
                                 ((d, r.doc) for d in drug_names(r.facts)))
        conn.execute("COMMIT")
    finally:
        conn.close()
    os.replace(tmp, root / INDEX)
    legacy.unlink(missing_ok=True)


Opener = Callable[[], AbstractContextManager[sqlite3.Connection]]
"""How a table reaches the index: a reader opens a connection per call and closes it (no connection
outlives its question, so nothing keeps SQLite's side files alive under a copy of the folder); an
update lends its own open transaction."""


def reader(root: Path) -> Opener:
    """Connections to the index of ``root``, one per call, closed after it."""
    return lambda: contextlib.closing(connect(root))


def held(root: Path) -> Opener:
    """One connection to the index of ``root``, opened now and lent to every call: for a long-running reader.

    The explorer asks about one document per evidence row; a connection per
    question costs ~0.3 ms, a held one ~0.02 ms.  SQLite is built
    serialized here, so the server's threads may share it.
    """
    conn = connect(root)
    return lambda: contextlib.nullcontext(conn)


class DocumentTable(Mapping[str, DocumentEntry]):
    """The library's documents as a read-only mapping id -> entry, answered from the index row by row.

    Iteration is in id order and streams (the memory of one row).  An
    update's table sees the update's own writes.
    """

    def __init__(self, use: Opener) -> None:
        self._use = use

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._use() as c:
            return c.execute(sql, args).fetchone()

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        with self._use() as c:
            yield from c.execute(sql, args)

    def __getitem__(self, doc: str) -> DocumentEntry:
        row = self._one(f"{_SELECT} WHERE id = ?", (doc,))
        if row is None:
            raise KeyError(doc)
        return _entry(row)

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, str) and self._one("SELECT 1 FROM documents WHERE id = ?", (doc,)) is not None

    def __len__(self) -> int:
        row = self._one("SELECT COUNT(*) FROM documents")
        return row[0] if row else 0

    def __iter__(self) -> Iterator[str]:
        return (r[0] for r in self._rows("SELECT id FROM documents ORDER BY id"))

    def values(self) -> Iterator[DocumentEntry]:  # type: ignore[override]  # a stream, not a view
        return (_entry(r) for r in self._rows(f"{_SELECT} ORDER BY id"))

    def items(self) -> Iterator[tuple[str, DocumentEntry]]:  # type: ignore[override]
        return ((e.id, e) for e in self.values())

    def at_source(self, source: str, part: int | None) -> DocumentEntry | None:
        """The document read from ``source`` (article ``part`` of it), if any."""
        row = self._one(f"{_SELECT} WHERE source = ? AND part IS ?", (source, part))
        return None if row is None else _entry(row)

    def with_accession(self, accession: str) -> DocumentEntry | None:
        """The document carrying this PMID/PMCID, if any."""
        row = self._one(f"{_SELECT} WHERE accession = ? ORDER BY id LIMIT 1", (accession,))
        return None if row is None else _entry(row)

    def page(self, offset: int, limit: int, drug: str = "") -> list[str]:
        """Document ids ``offset`` to ``offset + limit`` in id order: of the library, or of those naming ``drug``.

        Read from the index's B-trees: the cost of one page, however many
        documents name the drug.
        """
        if drug:
            rows = self._rows("SELECT doc FROM document_drugs WHERE drug = ? ORDER BY doc LIMIT ? OFFSET ?",
                              (drug, limit, offset))
        else:
            rows = self._rows("SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
        return [r[0] for r in rows]

    def files(self) -> Iterator[str]:
        """Each document's statement file name, in id order (streamed)."""
        return (r[0] for r in self._rows("SELECT file FROM documents ORDER BY id"))

    def statements(self, ids: Iterable[str]) -> int:
        """How many statements the documents ``ids`` hold (unknown ids: none)."""
        total = 0
        with self._use() as c:
            for doc in ids:
                row = c.execute("SELECT facts FROM documents WHERE id = ?", (doc,)).fetchone()
                if row is not None:
                    total += sum(json.loads(row[0]).values())
        return total

    def built_by_other(self, extractor: str) -> int:
        """How many documents another extractor version built (due a rebuild)."""
        row = self._one("SELECT COUNT(*) FROM documents WHERE extractor != ?", (extractor,))
        return row[0] if row else 0


class LibraryView:
    """What the index says now: its documents and each store's state (read on demand, never cached)."""

    def __init__(self, use: Opener) -> None:
        self._use = use
        self.documents = DocumentTable(use)

    @property
    def stores(self) -> dict[str, StoreState]:
        with self._use() as c:
            out = {name: StoreState(synced=bool(synced), format=fmt)
                   for name, synced, fmt in c.execute("SELECT name, synced, format FROM stores ORDER BY name")}
            for name, doc in c.execute("SELECT store, doc FROM pending ORDER BY store, doc"):
                if name in out:
                    out[name].pending.append(doc)
        return out

    def store(self, name: str) -> StoreState | None:
        """One store's state (None: the store never followed the library)."""
        with self._use() as c:
            row = c.execute("SELECT synced, format FROM stores WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            pending = [r[0] for r in c.execute("SELECT doc FROM pending WHERE store = ? ORDER BY doc", (name,))]
        return StoreState(synced=bool(row[0]), pending=pending, format=row[1])
