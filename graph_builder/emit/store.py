"""The statement store: a library of documents under ``<data>``, one JSON file of statements each.

``<data>/library.json`` (the manifest) says which documents the library
holds — id, source file, content hash, kind, title, fact counts, when
and by which extractor each was built — and which statement file holds
each one's facts.  Statement files are never rewritten in place: a
changed document gets a new file, and a new manifest is swapped in with
one atomic rename.  So a build killed at any point leaves the previous
library exactly as it was (new files it wrote are orphans, cleared by
the next update), and readers never see a half-written store.

The manifest also records, per graph store, which documents it still
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
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field, TypeAdapter
from pydantic.dataclasses import dataclass

from ..models import FACT_TYPES, DocumentResult, Evidence, Fact

MANIFEST = "library.json"
_HELD: dict[str, int] = {}  # data directories whose lock this process holds, with the depth
_PARSED: dict[str, tuple[tuple, Manifest]] = {}  # manifest path -> (its stat, its parse)


@dataclass(slots=True, frozen=True)
class DocumentEntry:
    """One document of the library.

    A slotted, frozen pydantic dataclass rather than a ``BaseModel``: the
    manifest holds one per document for the whole build, and a model
    instance (its ``__dict__`` and field-set bookkeeping) cost ~1.9 KB
    where this costs ~0.5 KB with the values many entries repeat shared
    (100,000 documents: ~190 MB against ~50 MB).  Entries are never
    changed in place; a changed document gets a new entry.
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

    def model_dump(self) -> dict[str, Any]:
        """The entry as plain data (as a model's ``model_dump``)."""
        return _ENTRY.dump_python(self)


_ENTRY: TypeAdapter[DocumentEntry] = TypeAdapter(DocumentEntry)


class StoreState(BaseModel):
    """How far one graph store has followed the library."""

    synced: bool = False  # it held exactly the library's documents once; later changes are in `pending`
    pending: list[str] = Field(default_factory=list)  # ids whose facts it must replace or remove


class Manifest(BaseModel):
    version: int = 1
    documents: dict[str, DocumentEntry] = Field(default_factory=dict)
    stores: dict[str, StoreState] = Field(default_factory=dict)

    def by_source(self) -> dict[tuple[str, int | None], DocumentEntry]:
        return {(e.source, e.part): e for e in self.documents.values()}

    def copy_for_update(self) -> Manifest:
        """A copy whose document table and store states can be changed (entries themselves are never changed)."""
        return Manifest(version=self.version, documents=dict(self.documents),
                        stores={k: v.model_copy(update={"pending": list(v.pending)}) for k, v in self.stores.items()})


