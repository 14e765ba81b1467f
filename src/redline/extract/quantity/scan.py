"""Finding figures in a parsed text: the core of the quantity extractor.

`find_figures(doc, skip=...)` reads a spaCy Doc and returns `Figure`s with offsets
relative to the Doc's text.  It works in three passes:

1. the surface: a regular scan of the characters finds digits, number words and
   vague magnitudes, then grows each one outwards with its currency sign, scale word
   ("1.5 million", "$20bn"), unit ("km", "percent", "dollars"), qualifier ("up to",
   "approaching", "or more") and range partner ("between X and Y", "X to Y", "X–Y");
2. the filters: numbers that are not quantities are dropped (dates and times,
   ordinals, years used as names, phone numbers, "Article 5", "page 3 of 12",
   "COVID-19", scores such as 89-89);
3. the syntax: the dependency parse names what is counted ("Russian soldiers") and
   the measure (killed, deployed...) from the verb or noun the figure attaches to;
4. the neighbours: figures in one sentence share what the text leaves implicit: a
   restatement in brackets or after ", or" keeps the qualifier ("lower than 8.9 ksi
   (61.4 MPa)"), a bare figure counts what the one before it counts ("460 vehicles
   ... compared with 63"), index levels beside points figures are in points.

The parse of news text is often wrong in small ways, so every syntactic rule has a
surface fallback (the words right after the figure, the words leading up to it).

Offsets are character offsets in `doc.text`; the extractor adds the segment offset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from redline.extract import doc_text
from redline.extract.measures import measure_at_start, normalise_measure
from redline.extract.quantity.numbers import (
    AMBIGUOUS_SCALE_SUFFIXES,
    NUMBER_WORDS,
    SCALE_SUFFIXES,
    SCALES,
    parse_digits,
    parse_words,
)
from redline.extract.quantity.qualifiers import (
    CHANGE_WORDS,
    PREFIXES,
    SUFFIXES,
    VAGUE_MULTIPLIERS,
    VAGUE_PLURALS,
    interval_for,
)
from redline.extract.quantity.units import currency_before, unit_after


@dataclass
class Figure:
    """One figure found in a text, before it becomes a ledger record."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None
    unit: str | None = None
    unit_kind: str | None = None  # currency | percent | unit
    counted: str | None = None
    counted_span: tuple[int, int] | None = None
    measure: str | None = None
    concept: list[str] = field(default_factory=list)  # words naming what the figure is about
    sentence: tuple[int, int] | None = None
    number_end: int = 0  # end of the digits/words, before scale and unit
    change: str | None = None  # increase | decrease when the figure is a change, whatever its qualifier
    anchor: int | None = None  # index of the token the figure hangs from in the parse


# --------------------------------------------------------------------------- surface

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_WORD_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_WORDS = rf"(?:(?:an?\s+)?(?:{_WORD_ALT})(?:(?:\s+and\s+|\s+|-)(?:{_WORD_ALT}))*)"
_VAGUE = (
    r"(?:(?P<mult>several|a\s+few|a\s+couple\s+of|a\s+couple|many)\s+(?P<mscale>hundred|thousand|million|billion|dozen)"
    r"|(?P<plural>dozens|scores|tens|hundreds|thousands|millions|billions|trillions)"
    r"(?:\s+of\s+(?P<of>thousands|millions|billions|trillions))?)"
)
#: Fractions in words, only before "of": "a third of voters", "two thirds of", "half of".
_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                   "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5}
_FRAC = (r"(?:(?P<fnum>an?|one|two|three|four)[\s-]+(?P<fden>halves|half|thirds?|quarters?|fourths?|fifths?)"
         r"|(?P<fhalf>half))(?=\s+of\b)")
_CORE_RE = re.compile(
    rf"(?P<frac>\b{_FRAC})|(?P<digits>(?<![\d.,]){_DIGITS}(?![.,]?\d))|(?P<vague>\b{_VAGUE}\b)|(?P<words>\b{_WORDS}(?:\b|(?=fold\b)))",
    re.IGNORECASE,
)
_SCALE_WORD_RE = re.compile(
    r"^(?P<sp>\s?)(?P<scale>trillion|billion|million|thousand|hundred|bn|bln|mln|mn|tn|trn|mil|crore|lakh|[kKmMbB])(?![\w])"
)
_COUNT_NOUN_AFTER = re.compile(r"^\s+(?!per\b|in\b|of\b|from\b|away\b|long\b|high\b|wide\b|deep\b|tall\b)(?:[a-z]+s|people|children|men|women|staff|personnel|troops)\b")
_DIMENSION_AFTER = re.compile(r"^[\s-]+(?:tall|high|long|wide|deep|away|above|below|in\s+(?:length|height|diameter|depth)|"
                              r"of\s+(?:water|snow|rain))\b", re.IGNORECASE)
_RATE_RE = re.compile(
    r"^[\s-]*(?:per|a|an|each|every)[\s-]+(?P<per>(?:square\s+)?(?:day|week|month|year|hour|minute|second|share|"
    r"gallon|litre|liter|ounce|barrel|tonne|ton|person|capita|head|game|kilogram|kg|pound|unit|night|"
    r"foot|feet|metre|meter|mile|kilometre|kilometer|km|household|student|employee|worker|vehicle|month|dozen|annum))"
    r"\b(?![\s-]+(?:earlier|ago|later|before|after|on|from)\b)",
    re.IGNORECASE,
)
_CENTS_RE = re.compile(
    r"^,?\s+(?:and\s+)?(\d{1,2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen)\s+(?:cents?|pence|p)\b",
    re.IGNORECASE,
)
_MIXED_FRACTION_RE = re.compile(r"\s+(\d)[/⁄](\d{1,2})\b(?![/⁄])")
_FRACTION_RE = re.compile(r"[/⁄](\d{1,3})(?=\s+(?:of\s+an?\b|[a-zA-Z]))")
_STREET_AFTER = re.compile(r"^\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|"
                           r"Lane|Drive|Square|Place|Way|Court|Terrace|Highway)\b")
_BETWEEN_UNIT_RE = re.compile(r"^\s+(?:more|additional|further|previous|full|straight|consecutive|extra|whole|"
                              r"entire|successive|long|short|solid|first|final|other)\s+", re.IGNORECASE)
