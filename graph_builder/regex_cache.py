"""Compiled regular expressions kept between processes: start-up without ``re``'s parser.

Why: most of a process's start-up went into compiling patterns.  The cue
patterns of the extraction stages and the vocabulary tries (one alternative
per drug, event, target...) are a few hundred patterns, and ``re`` parses and
compiles them in Python: ~0.5 s of a ~1 s start-up, paid again by every
``kg build``, every test process, every spawned worker.  What compiling gives
is a list of integers (``sre`` code) from which ``_sre.compile`` makes the
pattern at once.  :mod:`.fastre` keeps that code here, with what it derived
from the parse (the needles of a case-insensitive pattern), under a key that
says what was compiled and how; a later process takes the pattern from the
code and never parses it.

The file (in the user cache directory) is trusted only when its stamp
matches: this Python's exact version, ``sre``'s code format,
and the source of :mod:`.fastre` and of this module, so a change to how
patterns are compiled discards it.  A pattern's own text is part of its key,
so an edited pattern simply misses.  A file whose bytes do not match its
checksum is ignored (and ``sre`` validates any code it is given); one that
cannot be written only costs the compile.  New entries are written at exit
(and by pool workers after each chunk), merged under a lock with what other
processes wrote meanwhile.  Each stamp has its own file, so two checkouts or
two Pythons do not overwrite each other's; a file of another stamp unused for
30 days is removed.  ``GRAPH_BUILDER_REGEX_CACHE=0`` turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

import _sre  # type: ignore[import-not-found]

from .user_cache import cache_dir, write_atomically

__all__ = ["Code", "STORE", "Store", "from_code", "tree_code"]

Code: TypeAlias = "tuple[str | None, int, list[int], int, dict[str, int], tuple[str | None, ...]]"
"""The arguments ``_sre.compile`` takes: pattern text, flags, code, number of groups, group index, group names."""


def tree_code(pattern: str | None, flags: int, tree: Any, code: list[int] | None = None) -> Code:
    """What ``re._compiler.compile`` gives ``_sre.compile`` for a parsed pattern (``code``: made elsewhere)."""
    if code is None:
        from re import _compiler  # type: ignore[attr-defined]

        code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # (sre's opcodes are an int subclass, which marshal does not write: plain ints, the same values)
    return (pattern, int(flags | tree.state.flags), [int(c) for c in code], tree.state.groups - 1, groupindex,
            tuple(indexgroup))


def from_code(code: Code) -> re.Pattern[str]:
    """The pattern ``code`` describes (``_sre`` checks the code and raises RuntimeError on a bad one)."""
    pattern: re.Pattern[str] = _sre.compile(*code)
    return pattern


def _stamp() -> tuple[Any, ...] | None:
    """What the cached code depends on besides each pattern's text; None when it cannot be told."""
    here = Path(__file__).resolve()
    digest = hashlib.sha256()
    try:
        for name in ("fastre.py", "regex_cache.py"):
            digest.update((here.parent / name).read_bytes())
    except OSError:  # sources not beside the module (a frozen build): no way to see a change, so no cache
        return None
    return (sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode, digest.hexdigest())


_FORMAT = "graph-builder regex cache 1"
_MAX_BYTES = 32 << 20  # past this, a write keeps only what the writing process used (the vocabularies changed)
_STALE_DAYS = 30  # another stamp's file (an older fastre, another Python) unused this long is removed


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` + ``.lock`` where the platform has one, so two writers merge in turn."""
    try:
        import fcntl
    except ImportError:  # (Windows: the rename is still atomic; a concurrent write may drop the other's additions)
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - held for the block
    except OSError:
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


class Store:
    """Cached values by key, loaded from ``path`` on first use and written back (at exit) when something was added.

    The file holds the stamp, a checksum and the entries: a file of another stamp, or one whose
    bytes do not match its checksum, is read as empty.  Values are never None.
    """

    def __init__(self, path: Path | None, stamp: tuple[Any, ...] | None) -> None:
        self.path, self.stamp = path, stamp
        self.hits = self.misses = 0
        self._entries: dict[Any, Any] | None = None
        self._added: dict[Any, Any] = {}
        self._used: set[Any] = set()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.path is not None and self.stamp is not None

    def _read(self) -> dict[Any, Any]:
        if not self.enabled:
            return {}
        try:
            fmt, stamp, checksum, payload = marshal.loads(self.path.read_bytes())  # type: ignore[union-attr]
            if fmt != _FORMAT or stamp != self.stamp or zlib.crc32(payload) != checksum:
                return {}
            entries = marshal.loads(payload)
        except Exception:  # noqa: BLE001 - absent or damaged, whatever the damage: start again
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, key: Any) -> Any:
        """The value kept for ``key``, or None."""
        if self._entries is None:
            self._entries = self._read()
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.add(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        if self.enabled:
            if self._entries is None:
                self._entries = self._read()
            with self._lock:
                self._entries[key] = self._added[key] = value

    def save(self) -> bool:
        """Write what was added since the last save, merged into the file as it is now; True when written.

        Called at exit, and by a pool worker after each chunk (a forked worker ends without running
        ``atexit``).  What another thread adds meanwhile stays for the next save.
        """
        if not self._added or not self.enabled:
            return False
        path: Path = self.path  # type: ignore[assignment]
        with self._lock:
            added = dict(self._added)
        with _locked(path):
            merged = self._read()  # what other processes wrote since this one read it
            merged.update(added)
            try:
                payload = marshal.dumps(merged)
                if len(payload) > _MAX_BYTES:
                    merged = {k: merged[k] for k in self._used | added.keys()}
                    payload = marshal.dumps(merged)
                data = marshal.dumps((_FORMAT, self.stamp, zlib.crc32(payload), payload))
            except ValueError:  # an entry marshal cannot write (never expected): keep nothing rather than fail at exit
                return False
            if not write_atomically(path, data):
                return False
        with self._lock:
            for key, value in added.items():
                if self._added.get(key) is value:
                    del self._added[key]
        _remove_stale(path)
        return True


def _remove_stale(current: Path) -> None:
    """Remove the files of other stamps (older sources, other Pythons) not written for ``_STALE_DAYS``."""
    cutoff = time.time() - _STALE_DAYS * 86400
    try:
        for other in current.parent.glob("regex-*.marshal"):
            if other != current and other.stat().st_mtime < cutoff:
                other.unlink(missing_ok=True)
                other.with_name(other.name + ".lock").unlink(missing_ok=True)
    except OSError:
        pass


def _path(stamp: tuple[Any, ...] | None) -> Path | None:
    """One file per stamp: two checkouts, two Pythons or the native and the Python form keep theirs side by side."""
    if os.environ.get("GRAPH_BUILDER_REGEX_CACHE", "").strip() == "0" or stamp is None:
        return None
    digest = hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]
    return cache_dir() / f"regex-{sys.implementation.cache_tag}-{digest}.marshal"


_STAMP = _stamp()
STORE = Store(_path(_STAMP), _STAMP)
"""This process's store (its path and stamp fixed at import)."""
atexit.register(STORE.save)
