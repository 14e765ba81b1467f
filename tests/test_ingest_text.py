"""Text and Markdown files: decoding, newlines, binary junk, empty files, reader choice."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.ingest import read_path
from redline.ingest.decoding import decode_text, normalise_newlines
from redline.registry import ReadError, choose_reader

ARTICLE = ("The ministry said on Tuesday that 1,200 soldiers had been killed.\n"
           "“These numbers are invented,” a spokesman told reporters — café owners disagreed.\n")


@pytest.fixture(autouse=True)
def _ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_CACHE", str(tmp_path / "cache"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_unicode_encodings_decode_to_the_same_text(tmp_path, encoding, bom):
    doc = read_path(write(tmp_path, "a.txt", bom + ARTICLE.encode(encoding)), {})
    assert doc.text == ARTICLE
    assert doc.reader == "text"
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_legacy_encodings_are_detected_and_noted(tmp_path, encoding):
    text = "Le café était fermé, dit-il. Naïve résumé of the façade.\n"
    doc = read_path(write(tmp_path, "legacy.txt", text.encode(encoding)), {})
    assert doc.text == text
    assert "charset=cp1252" in doc.media_type


def test_cp1252_smart_quotes_and_dashes(tmp_path):
    text = "The minister’s “statement” was false — he said €5m.\n"
    doc = read_path(write(tmp_path, "quotes.txt", text.encode("cp1252")), {})
    assert doc.text == text


def test_crlf_and_cr_newlines_become_lf(tmp_path):
    doc = read_path(write(tmp_path, "win.txt", b"First line.\r\nSecond line.\rThird line.\n"), {})
    assert doc.text == "First line.\nSecond line.\nThird line.\n"


def test_binary_junk_named_txt_is_refused(tmp_path):
    junk = bytes(range(256)) * 20
    with pytest.raises(ReadError, match="looks like binary data, not text"):
        read_path(write(tmp_path, "junk.txt", junk), {})


def test_control_characters_without_nul_are_refused(tmp_path):
    junk = bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 50 + b"some words"
    with pytest.raises(ReadError, match="binary"):
        read_path(write(tmp_path, "ctl.txt", junk), {})


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ReadError, match="the file is empty"):
        read_path(write(tmp_path, "empty.txt", b""), {})


def test_whitespace_only_file_says_no_text(tmp_path):
    with pytest.raises(ReadError, match="no text"):
        read_path(write(tmp_path, "blank.txt", b"  \n\n \n"), {})


def test_utf16_without_bom_is_still_text():
    assert decode_text("Plain words here.".encode("utf-16-le")).text == "Plain words here."


def test_markdown_is_kept_verbatim(tmp_path):
    md = "# Ministry statement\n\nThe *ministry* said 40 people were **evacuated**.\n"
    doc = read_path(write(tmp_path, "s.md", md.encode()), {})
    assert doc.text == md
    assert doc.media_type.startswith("text/markdown")


def test_unknown_extension_with_text_content_is_read_as_text(tmp_path):
    doc = read_path(write(tmp_path, "notes", b"Witness said the convoy left at dawn.\n"), {})
    assert doc.reader == "text"


def test_unknown_binary_format_is_unsupported(tmp_path):
    with pytest.raises(ReadError, match="unsupported file type"):
        read_path(write(tmp_path, "archive.zip", b"PK\x03\x04\x14\x00\x00\x00" + bytes(100)), {})


def test_reader_is_chosen_by_content_before_extension(tmp_path):
    pdf_named_txt = tmp_path / "x.txt"
    assert choose_reader(pdf_named_txt, b"%PDF-1.4\n%\xe2\xe3").name == "pdf"
    assert choose_reader(tmp_path / "x.txt", b"\x89PNG\r\n\x1a\n....").name == "image"
    assert choose_reader(tmp_path / "page.txt", b"<!DOCTYPE html><html><head>").name == "html"
    assert choose_reader(tmp_path / "x.txt", b"plain words").name == "text"


def test_document_id_is_sha256_of_bytes(tmp_path):
    import hashlib

    data = ARTICLE.encode()
    assert read_path(write(tmp_path, "a.txt", data), {}).id == hashlib.sha256(data).hexdigest()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalised_text_has_no_carriage_returns(text):
    out = normalise_newlines(text)
    assert "\r" not in out and "\u2028" not in out and "\u2029" not in out
    assert out.count("\n") == text.count("\n") + text.count("\r") - text.count("\r\n") \
        + text.count("\u2028") + text.count("\u2029")


_printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\ufeff"),
                     min_size=1)


@settings(max_examples=200, deadline=None)
@given(_printable, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_round_trip(text, encoding):
    assert decode_text(text.encode(encoding)).text == text


def test_markdown_front_matter_is_page_metadata_below_a_sidecar(tmp_path):
    md = ("---\ntitle: Ministry statement on the floods\nauthor: [Press Office, Duty Officer]\n"
          "date: 2022-11-03\nlayout: post\nkind: not-a-kind\n---\n\nThe ministry said 40 people were evacuated.\n")
    p = write(tmp_path, "floods.md", md.encode())
    doc = read_path(p, {"kind": "official_statement"})
    assert doc.text == md
    assert doc.title == "Ministry statement on the floods"
    assert doc.author == "Press Office, Duty Officer"
    assert doc.published == "2022-11-03"
    assert doc.kind == "official_statement"  # the unusable kind in the page is ignored, the option applies
    assert doc.boilerplate[0][0] == 0 and md[doc.boilerplate[0][1] - 4:doc.boilerplate[0][1]] == "---\n"
    assert "evacuated" not in md[doc.boilerplate[0][0]:doc.boilerplate[0][1]]
    (tmp_path / "floods.md.meta.json").write_text('{"title": "From the sidecar"}')
    assert read_path(p, {}).title == "From the sidecar"


def test_text_file_starting_with_dashes_is_not_front_matter(tmp_path):
    txt = "---\nThe ministry said 40 people were evacuated.\n---\n"
    doc = read_path(write(tmp_path, "notes.txt", txt.encode()), {})
    assert doc.title is None and doc.boilerplate == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_newline_normalised_text_or_a_clear_error(data):
    try:
        decoded = decode_text(data)
    except ReadError as exc:
        assert str(exc) in ("the file is empty", "looks like binary data, not text") or "byte-order mark" in str(exc)
    else:
        assert "\r" not in decoded.text and decoded.encoding


def test_utf8_with_a_few_pasted_cp1252_bytes_keeps_its_utf8(tmp_path):
    data = "Le café a fermé, dit-il.".encode() + " “quoted” 5€\n".encode("cp1252")
    doc = read_path(write(tmp_path, "mixed.txt", data), {})
    assert doc.text == "Le café a fermé, dit-il. “quoted” 5€\n"
    assert "utf-8+cp1252" in doc.media_type
