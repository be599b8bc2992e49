"""`kg queries`, `kg query NAME -p ...`, and `kg eval` through the saved views of every backend."""

import json

import pytest
from typer.testing import CliRunner

from graph_builder.cli import app
from graph_builder.emit import StatementStore
from graph_builder.graph.build import build_graph
from graph_builder.load import bolt
from graph_builder.query import catalog

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds(shared, tmp_path_factory):
    data = tmp_path_factory.mktemp("cli")
    r = runner.invoke(app, ["build", str(shared / "corpus" / "seeds"), "--data", str(data), "--no-bolt"])
    assert r.exit_code == 0, r.output
    return data


def test_queries_lists_every_saved_query():
    r = runner.invoke(app, ["queries"], env={"COLUMNS": "250"})
    assert r.exit_code == 0
    for name in catalog():
        assert name in r.stdout


def test_query_formats(seeds):
    r = runner.invoke(app, ["query", "drugs_targeting", "-p", "gene=KDR", "--backend", "rdf", "--data", str(seeds)])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert {x["drug"] for x in rows} >= {"apatinib"} and all(set(x) == {"drug", "documents"} for x in rows)
    r = runner.invoke(app, ["query", "drugs_targeting", "-p", "gene=KDR", "--backend", "rdflib", "--data", str(seeds),
                            "--format", "csv"])
    assert r.stdout.splitlines()[0] == "drug,documents"


@pytest.mark.parametrize("args,message", [
    (["query", "nonsense"], "no saved query"),
    (["query", "drugs_targeting", "-p", "gen=KDR", "--backend", "rdf"], "has no parameter"),
    (["query", "drugs_targeting", "-p", "gene", "--backend", "rdf"], "not key=value"),
    (["query", "drugs_targeting", "--backend", "statements"], "graph backend"),
    (["query", "patients", "-p", "drug=apatinib"], "use --backend"),
    (["query", "doses", "--page", "1", "-p", "docs=a"], "not both"),
    (["query", "doses", "--page", "1", "--page-size", "0"], "count from 1"),
])
def test_query_errors_are_one_line(seeds, args, message):
    r = runner.invoke(app, args + ["--data", str(seeds)])
    assert r.exit_code == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("backend", ["statements", "rdf"])
def test_a_drug_and_its_pages_narrow_a_view_on_every_backend(seeds, backend):
    """`-p drug=` keeps the drug's rows (the statements too); `--page` walks them a few documents at a time."""
    def ask(*extra: str) -> list[dict]:
        r = runner.invoke(app, ["query", "doses", "--backend", backend, "--data", str(seeds), *extra])
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)

    every = ask()
    drug = every[-1]["drug"]
    mine = ask("-p", f"drug={drug}")
    assert mine and len(mine) < len(every) and all(r["drug"] == drug for r in mine)
    pages = [ask("-p", f"drug={drug}", "--page", str(n), "--page-size", "1") for n in range(1, 7)]
    assert sorted(map(json.dumps, (r for p in pages for r in p))) == sorted(map(json.dumps, mine))
    assert all(len({r["doc"] for r in p}) <= 1 for p in pages) and pages[-1] == []


def test_missing_store_is_a_one_line_error(tmp_path):
    r = runner.invoke(app, ["query", "drugs_targeting", "--backend", "rdf", "--data", str(tmp_path)])
    assert r.exit_code == 2 and "kg build" in r.stderr


def test_eval_scores_the_same_on_every_backend(shared, seeds, bolt_target, monkeypatch):
    d = bolt_target.driver()
    with d.session(database=bolt_target.database) as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
    bolt.load(d, build_graph(StatementStore(seeds).facts()), database=bolt_target.database)
    d.close()
    monkeypatch.setenv("NEO4J_URI", bolt_target.uri)
    monkeypatch.setenv("NEO4J_USER", bolt_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_target.password)
    monkeypatch.setenv("NEO4J_DATABASE", bolt_target.database or "")
    reports = {}
    for backend in ("statements", "rdf", "rdflib", "bolt"):
        r = runner.invoke(app, ["eval", "--gold", str(shared / "gold"), "--data", str(seeds), "--backend", backend, "--json"])
        assert r.exit_code == 0, r.output
        rep = json.loads(r.stdout)
        reports[backend] = {v: (s["tp"], s["n_pred"], s["n_gold"]) for v, s in rep["views"].items()}
    assert reports["rdf"] == reports["statements"] == reports["rdflib"] == reports["bolt"]
    assert sum(tp for tp, _, _ in reports["rdf"].values()) > 200
