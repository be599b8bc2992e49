"""The pages and their assets: one HTML shell per page, the project's own scripts, and npm packages from node_modules.

Third-party scripts are looked up in ``graph_builder/web/static/vendor``
(filled by ``make web-assets`` for an installed package) and then in the
checkout's ``node_modules`` (``make node-deps``); nothing is fetched from
the network, so the explorer works offline.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

STATIC = Path(__file__).with_name("static")
_PLOTTING = ("/vendor/vega.min.js", "/vendor/vega-lite.min.js", "/vendor/vega-embed.min.js", "/static/plots.js")
# page -> (title, the scripts it needs after common.js); every page is the same shell filled in by its own script
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search": ("Search the graph", ("/static/search.js",)),
    "graph": ("Graph", ("/vendor/cytoscape.min.js", "/static/graph.js")),
    "evidence": ("Evidence", ("/static/evidence.js",)),
    "document": ("Document", ("/static/document.js",)),
    "timeline": ("Patient timelines", (*_PLOTTING, "/static/timeline.js")),
    "outcomes": ("Study outcomes", (*_PLOTTING, "/static/outcomes.js")),
    "queries": ("Saved queries", ("/static/queries.js",)),
    "sparql-editor": ("SPARQL", ("/static/sparql-editor.js",)),
}
# served name -> file inside node_modules (an explicit list: nothing else of node_modules is reachable)
VENDOR = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}


def node_modules() -> list[Path]:
    """Where npm packages may be: $GRAPH_BUILDER_NODE_MODULES, the package's vendor copy, the checkout's node_modules."""
    out = [Path(p) for p in os.environ.get("GRAPH_BUILDER_NODE_MODULES", "").split(os.pathsep) if p]
    return out + [Path(__file__).resolve().parents[2] / "node_modules"]


def vendor_file(name: str) -> Path | None:
    if name not in VENDOR:
        return None
    copied = STATIC / "vendor" / name
    if copied.is_file():
        return copied
    for root in node_modules():
        p = root / VENDOR[name]
        if p.is_file():
            return p
    return None


router = APIRouter(include_in_schema=False)


def page_html(name: str) -> str:
    """A page's HTML: the shared shell (navigation, title, a "Loading…" placeholder) and its scripts; no inline script."""
    title, scripts = PAGES[name]
    tags = "".join(f'<script src="{escape(src)}"></script>\n' for src in ("/static/common.js", *scripts))
    return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{escape(title)} · graph-builder</title><link rel="icon" href="data:,">'
            '<link rel="stylesheet" href="/static/app.css"></head>\n'
            f'<body><nav id="nav"></nav><main id="main"><h1 id="title">{escape(title)}</h1>'
            '<div id="content"><p class="muted">Loading…</p></div></main>\n'
            f'{tags}</body></html>\n')


def _page(name: str) -> HTMLResponse:
    return HTMLResponse(page_html(name))


@router.get("/")
def index() -> HTMLResponse:
    return _page("search")


@router.get("/{page}")
def page(page: str) -> HTMLResponse:
    if page not in PAGES:
        raise HTTPException(404, "no such page")
    return _page(page)


@router.get("/vendor/{name}")
def vendor(name: str) -> FileResponse:
    p = vendor_file(name)
    if p is None:
        raise HTTPException(404, "not a vendored script (run `make node-deps`)")
    return FileResponse(p, media_type="text/javascript; charset=utf-8")


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    p = STATIC / name
    if "/" in name or name.startswith(".") or not p.is_file():
        raise HTTPException(404, "no such file")
    media = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}.get(p.suffix[1:], "text/plain")
    return FileResponse(p, media_type=media)
