"""The saved-query catalog: ``queries/<group>/<name>.{toml,rq,cypher}``.

Each question is one TOML file (title, description, typed parameters with
defaults, result columns) beside its SPARQL and Cypher twins.  SPARQL
parameters are the variables ``?p_<name>``; Cypher parameters are
``$<name>``; both are always bound by the driver, never pasted into text.

A question asked of one document or one drug is answered fastest from that
node, but a text that starts from a bound node cannot also list everything
well (both engines plan a query once, before they see the values).  So a
TOML may name further twins, each used when one parameter is given::

    [forms]
    doc = "doses.doc"     # doses.doc.rq and doses.doc.cypher, when doc is not ""
    drug = "doses.drug"

The first form (in the TOML's order) whose parameter is given wins, else the
plain twins; :meth:`SavedQuery.text` makes that choice, once, for every caller.
Every form takes all of the question's parameters and returns the same rows
as the plain twins would.
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator

from .. import resources

QUERIES_DIR = resources.queries_dir()
_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list[str]": list}
COLUMN_TYPES: dict[str, Any] = {
    "str": str, "int": int, "float": float, "bool": bool, "list[str]": list[str],
    "str | list[str]": str | list[str], "float | str": float | str,
}
"""The column types a saved query's TOML may declare; every column may also be null (an OPTIONAL miss)."""


class Parameter(BaseModel):
    name: str
    type: str = "str"
    default: Any = None
    description: str = ""
    required: bool = False

    def coerce(self, value: Any) -> Any:
        """Turn a CLI string or Python value into the declared type, or raise ``ValueError``."""
        if value is None:
            return None
        if self.type == "list[str]":  # a list, or the CLI's comma-separated text
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return list(value)
            raise ValueError(f"parameter {self.name!r} expects a list of strings, got {value!r}")
        t = _TYPES[self.type]
        if t is bool and isinstance(value, str):
            if value.lower() in ("true", "1", "yes"):
                return True
            if value.lower() in ("false", "0", "no"):
                return False
            raise ValueError(f"parameter {self.name!r} expects a bool, got {value!r}")
        try:
            return t(value)
        except (TypeError, ValueError):
            raise ValueError(f"parameter {self.name!r} expects {self.type}, got {value!r}") from None


class Form(BaseModel):
    """Twins used instead of the plain ones when parameter ``when`` is given (not None, not "")."""

    when: str
    stem: str
    sparql: str
    cypher: str


class SavedQuery(BaseModel):
    name: str
    group: str
    title: str
    description: str
    kind: str = "question"  # "view" for the canonical views of facts.md
    columns: dict[str, str] = Field(description="Result columns in order, each with its declared type.")
    parameters: list[Parameter] = Field(default_factory=list)
    sparql: str
    cypher: str
    forms: list[Form] = Field(default_factory=list)

    @field_validator("columns", mode="before")
    @classmethod
    def _typed_columns(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            raise ValueError("columns must be a table of name = \"type\" (types: " + ", ".join(COLUMN_TYPES) + ")")
        bad = {k: t for k, t in v.items() if t not in COLUMN_TYPES}
        if bad:
            raise ValueError(f"unknown column type(s) {bad}; known: {', '.join(COLUMN_TYPES)}")
        return v

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """All parameters, typed, with defaults filled; unknown or missing ones raise ``ValueError``."""
        known = {p.name: p for p in self.parameters}
        unknown = set(given) - set(known)
        if unknown:
            raise ValueError(f"query {self.name!r} has no parameter(s) {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(known) or 'none'}")
        out = {}
        for name, p in known.items():
            if name in given:
                out[name] = p.coerce(given[name])
            elif p.required:
                raise ValueError(f"query {self.name!r} needs parameter {name!r} ({p.type}): {p.description}")
            else:
                out[name] = p.default
        return out

    def form(self, bound: dict[str, Any]) -> Form | None:
        """The form chosen for these (bound) parameter values, or None for the plain twins."""
        return next((f for f in self.forms if bound.get(f.when) not in (None, "", [])), None)

    def text(self, language: str, bound: dict[str, Any]) -> str:
        """The SPARQL (``language="sparql"``) or Cypher text to run for these bound parameter values."""
        chosen = self.form(bound) or self
        return chosen.sparql if language == "sparql" else chosen.cypher

    def render(self, language: str, bound: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The text to run and the parameters to bind in it.

        SPARQL has no list parameters: a ``list[str]`` parameter is written
        into its empty ``VALUES ?p_<name> { }`` block as escaped string
        literals (JSON's string escapes are SPARQL's) and not bound again;
        Cypher takes the list as a driver parameter.
        """
        text = self.text(language, bound)
        if language != "sparql":
            return text, bound
        lists = {p.name: bound.get(p.name) or [] for p in self.parameters if p.type == "list[str]"}
        return write_lists(text, lists), {k: v for k, v in bound.items() if k not in lists}


def write_lists(sparql: str, lists: dict[str, list[str]]) -> str:
    """``sparql`` with each list written into its empty ``VALUES ?p_<name> { }`` block as escaped string literals."""
    for name, items in lists.items():
        values = " ".join(json.dumps(v, ensure_ascii=False) for v in items)
        sparql = re.sub(r"VALUES\s+\?p_" + name + r"\s*\{\s*\}", lambda _m: f"VALUES ?p_{name} {{ {values} }}", sparql)
    return sparql


def _twins(stem: Path) -> tuple[str, str]:
    return (stem.with_name(stem.name + ".rq").read_text(encoding="utf-8"),
            stem.with_name(stem.name + ".cypher").read_text(encoding="utf-8").strip().rstrip(";"))


@cache
def catalog(root: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    out = {}
    for meta in sorted(root.rglob("*.toml")):
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
        params = [Parameter(name=k, **v) for k, v in data.pop("parameters", {}).items()]
        forms = [Form(when=when, stem=stem, **dict(zip(("sparql", "cypher"), _twins(meta.with_name(stem)))))
                 for when, stem in data.pop("forms", {}).items()]
        sparql, cypher = _twins(meta.with_suffix(""))
        q = SavedQuery(name=meta.stem, group=meta.parent.name, parameters=params, sparql=sparql, cypher=cypher,
                       forms=forms, **data)
        if unknown := {f.when for f in forms} - {p.name for p in params}:
            raise ValueError(f"{meta}: forms for unknown parameter(s) {', '.join(sorted(unknown))}")
        if q.name in out:
            raise ValueError(f"two saved queries are named {q.name!r}")
        out[q.name] = q
    return out


def get(name: str) -> SavedQuery:
    cat = catalog()
    if name not in cat:
        raise KeyError(f"no saved query {name!r}; `kg queries` lists them")
    return cat[name]
