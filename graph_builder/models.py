"""Pydantic models at the pipeline's boundaries.

Every fact the extractors emit is one row of a canonical view of
``shared/spec/facts.md`` plus the evidence it rests on.  Keeping the
row shape identical to the gold format means the evaluator, the JSON
output and (later) the graph loaders all read the same objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

Qualifier = Literal["=", ">", ">=", "<", "~"]
ResponseCode = Literal["CR", "PR", "SD", "PD", "nCR"]
Amount = float | str
DrugRef = str | list[str] | None


class Evidence(BaseModel):
    """Where a fact comes from: a verbatim slice of the source file.

    ``start``/``end`` are character offsets into the decoded file the user
    opens (for an article split out of a PubMed or PMC set, into the whole
    file; for PDF and Word, into the text extracted from them); ``page`` is
    the 1-based page of ``start`` where the source has pages (PDF).
    """

    model_config = ConfigDict(frozen=True)

    doc: str
    start: int
    end: int
    text: str
    section: str | None = None
    extractor: str = ""
    confidence: float = 1.0
    page: int | None = None

    @model_serializer(mode="wrap")
    def _omit_no_page(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave ``page`` out where the source has no pages, so stored evidence of text and XML is unchanged."""
        out = handler(self)
        if out.get("page", 0) is None:
            del out["page"]
        return out


class Fact(BaseModel):
    """One row of a canonical view; each subclass is one fact family.

    A family declares here what every later stage derives from it: its
    view name, the view's fields in the order facts.md prints them
    (``view_fields``: the statement rows, the saved view's columns), its
    identity within a document, and the fields that make a fact "found"
    when scored (``score_key``, facts.md's key column).  The graph mapping
    (``graph/build.py``: ``_<view>``), the scorer's comparators
    (``evaluate/match.py``) and the saved view (``queries/views/<view>``)
    are looked up by the view name; ``tests/test_families.py`` fails when
    a family lacks one of them.
    """

    view: ClassVar[str]
    view_fields: ClassVar[tuple[str, ...]]
    score_key: ClassVar[tuple[str, ...]]
    # What makes two facts of one document the same fact (duplicates merge their evidence).
    # Deliberately finer than the scoring key of facts.md: two doses of 5 mg, "twice daily"
    # then "daily", are two facts.
    identity: ClassVar[tuple[str, ...]]

    doc: str
    evidence: list[Evidence] = Field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The view's fields (no evidence), as the gold files write them."""
        return self.model_dump(exclude={"evidence"})

    def key(self) -> tuple[Any, ...]:
        vals = []
        for f in self.identity:
            v = getattr(self, f)
            vals.append(tuple(v) if isinstance(v, list) else v)
        return (self.doc, *vals)


class DrugTarget(Fact):
    view: ClassVar[str] = "drug_targets"
    view_fields: ClassVar[tuple[str, ...]] = ("drug", "target")
    score_key: ClassVar[tuple[str, ...]] = ("drug", "target")
    identity: ClassVar[tuple[str, ...]] = ("drug", "target")
    drug: str
    target: str
    drug_id: str | None = None
    target_id: str | None = None


class Patient(Fact):
    view: ClassVar[str] = "patients"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "age", "sex", "diagnosis")
    score_key: ClassVar[tuple[str, ...]] = ("patient",)
    identity: ClassVar[tuple[str, ...]] = ("patient",)
    patient: int
    age: int | None = None
    sex: Literal["F", "M"] | None = None
    diagnosis: str | None = None


class Treatment(Fact):
    view: ClassVar[str] = "treatments"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "drugs", "regimen", "start", "end", "line")
    score_key: ClassVar[tuple[str, ...]] = ("patient", "drugs")
    identity: ClassVar[tuple[str, ...]] = ("patient", "drugs", "start", "end")
    patient: int | None = None
    drugs: list[str] = Field(default_factory=list)
    regimen: str | None = None
    start: str | None = None
    end: str | None = None
    line: int | None = None


