"""PDF: the text layer via pypdf; pages without one are OCRed.

A page whose text layer has almost no letters but which carries images is a scan:
it is rendered with `pdftoppm` (poppler) when that is installed, otherwise its
embedded images are OCRed one by one.  OCR results are cached by (PDF hash, page),
so a re-read never renders a page twice.  Pages are joined with a blank line.

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
from redline.ingest.readers import CONTENT_MATCH, NAME_ONLY
from redline.registry import ReadError, ReadResult

#: A page with fewer letters and digits than this in its text layer counts as having none.
MIN_TEXT_LAYER_CHARS = 20
RENDER_DPI = 300
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

        text = PAGE_SEPARATOR.join(t.strip("\n") for t in texts).strip("\n")
        return ReadResult(text=text, metadata=_metadata(reader), ocr_pages=ocr_pages, media_type="application/pdf")


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
    pdftoppm = shutil.which("pdftoppm")
    key = f"pdf:{sha}:page{number}:{'render' + str(RENDER_DPI) if pdftoppm else 'images'}"
    cached = ocr.cached(key)
    if cached is not None:
        return cached
    from PIL import Image

    if pdftoppm:
        done = subprocess.run(
            [pdftoppm, "-f", str(number + 1), "-l", str(number + 1), "-r", str(RENDER_DPI), "-gray", "-png", "-"],
            input=data, capture_output=True, timeout=300,
        )
        if done.returncode == 0 and done.stdout:
            return ocr.recognise(Image.open(io.BytesIO(done.stdout)), key)
    # No poppler (or it failed): OCR the images embedded in the page.
    parts = []
    try:
        images = list(page.images)
    except Exception as exc:
        raise ReadError(f"page {number + 1} is a scan whose image cannot be decoded ({_why(exc)})") from exc
    for i, embedded in enumerate(images):
        try:
            image = embedded.image
        except Exception:
            continue
        if image is not None:
            parts.append(ocr.recognise(image, f"{key}:image{i}"))
    return "\n\n".join(p.strip("\n") for p in parts)


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
