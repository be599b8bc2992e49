"""The ``kg`` command line: build, query, eval."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import textwrap
import threading
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .emit import StatementStore, statement_view_rows, view_rows
from .limits import Limits
from .models import VIEWS
from .read import walk

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Evidence-backed oncology knowledge graph builder.")
err = Console(stderr=True)
out = Console()

DataOpt = Annotated[Path, typer.Option("--data", help="Data directory.")]


def _fail(msg: str) -> NoReturn:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(2)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"graph-builder {version('graph-builder')}")
        raise typer.Exit()


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM/SIGHUP end the command the way an error does: ``with`` blocks unwind.

    So a build's lease on the graph server is released (stopping a server
    only it used), its pool and staging files are cleaned up.  A second
    signal is ignored rather than allowed to cut that cleanup short (SIGKILL
    still works).
    """
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    os.write(2, f"{signal.Signals(signum).name}: stopping cleanly\n".encode())  # no buffered I/O in a handler
    raise SystemExit(128 + signum)


@app.callback()
def _main(ctx: typer.Context,
          version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                help="Print the installed version and exit.")] = False) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}

    def restore() -> None:  # the command ran inside a longer-lived process (tests, an embedding program)
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    ctx.call_on_close(restore)


def _reap(data: Path) -> None:
    """Stop the data directory's graph server if every command that used it was killed (SIGKILL runs no cleanup).

    Called by the commands that do not use the server themselves; one that
    does reuses it and stops it when it lets go.
    """
    from .servers.arcadedb import EmbeddedArcadeDB

    try:
        if EmbeddedArcadeDB(data).stop_if_abandoned():
            typer.echo(f"stopped the graph server of {data}, left running by a killed command", err=True)
    except OSError:
        pass  # a data directory we cannot write: nothing of ours to stop


@app.command()
def build(docs: Annotated[list[Path], typer.Argument(help="Files or folders.")],
          data: DataOpt = Path("kg-data"),
          rdf: Annotated[bool, typer.Option("--rdf/--no-rdf", help="Load the Oxigraph store.")] = True,
          bolt: Annotated[bool, typer.Option("--bolt/--no-bolt", help="Load over Bolt (NEO4J_URI or the embedded server).")] = True,
          jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = 0,
          scheduler: Annotated[str, typer.Option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT.")] = "",
          replace: Annotated[bool, typer.Option("--replace", help="Make the library exactly DOCS (remove every other document).")] = False,
          again: Annotated[bool, typer.Option("--rebuild", help="Re-extract DOCS even where their content is unchanged.")] = False,
          id_from: Annotated[str, typer.Option("--id-from", help="name: a PMID/PMCID or the file stem (default); "
                                                                 "path: the file's path without suffix (a/case, b/case)")] = "name",
          max_seconds: Annotated[Optional[float], typer.Option(
              "--max-seconds", help="Time budget to read and extract one document (default 60, or "
                                    "GRAPH_BUILDER_MAX_SECONDS; 0: none); a document over it is skipped with the reason.")] = None,
          follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks",
                                                        help="Read what symbolic links point to (skipped by default).")] = False,
          reload: Annotated[bool, typer.Option("--reload", help="Load every store whole from the library, "
                                                                "not just the changed documents.")] = False,
          ) -> None:
    """Add DOCS to the library in the data directory (new and changed documents are extracted) and update the stores."""
    if id_from not in ("name", "path"):
        _fail("--id-from is name or path")
    try:
        limits = Limits.from_env(max_seconds=max_seconds)
    except ValueError as e:
        _fail(str(e))
    _run_build(docs, data, rdf, bolt, jobs, scheduler, replace=replace, rebuild=again, id_from=id_from, limits=limits,
               follow_symlinks=follow_symlinks, reload=reload)


