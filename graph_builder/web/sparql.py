"""The SPARQL endpoint beside the explorer: Oxigraph's read-only server on a private loopback port, behind a guard.

Issue 12 found the stock endpoint could be made to fetch any address
(``SERVICE``), ran queries forever and ignored the Host header.  Here every
query is parsed (rdflib's SPARQL parser, not a text search) and refused
with 400 when it is not a query or calls ``SERVICE`` anywhere; Oxigraph
runs with ``--timeout-s``; the Host check is the app's middleware.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..servers.arcadedb import free_port, port_open

MAX_QUERY = 100_000


class RefusedQuery(ValueError):
    """A query the endpoint will not run (the API answers 400 with the reason)."""


def _walk(node: Any, seen: set[int]) -> bool:
    """True if the parsed query or its algebra holds a SERVICE clause anywhere."""
    if id(node) in seen:
        return False
    seen.add(id(node))
    name = getattr(node, "name", None)
    if name in ("ServiceGraphPattern", "ServiceGraphPattern_", "Service"):
        return True
    from pyparsing import ParseResults

    if isinstance(node, dict):
        return any(_walk(v, seen) for v in node.values())
    if isinstance(node, ParseResults):
        return any(_walk(v, seen) for v in node) or any(_walk(v, seen) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_walk(v, seen) for v in node)
    return False


def check_query(text: str) -> None:
    """Refuse what is not a single read query, or calls SERVICE; a parse error is a refusal too."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(text) > MAX_QUERY:
        raise RefusedQuery(f"query longer than {MAX_QUERY} characters")
    try:
        parsed = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except ParseException:
            raise RefusedQuery(f"not a SPARQL query: {e.msg} (line {e.lineno}, column {e.col})") from None
        raise RefusedQuery("updates are refused: the endpoint is read-only") from None
    except Exception as e:  # noqa: BLE001 - rdflib raises assorted errors on odd input
        raise RefusedQuery(f"not a SPARQL query: {type(e).__name__}") from None
    if _walk(parsed, set()):
        raise RefusedQuery("SERVICE is refused: this endpoint does not query other endpoints")


def _die_with_parent() -> None:
    """In the child: the kernel sends SIGTERM when ``kg serve`` dies, so no orphan server is left (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class OxigraphServer:
    """``oxigraph serve-read-only`` on a free loopback port, started and stopped by the app."""

    def __init__(self, data: Path, timeout_s: int = 30) -> None:
        self.location = Path(data) / "oxigraph"
        self.timeout_s = timeout_s
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 20) -> OxigraphServer:
        exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        if not Path(exe).exists():
            raise FileNotFoundError("the oxigraph server is not installed (pip install oxigraph)")
        self.port = free_port()
        self.proc = subprocess.Popen(
            [exe, "serve-read-only", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             "--timeout-s", str(self.timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = (self.proc.stderr.read() if self.proc.stderr else b"").decode(errors="replace").strip()
                raise RuntimeError(f"oxigraph exited: {err.splitlines()[-1] if err else self.proc.returncode}")
            if port_open(self.port, timeout=0.2):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not listen on port {self.port} within {wait:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


router = APIRouter(tags=["sparql"])
_FORWARD = ("accept",)


async def _query_text(request: Request) -> str:
    if request.method == "GET":
        q = request.query_params.get("query")
    else:
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        body = await request.body()
        if len(body) > MAX_QUERY * 3:
            raise HTTPException(413, "query too large")
        if ctype == "application/sparql-query":
            q = body.decode("utf-8", errors="replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = await request.form()
            if "update" in form:
                raise HTTPException(400, "updates are refused: the endpoint is read-only")
            q = form.get("query")  # type: ignore[assignment]
        else:
            raise HTTPException(415, "send the query as application/sparql-query or a form field `query`")
    if not q or not isinstance(q, str):
        raise HTTPException(400, "no query: give ?query=… (SPARQL 1.1 protocol)")
    if len(q) > MAX_QUERY:
        raise HTTPException(413, f"query longer than {MAX_QUERY} characters")
    return q


@router.get("/sparql", summary="SPARQL 1.1 query (?query=…), read-only, no SERVICE, time-limited")
async def sparql_get(request: Request) -> Response:
    return await _run(request)


@router.post("/sparql", summary="SPARQL 1.1 query (form field or application/sparql-query body)")
async def sparql_post(request: Request) -> Response:
    return await _run(request)


# Oxigraph's own path, so clients of the former `kg serve` (KnowledgeGraph.connect_sparql(base)) keep working
router.add_api_route("/query", sparql_get, methods=["GET"], include_in_schema=False)
router.add_api_route("/query", sparql_post, methods=["POST"], include_in_schema=False)


async def _run(request: Request) -> Response:
    """Run a SPARQL query on the data directory's store, through Oxigraph with a time limit."""
    text = await _query_text(request)
    try:
        check_query(text)
    except RefusedQuery as e:
        raise HTTPException(400, str(e)) from None
    server: OxigraphServer | None = request.app.state.sparql
    if server is None:
        raise HTTPException(503, "the SPARQL endpoint is not running (kg serve --no-sparql)")
    headers = {k: v for k, v in request.headers.items() if k.lower() in _FORWARD}
    headers.setdefault("accept", "application/sparql-results+json")
    async with httpx.AsyncClient(timeout=server.timeout_s + 5) as client:
        try:
            r = await client.post(server.url + "/query", data={"query": text}, headers=headers)
        except httpx.TimeoutException:
            raise HTTPException(504, f"query ran past {server.timeout_s} s") from None
    return Response(r.content, status_code=r.status_code,
                    media_type=r.headers.get("content-type", "application/octet-stream"))
