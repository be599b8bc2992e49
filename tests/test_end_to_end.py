"""The whole pipeline over the real seeds and dev abstracts (read from ../shared, never copied)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_builder.cli import app
from graph_builder.emit import StatementStore, view_rows
from graph_builder.evaluate import load_gold, score
from graph_builder.models import VIEWS

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_data(shared, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("seeds")
    r = runner.invoke(app, ["build", str(shared / "corpus" / "seeds"), "--data", str(data)])
    assert r.exit_code == 0, r.output
    return data


def test_query_rows_have_exactly_the_view_fields(seeds_data):
    r = runner.invoke(app, ["query", "treatments", "--data", str(seeds_data), "--format", "json"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert rows and all({"doc", "patient", "drugs", "start", "end", "line", "evidence"} <= set(row) for row in rows)
    assert all({"doc", "start", "end", "text"} <= set(ev) for row in rows for ev in row["evidence"])


def _micro(gold_dir: Path, data: Path) -> tuple[float, dict]:
    facts = list(StatementStore(data).facts())
    by_doc: dict[str, list] = {}
    for f in facts:
        by_doc.setdefault(f.doc, []).append(f)
    pred = {d: {v: view_rows(fs, v) for v in VIEWS} for d, fs in by_doc.items()}
    rep = score(load_gold(gold_dir), pred)
    return rep.micro.f1, rep.views


ROOT = Path(__file__).resolve().parent.parent

# Every evaluation set: (corpus folder, gold folder, micro-F1 bar, precision bar).
# The bars are issue 9's acceptance levels (dev2: micro F1 >= 0.85, precision >= 0.90,
# every view >= 0.70; seeds and dev >= 0.95) and, for the held-out texts, a regression
# gate below their measured level: they are scored, never tuned to.
SETS: dict[str, tuple[str, str, float, float]] = {
    "seeds": ("shared:corpus/seeds", "shared:gold", 0.95, 0.95),
    "dev": ("shared:corpus/dev", "shared:gold/dev", 0.95, 0.95),
    "dev2": ("shared:corpus/dev2", "shared:gold/dev2", 0.85, 0.90),
    "heldout": ("root:tests/heldout/docs", "root:tests/heldout/expected", 0.80, 0.85),
    "examples": ("root:examples/docs", "root:examples/expected", 0.90, 0.90),
}


def _path(spec: str, shared: Path) -> Path:
    where, rel = spec.split(":", 1)
    return (shared if where == "shared" else ROOT) / rel


@pytest.fixture(scope="module", params=sorted(SETS))
def built_set(request, tmp_path_factory) -> tuple[str, Path, Path, Path]:
    """Statements of one evaluation set (no graph stores: these tests read extraction only)."""
    name = request.param
    corpus, gold = SETS[name][:2]
    if "shared:" in corpus:
        shared = request.getfixturevalue("shared")
    else:
        shared = ROOT
    docs, gold_dir = _path(corpus, shared), _path(gold, shared)
    data = tmp_path_factory.mktemp(name)
    r = runner.invoke(app, ["build", str(docs), "--data", str(data), "--no-rdf", "--no-bolt", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    return name, docs, gold_dir, data


def test_every_evidence_span_is_a_verbatim_slice_of_its_source(built_set):
    """On every set: each statement has evidence and its text is exactly the file's slice at its offsets."""
    _, docs, _, data = built_set
    facts = list(StatementStore(data).facts())
    assert facts
    sources = {p.stem: p.read_bytes().decode("utf-8") for p in docs.iterdir() if p.is_file()}
    for f in facts:
        assert f.evidence, f
        for ev in f.evidence:
            assert sources[ev.doc][ev.start:ev.end] == ev.text


def test_extraction_meets_the_bar_on_every_set(built_set):
    """Micro F1 and precision gates per set; on the seeds every view is gated as well (issue 2)."""
    name, _, gold_dir, data = built_set
    f1_bar, p_bar = SETS[name][2:]
    micro, views = _micro(gold_dir, data)
    total = [v for v in views.values() if v.n_gold or v.n_pred]
    precision = sum(v.tp for v in total) / max(1, sum(v.n_pred for v in total))
    assert micro >= f1_bar, (name, micro)
    assert precision >= p_bar, (name, precision)
    if name == "seeds":
        for view, v in views.items():
            if v.n_gold:
                assert v.f1 >= 0.75, view
                assert v.precision >= 0.90, view
    if name == "dev2":
        for view, v in views.items():
            assert v.f1 >= 0.70, view
