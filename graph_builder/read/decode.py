"""Bytes to text, conservatively.

Evidence offsets are offsets into the *decoded* string, so decoding must
be deterministic: the same bytes always give the same str.  Case reports
come from Western publishers and from converters that write UTF-8, the
Windows code page (curly quotes, en dashes in 0x80–0x9F) or Latin-1, so
we try exactly those, in that order, instead of asking a statistical
detector that may pick an exotic code page for short English text.
"""

from __future__ import annotations

import codecs
import re

from .errors import ReadError

_BINARY = "binary file, not text"
_EMPTY = "empty file"
_XML_DECL = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Well-formed multi-byte UTF-8 sequences (RFC 3629).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_C1 = re.compile(rb"[\x80-\x9f]")
_HIGH = re.compile(rb"[\x80-\xff]")
# Control characters other than \t \n \f \r (C0, DEL and C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_FALLBACK = "graph_builder_cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected one by one as cp1252 (Latin-1 where cp1252 has a hole)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    out = []
    for b in exc.object[exc.start : exc.end]:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out), exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


#: Every byte but the control characters ``_CONTROL`` matches (all below 0xA0, so one Latin-1 byte each).
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))


def _control_ratio(text: str) -> float:
    """The share of ``_CONTROL`` characters: those left of the text's Latin-1 bytes (any other character is a "?")
    when every other byte is deleted, two passes in C, where ``re`` would test its class at every character."""
    return len(text.encode("latin-1", "replace").translate(None, _NOT_CONTROL)) / len(text)


def declared_encoding(data: bytes) -> str | None:
    """The codec named by an XML declaration, when Python knows it."""
    m = _XML_DECL.match(data)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _decode(data: bytes, path: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Word's "Unicode text" export: the NULs are half of each character, not binary.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(path, _BINARY) from None
    if b"\x00" in data:
        raise ReadError(path, _BINARY)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    # A UTF-8 file with a few pasted Windows bytes: keep the UTF-8, patch the strays.
    good = _UTF8_SEQ.findall(data)
    if good:
        stray = len(_HIGH.findall(data)) - sum(len(s) for s in good)
        if len(good) >= stray:
            return data.decode("utf-8", errors=_FALLBACK)
    if _C1.search(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a file's bytes; raise :class:`ReadError` for empty or binary files.

    UTF-8 (BOM stripped) first; then an XML declaration's encoding;
    then Windows-1252 when bytes 0x80–0x9F occur and decode, else Latin-1
    (which never fails).  Offsets downstream refer to the returned str.
    """
    if not data:
        raise ReadError(path, _EMPTY)
    text = _decode(data, path)
    if not text.strip():
        raise ReadError(path, _EMPTY)
    if "\x00" in text or _control_ratio(text) > 0.10:
        raise ReadError(path, _BINARY)
    return text
