"""Word ``.docx``: paragraphs in order, headings as headings, tables as tab-separated rows.

Read with ``python-docx``, the maintained reader and writer of the
format: its ``iter_inner_content`` walks the body's paragraphs and tables
in document order, and paragraph styles say which lines are headings.
(``docx2python`` flattens more but loses the heading styles.)  The
source of a Word document is the laid-out text itself — a ``.docx`` is a
zip of XML, nothing a reader can point a character offset into — so
evidence is a slice of that text.

python-docx parses the package's XML with lxml with entity resolution
off; before it does, ``word/document.xml`` is checked by defusedxml like
every other XML this project reads, and the package's inflated size is
bounded so a zip bomb is refused rather than expanded.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .errors import ReadError
from .textview import TextView

MAX_INFLATED = 512 << 20  # all parts of one .docx, inflated


def _check_package(data: bytes, path: str) -> None:
    from .decode import decode_bytes
    from .xml import check_xml

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_INFLATED:
                raise ReadError(path, f"Word file inflates to more than {MAX_INFLATED >> 20} MiB")
            body = z.read("word/document.xml")
    except KeyError:
        raise ReadError(path, "not a Word document: no word/document.xml in the package") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
        raise ReadError(path, f"corrupt Word file: {e}") from None
    check_xml(decode_bytes(body, path), path)


def _heading_level(paragraph: Any) -> int | None:
    """0 for a Title, n for "Heading n", None for body text."""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 0
    if name.startswith("Heading"):
        return int(name[7:].strip() or 1) if name[7:].strip().isdigit() else 1
    return None


def _rows(table: Any) -> list[str]:
    """One line per row, cells joined by TAB (a merged cell once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats its object along the row
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def docx_view(data: bytes, path: str) -> tuple[TextView, str | None]:
    """``(view, title)``: the document's text laid out like the XML readers lay out theirs."""
    _check_package(data, path)
    import docx  # imported here: only Word input needs it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
        core_title = document.core_properties.title or None
    except Exception as e:  # noqa: BLE001 - python-docx raises many types on a damaged package
        raise ReadError(path, f"corrupt Word file: {type(e).__name__}: {e}") from None
    out: list[str] = []
    last, title = "", None

    def emit(text: str, kind: str) -> None:
        nonlocal last
        if out:
            tight = last == "heading" and kind != "heading" or last == kind == "row"
            out.append("\n" if tight else "\n\n")
        out.append(text)
        last = kind

    for block in blocks:
        if isinstance(block, Table):
            for row in _rows(block):
                emit(row, "row")
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        level = _heading_level(block)
        if level == 0 and title is None:
            title = text
            emit(text, "para")
        else:
            emit(text, "heading" if level is not None else "para")
    body = "".join(out)
    if not body.strip():
        raise ReadError(path, "empty document: no paragraph or table text")
    return TextView.identity(body), title or core_title


__all__ = ["docx_view"]
