"""Hostile and odd inputs: every one is a document result or a one-line reason, never an exception or a hang.

A seeded generator makes random bytes, broken and garbled XML of each
flavour the reader takes (JATS, PubMed, BioC XML and JSON), deep nesting,
entity tricks defusedxml must refuse, digit runs, one giant line,
thousands of tiny paragraphs, mixed encodings, gzip, and random mutations
of small valid documents written here.  Each input goes through
``read.iter_sources`` and ``extract_document``; a sample goes through a
whole ``service.build``.  CI runs ``GRAPH_BUILDER_FUZZ_COUNT`` inputs
(default 300); ``make fuzz`` runs 10,000.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_builder import service
from graph_builder.limits import Limits
from graph_builder.pipeline import extract_document
from graph_builder.read import SourceRef, iter_sources

COUNT = int(os.environ.get("GRAPH_BUILDER_FUZZ_COUNT", "300"))
SEED = int(os.environ.get("GRAPH_BUILDER_FUZZ_SEED", "20240611"))
BUDGET = 60.0  # the default per-document time budget

# -- small valid documents, written for this test ---------------------------------------------------

_CASE = ("A 58-year-old woman with metastatic lung adenocarcinoma harbouring an EGFR exon 19 deletion "
         "started gefitinib 250 mg daily. After 3 months the tumour showed a partial response. "
         "Grade 2 rash was managed with topical steroids. Progression-free survival was 11 months.")
_TEXT = f"Case report\n\n{_CASE}\n\nDiscussion\n\nOsimertinib 80 mg once daily was given after progression.\n"
_JATS = ('<?xml version="1.0"?><article article-type="case-report"><front><article-meta><title-group>'
         '<article-title>Response to <italic>gefitinib</italic></article-title></title-group><abstract><p>'
         f'{_CASE}</p></abstract></article-meta></front><body><sec><title>Case presentation</title><p>{_CASE}</p>'
         '<table-wrap><label>Table 1</label><caption><p>Doses</p></caption><table><tr><td>gefitinib</td>'
         '<td>250 mg</td></tr></table></table-wrap></sec></body><back><ref-list><ref><label>1</label>'
         '<mixed-citation>Doe J. A study. 2020.</mixed-citation></ref></ref-list></back></article>')
_PUBMED = ('<?xml version="1.0"?><PubmedArticleSet>' + "".join(
    f'<PubmedArticle><MedlineCitation><PMID>{900000 + i}</PMID><Article><ArticleTitle>Case {i}</ArticleTitle>'
    f'<Abstract><AbstractText Label="CASE">{_CASE}</AbstractText></Abstract></Article>'
    '<PublicationTypeList><PublicationType>Case Reports</PublicationType></PublicationTypeList>'
    '</MedlineCitation></PubmedArticle>' for i in range(2)) + '</PubmedArticleSet>')
_BIOC = ('<?xml version="1.0"?><collection><source>x</source><document><id>77</id>'
         '<passage><infon key="type">title</infon><offset>0</offset><text>Gefitinib case</text></passage>'
         f'<passage><infon key="type">abstract</infon><offset>15</offset><text>{_CASE}</text></passage>'
         '</document></collection>')
_BIOC_JSON = json.dumps({"documents": [{"id": "78", "passages": [
    {"infons": {"type": "title"}, "text": "Gefitinib case"}, {"infons": {"type": "abstract"}, "text": _CASE}]}]})
VALID: list[tuple[str, str]] = [(".txt", _TEXT), (".md", "# Case\n\n" + _CASE), (".nxml", _JATS),
                                (".xml", _PUBMED), (".xml", _BIOC), (".json", _BIOC_JSON)]
SUFFIXES = [".txt", ".md", ".xml", ".nxml", ".json", ".xml.gz", ".txt.gz", ".pdf", ".docx"]

# -- generators: each returns (suffix, bytes) -------------------------------------------------------


def _random_bytes(r: random.Random) -> tuple[str, bytes]:
    return r.choice(SUFFIXES), r.randbytes(r.choice([0, 1, 10, 300, 5000]))


def _mutate(r: random.Random) -> tuple[str, bytes]:
    suffix, text = r.choice(VALID)
    data = bytearray(text.encode("utf-8"))
    for _ in range(r.randint(1, 12)):
        op = r.random()
        i = r.randrange(len(data) + 1)
        if op < 0.3 and data:
            del data[i:i + r.randint(1, 40)]  # a tag or a word cut away
        elif op < 0.5:
            data[i:i] = r.choice([b"<", b">", b"&", b"</p>", b"<sec>", b"]]>", b"&amp", b"\x00", b"\xff\xfe", b"\xe2\x80"])
        elif op < 0.7 and data:
            data[i:i + 1] = bytes([r.randrange(256)])
        elif op < 0.85:
            chunk = data[r.randrange(len(data) or 1):][:200]
            data[i:i] = bytes(chunk) * r.randint(1, 30)  # a piece repeated
        else:
            data = data[:i]  # truncated
    return (suffix if r.random() < 0.8 else r.choice(SUFFIXES)), bytes(data)


def _deep(r: random.Random) -> tuple[str, bytes]:
    n = r.choice([500, 3500, 12000])
    kind = r.randrange(5)
    if kind == 0:
        body = "<article><body><sec><p>" + "<italic>" * n + "gefitinib" + "</italic>" * n + "</p></sec></body></article>"
    elif kind == 1:
        body = "<article><body>" + "<sec><title>T</title>" * n + "<p>x</p>" + "</sec>" * n + "</body></article>"
    elif kind == 2:
        body = ("<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>T</ArticleTitle><Abstract>"
                "<AbstractText>" + "<i>" * n + "x" + "</i>" * n + "</AbstractText></Abstract></Article>"
                "</MedlineCitation></PubmedArticle></PubmedArticleSet>")
    elif kind == 3:
        body = ("<collection><document><id>1</id><passage><text>" + "<b>" * n + "x" + "</b>" * n
                + "</text></passage></document></collection>")
    else:
        return ".json", ("[" * n + "]" * n).encode()
    if r.random() < 0.3:
        body = body[: r.randrange(len(body))]  # and truncated
    return r.choice([".xml", ".nxml"]), body.encode()


def _entities(r: random.Random) -> tuple[str, bytes]:
    kind = r.randrange(4)
    if kind == 0:  # billion laughs
        decl = '<!ENTITY a "lol">' + "".join(f'<!ENTITY {c} "&{p};&{p};&{p};&{p};">' for p, c in zip("abcdefg", "bcdefgh"))
        text = f'<?xml version="1.0"?><!DOCTYPE article [{decl}]><article><body><p>&h;</p></body></article>'
    elif kind == 1:  # external entity
        text = ('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<article><body><p>&x;</p></body></article>')
    elif kind == 2:  # a huge attribute
        text = f'<article id="{"A" * r.choice([10_000, 300_000])}"><body><p>{_CASE}</p></body></article>'
    else:  # unknown named entities and odd references
        text = f'<article><body><p>&nbsp;&#x1F600;&#99999999;&bogus;&#xD800; {_CASE}</p></body></article>'
    return ".xml", text.encode()


def _runs(r: random.Random) -> tuple[str, bytes]:
    n = r.choice([1_000, 10_000, 30_000, 100_000])
    kind = r.randrange(6)
    if kind == 0:
        text = "The patient received " + "1" * n + " cycles."
    elif kind == 1:
        text = "gefitinib 250 mg " * (n // 17)  # one giant line of doses
    elif kind == 2:
        text = " ".join(r.choice(["PFS", "of", "12", "months", "1.5", "mg/m2", "-", "(", ")", "grade", "3", "%", "vs",
                                  "EGFR", "cisplatin", "and", "day", "q3w", ";", "n=4"]) for _ in range(n // 4))
    elif kind == 3:
        text = "\n\n".join(["Erlotinib 150 mg."] * (n // 10))  # thousands of tiny paragraphs
    elif kind == 4:
        text = r.choice(["1.", "1,", "- ", "( ", "a-", "\t", "mg ", "%", "e.g. "]) * (n // 2)
    else:
        text = "\t".join(["gefitinib", "250 mg", "grade 3", "12 months"] * (n // 40))  # a giant table row
    suffix = r.choice([".txt", ".md"])
    if r.random() < 0.3:
        body = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
        return ".nxml", f"<article><body><sec><title>Case</title>{body}</sec></body></article>".encode()
    return suffix, text.encode()


def _encodings(r: random.Random) -> tuple[str, bytes]:
    suffix, text = r.choice(VALID[:2])
    enc = r.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig", "mixed"])
    text = text.replace("e", "é", 3)
    if enc == "mixed":
        half = len(text) // 2
        return suffix, text[:half].encode("utf-8") + text[half:].encode("latin-1") + b"\x81\x8d"
    return suffix, text.encode(enc, errors="replace")


def _gzipped(r: random.Random) -> tuple[str, bytes]:
    suffix, data = r.choice([_mutate, _random_bytes, _entities])(r)
    blob = gzip.compress(data)
    if r.random() < 0.4:
        blob = blob[: r.randrange(len(blob) + 1)]  # a truncated stream
    return suffix.removesuffix(".gz") + ".gz", blob


def _docx_or_pdf(r: random.Random) -> tuple[str, bytes]:
    import zipfile

    if r.random() < 0.5:
        return ".pdf", b"%PDF-1.4\n" + r.randbytes(r.choice([0, 50, 2000])) + (b"\n%%EOF" if r.random() < 0.5 else b"")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>" if r.random() < 0.5 else r.randbytes(40))
        z.writestr("word/document.xml", "<w:document>" + "<w:p>" * r.choice([1, 5000]) + "</w:document>")
    return ".docx", buf.getvalue()


GENERATORS: list[tuple[float, Callable[[random.Random], tuple[str, bytes]]]] = [
    (0.12, _random_bytes), (0.40, _mutate), (0.05, _deep), (0.06, _entities), (0.05, _runs), (0.12, _encodings),
    (0.12, _gzipped), (0.08, _docx_or_pdf),
]


def inputs(count: int, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """``(name, suffix, bytes)`` for ``count`` inputs, the same for the same seed."""
    r = random.Random(seed)
    weights = [w for w, _ in GENERATORS]
    for i in range(count):
        gen = r.choices([g for _, g in GENERATORS], weights)[0]
        suffix, data = gen(random.Random(r.getrandbits(64)))
        yield f"f{i:05d}-{gen.__name__.strip('_')}", suffix, data


# -- the tests ------------------------------------------------------------------------------------


def _one(path: Path, limits: Limits) -> Iterator[tuple[str, float, str | None]]:
    """``(label, seconds, error)`` for every document ``iter_sources`` finds in ``path``."""
    for item in iter_sources([path]):
        if not isinstance(item, SourceRef):
            yield str(path), 0.0, item.reason
            continue
        t = time.perf_counter()
        r = extract_document(item, limits)
        yield f"{path.name}#{item.part}", time.perf_counter() - t, r.error


def test_fuzzed_inputs_never_raise_nor_overrun(tmp_path: Path) -> None:
    limits = Limits.from_env(max_seconds=BUDGET)
    uncaught: list[str] = []
    over: list[str] = []
    slowest = (0.0, "")
    docs = 0
    start = time.perf_counter()
    for name, suffix, data in inputs(COUNT, SEED):
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(data)
        try:
            for label, seconds, error in _one(path, limits):
                docs += 1
                slowest = max(slowest, (seconds, label))
                if error and "time budget" in error:
                    over.append(f"{label}: {error}")
                assert error is None or "\n" not in error, f"{label}: a reason is one line: {error!r}"
        except Exception as e:  # noqa: BLE001 - counted, then reported
            uncaught.append(f"{name}{suffix}: {type(e).__name__}: {e}")
        path.unlink()
    elapsed = time.perf_counter() - start
    print(f"\nfuzz: {COUNT} inputs (seed {SEED}), {docs} documents, {elapsed:.1f} s, "
          f"slowest {slowest[1]} {slowest[0]:.2f} s; uncaught {len(uncaught)}, over budget {len(over)}")
    assert not uncaught, uncaught[:10]
    assert not over, over[:10]


def test_fuzzed_batch_builds(tmp_path: Path) -> None:
    """A folder of fuzzed files through the whole build: it finishes, and every file is either read or named."""
    folder = tmp_path / "docs"
    folder.mkdir()
    count = min(COUNT, 120)
    for name, suffix, data in inputs(count, SEED + 1):
        (folder / f"{name}{suffix}").write_bytes(data)
    summary = service.build([folder], tmp_path / "data", stores=[], jobs=2)
    named = {Path(p.path.split(" (article")[0]).name for p in summary.skipped}
    assert all(len(p.reason.splitlines()) == 1 for p in summary.skipped)
    # every file is in the library or among the skipped (a set file may be partly both)
    from graph_builder.emit import StatementStore

    stored = {Path(e.source).name for e in StatementStore(tmp_path / "data").manifest().documents.values()}
    assert {p.name for p in folder.iterdir()} <= stored | named


@pytest.mark.parametrize("jobs", [1, 2])
def test_issue_batch_keeps_good_documents(tmp_path: Path, jobs: int) -> None:
    """Issue 12's batch: 20 good files, one deeply nested XML, one 30 KB digit run — all 20 stored, the two named or read."""
    from graph_builder.bench.corpus import write_corpus

    docs = write_corpus(tmp_path / "docs", 20)
    deep = tmp_path / "docs" / "deep.nxml"
    deep.write_text("<article><body><sec><p>" + "<italic>" * 3400 + "x" + "</italic>" * 3400 + "</p></sec></body></article>")
    digits = tmp_path / "docs" / "digits.txt"
    digits.write_text("The patient received " + "7" * 30_000 + " cycles of gefitinib.\n")
    t = time.perf_counter()
    summary = service.build([docs], tmp_path / "data", stores=[], jobs=jobs,
                            limits=Limits(max_document_mb=20, max_seconds=BUDGET, max_sentence_chars=5000))
    assert time.perf_counter() - t < 120
    from graph_builder.emit import StatementStore

    stored = {Path(e.source).name for e in StatementStore(tmp_path / "data").manifest().documents.values()}
    good = {p.name for p in docs.rglob("*.txt") if p != digits}
    assert good <= stored and len(good) == 20
    for hostile in (deep, digits):  # each is read now, or named with its reason — never a lost batch
        assert hostile.name in stored or any(p.path == str(hostile) and p.reason for p in summary.skipped)


