"""``create_app``: the explorer's FastAPI app over one data directory, and ``serve`` to run it with uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from . import api, pages, sparql
from .security import GuardMiddleware, allowed_hosts


def create_app(data: Path, host: str = "127.0.0.1", port: int = 8000, sparql_endpoint: bool = True,
               sparql_timeout: int = 30, extra_hosts: tuple[str, ...] = ()) -> FastAPI:
    """The app; the store is opened read-only and Oxigraph's endpoint started when the app starts."""
    data = Path(data)
    if not (data / "oxigraph").exists():
        raise FileNotFoundError(f"{data / 'oxigraph'}: no RDF store; run `kg build DOCS --data {data}` first")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.explorer = api.Explorer(data)
        app.state.sparql = sparql.OxigraphServer(data, sparql_timeout).start() if sparql_endpoint else None
        try:
            yield
        finally:
            if app.state.sparql is not None:
                app.state.sparql.stop()
            app.state.explorer.close()

    app = FastAPI(title="graph-builder explorer", lifespan=lifespan,
                  description=f"Read-only explorer of the knowledge graph in `{data}`: search, neighbourhoods, "
                              "evidence, documents, saved queries, plots' data, and a SPARQL endpoint at /sparql.")
    app.state.data = data
    app.include_router(api.router)
    app.include_router(sparql.router)
    app.include_router(pages.router)
    app.add_middleware(GuardMiddleware, hosts=allowed_hosts(host, extra_hosts))
    return app


def serve(data: Path, host: str = "127.0.0.1", port: int = 8000, sparql_endpoint: bool = True,
          sparql_timeout: int = 30) -> None:
    import uvicorn

    app = create_app(data, host, port, sparql_endpoint, sparql_timeout)
    uvicorn.run(app, host=host, port=port, log_level="warning")