class StatementStore:
    """The library of a data directory: read its documents' statements, or update it atomically."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.dir = self.root / "statements"
        self.manifest_path = self.root / MANIFEST

    # ---------------------------------------------------------------- reading
    def exists(self) -> bool:
        return self.manifest_path.is_file() or self.dir.is_dir()

    def manifest(self) -> Manifest:
        """The committed manifest (an empty one for a new library; a legacy store's files listed as they are).

        Parsed once per version of the file (a library of 10,000 documents
        is read several times per build); treat it as read-only and copy
        before changing it (:meth:`Manifest.copy_for_update`).
        """
        if self.manifest_path.is_file():
            st = self.manifest_path.stat()
            key = (str(self.manifest_path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)
            cached = _PARSED.get(key[0])
            if cached is not None and cached[0] == key:
                return cached[1]
            m = Manifest.model_validate_json(self.manifest_path.read_bytes())
            _PARSED[key[0]] = (key, m)
            return m
        m = Manifest()
        if self.dir.is_dir():  # a store written before the manifest existed: every file is a document
            for p in sorted(self.dir.glob("*.json")):
                r = load_result(p)
                m.documents[r.doc] = _entry(r, p.name, source=r.path, sha256="")
        return m

    def files(self) -> list[Path]:
        """Each document's statement file, in document-id order."""
        if not self.exists():
            raise FileNotFoundError(f"{self.dir}: no statements; run `kg build DOCS --data {self.root}` first")
        return [self.dir / entry.file for entry in sorted(self.manifest().documents.values(), key=lambda e: e.id)]

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
            if d in entries:
                yield from load_result(self.dir / entries[d].file).facts

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
        for name, mode in (("statements", 0o700), ("oxigraph", 0o700), ("arcadedb", 0o700), (MANIFEST, 0o600)):
            with contextlib.suppress(FileNotFoundError, PermissionError):
                os.chmod(self.root / name, mode)

    def commit(self, manifest: Manifest) -> None:
        """Swap a new manifest in (atomic), then drop statement files no document refers to."""
        private_dir(self.root)
        tmp = self.root / f".{MANIFEST}.{os.getpid()}"
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            fh.write(manifest.model_dump_json(indent=1).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest_path)
        self._sweep(manifest)

    def _sweep(self, manifest: Manifest) -> None:
        if not self.dir.is_dir():
            return
        live = {e.file for e in manifest.documents.values()}
        for p in self.dir.iterdir():
            if p.name not in live:
                p.unlink(missing_ok=True)
        for p in self.root.glob(f".{MANIFEST}.*"):  # a manifest a killed commit never swapped in
            p.unlink(missing_ok=True)

    def mark_pending(self, manifest: Manifest, changed: Iterable[str]) -> None:
        """Every store that followed the library now also owes these documents (no store named yet is left alone)."""
        ids = sorted(set(changed))
        for state in manifest.stores.values():
            state.pending = sorted(set(state.pending) | set(ids))


class Update:
    """Documents written now; the manifest is committed on a clean exit, never on an error."""

    def __init__(self, store: StatementStore, replace: bool = False) -> None:
        self.store = store
        current = store.manifest()
        self.base = current.copy_for_update()
        if replace:
            self.base.documents = {}
        self.previous = current.documents
        self.entries: dict[str, DocumentEntry] = {}
        self.removed: set[str] = set()
        self.replace = replace
        private_dir(store.dir)

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
        info = meta if meta is not None else _meta(result) if result is not None else json.loads(payload)
        entry = DocumentEntry(
            id=doc, source=source or info.get("path", ""), part=part, sha256=sha256, format=info.get("format"),
            accession=info.get("accession"),
            kind=info.get("kind"), title=info.get("title"), facts=_counts(info), built=_now(), extractor=extractor_version(),
            file=name)
        self.entries[doc] = entry
        self.removed.discard(doc)
        return entry

    def keep(self, entry: DocumentEntry) -> None:
        """Keep a committed document as it is (a ``replace`` update otherwise drops what it does not write)."""
        self.entries[entry.id] = entry
        self.removed.discard(entry.id)

    def remove(self, doc: str) -> None:
        self.entries.pop(doc, None)
        self.removed.add(doc)

    @property
    def changed(self) -> set[str]:
        """Ids whose facts differ from the committed library: new, rewritten or removed documents."""
        out = {d for d, e in self.entries.items() if d not in self.previous or self.previous[d].file != e.file}
        out |= {d for d in self.removed if d in self.previous}
        if self.replace:
            out |= set(self.previous) - set(self.entries)
        return out

    def manifest(self) -> Manifest:
        """The manifest this update would commit."""
        m = self.base.copy_for_update()
        for d in self.removed:
            m.documents.pop(d, None)
        m.documents.update(self.entries)
        self.store.mark_pending(m, self.changed)
        return m

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.store._sweep(self.store.manifest())  # the files this update wrote are nobody's
            return
        self.store.commit(self.manifest())


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
            "accession": result.accession, "views": _count_views(result.facts)}


def _count_views(facts: Iterable[Fact]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in facts:
        out[f.view] = out.get(f.view, 0) + 1
    return out


def _counts(info: dict) -> dict[str, int]:
    if "views" in info:
        return dict(info["views"])
    return _count_views_raw(info.get("facts", []))


def _count_views_raw(facts: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in facts:
        out[f["view"]] = out.get(f["view"], 0) + 1
    return out


def _entry(r: DocumentResult, file: str, source: str, sha256: str) -> DocumentEntry:
    return DocumentEntry(id=r.doc, source=source, sha256=sha256, format=r.format, kind=r.kind, title=r.title,
                         facts=_count_views(r.facts), file=file)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_VERSION: str | None = None


def extractor_version() -> str:
    """The package version and a hash of its code and vocabularies: statements from another one are due a rebuild."""
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
            if p.is_file():
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
    data = json.loads(path.read_text(encoding="utf-8"))
    facts: list[Fact] = []
    for f in data.get("facts", []):
        cls = FACT_TYPES[f.pop("view")]
        f["evidence"] = [Evidence(**e) for e in f.get("evidence", [])]
        facts.append(cls(**f))
    return DocumentResult(doc=data["doc"], path=data["path"], format=data.get("format"), title=data.get("title"),
                          kind_hint=data.get("kind_hint"), accession=data.get("accession"), kind=data.get("kind"),
                          error=data.get("error"), facts=facts)
