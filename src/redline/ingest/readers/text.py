"""Plain text and Markdown: decoding, newline normalisation, boilerplate spans.

Markdown is kept verbatim (offsets index the file as written).  A YAML front-matter
block at the top of a Markdown file (`---` ... `---`, as static-site generators write
it) is the page's own metadata: its title, author, date, outlet and url are used
below a sidecar, and the block itself is marked as boilerplate.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from redline.ingest.boilerplate import find_boilerplate
from redline.ingest.decoding import decode_text
from redline.ingest.metadata import normalise_date, normalise_kind
from redline.ingest.readers import EXTENSION_MATCH, WEAK_MATCH
from redline.registry import ReadResult

TEXT_EXTENSIONS = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown",
                   ".markdown": "text/markdown", ".mdown": "text/markdown"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
#: Front-matter keys as static-site generators spell them → our metadata fields.
_FRONT_MATTER_KEYS = {"title": "title", "author": "author", "authors": "author", "date": "published",
                      "published": "published", "outlet": "outlet", "publisher": "outlet", "site": "outlet",
                      "url": "url", "canonical_url": "url", "kind": "kind"}


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and valid UTF-8 (a multi-byte character cut at the end is fine)."""
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def front_matter(text: str) -> tuple[dict[str, Any], tuple[int, int] | None]:
    """Metadata from a leading YAML front-matter block, and the block's span.

    Unlike a sidecar this is the page's own data, written for another program: keys
    we do not know and values we cannot use are ignored rather than refused.
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, None
    import yaml

    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, None
    if not isinstance(data, dict):
        return {}, None
    out: dict[str, Any] = {}
    for key, value in data.items():
        field = _FRONT_MATTER_KEYS.get(str(key).lower())
        if field is None or field in out:
            continue
        if isinstance(value, list) and field == "author":
            value = ", ".join(str(v) for v in value if v)
        if field == "published":
            try:
                out[field] = normalise_date(value)
            except ValueError:
                pass
        elif field == "kind":
            kind = normalise_kind(str(value))
            if kind:
                out[field] = kind
        elif isinstance(value, str) and value.strip():
            out[field] = value.strip()
    return out, (0, m.end())


class TextReader:
    name = "text"

    def score(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() in TEXT_EXTENSIONS:
            return EXTENSION_MATCH
        return WEAK_MATCH if looks_like_text(head) else 0.0

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        decoded = decode_text(data)
        media = TEXT_EXTENSIONS.get(path.suffix.lower(), "text/plain")
        text = decoded.text
        metadata: dict[str, Any] = {}
        boilerplate = find_boilerplate(text)
        if media == "text/markdown":
            metadata, block = front_matter(text)
            if block is not None:
                # The front matter is metadata, not prose: mark it, and keep other spans clear of it.
                boilerplate = [block] + [(max(s, block[1]), e) for s, e in boilerplate if e > block[1]]
                boilerplate = [(s, e) for s, e in boilerplate if e > s]
        warnings = []
        if decoded.guessed:
            warnings.append(f"not UTF-8: decoded as {decoded.encoding} (a guess)")
        return ReadResult(
            text=text,
            metadata=metadata,
            boilerplate=_merge_touching(boilerplate),
            media_type=f"{media}; charset={decoded.encoding}",
            warnings=warnings,
        )


def _merge_touching(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
