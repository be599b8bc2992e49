"""``make screenshots``: the explorer over the examples, photographed by headless Chromium (docs/screenshots/*.png).

Run as ``python -m graph_builder.web.screenshots --data kg-data/examples --out docs/screenshots``.
Only the project's own example documents are shown.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

from .harness import chromium, chromium_missing, serving

# (file, page path, CSS selector that says the page has drawn)
SPARQL_EXAMPLE = """PREFIX gb: <https://w3id.org/graph-builder/>
SELECT ?drug ?target ?doc WHERE {
  ?s a gb:DrugTargetStatement ; gb:statesDrug/gb:name ?drug ; gb:statesTarget/gb:symbol ?target ;
     gb:hasEvidence/gb:docId ?doc .
} ORDER BY ?drug ?target"""
SHOTS = [
    ("search.png", "/?q=lenvatinib", ".card"),
    ("graph.png", "/graph?id=drug/lenvatinib", "body[data-ready='1']"),
    ("evidence.png", "/evidence?id={regimen}", ".evidence-card mark.sentence"),
    ("document.png", "/document?doc=ex01_case_lenvatinib", "#doc-text mark.fact"),
    ("timeline.png", "/timeline?doc=ex02_series_apatinib", "#swimmer[data-drawn='1'] svg"),
    ("outcomes.png", "/outcomes", "#heatmap[data-drawn='1'] svg"),
    ("queries.png", "/queries?name=responders_by_target&gene=KDR&response=PR", "#results tbody tr"),
    ("drug-timeline.png", "/timeline?drug=apatinib", "#swimmer[data-drawn='1'] svg"),
    ("sparql.png", "/sparql-editor?query=" + quote(SPARQL_EXAMPLE), "#sparql-results tbody tr"),
]


def _regimen(base: str) -> str:
    q = urllib.parse.urlencode({"id": "drug/lenvatinib", "types": "Regimen"})
    with urllib.request.urlopen(f"{base}/api/neighbourhood?{q}", timeout=30) as r:
        nodes = json.load(r)["nodes"]
    return next((n["id"] for n in nodes if n["caption"] == "lenvatinib"), nodes[0]["id"])


def take(data: Path, out: Path) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serving(data) as base:
        regimen = urllib.parse.quote(_regimen(base), safe="/")
        driver = chromium(1400, 900)
        try:
            for name, path, ready in SHOTS:
                driver.get(base + path.format(regimen=regimen))
                WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
                time.sleep(0.5)  # let the layout settle
                if name == "graph.png":  # show an expanded regimen beside the drug
                    driver.execute_script("const n = window.kgCy.nodes('[label = \"Regimen\"]')[0]; if (n) n.emit('tap');")
                    time.sleep(1.5)
                target = out / name
                driver.save_screenshot(str(target))
                written.append(target)
        finally:
            driver.quit()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("kg-data/examples"))
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = ap.parse_args(argv)
    reason = chromium_missing()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    for p in take(args.data, args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
