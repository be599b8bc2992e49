"""Per-drug tallies: counts each store keeps beside its facts, so one-drug summaries read tens of nodes.

Why: "which adverse events, at which grades, were attributed to apatinib,
in how many documents" counts every adverse event of the drug.  At 10,000
generated documents that is 4,415 events, and each property an engine
looks up per event costs ~16 us in Oxigraph: 100-250 ms per question,
against the < 50 ms a one-drug question should take.  The counts change
only when a document that names the drug changes, so they are kept as
nodes (``gb:AdverseEventTally``, ``gb:ResponseTally``, see the ontology):

* adjusted by an update's documents in the update's own transaction
  (Oxigraph: more operations of the same SPARQL update; Bolt: the same
  transaction), so a reader never sees facts and tallies disagree: their
  counts off before their facts go, the new ones on after
  (:func:`sparql_adjust`, :func:`cypher_adjust`);
* counted over the whole graph before a whole load is switched to
  (the embedded server's new generation: :func:`cypher_refresh` of every
  drug; rdflib: :func:`sparql_recount`), and for the drugs a whole load in
  place touches (:func:`cypher_refresh`);
* for a whole Oxigraph load, summed document by document from the graphs
  it writes (:class:`Counts`, tested equal to :func:`sparql_recount`
  triple for triple) and loaded with them.

Written once per query language, like the shared-node garbage collection:
each store computes its tallies from its own facts with the aggregate the
explore query used to run at question time, so a tally cannot disagree
with the facts of the store it sits in; the one exception, a whole
Oxigraph load, counts the very graphs it writes into the store.  A tally names its drug as a
literal (``gb:tallyDrug``), not an edge, to stay out of the drug's
neighbourhood in the explorer.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from ..graph.build import GraphData
from ..graph.schema import GB, GBI

# ---------------------------------------------------------------- SPARQL

# An update adjusts the tallies by the changed documents' own counts instead of recounting every
# fact of their drugs: each count is a sum over documents (an adverse event, a response and its
# patient belong to one document; "documents" counts each document once per key), so the
# documents' counts are taken off before their facts go and added once the new facts are in.
# On 10,000 generated documents (18 drugs) 100 new ones name every drug, and recounting them
# all cost ~2.5 s on Oxigraph and ~1.7 s on Bolt, 7% of a fresh build.
_AE_DELTA_SPARQL = """DELETE {{ ?t gb:reports ?r0 ; gb:documents ?d0 }}
INSERT {{ ?t a gb:AdverseEventTally ; gb:tallyDrug ?drug ; gb:eventName ?event ; gb:eventGrade ?g ;
         gb:reports ?r1 ; gb:documents ?d1 }}