class Dose(Fact):
    view: ClassVar[str] = "doses"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "drug", "amount", "unit", "frequency")
    score_key: ClassVar[tuple[str, ...]] = ("patient", "drug", "amount", "unit")
    identity: ClassVar[tuple[str, ...]] = ("patient", "drug", "amount", "unit", "frequency")
    patient: int | None = None
    drug: str
    amount: Amount
    unit: str
    frequency: str | None = None
    route: str | None = None  # not a view field; kept for the graph


class Response(Fact):
    view: ClassVar[str] = "responses"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "drugs", "regimen", "response")
    score_key: ClassVar[tuple[str, ...]] = ("patient", "drugs", "response")
    identity: ClassVar[tuple[str, ...]] = ("patient", "drugs", "response")
    patient: int | None = None
    drugs: list[str] = Field(default_factory=list)
    regimen: str | None = None
    response: ResponseCode


class Survival(Fact):
    view: ClassVar[str] = "survival"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "drugs", "endpoint", "value", "unit", "qualifier")
    score_key: ClassVar[tuple[str, ...]] = ("patient", "endpoint", "value", "unit")
    identity: ClassVar[tuple[str, ...]] = ("patient", "endpoint", "value", "unit", "qualifier")
    patient: int | None = None
    drugs: list[str] | None = None
    endpoint: str
    value: float
    unit: str
    qualifier: Qualifier = "="


class AdverseEvent(Fact):
    view: ClassVar[str] = "adverse_events"
    view_fields: ClassVar[tuple[str, ...]] = ("patient", "drug", "regimen", "event", "grade", "n", "percent")
    score_key: ClassVar[tuple[str, ...]] = ("drug", "event", "grade")
    identity: ClassVar[tuple[str, ...]] = ("patient", "drug", "event", "grade", "n", "percent")
    patient: int | None = None
    drug: DrugRef = None
    regimen: str | None = None
    event: str
    grade: str | None = None
    n: int | None = None
    percent: float | None = None


class CohortOutcome(Fact):
    view: ClassVar[str] = "cohort_outcomes"
    view_fields: ClassVar[tuple[str, ...]] = ("cohort", "drug", "measure", "value", "unit", "n", "N")
    score_key: ClassVar[tuple[str, ...]] = ("measure", "value")
    identity: ClassVar[tuple[str, ...]] = ("cohort", "measure", "value", "unit")
    cohort: str = "all"
    drug: DrugRef = None  # the regimen's drugs: one name, or the list for a combination
    measure: str
    value: float
    unit: str | None = None
    n: int | None = None
    N: int | None = None
    ci: list[float] | None = None
    p: float | str | None = None


FACT_TYPES: dict[str, type[Fact]] = {
    t.view: t
    for t in (DrugTarget, Patient, Treatment, Dose, Response, Survival, AdverseEvent, CohortOutcome)
}
VIEWS: tuple[str, ...] = tuple(FACT_TYPES)
"""The canonical views, once: every other list of views is derived from this one (in this order the graph is built)."""


class DocumentResult(BaseModel):
    """Everything extracted from one document (or why nothing was)."""

    doc: str
    path: str
    format: str | None = None  # text or xml
    title: str | None = None  # the article title, when the source has one (XML)
    kind_hint: str | None = None  # the publisher's article type (JATS article-type, PubMed PublicationType)
    accession: str | None = None  # PMCID or PMID the source carries
    kind: str | None = None  # case_report, case_series or cohort, as segment decided
    facts: list[Fact] = Field(default_factory=list)
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)


def drug_names(facts: Iterable[Fact]) -> list[str]:
    """Every drug name the facts mention (``drug`` or ``drugs``), sorted: the graph's Drug nodes they reach.

    The library indexes documents by these names, so a page of one drug's
    documents is read from the index instead of from every fact of the drug.
    """
    out: set[str] = set()
    for f in facts:
        for name in ("drug", "drugs"):
            v = getattr(f, name, None)
            if isinstance(v, str):
                out.add(v)
            elif isinstance(v, list):
                out.update(x for x in v if isinstance(x, str))
    out.discard("")
    return sorted(out)
