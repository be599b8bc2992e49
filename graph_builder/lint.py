"""Check the project's Cypher with Neo4j's own front end.

Every Cypher statement the project ships -- ``queries/**/*.cypher`` files and
``*_CYPHER`` / ``CYPHER[...]`` constants in ``graph_builder`` modules -- is
run through ``lintCypherQuery`` of ``@neo4j-cypher/language-support`` (the
parser and semantic analysis Neo4j's editors use), offline, by
``tools/lint_cypher.mjs`` in one Node process per call.

Needs ``node`` on PATH and the repository's ``node_modules`` (``npm ci``;
``make test`` does it).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import shutil
import subprocess
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import resources

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "lint_cypher.mjs"
NODE_PACKAGE = "@neo4j-cypher/language-support"
QUERIES_DIR = resources.queries_dir()  # the checkout's queries/ in an editable install
INSTALL_HINT = "run `npm ci` in the repository root (make test does it)"

Severity = Literal["error", "warning", "info", "hint"]


class Diagnostic(BaseModel):
    """One finding of the linter; ``line`` and ``column`` are 1-based."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity}: {self.message}"


class LintUnavailable(RuntimeError):
    """Node or the linter's node_modules is missing."""


class NodeMissing(LintUnavailable):
    """``node`` is not on PATH."""


class NodeModulesMissing(LintUnavailable):
    """``node_modules`` lacks the linter package."""


class Statements(dict[str, str]):
    """Statement name -> Cypher text, plus the modules that failed to import.

    ``errors`` maps a module name to the reason it could not be imported (its
    constants, if any, could not be collected).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors: dict[str, str] = {}


def find_node() -> str:
    node = shutil.which("node")
    if node is None:
        raise NodeMissing("Cypher lint needs Node.js: `node` is not on PATH")
    return node


def check_node_modules() -> None:
    if not (ROOT / "node_modules" / NODE_PACKAGE / "package.json").is_file():
        raise NodeModulesMissing(
            f"Cypher lint needs {NODE_PACKAGE} in {ROOT / 'node_modules'}: {INSTALL_HINT}"
        )


def lint_cypher(
    statements: dict[str, str],
    schema: dict | None = None,
    *,
    declare_parameters: bool = True,
    builtin_functions: bool = True,
    timeout: float = 600.0,
) -> dict[str, list[Diagnostic]]:
    """Lint each statement; return its diagnostics under the same name.

    ``schema`` is passed to the linter as its DbSchema: ``labels``,
    ``relationshipTypes``, ``propertyKeys`` (label/type warnings only appear
    when both ``labels`` and ``relationshipTypes`` are given), ``parameters``,
    ``functions``, ``procedures``, ``defaultLanguage``.  By default every
    ``$param`` a statement uses counts as declared, and function names and
    arity are checked against Neo4j's built-in functions.
    """
    if not statements:
        return {}
    node = find_node()
    check_node_modules()
    payload = {
        "schema": schema or {},
        "options": {
            "declareParameters": declare_parameters,
            "builtinFunctions": builtin_functions,
        },
        "statements": [{"name": n, "query": q} for n, q in statements.items()],
    }
    try:
        proc = subprocess.run(
            [node, str(SCRIPT)],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise RuntimeError(f"Cypher lint timed out after {timeout:.0f}s") from e
    if proc.returncode != 0:
        detail = proc.stderr.strip() or proc.stdout.strip() or f"exit code {proc.returncode}"
        if "Cannot find module" in detail or "cannot load" in detail:
            raise NodeModulesMissing(f"Cypher lint could not load {NODE_PACKAGE}: {INSTALL_HINT}\n{detail}")
        raise RuntimeError(f"Cypher lint failed: {detail}")
    try:
        rows = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"Cypher lint printed something that is not JSON: {proc.stdout[:500]!r}") from e
    result = {row["name"]: [Diagnostic(**d) for d in row["diagnostics"]] for row in rows}
    missing = set(statements) - set(result)
    if missing:
        raise RuntimeError(f"Cypher lint returned no result for {sorted(missing)}")
    return result


def errors_only(result: dict[str, list[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    """Only the statements with error-severity diagnostics, and only those."""
    out = {}
    for name, diags in result.items():
        errs = [d for d in diags if d.severity == "error"]
        if errs:
            out[name] = errs
    return out


# --------------------------------------------------------------- collection


def _strip_statement(text: str) -> str:
    text = text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def _cypher_files(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*.cypher")):
        if not path.is_file():
            continue
        name = path.relative_to(root.parent).as_posix()  # queries/...
        out[name] = _strip_statement(path.read_text(encoding="utf-8"))
    return out


def _module_level_names(module: Any) -> set[str] | None:
    """Names bound at the top level of a module's source (None if no source)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def _module_constants(module: Any) -> dict[str, str]:
    """``NAME_CYPHER`` strings and ``CYPHER`` dict entries defined in ``module``."""
    own = _module_level_names(module)
    out: dict[str, str] = {}
    for attr, value in sorted(vars(module).items()):
        if own is not None and attr not in own:
            continue  # imported from elsewhere: collected where it is defined
        if attr.endswith("_CYPHER") and isinstance(value, str):
            out[f"{module.__name__}:{attr}"] = _strip_statement(value)
        elif attr == "CYPHER" and isinstance(value, dict):
            for key, query in value.items():
                if isinstance(query, str):
                    out[f"{module.__name__}:CYPHER[{key}]"] = _strip_statement(query)
    return out


def collect_statements(package: str = "graph_builder", queries_dir: Path | None = None) -> Statements:
    """Every Cypher statement the project ships, by name.

    ``queries/**/*.cypher`` files are named by their path from the repository
    root (one statement per file, trailing ``;`` stripped); constants are named
    ``module:NAME`` or ``module:CYPHER[key]``.  Modules that fail to import are
    listed in the result's ``errors``.
    """
    found = Statements(_cypher_files(QUERIES_DIR if queries_dir is None else queries_dir))
    pkg = importlib.import_module(package)
    found.update(_module_constants(pkg))

    def onerror(name: str) -> None:
        found.errors[name] = "failed to import while walking the package"

    for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}.", onerror=onerror):
        try:
            module = importlib.import_module(info.name)
        except BaseException as e:  # noqa: BLE001 - SystemExit from a script module counts too
            if isinstance(e, KeyboardInterrupt):
                raise
            found.errors[info.name] = f"{type(e).__name__}: {e}"
            continue
        found.update(_module_constants(module))
    return found


def lint_project(schema: dict | None = None) -> dict[str, list[Diagnostic]]:
    """Lint everything ``collect_statements`` finds.

    A module that fails to import appears under its own name with one
    error-severity diagnostic, so a gate on errors catches it too.
    """
    statements = collect_statements()
    result = lint_cypher(statements, schema)
    for module, reason in statements.errors.items():
        result[module] = [Diagnostic(severity="error", message=f"module failed to import: {reason}")]
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m graph_builder.lint``: lint the project, print findings, exit 1 on errors."""
    try:
        result = lint_project()
    except LintUnavailable as e:
        print(e)
        return 2
    n_errors = 0
    for name, diags in sorted(result.items()):
        for d in diags:
            print(f"{name}:{d}")
            n_errors += d.severity == "error"
    print(f"{len(result)} statements checked, {n_errors} errors")
    return 1 if n_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