_DAY_MONTH_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                               r"[a-z]*\.?\s+$", re.IGNORECASE)
_LABEL_LETTERS = frozenset({"G", "D", "X", "P", "S", "A", "E", "T", "L", "R", "Q", "H"})
_ORDINAL_SUFFIX = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^\s?(?:a\.?m\.?|p\.?m\.?|GMT|UTC|BST|EST|EDT|PST|CET|hrs\b)(?!\w)", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:(?P<dash>[-–—])|(?P<word>to|and|through))\s*", re.IGNORECASE)
_PHONE_RE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,3})"
    r"|(?:\(\d{3}\)\s?\d{3}[-.\s]\d{4})"
    r"|(?:\b\d{3}[-.]\d{3}[-.]\d{4}\b)"
    r"|(?:\b\d{3}-0\d{3}\b)"
    r"|(?:(?:call|phone|tel\.?|telephone|fax|hotline|mobile|dial|on)\s*:?\s*\d[\d\s.-]{6,}\d)",
    re.IGNORECASE,
)
_PAGE_RE = re.compile(
    r"\b(?:page|p\.|pp\.|pg\.?)\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:of|/)\s*\d+)?"
    r"|\b(?:slide|sheet|part|section|chapter|annex|appendix|item|no\.)\s*\d+\s*(?:of|/)\s*\d+"
    r"|^\s*[-–]?\s*\d+\s*(?:/|of)\s*\d+\s*[-–]?\s*$"
    r"|^[ \t]*\(?\d{1,2}[.)](?=[ \t]+[A-Z])"  # list numbering at the start of a line: "1. Summary."
    r"|^\s*[-–]\s*\d+\s*[-–]\s*$",
    re.IGNORECASE | re.MULTILINE,
)
#: Nouns that make the number after them a name or a label, not an amount.
LABEL_NOUNS = frozenset(
    """article articles section sections chapter chapters paragraph paragraphs clause clauses
    resolution amendment rule rules no no. nos number numbers # room flight route highway
    interstate game round stage phase level part volume vol vol. issue episode figure fig fig.
    table annex appendix item line platform gate terminal unit ward district block building floor
    grade class category type model version season week day pillar tier step exhibit schedule
    count counts bill case docket act title regulation directive protocol point points verse
    stanza question apartment suite box channel track lot plot seat row bus tranche package exit junction
    slide sheet
    s&p sp ftse nasdaq stoxx asx dax cac nikkei russell sensex nifty msci tsx kospi
    iphone galaxy pixel note model boeing airbus windows playstation xbox hiv covid apollo""".split()
)
_DATE_LABELS = frozenset({"DATE", "TIME"})
_AGE_CUE_RE = re.compile(r"(?:aged?|age of)\s*$", re.IGNORECASE)


