"""Qualifiers ("more than", "approaching", "up to"...) as intervals.

Each figure becomes an interval [low, high] of the values its wording allows; `high is
None` means unbounded.  The rules are deliberately simple so that a reader can check
them (docs/quantities.md lists them with examples):

| qualifier  | wording                                              | interval for v      |
| ---------- | ---------------------------------------------------- | ------------------- |
| (none)     | "97 troops", "exactly 97"                            | [v, v]              |
| about      | about, around, roughly, approximately, some, ~, or so| [v-10%, v+10%]      |
| nearly     | nearly, almost, approaching, close to, just under    | [v-10%, v)          |
| more_than  | more than, over, above, in excess of, upwards of, +  | (v, unbounded)      |
| at_least   | at least, no fewer than, a minimum of, or more       | [v, unbounded)      |
| less_than  | less than, fewer than, under, below                  | [0, v)              |
| at_most    | up to, as many as, at most, no more than, or fewer   | [0, v]              |
| range      | between X and Y, X to Y, X–Y, from X to Y            | [X, Y]              |
| vague      | dozens, hundreds, tens of thousands, several hundred | see VAGUE_*         |
| increase   | up, rose by, increased by (a change, not a level)    | [v, v]              |
| decrease   | down, fell by, cut by                                | [v, v]              |

Negative values mirror the bounds so that low <= high always holds.
"""

from __future__ import annotations

#: Relative width of "about" and "nearly".
TOLERANCE = 0.10

#: Words before a figure, longest first, with the qualifier they set.
PREFIXES: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "approx.": "about", "approx": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "circa": "about", "c.": "about", "~": "about", "barely": "about",
    "in the region of": "about", "on the order of": "about", "in the order of": "about",
    "nearly": "nearly", "almost": "nearly", "approaching": "nearly", "close to": "nearly",
    "just under": "nearly", "just shy of": "nearly", "not quite": "nearly", "nearing": "nearly",
    "just below": "nearly", "shy of": "nearly",
    "more than": "more_than", "over": "more_than", "above": "more_than", "in excess of": "more_than",
    "upwards of": "more_than", "upward of": "more_than", "exceeding": "more_than",
    "greater than": "more_than", "just over": "more_than", "well over": "more_than",
    "higher than": "more_than", "north of": "more_than", "beyond": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "at a minimum": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "lower than": "less_than", "sub-": "less_than", "sub": "less_than", "south of": "less_than",
    "up to": "at_most", "as many as": "at_most", "as much as": "at_most", "at most": "at_most",
    "no more than": "at_most", "not more than": "at_most", "a maximum of": "at_most",
    "as high as": "at_most", "maximum of": "at_most", "at a maximum": "at_most",
    # A negated excess is a ceiling: "losses did not exceed 3,100" allows 3,100 or fewer.
    "did not exceed": "at_most", "does not exceed": "at_most", "do not exceed": "at_most",
    "not exceeding": "at_most", "will not exceed": "at_most", "would not exceed": "at_most",
    "never exceeded": "at_most", "had not exceeded": "at_most", "has not exceeded": "at_most",
    "exactly": "exact", "precisely": "exact", "just": "exact", "only": "exact",
}
#: Words after a figure.
SUFFIXES: dict[str, str] = {
    "or so": "about", "or thereabouts": "about", "give or take": "about",
    "or more": "at_least", "and more": "at_least", "and up": "at_least", "and above": "at_least",
    "or above": "at_least", "or over": "at_least", "or older": "at_least", "and over": "at_least",
    "or younger": "at_most", "or below": "at_most", "or under": "at_most",
    "plus": "more_than", "+": "more_than", "-plus": "more_than", "odd": "about", "-odd": "about",
    "or fewer": "at_most", "or less": "at_most", "and under": "at_most", "and below": "at_most",
}
#: Verbs and adverbs marking a change rather than a level, before the figure.
CHANGE_WORDS: dict[str, str] = {
    "up": "increase", "rose": "increase", "rise": "increase", "rises": "increase", "risen": "increase",
    "increased": "increase", "increase": "increase", "increases": "increase", "grew": "increase",
    "grown": "increase", "grow": "increase", "grows": "increase", "gained": "increase",
    "gain": "increase", "gains": "increase", "climbed": "increase", "jumped": "increase",
    "surged": "increase", "soared": "increase", "added": "increase", "rallied": "increase",
    "boosted": "increase", "advanced": "increase", "higher": "increase", "advancing": "increase",
    "upward": "increase", "upwards": "increase", "downward": "decrease", "downwards": "decrease",
    "rising": "increase", "gaining": "increase", "climbing": "increase", "increasing": "increase",
    "jumping": "increase", "growing": "increase", "falling": "decrease", "dropping": "decrease",
    "declining": "decrease", "decreasing": "decrease", "sliding": "decrease", "losing": "decrease",
    "down": "decrease", "fell": "decrease", "fall": "decrease", "falls": "decrease", "fallen": "decrease",
    "dropped": "decrease", "drop": "decrease", "drops": "decrease", "declined": "decrease",
    "decline": "decrease", "declines": "decrease", "decreased": "decrease", "decrease": "decrease",
    "slid": "decrease", "slipped": "decrease", "lost": "decrease", "shed": "decrease",
    "cut": "decrease", "reduced": "decrease", "plunged": "decrease", "tumbled": "decrease",
    "sank": "decrease", "lower": "decrease", "eased": "decrease", "shrank": "decrease",
}

#: Plural scale words as vague magnitudes: "hundreds" allows [100, 1000).
VAGUE_PLURALS: dict[str, tuple[float, float]] = {
    "dozens": (24, 144),  # at least two dozen, fewer than a dozen dozen
    "scores": (40, 200),
    "tens": (10, 100),
    "hundreds": (100, 1_000),
    "thousands": (1_000, 10_000),
    "millions": (1_000_000, 10_000_000),
    "billions": (1_000_000_000, 10_000_000_000),
    "trillions": (1_000_000_000_000, 10_000_000_000_000),
}
#: Vague counts before a scale word: "several hundred" = [3, 10) x hundred.
VAGUE_MULTIPLIERS: dict[str, tuple[float, float]] = {
    "several": (3, 10),
    "a few": (2, 10),
    "a couple of": (2, 3),
    "a couple": (2, 3),
    "many": (2, 10),
}


def interval_for(qualifier: str | None, value: float) -> tuple[float | None, float | None]:
    """The [low, high] a qualifier allows around v (high None = unbounded)."""
    q = qualifier or "exact"
    width = abs(value) * TOLERANCE
    if q in ("exact", "increase", "decrease"):
        return value, value
    if q == "about":
        return value - width, value + width
    if q == "nearly":
        return (value - width, value) if value >= 0 else (value, value + width)
    if q in ("more_than", "at_least"):
        return value, None
    if q in ("less_than", "at_most"):
        return (0.0 if value >= 0 else None), value
    raise ValueError(f"no interval rule for qualifier {qualifier!r}")


def scaled_interval(low: float, high: float, factor: float) -> tuple[float, float]:
    return low * factor, high * factor
