"""OCR through Tesseract, cached by content hash.

Scans are the slowest thing redline reads, and a folder is often ingested more than
once, so every OCR result is cached on disk under a key made of the content hash of
what was recognised (an image file, or a PDF and a page number), the language, the
Tesseract version and this module's recipe version.  The cache lives in
`$REDLINE_CACHE/ocr` (default `~/.cache/redline/ocr`); entries are written
atomically, so parallel workers can share it.

When Tesseract is not installed OCR is disabled, never a crash: a file that needs OCR
fails with a message telling the user how to install it.  `REDLINE_TESSERACT` names
another Tesseract binary; `REDLINE_OCR_LANG` (or the `ocr_lang` option) picks the
language(s), e.g. "eng+fra".
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from redline.registry import ReadError

TESSERACT_MISSING = "needs OCR but tesseract is not installed: apt-get install tesseract-ocr"
#: Bump when preprocessing or Tesseract settings change: old cache entries no longer apply.
RECIPE_VERSION = "2"
#: Seconds Tesseract may spend on one image before the file is reported as failed.
OCR_TIMEOUT = 300
#: Images of unknown resolution smaller than this (longest side, pixels) are enlarged: an A4
#: page scanned at 150 dpi (1754 px) is misread at its own size and read correctly at 1.3x.
MIN_LONG_SIDE = 2400
#: A stated resolution at least this high is trusted as good enough for Tesseract.
GOOD_DPI = 240

# Tesseract's own threads fight the worker processes for the same cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def cache_dir() -> Path:
    root = os.environ.get("REDLINE_CACHE")
    base = Path(root).expanduser() if root else Path.home() / ".cache" / "redline"
    return base / "ocr"


def tesseract_command() -> str | None:
    """Path of the Tesseract binary, or None when it is not installed."""
    return shutil.which(os.environ.get("REDLINE_TESSERACT") or "tesseract")


@functools.cache
def _version(command: str) -> str:
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = command
    return str(pytesseract.get_tesseract_version())


@functools.cache
def _languages(command: str) -> frozenset[str]:
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = command
    return frozenset(pytesseract.get_languages(config=""))


def ocr_language(options: dict[str, Any] | None = None) -> str:
    return (options or {}).get("ocr_lang") or os.environ.get("REDLINE_OCR_LANG") or "eng"


class OCR:
    """Tesseract for one file's read: checks availability once, then recognises images."""

    def __init__(self, options: dict[str, Any] | None = None):
        self.lang = ocr_language(options)
        self.command = tesseract_command()

    @property
    def available(self) -> bool:
        return self.command is not None

    def require(self) -> str:
        """The Tesseract command; ReadError when OCR cannot run."""
        if self.command is None:
            raise ReadError(TESSERACT_MISSING)
        try:
            installed = _languages(self.command)
        except Exception as exc:  # a broken install: say so instead of failing obscurely later
            raise ReadError(f"needs OCR but tesseract does not run ({exc})") from exc
        missing = [lang for lang in self.lang.split("+") if lang not in installed]
        if missing:
            raise ReadError(f"needs OCR in {', '.join(missing)} but that Tesseract language is not installed: "
                            f"apt-get install {' '.join('tesseract-ocr-' + m for m in missing)}")
        return self.command

    def cache_key(self, content_key: str) -> str:
        command = self.require()
        parts = f"{content_key}|{self.lang}|{_version(command)}|{RECIPE_VERSION}"
        return hashlib.sha256(parts.encode()).hexdigest()

    def cached(self, content_key: str) -> str | None:
        try:
            return _cache_path(self.cache_key(content_key)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def recognise(self, image: Any, content_key: str, dpi: float | None = None) -> str:
        """Text of a PIL image; `content_key` identifies its content (e.g. a sha256).

        `dpi` is the image's true resolution when the caller knows it (a rendered or
        rescaled PDF page); otherwise the image's own resolution tag is used, if any.
        """
        key = self.cache_key(content_key)
        path = _cache_path(key)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = self.command
        try:
            prepared, dpi = prepare(image, dpi)
            config = "--psm 3" + (f" --dpi {round(dpi)}" if dpi else "")
            text = pytesseract.image_to_string(prepared, lang=self.lang, config=config, timeout=OCR_TIMEOUT)
        except RuntimeError as exc:  # pytesseract signals its timeout this way
            raise ReadError(f"OCR took longer than {OCR_TIMEOUT} s on one page and was stopped") from exc
        except pytesseract.TesseractError as exc:
            raise ReadError(f"OCR failed: {exc.message.strip() or exc}") from exc
        _store(path, text)
        return text


def prepare(image: Any, dpi: float | None = None) -> tuple[Any, float | None]:
    """Greyscale on white, enlarged when the type is likely too small: what Tesseract reads best.

    Returns the image and its resolution after enlarging (None if unknown).
    """
    from PIL import Image

    if dpi is None:
        dpi = _stated_dpi(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    image = image.convert("L")
    long_side = max(image.size)
    if long_side <= 0 or (dpi is not None and dpi >= GOOD_DPI):
        return image, dpi
    factor = min(4.0, MIN_LONG_SIDE / long_side)
    if dpi is not None:
        factor = max(factor, min(4.0, 300 / dpi))
    if factor > 1.05:
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)
        dpi = dpi * factor if dpi is not None else None
    return image, dpi


def _stated_dpi(image: Any) -> float | None:
    """The resolution an image file states, unless it is the meaningless default of 72 or less."""
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if isinstance(value, tuple) else float(value)
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi > 72 else None


def _cache_path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.txt"


def _store(path: Path, text: str) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs time."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
