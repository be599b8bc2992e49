"""What a build writes is private; what it reads is not reached through symbolic links unless asked."""

from __future__ import annotations

import stat
from pathlib import Path

from typer.testing import CliRunner

from graph_builder import service
from graph_builder.bench.corpus import write_corpus
from graph_builder.cli import app
from graph_builder.read import Skipped, iter_sources
from graph_builder.read.sources import SYMLINK_REASON, walk
from graph_builder.servers.arcadedb import EmbeddedArcadeDB

SECRET = "A private note that is no paper: 72-year-old man given drugzumab 5 mg daily.\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_files_are_private(tmp_path: Path) -> None:
    docs, data = write_corpus(tmp_path / "docs", 2), tmp_path / "data"
    service.build([docs], data, stores=["rdf"], jobs=1)
    EmbeddedArcadeDB(data)._make_home()
    for folder in (data, data / "statements", data / "oxigraph", data / "arcadedb"):
        assert _mode(folder) == 0o700, folder
    files = [*data.glob("library.sqlite*"), data / ".lock", *(data / "statements").iterdir(), *(data / "oxigraph").iterdir()]
    assert (data / "library.sqlite").is_file()
    assert files and {f: _mode(f) for f in files if f.is_file()} == {f: 0o600 for f in files if f.is_file()}


def test_an_older_data_directory_is_tightened_on_its_next_write(tmp_path: Path) -> None:
    docs, data = write_corpus(tmp_path / "docs", 1), tmp_path / "data"
    service.build([docs], data, stores=[], jobs=1)
    (data / "statements").chmod(0o755)
    (data / "library.sqlite").chmod(0o644)
    data.chmod(0o755)
    service.build([docs], data, stores=[], jobs=1)
    assert (_mode(data), _mode(data / "statements"), _mode(data / "library.sqlite")) == (0o700, 0o700, 0o600)


def _folder_with_links(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "note.txt").write_text(SECRET, encoding="utf-8")
    docs = write_corpus(tmp_path / "docs", 1)
    (docs / "note.txt").symlink_to(outside / "note.txt")
    (docs / "elsewhere").symlink_to(outside, target_is_directory=True)
    (docs / "loop").symlink_to(docs, target_is_directory=True)
    return docs, outside


def test_symbolic_links_are_skipped_with_the_reason(tmp_path: Path) -> None:
    docs, _ = _folder_with_links(tmp_path)
    skipped = sorted(Path(s.path).name for s in iter_sources([docs]) if isinstance(s, Skipped))
    assert skipped == ["elsewhere", "loop", "note.txt"]
    assert {s.reason for s in walk([docs]) if isinstance(s, Skipped)} == {SYMLINK_REASON}
    assert [s.reason for s in walk([docs / "note.txt"])] == [SYMLINK_REASON]  # named directly too


def test_follow_symlinks_reads_through_them_once(tmp_path: Path) -> None:
    docs, _ = _folder_with_links(tmp_path)
    found = [p for p in walk([docs], follow_symlinks=True)]
    assert not any(isinstance(p, Skipped) for p in found)
    names = sorted(p.relative_to(docs).as_posix() for p in found)  # the loop back to docs is not walked again
    assert [n for n in names if "note" in n] == ["elsewhere/note.txt", "note.txt"]
    assert not any(n.startswith("loop/") for n in names)


def test_kg_build_skips_links_unless_follow_symlinks(tmp_path: Path) -> None:
    docs, _ = _folder_with_links(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(docs), "--data", str(tmp_path / "a"), "--no-bolt", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert f"{docs / 'note.txt'}: {SYMLINK_REASON}" in first.output
    ids = {e.id for e in service.StatementStore(tmp_path / "a").manifest().documents.values()}
    assert "note" not in ids
    second = runner.invoke(app, ["build", str(docs), "--data", str(tmp_path / "b"), "--no-bolt", "--jobs", "1",
                                 "--follow-symlinks"])
    assert second.exit_code == 0, second.output
    assert "note" in {e.id for e in service.StatementStore(tmp_path / "b").manifest().documents.values()}
