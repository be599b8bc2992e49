"""Facts → nodes and edges (BioCypher-style plain tuples every writer reads).

Why n-ary nodes rather than RDF-star or named graphs: every fact
(a drug–target statement, a regimen, a response...) is itself a node
with ``HAS_EVIDENCE`` edges to the spans it rests on.  That shape is the
same in RDF and in a property graph, so the saved SPARQL and Cypher
twins stay structurally identical; identical facts from two documents
share one node (its id comes from the fact, not the document) and
simply gain a second evidence edge.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..models import VIEWS, Evidence, Fact
from .. import vocabulary as vocab
from .prefixes import prefix_names
from .schema import schema


@dataclass(frozen=True)
class Edge:
    source: str
    type: str
    target: str


@dataclass
class Node:
    id: str
    label: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class GraphData:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[Edge] = field(default_factory=set)

    def node(self, nid: str, label: str, **props: Any) -> str:
        sch = schema()
        sch.check_label(label)
        for k in props:
            if k not in sch.properties:
                raise KeyError(f"property {k!r} is not a datatype property of the ontology")
        n = self.nodes.get(nid)
        if n is None:
            self.nodes[nid] = Node(nid, label, {k: v for k, v in props.items() if v is not None and v != []})
        else:
            for k, v in props.items():
                if v is not None and v != [] and k not in n.props:
                    n.props[k] = v
        return nid

    def edge(self, source: str, rel: str, target: str) -> None:
        """Add an edge between two added nodes; its (label, type, label) must be one the ontology's domain and
        range allow, so a builder edge the Bolt loader has no statement for fails here rather than at load."""
        src, dst = self.nodes.get(source), self.nodes.get(target)
        if src is None or dst is None:
            raise KeyError(f"edge {source!r} -[:{rel}]-> {target!r}: add both nodes first")
        schema().check_edge(src.label, rel, dst.label)
        self.edges.add(Edge(source, rel, target))

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type: what every store must agree on."""
        out: dict[str, int] = {}
        for n in self.nodes.values():
            out[n.label] = out.get(n.label, 0) + 1
        for e in self.edges:
            out[e.type] = out.get(e.type, 0) + 1
        return dict(sorted(out.items()))


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")  # what ``quote(safe="")`` leaves as it is


def _slug(*parts: Any) -> str:
    """Parts percent-encoded and joined by ``/``; most parts need no encoding, and are not sent through ``quote``
    (which cost ~40% of building a document's graph)."""
    out = []
    for p in parts:
        s = str(p)
        out.append(s if _UNRESERVED.fullmatch(s) else quote(s, safe=""))
    return "/".join(out)


