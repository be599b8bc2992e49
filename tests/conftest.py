import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Tests never read or write the user's cache (compiled regular expressions, the drug-NER index): one fresh
# folder per session, set before graph_builder is imported (regex_cache fixes its file at import) and
# inherited by the processes the tests start.
_CACHE = tempfile.mkdtemp(prefix="graph-builder-test-cache-")
os.environ["GRAPH_BUILDER_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

import pytest  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from graph_builder.servers.arcadedb import BoltTarget, EmbeddedArcadeDB, embedded_unavailable_reason  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _never_a_real_neo4j(monkeypatch):
    """Tests load into the embedded server only, never into a database the user configured."""
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)




@pytest.fixture(scope="session")
def bolt_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltTarget]:
    """A running embedded ArcadeDB server (database ``kg``), stopped at session end.

    Always the embedded server, whatever NEO4J_URI says: tests must not write
    into a user's real database. Tests share it, so each should use its own
    labels or clean up what it creates.
    """
    reason = embedded_unavailable_reason()
    if reason is not None:
        pytest.skip(f"embedded graph server unavailable: {reason}")
    pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    # The server runs in its own session, so a SIGTERM to pytest (a CI
    # timeout, `kill`) would not reach it and, by default, would end pytest
    # without running this finally. Turned into KeyboardInterrupt it ends the
    # run the way ^C does: teardown, then exit.
    previous = None
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    server = EmbeddedArcadeDB(tmp_path_factory.mktemp("bolt-server"))
    try:
        yield server.start()
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


# Invented text, written for the page tests: a drug-target sentence on page 1, a case on page 2.
PDF_PAGE_ONE = ("Background", "Sunitinib is an oral inhibitor of the kinases KDR and PDGFRB.")
PDF_PAGE_TWO = ("Case report", "A 61-year-old man with renal cell carcinoma received sunitinib 50 mg daily.",
                "After three months the tumour showed a partial response.")


@pytest.fixture(scope="session")
def pdf_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory built (RDF store only) from a real two-page PDF written here with fpdf2.

    Its evidence must say which page it is on: page 1 for the drug-target
    statement, page 2 for every fact of the case.
    """
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (the test extra) writes the PDF")
    from graph_builder import service

    root = tmp_path_factory.mktemp("pdf-pages")
    pdf = fpdf.FPDF()
    for lines in (PDF_PAGE_ONE, PDF_PAGE_TWO):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.multi_cell(0, 6, line)
            pdf.ln(4)
    pdf.output(str(root / "renal_case.pdf"))
    data = root / "data"
    service.build([root / "renal_case.pdf"], data, stores=["rdf"], jobs=1)
    return data
