"""PDFs (text layer, scans, mixed, damaged, encrypted) and images, through real Tesseract."""

from __future__ import annotations

import io
import re
import shutil
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from redline.ingest import read_path
from redline.ingest.ocr import cache_dir
from redline.registry import ReadError
from redline.schema import page_of

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="tesseract is not installed (apt-get install tesseract-ocr)")


@pytest.fixture(autouse=True)
def _ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("REDLINE_TESSERACT", raising=False)


def scan(lines: list[str], size: int = 34, width: int = 1300) -> Image.Image:
    """A white page with black text, like a scanned memo."""
    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (width, 90 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((50, 45 + 70 * i), line, font=font, fill=0)
    return img


def text_pdf(pages: list[list[str] | Image.Image], info: dict[str, str] | None = None, rotate: int = 0) -> bytes:
    """A PDF written by hand: a page is lines of text (a text layer) or an image (a scan)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for page in pages:
        if isinstance(page, Image.Image):
            raw = zlib.compress(page.convert("L").tobytes())
            image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (
                            page.width, page.height, len(raw)) + raw + b"\nendstream")
            w, h = page.width * 72 // 150, page.height * 72 // 150
            content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (w, h)
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
        else:
            w, h = 612, 792
            ops = [b"BT /F1 12 Tf 72 720 Td 16 TL"]
            for line in page:
                escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
            ops.append(b"ET")
            content = b"\n".join(ops)
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Rotate %d /Resources %s "
                        b"/Contents %d 0 R >>" % (pages_obj, w, h, rotate, resources, stream)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_ref = None
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), v.encode("latin-1")) for k, v in info.items())
        info_ref = add(b"<< " + entries + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# -- PDF text layer -------------------------------------------------------------------


def test_text_layer_pdf(tmp_path):
    data = text_pdf([["The ministry said 1,200 soldiers were killed.", "Observers could not verify it."],
                     ["Page two: 40 tanks (estimated) were destroyed."]],
                    info={"Title": "Weekly losses", "Author": "Defence Ministry"})
    doc = read_path(write(tmp_path, "losses.pdf", data), {})
    assert doc.reader == "pdf" and doc.ocr_pages == 0
    assert "The ministry said 1,200 soldiers were killed." in doc.text
    assert "Page two: 40 tanks (estimated) were destroyed." in doc.text
    assert doc.text.index("1,200") < doc.text.index("Page two")
    assert (doc.title, doc.author) == ("Weekly losses", "Defence Ministry")
    assert doc.page_starts == [0, doc.text.index("Page two")]
    assert page_of(doc, doc.text.index("1,200")) == 1 and page_of(doc, doc.text.index("40 tanks")) == 2


def test_an_empty_page_keeps_the_page_numbers_of_those_after_it(tmp_path):
    data = text_pdf([[], ["Page two: the first with text, 1,200 soldiers."], [],
                     ["Page four: 40 tanks were destroyed."], []])
    doc = read_path(write(tmp_path, "gaps.pdf", data), {})
    assert doc.text.startswith("Page two") and doc.text.endswith("destroyed.")  # no blank lines around
    assert len(doc.page_starts) == 5 and doc.page_starts == sorted(doc.page_starts)
    assert page_of(doc, 0) == 2 and page_of(doc, doc.text.index("1,200")) == 2
    assert page_of(doc, doc.text.index("Page four")) == 4 and page_of(doc, len(doc.text) - 1) == 4


def test_word_processor_filler_title_is_not_used(tmp_path):
    data = text_pdf([["Enough text on this page to count as a text layer."]],
                    info={"Title": "Microsoft Word - memo_final2.docx"})
    assert read_path(write(tmp_path, "memo.pdf", data), {}).title is None


def test_corrupt_pdf(tmp_path):
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage \x00\x01 no xref here"
    with pytest.raises(ReadError, match="the PDF is damaged"):
        read_path(write(tmp_path, "broken.pdf", data), {})


def test_truncated_pdf(tmp_path):
    data = text_pdf([["The ministry said 1,200 soldiers were killed in the week."]])
    with pytest.raises(ReadError, match="the PDF is damaged"):
        read_path(write(tmp_path, "cut.pdf", data[:60]), {})


def _encrypt(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_fails_clearly(tmp_path):
    data = _encrypt(text_pdf([["Secret figures: 4,300 troops deployed near the border."]]), "s3cret")
    with pytest.raises(ReadError, match="password-protected"):
        read_path(write(tmp_path, "locked.pdf", data), {})


def test_pdf_encrypted_without_an_opening_password_reads(tmp_path):
    data = _encrypt(text_pdf([["Secret figures: 4,300 troops deployed near the border."]]), "")
    assert "4,300 troops" in read_path(write(tmp_path, "restricted.pdf", data), {}).text


# -- OCR ----------------------------------------------------------------------------


@needs_tesseract
def test_png_is_ocred_and_cached(tmp_path):
    img = scan(["CONFIDENTIAL: 4,300 troops deployed", "near the border on 3 November 2022."])
    buf = io.BytesIO()
    img.save(buf, "PNG")
    p = write(tmp_path, "memo.png", buf.getvalue())
    doc = read_path(p, {})
    assert doc.reader == "image" and doc.ocr_pages == 1 and doc.media_type == "image/png"
    assert "4,300 troops deployed" in doc.text
    assert "3 November 2022" in doc.text
    assert doc.page_starts is None  # one image has no pages
    entries = list(cache_dir().rglob("*.txt"))
    assert len(entries) == 1 and str(cache_dir()).startswith(str(tmp_path))
    # The cache is what a second read uses: change the cached text and it comes back.
    entries[0].write_text("FROM THE CACHE", encoding="utf-8")
    assert read_path(p, {}).text == "FROM THE CACHE"


@needs_tesseract
@pytest.mark.parametrize("fmt, name", [("JPEG", "memo.jpg"), ("TIFF", "memo.tif")])
def test_jpeg_and_tiff(tmp_path, fmt, name):
    buf = io.BytesIO()
    scan(["Ministry memo: 250 shells fired overnight."]).save(buf, fmt)
    doc = read_path(write(tmp_path, name, buf.getvalue()), {})
    assert "250 shells fired overnight" in doc.text and doc.ocr_pages == 1


@needs_tesseract
def test_multipage_tiff_counts_every_page(tmp_path):
    first, second = scan(["First page: 12 villages evacuated."]), scan(["Second page: 300 families moved."])
    buf = io.BytesIO()
    first.save(buf, "TIFF", save_all=True, append_images=[second])
    doc = read_path(write(tmp_path, "pages.tiff", buf.getvalue()), {})
    assert doc.ocr_pages == 2
    assert doc.text.index("12 villages") < doc.text.index("300 families")
    assert len(doc.page_starts) == 2  # the frames are its pages
    assert page_of(doc, doc.text.index("12 villages")) == 1 and page_of(doc, doc.text.index("300 families")) == 2


@needs_tesseract
def test_image_only_pdf_made_by_pillow_is_ocred(tmp_path):
    p = tmp_path / "scanned.pdf"
    scan(["LEAKED: 7,800 casualties reported internally."]).save(p, resolution=150)
    doc = read_path(p, {})
    assert doc.reader == "pdf" and doc.ocr_pages == 1
    assert "7,800 casualties reported internally" in doc.text
    assert doc.page_starts == [0]  # one page: "p. 1" is stored, and the desk does not bother to show it


@needs_tesseract
def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path):
    data = text_pdf([["Public statement: 1,200 soldiers were killed this week."],
                     scan(["Internal count: 4,900 soldiers killed."])])
    doc = read_path(write(tmp_path, "mixed.pdf", data), {})
    assert doc.ocr_pages == 1
    assert "Public statement: 1,200 soldiers were killed this week." in doc.text
    assert "4,900 soldiers killed" in doc.text
    assert doc.text.index("Public statement") < doc.text.index("Internal count")
    # The OCRed page is a page like the others: its text starts where page 2 starts.
    assert len(doc.page_starts) == 2 and doc.text[doc.page_starts[1]:].lstrip().startswith("Internal count")
    assert page_of(doc, doc.text.index("4,900")) == 2 and page_of(doc, doc.text.index("1,200")) == 1


@needs_tesseract
def test_scan_stored_sideways_with_page_rotation_is_read_upright(tmp_path):
    upright = scan(["Internal count: 4,900 soldiers killed."])
    data = text_pdf([upright.rotate(90, expand=True)], rotate=90)
    doc = read_path(write(tmp_path, "rotated.pdf", data), {})
    assert "4,900 soldiers killed" in doc.text


@needs_tesseract
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed (apt-get install poppler-utils)")
def test_page_with_a_small_image_is_rendered_with_pdftoppm(tmp_path):
    # A small image is not a page scan to OCR as it is: the page is rendered instead.
    data = text_pdf([scan(["Internal count: 4,900 soldiers killed."], width=900)])
    doc = read_path(write(tmp_path, "small.pdf", data), {})
    assert "4,900 soldiers killed" in doc.text and doc.ocr_pages == 1


@needs_tesseract
def test_without_pdftoppm_the_embedded_images_are_ocred(tmp_path, monkeypatch):
    data = text_pdf([scan(["Internal count: 4,900 soldiers killed."], width=900)])
    monkeypatch.setenv("REDLINE_TESSERACT", shutil.which("tesseract"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no poppler on the PATH
    doc = read_path(write(tmp_path, "scan.pdf", data), {})
    assert "4,900 soldiers killed" in doc.text and doc.ocr_pages == 1


def test_tesseract_missing_disables_ocr_with_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_TESSERACT", str(tmp_path / "no-such-tesseract"))
    buf = io.BytesIO()
    scan(["Any text at all"]).save(buf, "PNG")
    with pytest.raises(ReadError, match="needs OCR but tesseract is not installed: apt-get install tesseract-ocr"):
        read_path(write(tmp_path, "scan.png", buf.getvalue()), {})
    pdf = write(tmp_path, "scan.pdf", text_pdf([["Readable page with a proper text layer."], scan(["x"])]))
    with pytest.raises(ReadError, match="page 2 needs OCR but tesseract is not installed"):
        read_path(pdf, {})
    # A PDF with a text layer needs no OCR and still reads.
    ok = write(tmp_path, "ok.pdf", text_pdf([["Readable page with a proper text layer."]]))
    assert "proper text layer" in read_path(ok, {}).text


def test_missing_ocr_language_is_named(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    buf = io.BytesIO()
    scan(["Any text"]).save(buf, "PNG")
    with pytest.raises(ReadError, match="apt-get install tesseract-ocr-xyz"):
        read_path(write(tmp_path, "scan.png", buf.getvalue()), {"ocr_lang": "xyz"})


@pytest.mark.parametrize("name, data", [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"garbage" * 20),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 50),
    ("photo.tiff", b"II*\x00" + b"\xff" * 40),
])
def test_corrupt_images_fail_clearly(tmp_path, name, data):
    with pytest.raises(ReadError, match=r"image is damaged|not a readable"):
        read_path(write(tmp_path, name, data), {})


def test_truncated_png_fails_clearly(tmp_path):
    buf = io.BytesIO()
    scan(["Some words"]).save(buf, "PNG")
    with pytest.raises(ReadError, match="PNG image is damaged or truncated"):
        read_path(write(tmp_path, "cut.png", buf.getvalue()[: len(buf.getvalue()) // 2]), {})


def test_text_named_png_is_read_as_the_text_it_is(tmp_path):
    p = write(tmp_path, "photo.png", b"This is a witness statement saved under the wrong name.\n")
    assert read_path(p, {}).reader == "text"


def test_binary_junk_named_png_fails_clearly(tmp_path):
    with pytest.raises(ReadError, match="not a readable PNG image"):
        read_path(write(tmp_path, "x.png", bytes(range(256)) * 4), {})


@needs_tesseract
def test_small_type_is_enlarged_so_lines_stay_whole(tmp_path):
    font = ImageFont.truetype(FONT, 28)
    img = Image.new("L", (1700, 330), 255)
    draw = ImageDraw.Draw(img)
    for k in range(5):
        draw.text((80, 40 + 52 * k), f"Line {k}: the cell confirms that {k * 47 + 3} personnel remain deployed.",
                  font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc = read_path(write(tmp_path, "slide.png", buf.getvalue()), {})
    # Each label stays on the line it labels (read at its own size, Tesseract splits them into a column).
    assert re.search(r"Line \S: the cell confirms that 3 personnel remain deployed\.", doc.text)
    assert "Line 4: the cell confirms that 191 personnel remain deployed." in doc.text


def test_prepare_enlarges_only_what_needs_it():
    from redline.ingest.ocr import MIN_LONG_SIDE, prepare

    small, dpi = prepare(Image.new("RGBA", (600, 200), (0, 0, 0, 0)))
    assert small.mode == "L" and max(small.size) == MIN_LONG_SIDE and dpi is None
    assert small.getpixel((0, 0)) == 255  # transparent becomes white paper, not black
    stated = Image.new("L", (2000, 1000), 255)
    stated.info["dpi"] = (300, 300)
    assert prepare(stated)[0].size == (2000, 1000)
    low = Image.new("L", (3000, 1000), 255)
    assert prepare(low, dpi=100)[0].size == (9000, 3000)  # 100 dpi → 300 dpi
    assert prepare(Image.new("L", (3000, 1000), 255))[0].size == (3000, 1000)


@needs_tesseract
def test_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("REDLINE_CACHE", str(blocker))
    buf = io.BytesIO()
    scan(["Ministry memo: 250 shells fired overnight."]).save(buf, "PNG")
    doc = read_path(write(tmp_path, "memo.png", buf.getvalue()), {})
    assert "250 shells fired overnight" in doc.text
