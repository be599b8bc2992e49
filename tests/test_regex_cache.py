"""regex_cache: a pattern read back from the cache is the one compiled, with no parsing; a bad cache costs only the compile."""

from __future__ import annotations

import json
import marshal
import os
import random
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from graph_builder import fastre, regex_cache
from graph_builder.regex_cache import Store

ROOT = Path(__file__).resolve().parents[1]

# one of each way fastre compiles: a start set given to re, a folded pattern with needles, a folded alternation
# whose branches need different words, a pattern re already skips through, global inline flags, a back reference
COMPILED = [
    (r"\b(?:given|received)\s+(?P<drug>[a-z]+mab)\b", 0),
    (r"\b(?:given|received)\s+(?P<drug>[a-z]+mab)\b", re.I),
    (r"[(\[]?\s*95\s*%\s*CI[^)\]]*[)\]]?|\brange\s*\d+|\blog-rank\b|\bfigures? \d+", re.I),
    (r"\(\s*n\s*=\s*(\d+)\)", re.I),
    (r"(?i)grade\s*([1-5])", 0),
    (r"\b(\w+) and \1\b", re.I),
]
TEXTS = [
    "Patients GIVEN Bevacizumab and those received nivolumab (n = 12); grade 3 and Grade 4 events, 95 % CI 2-5.",
    "Range 2-9 by log-rank test (Figure 2); one and one; ſ ı İ K",
    "".join(random.Random(5).choice("agimvnreb 0123456789()=%-") for _ in range(400)),
]


