"""The data behind the plots oncologists read: swimmer timelines, forest plots, adverse-event heat maps.

Built from saved queries (the canonical views, and the per-drug tallies
for the summaries), so a plot and ``kg query`` never disagree; the pages
turn these rows into Vega-Lite.  The cohort-outcome table reads the CI
bounds and p-values the view leaves out, with its own SELECT.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..query import KnowledgeGraph
from .graph import GraphReader, node_iri
from .models import AeCell, AeSummary, Bar, Marker, Outcome, Outcomes, ResponseCount, ResponseCounts, Timeline

# The outcomes table pages: the outcomes are listed by a pattern with no OPTIONAL and sorted
# here (at 10,000 documents the whole table's SELECT took 4 s, and ORDER BY in the engine
# cost more than the listing), then the page's rows are read.
# One drug's outcomes start from the drug, bound above the text by GraphReader.select.
_OUTCOME_KEYS = """SELECT ?o ?doc ?m WHERE {{ {start}?o a gb:CohortOutcome ; gb:docId ?doc ; gb:measure ?m . {hr}}}"""
_OF_DRUG = "?d gb:name ?drug . ?o gb:studiedDrug ?d . "
# a hazard ratio the forest plot can draw: "HR" or "hazard ratio" as the measure's first word, value and both CI bounds
_HAZARD_RATIO = ('?o gb:value ?v ; gb:ciLow ?lo ; gb:ciHigh ?hi . '
                 'FILTER(REGEX(?m, "^(HR|hazard ratio)([^A-Za-z0-9_]|$)", "i")) ')
_OUTCOME_ROWS = """SELECT ?o ?doc ?cohort ?drug ?m ?v ?unit ?lo ?hi ?p ?n ?N WHERE {{
  VALUES ?o {{ {values} }} ?o gb:docId ?doc ; gb:measure ?m .
  OPTIONAL {{ ?o gb:value ?v }} OPTIONAL {{ ?o gb:unit ?unit }} OPTIONAL {{ ?o gb:ciLow ?lo }} OPTIONAL {{ ?o gb:ciHigh ?hi }}
  OPTIONAL {{ ?o gb:pValue ?p }} OPTIONAL {{ ?o gb:count ?n }} OPTIONAL {{ ?o gb:total ?N }}
  OPTIONAL {{ ?c gb:hasOutcome ?o ; gb:name ?cohort }}
  OPTIONAL {{ ?o gb:studiedDrug/gb:name ?drug }}
}} ORDER BY ?doc ?m ?o ?drug"""

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
        named = set(e["drug"]) if isinstance(e["drug"], list) else ({drug} if drug else set())
        markers.append(Marker(patient=p, order=place(p, named), kind="adverse_event", label=e["event"] or "?",
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


def outcomes(graph: GraphReader, drug: str = "", limit: int = 500, offset: int = 0) -> Outcomes:
    """Cohort outcomes (of one drug, if given: drug names are lower-case INNs), ``limit`` from ``offset`` in
    document order, with the total; every hazard ratio with both CI bounds (of the drug) for the forest plot.

    An outcome of several drugs has a row per drug, or, for one drug, the drug's row.
    """
    bind = {"drug": ox.Literal(drug.lower())} if drug else {}
    start = _OF_DRUG if drug else ""

    def keys(hr: str) -> list[str]:
        found = graph.select(_OUTCOME_KEYS.format(start=start, hr=hr), **bind)
        return [r["o"] for r in sorted(found, key=lambda r: (r["doc"], r["m"], r["o"]))]

    def rows(ids: list[str]) -> list[Outcome]:
        if not ids:
            return []
        values = " ".join(str(node_iri(i)) for i in ids)  # the graph's own ids, serialised by pyoxigraph
        return [Outcome(id=r["o"], doc=r["doc"], cohort=r["cohort"], drug=r["drug"], measure=r["m"],
                        value=r["v"], unit=r["unit"], ci_low=r["lo"], ci_high=r["hi"],
                        p_value=None if r["p"] is None else str(r["p"]), n=r["n"], N=r["N"])
                for r in graph.select(_OUTCOME_ROWS.format(values=values))
                if not drug or r["drug"] == drug.lower()]

    listed = keys("")
    return Outcomes(outcomes=rows(listed[offset:offset + limit]), total=len(listed), hazard_ratios=rows(keys(_HAZARD_RATIO)))


def adverse_events(kg: KnowledgeGraph, drug: str = "") -> AeSummary:
    """Adverse events per drug × event × grade: how many reports attribute it to the drug, in how many documents.

    Read from the per-drug tallies the stores keep (the saved queries
    ``adverse_events_of_drug`` and ``adverse_events_by_drug``), so the heat
    map reads a row per drug, event and grade (740 at 10,000 generated
    documents), never every event; events
    attributed to no drug have no cell.  Drug names are lower-case INNs.
    """
    if drug:
        rows = [{"drug": drug.lower(), **r} for r in kg.query("adverse_events_of_drug", drug=drug.lower()).dicts()]
    else:
        rows = kg.query("adverse_events_by_drug").dicts()
    return AeSummary(cells=[AeCell(drug=r["drug"], event=r["event"], grade=r["grade"] or "unspecified",
                                   reports=r["reports"], documents=r["documents"]) for r in rows])


def response_counts(kg: KnowledgeGraph, by: str = "drug") -> ResponseCounts:
    """Patients per drug (or per target of the drugs) and response category.

    A patient counts once for each drug of the regimens that yielded the
    response, and by target once per target, however many of its drugs hit
    it.  By drug this reads the stores' per-drug tallies; by target it is
    one grouped count (``responses_by_target``), not every response fact.
    """
    if by not in ("drug", "target"):
        raise ValueError(f"responses are counted by drug or by target, not {by!r}")
    rows = kg.query("responses_by_drug" if by == "drug" else "responses_by_target").dicts()
    return ResponseCounts(by=by, counts=[ResponseCount(name=r[by], response=r["response"], patients=r["patients"])
                                         for r in rows])
