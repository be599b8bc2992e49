"""Fixtures shared by the READ tests."""

from __future__ import annotations

import pytest

@pytest.fixture
def write(tmp_path):
    """Write bytes or text (UTF-8) to a file under tmp_path and return its path."""

    def _write(name: str, content: bytes | str):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
