"""PDF: the text layer via pypdf; pages without one are OCRed.

A page whose text layer has almost no letters but which carries images is a scan:
a page that is one large image is OCRed from that image; other pages are rendered
with `pdftoppm` (poppler) when installed, else their images are OCRed one by one.
OCR results are cached by (PDF hash, page), so a re-read never OCRs a page twice.
Pages are joined with a blank line; where each page starts in the text is recorded
(`Document.page_starts`), text-layer and OCRed pages alike, so evidence can be cited by page.

Damaged and password-protected PDFs fail with a message saying which it is.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from redline.ingest.decoding import normalise_newlines
from redline.ingest.ocr import OCR
from redline.ingest.readers import CONTENT_MATCH, NAME_ONLY, join_pages
from redline.registry import ReadError, ReadResult

#: A page with fewer letters and digits than this in its text layer counts as having none.
MIN_TEXT_LAYER_CHARS = 20
RENDER_DPI = 300
#: An embedded image this large (longest side, pixels) is a scan worth OCRing as it is.
MIN_EMBEDDED_SIDE = 1000
PAGE_SEPARATOR = "\n\n"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_JUNK_TITLE = re.compile(r"^(?:microsoft (?:word|excel|powerpoint) - .*|untitled.*|.*\.(?:docx?|pdf|xlsx?|pptx?|odt|rtf))$",
                         re.IGNORECASE)


class PDFReader:
    name = "pdf"

    def score(self, path: Path, head: bytes) -> float:
        if b"%PDF-" in head[:1024]:
            return CONTENT_MATCH
        return NAME_ONLY if path.suffix.lower() == ".pdf" else 0.0

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        # pypdf logs every repair it makes to a damaged file; the outcome is reported instead.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = _open(data)
        try:
            pages = list(reader.pages)
        except Exception as exc:
            raise ReadError(f"the PDF is damaged: its pages cannot be read ({_why(exc)})") from exc
        if not pages:
            raise ReadError("the PDF has no pages")

        texts: list[str] = []
        scanned: list[int] = []
        for number, page in enumerate(pages):
            try:
                text = page.extract_text() or ""
            except Exception:  # one bad page content stream: try OCR on it rather than lose the file
                text = ""
            text = _clean(text)
            texts.append(text)
            if sum(ch.isalnum() for ch in text) < MIN_TEXT_LAYER_CHARS and _has_images(page):
                scanned.append(number)

        ocr_pages = 0
        if scanned:
            ocr = OCR(options)
            if not ocr.available:
                from redline.ingest.ocr import TESSERACT_MISSING

                pages_word = "page" if len(scanned) == 1 else "pages"
                raise ReadError(f"{pages_word} {_page_list(scanned)} {TESSERACT_MISSING}")
            sha = hashlib.sha256(data).hexdigest()
            for number in scanned:
                ocr_text = _clean(_ocr_page(ocr, data, sha, pages[number], number))
                if ocr_text.strip():
                    texts[number] = ocr_text
                    ocr_pages += 1

        text, page_starts = join_pages(texts, PAGE_SEPARATOR)
        return ReadResult(text=text, metadata=_metadata(reader), ocr_pages=ocr_pages, media_type="application/pdf",
                          page_starts=page_starts)


def _open(data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise ReadError(f"the PDF is damaged or not really a PDF ({_why(exc)})") from exc
    if reader.is_encrypted:
        try:
            # Many PDFs are encrypted only to restrict printing or copying, with an empty
            # password for opening: those read normally.
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ReadError("the PDF is encrypted with a method that needs the 'cryptography' package "
                            "(pip install cryptography), or remove the encryption with qpdf --decrypt") from exc
        except Exception as exc:
            raise ReadError(f"the PDF is encrypted and cannot be opened ({_why(exc)})") from exc
        if not opened:
            raise ReadError("the PDF is password-protected: open it with the password and save an unprotected "
                            "copy (or qpdf --password=... --decrypt in.pdf out.pdf), then ingest that")
        try:
            reader.pages[0]
        except FileNotDecryptedError as exc:
            raise ReadError("the PDF is password-protected and cannot be opened") from exc
        except Exception:
            pass
    return reader


def _why(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", normalise_newlines(text))


def _has_images(page) -> bool:
    try:
        return len(page.images) > 0
    except Exception:
        return True  # cannot tell: rendering the page costs little and may find text


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n + 1) for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def _ocr_page(ocr: OCR, data: bytes, sha: str, page, number: int) -> str:
    """OCR text of one scanned page.

    A page that is one big image (what scanners write) is OCRed from that image
    itself: its own pixels, no re-rendering, several times faster than rasterising
    the page.  Anything else is rendered with pdftoppm; without poppler, each
    embedded image is OCRed in turn.
    """
    key = f"pdf:{sha}:page{number}"
    cached = ocr.cached(key)
    if cached is not None:
        return cached
    images = _page_images(page)
    if len(images) == 1 and max(images[0].size) >= MIN_EMBEDDED_SIDE:
        image = images[0]
        rotation = (page.get("/Rotate") or 0) % 360
        if rotation:
            image = image.rotate(-rotation, expand=True)  # /Rotate turns the page clockwise
        image, dpi = _at_ocr_resolution(image, page)
        return ocr.recognise(image, key, dpi)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        from PIL import Image

        done = subprocess.run(
            [pdftoppm, "-f", str(number + 1), "-l", str(number + 1), "-r", str(RENDER_DPI), "-gray", "-png", "-"],
            input=data, capture_output=True, timeout=300,
        )
        if done.returncode == 0 and done.stdout:
            return ocr.recognise(Image.open(io.BytesIO(done.stdout)), key, RENDER_DPI)
    if not images:
        raise ReadError(f"page {number + 1} is a scan whose image cannot be decoded "
                        "(installing poppler-utils lets redline render it instead)")
    parts = [ocr.recognise(image, f"{key}:image{i}") for i, image in enumerate(images)]
    return "\n\n".join(p.strip("\n") for p in parts)


def _at_ocr_resolution(image, page) -> tuple[Any, float | None]:
    """The scan enlarged to about RENDER_DPI (Tesseract misreads type scanned at 150 dpi),
    and its resolution; None when the page size is unknown."""
    from PIL import Image

    try:
        box = page.mediabox
        long_side_inches = max(float(box.width), float(box.height)) / 72
    except Exception:
        return image, None
    if long_side_inches <= 0:
        return image, None
    dpi = max(image.size) / long_side_inches
    if dpi >= 0.8 * RENDER_DPI:
        return image, dpi
    factor = min(4.0, RENDER_DPI / dpi)
    size = (round(image.width * factor), round(image.height * factor))
    return image.convert("L").resize(size, Image.LANCZOS), dpi * factor


def _page_images(page) -> list:
    """The page's embedded images as PIL images (those pypdf can decode)."""
    out = []
    try:
        embedded = list(page.images)
    except Exception:
        return out
    for item in embedded:
        try:
            image = item.image
        except Exception:  # e.g. JBIG2 without a decoder: pdftoppm may still render it
            continue
        if image is not None:
            out.append(image)
    return out


def _metadata(reader) -> dict[str, str]:
    """Title and author from the PDF's document info, unless they are a word processor's filler."""
    out: dict[str, str] = {}
    try:
        info = reader.metadata
    except Exception:
        return out
    if not info:
        return out
    for key, value in (("title", info.title), ("author", info.author)):
        if isinstance(value, str):
            value = " ".join(value.split())
            if value and not _JUNK_TITLE.match(value) and value.lower() not in ("unknown", "admin", "user"):
                out[key] = value
    return out
