"""Gzip-compressed documents (``.xml.gz`` baseline files, ``.pdf.gz`` …).

The standard library's :mod:`gzip` is the maintained reader for this;
what this module adds is the policy: a file is gzip when its name ends in
``.gz`` *or* its first bytes are the gzip magic (exports renamed by hand),
the format inside is decided by the inner name (``case.xml.gz`` → ``.xml``),
a corrupt stream is a one-line :class:`ReadError`, and a whole-file read
stops at :data:`MAX_INFLATED` so a gzip bomb cannot exhaust memory.
Multi-article files are never read whole: :mod:`.split` streams them.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import BinaryIO

from .errors import ReadError

GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIXES = (".gz", ".gzip")
MAX_INFLATED = 1 << 30  # a single document larger than 1 GiB once inflated is refused
_CORRUPT = (OSError, EOFError, zlib.error)


def file_name(path: Path | str) -> str:
    """``Path(path).name`` without building a ``Path`` (it is asked several times for every document read)."""
    if isinstance(path, Path):
        return path.name
    tail = path.rsplit("/", 1)[-1]
    return tail if tail not in ("", ".") else Path(path).name


def inner_name(path: Path | str) -> str:
    """The file name without its gzip suffix: ``a.xml.gz`` → ``a.xml``."""
    name = file_name(path)
    for suffix in GZIP_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _named_gzip(path: Path | str) -> bool:
    """Whether the file's name says gzip (``.gz``, ``.gzip``); one without may still start with the magic."""
    name = file_name(path)
    return inner_name(name) != name


def _plain(path: Path | str, f: BinaryIO) -> bool:
    """Whether the open file ``f`` is not gzip (neither named ``.gz`` nor starting with the magic); rewinds it."""
    plain = not _named_gzip(path) and f.read(2) != GZIP_MAGIC
    f.seek(0)
    return plain


def open_binary(path: Path | str) -> BinaryIO:
    """The file's content as a binary stream, inflated on the fly when it is gzip (the file is opened once)."""
    f = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    try:
        plain = _plain(path, f)
    except BaseException:
        f.close()
        raise
    if plain:
        return f
    f.close()
    return gzip.open(path, "rb")  # type: ignore[return-value]


def read_bytes(path: Path | str) -> bytes:
    """The whole (inflated) content; :class:`ReadError` for an unreadable file or a corrupt stream."""
    try:
        with open(path, "rb", buffering=0) as raw:  # opened once, gzip or not; unbuffered: read whole or inflated
            if not _named_gzip(path):  # (the usual case: one read, the magic looked for in what it read)
                data = raw.read()
                if data[:2] != GZIP_MAGIC:
                    return data
                stream: BinaryIO = io.BytesIO(data)  # a gzip file renamed by hand
            else:
                stream = raw  # type: ignore[assignment]
            with gzip.GzipFile(fileobj=stream, mode="rb") as f:
                data = f.read(MAX_INFLATED + 1)
    except _CORRUPT as e:
        if isinstance(e, OSError) and not isinstance(e, gzip.BadGzipFile) and e.strerror:
            raise ReadError(path, f"cannot read file: {e.strerror}") from None
        raise ReadError(path, f"corrupt gzip file: {e or type(e).__name__}") from None
    if len(data) > MAX_INFLATED:
        raise ReadError(path, f"gzip file inflates to more than {MAX_INFLATED >> 20} MiB")
    return data


__all__ = ["GZIP_MAGIC", "MAX_INFLATED", "file_name", "inner_name", "open_binary", "read_bytes"]
