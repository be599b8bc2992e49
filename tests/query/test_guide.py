"""The Neo4j Browser guide: a slide per saved question, its Cypher runnable exactly as the project runs it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from graph_builder.query.catalog import catalog
from graph_builder.query.guide import OVERVIEW_CYPHER, guide_html


def test_every_saved_cypher_question_is_a_slide_with_its_parameters_and_exact_text() -> None:
    root = ET.fromstring(guide_html())  # well-formed: the Browser renders it as HTML, the test reads it as XML
    assert root.tag == "article" and root.get("class") == "guide"
    slides = root.findall("./carousel/slide")
    runnable = [[pre.text for pre in s.iter("pre") if "runnable" in (pre.get("class") or "")] for s in slides]
    assert runnable[0] == [OVERVIEW_CYPHER]
    with_cypher = [q for q in catalog().values() if q.cypher]
    assert len(slides) == 1 + len(with_cypher)
    by_text = {blocks[-1]: blocks for blocks in runnable[1:]}
    for q in with_cypher:
        blocks = by_text[q.cypher.strip()]  # unescaped back to the very text the project runs
        if q.parameters:
            (param,) = blocks[:-1]
            assert param.startswith(":param {") and all(f"{p.name}:" in param for p in q.parameters)
        else:
            assert len(blocks) == 1
    assert not list(root.iter("script"))


def test_markup_in_a_text_is_escaped(monkeypatch) -> None:
    from graph_builder.query import guide

    q = next(iter(catalog().values())).model_copy(update={"title": "<b>x</b>", "cypher": "MATCH (a) WHERE a.n < 3 RETURN a"})
    monkeypatch.setattr(guide, "catalog", lambda: {q.name: q})
    root = ET.fromstring(guide.guide_html())
    assert [h.text for h in root.iter("h3")][1] == "<b>x</b>"
    assert "MATCH (a) WHERE a.n < 3 RETURN a" in [p.text for p in root.iter("pre")]
