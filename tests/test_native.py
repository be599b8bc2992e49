"""The native form (``make native``: the extraction stages and the graph builder compiled by mypyc) says what the
Python says.

mypyc trusts annotations at run time: a value that does not match its
declared type raises ``TypeError`` in compiled code where Python would go
on, and a relation family that raises loses its facts (a warning).  So the
compiled form is run in a child process over every document the project has
at hand (its examples, its held-out texts, ``../shared``'s corpora when
beside the checkout, and generated abstracts) and its results, warnings
included, must equal the checkout's pure-Python results document by
document.  The child also reports which modules were really compiled: a
native directory that silently fell back to Python would prove nothing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_builder.bench.corpus import write_corpus
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents

ROOT = Path(__file__).resolve().parents[1]
NATIVE = ROOT / ".native"
BUILT = NATIVE / ".built"
SHARED = ROOT.parent / "shared"


def _native_modules() -> list[str]:
    """The modules setup.py compiles (its ``native_modules``), as import names: the child fails on any left as Python."""
    spec = importlib.util.spec_from_file_location("graph_builder_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    setup_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_py)  # (not __main__: nothing is built)
    return [".".join(Path(p).with_suffix("").parts).removesuffix(".__init__") for p in setup_py.native_modules(ROOT)]


NATIVE_MODULES = _native_modules()

_CHILD = """
import importlib, json, sys
from pathlib import Path
from graph_builder.pipeline import extract_document
from graph_builder.read import iter_documents
modules = json.loads(sys.argv[1])
python = [m for m in modules if not importlib.import_module(m).__file__.endswith(".so")]
from graph_builder.graph.build import build_graph
from graph_builder.graph.rdf import ntriples
out, graphs = {}, {}
for p in iter_documents([Path(a) for a in sys.argv[2:]]):
    r = extract_document(p)
    out[str(p)] = r.model_dump(mode="json")
    graphs[str(p)] = sorted(ntriples(build_graph(r.facts)).splitlines())  # (edges are a set: their order is the process's)
print(json.dumps({"python": python, "results": out, "graphs": graphs}))
"""


def _native_dir() -> Path:
    if not BUILT.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{NATIVE} is not built: `make test` builds it first (make native)")
        pytest.skip("the native form is not built: run `make native`")
    sources = [*ROOT.joinpath("graph_builder").rglob("*.py"), ROOT / "setup.py"]
    stale = [str(p.relative_to(ROOT)) for p in sources if p.stat().st_mtime > BUILT.stat().st_mtime]
    if stale:
        pytest.fail(f"{NATIVE} is older than {stale[:3]}: run `make native`")
    return NATIVE


def test_native_gives_the_same_statements(tmp_path: Path) -> None:
    native = _native_dir()
    folders = [ROOT / "examples" / "docs", ROOT / "tests" / "heldout" / "docs"]
    folders += [SHARED / "corpus" / name for name in ("seeds", "dev", "dev2") if (SHARED / "corpus" / name).is_dir()]
    generated = tmp_path / "generated"
    write_corpus(generated, 300, 11)
    folders.append(generated)

    env = {**os.environ, "PYTHONPATH": str(native)}
    child = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(NATIVE_MODULES), *map(str, folders)],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout)
    assert report["python"] == [], f"not compiled in {native}: {report['python']}"
    compiled = report["results"]

    # this process imports the checkout's Python
    import graph_builder.relate.clauses as clauses
    assert clauses.__file__.endswith(".py")
    ours = {str(p): extract_document(p).model_dump(mode="json") for p in iter_documents(folders)}
    assert len(ours) >= 300 + 30 and set(compiled) == set(ours)
    for path, result in ours.items():
        assert compiled[path] == result, f"{path}: the native form differs (warnings: {compiled[path]['warnings']})"
    # the graph modules are compiled too (the pool builds every document's graph and triples with them)
    from graph_builder.graph.build import build_graph
    from graph_builder.graph.rdf import ntriples
    for path in iter_documents(folders):
        assert report["graphs"][str(path)] == sorted(ntriples(build_graph(extract_document(path).facts)).splitlines()), path
