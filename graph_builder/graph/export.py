"""Exports for other tools: networkx/GraphML, neo4j-admin import CSVs, Neo4j Browser style."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .build import GraphData
from .schema import KEY, schema

# neo4j-admin header types for the ontology's xsd ranges
_ADMIN_TYPES = {"integer": "long", "int": "long", "decimal": "double", "double": "double", "float": "double", "string": "string"}
_COLOURS = ["#4C8EDA", "#DA7194", "#F79767", "#57C7E3", "#8DCC93", "#FFC454", "#C990C0", "#D9C8AE", "#F16667",
            "#569480", "#ECB5C9", "#A5ABB6", "#6DCE9E", "#FF756E", "#DE9BF9", "#FB95AF"]
_CAPTION = {"Drug": "name", "Target": "symbol", "Disease": "name", "Patient": "patientNumber", "Document": "docId",
            "Evidence": "text", "Regimen": "name", "Dose": "amount", "ResponseAssessment": "category",
            "SurvivalMeasurement": "endpoint", "AdverseEvent": "name", "CohortOutcome": "measure", "Cohort": "name",
            "DrugTargetStatement": "name", "TargetFamily": "name"}


def to_networkx(g: GraphData):
    """A ``networkx.MultiDiGraph``: node attributes are the properties plus ``label``; edge keys are types."""
    import networkx as nx

    G = nx.MultiDiGraph()
    for n in g.nodes.values():
        G.add_node(n.id, label=n.label, **n.props)
    for e in sorted(g.edges, key=lambda e: (e.source, e.type, e.target)):
        G.add_edge(e.source, e.target, key=e.type, type=e.type)
    return G


def networkx_counts(G) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        out[data["label"]] = out.get(data["label"], 0) + 1
    for _, _, data in G.edges(data=True):
        out[data["type"]] = out.get(data["type"], 0) + 1
    return dict(sorted(out.items()))


def write_graphml(g: GraphData, path: Path) -> Path:
    """GraphML for Cytoscape/Gephi (list properties become JSON strings: GraphML has no lists)."""
    import networkx as nx

    G = to_networkx(g)
    for _, data in G.nodes(data=True):
        for k, v in list(data.items()):
            if isinstance(v, list):
                data[k] = json.dumps(v)
    nx.write_graphml(G, path)
    return path


def write_admin_csv(g: GraphData, folder: Path) -> list[Path]:
    """``neo4j-admin database import full`` files: one node file per label, one relationship file per type."""
    folder.mkdir(parents=True, exist_ok=True)
    sch = schema()
    written = []
    by_label: dict[str, list] = {}
    for n in g.nodes.values():
        by_label.setdefault(n.label, []).append(n)
    for label, nodes in sorted(by_label.items()):
        keys = sorted({k for n in nodes for k in n.props})
        header = [f"{KEY}:ID"] + [f"{k}:{_ADMIN_TYPES.get(sch.properties[k], 'string')}{'[]' if k == 'identifier' else ''}"
                                 for k in keys] + [":LABEL"]
        p = folder / f"nodes_{label}.csv"
        with p.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for n in sorted(nodes, key=lambda n: n.id):
                w.writerow([n.id] + [_cell(n.props.get(k)) for k in keys] + [label])
        written.append(p)
    by_type: dict[str, list] = {}
    for e in g.edges:
        by_type.setdefault(e.type, []).append(e)
    for rel, edges in sorted(by_type.items()):
        p = folder / f"relationships_{rel}.csv"
        with p.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([":START_ID", ":END_ID", ":TYPE"])
            for e in sorted(edges, key=lambda e: (e.source, e.target)):
                w.writerow([e.source, e.target, rel])
        written.append(p)
    args = " ".join([f"--nodes={p.name}" for p in written if p.name.startswith("nodes_")] +
                    [f"--relationships={p.name}" for p in written if p.name.startswith("relationships_")])
    (folder / "IMPORT.txt").write_text(
        "Import into an empty Neo4j 5 database (from this folder):\n"
        f"  neo4j-admin database import full --array-delimiter=';' {args} neo4j\n")
    return written


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    return str(v)


def write_grass(path: Path) -> Path:
    """A Neo4j Browser style sheet: a colour and a caption per label of the ontology."""
    out = []
    for i, label in enumerate(sorted(schema().labels)):
        col = _COLOURS[i % len(_COLOURS)]
        cap = _CAPTION.get(label, KEY)
        out.append(f"node.{label} {{\n  color: {col};\n  border-color: {col};\n  text-color-internal: #FFFFFF;\n"
                   f"  diameter: 50px;\n  caption: '{{{cap}}}';\n}}\n")
    out.append("relationship {\n  shaft-width: 1px;\n  caption: '<type>';\n}\n")
    path.write_text("\n".join(out))
    return path
