"""The extractor version follows the code that makes statements, and only that code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_builder.emit import store

PKG = Path(store.__file__).resolve().parents[1]


def _version_of(tree: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(store, "__file__", str(tree / "emit" / "store.py"))
    monkeypatch.setattr(store, "_VERSION", None)
    return store.extractor_version()


def test_only_changes_that_make_statements_change_the_version(tmp_path, monkeypatch) -> None:
    tree = tmp_path / "graph_builder"
    shutil.copytree(PKG, tree, ignore=shutil.ignore_patterns("__pycache__"))
    before = _version_of(tree, monkeypatch)
    (tree / "web" / "app.py").write_text((tree / "web" / "app.py").read_text() + "\n# a new page\n")
    (tree / "load" / "tallies.py").write_text((tree / "load" / "tallies.py").read_text() + "\n# a new tally\n")
    assert _version_of(tree, monkeypatch) == before
    (tree / "relate" / "__init__.py").write_text((tree / "relate" / "__init__.py").read_text() + "\n# a new rule\n")
    assert _version_of(tree, monkeypatch) != before
