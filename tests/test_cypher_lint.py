"""Every Cypher statement the project ships must pass Neo4j's own front end.

The linter is ``lintCypherQuery`` of ``@neo4j-cypher/language-support`` run by
``tools/lint_cypher.mjs``.  Skipped only when ``node`` is not installed; with
node present but ``node_modules`` missing, the tests fail with the fix.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest

from graph_builder import lint
from graph_builder.lint import (
    Diagnostic,
    NodeModulesMissing,
    collect_statements,
    errors_only,
    lint_cypher,
    lint_project,
)

GOOD = {
    "match_targets": "MATCH (d:Drug {id: $id})-[:TARGETS]->(t:Target) RETURN t.symbol ORDER BY t.symbol",
    "unwind_merge": "UNWIND $rows AS r MERGE (n:Drug {id: r.id}) SET n += r.props",
    "constraint": "CREATE CONSTRAINT drug_id IF NOT EXISTS FOR (n:Drug) REQUIRE n.id IS UNIQUE",
    "multiline_functions": textwrap.dedent(
        """\
        // comment lines are fine
        MATCH (p:Patient)-[r:RECEIVED]->(d:Drug)
        WHERE toLower(d.name) STARTS WITH $prefix AND r.start IS NOT NULL
        WITH d, count(DISTINCT p) AS patients, collect(r.dose)[0..3] AS doses
        RETURN d.id AS drug, patients, coalesce(size(doses), 0) AS n
        ORDER BY patients DESC
        LIMIT 10"""
    ),
}


@pytest.fixture(scope="module")
def linter():
    """Node and the linter package must be there: skip without node, fail without npm ci."""
    if shutil.which("node") is None:
        pytest.skip("Node.js (`node`) is not installed; the Cypher lint needs it")
    try:
        lint.check_node_modules()
    except NodeModulesMissing as e:
        pytest.fail(str(e), pytrace=False)
    return lint_cypher


BAD = {
    "broken": "MATCH (n RETURN n",
    "undefined_variable": "MATCH (n:Drug) RETURN m",
    "unknown_function": "MATCH (n:Drug)\nRETURN nosuchfunction(n)",
    "wrong_arity": "RETURN toLower('a', 'b')",
    "empty": "   ",
}
WARN = {"deprecated": "MATCH (n:Drug) RETURN id(n)"}


@pytest.fixture(scope="module")
def batch(linter):
    """One Node run for the fixed statements (each run loads a 24 MB bundle)."""
    return linter({**GOOD, **BAD, **WARN})


def _errors(diags: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity == "error"]


def test_known_good_statements_pass(batch):
    assert set(batch) == set(GOOD) | set(BAD) | set(WARN)
    assert {name: batch[name] for name in GOOD} == {name: [] for name in GOOD}


def test_broken_statement_is_an_error(batch):
    errors = _errors(batch["broken"])
    assert errors, batch["broken"]
    assert errors[0].line == 1 and errors[0].column == 10
    assert "RETURN" in errors[0].message


def test_semantic_errors_are_reported(batch):
    assert any("`m` not defined" in d.message for d in _errors(batch["undefined_variable"]))
    unknown = _errors(batch["unknown_function"])
    assert unknown and unknown[0].line == 2 and "nosuchfunction" in unknown[0].message
    assert _errors(batch["wrong_arity"])
    assert _errors(batch["empty"])


def test_warnings_are_not_errors(batch):
    assert batch["deprecated"], "id() is deprecated in Cypher 5: expected a warning"
    assert {d.severity for d in batch["deprecated"]} == {"warning"}
    assert errors_only(batch).keys() == set(BAD)


def test_schema_and_options_reach_the_linter(linter):
    stmt = {"q": GOOD["match_targets"]}
    schema = {"labels": ["Drug"], "relationshipTypes": ["TARGETS"], "propertyKeys": ["id", "symbol"]}
    warnings = linter(stmt, schema)["q"]
    assert [d.severity for d in warnings] == ["warning"]
    assert "Target" in warnings[0].message

    strict = linter(stmt, declare_parameters=False)["q"]
    assert any("$id" in d.message for d in _errors(strict))
    declared = linter(stmt, {"parameters": {"id": "x"}}, declare_parameters=False)["q"]
    assert declared == []

    assert linter({"f": "RETURN nosuchfunction(1)"}, builtin_functions=False)["f"] == []


def test_many_statements_in_one_call(linter):
    many = {f"s{i}": f"MATCH (n:Drug {{id: $id{i}}}) RETURN n.name AS name{i}" for i in range(30)}
    many["bad"] = "MATCH (n RETURN n"
    result = linter(many)
    assert list(result) == list(many)
    assert errors_only(result).keys() == {"bad"}


def test_missing_node_modules_is_a_clear_failure(monkeypatch, tmp_path):
    monkeypatch.setattr(lint, "ROOT", tmp_path)
    with pytest.raises(NodeModulesMissing, match="npm ci"):
        lint.check_node_modules()


def test_collect_statements_finds_files_and_constants(monkeypatch, tmp_path):
    pkg = tmp_path / "fakepkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text('TOP_CYPHER = "RETURN 1"\n')
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "load.py").write_text(
        textwrap.dedent(
            """\
            LOAD_CYPHER = "UNWIND $rows AS r MERGE (n:Drug {id: r.id});"
            NOT_A_QUERY = "MATCH nonsense"
            COUNT_CYPHER = 3
            CYPHER = {"count": "MATCH (n) RETURN count(n)", "skip": 1}
            """
        )
    )
    (pkg / "reexport.py").write_text("from fakepkg.sub.load import LOAD_CYPHER\n")
    (pkg / "broken.py").write_text("raise ImportError('boom')\n")
    queries = tmp_path / "queries"
    (queries / "nested").mkdir(parents=True)
    (queries / "one.cypher").write_text("MATCH (n) RETURN n;\n")
    (queries / "nested" / "two.cypher").write_text("RETURN 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    found = collect_statements("fakepkg", queries_dir=queries)

    assert set(found) == {
        "queries/one.cypher",
        "queries/nested/two.cypher",
        "fakepkg:TOP_CYPHER",
        "fakepkg.sub.load:LOAD_CYPHER",
        "fakepkg.sub.load:CYPHER[count]",
    }, sorted(found)
    assert found["fakepkg.sub.load:LOAD_CYPHER"].endswith("r.id})")
    assert found["queries/one.cypher"] == "MATCH (n) RETURN n"
    assert set(found.errors) == {"fakepkg.broken"}
    assert "boom" in found.errors["fakepkg.broken"]


def test_every_shipped_statement_is_valid_cypher(linter):
    """The gate: no statement the project ships has an error-severity diagnostic."""
    result = lint_project()
    bad = errors_only(result)
    report = "\n".join(f"{name}:{d}" for name, diags in sorted(bad.items()) for d in diags)
    assert not bad, f"invalid Cypher shipped:\n{report}"
