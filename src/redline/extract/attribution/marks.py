"""Keeping the paired marks of a content whole: quotation marks, dashes, parentheses.

The parser often hangs one mark of a pair on the cue or on the next clause, so a
content cut from the parse can open a quotation, a dash aside or a parenthesis that it
does not close, or close one it did not open. `balance_quotes` evens out the quotation
marks of one piece as the passes build a relation; `with_whole_marks` is the last
touch on every relation once all passes have run.
"""

from __future__ import annotations

import bisect
import re

from redline.extract.attribution.quotes import QUOTE_CHARS
from redline.extract.attribution.spans import Found, Span, _Quotes


def with_whole_marks(text: str, found: list[Found], quotes: _Quotes) -> None:
    """Close in each content the dash asides and parentheses it opens, leave out those
    it only closes, join a quotation that completes its last words, and keep its
    pieces in order and apart."""
    for f in found:
        if f.origin not in ("turn", "byline"):
            f.content = _inside_parentheses(text, f.content)
        f.content = f.content[:-1] + [_with_closing_dash(text, _without_open_parenthesis(text, f.content[-1]))]
        if f.origin not in ("turn", "byline", "headline"):
            f.content = f.content[:-1] + [_with_quoted_object(text, f.content[-1], quotes)]
        f.content = _without_overlaps(f.content)


def balance_quotes(text: str, piece: Span, quotes: _Quotes) -> Span:
    """Make a content piece keep whole quotation marks: a quotation opened inside the
    piece is closed inside it too (the parser often hangs the closing mark and the
    period before it on the reporting verb), and a stray closing mark of an earlier
    quotation is not the start of the content."""
    start, end = piece
    # 'said "it gets me mad" every time ...': the parser hangs the opening mark of a
    # quotation that opens the content on the verb; the quotation is the content's.
    k = bisect.bisect_left(quotes.starts, start) - 1
    if k >= 0:
        q = quotes[k]
        if q.closed and start < q.end <= end and not text[q.start + q.mark:start].strip():
            start = q.start
    for q in quotes[quotes.from_index(start):]:
        if q.start >= end:
            break  # (in text order: no later quotation can meet either test)
        if start <= q.start < end < q.end and q.closed and not text[end:q.end].count("\n\n"):
            end = q.end
        if q.start < start < q.end <= end and start >= q.end - 1:
            start = q.end
    while start < end and (text[start].isspace() or (text[start] in QUOTE_CHARS and
                                                       quotes.at(start) is None)):
        start += 1
    start = _with_opening_single_quote(text, start, end)
    end = _with_closing_single_quote(text, start, end)
    return (start, end) if end > start else piece


_SINGLE_QUOTES = {"\u2018": "\u2019", "'": "'"}


def _with_opening_single_quote(text: str, start: int, end: int) -> int:
    """"Reveals 'Demoralizing' Experience": headlines quote with single marks, which the
    quotation index leaves alone (they are mostly apostrophes); an opening mark right
    before the content, closed inside it, is the content's."""
    if start < 1 or text[start - 1] not in _SINGLE_QUOTES or (start >= 2 and not text[start - 2].isspace()):
        return start
    closing = _SINGLE_QUOTES[text[start - 1]]
    for i in range(start + 1, end):
        if text[i] == closing and text[i - 1].isalpha() and (i + 1 == len(text) or not text[i + 1].isalpha()):
            return start - 1
    return start


def _with_closing_single_quote(text: str, start: int, end: int) -> int:
    """"Says the blast was an 'intentional act.'": a single mark opened inside the
    content and closed only after the sentence's full stop (as American style puts
    it) closes inside the content, with the stop it encloses."""
    m = re.match(r"[.?!,]?([\u2019'])(?!\w)", text[end:end + 3])
    if m is None:
        return end
    closing = m.group(1)
    opening = "\u2018" if closing == "\u2019" else "'"
    for i in range(end - 1, start - 1, -1):
        if text[i] == closing and (i + 1 == end or not text[i + 1].isalpha()):
            return end  # the last single mark in the content closes something already
        if text[i] == opening and (i == start or not text[i - 1].isalnum()) and i + 1 < end and text[i + 1].isalpha():
            return end + m.end()
    return end


