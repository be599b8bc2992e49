"""The one part of the build that ``pyproject.toml`` cannot say.

``ontology/`` and ``queries/`` stay top-level folders of the repository but
ship inside the package as ``graph_builder.ontology`` and
``graph_builder.queries`` (read with ``importlib.resources`` by
``graph_builder/resources.py``).  Their subfolders (query groups) are mapped
too, so that setuptools ships the data files in them; a new group folder
needs no change here.  Everything else, package data included, is configured
in ``pyproject.toml`` (setuptools lets its package-data replace this file's).

``GRAPH_BUILDER_MYPYC=1`` builds the native form (``make native``): the
extraction stages (segment, recognise, relate and the regex and vocabulary
helpers they share) compiled to C extensions by mypyc from the same typed
sources, the rest of the package as it is (:func:`native_modules`).  Without it the package is pure
Python, which is what ``pip install -e`` and the tests use; the native form
must give the same statements (``tests/test_native.py``).
"""

import os
from pathlib import Path

from setuptools import find_namespace_packages, setup

RESOURCES = {"graph_builder.ontology": "ontology", "graph_builder.queries": "queries"}
SKIP = ["*__pycache__*"]

package_dir = {}
for package, folder in RESOURCES.items():
    package_dir[package] = folder
    for sub in find_namespace_packages(where=folder, exclude=SKIP):
        package_dir[f"{package}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

def native_modules(root: Path = Path(__file__).resolve().parent) -> list[str]:
    """What mypyc compiles (paths from ``root``): every module of the three extraction stages, their shared helpers,
    read's plain-text clean-up (every text document goes through it), and the graph builder and its N-Triples
    writer (a whole load runs them on every document: 10,000 generated documents' graphs 4.9 -> 4.1 s, their
    N-Triples 3.3 -> 2.8 s).

    tests/test_native.py reads this function (the file is imported there without building anything), so the list
    is written once.
    """
    stages = [p for folder in ("segment", "recognise", "relate") for p in (root / "graph_builder" / folder).rglob("*.py")]
    return sorted(str(p.relative_to(root)) for p in stages) + ["graph_builder/fastre.py", "graph_builder/vocabulary.py",
                                                               "graph_builder/headings.py", "graph_builder/read/cleanup.py",
                                                               "graph_builder/read/textview.py",
                                                               "graph_builder/graph/build.py", "graph_builder/graph/rdf.py"]


if __name__ == "__main__":  # (setuptools runs this file as __main__; the native test only imports it)
    ext_modules = []
    if os.environ.get("GRAPH_BUILDER_MYPYC") == "1":
        from mypyc.build import mypycify  # the [native] extra; built with --no-build-isolation (make native)

        ext_modules = mypycify(native_modules(), opt_level="3")

    setup(
        ext_modules=ext_modules,
        packages=find_namespace_packages(include=["graph_builder", "graph_builder.*"], exclude=SKIP) + list(package_dir),
        package_dir=package_dir,
    )
