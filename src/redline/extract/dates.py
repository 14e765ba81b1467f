"""The dates stage: every date and time expression, normalised to ISO 8601.

Candidates come from spaCy's DATE and TIME entities plus our own patterns (spaCy
misses "the 3rd of November", "Q3 2022", "a year into the invasion", and often cuts
"late February" short).  Overlapping candidates are merged.  Each one is then
normalised by `normalise(text, anchor)`:

- points get an ISO value at their own granularity: day "2022-11-03", week
  "2022-W44", month "2022-11", quarter "2022-Q4", season "2022-SU", year "2022",
  decade "199" (the 1990s), time "2022-11-03T10:00";
- durations are kept apart from points: granularity "duration", value "P3D",
  "P2W", "PT24H", "P20Y" ("PXW" when the count is vague: "weeks");
- relative expressions ("yesterday", "last week", "three years ago", "Tuesday",
  "in late February") resolve against the anchor, the document's `published`
  date.  Without an anchor they keep value null rather than an invented date;
- expressions tied to an event ("a year into the invasion", "two days after the
  vote") keep value null: the anchor they need is not a calendar date.

`find_dates(doc, anchor)` returns `DateFinding`s (offsets relative to the Doc) with
one more field than the ledger stores: `ref` is "present", "past" or "future" for
"now", "recently", "in the future" (TimeML's PRESENT_REF...), which the evaluation
uses.  "now" and "currently" are stored as the anchor day.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from redline.extract import doc_text
from redline.extract.quantity.numbers import parse_words
from redline.registry import ExtractContext
from redline.schema import DateMention, stable_id

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y",
              "decade": "Y", "century": "Y", "fortnight": "D", "night": "D", "weekend": "WE"}
UNIT_FACTORS = {"decade": 10, "century": 100, "fortnight": 14}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "last": 4, "final": 4}
PRESENT_WORDS = frozenset({"now", "currently", "at present", "presently", "right now", "nowadays",
                           "at the moment", "at this time", "the present", "present", "these days",
                           "this time", "today's"})
PAST_WORDS = frozenset({"recently", "the past", "in the past", "previously", "formerly", "earlier",
                        "once", "recent", "lately", "the time", "some time ago", "long ago", "in recent years",
                        "recent years", "years ago", "the old days"})
FUTURE_WORDS = frozenset({"the future", "future", "in the future", "soon", "later", "eventually",
                          "the coming years", "coming years", "in the coming years", "one day", "someday",
                          "as soon as possible", "the near future"})

_M = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon\.|tues?\.|wed\.|thu(?:rs?)?\.|fri\.|sat\.|sun\.)"
_NUMW = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
         r"thirty|forty|fifty|sixty|hundred|several|a\s+few|a\s+couple\s+of|few|many|some)")
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
_REL = r"(?:last|this|next|past|coming|previous|following|current|same)"
_MOD = r"(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)"
_PATTERNS = [
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    rf"\b(?:{_WD},?\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(?:,?\s+\d{{4}})?\b",
    rf"\b(?:{_WD},?\s+)?{_MOD}?{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",
    rf"\b{_MOD}?{_M},?\s+\d{{4}}\b",
    rf"\b(?:in|since|until|by|from|during|of|last|this|next|early|mid|late)\s+{_MOD}?{_M}\b",
    rf"\b{_REL}\s+(?:{_WD}|{_M}|week(?:end)?|month|year|quarter|spring|summer|fall|autumn|winter|decade|century)\b",
    rf"\b{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b",
    r"\b(?:today|tonight|yesterday|tomorrow|now|currently|recently)\b",
    r"\bthe\s+past\b(?!\s+(?:few|several|\d|two|three|four|five|six|seven|eight|nine|ten|week|month|year|decade))",
    r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    r"\b(?:the\s+year\s+)?(?:nineteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?\b(?![\s-]+(?:hundred|thousand|million|billion))",
    r"\b(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)\b",
    rf"\b{_NUMW}[\s-]+{_UNIT}\s+(?:ago|earlier|later|before|after|from\s+now|into\s+(?:the|its|his|her|their)\s+[\w-]+)\b",
    r"\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|last|final)[\s-]+quarter(?:\s+of\s+\d{4})?\b",
    r"\bQ[1-4]\s+\d{4}\b",
    rf"\b(?:the\s+)?{_MOD}?(?:\d{{2}}|'|’)?\d0s\b",
    r"\b(?:in|since|until|by|from|during|of|before|after|year|fiscal)\s+(?:1[6-9]\d\d|20\d\d)\b",
    r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)(?!\w)",
    r"\b(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+)?future\b",
]
# Every pattern starts at a word boundary with a word character or an apostrophe: the
# lookahead lets the scan skip all other positions at once instead of trying each of
# the alternatives there (the same matches, about half the time).
_CANDIDATE_RE = re.compile(r"\b(?=[\w'’])(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + ")", re.IGNORECASE)
_ENT_LEAD = re.compile(r"^(?:at\s+least|at\s+most|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|"
                       r"no\s+earlier\s+than)\s+", re.I)
_LEADING_JUNK = re.compile(r"^(?:(?:on|in|since|until|by|from|during|of|before|after|at|for|over|at\s+least|"
                           r"at\s+most|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|no\s+earlier\s+than)\s+)+",
                           re.I)


@dataclass
class DateFinding:
    start: int
    end: int
    value: str | None
    granularity: str | None
    ref: str | None = None  # present | past | future


@dataclass
class Normalised:
    value: str | None
    granularity: str | None
    ref: str | None = None


def find_dates(doc: Any, anchor: dt.date | None) -> list[DateFinding]:
    """Every date or time expression of a spaCy Doc, normalised against `anchor`."""
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            lead = _ENT_LEAD.match(ent.text)  # "at least November": the bound is not the date
            spans.append((ent.start_char + (lead.end() if lead else 0), ent.end_char))
    for m in _CANDIDATE_RE.finditer(text):
        a, b = m.start(), m.end()
        lead = _LEADING_JUNK.match(m.group(0))
        if lead and lead.end() < b - a:
            a += lead.end()
        spans.append((a, b))
    out = []
    for a, b in _split_joined(text, _merge(spans), anchor):
        counted = _COUNT_AFTER_DATE.search(text, a, b)
        if counted and re.match(r"\s+[a-z]+(?:s|people|children|men|women)\b", text[b:b + 30]):
            b = counted.start(1)  # "On 3 November 97 troops crossed": 97 counts troops
        surface = text[a:b]
        if _not_a_date(surface):
            continue
        future = _future_tense(doc, a)
        n = normalise(surface, anchor, future=future, present_tense=_present_tense(doc, a))
        out.append(DateFinding(a, b, n.value, n.granularity, n.ref))
    _year_ago_quarters(doc, text, out, anchor)
    return out


_YEAR_BACK = re.compile(r"(?:\b(?:a|one)\s+year\s+(?:ago|earlier|before)|\byear[\s-](?:ago|earlier)|\blast\s+year(?:'s)?)",
                        re.IGNORECASE)


def _year_ago_quarters(doc: Any, text: str, found: list[DateFinding], anchor: dt.date | None) -> None:
    """In a results story "a year ago" is the same quarter a year before: "third-quarter
    profit rose to $5m from $4m a year ago" compares 2023-Q3 with 2022-Q3.  When the
    sentence names a quarter, year-back expressions take that quarter, a year earlier."""
    if not any(_YEAR_BACK.search(text[f.start:f.end]) for f in found):
        return  # the common case; walking the sentences costs more than the rest of the stage
    starts = [s.start_char for s in doc.sents]
    last_quarter: tuple[int, str] | None = None  # (sentence index, value) of the latest quarter named
    for f in sorted(found, key=lambda f: f.start):
        sentence = bisect.bisect_right(starts, f.start)
        surface = text[f.start:f.end]
        if not _YEAR_BACK.search(surface):
            if f.granularity == "quarter" and f.value and re.fullmatch(r"\d{4}-Q[1-4]", f.value):
                last_quarter = (sentence, f.value)
            continue
        q = re.search(r"(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter", surface, re.I)
        if q and anchor is not None:
            base = normalise(q.group(0), anchor).value  # "the year-earlier third quarter"
        elif last_quarter is not None and sentence - last_quarter[0] <= 2:
            base = last_quarter[1]  # the quarter named in this sentence or just before
        else:
            continue
        if base and re.fullmatch(r"\d{4}-Q[1-4]", base):
            f.value = f"{int(base[:4]) - 1}{base[4:]}"
            f.granularity = "quarter"


_JOINERS = re.compile(r"\s+(?:ended|ending|through|until|to|and|or|-|–)\s+", re.IGNORECASE)


def _split_joined(text: str, spans: list[tuple[int, int]], anchor: dt.date | None) -> list[tuple[int, int]]:
    """'the quarter ended Sept. 30' is two expressions; so are 'Monday and Tuesday' and
    'between 1994 and 1997' (each end is a date of its own)."""
    out = []
    for a, b in spans:
        pieces = []
        pos = a
        for m in _JOINERS.finditer(text, a, b):
            left, right = text[pos:m.start()], text[m.end():b]
            if (re.search(r"[a-zA-Z]{3}|\d{4}", left) and re.search(r"[a-zA-Z]{3}|\d{4}", right)
                    and normalise(left, anchor).value and normalise(right, anchor).value):
                pieces.append((pos, m.start()))
                pos = m.end()
        pieces.append((pos, b))
        out.extend(pieces)
    return out


_COUNT_AFTER_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(\s+\d{{1,3}})$", re.IGNORECASE)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


_FREQUENCY = re.compile(r"(?:bi-?)?(?:daily|weekly|monthly|quarterly|yearly|annually|annual|nightly|hourly|"
                        r"every\s+\w+(?:\s+\w+)?|each\s+\w+|per\s+\w+|a\s+(?:day|week|month|year))", re.IGNORECASE)


def _not_a_date(surface: str) -> bool:
    s = surface.strip()
    if re.fullmatch(r"good\s+(?:morning|afternoon|evening|night|day)", s, re.I):
        return True  # a greeting
    if _FREQUENCY.fullmatch(s):
        return True  # frequencies ("daily", "every year") are not points in time
    if re.fullmatch(r"\d{1,3}\s*[-–]\s*\d{1,3}", s):
        return True  # scores ("89-89") tagged DATE by the model
    if re.fullmatch(r"\d{3}[-.]\d{4}", s):
        return True  # phone numbers
    if re.fullmatch(r"\d+(?:\.\d+)?", s) and not re.fullmatch(r"1[6-9]\d\d|20\d\d", s):
        return True  # a bare number the model guessed as a date ("Maddon, 66,")
    if re.fullmatch(r"(?:the\s+)?(?:may|march|sun|sat|wed)", s, re.I) and s[:1].islower():
        return True  # the verb "may", "march"
    return False


def _clause_verb(doc: Any, char: int) -> Any:
    """The verb the token at `char` hangs from (at most six steps up the parse), or None."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    node = span[0]
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            break
        node = node.head
    return node


