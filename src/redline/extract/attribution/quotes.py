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
    mark: int = 1  # length of the marks: 2 for the typewriter style ''...''

    def inner(self, text: str) -> str:
        return text[self.start + self.mark : self.end - (self.mark if self.closed else 0)]


# Two apostrophes stand for a double quotation mark in some wire copy.
_MARKS = re.compile("''|[\u201c\u201d\u201e\"]|\n")


def find_quotes(text: str) -> list[Quote]:
    """Every double-quoted stretch of `text`, in order."""
    quotes: list[Quote] = []
    open_at: int | None = None
    open_mark = ""
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            if open_at is None:
                continue
            # A paragraph ended inside a quotation: it continues only if the next
            # paragraph re-opens with the same kind of mark (the newspaper convention).
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            reopen = text[j : j + len(open_mark)]
            if _ends_sentence(text, i) and (reopen == open_mark or (open_mark in OPENING and reopen[:1] in OPENING)):
                continue
            quotes.append(Quote(open_at, _rstrip(text, i), closed=False, mark=len(open_mark)))
            open_at = None
        elif open_at is None:
            if ch not in CLOSING:
                open_at, open_mark = i, ch
        elif i > open_at and (ch in CLOSING or ch == STRAIGHT or ch == "''" or _misturned(text, i)) \
                and not _reopens(text, i, open_mark):
            end = m.end()
            if ch == "''" and text[end : end + 1] == "'":
                end += 1  # "''... 'Oh, no,'''": a single quotation closes first, inside the double
            quotes.append(Quote(open_at, end, mark=len(open_mark)))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, _rstrip(text, len(text)), closed=False, mark=len(open_mark)))
    return quotes


def _misturned(text: str, i: int) -> bool:
    """'the “rapists“ in it': an opening mark set right after a word and before a space
    or punctuation is a closing one typed the wrong way round."""
    return text[i] == "\u201c" and i > 0 and not text[i - 1].isspace() and \
        (i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] in ",.;:)!?")


def _reopens(text: str, i: int, open_mark: str) -> bool:
    """Whether the mark at `i` re-opens a quotation continued from the previous
    paragraph (it follows a line break) rather than closing it."""
    k = i - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k >= 0 and text[k] == "\n" and (text[i] in OPENING or text[i:i + len(open_mark)] == open_mark)


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


def is_title(text: str, quote: Quote) -> bool:
    """'"Meet the Press."', "''Eye of the Tiger,''": a few words, each significant one
    capitalised, name a programme, a song or a book rather than quote anyone."""
    words = _WORD.findall(quote.inner(text))
    return 0 < len(words) <= 6 and words[0][0].isupper() and _looks_like_title(words)