def _h(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _curies(entry: vocab.Entry | None) -> list[str]:
    """An entry's ids as CURIEs whose prefix is the prefix map's name for the vocabulary key."""
    if entry is None:
        return []
    out = []
    for k, v in entry.ids:
        p = prefix_names().get(k.lower(), k.upper())
        out.append(v if ":" in v and v.split(":")[0].upper() == p.upper() else f"{p}:{v}")
    return out


class _Builder:
    """Facts to one graph.

    The shared entities and a document's own anchors (its document node, a
    patient, a cohort) are asked for dozens of times per document, with the
    same arguments and so the same node, properties and edge; each is made
    once per graph and its id kept (``_made``): building a document's graph
    took 24% less time (every later call was a slug, a property check and
    a no-op merge).
    """

    def __init__(self) -> None:
        self.g = GraphData()
        self._made: dict[tuple[Any, ...], str] = {}

    # ------------------------------------------------------------ entities
    def _once(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """The id ``make()`` gave for ``key`` the first time it was asked in this graph."""
        nid = self._made.get(key)
        if nid is None:
            nid = self._made[key] = make()
        return nid

    def _in_document(self, nid: str, doc: str) -> str:
        self.g.edge(nid, "IN_DOCUMENT", self.doc(doc))
        return nid

    def doc(self, doc: str) -> str:
        return self._once(("doc", doc), lambda: self.g.node(_slug("doc", doc), "Document", docId=doc, name=doc))

    def evidence(self, ev: Evidence) -> str:
        nid = self.g.node(_slug("evidence", ev.doc, f"{ev.start}-{ev.end}"), "Evidence", docId=ev.doc, charStart=ev.start,
                          charEnd=ev.end, text=ev.text, section=ev.section, extractor=ev.extractor, confidence=ev.confidence,
                          page=ev.page)
        return self._in_document(nid, ev.doc)

    def drug(self, name: str) -> str:
        def make() -> str:
            e = vocab.drugs().entries.get(name)
            return self.g.node(_slug("drug", name), "Drug", name=name, role=e.get("role") if e else None,
                               identifier=_curies(e))
        return self._once(("drug", name), make)

    def target(self, symbol: str, hgnc: str | None = None) -> str:
        def make() -> str:
            e = vocab.targets().entries.get(symbol)
            ids = _curies(e) or ([hgnc] if hgnc else [])
            return self.g.node(_slug("target", symbol), "Target", symbol=symbol, name=e.get("label") if e else None,
                               identifier=ids)
        return self._once(("target", symbol, hgnc), make)

    def disease(self, name: str) -> str:
        def make() -> str:
            e = vocab.diseases().entries.get(name)
            return self.g.node(_slug("disease", name), "Disease", name=name, identifier=_curies(e))
        return self._once(("disease", name), make)

    def patient(self, doc: str, number: int) -> str:
        return self._once(("patient", doc, number), lambda: self._in_document(
            self.g.node(_slug("patient", doc, number), "Patient", docId=doc, patientNumber=number), doc))

    def cohort(self, doc: str, name: str = "all") -> str:
        return self._once(("cohort", doc, name), lambda: self._in_document(
            self.g.node(_slug("cohort", doc, name), "Cohort", docId=doc, name=name), doc))

    def subject(self, doc: str, patient: int | None) -> str:
        return self.patient(doc, patient) if patient is not None else self.cohort(doc)

    def cite(self, nid: str, f: Fact) -> None:
        for ev in f.evidence:
            self.g.edge(nid, "HAS_EVIDENCE", self.evidence(ev))

    def regimen_for(self, doc: str, patient: int | None, drugs: list[str], name: str | None) -> str | None:
        key = (doc, patient, tuple(sorted(drugs)), name if not drugs else None)
        return self.regimens.get(key)

    # ------------------------------------------------------------ facts
    def add(self, facts: list[Fact]) -> GraphData:
        self.regimens: dict[tuple, str] = {}
        for view in VIEWS:  # families in declaration order: regimens exist before their outcomes
            for f in (x for x in facts if x.view == view):
                getattr(self, f"_{view}")(f)
        return self.g

    def _drug_targets(self, f) -> None:
        d, t = self.drug(f.drug), self.target(f.target, f.target_id)
        self.g.edge(d, "TARGETS", t)
        st = self.g.node(_slug("statement", "targets", f.drug, f.target), "DrugTargetStatement", name=f"{f.drug} targets {f.target}")
        self.g.edge(st, "STATES_DRUG", d)
        self.g.edge(st, "STATES_TARGET", t)
        self.cite(st, f)

    def _patients(self, f) -> None:
        p = self.patient(f.doc, f.patient)
        self.g.node(p, "Patient", age=f.age, sex=f.sex)
        if f.diagnosis:
            self.g.edge(p, "HAS_DIAGNOSIS", self.disease(f.diagnosis))
        self.cite(p, f)

    def _treatments(self, f) -> None:
        who = self.subject(f.doc, f.patient)
        rid = self.g.node(_slug("regimen", f.doc, f.patient if f.patient is not None else "cohort",
                                _h(f.drugs, f.regimen, f.start, f.end, min((e.start for e in f.evidence), default=0))),
                          "Regimen", docId=f.doc,
                          name=f.regimen or " + ".join(f.drugs), startDate=f.start, endDate=f.end, line=f.line)
        self.g.edge(who, "RECEIVED", rid)
        for d in f.drugs:
            self.g.edge(rid, "INCLUDES_DRUG", self.drug(d))
        self.regimens.setdefault((f.doc, f.patient, tuple(sorted(f.drugs)), f.regimen if not f.drugs else None), rid)
        self.cite(rid, f)

    def _doses(self, f) -> None:
        who = self.subject(f.doc, f.patient)
        nid = self.g.node(_slug("dose", f.doc, f.patient, f.drug, f"{f.amount}{f.unit}", f.frequency), "Dose", docId=f.doc,
                          amount=f.amount, unit=f.unit, frequency=f.frequency, route=f.route)
        self.g.edge(who, "HAS_DOSE", nid)
        self.g.edge(nid, "DOSE_OF", self.drug(f.drug))
        self.cite(nid, f)

    def _responses(self, f) -> None:
        nid = self.g.node(_slug("response", f.doc, f.patient, _h(f.drugs, f.regimen), f.response), "ResponseAssessment",
                          docId=f.doc, category=f.response)
        if f.patient is not None:
            self.g.edge(nid, "ABOUT_PATIENT", self.patient(f.doc, f.patient))
        rid = self.regimen_for(f.doc, f.patient, f.drugs, f.regimen)
        if rid:
            self.g.edge(rid, "YIELDED", nid)
        self.cite(nid, f)

    def _survival(self, f) -> None:
        nid = self.g.node(_slug("survival", f.doc, f.patient, f.endpoint, f"{f.value}{f.unit}", f.qualifier),
                          "SurvivalMeasurement", docId=f.doc, endpoint=f.endpoint, value=f.value, unit=f.unit,
                          qualifier=f.qualifier)
        self.g.edge(self.subject(f.doc, f.patient), "HAD_SURVIVAL", nid)
        if f.patient is not None:
            self.g.edge(nid, "ABOUT_PATIENT", self.patient(f.doc, f.patient))
        rid = self.regimen_for(f.doc, f.patient, f.drugs or [], None) if f.drugs else None
        if rid:
            self.g.edge(rid, "HAD_SURVIVAL", nid)
        self.cite(nid, f)

    def _adverse_events(self, f) -> None:
        drugs = f.drug if isinstance(f.drug, list) else ([f.drug] if f.drug else [])
        e = vocab.adverse_events().entries.get(f.event)
        nid = self.g.node(_slug("ae", f.doc, f.patient, f.event, f.grade, "+".join(drugs) or f.regimen, f.n, f.percent),
                          "AdverseEvent", docId=f.doc, name=f.event, grade=f.grade, count=f.n, percent=f.percent,
                          regimenName=f.regimen if not drugs else None, identifier=_curies(e))
        self.g.edge(self.subject(f.doc, f.patient), "EXPERIENCED", nid)
        if f.patient is not None:
            self.g.edge(nid, "ABOUT_PATIENT", self.patient(f.doc, f.patient))
        for d in drugs:
            self.g.edge(nid, "ATTRIBUTED_TO", self.drug(d))
        self.cite(nid, f)

    def _cohort_outcomes(self, f) -> None:
        c = self.cohort(f.doc, f.cohort)
        nid = self.g.node(_slug("outcome", f.doc, f.cohort, f.measure, f.value, f.unit), "CohortOutcome", docId=f.doc,
                          measure=f.measure, value=f.value, unit=f.unit, count=f.n, total=f.N,
                          ciLow=f.ci[0] if f.ci else None, ciHigh=f.ci[1] if f.ci else None,
                          pValue=str(f.p) if f.p is not None else None)
        self.g.edge(c, "HAS_OUTCOME", nid)
        for name in f.drug if isinstance(f.drug, list) else ([f.drug] if f.drug else []):
            d = self.drug(name)
            self.g.edge(nid, "STUDIED_DRUG", d)
            self.g.edge(c, "STUDIED_DRUG", d)
        self.cite(nid, f)


def build_graph(facts: Iterable[Fact]) -> GraphData:
    """The graph of a set of facts; deterministic for the same facts."""
    return _Builder().add(sorted(facts, key=lambda f: (f.doc, f.view, repr(f.row()))))


def document_graphs(documents: Iterable[Iterable[Fact]]) -> Iterator[GraphData]:
    """One graph per document's facts, built as they come: memory flat in the number of documents.

    The whole graph is their union: a document's own nodes carry its id,
    and the nodes documents share (a drug, a target, a drug–target
    statement) get the same id and the same properties from every
    document (see graph/sharing.py), so a store that merges by id (a set
    of triples, a MERGE) ends up holding exactly :func:`build_graph` of
    all the facts (tested).
    """
    for facts in documents:
        yield build_graph(facts)


def merge_into(target: GraphData, g: GraphData) -> GraphData:
    """Add ``g``'s nodes and edges to ``target`` (first properties win, as in one build)."""
    for n in g.nodes.values():
        old = target.nodes.get(n.id)
        if old is None:
            target.nodes[n.id] = Node(n.id, n.label, dict(n.props))
        else:
            for k, v in n.props.items():
                old.props.setdefault(k, v)
    target.edges |= g.edges
    return target


def edge_pattern(g: GraphData, e: Edge) -> tuple[str, str, str]:
    """(source label, TYPE, target label): the key of the Bolt statement that merges ``e``."""
    return (g.nodes[e.source].label, e.type, g.nodes[e.target].label)