def _present_tense(doc: Any, char: int) -> bool:
    """Whether the clause the expression belongs to is in the present (or present perfect)."""
    node = _clause_verb(doc, char)
    if node is None:
        return False
    tags = {node.tag_} | {c.tag_ for c in node.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBZ", "VBP"}) and "VBD" not in tags


def _future_tense(doc: Any, char: int) -> bool:
    """Whether the verb the expression hangs from is in the future ("will meet on Monday")."""
    node = _clause_verb(doc, char)
    if node is None:
        return False
    if node.tag_ in ("VBD", "VBN") and not any(c.lower_ in ("will", "'ll", "shall") for c in node.children):
        return False
    return any(c.lower_ in ("will", "'ll", "shall", "wo") or (c.lower_ == "going" and c.dep_ == "aux")
               for c in node.children)


# --------------------------------------------------------------------------- normalisation


def _count(word: str) -> float | None:
    w = word.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in ("a", "an", "one"):
        return 1
    if w in ("several", "a few", "few", "many", "some", "a couple of"):
        return None
    return parse_words(w)


def _fmt_count(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _duration(n: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s") if unit.lower() not in ("centuries",) else "century"
    if unit == "centurie":
        unit = "century"
    code = UNIT_CODES.get(unit, "D")
    factor = UNIT_FACTORS.get(unit, 1)
    amount = "X" if n is None else _fmt_count(n * factor)
    if unit in ("second", "minute", "hour"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


def _shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _at(d: dt.date, granularity: str) -> Normalised:
    if granularity == "day":
        return Normalised(d.isoformat(), "day")
    if granularity == "week":
        return Normalised(_iso_week(d), "week")
    if granularity == "month":
        return Normalised(f"{d.year:04d}-{d.month:02d}", "month")
    if granularity == "quarter":
        return Normalised(f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", "quarter")
    if granularity == "decade":
        return Normalised(f"{d.year // 10:03d}", "decade")
    return Normalised(f"{d.year:04d}", "year")


def _shift(anchor: dt.date, n: float, unit: str, sign: int) -> tuple[dt.date, str]:
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    k = int(round(n)) * sign
    if unit in ("day", "night"):
        return anchor + dt.timedelta(days=k), "day"
    if unit in ("week", "fortnight"):
        return anchor + dt.timedelta(weeks=k * (2 if unit == "fortnight" else 1)), "week"
    if unit == "month":
        return _shift_months(anchor, k), "month"
    if unit == "year":
        return dt.date(anchor.year + k, 1, 1), "year"
    if unit == "decade":
        return dt.date(anchor.year + 10 * k, 1, 1), "decade"
    if unit in ("hour", "minute", "second"):
        return anchor, "day"
    return dt.date(anchor.year + 100 * k, 1, 1), "year"


def _weekday(anchor: dt.date, wd: int, direction: int) -> dt.date:
    """The nearest such weekday on or before (direction -1) or after (+1) the anchor."""
    if direction > 0:
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)


def _year_for_month(anchor: dt.date, month: int, future: bool) -> int:
    """The year that puts a month named without one nearest the anchor (the tense breaks ties)."""
    delta = month - anchor.month
    if delta > 6 or (delta == 6 and not future):
        return anchor.year - 1
    if delta < -6 or (delta == -6 and future):
        return anchor.year + 1
    return anchor.year


_DURATION_RE = re.compile(
    rf"^(?:the\s+)?(?:(?:last|past|next|first|coming|previous|following|final|recent|nearly|almost|about|"
    rf"around|over|more\s+than|less\s+than|some|another|an?\s+additional|at\s+least|up\s+to)\s+)*"
    rf"(?P<n>{_NUMW}(?:[\s-]+(?:and\s+a\s+half))?)?[\s-]*(?P<unit>{_UNIT})(?:[\s-]+(?:old|long))?$",
    re.IGNORECASE,
)
_AGO_RE = re.compile(
    rf"^(?:about\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+|just\s+)?(?P<n>{_NUMW})[\s-]+(?P<unit>{_UNIT})\s+"
    rf"(?P<dir>ago|earlier|before|later|after|from\s+now|hence)$",
    re.IGNORECASE,
)
_EVENT_RE = re.compile(rf"{_UNIT}\s+(?:into|after|before|since|following)\s+(?:the|its|his|her|their|a)\s+\w+",
                       re.IGNORECASE)
_TIME_RE = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<ap>a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)


def normalise(text: str, anchor: dt.date | None, future: bool = False, present_tense: bool = False) -> Normalised:
    """ISO value and granularity of one date or time expression (see module docstring)."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"[.,;:]+$", "", t)
    t = re.sub(r"(?:'s|’s)$", "", t)  # "last year's"
    t = re.sub(r"^between\s+", "", t)
    t = _LEADING_JUNK.sub("", t)
    bare = re.sub(r"^the ", "", t)
    if bare in ("noon", "midday", "midnight", "overnight", "dawn", "dusk", "tonight's", "the night", "morning",
                "afternoon", "evening", "night") or re.fullmatch(r"(?:the )?night of", t):
        return Normalised(None, "time")
    if re.fullmatch(r"(?:the )?(?:past|last|recent|previous) (?:several|few|many|couple of) \w+s|recent \w+s", t):
        return Normalised(None, None, "past")
    if re.fullmatch(r"(?:the )?(?:coming|next|following) (?:several|few|many|couple of) \w+s|coming \w+s", t):
        return Normalised(None, None, "future")
    if t in PRESENT_WORDS or bare in PRESENT_WORDS:
        return Normalised(anchor.isoformat() if anchor else None, "day" if anchor else None, "present")
    if t in PAST_WORDS or bare in PAST_WORDS:
        return Normalised(None, None, "past")
    if t in FUTURE_WORDS or bare in FUTURE_WORDS:
        return Normalised(None, None, "future")
    if _EVENT_RE.search(t):
        # "A year into the offensive, the war has become ...": said in the present, it
        # places the writing itself, the document date; in a past narrative ("two days
        # after the vote, troops crossed") the event's date is unknown.
        if present_tense and anchor is not None and re.search(r"\binto\b", t):
            return _at(anchor, "month")
        unit = re.search(_UNIT, t)
        return Normalised(None, _unit_granularity(unit.group(0)) if unit else None)

    if re.fullmatch(r"(?:the )?year[\s-](?:ago|earlier)(?: (?:period|quarter|level|figure|result))?", t):
        return _at(dt.date(anchor.year - 1, 1, 1), "year") if anchor else Normalised(None, "year")
    m = _AGO_RE.match(t)
    if m:
        unit = m.group("unit")
        n = _count(m.group("n"))
        gran = _unit_granularity(unit)
        direction = m.group("dir")
        if direction not in ("ago", "from now", "hence"):
            # "three days later", "a year earlier": relative to a moment in the story,
            # not to the document date; we do not know that moment.
            return Normalised(None, gran)
        if anchor is None or n is None:
            return Normalised(None, gran, "past" if direction == "ago" else "future")
        sign = -1 if direction == "ago" else 1
        d, gran = _shift(anchor, n, unit, sign)
        return _at(d, gran)

    # Points written in full.
    point = _absolute(t, anchor, future)
    if point is not None:
        return point

    m = _DURATION_RE.match(t)
    if m and not m.group("n") and re.fullmatch(r"the (?:day|week|month)", t):
        return Normalised(None, _unit_granularity(m.group("unit")))  # "the week": a point, which one unknown
    if m and not re.search(r"\b(?:this|last|next|past)\s+(?:week|month|year|decade|century)$", t):
        n = _count(m.group("n")) if m.group("n") else 1
        if m.group("n") and re.search(r"and a half", m.group("n")):
            n = (_count(m.group("n").split()[0]) or 0) + 0.5
        if not m.group("n") and m.group("unit").endswith("s"):
            n = None  # "weeks", "years": a vague number of them
        return Normalised(_duration(n, m.group("unit")), "duration")

    relative = _relative(t, anchor, future)
    if relative is not None:
        return relative
    return _with_dateparser(text, anchor)


def _unit_granularity(unit: str) -> str:
    u = unit.lower().rstrip("s")
    return {"day": "day", "night": "day", "week": "week", "fortnight": "week", "month": "month",
            "year": "year", "decade": "decade"}.get(u, "time" if u in ("hour", "minute", "second") else "year")


def _absolute(t: str, anchor: dt.date | None, future: bool) -> Normalised | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _safe_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", t)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + (2000 if y < 50 else 1900) if y < 100 else y
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
        return _safe_day(y, month, day)
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_M})(?:,? (\d{{4}}))?", t) or None
    day_first = True
    if m is None:
        m = re.search(rf"({_M}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?", t)
        day_first = False
    if m is not None:
        if day_first:
            day, month_word, year = int(m.group(1)), m.group(2), m.group(3)
        else:
            month_word, day, year = m.group(1), int(m.group(2)), m.group(3)
        month = MONTHS.get(month_word.rstrip(".")[:4].rstrip(".")) or MONTHS.get(month_word.rstrip(".")[:3])
        if month and 1 <= day <= 31 and not (month_word.startswith("may") and t.startswith("may ") and False):
            if year:
                return _safe_day(int(year), month, day)
            if anchor is None:
                return Normalised(None, "day")
            return _safe_day(_year_for_month(anchor, month, future), month, day)
    m = re.search(rf"({_M}),? (\d{{4}})\b", t)
    if m:
        month = MONTHS.get(m.group(1).rstrip(".")[:3])
        if month:
            return Normalised(f"{int(m.group(2)):04d}-{month:02d}", "month")
    m = re.search(rf"\bweek of ((?:{_M}) \d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}} (?:{_M})(?:,? \d{{4}})?)", t)
    if m:
        day = _absolute(m.group(1), anchor, future)
        if day is not None and day.value:
            return _at(dt.date.fromisoformat(day.value), "week")
    spoken = _spoken_year(t)
    if spoken is not None:
        return spoken
    m = re.search(r"\bq([1-4]) (\d{4})\b", t) or re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?: of (\d{4}))?", t
    )
    if m:
        q = ORDINALS.get(m.group(1), None) or int(m.group(1))
        if m.group(2):
            return Normalised(f"{m.group(2)}-Q{q}", "quarter")
        if anchor is None:
            return Normalised(None, "quarter")
        return Normalised(f"{anchor.year}-Q{q}", "quarter")
    m = re.search(r"\b(?:(1[6-9]|20)(\d)0|'(\d)0|’(\d)0|(\d)0)s\b", t)
    if m:
        if m.group(1):
            return Normalised(f"{m.group(1)}{m.group(2)}", "decade")
        digit = m.group(3) or m.group(4) or m.group(5)
        return Normalised(f"19{digit}", "decade")
    for season, code in SEASONS.items():
        m = re.search(rf"\b{season}(?: of)? (\d{{4}})\b", t)
        if m:
            return Normalised(f"{m.group(1)}-{code}", "season")
    m = re.fullmatch(r"(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of|fiscal|year)[\s-]+)?"
                     r"(1[6-9]\d\d|20\d\d)", t)
    if m:
        return Normalised(m.group(1), "year")
    m = re.fullmatch(rf"(?:{_MOD})?({_M})", t)
    if m and not (t == "may" and text_is_lower(t)):
        month = MONTHS.get(m.group(1).rstrip(".")[:3])
        if month:
            if anchor is None:
                return Normalised(None, "month")
            return Normalised(f"{_year_for_month(anchor, month, future):04d}-{month:02d}", "month")
    return None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def _spoken_year(t: str) -> Normalised | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000, 'the nineties' -> 199."""
    m = re.fullmatch(r"(?:the )?(?:early |mid |late |mid-)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|"
                     r"nineties)", t)
    if m:
        return Normalised(f"19{_DECADE_WORDS[m.group(1)]}", "decade")
    m = re.search(r"(?:the year |in )?((?:nineteen|twenty)[\s-]+[a-z\s-]+|two thousand(?:[\s-]+(?:and[\s-]+)?[a-z-]+)?)$", t)
    if not m:
        return None
    words = m.group(1).replace("-", " ").split()
    if words[0] in ("nineteen", "twenty") and len(words) > 1 and words[1] not in ("hundred", "thousand"):
        century = 19 if words[0] == "nineteen" else 20
        rest = parse_words(" ".join(words[1:]))
        if rest is not None and 0 <= rest < 100:
            return _year_of(century * 100 + int(rest), t)
        return None
    value = parse_words(" ".join(words))
    if value is not None and 1000 <= value <= 2100:
        return _year_of(int(value), t)
    return None


def _year_of(year: int, t: str) -> Normalised:
    for season, code in SEASONS.items():
        if season in t:
            return Normalised(f"{year}-{code}", "season")
    return Normalised(str(year), "year")


def text_is_lower(t: str) -> bool:
    return t == t.lower()


def _safe_day(y: int, m: int, d: int) -> Normalised:
    try:
        return Normalised(dt.date(y, m, d).isoformat(), "day")
    except ValueError:
        return Normalised(None, "day")


def _relative(t: str, anchor: dt.date | None, future: bool) -> Normalised | None:
    words = t.replace("-", " ").split()
    if not words:
        return None
    last = words[-1]
    gran_of = {"week": "week", "weekend": "week", "month": "month", "year": "year", "quarter": "quarter",
               "decade": "decade", "century": "year"}
    t = re.sub(r"^(?:later|earlier) (?=today|tonight|this)", "", t)
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "yesterday", "tomorrow") or (
        t.startswith(("yesterday ", "tomorrow ", "today "))
    ):
        if anchor is None:
            return Normalised(None, "day")
        shift = -1 if t.startswith("yesterday") else 1 if t.startswith("tomorrow") else 0
        return Normalised((anchor + dt.timedelta(days=shift)).isoformat(), "day")
    if last == "weekend":
        if anchor is None:
            return Normalised(None, "week")
        step_we = 1 if ("next" in words or "coming" in words) else 0
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7) + dt.timedelta(weeks=step_we)
        return Normalised(f"{_iso_week(saturday)}-WE", "week")
    if re.fullmatch(r"(?:the )?(?:latest |most recent |past |last |just-ended |recent )?(?:fiscal )?quarter", t) \
            and "next" not in words:
        # "the quarter" in a results story is the one just reported: the last complete one.
        if anchor is None:
            return Normalised(None, "quarter")
        return _at(_shift_months(anchor, -3), "quarter")
    if re.fullmatch(r"(?:the )?(?:full |fiscal |current |calendar )?year", t):
        return _at(anchor, "year") if anchor else Normalised(None, "year")
    rel = next((w for w in words if w in ("last", "this", "next", "past", "coming", "previous", "following",
                                          "current", "same", "earlier", "later")), None)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel or "", 0)
    if last in gran_of:
        if rel is None and len(words) > 1 and words[-2] not in ("the", "a"):
            return None
        gran = gran_of[last]
        if anchor is None:
            return Normalised(None, gran)
        if gran == "week":
            return _at(anchor + dt.timedelta(weeks=step), "week")
        if gran == "month":
            return _at(_shift_months(anchor, step), "month")
        if gran == "quarter":
            return _at(_shift_months(anchor, 3 * step), "quarter")
        if gran == "decade":
            return _at(dt.date(anchor.year + 10 * step, 1, 1), "decade")
        return _at(dt.date(anchor.year + step, 1, 1), "year")
    if last in SEASONS:
        if anchor is None:
            return Normalised(None, "season")
        year = anchor.year + step
        return Normalised(f"{year}-{SEASONS[last]}", "season")
    day_words = [w for w in words if w.rstrip(".") in WEEKDAYS]
    if day_words:
        wd = WEEKDAYS[day_words[0].rstrip(".")]
        if anchor is None:
            return Normalised(None, "day")
        direction = 1 if (step > 0 or (future and step == 0)) else -1
        d = _weekday(anchor, wd, direction)
        if step < 0 and d == anchor:
            d -= dt.timedelta(days=7)
        return Normalised(d.isoformat(), "day")
    month_words = [w for w in words if w.rstrip(".") in MONTHS and w != "may"] or (
        [w for w in words if w == "may"] if rel else []
    )
    if month_words:
        month = MONTHS[month_words[0].rstrip(".")]
        if anchor is None:
            return Normalised(None, "month")
        year = anchor.year + (step if step else 0)
        if step == 0:
            year = _year_for_month(anchor, month, future)
        elif step < 0 and month >= anchor.month:
            year = anchor.year - 1
        elif step < 0:
            year = anchor.year
        elif step > 0 and month <= anchor.month:
            year = anchor.year + 1
        else:
            year = anchor.year
        return Normalised(f"{year:04d}-{month:02d}", "month")
    tm = _TIME_RE.fullmatch(t)
    if tm and (tm.group("ap") or tm.group("m")):
        h = int(tm.group("h")) % 12 if tm.group("ap") else int(tm.group("h"))
        if tm.group("ap") and tm.group("ap").startswith("p"):
            h += 12
        minute = int(tm.group("m") or 0)
        if h > 23 or minute > 59:
            return None
        value = f"{anchor.isoformat()}T{h:02d}:{minute:02d}" if anchor else None
        return Normalised(value, "time")
    return None


