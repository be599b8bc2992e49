"""Extraction beside spaCy's blank English tokenizer + sentencizer: the same texts, one process, one run.

Why this yardstick: tokenising and splitting sentences is the least any
pipeline reading these texts must do, and spaCy's blank pipeline is the
fastest widely used one; extraction (reading, segmenting, recognising,
relating, emitting) is reported as a ratio of its words per second, with
the two measured in alternation so that a busy machine slows both alike.
Both run in this process after a warm-up pass (no start-up cost in either);
start-up is measured separately, as a fresh process reading one document.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_STARTUP = """
import time
t = time.perf_counter()
from graph_builder.pipeline import extract_document
r = extract_document(__import__("pathlib").Path(__import__("sys").argv[1]))
assert not r.error, r.error
print(time.perf_counter() - t)
"""


def extraction_build() -> str:
    """Which form of the extraction stages this process runs: ``make bench`` times the native one.

    ``native (mypyc)`` when they were imported from ``make native``'s compiled
    modules, ``python`` when from the sources (the checkout, ``pip install``).
    """
    from ..relate import clauses

    return "python" if (clauses.__file__ or "").endswith(".py") else "native (mypyc)"


def _texts(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="ignore") for p in paths]


def startup_seconds(document: Path, runs: int = 3, cached: bool = True) -> float:
    """Median wall time of a fresh Python process importing the pipeline and extracting one document.

    ``cached``: as every process after the first on a machine starts, with the compiled patterns
    read from :mod:`..regex_cache` (one process runs first, untimed, so that they are there);
    otherwise as with that cache off, compiling every pattern (the first process's cost).
    """
    env = {**os.environ, "GRAPH_BUILDER_REGEX_CACHE": "1" if cached else "0"}

    def one() -> float:
        out = subprocess.run([sys.executable, "-c", _STARTUP, str(document)], capture_output=True, text=True, env=env,
                             check=True)
        return float(out.stdout.split()[-1])

    if cached:
        one()
    return statistics.median(one() for _ in range(runs))


def compare(paths: list[Path], repeats: int = 3, min_seconds: float = 2.0, max_repeats: int = 60) -> dict[str, Any]:
    """Words/s of extraction and of spaCy's blank tokenizer + sentencizer over ``paths``; CPU ms per document.

    ``ratio`` is extraction's words/s over spaCy's (spaCy's CPU time over
    ours): 0.5 means half as fast.  Extraction's time includes reading
    each file (it is part of the pipeline); spaCy is handed the texts
    already read.  ``spacy`` is the ``[bench]`` extra: without it only
    extraction is timed.

    The two are timed in alternation, at least ``repeats`` times each and
    until extraction has taken ``min_seconds`` of CPU (at most
    ``max_repeats``), and each side's median pass is reported: a pass over
    a dozen abstracts lasts ~50 ms, and on a shared machine three such
    passes gave ratios 25% apart from one run to the next.
    """
    if not paths:
        raise ValueError("no documents to time")
    from ..pipeline import extract_document, preload

    preload()
    texts = _texts(paths)
    words = sum(len(t.split()) for t in texts)
    try:
        import spacy
    except ImportError:
        nlp = None
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.max_length = max([nlp.max_length, *(len(t) + 1 for t in texts)])

    def ours() -> float:
        t = time.process_time()
        for p in paths:
            extract_document(p)
        return time.process_time() - t

    def theirs() -> float:
        t = time.process_time()
        for _ in nlp.pipe(texts):  # type: ignore[union-attr]
            pass
        return time.process_time() - t

    ours()  # warm-up: lazily built patterns, caches, the allocator
    if nlp is not None:
        theirs()
    mine: list[float] = []
    spacy_times: list[float] = []
    while len(mine) < max_repeats and (len(mine) < repeats or sum(mine) < min_seconds):
        mine.append(ours())
        if nlp is not None:
            spacy_times.append(theirs())
    out: dict[str, Any] = {"docs": len(paths), "words": words, "repeats": len(mine), "build": extraction_build(),
                           "extraction_cpu_s": statistics.median(mine),
                           "extraction_words_per_s": words / statistics.median(mine),
                           "cpu_ms_per_doc": 1000 * statistics.median(mine) / max(len(paths), 1)}
    if nlp is not None:
        out.update(spacy_cpu_s=statistics.median(spacy_times), spacy_words_per_s=words / statistics.median(spacy_times),
                   ratio=statistics.median(spacy_times) / statistics.median(mine))
    else:
        out["spacy"] = "not installed (pip install graph-builder[bench])"
    return out
