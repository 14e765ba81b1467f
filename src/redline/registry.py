"""The one place where readers and extractors are registered.

Readers turn a file into text plus metadata; extractors turn a parsed document into
fragments.  The built-in ones register here exactly as a third-party plugin would:
a plugin package exposes an entry point in the group `redline.readers` or
`redline.extractors` whose object is a `Reader` or `Extractor` instance.

A reader is chosen per file by the best `score` (content sniffing beats the file
extension).  Extractors run in registration order; a later one can use what earlier
ones found for the same document through `ExtractContext`.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from redline.schema import Document, Record


class ReadError(Exception):
    """A file cannot be read; the message says why, in words a user understands."""


@dataclass
class ReadResult:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)  # title, outlet, author, published, url, kind
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    ocr_pages: int = 0
    media_type: str | None = None
    page_starts: list[int] | None = None  # a paged source: offset in `text` where each page starts
    warnings: list[str] = field(default_factory=list)


@runtime_checkable
class Reader(Protocol):
    name: str

    def score(self, path: Path, head: bytes) -> float:
        """How well this reader fits the file: 0 = not at all; content match > extension match."""

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        """Text and metadata of the file; raises ReadError with a clear message."""


@dataclass
class Segment:
    """A run of a document's analysable text (boilerplate excluded) with its parse."""

    start: int  # offset of the segment in the document's text
    doc: Any  # spacy.tokens.Doc over text[start:start + len(doc.text)]


@dataclass
class ExtractContext:
    """What the extractors have produced so far for one document."""

    document: Document
    segments: list[Segment]
    options: dict[str, Any]
    results: dict[str, list[Record]] = field(default_factory=dict)  # table -> records

    def get(self, table: str) -> list[Record]:
        return self.results.get(table, [])


@runtime_checkable
class Extractor(Protocol):
    name: str  # the stage name, e.g. "attributions"
    version: str  # bump when the output for the same input changes
    produces: tuple[str, ...]  # fragment tables, e.g. ("attributions",)

    def extract(self, ctx: ExtractContext) -> dict[str, list[Record]]:
        """Fragments for one document, keyed by table."""


_readers: list[Reader] = []
_extractors: list[Extractor] = []
_loaded = False


def register_reader(reader: Reader) -> Reader:
    if any(r.name == reader.name for r in _readers):
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    _readers.append(reader)
    return reader


def register_extractor(extractor: Extractor) -> Extractor:
    if any(e.name == extractor.name for e in _extractors):
        raise ValueError(f"an extractor named {extractor.name!r} is already registered")
    _extractors.append(extractor)
    return extractor


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    # Built-ins first, through the same calls a plugin uses.
    import redline.extract.builtin  # noqa: F401
    import redline.ingest.builtin  # noqa: F401

    for group, register in (("redline.readers", register_reader), ("redline.extractors", register_extractor)):
        for ep in importlib.metadata.entry_points(group=group):
            register(ep.load())


def readers() -> list[Reader]:
    _load()
    return list(_readers)


def extractors() -> list[Extractor]:
    _load()
    return list(_extractors)


def choose_reader(path: Path, head: bytes) -> Reader | None:
    best, best_score = None, 0.0
    for reader in readers():
        s = reader.score(path, head)
        if s > best_score:
            best, best_score = reader, s
    return best
