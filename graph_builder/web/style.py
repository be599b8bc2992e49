"""Node colours and captions, read from the Neo4j Browser style sheet the project exports.

Parsed from ``write_grass`` output rather than restated, so the graph view
and Neo4j Browser stay the same colours when the sheet changes.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

from ..graph.export import write_grass

_RULE = re.compile(r"node\.(\w+)\s*\{[^}]*?color:\s*(#[0-9A-Fa-f]{6});[^}]*?caption:\s*'\{(\w+)\}'", re.S)


@cache
def grass() -> dict[str, tuple[str, str]]:
    """Label → (colour, caption property), as in ``kg export grass``."""
    with tempfile.TemporaryDirectory() as tmp:
        text = write_grass(Path(tmp) / "style.grass").read_text(encoding="utf-8")
    return {label: (colour, caption) for label, colour, caption in _RULE.findall(text)}


def colour(label: str) -> str:
    return grass().get(label, ("#A5ABB6", "id"))[0]


def caption_key(label: str) -> str:
    return grass().get(label, ("#A5ABB6", "id"))[1]
