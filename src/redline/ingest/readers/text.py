"""Plain text and Markdown: decoding, newline normalisation, boilerplate spans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redline.ingest.boilerplate import find_boilerplate
from redline.ingest.decoding import decode_text
from redline.ingest.readers import EXTENSION_MATCH, WEAK_MATCH
from redline.registry import ReadResult

TEXT_EXTENSIONS = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown",
                   ".markdown": "text/markdown", ".mdown": "text/markdown"}


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and valid UTF-8 (a multi-byte character cut at the end is fine)."""
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


class TextReader:
    name = "text"

    def score(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() in TEXT_EXTENSIONS:
            return EXTENSION_MATCH
        return WEAK_MATCH if looks_like_text(head) else 0.0

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        decoded = decode_text(data)
        kind = TEXT_EXTENSIONS.get(path.suffix.lower(), "text/plain")
        warnings = []
        if decoded.guessed:
            warnings.append(f"not UTF-8: decoded as {decoded.encoding} (a guess)")
        return ReadResult(
            text=decoded.text,
            boilerplate=find_boilerplate(decoded.text),
            media_type=f"{kind}; charset={decoded.encoding}",
            warnings=warnings,
        )
