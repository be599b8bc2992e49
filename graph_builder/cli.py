"""The ``kg`` command line: build, query, eval."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .emit import StatementStore, view_rows
from .models import VIEWS
from .pipeline import extract_document
from .read import iter_documents

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Evidence-backed oncology knowledge graph builder.")
err = Console(stderr=True)
out = Console()

DataOpt = Annotated[Path, typer.Option("--data", help="Data directory.")]


def _fail(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(2)


@app.command()
def build(docs: Annotated[list[Path], typer.Argument(help="Files or folders.")],
          data: DataOpt = Path("kg-data")) -> None:
    """Read, extract and keep the statements of DOCS in the data directory."""
    missing = [p for p in docs if not p.exists()]
    for p in missing:
        typer.echo(f"{p}: no such file or directory", err=True)
    paths = list(iter_documents([p for p in docs if p.exists()]))
    if not paths:
        _fail("nothing to read")
    store = StatementStore(data)
    counts: Counter[str] = Counter()
    read = skipped = 0
    with store.writer() as w, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                       TimeElapsedColumn(), console=err, disable=len(paths) < 20) as bar:
        task = bar.add_task("extracting", total=len(paths))
        for p in paths:
            r = extract_document(p)
            if r.error:
                skipped += 1
                typer.echo(f"{p}: {r.error}", err=True)
            else:
                read += 1
                counts.update(f.view for f in r.facts)
                for warning in r.warnings:
                    typer.echo(f"{p}: warning: {warning}", err=True)
                w.write(r)
            bar.advance(task)
    typer.echo(f"read {read} document(s), skipped {skipped}; " + ", ".join(f"{v} {counts[v]}" for v in VIEWS), err=True)
    if read == 0:
        raise typer.Exit(1)


class Format(str, Enum):
    json = "json"
    table = "table"


@app.command()
def query(view: Annotated[str, typer.Argument(help="A canonical view: " + ", ".join(VIEWS))],
          data: DataOpt = Path("kg-data"),
          fmt: Annotated[Format, typer.Option("--format")] = Format.json) -> None:
    """Print the rows of a canonical view."""
    if view not in VIEWS:
        _fail(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    try:
        rows = view_rows(StatementStore(data).facts(), view)
    except FileNotFoundError as e:
        _fail(str(e))
    if fmt is Format.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    t = Table(*[k for k in (rows[0] if rows else {}) if k != "evidence"], "evidence")
    for r in rows:
        t.add_row(*[str(v) for k, v in r.items() if k != "evidence"], r["evidence"][0]["text"][:80] if r["evidence"] else "")
    out.print(t)


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files.")],
             data: DataOpt = Path("kg-data"),
             as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False) -> None:
    """Precision, recall and F1 per view against gold files."""
    from .evaluate import from_facts, load_gold, score

    try:
        gold_rows = load_gold(gold)
        facts = list(StatementStore(data).facts())
    except (FileNotFoundError, ValueError) as e:
        _fail(str(e))
    pred = {doc: {v: view_rows([f for f in fs], v) for v in VIEWS} for doc, fs in _by_doc(facts).items()}
    report = score(gold_rows, pred)
    if as_json:
        out.print_json(report.to_json())
    else:
        report.render(out, title=f"{gold} vs {data}")


def _by_doc(facts):
    d: dict[str, list] = {}
    for f in facts:
        d.setdefault(f.doc, []).append(f)
    return d


if __name__ == "__main__":
    app()
