"""The data behind the plots oncologists read: swimmer timelines, forest plots, adverse-event heat maps.

Built from the canonical views (the rows ``kg query`` prints), so a plot
and a saved query never disagree; the pages turn these rows into Vega-Lite.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..query import KnowledgeGraph
from .graph import GraphReader
from .models import AeCell, AeSummary, Bar, Marker, Outcome, Outcomes, ResponseCount, ResponseCounts, Timeline

_OUTCOMES = """SELECT ?o ?doc ?cohort ?drug ?m ?v ?unit ?lo ?hi ?p ?n ?N WHERE {
  ?o a gb:CohortOutcome ; gb:docId ?doc ; gb:measure ?m .
  OPTIONAL { ?o gb:value ?v } OPTIONAL { ?o gb:unit ?unit } OPTIONAL { ?o gb:ciLow ?lo } OPTIONAL { ?o gb:ciHigh ?hi }
  OPTIONAL { ?o gb:pValue ?p } OPTIONAL { ?o gb:count ?n } OPTIONAL { ?o gb:total ?N }
  OPTIONAL { ?c gb:hasOutcome ?o ; gb:name ?cohort }
  OPTIONAL { ?o gb:studiedDrug/gb:name ?drug }
} ORDER BY ?drug ?doc ?m ?o"""

_HR = re.compile(r"^(?:HR|hazard ratio)\b", re.I)


def _patient(p: Any) -> str:
    return "cohort" if p is None else f"patient {p}"


def timeline(kg: KnowledgeGraph, doc: str) -> Timeline:
    """One row per patient, one bar per regimen in the order given (line, then start date, then the text).

    Responses and adverse events sit on the bar whose drugs they name;
    one that names none of the patient's regimens sits after the last bar.
    """
    treatments = kg.query("treatments", doc=doc).dicts()
    responses = kg.query("responses", doc=doc).dicts()
    events = kg.query("adverse_events", doc=doc).dicts()
    by_patient: dict[str, list[dict[str, Any]]] = {}
    for t in treatments:
        by_patient.setdefault(_patient(t["patient"]), []).append(t)
    bars: list[Bar] = []
    for patient, rows in by_patient.items():
        rows.sort(key=lambda t: (t["line"] is None, t["line"] or 0, t["start"] or "9999",
                                 t["evidence"][0]["start"] if t["evidence"] else 0))
        for i, t in enumerate(rows, 1):
            drugs = list(t["drugs"])
            label = " + ".join(drugs) or t.get("regimen") or "regimen"
            bars.append(Bar(patient=patient, order=i, line=t["line"], drugs=drugs, label=label, start=t["start"],
                            end=t["end"]))

    def place(patient: str, drugs: set[str]) -> int:
        mine = [b for b in bars if b.patient == patient]
        for b in mine:
            if drugs and drugs <= set(b.drugs):
                return b.order
        for b in mine:
            if drugs & set(b.drugs):
                return b.order
        return len(mine) + 1

    markers: list[Marker] = []
    for r in responses:
        p = _patient(r["patient"])
        markers.append(Marker(patient=p, order=place(p, set(r["drugs"])), kind="response", label=r["response"] or "?"))
    for e in events:
        p = _patient(e["patient"])
        drug = e["drug"] if isinstance(e["drug"], str) else None
        drugs = set(e["drug"]) if isinstance(e["drug"], list) else ({drug} if drug else set())
        markers.append(Marker(patient=p, order=place(p, drugs), kind="adverse_event", label=e["event"] or "?",
                              grade=e["grade"], drug=drug))
    patients = sorted({b.patient for b in bars} | {m.patient for m in markers},
                      key=lambda p: (p == "cohort", int(p.split()[1]) if p != "cohort" else 0))
    return Timeline(doc=doc, patients=patients, bars=bars, markers=markers)


def drug_timeline(kg: KnowledgeGraph, drug: str, limit: int = 50) -> Timeline:
    """Every patient who received ``drug`` (any document), each with their whole course, at most ``limit`` patients.

    A patient's row is named by document and patient ("case12 · patient 1"); the
    bars and markers are those of the patient's own document timeline, so the
    drug's lines sit among the lines before and after it.
    """
    given = sorted({(r["doc"], r["patient"]) for r in kg.query("treatments", drug=drug).dicts()
                    if r["patient"] is not None})
    chosen, more = given[:limit], max(0, len(given) - limit)
    docs = sorted({d for d, _ in chosen})
    bars: list[Bar] = []
    markers: list[Marker] = []
    patients: list[str] = []
    for doc in docs:
        t = timeline(kg, doc)
        keep = {_patient(p) for d, p in chosen if d == doc}
        rename = {p: f"{doc} · {p}" for p in t.patients if p in keep}
        patients += [rename[p] for p in t.patients if p in rename]
        bars += [b.model_copy(update={"patient": rename[b.patient]}) for b in t.bars if b.patient in rename]
        markers += [m.model_copy(update={"patient": rename[m.patient]}) for m in t.markers if m.patient in rename]
    return Timeline(doc="", patients=patients, bars=bars, markers=markers, drug=drug, more=more)


def outcomes(graph: GraphReader, drug: str = "") -> Outcomes:
    """Every cohort outcome (of one drug, if given); the hazard ratios with both CI bounds for the forest plot."""
    rows = graph.select(_OUTCOMES)
    out = [Outcome(id=r["o"], doc=r["doc"], cohort=r["cohort"], drug=r["drug"], measure=r["m"],
                   value=r["v"], unit=r["unit"], ci_low=r["lo"], ci_high=r["hi"],
                   p_value=None if r["p"] is None else str(r["p"]), n=r["n"], N=r["N"])
           for r in rows if not drug or (r["drug"] or "").lower() == drug.lower()]
    hrs = [o for o in out if _HR.match(o.measure) and None not in (o.value, o.ci_low, o.ci_high)]
    return Outcomes(outcomes=out, hazard_ratios=hrs)


def adverse_events(kg: KnowledgeGraph, drug: str = "") -> AeSummary:
    """Adverse events per drug × event × grade: how many facts report it, and patients where counted.

    With ``drug``, the view's one-drug form (the events attributed to it)
    instead of every event of the graph filtered here: a drug's page must
    not cost a scan of the whole graph.  Drug names are lower-case INNs.
    """
    reports: Counter[tuple[str, str, str]] = Counter()
    patients: dict[tuple[str, str, str], int] = {}
    for r in (kg.query("adverse_events", drug=drug.lower()) if drug else kg.query("adverse_events")).dicts():
        drugs = r["drug"] if isinstance(r["drug"], list) else [r["drug"] or r.get("regimen") or "unattributed"]
        for d in drugs:
            if drug and d.lower() != drug.lower():
                continue
            key = (d, r["event"] or "?", r["grade"] or "unspecified")
            reports[key] += 1
            count = r["n"] if r["n"] is not None else (1 if r["patient"] is not None else None)
            if count is not None:
                patients[key] = patients.get(key, 0) + int(count)
    cells = [AeCell(drug=d, event=e, grade=g, reports=n, patients=patients.get((d, e, g)))
             for (d, e, g), n in sorted(reports.items())]
    return AeSummary(cells=cells)


def response_counts(kg: KnowledgeGraph, by: str = "drug") -> ResponseCounts:
    """Response facts per drug (or per target of the drugs) and category: a response counts once for each
    drug of its regimen, and by target once for each target of those drugs."""
    if by not in ("drug", "target"):
        raise ValueError(f"responses are counted by drug or by target, not {by!r}")
    targets: dict[str, set[str]] = {}
    if by == "target":
        for r in kg.query("drug_targets").dicts():
            targets.setdefault(r["drug"], set()).add(r["target"])
    counts: Counter[tuple[str, str]] = Counter()
    for r in kg.query("responses").dicts():
        keys = set(r["drugs"] or [])
        if by == "target":
            keys = {t for d in keys for t in targets.get(d, ())}
        for k in keys:
            counts[(k, r["response"] or "?")] += 1
    return ResponseCounts(by=by, counts=[ResponseCount(name=n, response=c, facts=k) for (n, c), k in sorted(counts.items())])