def _inside_parentheses(text: str, pieces: list[Span]) -> list[Span]:
    """'(According to the club, it keeps no figures.)': a content inside a parenthesis
    leaves out the marks the parser hung on it (and the full stop before the closing one)."""
    start, end = pieces[0]
    if text[start] == "(" and ")" not in text[start:end]:
        start += 1
        while start < end and text[start].isspace():
            start += 1
    pieces = [(start, end), *pieces[1:]]
    start, end = pieces[-1]
    piece = text[start:end]
    if piece.endswith(")") and piece.count(")") > piece.count("("):
        end -= len(_CLOSING_PARENTHESIS_AT_END.search(piece).group())
    if end > start:
        return [*pieces[:-1], (start, end)]
    return pieces[:-1] if len(pieces) > 1 else pieces


_CLOSING_PARENTHESIS_AT_END = re.compile(r"[\s.?!]*\)$")


def _without_open_parenthesis(text: str, piece: Span) -> Span:
    """A parenthesis the content opens but does not close: a label ('Sen. Ruiz (D-OR')
    closes inside it; a remark ('the plan (which the court blocked') is the writer's
    and is left out."""
    start, end = piece
    opened = text.rfind("(", start, end)
    if opened < 0 or text.find(")", opened, end) >= 0:
        return piece
    m = _CLOSING_PARENTHESIS.match(text, end)
    if m is not None and len(text[opened + 1:end].split()) <= 3:
        return start, m.end()
    cut = opened
    while cut > start and (text[cut - 1].isspace() or text[cut - 1] in ",;:\u2014\u2013-"):
        cut -= 1
    return (start, cut) if cut > start else piece


_DASH = re.compile(r"\u2014|\u2013|--| - ")


_CLOSING_DASH = re.compile(r"[ \xa0]*(\u2014|\u2013|--| - )")


_CLOSING_PARENTHESIS = re.compile(r"[ \xa0]*\)")


def _with_closing_dash(text: str, piece: Span) -> Span:
    """'his advice is unsound - or flat out wrong - according to ...': an aside the
    content opens with a dash closes with the dash after it, which is the content's."""
    start, end = piece
    dashes = _DASH.findall(text, start, end)
    if len(dashes) % 2 == 0:
        return piece
    m = _CLOSING_DASH.match(text, end)
    if m is None or m.group(1) != dashes[-1]:
        return piece
    return start, m.end(1) - (1 if m.group(1) == " - " else 0)


def _with_quoted_object(text: str, piece: Span, quotes: _Quotes) -> Span:
    """'blamed the media for focusing on "who said what"': a quotation that goes on
    the words of the content with no punctuation between is part of it."""
    start, end = piece
    if not text[end - 1:end].isalnum() or text[end:end + 1] != " ":
        return piece
    quote = quotes.at(end + 1)
    if quote is None or not quote.closed:
        return piece
    first = quote.inner(text).split(maxsplit=1)[:1]
    if first and first[0].lower() in _PREDICATE_OPENERS:
        return piece  # 'the complaints "would be disqualifying"': a predicate of its own
    return start, quote.end


#: Words that open a predicate: a quotation opening with one says something of the words
#: before it rather than completing them.
_PREDICATE_OPENERS = frozenset(
    "is are was were be been has have had will would can could should shall may might must do does did".split())


def _without_overlaps(pieces: list[Span]) -> list[Span]:
    """Pieces in text order, one where two overlap (a quotation balanced over the next
    piece)."""
    out: list[Span] = []
    for a, b in sorted(pieces):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
