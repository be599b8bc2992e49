"""The one part of the build that ``pyproject.toml`` cannot say.

``ontology/`` and ``queries/`` stay top-level folders of the repository but
ship inside the package as ``graph_builder.ontology`` and
``graph_builder.queries`` (read with ``importlib.resources`` by
``graph_builder/resources.py``).  Their subfolders (query groups) are mapped
too, so that setuptools ships the data files in them; a new group folder
needs no change here.  Everything else, package data included, is configured
in ``pyproject.toml`` (setuptools lets its package-data replace this file's).
"""

from setuptools import find_namespace_packages, setup

RESOURCES = {"graph_builder.ontology": "ontology", "graph_builder.queries": "queries"}
SKIP = ["*__pycache__*"]

package_dir = {}
for package, folder in RESOURCES.items():
    package_dir[package] = folder
    for sub in find_namespace_packages(where=folder, exclude=SKIP):
        package_dir[f"{package}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(
    packages=find_namespace_packages(include=["graph_builder", "graph_builder.*"], exclude=SKIP) + list(package_dir),
    package_dir=package_dir,
)
