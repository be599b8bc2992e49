"""Decoding: which bytes become which str, and which files are refused."""

from __future__ import annotations

import pytest

from graph_builder.read import ReadError, read_document
from graph_builder.read.decode import decode_bytes


def test_utf8_with_bom_is_stripped(write):
    path = write("a.txt", "\ufeffA 62-year-old woman received 80 mg/m² cisplatin.\n".encode("utf-8"))
    doc = read_document(path)
    assert doc.format == "text" and doc.doc_id == "a"
    assert doc.view.source.startswith("A 62-year-old")
    assert "m²" in doc.view.text


def test_cp1252_curly_quotes_and_en_dash(write):
    data = "The \u201cpartial response\u201d lasted 6\u20138 months.\n".encode("cp1252")
    assert b"\x93" in data and b"\x96" in data
    doc = read_document(write("b.txt", data))
    src = doc.view.source
    assert src == "The \u201cpartial response\u201d lasted 6\u20138 months.\n"
    a = doc.view.text.index("\u201cpartial")
    b = doc.view.text.index("months") + len("months")
    s, e = doc.view.span(a, b)
    assert src[s:e] == "\u201cpartial response\u201d lasted 6\u20138 months"
    assert src.index("\u2013") == len("The \u201cpartial response\u201d lasted 6")  # decoded chars


def test_latin1_micro_and_acute(write):
    data = "Dose 5 \u00b5g/kg; caf\u00e9-au-lait spots.\n".encode("latin-1")
    doc = read_document(write("c.txt", data))
    assert doc.view.source == "Dose 5 \u00b5g/kg; caf\u00e9-au-lait spots.\n"
    i = doc.view.text.index("\u00b5")
    assert doc.view.source_slice(i, i + 1) == "\u00b5"


def test_undefined_cp1252_byte_falls_back_to_latin1():
    # 0x81 has no cp1252 character: the whole file is then read as Latin-1.
    assert decode_bytes(b"caf\xe9 au lait \x81 ok", "x.txt") == "caf\u00e9 au lait \x81 ok"


def test_utf8_with_a_stray_windows_byte_keeps_the_utf8():
    data = "Na\u00efve T cells \u2265 10%".encode("utf-8") + b" \x96 stable"
    assert decode_bytes(data, "x.txt") == "Na\u00efve T cells \u2265 10% \u2013 stable"


def test_xml_declaration_encoding_is_honoured():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\u00e9</a>'.encode("latin-1")
    assert decode_bytes(data, "x.xml").endswith("<a>caf\u00e9</a>")


def test_utf16_with_bom_is_text_not_binary():
    assert decode_bytes("Tumour board".encode("utf-16"), "x.txt") == "Tumour board"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf"])
def test_empty_file(write, data):
    with pytest.raises(ReadError) as err:
        read_document(write("empty.txt", data))
    assert err.value.reason == "empty file"
    assert str(err.value) == f"{err.value.path}: empty file"
    assert err.value.path.endswith("empty.txt")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n\x00\x01\x02binary", bytes(range(1, 9)) * 20 + b"some words"])
def test_binary_file(write, data):
    with pytest.raises(ReadError) as err:
        read_document(write("scan.txt", data))
    assert err.value.reason == "binary file, not text"


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "nope.txt")
    assert err.value.reason.startswith("cannot read file")


def test_read_error_is_one_line():
    err = ReadError("cases/x.xml", "malformed XML: no element found:\n line 3")
    assert str(err) == "cases/x.xml: malformed XML: no element found: line 3"


def test_read_error_pickles():
    import pickle

    err = pickle.loads(pickle.dumps(ReadError("a.xml", "empty file")))
    assert (err.path, err.reason, str(err)) == ("a.xml", "empty file", "a.xml: empty file")


def test_control_ratio_counts_what_the_control_class_matches():
    import random

    from graph_builder.read.decode import _CONTROL, _control_ratio

    rng = random.Random(2)
    alphabet = "ab \t\n\r\x0b\x0c\x00\x08\x1b\x1f\x7f\x80\x9f\xa0é–\u2028\U0001f600"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert _control_ratio(text) == len(_CONTROL.findall(text)) / len(text)
