"""``kg plot``: each figure draws exactly its data (checked through the SVG's element ids), as SVG or PNG."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the plot extra is not installed (pip install 'graph-builder[plot]')")

from graph_builder import figures  # noqa: E402
from graph_builder.query import KnowledgeGraph  # noqa: E402
from graph_builder.web import plots  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graph_builder import service

    out = tmp_path_factory.mktemp("figures")
    service.build([ROOT / "examples" / "docs"], out, stores=["rdf"], jobs=1)
    return out


def _ids(svg: Path, prefix: str) -> set[str]:
    return {el.get("id") for el in ET.parse(svg).iter() if (el.get("id") or "").startswith(prefix)}


def test_swimmer_draws_a_bar_per_line_and_a_marker_per_response_and_event(data: Path, tmp_path: Path) -> None:
    with KnowledgeGraph.open(data) as kg:
        docs = [d for d in sorted({r.doc for r in kg.query("treatments")}) if plots.timeline(kg, d).markers]
        doc = docs[0]
        t = plots.timeline(kg, doc)
        svg = figures.save(figures.swimmer(kg, doc), tmp_path / "swimmer.svg")
    assert _ids(svg, "bar/") == {f"bar/{b.patient}/{b.order}" for b in t.bars} != set()
    markers = _ids(svg, "response/") | _ids(svg, "adverse_event/")
    assert markers == {f"{m.kind}/{m.patient}/{i}" for i, m in enumerate(t.markers)}


def test_a_drugs_swimmer_draws_its_patients_from_every_document(data: Path, tmp_path: Path) -> None:
    with KnowledgeGraph.open(data) as kg:
        t = plots.drug_timeline(kg, "apatinib")
        svg = figures.save(figures.swimmer(kg, drug="apatinib"), tmp_path / "apatinib.svg")
        with pytest.raises(ValueError, match="one document"):
            figures.swimmer(kg, doc="x", drug="apatinib")
    assert len({p.split(" · ")[0] for p in t.patients}) >= 1 and t.bars
    assert _ids(svg, "bar/") == {f"bar/{b.patient}/{b.order}" for b in t.bars}


def test_forest_heatmap_and_response_bars_match_their_data(data: Path, tmp_path: Path) -> None:
    with KnowledgeGraph.open(data) as kg:
        hrs = plots.outcomes(figures._reader(kg)).hazard_ratios
        forest = figures.save(figures.forest(kg), tmp_path / "forest.svg")
        cells = plots.adverse_events(kg).cells
        heat = figures.save(figures.ae_heatmap(kg), tmp_path / "ae.svg")
        counts = figures.response_counts(kg, "drug")
        bars = figures.save(figures.responses(kg), tmp_path / "responses.svg")
        by_target = figures.response_counts(kg, "target")
    assert _ids(forest, "hr/") == {f"hr/{o.id}" for o in hrs} != set()
    assert _ids(heat, "cell/") == {f"cell/{c.drug}/{c.event}/{c.grade}" for c in cells} != set()
    drawn = {tuple(i.split("/")[1:]) for i in _ids(bars, "response/")}
    assert {(n, k, str(c)) for n, cs in counts.items() for k, c in cs.items()} == {d for d in drawn if d[2] != "0"}
    # a response counts once for each target of each of its drugs
    assert by_target and all(sum(c.values()) > 0 for c in by_target.values())


def test_kg_plot_writes_png_and_names_what_is_missing(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses.png"
    done = subprocess.run([sys.executable, "-m", "graph_builder.cli", "plot", "responses", "--by", "target",
                           "--out", str(out), "--data", str(data)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 1000
    bad = subprocess.run([sys.executable, "-m", "graph_builder.cli", "plot", "swimmer", "--out", str(tmp_path / "s.svg"),
                          "--data", str(data)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "give --doc" in bad.stderr and "--drug" in bad.stderr
    bad = subprocess.run([sys.executable, "-m", "graph_builder.cli", "plot", "forest", "--drug", "no-such-drug",
                          "--out", str(tmp_path / "f.svg"), "--data", str(data)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no hazard ratio" in bad.stderr and not (tmp_path / "f.svg").exists()
