"""Local pool and Dask give the same statements, in the same order, as a serial run."""

import re
from pathlib import Path

import pytest

from graph_builder import regex_cache
from graph_builder.bench.corpus import write_corpus
from graph_builder.parallel import extract_stream, ordered_map

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("gen"), 40, seed=3)
    return sorted(folder.rglob("*.txt")) + sorted((ROOT / "examples" / "docs").iterdir())


def _dump(results):
    return [r.model_dump_json() for r in results]


def test_generator_is_reproducible(tmp_path):
    a = write_corpus(tmp_path / "a", 20, seed=11)
    b = write_corpus(tmp_path / "b", 20, seed=11)
    fa, fb = sorted(a.rglob("*.txt")), sorted(b.rglob("*.txt"))
    assert [p.read_bytes() for p in fa] == [p.read_bytes() for p in fb] and len(fa) == 20


def test_process_pool_equals_serial(corpus):
    serial = _dump(extract_stream(corpus, jobs=1))
    assert _dump(extract_stream(corpus, jobs=2)) == serial
    assert sum(1 for s in serial if '"facts":[]' not in s) > 30


def test_dask_local_cluster_equals_serial(corpus):
    distributed = pytest.importorskip("distributed")
    serial = _dump(extract_stream(corpus, jobs=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert _dump(extract_stream(corpus, scheduler=cluster.scheduler_address)) == serial


def test_encoded_stream_is_what_the_store_writes(corpus):
    """Workers encode statements for the store; the bytes equal encoding the serial results, in order."""
    from graph_builder.emit.store import encode_result
    from graph_builder.parallel import encoded_stream

    serial = list(extract_stream(corpus, jobs=1))
    pooled = list(encoded_stream(corpus, jobs=2, chunk=3))
    assert [e.doc for e in pooled] == [r.doc for r in serial]
    assert [e.payload for e in pooled if not e.error] == [encode_result(r) for r in serial if not r.error]
    assert [sum(e.views.values()) for e in pooled] == [len(r.facts) for r in serial]


def _double(x: str) -> str:
    return x * 2


def test_ordered_map_keeps_input_order_across_the_pool() -> None:
    from graph_builder.parallel import ordered_map

    items = [str(i) for i in range(50)]
    assert list(ordered_map(_double, items, jobs=2, chunk=3)) == [i * 2 for i in items]
    assert list(ordered_map(_double, items[:4], jobs=1)) == [i * 2 for i in items[:4]]


def _niceness(_: str) -> int:
    import os

    return os.nice(0)


@pytest.mark.skipif(not hasattr(__import__("os"), "nice"), reason="no process priorities here")
def test_ordered_map_runs_its_workers_at_the_priority_asked_and_one_job_at_its_own() -> None:
    import os

    from graph_builder.parallel import ordered_map

    here = os.nice(0)
    assert set(ordered_map(_niceness, [str(i) for i in range(8)], jobs=2, chunk=1, nice=3)) == {min(here + 3, 19)}
    assert set(ordered_map(_niceness, ["a", "b"], jobs=1, nice=3)) == {here}  # in this process: left as it is
    assert os.nice(0) == here


def _fail_on_seven(x: str) -> str:
    if x == "7":
        raise ValueError("seven")
    return x


def test_ordered_map_fails_the_call_when_an_item_fails() -> None:
    from graph_builder.parallel import ordered_map

    with pytest.raises(ValueError, match="seven"):
        list(ordered_map(_fail_on_seven, [str(i) for i in range(20)], jobs=2, chunk=4))


def _compile_a_new_pattern(word: str) -> str:
    from graph_builder import fastre

    return fastre.compile(rf"\b{word}\w*", re.I).pattern


def test_what_pool_workers_compile_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker ends without running atexit: it keeps the patterns it compiled after each chunk."""
    store = regex_cache.Store(tmp_path / "regex.marshal", regex_cache.STORE.stamp or ("test",))
    monkeypatch.setattr(regex_cache, "STORE", store)  # (inherited by the forked workers)
    words = [f"zq{i}x" for i in range(6)]
    assert len(list(ordered_map(_compile_a_new_pattern, words, jobs=2, chunk=2))) == 6
    assert store.misses == 0  # nothing compiled here: all of it in the workers
    kept = regex_cache.Store(store.path, store.stamp)._read()
    assert {("compile", rf"\b{w}\w*", int(re.I)) for w in words} <= kept.keys()