@app.command()
def rebuild(data: DataOpt = Path("kg-data"),
            rdf: Annotated[bool, typer.Option("--rdf/--no-rdf", help="Load the Oxigraph store.")] = True,
            bolt: Annotated[bool, typer.Option("--bolt/--no-bolt", help="Load over Bolt (NEO4J_URI or the embedded server).")] = True,
            jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = 0) -> None:
    """Re-extract every document of the library from its source file (after a vocabulary or code change)."""
    from . import service

    paths = service.sources(data)
    if not paths:
        _fail(f"{data}: the library is empty")
    gone = [p for p in paths if not p.exists()]
    for p in gone:
        typer.echo(f"{p}: source file is gone; its document keeps its current statements", err=True)
    _run_build([p for p in paths if p.exists()], data, rdf, bolt, jobs, "", rebuild=True, reload=True)


@app.command()
def remove(ids: Annotated[list[str], typer.Argument(help="Document ids (see `kg docs`).")],
           data: DataOpt = Path("kg-data"),
           rdf: Annotated[bool, typer.Option("--rdf/--no-rdf", help="Update the Oxigraph store.")] = True,
           bolt: Annotated[bool, typer.Option("--bolt/--no-bolt", help="Update the Bolt store.")] = True) -> None:
    """Take documents out of the library and out of the graph stores."""
    from . import service

    stores = [name for name, wanted in (("rdf", rdf), ("bolt", bolt)) if wanted]
    if not bolt:
        _reap(data)
    try:
        summary = service.remove_documents(ids, data, stores=stores)
    except service.StoreLoadError as e:
        _fail(str(e))
    for p in summary.skipped:
        typer.echo(str(p), err=True)
    _print_summary(summary)
    if not summary.removed:
        raise typer.Exit(1)


