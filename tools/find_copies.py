"""Find text in project files that shares >= N consecutive words with the shared corpus.

Usage: python tools/find_copies.py N file.py [file.py ...]

The shared texts are third-party: the project reads them, never copies them.
This scans string literals, comments and docstrings (via tokenize),
normalises case, whitespace and punctuation, slides an N-word window and
looks each window up in the normalised corpus (every set under
../shared/corpus).  tests/test_no_copied_text.py runs it over the package
and the tests.
"""

from __future__ import annotations

import ast
import io
import pathlib
import re
import sys
import tokenize

CORPUS = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WORD = re.compile(r"[a-z0-9]+(?:[./%][a-z0-9]+)*")


def norm(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _corpus() -> dict[str, str]:
    return {p.relative_to(CORPUS).as_posix(): " " + " ".join(norm(p.read_text(errors="replace"))) + " "
            for p in sorted(CORPUS.rglob("*.txt"))}


def _pieces(path: pathlib.Path):
    src = pathlib.Path(path).read_text()
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.STRING:
            try:
                val = ast.literal_eval(tok.string)
            except Exception:  # noqa: BLE001 - f-strings and the like: scan the raw token
                val = tok.string
            if isinstance(val, bytes):
                val = val.decode(errors="replace")
            yield tok.start[0], str(val)
        elif tok.type == tokenize.COMMENT:
            yield tok.start[0], tok.string.lstrip("#")


def _merged(path: pathlib.Path) -> list[tuple[int, str]]:
    """Consecutive comment/string lines joined, so a sentence split over lines is one text."""
    merged, buf, start, last = [], [], None, None
    for line, text in _pieces(path):
        if last is not None and line == last + 1:
            buf.append(text)
        else:
            if buf:
                merged.append((start, " ".join(buf)))
            buf, start = [text], line
        last = line + text.count("\n")
    if buf:
        merged.append((start, " ".join(buf)))
    return merged


def copies(n: int, paths) -> list[tuple[str, int, tuple[str, ...], str]]:
    """(path, line, documents, words) for every run of >= n words shared with the corpus."""
    corpus = _corpus()
    out = []
    for path in paths:
        for line, text in _merged(path):
            words = norm(text)
            hits: dict[tuple[str, ...], list[int]] = {}
            for i in range(len(words) - n + 1):
                win = " " + " ".join(words[i:i + n]) + " "
                docs = tuple(d for d, t in corpus.items() if win in t)
                if docs:
                    hits.setdefault(docs, []).append(i)
            for docs, idx in hits.items():
                runs, lo, hi = [], idx[0], idx[0] + n
                for i in idx[1:]:
                    if i <= hi - n + 1:
                        hi = i + n
                    else:
                        runs.append((lo, hi))
                        lo, hi = i, i + n
                runs.append((lo, hi))
                out += [(str(path), line, docs, " ".join(words[a:b])) for a, b in runs]
    return out


def main() -> None:
    for path, line, docs, words in copies(int(sys.argv[1]), sys.argv[2:]):
        print(f"{path}:{line}: [{', '.join(docs)}] {words}")


if __name__ == "__main__":
    main()
