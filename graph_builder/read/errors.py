"""The one error the READ stage raises.

A corpus run must report a bad file and go on with the next one, so
every problem a file can have (empty, binary, malformed or hostile XML,
unreadable) becomes a :class:`ReadError` that names the file and says
why in one line, instead of a stack trace from deep inside a parser.
"""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read as a document: ``path`` and a short ``reason``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(str(path), reason)  # both in args, so the error pickles across processes
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {' '.join(self.reason.split())}"
