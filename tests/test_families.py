"""Every fact family is complete: a view, its fields, scoring, graph mapping and saved view, all derived from the model.

Adding a family means a model in ``models.py`` (view, view_fields,
identity, score_key), its relation rule in ``relate/rules/<view>.py``,
its graph mapping ``_<view>`` in ``graph/build.py`` with its ontology
terms (edges within the object properties' domains and ranges), its
comparators in ``evaluate/match.py`` and its saved view in
``queries/views/``; the checker below names whatever is missing.
"""

from __future__ import annotations

from typing import ClassVar

from graph_builder.emit.rows import VIEW_FIELDS
from graph_builder.evaluate import match
from graph_builder.graph import build
from graph_builder.models import FACT_TYPES, VIEWS, Fact
from graph_builder.query import catalog
from graph_builder.relate import RULES


def problems(family: type[Fact]) -> list[str]:
    """What a family lacks, one line each (empty when it is complete)."""
    view, out = family.view, []
    fields = set(family.model_fields)
    for attr in ("view_fields", "score_key", "identity"):
        missing = [f for f in getattr(family, attr, ()) if f not in fields]
        if not getattr(family, attr, None):
            out.append(f"{view}: no {attr}")
        elif missing:
            out.append(f"{view}: {attr} names fields the model lacks: {missing}")
    if set(getattr(family, "score_key", ())) - set(getattr(family, "view_fields", ())):
        out.append(f"{view}: score_key is not part of view_fields")
    if view not in FACT_TYPES:
        out.append(f"{view}: not registered in models.FACT_TYPES")
    if view not in RULES:
        out.append(f"{view}: no relation rule relate/rules/{view}.py")
    if not callable(getattr(build._Builder, f"_{view}", None)):
        out.append(f"{view}: no graph mapping graph/build.py _Builder._{view}")
    if view not in match.KEY_MATCHERS:
        out.append(f"{view}: no key matcher in evaluate/match.py")
    if view not in match.ATTRIBUTES:
        out.append(f"{view}: no attribute comparators in evaluate/match.py")
    saved = catalog().get(view)
    if saved is None or saved.kind != "view":
        out.append(f"{view}: no saved view queries/views/{view}.toml")
    elif list(saved.columns) != ["doc", *getattr(family, "view_fields", ())]:
        out.append(f"{view}: saved view columns {list(saved.columns)} differ from doc + view_fields")
    return out


def test_every_registered_family_is_complete() -> None:
    assert [p for t in FACT_TYPES.values() for p in problems(t)] == []


def test_the_view_list_exists_once() -> None:
    assert VIEWS == tuple(FACT_TYPES)
    assert tuple(VIEW_FIELDS) == VIEWS and tuple(match.KEY_FIELDS) == VIEWS
    assert {q.name for q in catalog().values() if q.kind == "view"} == set(VIEWS)


def test_an_incomplete_family_is_named() -> None:
    class Biomarker(Fact):
        view: ClassVar[str] = "biomarkers"
        view_fields: ClassVar[tuple[str, ...]] = ("patient", "marker", "status")
        score_key: ClassVar[tuple[str, ...]] = ("patient", "marker", "value")
        identity: ClassVar[tuple[str, ...]] = ("patient", "marker")
        patient: int | None = None
        marker: str
        status: str | None = None

    found = problems(Biomarker)
    assert "biomarkers: score_key names fields the model lacks: ['value']" in found
    assert "biomarkers: not registered in models.FACT_TYPES" in found
    assert "biomarkers: no relation rule relate/rules/biomarkers.py" in found
    assert "biomarkers: no graph mapping graph/build.py _Builder._biomarkers" in found
    assert "biomarkers: no key matcher in evaluate/match.py" in found
    assert "biomarkers: no saved view queries/views/biomarkers.toml" in found
