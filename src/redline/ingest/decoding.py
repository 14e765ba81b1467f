"""Bytes → text for the text and Markdown reader: encodings, binary junk, newlines.

The stored text is what every offset indexes into, so decoding happens once, here,
and always ends with newlines normalised to "\\n".  The order of guesses matters:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) is trusted;
2. NUL bytes without a BOM mean binary data, unless the bytes are plainly UTF-16
   written without a BOM (every other byte NUL);
3. valid UTF-8 is UTF-8 (almost nothing else is valid UTF-8 by accident); UTF-8
   with a few invalid bytes keeps its UTF-8 and reads those bytes as Windows-1252;
4. otherwise Windows-1252 (a superset of Latin-1 for printable text), which is what
   copy-pasted Western text that is not UTF-8 almost always is; statistical
   detectors guess wrongly on short texts, so charset-normalizer is asked only when
   the bytes are not valid Windows-1252.

Decoded text with many control characters is rejected as binary as well.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from redline.registry import ReadError

BINARY_MESSAGE = "looks like binary data, not text"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029")
_ALLOWED_CONTROLS = frozenset("\n\t\f\v")
#: Above this share of control characters, "text" is really binary.
MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name as Python spells it
    guessed: bool  # True when no BOM or valid UTF-8 told us


def normalise_newlines(text: str) -> str:
    """CRLF, CR and Unicode line/paragraph separators all become "\\n"."""
    return _NEWLINES.sub("\n", text)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
                   and ch != "\r")
    return controls / len(text)


def _bomless_utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text written without a BOM, or None.

    Plain ASCII-range text in UTF-16 has a NUL in every other byte; binary files have
    NULs scattered anywhere.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * half and (even if zeros is odd else odd).count(0) == 0:
            return codec
    return None


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_CP1252_FALLBACK = "redline-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def decode_text(data: bytes) -> Decoded:
    """Decode file bytes to text with "\\n" newlines, or raise ReadError saying why not."""
    if not data:
        raise ReadError("the file is empty")
    decoded = _decode(data)
    if _control_ratio(decoded.text) > MAX_CONTROL_RATIO:
        raise ReadError(BINARY_MESSAGE)
    return Decoded(normalise_newlines(decoded.text), decoded.encoding, decoded.guessed)


def _decode(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, False)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"the file starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
                    f"(bad bytes at offset {exc.start})"
                ) from exc
    if b"\x00" in data:
        codec = _bomless_utf16(data)
        if codec is None:
            raise ReadError(BINARY_MESSAGE)
        try:
            return Decoded(data.decode(codec), codec, True)
        except UnicodeDecodeError as exc:
            raise ReadError(BINARY_MESSAGE) from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    if any(ord(ch) > 0x7F for ch in data.decode("utf-8", errors="ignore")):
        # Valid multi-byte UTF-8 beside invalid bytes: a UTF-8 file with a few pasted
        # Windows-1252 characters.  Decoding it all as cp1252 would garble every "é".
        text = data.decode("utf-8", errors=_CP1252_FALLBACK)
        return Decoded(text, "utf-8+cp1252", True)
    try:
        return Decoded(data.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(BINARY_MESSAGE)
    return Decoded(str(best), best.encoding, True)
