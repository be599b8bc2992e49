"""Where the project's data files are: ontology, saved queries, vocabularies.

In the repository ``ontology/`` and ``queries/`` are top-level folders; the
package ships them as ``graph_builder.ontology`` and ``graph_builder.queries``
(``setup.py`` maps the folders), and the vocabularies as ``graph_builder/vocab``.
Every reader goes through this module, which finds them with
:mod:`importlib.resources`, so the same code works in a checkout, an editable
install and an installed wheel.  A source tree imported without being
installed (no editable finder maps the two packages) falls back to the
checkout's folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent  # only for a source tree that was never installed


def _folder(package: str, checkout_folder: str) -> Path:
    try:
        root = files(package)
    except ModuleNotFoundError:
        return _CHECKOUT / checkout_folder
    if not isinstance(root, Path):  # e.g. a zipped install: the stores and rdflib need real files
        raise RuntimeError(f"{package} is not a folder on disk ({root!r}); install graph-builder unzipped")
    return root


def ontology_dir() -> Path:
    """The folder of ``graph_builder.ttl``, ``shapes.ttl`` and ``prefixes.json``."""
    return _folder("graph_builder.ontology", "ontology")


def ontology(name: str) -> Path:
    return ontology_dir() / name


def queries_dir() -> Path:
    """The saved-query catalog: ``<group>/<name>.{toml,rq,cypher}``."""
    return _folder("graph_builder.queries", "queries")


def vocab_dir() -> Path:
    """The controlled vocabularies (TSV) and word lists."""
    return _folder("graph_builder", "graph_builder") / "vocab"


def vocab(name: str) -> Path:
    return vocab_dir() / name
