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

The file (one per Python build, in the user cache directory) is trusted only
when its stamp matches: this Python's exact version, ``sre``'s code format,
and the source of :mod:`.fastre` and of this module, so a change to how
patterns are compiled discards it.  A pattern's own text is part of its key,
so an edited pattern simply misses.  A damaged file is ignored (and ``sre``
validates any code it is given); one that cannot be written only costs the
compile.  New entries are written at exit, merged with what other processes
wrote meanwhile.  ``GRAPH_BUILDER_REGEX_CACHE=0`` turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
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


class Store:
    """Cached values by key, loaded from ``path`` on first use and written back at exit when something was added."""

    def __init__(self, path: Path | None, stamp: tuple[Any, ...] | None) -> None:
        self.path, self.stamp = path, stamp
        self.hits = self.misses = 0
        self._entries: dict[Any, Any] | None = None
        self._added: dict[Any, Any] = {}

    @property
    def enabled(self) -> bool:
        return self.path is not None and self.stamp is not None

    def _read(self) -> dict[Any, Any]:
        if not self.enabled:
            return {}
        try:
            stamp, entries = marshal.loads(self.path.read_bytes())  # type: ignore[union-attr]
        except (OSError, EOFError, ValueError, TypeError):  # absent or damaged: start again
            return {}
        return entries if stamp == self.stamp and isinstance(entries, dict) else {}

    def get(self, key: Any) -> Any:
        """The value kept for ``key``, or None."""
        if self._entries is None:
            self._entries = self._read()
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: Any, value: Any) -> None:
        if self.enabled:
            if self._entries is None:
                self._entries = self._read()
            self._entries[key] = self._added[key] = value

    def discard(self, key: Any) -> None:
        """Forget a value that proved unusable (its code was rejected), here and in the next write."""
        if self._entries is not None:
            self._entries.pop(key, None)
        self._added.pop(key, None)
        self._added[key] = None  # written as a removal

    def save(self) -> bool:
        """Write what was added since the last save, merged into the file as it is now; True when written."""
        if not self._added or not self.enabled:
            return False
        merged = self._read()  # what other processes wrote since this one read it
        for key, value in self._added.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        try:
            data = marshal.dumps((self.stamp, merged))
        except ValueError:  # an entry marshal cannot write (never expected): keep nothing rather than fail at exit
            return False
        if write_atomically(self.path, data):  # type: ignore[arg-type]
            self._added.clear()
            return True
        return False


def _path() -> Path | None:
    if os.environ.get("GRAPH_BUILDER_REGEX_CACHE", "").strip() == "0":
        return None
    return cache_dir() / f"regex-{sys.implementation.cache_tag}.marshal"


STORE = Store(_path(), _stamp())
"""This process's store (its path and stamp fixed at import)."""
atexit.register(STORE.save)
