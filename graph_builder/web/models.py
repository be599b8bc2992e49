"""Response models of the JSON API: what FastAPI's OpenAPI page (/docs) describes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..query.catalog import Form, SavedQuery


class NodeInfo(BaseModel):
    """One graph node: its id (the IRI after ``gb:id/``), ontology label, caption and literal properties."""

    id: str
    label: str
    caption: str
    color: str = Field(description="Its label's colour in the Neo4j Browser style sheet (`kg export grass`).")
    props: dict[str, Any] = Field(default_factory=dict)
    evidence: int = Field(default=0, description="How many evidence spans back this node (0 for entities).")


class SearchHit(BaseModel):
    node: NodeInfo
    kind: str = Field(description="drug, target, disease or document")
    match: str = Field(description="Why it matched: the vocabulary form, name or title that did.")
    doc: str | None = Field(default=None, description="For a document: its library id.")


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]


class Edge(BaseModel):
    source: str
    target: str
    type: str


class More(BaseModel):
    """Neighbours not returned (beyond the cap), by direction and relationship type, so the page can expand."""

    direction: str
    type: str
    total: int


class Neighbourhood(BaseModel):
    center: NodeInfo
    nodes: list[NodeInfo]
    edges: list[Edge]
    total: int = Field(description="All neighbours of the centre (evidence spans excluded).")
    offset: int
    more: int = Field(description="Neighbours after this page: ask again with offset + limit.")
    by_type: list[More]


class Context(BaseModel):
    """The paragraph around an evidence sentence, cut in three so the page highlights the middle."""

    before: str
    sentence: str
    after: str


class EvidenceItem(BaseModel):
    id: str
    doc: str
    title: str | None = None
    start: int
    end: int
    text: str = Field(description="The verbatim slice of the source file.")
    section: str | None = None
    extractor: str | None = None
    confidence: float | None = None
    page: int | None = None
    context: Context | None = Field(default=None, description="Its paragraph in the document's clean text (None if "
                                                              "the source file is gone).")


class FactEvidence(BaseModel):
    fact: NodeInfo
    evidence: list[EvidenceItem]


class DocumentInfo(BaseModel):
    id: str
    source: str
    format: str | None = None
    kind: str | None = None
    title: str | None = None
    accession: str | None = None
    facts: dict[str, int] = Field(default_factory=dict)


class FactRef(BaseModel):
    id: str
    label: str
    caption: str
    color: str


class Span(BaseModel):
    """A highlighted stretch of the document's clean text and the facts whose evidence it is."""

    start: int
    end: int
    evidence: list[str]
    facts: list[FactRef]


class DocumentText(BaseModel):
    document: DocumentInfo
    text: str = Field(description="The document's clean text (what the extractors read).")
    spans: list[Span]
    unplaced: int = Field(default=0, description="Evidence spans that could not be placed in the clean text.")


class QueryInfo(SavedQuery):
    """A saved query as the API shows it: the catalog's own model (parameters, columns, the plain twins), without
    the alternative forms, which are chosen per call."""

    forms: list[Form] = Field(default_factory=list, exclude=True)


class QueryResult(BaseModel):
    name: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]
    page: int | None = Field(default=None, description="The page asked for (from 1); None: every row.")
    documents: list[str] | None = Field(default=None, description="The page's documents, in id order (fewer than "
                                        "page_size: the last page; empty: past it).")


class Bar(BaseModel):
    """One line of therapy of one patient: its order in the patient's course, drugs and dates where known."""

    patient: str
    order: int
    line: int | None = None
    drugs: list[str]
    label: str
    start: str | None = None
    end: str | None = None
    fact: str | None = None


class Marker(BaseModel):
    """A response or graded adverse event, placed on the bar of the regimen it belongs to."""

    patient: str
    order: int
    kind: str = Field(description="response or adverse_event")
    label: str
    grade: str | None = None
    drug: str | None = None


class Timeline(BaseModel):
    doc: str = Field(description="The document; empty for a drug's timeline, whose patients name their documents.")
    patients: list[str]
    bars: list[Bar]
    markers: list[Marker]
    drug: str | None = Field(default=None, description="A drug's timeline: the patients who received it, in any document.")
    more: int = Field(default=0, description="Patients left out beyond the limit (a drug's timeline).")


class Outcome(BaseModel):
    id: str
    doc: str
    cohort: str | None = None
    drug: str | None = None
    measure: str
    value: float | None = None
    unit: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: str | None = None
    n: int | None = None
    N: int | None = None


class Outcomes(BaseModel):
    outcomes: list[Outcome] = Field(description="One page of the outcomes (limit and offset of the request), in document order.")
    total: int = Field(description="Outcomes in all pages.")
    hazard_ratios: list[Outcome] = Field(description="The outcomes a forest plot draws: HRs with both CI bounds.")


class AeCell(BaseModel):
    drug: str
    event: str
    grade: str
    reports: int = Field(description="Adverse-event facts (a patient's event or a cohort's row) attributed to the drug.")
    documents: int = Field(description="Documents with such a report.")


class AeSummary(BaseModel):
    cells: list[AeCell]


class ResponseCount(BaseModel):
    name: str = Field(description="The drug (INN) or the target (gene symbol).")
    response: str
    patients: int = Field(description="Patients with this response under a regimen including the drug (or a drug on the target).")


class ResponseCounts(BaseModel):
    by: str = Field(description="drug or target")
    counts: list[ResponseCount]
