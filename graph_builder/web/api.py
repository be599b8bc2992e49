"""The JSON API (``/api/...``): what the pages draw and what scripts can call, described at ``/docs``.

Every handler reads; nothing writes.  Unknown ids are 404, values longer
than :data:`MAX_PARAM` are 413, values of the wrong type 422.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from ..load.oxigraph import OxigraphStore
from ..query import KnowledgeGraph, catalog
from ..query.api import PAGE_SIZE
from ..query.shaping import write_csv
from . import plots
from .facts import Facts
from .graph import MAX_NEIGHBOURS, GraphReader, UnknownNode
from .models import (
    AeSummary, DocumentInfo, DocumentText, FactEvidence, Neighbourhood, NodeInfo, Outcomes, QueryInfo,
    QueryResult, ResponseCounts, SearchResult, Timeline,
)
from .search import SearchIndex
from .texts import Library

MAX_PARAM = 500
MAX_ID = 1000


class Explorer:
    """Everything the API reads, opened once per server (the data directory is served read-only)."""

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        self.kg = KnowledgeGraph.open(self.data, "rdf")
        store = self.kg.store
        assert isinstance(store, OxigraphStore)  # what the "rdf" backend opens
        self.graph = GraphReader(store.open())
        self.library = Library(self.data)
        self.index = SearchIndex(self.graph, self.library)
        self.facts = Facts(self.graph, self.library)

    def close(self) -> None:
        self.kg.close()


router = APIRouter(prefix="/api", tags=["explorer"])
Id = Annotated[str, Query(min_length=1, description="A node id: its IRI after https://w3id.org/graph-builder/id/")]


def _x(request: Request) -> Explorer:
    return request.app.state.explorer


def _check_len(value: str, limit: int = MAX_PARAM) -> str:
    if len(value) > limit:
        raise HTTPException(413, f"value longer than {limit} characters")
    return value


def _doc(x: Explorer, doc: str) -> str:
    _check_len(doc, MAX_ID)
    if doc not in x.library.manifest.documents:
        raise HTTPException(404, "no document with this id in the library")
    return doc


@router.get("/search", response_model=SearchResult, summary="Drugs (INN, brand, code), targets, diseases, documents")
def search(request: Request, q: Annotated[str, Query(min_length=1)]) -> SearchResult:
    return _x(request).index.search(_check_len(q, 200))


@router.get("/nodes", response_model=NodeInfo, summary="One node: label, caption, properties")
def node(request: Request, id: Id) -> NodeInfo:  # noqa: A002 - the API's word for it
    try:
        return _x(request).graph.node(_check_len(id, MAX_ID))
    except UnknownNode:
        raise HTTPException(404, "no node with this id") from None


@router.get("/neighbourhood", response_model=Neighbourhood, summary="A node's neighbours, capped, with counts of the rest")
def neighbourhood(request: Request, id: Id,  # noqa: A002
                  limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURS)] = MAX_NEIGHBOURS,
                  offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                  types: Annotated[str, Query(description="Comma-separated labels to keep (empty: all)")] = ""
                  ) -> Neighbourhood:
    keep = {t.strip() for t in _check_len(types).split(",") if t.strip()}
    try:
        return _x(request).graph.neighbourhood(_check_len(id, MAX_ID), limit, offset, keep or None)
    except UnknownNode:
        raise HTTPException(404, "no node with this id") from None


@router.get("/evidence", response_model=FactEvidence, summary="A fact's evidence: sentence, paragraph, section, extractor")
def evidence(request: Request, id: Id) -> FactEvidence:  # noqa: A002
    try:
        return _x(request).facts.evidence(_check_len(id, MAX_ID))
    except UnknownNode:
        raise HTTPException(404, "no node with this id") from None


@router.get("/documents", response_model=list[DocumentInfo], summary="The library's documents")
def documents(request: Request) -> list[DocumentInfo]:
    return _x(request).library.documents()


@router.get("/documents/{doc:path}", response_model=DocumentText, summary="A document's text with every fact's span")
def document(request: Request, doc: str) -> DocumentText:
    x = _x(request)
    return x.facts.document(_doc(x, doc))


@router.get("/timeline/{doc:path}", response_model=Timeline, summary="Swimmer-plot data: lines, responses, AEs per patient")
def timeline(request: Request, doc: str) -> Timeline:
    x = _x(request)
    return plots.timeline(x.kg, _doc(x, doc))


@router.get("/drug-timeline", response_model=Timeline,
            summary="Swimmer-plot data of every patient who received a drug, across documents (capped, with `more`)")
def drug_timeline(request: Request, drug: Annotated[str, Query(min_length=1)],
                  limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Timeline:
    t = plots.drug_timeline(_x(request).kg, _check_len(drug, 200), limit)
    if not t.patients:
        raise HTTPException(404, "no patient in the library received this drug (give its INN, lower case)")
    return t


@router.get("/response-counts", response_model=ResponseCounts, summary="Response facts per drug or per target, by category")
def response_counts(request: Request, by: Annotated[str, Query(pattern="^(drug|target)$")] = "drug") -> ResponseCounts:
    return plots.response_counts(_x(request).kg, by)


@router.get("/outcomes", response_model=Outcomes, summary="Cohort outcomes, a page at a time; every hazard ratio with CIs for a forest plot")
def outcomes(request: Request, drug: str = "", limit: Annotated[int, Query(ge=1, le=5000)] = 500,
             offset: Annotated[int, Query(ge=0)] = 0) -> Outcomes:
    return plots.outcomes(_x(request).graph, _check_len(drug), limit, offset)


@router.get("/adverse-events", response_model=AeSummary, summary="Adverse events per drug × event × grade")
def adverse_events(request: Request, drug: str = "") -> AeSummary:
    return plots.adverse_events(_x(request).kg, _check_len(drug))


def _info(name: str) -> QueryInfo:
    cat = catalog()
    if name not in cat:
        raise HTTPException(404, "no saved query with this name")
    return QueryInfo.model_validate(cat[name].model_dump())


@router.get("/queries", response_model=list[QueryInfo], summary="Every saved query with its parameters and text")
def queries() -> list[QueryInfo]:
    return [_info(n) for n in catalog()]


@router.get("/queries/{name}", response_model=QueryInfo, summary="One saved query")
def query_info(name: str) -> QueryInfo:
    return _info(_check_len(name, 100))


@router.get("/queries/{name}/run", response_model=QueryResult,
            summary="Run a saved query (parameters as query-string fields); ?format=csv downloads CSV",
            responses={200: {"content": {"text/csv": {}}}})
def run_query(request: Request, name: str, format: str = "json",  # noqa: A002
              page: int = Query(0, ge=0, description="Page N (from 1) of the documents (of the drug, with drug=): "
                                "the rows (of a view or a per-document question), page_size documents at a time; 0 for every row."),
              page_size: int = Query(PAGE_SIZE, ge=1, le=1000, description="Documents per page.")) -> Any:
    info = _info(_check_len(name, 100))
    params = {k: _check_len(v) for k, v in request.query_params.items() if k not in ("format", "page", "page_size")}
    if format not in ("json", "csv"):
        raise HTTPException(422, "format is json or csv")
    documents: list[str] | None = None
    try:
        if page:
            got = _x(request).kg.page(name, page=page, size=page_size, **params)
            rows, documents = got.dicts(), got.documents
        else:
            rows = _x(request).kg.query(name, **params).dicts()
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    columns = list(info.columns)
    bound = {p.name: params.get(p.name, p.default) for p in info.parameters}
    if format == "csv":
        return Response(_csv(rows, columns), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return QueryResult(name=name, parameters=bound, columns=columns + (["evidence"] if info.kind == "view" else []),
                       rows=rows, page=page or None, documents=documents)


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """The same CSV as ``kg query --format csv`` (:func:`~graph_builder.query.shaping.write_csv`)."""
    buf = io.StringIO()
    write_csv(rows, buf, columns)
    return buf.getvalue()
