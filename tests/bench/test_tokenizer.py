"""The extraction-beside-spaCy timing: alternating passes until enough CPU time is measured."""

from __future__ import annotations

from pathlib import Path

from graph_builder.bench.tokenizer import compare

DOCS = sorted(p for p in (Path(__file__).resolve().parents[2] / "examples" / "docs").glob("*.txt"))[:2]


def test_short_passes_are_repeated_until_enough_cpu_time_is_measured():
    r = compare(DOCS, repeats=3, min_seconds=0.2, max_repeats=200)
    per_pass = r["extraction_cpu_s"]
    assert r["docs"] == len(DOCS) == 2 and r["words"] > 0
    assert r["repeats"] >= 3
    # passes of a few ms: many more than three were needed for 0.2 s (the median pass times the count, within noise)
    assert r["repeats"] > 3 and r["repeats"] * per_pass > 0.1
    assert r["cpu_ms_per_doc"] == 1000 * per_pass / 2


def test_repeats_stop_at_the_cap():
    r = compare(DOCS, repeats=3, min_seconds=1e9, max_repeats=5)
    assert r["repeats"] == 5
