"""Loading hand-curated gold files (``shared/gold/<doc>.json``).

A gold file holds the eight canonical views plus bookkeeping (``kind``,
``notes``, a ``cohort`` description).  Only the views are scored, but a
typo in a gold file would silently distort every score, so the loader
checks the shape and names the offending file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .match import KEY_FIELDS, VIEWS

GoldRows = dict[str, dict[str, list[dict[str, Any]]]]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"gold file {path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"gold file {path}: top level must be an object, got {type(data).__name__}")
    doc = data.get("doc")
    if doc is not None and doc != path.stem:
        raise ValueError(f"gold file {path}: 'doc' is {doc!r} but the file is named after {path.stem!r}")
    return data


def _views(path: Path, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The eight views of one gold file; a missing view is empty."""
    out: dict[str, list[dict[str, Any]]] = {}
    for view in VIEWS:
        rows = data.get(view, [])
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            raise ValueError(f"gold file {path}: {view!r} must be a list, got {type(rows).__name__}")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValueError(f"gold file {path}: {view}[{i}] must be an object")
            missing = [k for k in KEY_FIELDS[view] if k not in row]
            if missing:
                raise ValueError(f"gold file {path}: {view}[{i}] lacks key field(s) {missing}")
        out[view] = rows
    return out


def _files(gold_dir: Path) -> list[Path]:
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    return sorted(gold_dir.glob("*.json"))


def load_gold(gold_dir: Path) -> GoldRows:
    """Doc stem -> view -> rows for every ``*.json`` directly in ``gold_dir``.

    Sub-directories (e.g. ``dev/``) are separate sets and are not descended
    into; load them with their own call.  Raises ``ValueError`` naming the
    file when a gold file is malformed.
    """
    return {path.stem: _views(path, _read(path)) for path in _files(gold_dir)}


def load_gold_kinds(gold_dir: Path) -> dict[str, str | None]:
    """Doc stem -> document ``kind`` (``case_report``, ``cohort``, ...), for per-kind reporting."""
    out: dict[str, str | None] = {}
    for path in _files(gold_dir):
        kind = _read(path).get("kind")
        out[path.stem] = kind if isinstance(kind, str) else None
    return out
