"""A Neo4j Browser guide of the saved questions (``kg export guide``): one slide per question, runnable as written.

Neo4j Browser plays a guide with ``:play <url>``: an HTML fragment,
``<article class="guide">`` holding a carousel of slides, whose
``<pre class="code runnable">`` blocks go into the editor when clicked.
Each slide sets the question's parameters to their defaults (``:param``)
and holds its Cypher exactly as the project runs it, so a user of a real
Neo4j (the embedded store does not accept the Browser's WebSocket
connection) asks the same questions by clicking.  Every text is escaped:
the guide is data, and the Browser strips scripts anyway.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from .catalog import SavedQuery, catalog

__all__ = ["OVERVIEW_CYPHER", "guide_html", "write_guide"]

# The opening slide's question (a named constant, so Neo4j's linter checks it with the others).
OVERVIEW_CYPHER = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY label"


def _param_command(q: SavedQuery) -> str:
    """``:param {name: default, …}`` in Cypher map syntax (strings quoted as JSON, which Cypher reads)."""
    pairs = []
    for p in q.parameters:
        v = p.default if p.default is not None else ""
        pairs.append(f"{p.name}: {json.dumps(v) if not isinstance(v, bool) else str(v).lower()}")
    return ":param {" + ", ".join(pairs) + "}"


def _slide(title: str, lead: str, blocks: list[tuple[str, str]]) -> str:
    body = "".join(f'<figure><pre class="pre-scrollable code runnable">{escape(code, quote=False)}</pre>'
                   f"<figcaption>{escape(caption)}</figcaption></figure>" for code, caption in blocks)
    return (f'<slide class="row-fluid"><div class="col-sm-3"><h3>{escape(title)}</h3>'
            f'<p class="lead">{escape(lead)}</p></div><div class="col-sm-9">{body}</div></slide>')


def guide_html() -> str:
    """The guide: an opening slide, then one per saved query that has a Cypher text (views, then questions)."""
    queries = sorted(catalog().values(), key=lambda q: (q.kind != "view", q.group, q.name))
    slides = [_slide("graph-builder questions",
                     "Drugs, targets, patients, regimens and outcomes extracted from case reports and studies, "
                     "each fact with the sentence it came from. Click a block to put it in the editor, then run it. "
                     "Apply the style sheet from `kg export grass` with :style.",
                     [(OVERVIEW_CYPHER, "What the graph holds.")])]
    for q in queries:
        if not q.cypher:
            continue
        blocks = [(_param_command(q), "Parameters, at their defaults: change them here.")] if q.parameters else []
        blocks.append((q.cypher.strip(), f"{q.group}/{q.name}"))
        slides.append(_slide(q.title, q.description, blocks))
    return ('<article class="guide"><carousel class="deck container-fluid">' + "".join(slides) +
            "</carousel></article>\n")


def write_guide(path: Path) -> Path:
    path = Path(path)
    path.write_text(guide_html(), encoding="utf-8")
    return path
