"""Bad input: one clear line naming the file; the other documents still processed."""

import csv
import json

from typer.testing import CliRunner

from graph_builder.cli import app

runner = CliRunner()
GOOD = "A 60-year-old man with gastric cancer received apatinib 500 mg daily and achieved a partial response.\n"


def _build(tmp_path, files: dict[str, bytes]):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in files.items():
        (docs / name).write_bytes(data)
    data = tmp_path / "data"
    return runner.invoke(app, ["build", str(docs), "--data", str(data)]), data


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b"<article><body><p>&lol2;</p></body></article>")
    r, data = _build(tmp_path, {
        "good.txt": GOOD.encode(),
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02PK\x03\x04" * 50,
        "truncated.xml": b"<article><body><p>A 50-year-old woman",
        "bomb.xml": bomb,
    })
    assert r.exit_code == 0
    lines = r.stderr.splitlines() if r.stderr else r.output.splitlines()
    for name, reason in (("empty.txt", "empty"), ("binary.txt", "binary"), ("truncated.xml", "malformed"), ("bomb.xml", "unsafe")):
        assert any(name in ln and reason in ln for ln in lines), (name, lines)
    q = runner.invoke(app, ["query", "doses", "--data", str(data)])
    assert [(x["drug"], x["amount"]) for x in json.loads(q.stdout)] == [("apatinib", 500)]


def test_windows_1252_and_latin_1_are_decoded(tmp_path):
    text = "A 54-year-old woman received “pyrotinib” 400 mg daily – with grade 3 diarrhoea.\n"
    r, data = _build(tmp_path, {"cp.txt": text.encode("cp1252"), "latin.txt": "Un résumé: µ\n".encode("latin-1")})
    assert r.exit_code == 0
    rows = json.loads(runner.invoke(app, ["query", "adverse_events", "--data", str(data)]).stdout)
    ev = rows[0]["evidence"][0]
    assert ev["doc"] == "cp" and ev["text"] == text[ev["start"]:ev["end"]]  # offsets into the decoded text
    assert "“pyrotinib”" in ev["text"] and "–" in ev["text"]


def test_nothing_readable_exits_non_zero(tmp_path):
    r, _ = _build(tmp_path, {"empty.txt": b"   \n"})
    assert r.exit_code != 0


def test_unknown_view_is_an_error(tmp_path):
    r = runner.invoke(app, ["query", "nonsense", "--data", str(tmp_path)])
    assert r.exit_code == 2


OTHER = "A 48-year-old woman with renal cell carcinoma received sunitinib 50 mg daily and had stable disease.\n"


def test_the_library_commands_add_list_and_remove(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text(GOOD, encoding="utf-8")
    data = tmp_path / "data"
    first = runner.invoke(app, ["build", str(docs), "--data", str(data), "--no-bolt"])
    assert first.exit_code == 0 and "1 added" in first.stderr
    (docs / "two.txt").write_text(OTHER, encoding="utf-8")
    second = runner.invoke(app, ["build", str(docs), "--data", str(data), "--no-bolt"])
    assert "1 added" in second.stderr and "1 unchanged" in second.stderr and "1 document(s) replaced" in second.stderr
    text = runner.invoke(app, ["docs", "--data", str(data), "--format", "json"]).stdout
    listed = json.loads(text)
    assert [(d["id"], d["kind"], d["facts"]["treatments"]) for d in listed] == [("one", "case_report", 1), ("two", "case_report", 1)]
    assert text == json.dumps(listed, ensure_ascii=False, indent=1) + "\n"  # streamed, yet the text of one json.dump
    clash = tmp_path / "elsewhere"
    clash.mkdir()
    (clash / "two.md").write_text(GOOD, encoding="utf-8")
    refused = runner.invoke(app, ["build", str(clash / "two.md"), "--data", str(data), "--no-bolt"])
    assert "document id 'two' is already taken by" in refused.stderr and str(docs / "two.txt") in refused.stderr
    gone = runner.invoke(app, ["remove", "one", "--data", str(data), "--no-bolt"])
    assert gone.exit_code == 0 and "1 removed" in gone.stderr
    rows = json.loads(runner.invoke(app, ["query", "treatments", "--data", str(data), "--backend", "rdf"]).stdout)
    assert [r["doc"] for r in rows] == ["two"]
    assert runner.invoke(app, ["remove", "one", "--data", str(data), "--no-bolt"]).exit_code == 1


def test_export_csv_leaves_the_import_command_and_the_tally_script(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text(GOOD, encoding="utf-8")
    data = tmp_path / "data"
    assert runner.invoke(app, ["build", str(docs), "--data", str(data), "--no-bolt", "--no-rdf"]).exit_code == 0
    out = tmp_path / "csv"
    r = runner.invoke(app, ["export", "csv", str(out), "--data", str(data)])
    assert r.exit_code == 0, r.output
    steps = (out / "IMPORT.txt").read_text()
    assert steps.index("neo4j-admin database import") < steps.index("cypher-shell -f tallies.cypher")
    script = (out / "tallies.cypher").read_text()
    with (out / "nodes_Drug.csv").open(encoding="utf-8") as fh:
        drugs = {row["name:string"] for row in csv.DictReader(fh)}
    assert script.startswith(":param drugs => ") and drugs and all(f'"{d}"' in script.splitlines()[0] for d in drugs)
