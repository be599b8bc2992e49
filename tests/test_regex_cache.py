"""regex_cache: a pattern read back from the cache is the one compiled, with no parsing; a bad cache costs only the compile."""

from __future__ import annotations

import json
import marshal
import os
import random
import re
import subprocess
import sys
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
        out.append([(m.span(), m.groups()) for m in rx.finditer(text)])
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
    compiled = fastre.compile(pattern, flags)
    assert _matches(compiled) == _matches(re.compile(pattern, flags))
    assert store.misses >= 1 and store.save()  # (one, and one per branch set of a folded alternation)
    again = _read_back(store.path, monkeypatch)  # type: ignore[arg-type]
    assert _behaviour(fastre.compile(pattern, flags)) == _behaviour(compiled)
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
    for damage in (b"", b"\x00garbage", marshal.dumps([1, 2]), marshal.dumps((regex_cache.STORE.stamp, ["not", "a dict"]))):
        path.write_bytes(damage)
        store = Store(path, regex_cache.STORE.stamp)
        monkeypatch.setattr(regex_cache, "STORE", store)
        assert _matches(fastre.compile(*COMPILED[1])) == _matches(re.compile(*COMPILED[1]))
        assert store.misses >= 1 and store.save()
        stamp, entries = marshal.loads(path.read_bytes())
        assert stamp == regex_cache.STORE.stamp and ("compile", *COMPILED[1]) in entries


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
    assert store.save() and marshal.loads(store.path.read_bytes())[1][key] == store.get(key)  # type: ignore[union-attr]


def test_processes_merge_what_they_add(tmp_path: Path) -> None:
    path, stamp = tmp_path / "regex.marshal", ("s",)
    a, b = Store(path, stamp), Store(path, stamp)
    a.get("x"), b.get("y")  # both read the (absent) file first
    a.put("x", 1)
    b.put("y", 2)
    assert a.save() and b.save()
    assert marshal.loads(path.read_bytes()) == (stamp, {"x": 1, "y": 2})
    assert not b.save()  # nothing new: no write


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
    store = Store(regex_cache._path(), regex_cache.STORE.stamp)
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
    assert cold["misses"] > 100 and (tmp_path / f"regex-{sys.implementation.cache_tag}.marshal").is_file()
    assert warm["misses"] == 0 and warm["hits"] >= cold["misses"]
    assert warm["results"] == cold["results"] and any(r["facts"] for r in warm["results"])