def _matches(rx: fastre.Pattern | re.Pattern[str], texts: list[str] = TEXTS) -> list[object]:
    """What a pattern finds in ``texts``: every match with its groups, in a slice too, and a search from 3."""
    out: list[object] = []
    for text in texts:
        out.append([(m.span(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup) for m in rx.finditer(text)])
        out.append([(m.span(), m.groups()) for m in rx.finditer(text, 9, len(text) // 2)])
        m = rx.search(text, 3)
        out.append(m and m.span())
    return out


def _behaviour(rx: fastre.Pattern, texts: list[str] = TEXTS) -> list[object]:
    """The pattern as compiled (its text, flags, groups, kind) and what it finds."""
    return [rx.pattern, rx.flags, rx.groups, dict(rx.groupindex), type(rx).__name__, *_matches(rx, texts)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """An empty store in a temporary file, standing in for this process's."""
    fresh = Store(tmp_path / "regex.marshal", regex_cache.STORE.stamp or ("test",))
    monkeypatch.setattr(regex_cache, "STORE", fresh)
    return fresh


def _read_back(path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store as the next process finds it, with re's parser made to fail: nothing may be parsed."""
    again = Store(path, regex_cache.STORE.stamp)
    monkeypatch.setattr(regex_cache, "STORE", again)

    def no_parse(*_: object, **__: object) -> None:
        raise AssertionError("parsed a pattern the cache holds")

    monkeypatch.setattr(fastre.P, "parse", no_parse)
    return again


@pytest.mark.parametrize(("pattern", "flags"), COMPILED)
def test_a_pattern_read_back_is_the_one_compiled(store: Store, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int) -> None:
    compiled, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    as_re = (plain.flags, plain.groups, dict(plain.groupindex), _matches(plain))
    assert (compiled.flags, compiled.groups, dict(compiled.groupindex), _matches(compiled)) == as_re
    assert store.misses >= 1 and store.save()  # (one, and one per branch set of a folded alternation)
    again = _read_back(store.path, monkeypatch)  # type: ignore[arg-type]
    read_back = fastre.compile(pattern, flags)
    assert _behaviour(read_back) == _behaviour(compiled)
    assert (read_back.flags, read_back.groups, dict(read_back.groupindex), _matches(read_back)) == as_re
    assert again.misses == 0 and again.hits == store.misses


def test_folded_branches_read_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The branch sets a text can match are compiled on first use and kept too."""
    pattern = COMPILED[2][0]
    first = fastre.compile(pattern, re.I)
    assert isinstance(first, fastre.Folded) and first._branches is not None
    before = _behaviour(first)  # scans texts holding some branches' words: variants compiled and kept
    assert len(first._branches.variants) > 1 and store.save()
    _read_back(store.path, monkeypatch)  # type: ignore[arg-type]
    again = fastre.compile(pattern, re.I)
    assert _behaviour(again) == before
    assert again._branches is not None and again._branches.variants.keys() == first._branches.variants.keys()


def test_vocabulary_patterns_read_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    head = "[^0-9A-Z_a-z]"
    pattern = r"\W(?<!(?<!anti)-)((?:bev(?:acizumab)?|nivolumab|kdr))(?![\w]|-(?:\w*\d|[a-z]+ib\b))"
    texts = [t.lower() for t in TEXTS] + ["anti-kdr, bev; x-nivolumab (bevacizumab)"]
    made = _behaviour(fastre.starting_with(pattern, head), texts), _behaviour(fastre.plain(pattern), texts)
    assert made[1][:4] == [pattern, re.compile(pattern).flags, 1, {}]
    assert _matches(re.compile(pattern), texts) == made[0][5:] == made[1][5:]
    assert store.save()
    again = _read_back(store.path, monkeypatch)  # type: ignore[arg-type]
    assert (_behaviour(fastre.starting_with(pattern, head), texts), _behaviour(fastre.plain(pattern), texts)) == made
    assert (again.hits, again.misses) == (2, 0)


def test_a_damaged_file_is_ignored_and_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regex.marshal"
    fastre.compile(*COMPILED[0])  # a good file, then the same with one byte of its entries changed
    good = Store(path, regex_cache.STORE.stamp)
    good.put(("compile", *COMPILED[0]), ("re", (COMPILED[0][0], 32, [1, 2, 3], 1, {"drug": 1}, (None, "drug"))))
    assert good.save()
    fmt, stamp, checksum, payload = marshal.loads(path.read_bytes())
    flipped = marshal.dumps((fmt, stamp, checksum, payload.replace(b"drug", b"drog", 1)))
    wrong_stamp = marshal.dumps((fmt, ("another",), checksum, payload))
    for damage in (b"", b"\x00garbage", marshal.dumps([1, 2]), flipped, wrong_stamp,
                   marshal.dumps((fmt, stamp, zlib.crc32(b"x"), b"x"))):
        path.write_bytes(damage)
        store = Store(path, regex_cache.STORE.stamp)
        monkeypatch.setattr(regex_cache, "STORE", store)
        assert _matches(fastre.compile(*COMPILED[1])) == _matches(re.compile(*COMPILED[1]))
        assert store.misses >= 1 and store.save()
        assert ("compile", *COMPILED[1]) in Store(path, regex_cache.STORE.stamp)._read()  # written again, whole


def test_another_stamp_is_not_trusted(store: Store) -> None:
    fastre.compile(*COMPILED[0])
    assert store.save()
    other = Store(store.path, ("another Python", "or another fastre"))
    assert other.get(("compile", *COMPILED[0])) is None


def test_code_sre_rejects_is_compiled_again(store: Store) -> None:
    key = ("compile", *COMPILED[0])
    store.put(key, ("re", (COMPILED[0][0], 32, [999, 1, 2], 1, {"drug": 1}, (None, "drug"))))  # not sre code
    rx = fastre.compile(*COMPILED[0])
    assert _matches(rx) == _matches(re.compile(*COMPILED[0]))
    assert store.get(key)[1][2] != [999, 1, 2]  # replaced by the compiled code
    assert store.save() and Store(store.path, store.stamp)._read()[key] == store.get(key)


def test_processes_merge_what_they_add(tmp_path: Path) -> None:
    path, stamp = tmp_path / "regex.marshal", ("s",)
    a, b = Store(path, stamp), Store(path, stamp)
    a.get("x"), b.get("y")  # both read the (absent) file first
    a.put("x", 1)
    b.put("y", 2)
    assert a.save() and b.save()
    assert Store(path, stamp)._read() == {"x": 1, "y": 2}
    assert not b.save()  # nothing new: no write


def test_each_stamp_keeps_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", str(tmp_path))
    monkeypatch.delenv("GRAPH_BUILDER_REGEX_CACHE", raising=False)
    one, two = Store(regex_cache._path(("one",)), ("one",)), Store(regex_cache._path(("two",)), ("two",))
    assert one.path != two.path and one.path.parent == two.path.parent == tmp_path  # type: ignore[union-attr]
    one.put("k", 1)
    two.put("k", 2)
    assert one.save() and two.save()
    assert Store(one.path, ("one",)).get("k") == 1 and Store(two.path, ("two",)).get("k") == 2


def test_old_stamps_files_are_removed(tmp_path: Path) -> None:
    old, recent = tmp_path / "regex-x-old.marshal", tmp_path / "regex-x-recent.marshal"
    old.write_bytes(b"")
    recent.write_bytes(b"")
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    store = Store(tmp_path / "regex-x-now.marshal", ("s",))
    store.put("k", 1)
    assert store.save()
    assert sorted(p.name for p in tmp_path.glob("*.marshal")) == ["regex-x-now.marshal", "regex-x-recent.marshal"]


def test_too_large_a_file_keeps_what_was_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, stamp = tmp_path / "regex.marshal", ("s",)
    before = Store(path, stamp)
    for i in range(50):
        before.put(("old", i), f"{i:03d}" + "x" * 100)  # (distinct: marshal writes a repeated object once)
    assert before.save()
    monkeypatch.setattr(regex_cache, "_MAX_BYTES", 2000)
    now = Store(path, stamp)
    assert now.get(("old", 3)) is not None  # used by this process
    now.put("new", 1)
    assert now.save()
    assert Store(path, stamp)._read() == {("old", 3): "003" + "x" * 100, "new": 1}


def test_an_entry_added_while_saving_is_kept_for_the_next_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "regex.marshal", ("s",))
    store.put("first", 1)
    real = regex_cache.write_atomically

    def write_while_another_thread_adds(path: Path, data: bytes) -> bool:
        store.put("late", 2)
        return real(path, data)

    monkeypatch.setattr(regex_cache, "write_atomically", write_while_another_thread_adds)
    assert store.save()
    assert Store(store.path, ("s",))._read() == {"first": 1}
    monkeypatch.setattr(regex_cache, "write_atomically", real)
    assert store.save() and Store(store.path, ("s",))._read() == {"first": 1, "late": 2}


def test_an_unwritable_cache_costs_only_the_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("")
    store = Store(blocker / "regex.marshal", regex_cache.STORE.stamp)  # a folder that cannot be made
    monkeypatch.setattr(regex_cache, "STORE", store)
    fastre.compile(*COMPILED[1])
    assert not store.save() and list(tmp_path.iterdir()) == [blocker]  # no temporary file left behind


def test_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRAPH_BUILDER_CACHE", str(tmp_path))
    monkeypatch.setenv("GRAPH_BUILDER_REGEX_CACHE", "0")
    store = Store(regex_cache._path(regex_cache.STORE.stamp), regex_cache.STORE.stamp)
    assert not store.enabled
    store.put("k", 1)
    assert store.get("k") is None and not store.save() and not list(tmp_path.iterdir())


_CHILD = """
import json, sys
from pathlib import Path
from graph_builder import regex_cache
from graph_builder.pipeline import extract_document
results = [extract_document(Path(p)).model_dump(mode="json") for p in sys.argv[1:]]
print(json.dumps({"hits": regex_cache.STORE.hits, "misses": regex_cache.STORE.misses, "results": results}))
"""


def test_a_second_process_compiles_nothing_and_extracts_the_same(tmp_path: Path) -> None:
    docs = sorted(str(p) for p in (ROOT / "examples" / "docs").glob("*") if p.is_file())
    env = {**os.environ, "GRAPH_BUILDER_CACHE": str(tmp_path)}
    env.pop("GRAPH_BUILDER_REGEX_CACHE", None)

    def run() -> dict:
        out = subprocess.run([sys.executable, "-c", _CHILD, *docs], env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    cold, warm = run(), run()
    assert cold["misses"] > 100 and len(list(tmp_path.glob(f"regex-{sys.implementation.cache_tag}-*.marshal"))) == 1
    assert warm["misses"] == 0 and warm["hits"] >= cold["misses"]
    assert warm["results"] == cold["results"] and any(r["facts"] for r in warm["results"])
