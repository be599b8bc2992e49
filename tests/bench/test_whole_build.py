"""A whole `kg build` (extraction and both stores) measured for its peak memory, the server's apart."""

from __future__ import annotations

import pytest

from graph_builder.bench.corpus import write_corpus
from graph_builder.bench.run import markdown, whole_build_run
from graph_builder.query import KnowledgeGraph
from graph_builder.servers.arcadedb import EmbeddedArcadeDB, embedded_unavailable_reason


@pytest.mark.skipif(embedded_unavailable_reason() is not None, reason=str(embedded_unavailable_reason()))
def test_whole_build_reports_build_and_server_peaks(tmp_path):
    folder = write_corpus(tmp_path / "docs", 12, seed=3)
    data = tmp_path / "data"
    got = whole_build_run(folder, data, jobs=1)
    assert got["ok"] and got["docs"] == 12 and got["jobs"] == 1 and got["seconds"] > 0
    assert got["peak_rss_mb"] > 10  # the build and its workers, not the server's JVM
    assert got["server_peak_rss_mb"] is not None and got["server_peak_rss_mb"] > 10
    assert EmbeddedArcadeDB(data).status()["running"] is False  # stopped after the measurement
    with KnowledgeGraph.open(data, "rdf") as kg:  # the build loaded the stores it was measured on
        assert kg.query("treatments")
    table = markdown({"machine": {"cores": 1}, "extraction": {}, "loading": {}, "queries": {},
                      "whole_build": {"generated_12": got, "generated_24": {**got, "docs": 24}}, "whole_build_rss_ratio": 1.0})
    assert "| generated_12 | 12 |" in table and "largest corpus over smallest: 1.00" in table
