"""The built wheel works outside the repository.

The wheel is built (``pip wheel --no-deps``) from a copy of the source tree, so
no ``build/`` left over from an earlier build can leak into it, and installed
with ``--no-deps`` into a fresh virtualenv in a temporary folder.  There the
installed ``kg`` builds the graph of a copy of ``examples/docs`` (RDF only),
lists the saved queries and runs two of them, always with a working
directory outside the checkout; the rows must equal those of the checkout's
own code on the same documents.

The fresh virtualenv gets the test environment's site-packages appended to
its path by a ``.pth`` file, so the dependencies need no download: its own
site-packages comes first, ``graph_builder`` is imported from the wheel (a
test checks), and ``pip check`` checks the wheel's declared requirements.
``GRAPH_BUILDER_WHEEL_DEPS=index`` installs the dependencies from the package
index instead (slower; needs the index).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_builder.cli import app
from graph_builder.query import catalog

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".native", "node_modules", "kg-data", "build", "dist", "*.egg-info",
                                    "__pycache__", ".pytest_cache")
QUERIES = [("drugs_targeting", ["-p", "gene=KDR"]), ("treatments", [])]


def _run(cmd: list, cwd: Path, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} exited {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


class Installed:
    """A fresh virtualenv with the wheel installed, and a working folder outside the checkout."""

    def __init__(self, base: Path) -> None:
        assert not base.resolve().is_relative_to(ROOT)
        self.timings: dict[str, float] = {}
        t = time.perf_counter()
        src = base / "src"
        shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
        dist = base / "dist"
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, "."], cwd=src)
        (self.wheel,) = dist.glob("graph_builder-*.whl")
        shutil.rmtree(src)
        self.timings["wheel"] = time.perf_counter() - t

        t = time.perf_counter()
        self.venv = base / "venv"
        self.bin = self.venv / "bin"
        self.python = self.bin / "python"
        if os.environ.get("GRAPH_BUILDER_WHEEL_DEPS") == "index":
            _run([sys.executable, "-m", "venv", self.venv], cwd=base)
            _run([self.python, "-m", "pip", "install", "-q", self.wheel], cwd=base)
        else:
            _run([sys.executable, "-m", "venv", "--without-pip", self.venv], cwd=base)
            site = Path(_run([self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             cwd=base).stdout.strip())
            ours = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
            (site / "_test_environment.pth").write_text("\n".join(sorted(ours)) + "\n")
            _run([sys.executable, "-m", "pip", "--python", self.python, "install", "-q", "--no-deps", self.wheel], cwd=base)
        self.timings["install"] = time.perf_counter() - t

        self.work = base / "work"
        self.work.mkdir()
        shutil.copytree(ROOT / "examples" / "docs", self.work / "docs")
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        self.env.update(PATH=f"{self.bin}{os.pathsep}{self.env.get('PATH', '')}", COLUMNS="250")
        t = time.perf_counter()
        self.build = self.kg("build", "docs", "--data", "data", "--no-bolt")
        self.timings["kg build"] = time.perf_counter() - t

    def kg(self, *args: str) -> subprocess.CompletedProcess:
        return _run([self.bin / "kg", *args], cwd=self.work, env=self.env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    inst = Installed(tmp_path_factory.mktemp("wheel"))
    print("wheel test timings (s):", {k: round(v, 1) for k, v in inst.timings.items()})
    return inst


@pytest.fixture(scope="module")
def checkout_data(tmp_path_factory):
    """The same documents built by the checkout's code, in this process."""
    data = tmp_path_factory.mktemp("checkout")
    r = CliRunner().invoke(app, ["build", str(ROOT / "examples" / "docs"), "--data", str(data), "--no-bolt"])
    assert r.exit_code == 0, r.output
    return data


def test_wheel_ships_ontology_queries_and_vocabularies(installed):
    import zipfile

    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {"graph_builder/ontology/graph_builder.ttl", "graph_builder/ontology/shapes.ttl",
            "graph_builder/ontology/prefixes.json", "graph_builder/vocab/negex_triggers.txt"} <= names
    for q in catalog().values():
        for ext in ("toml", "rq", "cypher"):
            assert f"graph_builder/queries/{q.group}/{q.name}.{ext}" in names
    for tsv in (ROOT / "graph_builder" / "vocab").glob("*.tsv"):
        assert f"graph_builder/vocab/{tsv.name}" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_package_reads_its_own_files(installed):
    code = ("import json, graph_builder; from graph_builder import resources as r; "
            "print(json.dumps([graph_builder.__file__, str(r.ontology_dir()), str(r.queries_dir()), str(r.vocab_dir())]))")
    paths = json.loads(_run([installed.python, "-c", code], cwd=installed.work, env=installed.env).stdout)
    for p in paths:
        assert Path(p).is_relative_to(installed.venv), paths
        assert Path(p).exists()


def test_installed_requirements_are_met(installed):
    _run([sys.executable, "-m", "pip", "--python", installed.python, "check"], cwd=installed.work, env=installed.env)


def test_version(installed):
    assert installed.kg("--version").stdout.strip() == f"graph-builder {version('graph-builder')}"


def test_build_loads_rdf(installed):
    assert "│ rdf " in installed.build.stderr and (installed.work / "data" / "oxigraph").is_dir()
    assert "bolt:" not in installed.build.stderr


def test_queries_lists_every_saved_query(installed):
    listed = installed.kg("queries").stdout
    assert catalog(), "the checkout has saved queries"
    for name in catalog():
        assert name in listed


@pytest.mark.parametrize(("name", "params"), QUERIES)
def test_query_rows_equal_the_checkouts(installed, checkout_data, name, params):
    rows = json.loads(installed.kg("query", name, *params, "--backend", "rdf", "--data", "data").stdout)
    assert rows, f"{name}: no rows from the installed wheel"
    r = CliRunner().invoke(app, ["query", name, *params, "--backend", "rdf", "--data", str(checkout_data)])
    assert r.exit_code == 0, r.output
    assert rows == json.loads(r.stdout)


def test_scheduler_without_the_dask_extra_names_it(monkeypatch, tmp_path):
    from graph_builder import parallel

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    with pytest.raises(ImportError, match=r"graph-builder\[dask\]"):
        parallel.require_dask()
    with pytest.raises(ImportError, match=r"graph-builder\[dask\]"):
        list(parallel.extract_stream([ROOT / "examples" / "docs" / "ex01_case_lenvatinib.txt"], scheduler="tcp://127.0.0.1:1"))
    r = CliRunner().invoke(app, ["build", str(ROOT / "examples" / "docs"), "--data", str(tmp_path / "data"),
                                 "--no-rdf", "--no-bolt", "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2
    assert "pip install 'graph-builder[dask]'" in r.output


def test_version_option_in_process():
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"graph-builder {version('graph-builder')}"
