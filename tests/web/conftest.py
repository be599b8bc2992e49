"""The examples built once into a temporary data directory, and the explorer over it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'graph-builder[web]')")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "docs"


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graph_builder import service

    data = tmp_path_factory.mktemp("web-data")
    service.build([EXAMPLES], data, stores=["rdf"], jobs=1)
    return data


@pytest.fixture(scope="session")
def client(web_data: Path) -> Iterator:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from graph_builder.web.app import create_app

    app = create_app(web_data, extra_hosts=("testserver",), sparql_timeout=10)
    with TestClient(app) as c:
        yield c