@functools.lru_cache(maxsize=4096)
def _dateparser_parse(text: str, anchor: dt.date | None) -> dt.datetime | None:
    import dateparser  # imported late: it takes a moment to load its language data

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                "STRICT_PARSING": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on some odd strings; such text is simply not a date to us
        return None


def _with_dateparser(text: str, anchor: dt.date | None) -> Normalised:
    t = text.lower()
    has_digit_or_month = bool(re.search(rf"\d|\b{_M}\b", t))
    if anchor is None and not has_digit_or_month:
        return Normalised(None, None)
    parsed = _dateparser_parse(text, anchor)
    if parsed is None:
        return Normalised(None, None)
    if re.search(r"\b\d{1,2}\b", t) and re.search(_M, t):
        return Normalised(parsed.date().isoformat(), "day")
    if re.search(_M, t):
        return Normalised(f"{parsed.year:04d}-{parsed.month:02d}", "month")
    if re.search(r"\b\d{4}\b", t):
        return Normalised(f"{parsed.year:04d}", "year")
    return Normalised(None, None)


# --------------------------------------------------------------------------- the stage


def anchor_of(published: str | None) -> dt.date | None:
    """The document date relative expressions resolve against, from `published`."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class DateExtractor:
    name = "dates"
    version = "2"
    produces = ("dates",)

    def extract(self, ctx: ExtractContext) -> dict[str, list[DateMention]]:
        document = ctx.document
        anchor = anchor_of(document.published)
        out: list[DateMention] = []
        for segment in ctx.segments:
            for f in find_dates(segment.doc, anchor):
                start, end = segment.start + f.start, segment.start + f.end
                out.append(DateMention(
                    id=stable_id(document.id, self.name, start, end),
                    document_id=document.id,
                    text=document.text[start:end],
                    start=start,
                    end=end,
                    value=f.value,
                    granularity=f.granularity,
                ))
        return {"dates": out}
