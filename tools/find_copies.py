"""Find text in project files that shares >= N consecutive words with /work/shared/corpus.

Usage: python find_copies.py N file.py [file.py ...]
Scans string literals, comments and docstrings (tokenize), normalises case,
whitespace and punctuation, slides an N-word window and looks each window up in
the normalised corpus (all of seeds, dev, dev2)."""
import io, re, sys, tokenize, pathlib, ast

CORPUS = pathlib.Path("/work/shared/corpus")
WORD = re.compile(r"[a-z0-9]+(?:[./%][a-z0-9]+)*")

def norm(text):
    return WORD.findall(text.lower())

corpus = {}
for p in sorted(CORPUS.rglob("*.txt")):
    corpus[p.relative_to(CORPUS).as_posix()] = " " + " ".join(norm(p.read_text(errors="replace"))) + " "

def pieces(path):
    src = pathlib.Path(path).read_text()
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.STRING:
            try:
                val = ast.literal_eval(tok.string)
            except Exception:
                val = tok.string
            if isinstance(val, bytes):
                val = val.decode(errors="replace")
            yield tok.start[0], str(val)
        elif tok.type == tokenize.COMMENT:
            yield tok.start[0], tok.string.lstrip("#")

def main():
    n = int(sys.argv[1])
    for path in sys.argv[2:]:
        # join consecutive comment lines so windows can span them
        items = list(pieces(path))
        merged, buf, start, last = [], [], None, None
        for line, text in items:
            if last is not None and line == last + 1:
                buf.append(text)
            else:
                if buf: merged.append((start, " ".join(buf)))
                buf, start = [text], line
            last = line + text.count("\n")
        if buf: merged.append((start, " ".join(buf)))
        for line, text in merged:
            words = norm(text)
            hits = {}
            for i in range(len(words) - n + 1):
                win = " " + " ".join(words[i:i + n]) + " "
                docs = [d for d, t in corpus.items() if win in t]
                if docs:
                    hits.setdefault(tuple(docs), []).append(i)
            for docs, idx in hits.items():
                runs, lo, hi = [], idx[0], idx[0] + n   # contiguous runs of overlapping windows
                for i in idx[1:]:
                    if i <= hi - n + 1:
                        hi = i + n
                    else:
                        runs.append((lo, hi)); lo, hi = i, i + n
                runs.append((lo, hi))
                for lo, hi in runs:
                    print(f"{path}:{line}: [{', '.join(docs)}] {' '.join(words[lo:hi])}")

main()