def find_figures(doc: Any, skip: Iterable[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure in a spaCy Doc, in text order; `skip` spans (dates) hold none."""
    text = doc_text(doc)
    date_spans = _date_spans(doc, skip)
    label_spans = _label_spans(text)
    raw: list[Figure] = []
    pos = 0
    while True:
        m = _CORE_RE.search(text, pos)
        if m is None:
            break
        fig = _grow(text, m)
        if fig is None:
            pos = m.end()
            continue
        # A run of number words may hold two numbers ("five and ten"): carry on after
        # the figure, not after the whole run.
        pos = max(fig.end, m.start() + 1) if fig.end < m.end() else fig.end
        raw.append(fig)
    figures = _join_ranges(text, raw)
    sentences = _Sentences(doc)
    out = []
    for fig in figures:
        # Inside a date or time expression a bare number is part of the date; one
        # with a unit ("three days", "15kHz") is an amount the model mis-labelled.
        if fig.unit is None and (
            _inside(fig.start, fig.number_end, label_spans)
            or (_inside(fig.start, fig.number_end, date_spans)
                and _could_be_date_part(fig, text[fig.start:fig.number_end], text))
        ):
            continue
        if _not_a_quantity(doc, text, fig, sentences):
            continue
        _attach_syntax(doc, text, fig, sentences)
        if fig.value is None and fig.low is None:
            continue
        out.append(fig)
    _carry_over(text, out)
    return out


def _carry_over(text: str, figures: list[Figure]) -> None:
    """A bare figure next to a counted one in the same sentence counts the same thing:
    "460 vehicles were stolen this year, compared with 63 last year"; "6 million homes,
    including 1.5 million in the region"; "about 8 or $9" shares the currency."""
    last_counted: Figure | None = None
    for fig in figures:
        if last_counted is not None and last_counted.sentence == fig.sentence and not fig.counted and not fig.unit \
                and _AFTER_BARE_FIGURE.match(text[fig.end:fig.end + 12]) is not None:
            # (a noun or unit of its own after the figure would make it no ellipsis)
            fig.counted = last_counted.counted
            if fig.measure is None:
                fig.measure = last_counted.measure
        if fig.counted and not fig.unit:
            last_counted = fig
    for prev, fig in zip(figures, figures[1:], strict=False):
        gap = text[prev.end:fig.start]
        restated = gap.strip() == "(" and text[fig.end:fig.end + 1] == ")"  # "8.90 ksi (61.4 MPa)"
        if restated and fig.qualifier == "range" and prev.qualifier in ("increase", "decrease"):
            fig.qualifier = prev.qualifier  # "dropped by 1 to 1.5 °C (1.8 to 2.7 °F)"
            continue
        if fig.qualifier is not None or prev.qualifier in (None, "exact", "vague") or fig.value is None:
            continue
        also = re.fullmatch(r"(?:\s+[a-z]+){0,2},?\s+or\s+", gap) is not None  # "up 0.25 points, or 0.01%"
        elided = prev.qualifier in ("increase", "decrease") and re.search(r"\bby\s*$", gap) is not None
        if restated or also or elided:
            fig.qualifier = prev.qualifier
            fig.change = fig.change or prev.change
            if fig.qualifier not in ("range", "increase", "decrease"):
                fig.low, fig.high = interval_for(fig.qualifier, fig.value)
    for prev, fig in zip(figures, figures[1:], strict=False):
        gap = text[prev.end:fig.start]
        if not fig.concept and prev.concept and re.fullmatch(r"\s*(?:\(|\)?\s*(?:,|and|or|,\s*and)\s*)\s*", gap):
            fig.concept = list(prev.concept)  # "15.5 cm (6.1 inches) and 23.5 cm": the same thing measured
    # Index levels: "(16369.03 up 58.06 points)", "lost 1.1% to end at 1,334.20 ...
    # 1,463.78 points": a bare decimal figure beside points figures is in points too.
    for i, fig in enumerate(figures):
        if fig.unit or fig.counted or fig.value is None or fig.value == int(fig.value):
            continue
        nxt = figures[i + 1] if i + 1 < len(figures) else None
        if nxt is not None and nxt.unit == "point" and re.fullmatch(r"\s+(?:up|down|off|higher|lower)\s+",
                                                                   text[fig.end:nxt.start], re.IGNORECASE):
            fig.unit, fig.unit_kind = "point", "unit"
        elif re.search(r"\b(?:to|at)\s+(?:end\s+at\s+|close\s+at\s+)?$", text[max(0, fig.start - 20):fig.start]) \
                and any(o.unit == "point" and o.sentence == fig.sentence for o in figures if o is not fig):
            fig.unit, fig.unit_kind = "point", "unit"
    for fig, nxt in zip(figures, figures[1:], strict=False):
        if fig.unit is None and fig.counted is None and nxt.unit_kind == "currency" \
                and re.fullmatch(r"\s*(?:or|to|and)\s*", text[fig.end:nxt.start]):
            fig.unit, fig.unit_kind = nxt.unit, nxt.unit_kind


_AFTER_BARE_FIGURE = re.compile(r"^(?:\s*$|\s*[,.;:)]|\s+(?:in|on|at|by|from|for|last|this|who|which|that|were|was|are|"
                                r"is|have|had|compared|during|since|before|after|of\s+(?:them|whom|which)))", re.I)


class _Sentences:
    """Sentence bounds of a Doc computed once: `token.sent` rescans the Doc on every call."""

    def __init__(self, doc: Any) -> None:
        bounds: list[tuple[int, int, int, int]] = []
        pending = None
        for s in doc.sents:
            b = (s.start, s.end, s.start_char, s.end_char)
            if pending is not None:
                b = (pending[0], b[1], pending[2], b[3])
                pending = None
            if s.end < len(doc) and _at_most_two_words(s):
                pending = b  # the parser sometimes cuts "47 | alliance personnel were ...": rejoin
                continue
            bounds.append(b)
        if pending is not None:
            bounds.append(pending)
        self.bounds = bounds or [(0, len(doc), 0, len(doc_text(doc)))]
        self.starts = [b[0] for b in self.bounds]

    def of(self, token_i: int) -> tuple[int, int, int, int]:
        return self.bounds[max(0, bisect.bisect_right(self.starts, token_i) - 1)]


def _at_most_two_words(sentence: Any) -> bool:
    words = 0
    for t in sentence:
        if not t.is_space:
            words += 1
            if words > 2:
                return False
    return True


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans) or any(a < end and start < b for a, b in spans)


def _date_spans(doc: Any, skip: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = [(a, b) for a, b in skip]
    for ent in doc.ents:
        if ent.label_ in _DATE_LABELS:
            spans.append((ent.start_char, ent.end_char))
    return spans


def _label_spans(text: str) -> list[tuple[int, int]]:
    """Phone numbers and page counters: no number inside them is an amount."""
    spans = []
    for pattern in (_PHONE_RE, _PAGE_RE):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return spans


_DATE_NEIGHBOUR = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|second|minute|hour|day|night|"
    r"week|month|year|decade|centur|quarter|q[1-4]|fiscal|fy|spring|summer|autumn|fall|winter|[/:-]\d)",
    re.IGNORECASE,
)


def _could_be_date_part(fig: Figure, core: str, text: str) -> bool:
    """A bare number a date expression can hold: a year, or a day or count written next
    to a month, weekday or unit of time.  The model's DATE entities sometimes swallow a
    neighbouring figure ("95800 who have been unemployed", "63 last year")."""
    v = fig.value
    if v is None or fig.qualifier == "vague":
        return True
    if "," in core or v != int(v):
        return False
    if 1000 <= v <= 2100:
        return True
    if v > 100:
        return False
    if _COUNT_NOUN_AFTER.match(text[fig.number_end:fig.number_end + 30]) and _DAY_MONTH_BEFORE.search(
            text[max(0, fig.start - 20):fig.start]):
        return False  # "On 3 November 97 troops crossed": the day is given, 97 counts troops
    before = text[max(0, fig.start - 12):fig.start]
    after = text[fig.number_end:fig.number_end + 12]
    return bool(_DATE_NEIGHBOUR.search(before.split()[-1] if before.split() else "")
                or re.match(r"^(?:st|nd|rd|th)?[\s,.-]*(?:of\s+)?" + _DATE_NEIGHBOUR.pattern, after, re.IGNORECASE))


def _grow(text: str, m: re.Match) -> Figure | None:
    """The figure around one core match: currency, scale, unit, qualifiers."""
    start, end = m.start(), m.end()
    unit = unit_kind = None
    if m.group("frac"):
        num = 1 if m.group("fhalf") or m.group("fnum").lower() in ("a", "an") else parse_words(m.group("fnum"))
        den = 2 if m.group("fhalf") else _FRACTION_WORDS[m.group("fden").lower()]
        if num is None or num >= den:
            return None  # "three halves of": not a share
        if re.search(r"\b(?:first|second|third|final|last|other|the|latter|former|back|front|top|bottom|upper|lower|"
                     r"better|northern|southern|eastern|western)\s+$", text[max(0, start - 10):start], re.IGNORECASE):
            return None  # "the second half of the match", "the top quarter of": a part, not a share
        value = low = high = num / den
        qualifier = None
    elif m.group("vague"):
        low, high = _vague_interval(m)
        value = None
        qualifier = "vague"
    elif m.group("digits"):
        value = parse_digits(m.group("digits"))
        qualifier = None
        fraction = _FRACTION_RE.match(text, m.end())
        if fraction and value is not None and value == int(value):
            # "1/2 pound", "1/16 of a pint": a fraction, when a unit or "of" follows.
            value = value / float(fraction.group(1))
            end = fraction.end(1)
        mixed = _MIXED_FRACTION_RE.match(text, m.end()) if not fraction else None
        if mixed and value is not None and value == int(value) and int(mixed.group(1)) < int(mixed.group(2)):
            value = value + int(mixed.group(1)) / int(mixed.group(2))  # "7 3/4 %", "101 1/4"
            end = mixed.end()
        low = high = value
    else:
        words = m.group("words")
        value, words_len = _longest_number_words(words)
        article = re.match(r"an?\s+", words, re.IGNORECASE)
        if value is None and article:
            # "a five per cent rise": the article belongs to the phrase, not the number.
            start += article.end()
            words = words[article.end():]
            value, words_len = _longest_number_words(words)
        if value is None:
            return None
        end = start + words_len
        qualifier = None
        low = high = value
        if re.match(r"[\s-]+[a-z]+", text[end:]) and "-" in text[end:end + 1] and words.split()[0].lower() not in (
                "a", "an") and unit_after(text[end + 1:], glued=False) is None:
            # "a three-bed flat", "a five-year plan": a number word made into an adjective
            # names a kind of thing, not an amount (digits, "a 50-year-old", stay figures).
            return None
    number_end = end
    fold = re.match(r"fold\b", text[end:]) if m.group("words") else None
    if fold:
        unit, unit_kind = "times", "unit"  # "sixfold"
        end += fold.end()

    # A written sign: "minus-130 degrees", "minus 5 yards", "-5 degrees".
    minus = re.search(r"(?:\bminus[\s-]?|(?:^|(?<=[\s(]))[-−])$", text[max(0, start - 7):start], re.IGNORECASE)
    if minus and value is not None:
        value = low = high = -value
        start -= len(minus.group(0))

    # Currency before: "$20bn", "EUR50m", "US$ 5".
    cur = currency_before(text[max(0, start - 6):start])
    if cur is not None:
        unit, unit_kind = cur[0], "currency"
        start -= cur[1]

    # Glued letters: ordinals, scale suffixes, units, or an identifier such as "4G".
    glued = re.match(r"[A-Za-zμµ°%²³$/]+", text[end:])
    if glued and m.group("digits"):
        g = glued.group(0)
        if g in ("m", "bn", "k", "b", "mn", "M", "B", "K") and unit_kind is None and (
            _COUNT_NOUN_AFTER.match(text[end + len(g):])
            or (unit_after(text[end + len(g):].lstrip(), glued=False) or ("", ""))[1] == "currency"
            or (g == "m" and "." in m.group("digits") and not _DIMENSION_AFTER.match(text[end + 1:]))
        ):
            unit_kind = "scaled-count"  # "3.5m people": million, not metres
        if _ORDINAL_SUFFIX.match(g) and len(g) == 2:
            return None
        if g.lower() == "s" and value is not None and value >= 10 and value == int(value):
            return None  # "1990s", "80s": decades, dates rather than figures
        scale = _scale_from_suffix(g, True if unit_kind in ("currency", "scaled-count") else False)
        if unit_kind == "scaled-count":
            unit_kind = None
        if scale is not None:
            value, low, high = _times(value, low, high, scale[1])
            end += len(scale[0])
            g = g[len(scale[0]):]
        if g in _LABEL_LETTERS:
            return None  # "4G", "3D": labels, not grams or anything else
        if g:
            found = unit_after(text[end:], glued=True)
            if found is None:
                return None  # "4G", "A4", "MH17"-like labels
            unit, unit_kind, length = found
            end += length
    elif m.group("digits"):
        sw = _SCALE_WORD_RE.match(text[end:])
        counts_after = sw is not None and sw.group("scale") in ("M", "B", "K") and _COUNT_NOUN_AFTER.match(
            text[end + sw.end():])  # "about 8 B people"
        if sw and (len(sw.group("scale")) > 1 or unit_kind == "currency" or counts_after) and not (
            sw.group("scale") in AMBIGUOUS_SCALE_SUFFIXES and unit_kind != "currency" and not counts_after
        ):
            factor = SCALE_SUFFIXES.get(sw.group("scale")) or SCALES[sw.group("scale").lower()]
            value, low, high = _times(value, low, high, factor)
            end += sw.end()

    # A separate unit word: "20 billion dollars", "26 percent", "5 km", "a 2.4-litre engine".
    if unit_kind != "currency" or unit is None:
        after = text[end:]
        sep = re.match(r"^(?: |-(?=[a-zA-Z]))?", after).group(0)
        found = unit_after(after[len(sep):], glued=sep == "")
        if found is None and sep == " ":
            # "50 previous years", "three more days": a word between the figure and its unit.
            between = _BETWEEN_UNIT_RE.match(after)
            if between:
                found = unit_after(after[between.end():], glued=False)
                if found is not None and found[1] == "unit":
                    sep = between.group(0)
                else:
                    found = None
        if found is None and sep == " ":
            letter = re.match(r"^([CWV])(?![\w-])(?!\s+[A-Z])", after[1:])
            if letter:  # "12 C", "5 W": a capital unit letter on its own
                found = unit_after(letter.group(1).lower(), glued=True)
        if found is not None:
            unit, unit_kind, length = found
            end += len(sep) + length
    # A rate: "$2.11 per gallon", "$3,500 a month", "800,000 barrels a day".
    if unit is not None:
        rate = _RATE_RE.match(text[end:])
        if rate:
            per = unit_after(rate.group("per"), glued=False)
            per_name = per[0] if per is not None else rate.group("per").lower().rstrip("s")
            per_name = {"annum": "year"}.get(per_name, per_name)
            unit = f"{unit} per {per_name}"
            end += rate.end()
    # Money in two parts: "3 dollars 50 cents", "thirteen dollars and forty-five cents".
    if unit_kind == "currency" and unit not in ("cent", "penny") and value is not None:
        cents = _CENTS_RE.match(text[end:])
        if cents:
            amount = parse_digits(cents.group(1)) or parse_words(cents.group(1))
            if amount is not None and amount < 100:
                value = low = high = value + amount / 100
                end += cents.end()
    # "361 million pounds" is money: nobody weighs in millions of pounds in the news.
    if unit == "pound" and value is not None and re.search(r"(?:million|billion|bn|m)\s+pounds?$", text[start:end], re.I):
        unit, unit_kind = "GBP", "currency"
    # An age: "a 50-year-old man", "the 18 year-old winger".
    age = re.match(r"^(?:[\s-]*old\b|\s+of\s+age\b)", text[end:]) if unit in ("year", "month", "week", "day") else None
    if age:
        unit = f"{unit} of age"  # "a 50-year-old", "eight months old", "6 weeks of age"
        end += age.end()
    if m.group("vague") and unit is None:
        # "tens of billions of dollars": the unit follows "of".
        of = re.match(r"^\s+of\s+", text[end:])
        if of:
            found = unit_after(text[end + of.end():], glued=False)
            if found is not None and found[1] == "currency":
                unit, unit_kind, length = found
                end += of.end() + length

    if unit == "year" and re.search(r"\b(?:age[sd]?\s+of|aged)\s+(?:under\s+|over\s+)?$", text[max(0, start - 20):start],
                                    re.IGNORECASE):
        unit = "year of age"  # "children under the age of 5 years"
    # An age in apposition: "Maddon, 66, has ..."
    if (unit is None and value is not None and value == int(value) and 1 <= value <= 120
            and re.search(r"[A-Z][\w'’-]+,\s*$", text[max(0, start - 30):start]) and re.match(r"^\s*,", text[end:])):
        unit, unit_kind = "year of age", "unit"

    # Qualifiers before and after.
    before = text[max(0, start - 24):start]
    pre = _prefix_qualifier(before)
    if (pre is not None and pre[0] == "about" and value == 1 and m.group("words") and unit is None
            and re.search(r"\b(?:about|around)\s*$", before, re.I)):
        pre = None  # "clear about one thing": a preposition; "around 1 percent" stays approximate
    if pre is None and qualifier is None:
        # "children under the age of 5", "adults over the age of 70": the bound sits
        # before the age noun, not next to the figure.
        aged = re.search(r"\b(under|below|over|above)\s+(?:the\s+)?ages?\s+of\s+$", before, re.IGNORECASE)
        if aged:
            pre = PREFIXES[aged.group(1).lower()], len(before) - aged.start()
    if pre is not None and qualifier != "vague":
        qualifier = pre[0] if pre[0] != "exact" else "exact"
        start -= pre[1]
    elif pre is not None and pre[0] in ("more_than", "at_least", "less_than", "at_most", "nearly", "about"):
        # "more than a dozen", "fewer than hundreds": keep the vague interval but bound it.
        start -= pre[1]
        if pre[0] in ("more_than", "at_least"):
            high = None
        elif pre[0] in ("less_than", "at_most"):
            high, low = low, 0.0
    post = _suffix_qualifier(text[end:end + 20])
    if post is not None and qualifier in (None, "exact"):
        qualifier = post[0]
        end += post[1]
    change = None
    if value is not None:
        change = _change_before(text[max(0, start - 24):start]) or _change_after(text[end:end + 20])
    if qualifier not in (None, "exact", "vague") and value is not None:
        low, high = interval_for(qualifier, value)
    elif qualifier is None and change is not None:
        qualifier = change
    fig = Figure(start, end, value, low, high, qualifier, unit, unit_kind, number_end=number_end)
    fig.change = change
    return fig


def _times(value, low, high, factor):
    return (
        None if value is None else value * factor,
        None if low is None else low * factor,
        None if high is None else high * factor,
    )


def _scale_from_suffix(glued: str, has_currency: bool) -> tuple[str, float] | None:
    for suffix in sorted(SCALE_SUFFIXES, key=len, reverse=True):
        if glued.startswith(suffix) and (len(glued) == len(suffix) or not glued[len(suffix)].isalpha()):
            if suffix in AMBIGUOUS_SCALE_SUFFIXES and not has_currency:
                return None
            return suffix, SCALE_SUFFIXES[suffix]
    return None


def _longest_number_words(words: str) -> tuple[float | None, int]:
    """The longest prefix of a run of number words that parses: 'three and four' -> 3."""
    pieces = list(re.finditer(r"[^\s\-]+", words))
    for n in range(len(pieces), 0, -1):
        chunk = words[: pieces[n - 1].end()]
        if chunk.lower() in ("a", "an", "and"):
            continue
        value = parse_words(chunk)
        if value is not None:
            return value, len(chunk)
    return None, 0


def _vague_interval(m: re.Match) -> tuple[float, float]:
    if m.group("mult"):
        lo, hi = VAGUE_MULTIPLIERS[re.sub(r"\s+", " ", m.group("mult").lower())]
        scale = m.group("mscale").lower()
        factor = 12 if scale == "dozen" else SCALES[scale]
        return lo * factor, hi * factor
    lo, hi = VAGUE_PLURALS[m.group("plural").lower()]
    if m.group("of"):
        factor = SCALES[m.group("of").lower()[:-1]]
        return lo * factor, hi * factor
    return lo, hi


_PREFIX_RE = re.compile(
    r"(?:^|(?<=[\s(\[\"'“]))(?P<q>" + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
    + r")(?P<sp>\s*)$",
    re.IGNORECASE,
)


def _prefix_qualifier(before: str) -> tuple[str, int] | None:
    m = _PREFIX_RE.search(before)
    if not m:
        return None
    q = m.group("q").lower()
    if q[-1].isalpha() and not m.group("sp"):
        return None  # "over" glued to the digits is not a word
    if q in ("sub", "sub-") and m.group("sp"):
        return None
    return PREFIXES[q], len(m.group(0))


def _suffix_qualifier(after: str) -> tuple[str, int] | None:
    low = after.lower()
    for s in sorted(SUFFIXES, key=len, reverse=True):
        for lead in ("", " "):
            form = lead + s
            if low.startswith(form) and (len(low) == len(form) or not low[len(form)].isalnum()):
                if s in ("+", "-plus", "-odd") and lead:
                    continue
                return SUFFIXES[s], len(form)
    return None


def _change_before(before: str) -> str | None:
    m = re.search(r"(?:(\w+)\s+)?(\w+)(?:\s+by)?\s+(?:a\s+further\s+|another\s+)?$", before)
    if not m:
        return None
    word = m.group(2).lower()
    lead = (m.group(1) or "").lower()
    if word in ("up", "down") and lead not in _UP_DOWN_LEADS and not lead.replace(".", "").isdigit():
        return None  # "gave up 517 yards", "cut down 40 trees": phrasal verbs, not changes
    return CHANGE_WORDS.get(word)


_UP_DOWN_LEADS = frozenset({"", "was", "were", "is", "are", "be", "been", "being", "closed", "ended", "finished",
                            "trading", "traded", "shares", "stock", "stocks", "index", "prices", "points", "and",
                            "edged", "trending", "ticked", "moved", "moving", "went", "came", "inched", "nudged",
                            "slightly", "sharply", "marginally", "or", "while"})


_CHANGE_AFTER_RE = re.compile(
    r"^\s*(?P<w>increase|rise|jump|gain|hike|growth|surge|drop|fall|decline|decrease|cut|reduction|loss|slump)\b",
    re.IGNORECASE,
)


def _change_after(after: str) -> str | None:
    m = _CHANGE_AFTER_RE.match(after)
    if not m:
        return None
    w = m.group("w").lower()
    return "increase" if w in ("increase", "rise", "jump", "gain", "hike", "growth", "surge") else "decrease"


# --------------------------------------------------------------------------- ranges


def _join_ranges(text: str, figs: list[Figure]) -> list[Figure]:
    """Merge "X to Y", "X–Y", "between X and Y", "from X to Y" into one figure."""
    out: list[Figure] = []
    i = 0
    while i < len(figs):
        a = figs[i]
        b = figs[i + 1] if i + 1 < len(figs) else None
        if b is not None and _is_score(text, a, b):
            i += 2  # "2-0 down", "a 9-2 lead": a score, neither number an amount
            continue
        merged = _range_of(text, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _is_score(text: str, a: Figure, b: Figure) -> bool:
    gap = text[a.end:b.start]
    return (
        gap in ("-", "–")
        and a.unit is None and b.unit is None and a.qualifier is None and b.qualifier is None
        and a.value is not None and b.value is not None and a.value == int(a.value) and b.value == int(b.value)
        and a.value >= b.value and a.value < 300
    )


def _range_of(text: str, a: Figure, b: Figure) -> Figure | None:
    if a.value is None or b.value is None or a.qualifier not in (None, "exact", "increase", "decrease", "about"):
        return None
    gap = text[a.end:b.start]
    before = text[max(0, a.start - 12):a.start].lower()
    opener = re.search(r"\b(between|from)\s*$", before)
    join = _RANGE_JOIN.fullmatch(gap)
    if join is None and opener and opener.group(1) == "from" and b.qualifier == "at_most" and not gap.strip():
        join = _RANGE_JOIN.fullmatch(" to ")  # "from 450 sq ft up to 900 sq ft"
    elif b.qualifier not in (None, "exact"):
        return None
    if not join:
        return None
    if a.unit is not None and b.unit is None and not (opener and opener.group(1) == "from"):
        return None  # "rose 0.1% to 1,333.18": a change, then a level
    if not opener and a.qualifier in ("increase", "decrease") and join.group("word") and b.value >= abs(a.value) * (
            3 if re.search(r"\bby\s+$", text[max(0, a.start - 4):a.start]) else 10):
        # "grew by $4.2bn to $61.8bn", "rose $1.20 to $45.60": the size of a move, then
        # the level it reached, far above it; "rose (by) 5 to 10 percent" stays a range
        # of changes.
        return None
    word = (join.group("word") or "").lower()
    if word == "and" and not (opener and opener.group(1) == "between"):
        return None
    if word == "through" and not opener:
        return None
    if a.unit and b.unit and a.unit != b.unit and not b.unit.startswith(f"{a.unit} per "):
        return None  # "between $48,000 and $90,000 a year" is one range of a rate
    lo, hi = a.value, b.value
    # "four to five thousand": the scale written once applies to both ends.
    if a.unit is None and b.value >= 1000 and a.value < b.value / 100:
        factor = _shared_scale(text[b.start:b.end])
        if factor:
            lo = a.value * factor
    if join.group("dash") and not opener:
        if lo >= hi:
            return None  # "89-89", "3-1": a score, not a range
    unit = b.unit or a.unit
    kind = a.unit_kind or b.unit_kind
    start = a.start
    if opener:
        start = a.start - (len(before) - opener.start())
    low, high = (lo, hi) if lo <= hi else (hi, lo)
    qualifier = "range"
    if a.qualifier in ("increase", "decrease"):
        qualifier = a.qualifier
    elif opener and opener.group(1) == "from":
        # "fell from $2,415 to $2,315": a movement between two levels, not an uncertain
        # amount; the qualifier says which way it went.
        verb = _change_before(text[max(0, a.start - 40):a.start - (len(before) - opener.start())])
        if verb is not None:
            qualifier = verb
    return Figure(start, b.end, None, low, high, qualifier, unit, kind, number_end=b.number_end)


def _shared_scale(b_text: str) -> float | None:
    m = re.search(r"(trillion|billion|million|thousand|bn|mn|m|k|tn)\b", b_text, re.IGNORECASE)
    if not m:
        return None
    s = m.group(1)
    return SCALE_SUFFIXES.get(s) or SCALES.get(s.lower())


# --------------------------------------------------------------------------- filters


def _token_at(doc: Any, char: int) -> Any | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]


def _not_a_quantity(doc: Any, text: str, fig: Figure, sentences: _Sentences) -> bool:
    """True for numbers that are names, labels, years, times or identifiers."""
    core = text[fig.start:fig.end]
    before = text[max(0, fig.start - 40):fig.start]
    after = text[fig.end:fig.end + 12]
    if fig.unit_kind in ("currency", "percent"):
        return False
    if fig.unit is not None and fig.qualifier != "vague":
        return False
    if re.match(r"^[:.]\d", after) or re.search(r"\d[:]$", before):
        return True  # "4:39", version numbers "3.8.1"
    if _STREET_AFTER.match(text[fig.end:fig.end + 40]):
        return True  # "123 Random Street": an address
    if _TIME_AFTER.match(after):
        return True  # "10 a.m.", "3 pm"
    if re.search(r"[A-Za-z][-‐]?$", before) and re.match(r"\d", core):
        return True  # "COVID-19", "F-16", "MH17"
    if re.search(r"[/]$", before) or re.match(r"^/\d", after):
        return True  # "24/7", "3/12", dates with slashes
    if re.match(r"^\s*[-–]\s*\d", after) and re.search(r"\d\s*[-–]\s*$", before):
        return True
    if fig.unit is None and _MODEL_SUFFIX_AFTER.match(after):
        return True  # "the 737 Max", "the 11 Pro": a product's name
    prev_word = re.search(r"([\w.#&]+)\s*$", before)
    if prev_word and prev_word.group(1).lower().rstrip(".") in {w.rstrip(".") for w in LABEL_NOUNS}:
        if fig.qualifier in (None, "exact"):
            return True  # "Article 5", "Game 7", "page 3"
    value = fig.value
    if (
        value is not None
        and fig.qualifier in (None, "exact")
        and re.fullmatch(r"1\d{3}|20\d{2}|2100", core.strip())
        and (not _counts_a_plural(doc, fig) or _PERIOD_NOUN_AFTER.match(after))
    ):
        return True  # a year: "in 2013", "the 2003 Iron Bowl"
    tok = _token_at(doc, fig.start if not core[:1].isalpha() else fig.start)
    if tok is not None and core[:1].isalpha():
        first = core.split()[0].lower()
        if first == "one" and re.search(r"\b(?:each|every|no|any|the|this|that|which|another|only)\s+$", before, re.I):
            return True  # "each one", "the one who": pronouns
        if core.strip().lower() == "one" and fig.qualifier in (None, "exact"):
            # "one" is a pronoun more often than a count: keep "one soldier", "one of".
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if not (tok.dep_ == "nummod" or (nxt is not None and nxt.lower_ == "of") or first in ("a", "an")):
                return True
        if core[0].isupper() and tok.i > sentences.of(tok.i)[0] and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN":
            return True  # "Formula One", "Big Ten"
    if tok is not None and not core[:1].isalpha() and tok.i > 0:
        prev = doc[tok.i - 1]
        if prev.pos_ == "PROPN" and prev.is_title and prev.i > sentences.of(prev.i)[0] and fig.qualifier is None:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.pos_ not in ("NOUN",) or nxt.is_punct:
                return True  # "Apollo 11", "Boeing 737"
    return False


#: Nouns of a reporting period: a year before them dates them ("2018 sales", "2020 elections").
_PERIOD_NOUN_AFTER = re.compile(r"^\s+(?:sales|revenues?|profits?|earnings|results|budgets?|elections?|forecasts?|"
                                r"exports|imports|figures|accounts|estimates|targets|losses)\b", re.IGNORECASE)
#: Capitalised words that make a number a product's name: "737 Max", "iPhone 11 Pro".
_MODEL_SUFFIX_AFTER = re.compile(r"^\s+(?:Pro|Max|MAX|Plus|Ultra|Mini|Lite)\b")


def _counts_a_plural(doc: Any, fig: Figure) -> bool:
    tok = _token_at(doc, fig.start)
    if tok is None or tok.i + 1 >= len(doc):
        return False
    nxt = doc[tok.i + 1]
    return nxt.tag_ == "NNS" or (nxt.dep_ == "amod" and nxt.head.tag_ == "NNS" and nxt.head.i > tok.i)


# --------------------------------------------------------------------------- syntax

_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "that", "these",
                          "those", "some", "all", "each", "every"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")


def _attach_syntax(doc: Any, text: str, fig: Figure, sentences: _Sentences) -> None:
    """Fill `counted`, `measure` and `concept` from the dependency parse."""
    span = doc.char_span(fig.start, fig.number_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    anchor = span[-1]
    fig.anchor = anchor.i
    counted_tokens = _counted_tokens(doc, anchor, fig)
    if counted_tokens:
        first, last = counted_tokens[0], counted_tokens[-1]
        fig.counted = doc[first.i:last.i + 1].text
        fig.counted_span = (first.idx, last.idx + len(last.text))
    head_noun = counted_tokens[-1] if counted_tokens else anchor
    fig.measure = _measure_for(doc, anchor, head_noun)
    if fig.measure is None and counted_tokens and head_noun.lemma_.lower() in _FORCES and \
            _PRESENCE_RE.match(text[fig.counted_span[1]:fig.counted_span[1] + 40]):
        fig.measure = "deployed"  # "47 special operations personnel in Valdoria": forces present in a place
    if fig.measure is None:
        # The parse often hangs "killed and wounded" elsewhere; the words right after
        # the figure (or its counted noun) say it plainly.
        after_at = fig.counted_span[1] if fig.counted_span else fig.end
        sentence_end = sentences.of(anchor.i)[3]
        clause = re.split(r"[,;:.()]", text[after_at:sentence_end], maxsplit=1)[0]
        found = measure_at_start(clause)
        if found is None:
            # A noun or two the parse left out of the counted phrase may come first:
            # "47 alliance special operations | personnel were deployed".
            lead = re.match(r"^\s*(?:[A-Za-z-]+\s+){1,2}", clause)
            if lead and not re.search(r"\b(?:said|says|say|told|and|or|but|who|which|that)\b", lead.group(0), re.I):
                found = measure_at_start(clause[lead.end():])
        if found is not None:
            fig.measure = found[0]
    fig.concept = _concept_words(doc, fig, counted_tokens)
    sentence = sentences.of(anchor.i)
    fig.sentence = (sentence[2], sentence[3])


def _counted_tokens(doc: Any, anchor: Any, fig: Figure) -> list[Any]:
    end_tok = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    last_i = end_tok[-1].i if end_tok is not None and len(end_tok) else anchor.i
    # Skip the unit words themselves ("per cent", "dollars") and look past them.
    nxt_i = last_i + 1
    if fig.unit_kind is None:
        head = anchor.head
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "47 [alliance special operations] personnel": the compound's head
        if anchor.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") and head.i > anchor.i:
            # The run between the figure and its head noun: "43,000 [Russian soldiers]".
            toks = [t for t in doc[nxt_i:head.i + 1] if not t.is_punct]
            if toks and head.pos_ in ("NOUN", "PROPN") and all(t.i in _subtree_ids(head) for t in toks):
                if any(t.lower_ in ("last", "next", "this", "previous") for t in toks):
                    return []  # "compared with 63 last year": the parse hung the figure on a time
                if len(toks) > 1 and toks[0].tag_ == "NN" and toks[-1].tag_ == "NN" and fig.value not in (None, 1) \
                        and toks[0].dep_ in ("compound", "nmod"):
                    return [toks[0]]  # "a 12 page document", "a 3 cylinder engine": pages, cylinders
                return _trim(toks)
    # "tens of thousands of people", "one of the people", "20% of its revenue"
    if nxt_i + 1 < len(doc) and doc[nxt_i].lower_ == "of":
        pobj = next((c for c in doc[nxt_i].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            toks = [t for t in doc[nxt_i + 1:pobj.i + 1] if not t.is_punct]
            return _trim(toks)
    if fig.unit_kind is None and nxt_i < len(doc):
        toks = []
        for t in doc[nxt_i:min(len(doc), nxt_i + 7)]:
            if t.is_space:
                continue  # a line break inside the phrase (OCR, hard-wrapped text)
            if t.ent_type_ in ("DATE", "TIME") or t.lower_ in ("last", "next", "this", "previous", "per", "each"):
                break  # "compared with 63 last year": a time, not what is counted
            if t.pos_ in ("ADJ", "NOUN", "PROPN") and not t.is_punct:
                toks.append(t)
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                while nxt is not None and nxt.is_space and nxt.i + 1 < len(doc):
                    nxt = doc[nxt.i + 1]
                if t.tag_ in ("NNS", "NNPS") or (t.pos_ == "NOUN" and (nxt is None or nxt.pos_ not in
                                                                        ("NOUN", "PROPN", "ADJ"))):
                    break
            else:
                break
        if toks and toks[-1].pos_ in ("NOUN", "PROPN"):
            return _trim(toks)
    return []


def _subtree_ids(token: Any) -> set[int]:
    return {t.i for t in token.subtree}


def _trim(toks: list[Any]) -> list[Any]:
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].pos_ in ("DET", "ADP", "CCONJ", "PUNCT", "NUM")
                    or toks[0].like_num):
        toks = toks[1:]
    return toks


def _measure_for(doc: Any, anchor: Any, head_noun: Any) -> str | None:
    # "$5.5 billion", "2.5 million": the parse hangs the digits from the scale word or
    # the currency sign; the phrase's head is what verbs attach to.
    steps = 0
    while (head_noun.dep_ in ("compound", "nummod", "quantmod", "nmod") and head_noun.head.pos_ in ("NUM", "SYM")
           and head_noun.head is not head_noun and steps < 3):
        head_noun = head_noun.head
        steps += 1
    for node in (head_noun, anchor):
        # The counted noun itself: "35,000 deaths", "200,000 casualties".
        if node is head_noun and node.pos_ == "NOUN":
            m = _measure_noun(node)
            if m:
                return m
        # A verb hanging from the noun: "soldiers killed in action", "200,000 killed and wounded".
        for child in node.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.i > node.i and child.pos_ in ("VERB", "ADJ"):
                m = _measure_verb(child)
                if m:
                    return m
    # The verb the noun is an argument of: "were killed", "deployed up to 300,000 forces";
    # in "shot down 31 of 40 drones" it is the figure itself that is the object.
    for start in (head_noun, anchor) if head_noun is not anchor else (head_noun,):
        m = _measure_from_governor(start, head_noun)
        if m:
            return m
    return None


def _measure_from_governor(start: Any, head_noun: Any) -> str | None:
    node = start
    for _ in range(3):
        if node.dep_ in ("nsubjpass", "nsubj", "dobj", "attr", "oprd", "appos", "conj") and node.head is not node:
            head = node.head
            if head.pos_ in ("VERB", "AUX", "ADJ"):
                m = _measure_verb(head, head_noun)
                if m:
                    return m
                # "were confirmed killed", "have been reported wounded"
                for c in head.children:
                    if c.dep_ in ("oprd", "acomp", "xcomp") and c.pos_ in ("VERB", "ADJ"):
                        m = _measure_verb(c)
                        if m:
                            return m
                return None
            node = head
            continue
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent"):
            prep = node.head
            gov = prep.head
            if gov.pos_ == "NOUN":
                m = _measure_noun(gov)  # "a death toll of 50"
                if m:
                    return m
            if gov.pos_ == "VERB" and prep.lower_ in ("to", "of"):
                return _measure_verb(gov)  # "raised the toll to 50" stays None: raising is no measure
        return None
    return None


def _measure_verb(verb: Any, counted_head: Any = None) -> str | None:
    words = [verb.lower_]
    particle = next((c for c in verb.children if c.dep_ == "prt" or (
        c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in ("down", "up", "off", "out"))), None)
    if particle is not None:
        words.append(particle.lower_)  # "shot down"
    conj = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ")]
    if conj:
        # "were wounded or killed", "killed and injured": one figure for both
        pair = {normalise_measure(verb.lower_), normalise_measure(conj[0].lower_)}
        if pair == {"killed", "wounded"}:
            return "killed and wounded"
    nxt = verb.nbor(1) if verb.i + 2 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "in" and verb.nbor(2).lower_ in ("action", "combat"):
        words.append("in " + verb.nbor(2).lower_)
    found = normalise_measure(" ".join(words)) or normalise_measure(verb.lemma_.lower())
    if found is None and verb.lemma_.lower() == "lose" and counted_head is not None \
            and counted_head.lemma_.lower() in _FORCES:
        return "casualties"  # "has lost 17,500 soldiers": killed, wounded, missing or captured
    return found


def _measure_noun(noun: Any) -> str | None:
    if noun.lower_ in ("toll",):
        comp = [c.lower_ for c in noun.children if c.dep_ == "compound"]
        return "killed" if "death" in comp else None
    if noun.lemma_.lower() in ("casualty", "death", "fatality", "injury", "loss", "refugee") or noun.lower_ in (
        "dead", "wounded", "injured", "killed", "missing", "casualties", "deaths", "fatalities", "losses",
        "injuries", "refugees", "pows",
    ):
        return normalise_measure(noun.lower_)
    return None


def _concept_words(doc: Any, fig: Figure, counted: list[Any]) -> list[str]:
    """Content words naming what the figure is a value of: what it is a share of ("60
    per cent of its revenue"), the noun it modifies ("a 0.6 per cent fee"), the noun it
    is "of" ("a net worth of $1.3bn"), or the subject of the clause it completes ("the
    MSRP is $33,790", "core inflation rose 0.3%").  What is counted ("goals") is not
    part of it: that is the figure's unit or `counted`."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    skip = {t.i for t in span} | {t.i for t in counted}
    inside = [t for t in span if t.head.i not in skip or t.head is t]
    head = counted[-1] if counted else (inside[0] if inside else span[-1])
    words: dict[int, Any] = {}

    def take(token: Any) -> None:
        for t in token.subtree:
            if t.i not in skip and not t.like_num and (t.pos_ in ("NOUN", "PROPN") or
                                                        (t.pos_ == "ADJ" and t.head.i == token.i)):
                words[t.i] = t

    def take_noun(token: Any) -> None:
        for t in token.lefts:
            if t.dep_ in ("compound", "amod", "poss") and t.i not in skip:
                take(t)
        if token.i not in skip:
            words[token.i] = token

    # "60 per cent of its revenue", "five new seasons of Sesame Street"
    last = max(skip)
    if last + 2 < len(doc) and doc[last + 1].lower_ == "of":
        pobj = next((c for c in doc[last + 1].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.i not in skip:
            take_noun(pobj)
    if head.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i > head.i and head.head.i not in skip:
        take_noun(head.head)  # "a 0.6 per cent fee", "a $3500 a month mortgage"
    elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN"):
        take_noun(head.head.head)  # "a fine of 10.5 million dollars", "net worth of $1.3bn"
    elif head.dep_ not in _SUBJECT_DEPS:
        node = head
        for _ in range(4):
            if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
                break
            node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS and c.pos_ != "PRON"]
            if not subjects and node.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl"):
                parent = node.head
                if node.dep_ in ("relcl", "acl") and parent.pos_ in ("NOUN", "PROPN"):
                    subjects = [parent]
                else:
                    subjects = [c for c in parent.children if c.dep_ in _SUBJECT_DEPS and c.pos_ != "PRON"]
            if not subjects:
                subjects = [c for c in node.children if c.dep_ == "dobj" and c.i not in skip]
            for subj in subjects:
                if subj.dep_ in ("relcl", "acl"):
                    take_noun(subj)
                else:
                    take(subj)
    first_i = span[0].i
    if first_i >= 2 and doc[first_i - 1].text == ":" and doc[first_i - 2].pos_ in ("NOUN", "PROPN"):
        take_noun(doc[first_i - 2])  # "Total cost: $72,370", "(base price: $59,995)"
    if last + 2 < len(doc) and doc[last + 1].lower_ == "for" and fig.unit_kind == "currency":
        target = next((c for c in doc[last + 1].children if c.dep_ == "pobj"), None)
        if target is not None and target.pos_ in ("NOUN", "PROPN") and target.lemma_ not in _TIME_NOUNS:
            take_noun(target)  # "paid $35,538 for an 8.5 kW system"
    if fig.unit_kind == "percent":
        for t in counted:  # a share names what it is a share of: "60 per cent of its revenue"
            if t.pos_ in ("NOUN", "PROPN"):
                words[t.i] = t
    if not words:
        # "a 352 μm pixel pitch", "a million dollar house": the figure names a kind of thing.
        for t in _modified_noun(doc, span, fig):
            words[t.i] = t
    if not words:
        # Inside brackets the figure describes what stands before them:
        # "RHP John Gant (0.5 WAR)", "G Hunter Maldonado (15.3 ppg, 7.4 rpg)".
        for t in _before_brackets(doc, span[0].i):
            words[t.i] = t
    if not words and fig.unit_kind is not None:
        # The parse gave nothing usable: fall back on the words that lead up to the
        # figure in its clause ("floor area ≈ 32m2", "panel strength lower than 8.9 ksi").
        # Not for bare counts: "ten users", "two kids" are about themselves.
        for t in _clause_lead(doc, span[0].i):
            words[t.i] = t
    return [t.text for _, t in sorted(words.items())]


def _modified_noun(doc: Any, span: Any, fig: Figure) -> list[Any]:
    if fig.unit_kind is None or span[0].i == 0 or doc[span[0].i - 1].lower_ not in ("a", "an", "the", "its", "their"):
        return []
    out = []
    for t in doc[span[-1].i + 1:span[-1].i + 4]:
        if t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "ADJ" and not out):
            out.append(t)
        else:
            break
    return out if out and out[-1].pos_ in ("NOUN", "PROPN") else []


def _before_brackets(doc: Any, first: int) -> list[Any]:
    i = first - 1
    while i >= 0 and i > first - 12:
        t = doc[i]
        if t.text == ")" or t.is_sent_end:
            return []
        if t.text == "(":
            out = []
            j = i - 1
            while j >= 0 and len(out) < 4 and (doc[j].pos_ in ("PROPN", "NOUN") or doc[j].is_title):
                out.append(doc[j])
                j -= 1
            return out[::-1]
        i -= 1
    return []


_FORCES = frozenset({"troop", "soldier", "personnel", "force", "marine", "adviser", "advisor", "instructor",
                     "trainer", "operator", "contractor", "mercenary", "sailor", "airman", "paratrooper",
                     "commando", "servicemember", "serviceman", "peacekeeper", "unit", "brigade", "battalion"})
_PRESENCE_RE = re.compile(r"^\s*(?:are\s+|were\s+|remain\s+|remained\s+|stationed\s+|based\s+|present\s+)?"
                          r"(?:in|inside|within|on\s+the\s+ground\s+in|on)\s+(?:the\s+)?[A-Z]")
_TIME_NOUNS = frozenset({"year", "month", "week", "day", "hour", "time", "decade", "minute", "period", "quarter"})


def _clause_lead(doc: Any, first: int) -> list[Any]:
    out = []
    i = first - 1
    while i >= 0 and len(out) < 6:
        t = doc[i]
        if t.is_sent_end or t.text in (",", ";", ":", "(", ")", "—", "–") or t.lower_ in (
                "that", "which", "who", "if", "when", "while", "because", "although", "but", "and", "or"):
            break
        if t.pos_ in ("NOUN", "PROPN") or (t.is_title and t.i > 0 and not t.is_stop):
            out.append(t)
        i -= 1
    return out[::-1]
