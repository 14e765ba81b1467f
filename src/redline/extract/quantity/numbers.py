"""Reading written numbers: digits, number words, scale words and abbreviations.

`parse_number("twenty-six") == 26`, `parse_number("1,500") == 1500`,
`parse_number("1.5 million") == 1_500_000`, `parse_number("a dozen") == 12`.
Everything returns None rather than guessing when the text is not a number.
"""

from __future__ import annotations

import re

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
#: Scale words in running text.  "hundred" multiplies what precedes it within a group;
#: the others close a group.
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
#: Abbreviated scales written straight after digits ("$20bn", "3.5m", "10k").  The
#: one-letter ones are ambiguous with units (30m = 30 metres) and are only read as
#: scales next to a currency; see `AMBIGUOUS_SCALE_SUFFIXES`.
SCALE_SUFFIXES = {
    "k": 1_000, "K": 1_000, "thousand": 1_000,
    "m": 1_000_000, "M": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "mil": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000,
    "b": 1_000_000_000, "B": 1_000_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
    "billion": 1_000_000_000, "billions": 1_000_000_000,
    "tn": 1_000_000_000_000, "trn": 1_000_000_000_000, "trillion": 1_000_000_000_000,
    "crore": 10_000_000, "lakh": 100_000,
}
AMBIGUOUS_SCALE_SUFFIXES = frozenset({"k", "K", "m", "M", "b", "B", "mil"})
#: Words that are a whole number on their own, in phrases like "a dozen eggs".
SPECIAL = {"dozen": 12, "score": 20, "half": 0.5}

NUMBER_WORDS = {**ONES, **TENS, **SCALES, "dozen": 12}

_DIGITS_RE = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")


def parse_digits(text: str) -> float | None:
    """'1,500' -> 1500.0, '2.5' -> 2.5, '.5' -> 0.5; None for anything else."""
    t = text.strip()
    if not _DIGITS_RE.match(t):
        return None
    return float(t.replace(",", "").replace("−", "-"))


def parse_words(text: str) -> float | None:
    """Number words to a value: 'twenty-six' -> 26, 'one hundred and five' -> 105,
    'a dozen' -> 12, 'three million' -> 3e6.  None when a word is not a number word."""
    words = [w for w in re.split(r"[\s\-]+", text.lower().strip()) if w]
    if not words:
        return None
    if words[0] in ("a", "an"):
        # "a hundred", "a dozen" -- but "a three-bed flat" is not a number phrase.
        if len(words) == 1 or words[1] not in (*SCALES, "dozen"):
            return None
        words = ["one", *words[1:]]
    total = 0.0  # closed groups (thousands, millions...)
    group = 0.0  # the group being built (below a thousand, possibly times hundred)
    seen_number = False
    for i, w in enumerate(words):
        if w == "and":
            # "one hundred and five": 'and' only after a scale word and before a number.
            if i == 0 or words[i - 1] not in SCALES or i == len(words) - 1:
                return None
            continue
        if w in ONES:
            group += ONES[w]
        elif w in TENS:
            group += TENS[w]
        elif w == "dozen":
            group = (group or 1) * 12
        elif w == "hundred":
            group = (group or 1) * 100
        elif w in SCALES:
            total += (group or 1) * SCALES[w]
            group = 0
        else:
            return None
        seen_number = True
    return total + group if seen_number else None


def parse_scaled(number: str, scale: str | None) -> float | None:
    """Digits or words times a scale word or suffix: ('1.5', 'million') -> 1.5e6."""
    base = parse_digits(number)
    if base is None:
        base = parse_words(number)
    if base is None:
        return None
    if not scale:
        return base
    factor = SCALE_SUFFIXES.get(scale) or SCALE_SUFFIXES.get(scale.lower()) or SCALES.get(scale.lower())
    if factor is None:
        return None
    return base * factor


def parse_number(text: str) -> float | None:
    """Any single written number: digits, words, or either followed by a scale."""
    t = text.strip()
    value = parse_digits(t)
    if value is not None:
        return value
    m = re.match(r"^([-+]?[\d.,]+)\s*([A-Za-z]+)$", t)
    if m and parse_digits(m.group(1)) is not None:
        return parse_scaled(m.group(1), m.group(2))
    return parse_words(t)


def format_number(value: float) -> str:
    """A value as the plainest string: 1500.0 -> '1500', 2.5 -> '2.5'."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return repr(value)