WHERE {{
  {{ SELECT ?drug ?event ?g (COUNT(DISTINCT ?ae) AS ?reports) (COUNT(DISTINCT ?doc) AS ?documents) WHERE {{
      {docs}?d a gb:Drug ; gb:name ?drug . ?ae gb:attributedTo ?d ; a gb:AdverseEvent ; gb:name ?event ; gb:docId ?doc .
      OPTIONAL {{ ?ae gb:grade ?g }}
    }} GROUP BY ?drug ?event ?g }}
  BIND(IRI(CONCAT("{base}ae/", ENCODE_FOR_URI(?drug), "/", ENCODE_FOR_URI(?event), "/", ENCODE_FOR_URI(COALESCE(?g, ""))))
       AS ?t)
  OPTIONAL {{ ?t gb:reports ?r0 ; gb:documents ?d0 }}
  BIND(COALESCE(?r0, 0) {sign} ?reports AS ?r1) BIND(COALESCE(?d0, 0) {sign} ?documents AS ?d1)
}}"""

_RESPONSE_DELTA_SPARQL = """DELETE {{ ?t gb:patients ?p0 }}
INSERT {{ ?t a gb:ResponseTally ; gb:tallyDrug ?drug ; gb:responseCategory ?response ; gb:patients ?p1 }}
WHERE {{
  {{ SELECT ?drug ?response (COUNT(DISTINCT ?p) AS ?patients) WHERE {{
      {docs}?reg gb:docId ?doc ; gb:includesDrug ?d ; gb:yielded ?r . ?d a gb:Drug ; gb:name ?drug .
      ?r gb:category ?response ; gb:aboutPatient ?p .
    }} GROUP BY ?drug ?response }}
  BIND(IRI(CONCAT("{base}response/", ENCODE_FOR_URI(?drug), "/", ENCODE_FOR_URI(?response))) AS ?t)
  OPTIONAL {{ ?t gb:patients ?p0 }}
  BIND(COALESCE(?p0, 0) {sign} ?patients AS ?p1)
}}"""

_DELETE_ALL_SPARQL = """DELETE { ?t ?p ?o } WHERE {
  VALUES ?type { gb:AdverseEventTally gb:ResponseTally } ?t a ?type ; ?p ?o
}"""

_DROP_EMPTY_SPARQL = """DELETE {{ ?t ?p ?o }} WHERE {{
  {{ ?t gb:reports 0 ; a gb:AdverseEventTally }} UNION {{ ?t gb:patients 0 ; a gb:ResponseTally }} ?t ?p ?o
}}"""


def _counts(values: str, sign: str) -> str:
    """The two adjusting operations over the documents ``values`` binds (``""``: every document)."""
    base = GBI + "tally/"
    return " ;\n".join(t.format(docs=values, base=base, sign=sign) for t in (_AE_DELTA_SPARQL, _RESPONSE_DELTA_SPARQL))


def sparql_adjust(docs: Sequence[str], sign: str) -> str:
    """SPARQL update operations that add (``sign`` ``+``) or take off (``-``) the tally counts of ``docs``' facts.

    Take them off before the documents' facts are deleted and add them once
    the new facts are in (:func:`sparql_drop_empty` then removes tallies
    that reached zero): the result equals a recount (:func:`sparql_recount`),
    at the cost of the documents' own facts.  Ids are written as JSON
    strings (a SPARQL string literal's escapes are JSON's), never pasted raw;
    no documents, no operation.
    """
    if sign not in ("+", "-"):
        raise ValueError(f"a tally is adjusted by + or -, not {sign!r}")
    if not docs:
        return ""
    return _counts("VALUES ?doc { " + " ".join(json.dumps(d, ensure_ascii=False) for d in sorted(set(docs))) + " } ", sign)


def sparql_drop_empty() -> str:
    """A SPARQL update operation removing the tallies an adjustment brought to zero."""
    return _DROP_EMPTY_SPARQL.format()


def sparql_recount() -> str:
    """A whole update request that counts every tally afresh: every tally out, then every document's counts added."""
    return f"PREFIX gb: <{GB}>\n{_DELETE_ALL_SPARQL} ;\n{_counts('', '+')}"


# ---------------------------------------------------------------- Cypher

DELETE_ADVERSE_EVENT_TALLIES_CYPHER = "UNWIND $drugs AS drug MATCH (t:AdverseEventTally {tallyDrug: drug}) DELETE t"
DELETE_RESPONSE_TALLIES_CYPHER = "UNWIND $drugs AS drug MATCH (t:ResponseTally {tallyDrug: drug}) DELETE t"
TALLY_ADVERSE_EVENTS_CYPHER = (
    "UNWIND $drugs AS drug "
    "MATCH (ae:AdverseEvent)-[:ATTRIBUTED_TO]->(:Drug {name: drug}) "
    "WITH drug, ae.name AS event, ae.grade AS grade, count(DISTINCT ae) AS reports, count(DISTINCT ae.docId) AS documents "
    "CREATE (:AdverseEventTally {id: 'tally/ae/' + drug + '/' + event + '/' + coalesce(grade, ''), tallyDrug: drug, "
    "eventName: event, eventGrade: grade, reports: reports, documents: documents})")
TALLY_RESPONSES_CYPHER = (
    "UNWIND $drugs AS drug "
    "MATCH (:Drug {name: drug})<-[:INCLUDES_DRUG]-(:Regimen)-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient) "
    "WITH drug, r.category AS response, count(DISTINCT p) AS patients "
    "CREATE (:ResponseTally {id: 'tally/response/' + drug + '/' + response, tallyDrug: drug, "
    "responseCategory: response, patients: patients})")
_AE_DOC_COUNTS = (
    "UNWIND $docs AS doc "
    "MATCH (ae:AdverseEvent {docId: doc})-[:ATTRIBUTED_TO]->(d:Drug) "
    "WITH d.name AS drug, ae.name AS event, ae.grade AS grade, count(DISTINCT ae) AS reports, count(DISTINCT doc) AS documents ")
_RESPONSE_DOC_COUNTS = (
    "UNWIND $docs AS doc "
    "MATCH (d:Drug)<-[:INCLUDES_DRUG]-(:Regimen {docId: doc})-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient) "
    "WITH d.name AS drug, r.category AS response, count(DISTINCT p) AS patients ")
SUBTRACT_ADVERSE_EVENTS_CYPHER = (
    _AE_DOC_COUNTS + "MATCH (t:AdverseEventTally {id: 'tally/ae/' + drug + '/' + event + '/' + coalesce(grade, '')}) "
    "SET t.reports = t.reports - reports, t.documents = t.documents - documents")
