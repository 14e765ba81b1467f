"""Pairing quotation marks, and telling quoted speech from scare quotes and titles.

News text mixes curly and straight double quotes, and follows the convention that a
quotation running over several paragraphs re-opens (but does not close) at each new
paragraph.  `find_quotes` returns one `Quote` per quotation, with the spans of its
paragraph pieces, so that a multi-paragraph quotation is one piece of content.
Single quotes are left alone: in running text they are mostly apostrophes or quotes
inside quotes, and telling those apart reliably needs more than a character scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "\u201c\u201e"  # “ „
CLOSING = "\u201d"  # ”
STRAIGHT = '"'
QUOTE_CHARS = OPENING + CLOSING + STRAIGHT + "\u2018\u2019'"

_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Quote:
    """A quotation: `start` is its opening mark, `end` is just after its closing mark."""

    start: int
    end: int
    closed: bool = True  # False when the text ran out (or the paragraph ended) first

    def inner(self, text: str) -> str:
        return text[self.start + 1 : self.end - (1 if self.closed else 0)]


def find_quotes(text: str) -> list[Quote]:
    """Every double-quoted stretch of `text`, in order."""
    quotes: list[Quote] = []
    open_at: int | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # A paragraph ended inside a quotation: it continues only if the next
            # paragraph re-opens with a quotation mark (the newspaper convention).
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPENING or text[j] == STRAIGHT) and _ends_sentence(text, i):
                i = j + 1
                continue
            quotes.append(Quote(open_at, _rstrip(text, i), closed=False))
            open_at = None
        elif ch in OPENING or (ch == STRAIGHT and open_at is None):
            if open_at is None:
                open_at = i
        elif ch in CLOSING or ch == STRAIGHT:
            if open_at is not None:
                quotes.append(Quote(open_at, i + 1))
                open_at = None
        i += 1
    if open_at is not None:
        quotes.append(Quote(open_at, _rstrip(text, n), closed=False))
    return quotes


def _ends_sentence(text: str, newline_at: int) -> bool:
    """Whether the paragraph that ends at `newline_at` ended a sentence (a quotation
    is continued across paragraphs only after a complete sentence)."""
    before = text[:newline_at].rstrip()
    return bool(before) and before[-1] in ".!?:;\u2014-"


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def is_speech(text: str, quote: Quote) -> bool:
    """Whether a quotation looks like someone's words rather than a scare quote, a
    title or a term: speech has several words, or ends with its own punctuation."""
    inner = quote.inner(text).strip()
    words = _WORD.findall(inner)
    if not words:
        return False
    if inner[-1] in ",.?!:;\u2026" and len(words) >= 2:
        return True
    if len(words) >= 5 and not _looks_like_title(words):
        return True
    return False


def _looks_like_title(words: list[str]) -> bool:
    """Titles capitalise (nearly) every significant word: 'Born in the USA'."""
    significant = [w for w in words if len(w) > 3]
    return bool(significant) and all(w[0].isupper() for w in significant)


def quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    """The quotation containing character `offset`, if any."""
    for q in quotes:
        if q.start <= offset < q.end:
            return q
    return None
