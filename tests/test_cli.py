"""Bad input: one clear line naming the file; the other documents still processed."""

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
