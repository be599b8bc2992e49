"""`kg bench` end to end on a tiny corpus: every section is measured and reported as ratios."""

from __future__ import annotations

import importlib.util
import json
import statistics

from graph_builder.bench.run import OXIGRAPH_RUNS, markdown, run
from graph_builder.query import catalog


def test_bench_reports_every_section(tmp_path):
    out = tmp_path / "bench.json"
    report = run([20], out, bolt=False, load_max=20, query_max=20, rdflib_max=20, incremental=(30, 3), streaming=(50, 500),
                 tokenizer=20)
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    ex = report["extraction"]["generated_20"]
    assert ex["docs"] == 20 and ex["ok"] and ex["peak_rss_mb"] > 0
    assert "speedup_vs_jobs1" in ex or report["machine"]["cores"] == 1
    load = report["loading"]["generated_20"]
    for store in ("pyoxigraph", "rdflib"):
        assert load[store]["ratio"] > 0 and load[store]["bulk_seconds"] > 0
        assert ("bottleneck" in load[store]) == (load[store]["ratio"] < 0.5)
    runs = load["pyoxigraph"]["runs"]  # alternated, the ratio of their medians
    assert len(runs["ours_seconds"]) == len(runs["bulk_seconds"]) == OXIGRAPH_RUNS > 1
    assert load["pyoxigraph"]["ratio"] == statistics.median(runs["bulk_seconds"]) / statistics.median(runs["ours_seconds"])
    queries = report["queries"]["generated_20"]
    assert set(queries) == set(catalog())
    assert all({"rdf", "rdflib"} <= set(v) for v in queries.values())
    bound = report["bound"]["generated_20"]
    assert bound["doc"] and bound["drug"]
    for name, q in catalog().items():  # every query taking a document or a drug is timed with one bound
        for form in ("doc", "drug"):
            assert (f"{form}_p50_ms" in queries[name]["rdf"]) == (form in {p.name for p in q.parameters}), (name, form)
    inc = report["incremental"]
    assert (inc["fresh_documents"], inc["library_documents"], inc["rdf_replaced_documents"]) == (33, 33, 3)
    assert 0 < inc["add_seconds"] and inc["ratio"] == inc["add_seconds"] / inc["fresh_seconds"]
    explorer = inc["explorer"]["p50_ms"]  # search and neighbourhoods timed on the library's graph
    assert {"search drug", "search document", "neighbourhood of a document", "neighbourhood of a patient"} <= set(explorer)
    assert any(k.startswith("neighbourhood of the hub drug") for k in explorer) and all(v > 0 for v in explorer.values())
    assert {"outcomes page: adverse events of every drug", "outcomes page: responses by target"} <= set(explorer)
    st = report["streaming"]
    assert st["50"]["articles"] == 50 and st["500"]["articles"] == 500 and st["peak_ratio"] > 0
    tok = report["tokenizer"]["generated_20"]  # extraction beside spaCy's tokenizer, on the same texts
    assert tok["docs"] == 20 and tok["words"] > 0 and tok["cpu_ms_per_doc"] > 0
    assert ("ratio" in tok) == (importlib.util.find_spec("spacy") is not None)
    assert 0 < report["startup_seconds"] < 60 and 0 < report["startup_uncached_seconds"] < 60
    pr = report["projection"]  # 2.5 M documents from this run's own rates, stage by stage
    assert {"extraction", "rdf load"} <= set(pr["hours"]) and pr["total_hours"] == sum(pr["hours"].values())
    assert pr["fits"] == (pr["total_hours"] <= pr["target_hours"])
    assert pr["over"] == {k: v - pr["target_hours"] for k, v in pr["hours"].items() if v > pr["target_hours"]}
    table = markdown(report)
    assert "Projection for 2,500,000" in table
    assert "| generated_20 | 20 |" in table and "Start-up" in table
    assert "| generated_20 | pyoxigraph |" in table and "| generated_20 | rdflib |" in table
    assert "| 30 | 3 |" in table and "| explorer request on 30 documents | p50 ms |" in table
    assert "one bound document" in table and "| doses | " in table and "| targets_of_drug | " in table