ADD_ADVERSE_EVENTS_CYPHER = (
    _AE_DOC_COUNTS + "MERGE (t:AdverseEventTally {id: 'tally/ae/' + drug + '/' + event + '/' + coalesce(grade, '')}) "
    "ON CREATE SET t.tallyDrug = drug, t.eventName = event, t.eventGrade = grade, t.reports = 0, t.documents = 0 "
    "SET t.reports = t.reports + reports, t.documents = t.documents + documents")
SUBTRACT_RESPONSES_CYPHER = (
    _RESPONSE_DOC_COUNTS + "MATCH (t:ResponseTally {id: 'tally/response/' + drug + '/' + response}) "
    "SET t.patients = t.patients - patients")
ADD_RESPONSES_CYPHER = (
    _RESPONSE_DOC_COUNTS + "MERGE (t:ResponseTally {id: 'tally/response/' + drug + '/' + response}) "
    "ON CREATE SET t.tallyDrug = drug, t.responseCategory = response, t.patients = 0 "
    "SET t.patients = t.patients + patients")
DROP_EMPTY_ADVERSE_EVENT_TALLIES_CYPHER = "MATCH (t:AdverseEventTally) WHERE t.reports <= 0 DELETE t"
DROP_EMPTY_RESPONSE_TALLIES_CYPHER = "MATCH (t:ResponseTally) WHERE t.patients <= 0 DELETE t"
ATTRIBUTED_DRUGS_CYPHER = ("UNWIND $docs AS doc MATCH (:AdverseEvent {docId: doc})-[:ATTRIBUTED_TO]->(d:Drug) "
                           "RETURN DISTINCT d.name AS drug")
REGIMEN_DRUGS_CYPHER = ("UNWIND $docs AS doc MATCH (:Regimen {docId: doc})-[:INCLUDES_DRUG]->(d:Drug) "
                        "RETURN DISTINCT d.name AS drug")


def cypher_refresh(tx, drugs: Iterable[str]) -> None:
    """Inside ``tx``: recompute the tallies of ``drugs``."""
    names = sorted(set(drugs))
    if not names:
        return
    tx.run(DELETE_ADVERSE_EVENT_TALLIES_CYPHER, drugs=names).consume()
    tx.run(DELETE_RESPONSE_TALLIES_CYPHER, drugs=names).consume()
    tx.run(TALLY_ADVERSE_EVENTS_CYPHER, drugs=names).consume()
    tx.run(TALLY_RESPONSES_CYPHER, drugs=names).consume()


def cypher_adjust(tx, docs: Sequence[str], sign: str) -> None:
    """Inside ``tx``: add (``+``) or take off (``-``) the tally counts of ``docs``' facts (see :func:`sparql_adjust`);
    after adding, the tallies brought to zero go."""
    ids = sorted(set(docs))
    if not ids:
        return
    if sign == "-":
        tx.run(SUBTRACT_ADVERSE_EVENTS_CYPHER, docs=ids).consume()
        tx.run(SUBTRACT_RESPONSES_CYPHER, docs=ids).consume()
    elif sign == "+":
        tx.run(ADD_ADVERSE_EVENTS_CYPHER, docs=ids).consume()
        tx.run(ADD_RESPONSES_CYPHER, docs=ids).consume()
        tx.run(DROP_EMPTY_ADVERSE_EVENT_TALLIES_CYPHER).consume()
        tx.run(DROP_EMPTY_RESPONSE_TALLIES_CYPHER).consume()
    else:
        raise ValueError(f"a tally is adjusted by + or -, not {sign!r}")


def cypher_drugs_of(tx, docs: Sequence[str]) -> set[str]:
    """Inside ``tx``: the drugs whose tallies facts of ``docs`` count, as the database holds them now."""
    ids = sorted(set(docs))
    return {r["drug"] for q in (ATTRIBUTED_DRUGS_CYPHER, REGIMEN_DRUGS_CYPHER) for r in tx.run(q, docs=ids)}


# ---------------------------------------------------------------- Python, for a whole Oxigraph load

