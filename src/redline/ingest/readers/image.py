"""Images (PNG, JPEG, TIFF, multi-page TIFF too): text by Tesseract OCR.

The frames of a multi-page TIFF are its pages: where each starts in the text is recorded.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

from redline.ingest.decoding import normalise_newlines
from redline.ingest.ocr import OCR, TESSERACT_MISSING
from redline.ingest.readers import CONTENT_MATCH, NAME_ONLY, join_pages
from redline.registry import ReadError, ReadResult

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
IMAGE_EXTENSIONS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                    ".tif": "image/tiff", ".tiff": "image/tiff"}


def sniff_image(head: bytes) -> str | None:
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    return None


class ImageReader:
    name = "image"

    def score(self, path: Path, head: bytes) -> float:
        if sniff_image(head):
            return CONTENT_MATCH
        return NAME_ONLY if path.suffix.lower() in IMAGE_EXTENSIONS else 0.0

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        from PIL import Image, ImageSequence, UnidentifiedImageError

        media_type = sniff_image(data[:16]) or IMAGE_EXTENSIONS.get(path.suffix.lower())
        what = media_type.split("/")[1].upper() if media_type else "image"
        try:
            with warnings.catch_warnings():
                # Pillow warns about damaged metadata; the outcome is what the user hears about.
                warnings.simplefilter("ignore")
                image = Image.open(io.BytesIO(data))
                frames = [frame.copy() for frame in ImageSequence.Iterator(image)]  # copy() decodes each frame
        except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
            raise ReadError(f"the file is not a readable {what} image (damaged, or another format): {exc}") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ReadError(f"the {what} image is damaged or truncated and cannot be decoded ({exc})") from exc
        ocr = OCR(options)
        if not ocr.available:
            raise ReadError(f"this {what} image {TESSERACT_MISSING}")
        sha = hashlib.sha256(data).hexdigest()
        texts = []
        for number, frame in enumerate(frames):
            texts.append(normalise_newlines(ocr.recognise(frame, f"image:{sha}:frame{number}")).strip("\n"))
        text, page_starts = join_pages(texts, "\n\n", skip_empty=True)
        if not text.strip():
            raise ReadError(f"OCR found no text in this {what} image")
        # A multi-page TIFF has pages like a PDF; a single image has none.
        return ReadResult(text=text, ocr_pages=len(frames), media_type=media_type,
                          page_starts=page_starts if len(frames) > 1 else None)
