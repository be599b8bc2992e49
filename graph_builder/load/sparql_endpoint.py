"""A remote SPARQL 1.1 endpoint (``kg serve --sparql``, or any other) over HTTP, read-only.

HTTP offers no pre-binding, so parameters become an inline ``VALUES``
block at the top of the outer WHERE group, each value serialised as an
RDF term by rdflib (quoted and escaped): data, never query syntax.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from .contract import Language, StoreBase, register
from .oxigraph import local_id, typed_value

_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


@register("sparql")
class SparqlEndpointStore(StoreBase):
    """Queries a SPARQL endpoint; loading is refused (the endpoint's owner loads it)."""

    name: ClassVar[str] = "sparql"
    language: ClassVar[Language] = "sparql"

    def __init__(self, data_dir: Path | None = None, url: str = "http://127.0.0.1:7878", timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from rdflib import Literal

        bound = {k: v for k, v in (params or {}).items() if v is not None}
        if bound:
            names = " ".join(f"?p_{k}" for k in bound)
            values = " ".join(Literal(v).n3() for v in bound.values())
            m = _WHERE.search(text)
            if m is None:
                raise ValueError("query has no WHERE group to bind parameters in")
            text = text[:m.end()] + f" VALUES ({names}) {{ ({values}) }} " + text[m.end():]
        body = urllib.parse.urlencode({"query": text}).encode()
        url = self.url if self.url.endswith("/query") else self.url + "/query"
        req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json",
                                                              "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            data = json.load(r)
        if "boolean" in data:  # ASK
            return [{"boolean": data["boolean"]}]
        names = data["head"]["vars"]
        return [{n: _json_term(b.get(n)) for n in names} for b in data["results"]["bindings"]]


def _json_term(t: dict[str, str] | None) -> Any:
    if t is None:
        return None
    if t["type"] == "uri":
        return local_id(t["value"])
    return typed_value(t.get("datatype", ""), t["value"])
