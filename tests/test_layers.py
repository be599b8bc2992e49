"""Data flows one way: no stage imports a later one, and shared modules import no stage.

The folders are the pipeline, in order: read → segment → recognise →
relate → emit → graph → load → query.  Modules below the stages (models,
the regex helper and its cache, the user cache directory, the vocabularies, the embedded server, the
per-document limits) are used by all and use none;
orchestrators above them (pipeline, parallel, service, cli, bench,
evaluate) may use any.  The walk reads every import statement, including
those inside functions, so a deferred import is no loophole.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "graph_builder"
STAGES = ("read", "segment", "recognise", "relate", "emit", "graph", "load", "query")
BELOW = ("models", "fastre", "regex_cache", "user_cache", "servers", "resources", "headings", "numwords", "vocabulary",
         "limits", "lifeline")


def _unit(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "graph_builder" else None


def _imports(path: Path, package: Path) -> list[str]:
    rel = path.relative_to(package.parent).with_suffix("")
    pkg = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[:len(pkg) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # "from . import x": x is a module of that package
                    out += [f"{mod}.{a.name}" for a in node.names]
                    continue
            else:
                mod = node.module or ""
            out.append(mod)
    return out


def _violations(package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        unit = path.relative_to(package).parts[0].removesuffix(".py")
        for mod in _imports(path, package):
            target = _unit(mod)
            if target is None or target == unit:
                continue
            if unit in BELOW and (target in STAGES or target not in BELOW):
                bad.append(f"{path.relative_to(package)} (shared, below the stages) imports {mod}")
            elif unit in STAGES and target in STAGES and STAGES.index(target) > STAGES.index(unit):
                bad.append(f"{path.relative_to(package)} ({unit}) imports the later stage {mod}")
            elif unit in STAGES and target not in STAGES and target not in BELOW:
                bad.append(f"{path.relative_to(package)} ({unit}) imports the orchestrator {mod}")
    return bad


def test_no_stage_imports_a_later_one() -> None:
    assert _violations() == []


def test_the_walk_sees_relative_and_deferred_imports(tmp_path: Path) -> None:
    """The checker itself: a deferred relative import of a later stage is found."""
    pkg = tmp_path / "graph_builder"
    (pkg / "read").mkdir(parents=True)
    (pkg / "read" / "probe.py").write_text("def f():\n    from ..query import catalog\n    return catalog\n")
    (pkg / "query").mkdir()
    (pkg / "query" / "ok.py").write_text("from ..read import probe\nfrom graph_builder.models import Fact\n")
    (pkg / "models.py").write_text("from .relate import x\n")
    assert _violations(pkg) == ["models.py (shared, below the stages) imports graph_builder.relate",
                                "read/probe.py (read) imports the later stage graph_builder.query"]