@app.command("docs")
def list_docs(data: DataOpt = Path("kg-data"),
              fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """List the library's documents: id, source, format, kind, title, facts and when they were built."""
    from .emit.store import extractor_version

    _reap(data)
    store = StatementStore(data)
    if not store.exists():
        _fail(f"{data}: no library; run `kg build DOCS --data {data}` first")
    m = store.manifest()
    if fmt == "json":  # streamed from the index, in id order: the same text as one json.dump of the list
        first = True
        for e in m.documents.values():
            sys.stdout.write(("[\n" if first else ",\n") + textwrap.indent(
                json.dumps(dataclasses.asdict(e), ensure_ascii=False, indent=1), " "))
            first = False
        sys.stdout.write("[]\n" if first else "\n]\n")
        return
    t = Table("id", "source", "format", "PMID/PMCID", "kind", "title", "facts", "built")
    for e in m.documents.values():
        t.add_row(e.id, e.source + (f" (article {e.part + 1})" if e.part is not None else ""), e.format or "",
                  e.accession or "", e.kind or "", (e.title or "")[:60], str(sum(e.facts.values())), e.built)
    out.print(t)
    due = m.documents.built_by_other(extractor_version())
    if due:
        typer.echo(f"{due} document(s) were built by another extractor version: `kg rebuild --data {data}` is due", err=True)
    for name, state in sorted(m.stores.items()):
        if state.pending:
            typer.echo(f"{name}: {len(state.pending)} document(s) not loaded yet; the next `kg build` catches up", err=True)


def _run_build(docs: list[Path], data: Path, rdf: bool, bolt: bool, jobs: int, scheduler: str,
               rebuild: bool = False, replace: bool = False, id_from: str = "name", follow_symlinks: bool = False,
               limits: Limits | None = None, reload: bool = False) -> None:
    from . import service

    missing = [p for p in docs if not p.exists()]
    for p in missing:
        typer.echo(f"{p}: no such file or directory", err=True)
    present = [p for p in docs if p.exists()]
    if next(walk(present, follow_symlinks), None) is None:
        _fail("nothing to read")
    paths = present  # the build finds the documents, and lists every file it cannot take
    if scheduler:
        from .parallel import require_dask

        try:
            require_dask()
        except ImportError as e:
            _fail(str(e))
    stores = [name for name, wanted in (("rdf", rdf), ("bolt", bolt)) if wanted]
    if not bolt:
        _reap(data)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("extracting", total=None)  # a PubMed or PMC set holds many documents per file
        loading: dict[str, TaskID] = {}

        def on_document(p: Path, r) -> None:
            for warning in r.warnings:
                typer.echo(f"{p}: warning: {warning}", err=True)
            bar.advance(task)

        def on_load(store: str, n: int) -> None:
            if store not in loading:
                loading[store] = bar.add_task(f"loading {store}", total=None)
            bar.advance(loading[store], n)

        try:
            summary = service.build(paths, data, stores=stores, jobs=jobs or None, scheduler=scheduler or None,
                                    on_document=on_document, rebuild=rebuild, replace=replace, progress=on_load,
                                    id_from=id_from, follow_symlinks=follow_symlinks, limits=limits, reload=reload)
        except service.StoreLoadError as e:
            _fail(str(e))
    for skip in summary.skipped:  # every file or article not in the library, one line each: path: reason
        typer.echo(str(skip), err=True)
    _print_summary(summary)
    if summary.documents == 0:
        raise typer.Exit(1)


def _print_summary(summary) -> None:
    """The closing table: what happened to the documents, and to each store."""
    typer.echo(summary.line(), err=True)
    t = Table("", "added", "updated", "unchanged", "removed", "failed", title="library", title_justify="left")
    t.add_row("documents", str(len(summary.added)), str(len(summary.updated)), str(len(summary.unchanged)),
              str(len(summary.removed)), str(len(summary.skipped)))
    err.print(t)
    if summary.loads:
        t = Table("store", "update", "written", "where", title="stores", title_justify="left")
        for name, r in summary.loads.items():
            how = f"{r.detail['documents']} document(s) replaced" if "documents" in r.detail else "loaded whole"
            t.add_row(name, how, f"{r.items} {'triples' if name == 'rdf' else 'rows'}", r.server or r.location)
        err.print(t)
    if summary.rebuild_due:
        typer.echo(f"{summary.rebuild_due} document(s) were built by another extractor version: "
                   "`kg rebuild` is due", err=True)


class Format(str, Enum):
    json = "json"
    table = "table"
    csv = "csv"


class Backend(str, Enum):
    statements = "statements"
    rdf = "rdf"
    rdflib = "rdflib"
    bolt = "bolt"


def _open_graph(data: Path, backend: Backend):
    """The data directory's graph in one store; close it (a store that started a server stops it).

    Over Bolt, a server left running by `kg db start` is reused (a query then
    costs what the query costs); otherwise one is started for this command
    and stopped after it, which takes seconds — said, so the user knows why.
    """
    from .query import KnowledgeGraph

    if backend is Backend.bolt:
        from .servers.arcadedb import EmbeddedArcadeDB, target_from_env

        if target_from_env() is None and not EmbeddedArcadeDB(data).status().get("running", False):
            typer.echo(f"starting the embedded graph server for this query (`kg db start --data {data}` keeps one "
                       "running for the next ones)", err=True)
    return KnowledgeGraph.open(data, backend.value)


def _view_rows_from(data: Path, backend: Backend, view: str, params: dict | None = None) -> list[dict]:
    if backend is Backend.statements:
        return view_rows(StatementStore(data).facts(), view)
    with _open_graph(data, backend) as kg:
        return kg.query(view, **(params or {})).dicts()


@app.command("queries")
def list_queries() -> None:
    """List the saved queries with their parameters."""
    from .query import catalog

    t = Table("name", "kind", "title", "parameters")
    for q in catalog().values():
        t.add_row(q.name, q.kind, q.title, ", ".join(f"{p.name}:{p.type}={p.default!r}" for p in q.parameters))
    out.print(t)


@app.command()
def query(name: Annotated[str, typer.Argument(help="A saved query (see `kg queries`) or a canonical view.")],
          param: Annotated[list[str], typer.Option("-p", "--param", help="key=value, repeatable.")] = [],  # noqa: B006
          data: DataOpt = Path("kg-data"),
          backend: Annotated[Backend, typer.Option("--backend")] = Backend.statements,
          fmt: Annotated[Format, typer.Option("--format")] = Format.json,
          page: Annotated[int, typer.Option("--page", help="Only page N (from 1) of the documents (of the drug, "
                                             "with -p drug=...): a view's or a per-document question's rows, --page-size documents at a time.")] = 0,
          page_size: Annotated[int, typer.Option("--page-size", help="Documents per page.")] = 10) -> None:
    """Run a saved query (or print a canonical view) on a backend."""
    from .query import catalog

    params = {}
    for p in param:
        if "=" not in p:
            _fail(f"parameter {p!r} is not key=value")
        k, v = p.split("=", 1)
        params[k] = v
    if backend is not Backend.bolt:
        _reap(data)
    cat = catalog()
    if name not in cat:
        _fail(f"no saved query {name!r}; `kg queries` lists them")
    try:
        if page and "docs" in params:
            _fail("--page chooses its own documents: give --page or -p docs=..., not both")
        if backend is Backend.statements:
            if cat[name].kind != "view":
                _fail(f"{name!r} runs on a graph backend: use --backend rdf, rdflib or bolt")
            bound = cat[name].bind(params)
            if page:
                bound["docs"] = StatementStore(data).page_documents(page, page_size, bound.get("drug") or "")
                if not bound["docs"]:
                    _print_rows([], fmt)
                    return
            rows = statement_view_rows(StatementStore(data), name, bound)
        else:
            with _open_graph(data, backend) as kg:
                rows = (kg.page(name, page=page, size=page_size, **params) if page else kg.query(name, **params)).dicts()
    except (ValueError, KeyError, FileNotFoundError) as e:
        _fail(str(e).strip("'\""))
    except typer.Exit:
        raise
    except Exception as e:  # noqa: BLE001 - a backend failure is one line, not a traceback
        _fail(f"{backend.value} backend failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    _print_rows(rows, fmt)


def _print_rows(rows: list[dict], fmt: Format) -> None:
    from .query.shaping import evidence_text, write_csv

    if fmt is Format.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return
    cols = [k for k in (rows[0] if rows else {}) if k != "evidence"]
    if fmt is Format.csv:
        write_csv(rows, sys.stdout, cols)
        return
    t = Table(*cols, *(["evidence"] if rows and "evidence" in rows[0] else []))
    for r in rows:
        ev = [evidence_text(r["evidence"][0])[:80] if r["evidence"] else ""] if "evidence" in r else []
        t.add_row(*[str(r[c]) for c in cols], *ev)
    out.print(t)


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files.")],
             data: DataOpt = Path("kg-data"),
             backend: Annotated[Backend, typer.Option("--backend", help="Read the answers through the saved views of this backend.")] = Backend.statements,
             as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
             misses: Annotated[bool, typer.Option("--misses", help="Also list missed, extra and mismatched rows.")] = False) -> None:
    """Precision, recall and F1 per view against gold files."""
    from .evaluate import load_gold, score

    if backend is not Backend.bolt:
        _reap(data)
    try:
        gold_rows = load_gold(gold)
        pred: dict[str, dict[str, list]] = {}
        for v in VIEWS:
            for row in _view_rows_from(data, backend, v):
                pred.setdefault(row["doc"], {}).setdefault(v, []).append(row)
    except (FileNotFoundError, ValueError) as e:
        _fail(str(e))
    report = score(gold_rows, pred)
    if as_json:
        out.print_json(report.to_json())
    else:
        report.render(out, title=f"{gold} vs {data}")
        if misses:
            report.render_misses(out)


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    csv = "csv"
    grass = "grass"
    guide = "guide"


@app.command()
def export(fmt: Annotated[ExportFormat, typer.Argument(help="ttl, nt, trig, jsonld, graphml, csv (neo4j-admin), grass, guide (Neo4j Browser)")],
           out: Annotated[Path, typer.Argument(help="Output file (or folder for csv).")],
           data: DataOpt = Path("kg-data")) -> None:
    """Export the graph: RDF serialisations, GraphML, neo4j-admin CSVs, or a Neo4j Browser style sheet."""
    from .graph import export as ex
    from .load.contract import open_store
    from .service import graph_of

    _reap(data)
    try:
        if fmt.value in ("ttl", "nt", "trig", "jsonld"):
            with open_store("rdf", data) as store:
                store.export(out, fmt.value)
        elif fmt is ExportFormat.graphml:
            ex.write_graphml(graph_of(data), out)
        elif fmt is ExportFormat.csv:
            from .load.tallies import cypher_script, drugs_in

            g = graph_of(data)
            ex.write_admin_csv(g, out)
            (out / "tallies.cypher").write_text(cypher_script(drugs_in([g])), encoding="utf-8")
            with (out / "IMPORT.txt").open("a", encoding="utf-8") as fh:
                fh.write("Then add the per-drug tallies the one-drug summaries read:\n  cypher-shell -f tallies.cypher\n")
        elif fmt is ExportFormat.guide:
            from .query.guide import write_guide

            write_guide(out)
        else:
            ex.write_grass(out)
    except FileNotFoundError as e:
        _fail(str(e))
    typer.echo(str(out))


class PlotKind(str, Enum):
    swimmer = "swimmer"
    forest = "forest"
    ae_heatmap = "ae-heatmap"
    responses = "responses"


@app.command()
def plot(kind: Annotated[PlotKind, typer.Argument(help="swimmer (one document), forest, ae-heatmap, responses")],
         out: Annotated[Path, typer.Option("--out", "-o", help="The figure: .svg or .png")],
         doc: Annotated[str, typer.Option(help="The document of a swimmer plot.")] = "",
         drug: Annotated[str, typer.Option(help="Only this drug (forest, ae-heatmap); swimmer: its patients.")] = "",
         by: Annotated[str, typer.Option(help="responses: count by drug or by target.")] = "drug",
         data: DataOpt = Path("kg-data")) -> None:
    """Write one of the explorer's plots as a file for a paper or a notebook (matplotlib, the [plot] extra)."""
    from . import figures
    from .query import KnowledgeGraph

    _reap(data)
    if kind is PlotKind.swimmer and bool(doc) == bool(drug):
        _fail("a swimmer plot is of one document or of one drug's patients: give --doc (`kg docs` lists them) or --drug")
    try:
        figures.check_out(out)  # before any work: a wrong suffix is the user's to fix at once
        with KnowledgeGraph.open(data) as kg:
            fig = {PlotKind.swimmer: lambda: figures.swimmer(kg, doc, drug), PlotKind.forest: lambda: figures.forest(kg, drug),
                   PlotKind.ae_heatmap: lambda: figures.ae_heatmap(kg, drug),
                   PlotKind.responses: lambda: figures.responses(kg, by)}[kind]()
            typer.echo(str(figures.save(fig, out)))
    except (FileNotFoundError, ValueError, ImportError) as e:
        _fail(str(e))


@app.command()
def serve(data: DataOpt = Path("kg-data"),
          host: Annotated[str, typer.Option(help="Address to bind (loopback unless told otherwise).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port of the explorer.")] = 8000,
          sparql: Annotated[bool, typer.Option("--sparql/--no-sparql", help="The SPARQL endpoint at /sparql.")] = True,
          sparql_timeout: Annotated[int, typer.Option("--timeout", help="SPARQL query time limit, seconds.")] = 30) -> None:
    """Serve the web explorer over the data directory, read-only, with a SPARQL endpoint at /sparql."""
    try:
        from .web.app import serve as run
    except ImportError as e:
        _fail(f"kg serve needs the web extra ({e.name} is missing): pip install 'graph-builder[web]'")
    _reap(data)
    if not (data / "oxigraph").exists():
        _fail(f"{data / 'oxigraph'}: no RDF store; run `kg build DOCS --data {data}` first")
    if not 0 < sparql_timeout <= 3600:
        _fail("--timeout is 1 to 3600 seconds")
    where = f"[{host}]" if ":" in host else host
    typer.echo(f"serving {data} read-only on http://{where}:{port}/ (API docs /docs"
               + (f", SPARQL /sparql with a {sparql_timeout} s limit" if sparql else "") + "; Ctrl-C to stop)")
    run(data, host, port, sparql, sparql_timeout)


@app.command()
def bench(sizes: Annotated[str, typer.Option(help="Generated corpus sizes, comma-separated.")] = "100,1000,10000,100000",
          out: Annotated[Path, typer.Option(help="JSON report.")] = Path("bench/results.json"),
          bolt: Annotated[bool, typer.Option("--bolt/--no-bolt")] = True,
          load_max: Annotated[int, typer.Option(help="Time loading up to this corpus size.")] = 1_000,
          query_max: Annotated[int, typer.Option(help="Time saved queries up to this corpus size.")] = 1_000,
          rdflib_max: Annotated[int, typer.Option(help="Time rdflib queries up to this corpus size.")] = 100,
          incremental: Annotated[str, typer.Option(help="LIBRARY,ADDED: time adding ADDED documents to a library "
                                                        "of LIBRARY against a fresh build of all (empty: skip).")] = "10000,100",
          streaming: Annotated[str, typer.Option(help="PubMed set sizes for the streaming reader's memory (empty: skip).")] = "1000,30000",
          tokenizer: Annotated[int, typer.Option(help="Generated documents to time extraction on beside spaCy's "
                                                      "tokenizer + sentencizer, with dev and dev2 (0: skip).")] = 1_000,
          whole_build: Annotated[str, typer.Option(help="Sizes (among --sizes) at which a whole kg build, both stores "
                                                        "included, is run for its peak memory (empty: skip).")] = "1000,100000",
          shared: Annotated[Path | None, typer.Option(help="The folder holding corpus/seeds, dev and dev2 "
                                                           "(default: ../shared beside the checkout).")] = None,
          ) -> None:
    """Benchmark extraction, loading (beside each store's bulk path), saved-query latency and library updates."""
    from .bench.run import markdown, render, run

    counts = [int(x) for x in incremental.split(",")] if incremental.strip() else []
    if counts and len(counts) != 2:
        _fail("--incremental takes LIBRARY,ADDED (e.g. 10000,100)")
    inc = (counts[0], counts[1]) if counts else None
    report = run([int(x) for x in sizes.split(",") if x.strip()], out, bolt=bolt, load_max=load_max, query_max=query_max,
                 rdflib_max=rdflib_max, incremental=inc,
                 streaming=tuple(int(x) for x in streaming.split(",") if x.strip()) or None, tokenizer=tokenizer,
                 whole_build=tuple(int(x) for x in whole_build.split(",") if x.strip()), shared=shared)
    render(report, out_console := Console(width=160))
    out.with_suffix(".md").write_text(markdown(report) + "\n", encoding="utf-8")
    out_console.print(f"written {out} and {out.with_suffix('.md')}")


db_app = typer.Typer(help="The embedded Bolt server (ArcadeDB with its Neo4j-compatible Bolt plugin).")
app.add_typer(db_app, name="db")


@db_app.command("start")
def db_start(data: DataOpt = Path("kg-data")) -> None:
    """Start the embedded server (kept running until `kg db stop`)."""
    from .servers.arcadedb import EmbeddedArcadeDB

    server = EmbeddedArcadeDB(data)
    t = server.acquire(keep=True)
    server.release()  # the kept server outlives this command's lease
    typer.echo(f"{t.uri} user={t.user} database={t.database}")


@db_app.command("stop")
def db_stop(data: DataOpt = Path("kg-data")) -> None:
    """Stop the embedded server."""
    from .servers.arcadedb import EmbeddedArcadeDB

    typer.echo("stopped" if EmbeddedArcadeDB(data).stop() else "not running")


@db_app.command("status")
def db_status(data: DataOpt = Path("kg-data")) -> None:
    """Whether the embedded server runs, its ports and agent."""
    from .servers.arcadedb import EmbeddedArcadeDB

    _reap(data)
    out.print_json(json.dumps(EmbeddedArcadeDB(data).status(), default=str))


if __name__ == "__main__":
    app()
