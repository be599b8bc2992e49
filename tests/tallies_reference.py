"""What the stores' per-drug tallies should hold for a graph, computed in Python from the graph itself.

An independent reference for ``graph_builder/load/tallies.py`` (which the
stores compute in SPARQL and Cypher): the tally rows, and the node counts a
store holding a graph and its tallies reports.
"""

from __future__ import annotations

from collections import defaultdict

from graph_builder.graph.build import GraphData


def adverse_event_tallies(g: GraphData) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(drug, event, grade or "") -> (events, documents)."""
    events: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in g.edges:
        if e.type == "ATTRIBUTED_TO":
            ae, drug = g.nodes[e.source], g.nodes[e.target]
            key = (drug.props["name"], ae.props["name"], str(ae.props.get("grade") or ""))
            events[key].add(ae.id)
            docs[key].add(ae.props["docId"])
    return {k: (len(events[k]), len(docs[k])) for k in events}


def response_tallies(g: GraphData) -> dict[tuple[str, str], int]:
    """(drug, response category) -> distinct patients under regimens containing the drug."""
    drugs_of: dict[str, set[str]] = defaultdict(set)
    yielded: dict[str, set[str]] = defaultdict(set)
    patient_of: dict[str, set[str]] = defaultdict(set)
    for e in g.edges:
        if e.type == "INCLUDES_DRUG":
            drugs_of[e.source].add(g.nodes[e.target].props["name"])
        elif e.type == "YIELDED":
            yielded[e.source].add(e.target)
        elif e.type == "ABOUT_PATIENT" and g.nodes[e.source].label == "ResponseAssessment":
            patient_of[e.source].add(e.target)
    patients: dict[tuple[str, str], set[str]] = defaultdict(set)
    for reg, drugs in drugs_of.items():
        for r in yielded.get(reg, ()):
            for drug in drugs:
                patients[(drug, g.nodes[r].props["category"])] |= patient_of.get(r, set())
    return {k: len(v) for k, v in patients.items() if v}


def held_counts(g: GraphData) -> dict[str, int]:
    """The counts by label and type a store holding ``g`` reports: the graph's, and its tallies."""
    out = dict(g.counts())
    for label, n in (("AdverseEventTally", len(adverse_event_tallies(g))), ("ResponseTally", len(response_tallies(g)))):
        if n:
            out[label] = n
    return dict(sorted(out.items()))