@dataclass
class Counts:
    """The tallies of documents' graphs, summed one document at a time: what :func:`sparql_recount` writes.

    Why a third form: a whole Oxigraph load passes every document's graph
    through Python anyway (the pool writes its triples), and the recount's
    two aggregates over the new store were the load's last ~2.5 s of ~19
    (10,000 generated documents; a freshly bulk-loaded store reads slowly
    until compacted).  Each count is a sum over documents (an adverse
    event, a regimen, a response and its patient belong to one document:
    see the update operations above), so each document's counts are taken
    from its own graph where it is built and added up; the same counts
    written by the recount are tested equal triple for triple.
    """

    #: (drug, event, grade or None) -> [adverse events, documents]
    events: dict[tuple[str, str, str | None], list[int]] = field(default_factory=dict)
    #: (drug, response category) -> patients
    responses: dict[tuple[str, str], int] = field(default_factory=dict)

    def add_graph(self, g: GraphData) -> Counts:
        """Add the counts of ``g``, the graph of one or more whole documents."""
        nodes = g.nodes
        events: dict[tuple[str, str, str | None], tuple[set[str], set[str]]] = {}  # key -> (its events, their documents)
        drugs_of: dict[str, set[str]] = {}
        yielded: dict[str, set[str]] = {}
        patients_of: dict[str, set[str]] = {}
        for e in g.edges:
            if e.type == "ATTRIBUTED_TO":
                ae, drug = nodes[e.source], nodes[e.target]
                drug_name, event, doc = drug.props.get("name"), ae.props.get("name"), ae.props.get("docId")
                if ae.label == "AdverseEvent" and drug.label == "Drug" and drug_name is not None and event is not None \
                        and doc is not None:
                    grade = ae.props.get("grade")
                    key = (str(drug_name), str(event), None if grade is None else str(grade))
                    ids, docs = events.setdefault(key, (set(), set()))
                    ids.add(ae.id)
                    docs.add(doc)
            elif e.type == "INCLUDES_DRUG":
                drug = nodes[e.target]
                if drug.label == "Drug" and drug.props.get("name") is not None:
                    drugs_of.setdefault(e.source, set()).add(drug.props["name"])
            elif e.type == "YIELDED":
                yielded.setdefault(e.source, set()).add(e.target)
            elif e.type == "ABOUT_PATIENT" and nodes[e.source].label == "ResponseAssessment":
                patients_of.setdefault(e.source, set()).add(e.target)
        patients: dict[tuple[str, str], set[str]] = {}
        for reg, names in drugs_of.items():
            if nodes[reg].props.get("docId") is None:
                continue  # (the recount joins a regimen by its document)
            for r in yielded.get(reg, ()):
                who = patients_of.get(r)
                category = nodes[r].props.get("category")
                if who and category is not None:
                    for name in names:
                        patients.setdefault((name, category), set()).update(who)
        return self.merge(Counts({key: [len(ids), len(docs)] for key, (ids, docs) in events.items()},
                                 {key2: len(who) for key2, who in patients.items()}))

    def merge(self, other: Counts) -> Counts:
        """Add ``other``'s counts (another set of documents) to these."""
        for key, (n, m) in other.events.items():
            held = self.events.setdefault(key, [0, 0])
            held[0] += n
            held[1] += m
        for key2, p in other.responses.items():
            self.responses[key2] = self.responses.get(key2, 0) + p
        return self

    def graph(self) -> GraphData:
        """The tally nodes, with the ids and properties :func:`sparql_recount` gives them."""
        g = GraphData()
        enc = functools.partial(quote, safe="")  # SPARQL's ENCODE_FOR_URI: every byte but the unreserved ones
        for (drug, event, grade), (n, m) in self.events.items():
            g.node(f"tally/ae/{enc(drug)}/{enc(event)}/{enc(grade or '')}", "AdverseEventTally", tallyDrug=drug,
                   eventName=event, eventGrade=grade, reports=n, documents=m)
        for (drug, response), p in self.responses.items():
            g.node(f"tally/response/{enc(drug)}/{enc(response)}", "ResponseTally", tallyDrug=drug,
                   responseCategory=response, patients=p)
        return g


# ---------------------------------------------------------------- both

def drugs_in(graphs: Iterable[GraphData]) -> set[str]:
    """Names of the drugs in ``graphs`` (whose tallies the graphs may change)."""
    return {n.props["name"] for g in graphs for n in g.nodes.values() if n.label == "Drug" and "name" in n.props}


def cypher_script(drugs: Iterable[str]) -> str:
    """A cypher-shell script that computes the tallies of ``drugs`` in a database filled without this loader
    (``neo4j-admin database import`` of ``kg export csv``): the same statements, the names as a parameter."""
    names = json.dumps(sorted(set(drugs)), ensure_ascii=False)
    statements = (DELETE_ADVERSE_EVENT_TALLIES_CYPHER, DELETE_RESPONSE_TALLIES_CYPHER,
                  TALLY_ADVERSE_EVENTS_CYPHER, TALLY_RESPONSES_CYPHER)
    return f":param drugs => {names};\n" + "".join(f"{s};\n" for s in statements)
