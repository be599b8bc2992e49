"""The user cache directory: files a process can rebuild, kept so that the next process need not.

Two things are kept there: the cut-down drug-NER dictionary
(:mod:`.recognise.drug_dictionary`) and the compiled regular expressions
(:mod:`.regex_cache`).  Each is rebuilt when it is absent, damaged or stale,
and written whole or not at all (a temporary file, then a rename), so a
reader in another process never sees half a file.  A cache that cannot be
written (a read-only home, a sandbox) only costs the rebuild.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["cache_dir", "write_atomically"]


def cache_dir() -> Path:
    """``$GRAPH_BUILDER_CACHE``, else the platform's user cache directory for graph-builder."""
    env = os.environ.get("GRAPH_BUILDER_CACHE", "").strip()
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("graph-builder"))


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False when it cannot be written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # processes and threads may write at once
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)  # a reader sees the old file or the whole new one
        return True
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
