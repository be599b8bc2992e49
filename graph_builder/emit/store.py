"""The statement store: one JSON file per document under ``<data>/statements``.

A build writes into a fresh staging folder and swaps it in with renames,
so an interrupted build leaves the previous store intact — never a
half-written one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..models import FACT_TYPES, DocumentResult, Evidence, Fact


class StatementStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.dir = self.root / "statements"

    # ---------------------------------------------------------------- writing
    def writer(self) -> _Writer:
        return _Writer(self)

    # ---------------------------------------------------------------- reading
    def exists(self) -> bool:
        return self.dir.is_dir()

    def results(self) -> Iterator[DocumentResult]:
        if not self.exists():
            raise FileNotFoundError(f"{self.dir}: no statements; run `kg build DOCS --data {self.root}` first")
        for p in sorted(self.dir.glob("*.json")):
            yield load_result(p)

    def facts(self) -> Iterator[Fact]:
        for r in self.results():
            yield from r.facts


class _Writer:
    def __init__(self, store: StatementStore) -> None:
        self.store = store
        store.root.mkdir(parents=True, exist_ok=True)
        self.stage = Path(tempfile.mkdtemp(prefix=".statements-", dir=store.root))

    def __enter__(self) -> _Writer:
        return self

    def write(self, result: DocumentResult) -> None:
        self.write_encoded(result.doc, encode_result(result))

    def write_encoded(self, doc: str, payload: bytes) -> None:
        """Write a document's statements already encoded by :func:`encode_result` (in a worker process)."""
        (self.stage / f"{doc}.json").write_bytes(payload)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
            return
        old = self.store.root / f".statements-old-{os.getpid()}"
        if self.store.dir.exists():
            os.replace(self.store.dir, old)
        os.replace(self.stage, self.store.dir)
        shutil.rmtree(old, ignore_errors=True)


def encode_result(result: DocumentResult) -> bytes:
    """The stored form of one document's statements: compact UTF-8 JSON.

    Compact on purpose: an indent sends ``json.dumps`` to its pure-Python
    encoder, which cost ~10% of a build.
    """
    payload = {
        "doc": result.doc, "path": result.path, "format": result.format, "title": result.title,
        "kind_hint": result.kind_hint, "kind": result.kind, "error": result.error,
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
                          kind_hint=data.get("kind_hint"), kind=data.get("kind"), error=data.get("error"), facts=facts)
