"""No test sentence, comment or docstring repeats a third-party text (the shared corpus is read, never copied)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Fixed terminology, not sentences: a unit written out is the same words wherever it appears.
ALLOWED = {"mg per square meter of body surface area", "on days 1 14 of a 21 day cycle"}


def test_nothing_shares_eight_words_with_the_shared_corpus(shared):
    spec = importlib.util.spec_from_file_location("find_copies", ROOT / "tools" / "find_copies.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    files = sorted(p for d in ("graph_builder", "tests") for p in (ROOT / d).rglob("*.py")
                   if "heldout" not in p.parts)
    found = [c for c in mod.copies(8, files) if c[3] not in ALLOWED]
    assert found == []
