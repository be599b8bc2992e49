"""The explorer's search index: prefix lookups give what a scan of every vocabulary form gave, in its order."""

from __future__ import annotations

import pytest

from graph_builder.vocabulary import diseases, drugs, norm_form, targets
from graph_builder.web.search import _Prefixes


def _scan(lex, prefix: str) -> list[tuple[str, str]]:
    out = [(form, e.name) for form, e in lex.forms.items() if form.startswith(prefix)]
    return out + [(form, e.name) for form, e in lex.exact.items() if form.lower().startswith(prefix)]


@pytest.mark.parametrize("lexicon", [drugs, targets, diseases])
@pytest.mark.parametrize("query", ["ap", "cis", "her", "vegfr", "pd", "carc", "lung c", "5-f", "zz", "a"])
def test_prefix_lookup_is_the_scan(lexicon, query) -> None:
    lex = lexicon()
    prefix = norm_form(query)
    assert _Prefixes(lex).starting_with(prefix) == _scan(lex, prefix)


def test_prefix_lookup_finds_a_form_and_nothing_past_the_run() -> None:
    hits = _Prefixes(drugs()).starting_with("cisplat")
    assert ("cisplatin", "cisplatin") in hits and all(f.lower().startswith("cisplat") for f, _ in hits)
    assert _Prefixes(drugs()).starting_with("\uffff") == []
