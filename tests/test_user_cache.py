"""user_cache: where rebuildable files go, and that they are written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.user_cache import cache_dir, write_atomically


def test_the_cache_directory_is_the_one_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", " ")
    assert cache_dir().name == "graph-builder"  # the platform's own, when none is given


def test_written_whole_through_a_rename(tmp_path: Path) -> None:
    path = tmp_path / "new" / "f.bin"
    assert write_atomically(path, b"first") and path.read_bytes() == b"first"
    assert write_atomically(path, b"second") and path.read_bytes() == b"second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.bin"]  # no temporary file left


def test_unwritable_gives_false_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    target = tmp_path / "d" / "f.bin"
    target.mkdir()  # a folder where the file should go: the rename fails
    assert not write_atomically(target, b"x")
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["f.bin"] and target.is_dir()