def test_issue_batch_names_refused_documents(tmp_path: Path) -> None:
    """With limits the two hostile files break, they are named ``path: reason`` and the 20 are kept."""
    from graph_builder.bench.corpus import write_corpus

    docs = write_corpus(tmp_path / "docs", 20)
    big = tmp_path / "docs" / "deep.nxml"
    big.write_text("<article><body><sec><p>" + "<italic>" * 3400 + "x" + "</italic>" * 3400 + "</p></sec></body></article>")
    digits = tmp_path / "docs" / "digits.txt"
    digits.write_text("The patient received " + "7" * 30_000 + " cycles of gefitinib.\n")
    summary = service.build([docs], tmp_path / "data", stores=[], jobs=2,
                            limits=Limits(max_document_mb=0.025, max_seconds=BUDGET))
    reasons = {Path(p.path).name: p.reason for p in summary.skipped}
    assert set(reasons) == {"deep.nxml", "digits.txt"}
    assert all(r.startswith("document too large: ") and r.endswith("MB (GRAPH_BUILDER_MAX_DOCUMENT_MB)")
               for r in reasons.values())
    assert summary.documents == 20
    assert [str(p) for p in summary.skipped] == [f"{p.path}: {p.reason}" for p in summary.skipped]


def test_a_dead_worker_loses_only_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-document (SIGKILL, as the OOM killer does): its chunk is re-run one by one, the rest kept."""
    import multiprocessing as mp
    import signal

    from graph_builder import parallel
    from graph_builder.bench.corpus import write_corpus

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the patched extractor reaches the workers by fork")
    docs = sorted(write_corpus(tmp_path / "docs", 40).rglob("*.txt"))
    killer = docs[0].parent / "zz-die.txt"
    killer.write_text("dies")
    items = docs[:25] + [killer] + docs[25:]
    real = parallel.extract_document

    def dying(source, limits=None):
        if "die" in str(getattr(source, "path", source)):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, limits)

    monkeypatch.setattr(parallel, "extract_document", dying)
    results = list(parallel.encoded_stream(items, jobs=2, chunk=4))
    assert [r.path for r in results] == [str(p) for p in items]
    assert [r.path for r in results if r.error] == [str(killer)]
    assert "worker process died" in results[25].error
