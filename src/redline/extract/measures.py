"""What a figure measures, and when two figures can be compared: a public API.

A figure in a news story counts *something happening to something*: "97 troops
deployed", "35,000 soldiers killed in action", "200,000 killed and wounded".  The
*measure* is the happening (killed, deployed, pledged...), the *counted* noun is the
something (troops, soldiers, dollars).  Two figures only clash when they measure the
same thing; "killed" and "killed and wounded" are different measures, and the second
one must be at least as large as the first.

This module is the one place that knows the measure taxonomy.  The linker imports it:

``normalise_measure(text) -> str | None``
    The canonical measure named by a word or phrase ("KIA", "were killed", "deaths",
    "injured", "casualties", "deployed"...), or None when the phrase names no known
    measure.  Canonical names are the keys of ``MEASURES``.

``MEASURES``
    canonical name -> ``Measure(name, parent, doc)``.  ``parent`` is the smallest
    measure that contains this one (killed ⊂ killed and wounded ⊂ casualties).

``relation(m1, m2) -> 'same' | 'contains' | 'contained_in' | 'disjoint' | 'unknown'``
    'contains': every thing counted under m2 is also counted under m1, so a count of
    m1 must be >= a count of m2 for the same population and time.  'disjoint': both are
    known measures and neither contains the other (killed vs wounded; killed vs
    deployed).  'unknown': either side is None or not in the taxonomy.

``comparable(m1, m2, allow_unknown=False) -> bool``
    True when two figures with these measures may be compared value against value:
    the measures are the same, or neither figure states a measure.  With
    ``allow_unknown=True`` a figure with a stated measure is also comparable with
    one that states none.

``interval_of(quantity) -> Interval``
    The interval of values the text allows (see docs/quantities.md for the rule of
    each qualifier); the extractor already stores ``low``/``high``; this adds which
    ends are open.  ``high is None`` means unbounded above.

``intervals_overlap(q1, q2) -> bool``
    Whether the two figures can both be true of one number.

``parts_add_up(total, parts) -> bool | None``
    For a stated total and its parts ("12 brigades: 3 by Ukraine and 9 by partners";
    the extractor gives each part ``total_id`` = the total's id): whether the parts can
    sum to the total, in interval arithmetic.  None when there are no parts.

``figures_consistent(q1, q2) -> bool | None``
    Taking measures into account: same measure -> the intervals overlap; m1 contains
    m2 -> q1 can be >= q2; m2 contains m1 -> the reverse; otherwise None (no verdict).

Quantity-like objects only need the attributes ``low``, ``high``, ``value``,
``qualifier`` and (for ``figures_consistent``) ``measure``; records of
``redline.schema.Quantity`` have them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MEASURES",
    "Interval",
    "Measure",
    "comparable",
    "figures_consistent",
    "interval_of",
    "intervals_overlap",
    "measure_ancestors",
    "measure_at_start",
    "normalise_measure",
    "parts_add_up",
    "relation",
]


@dataclass(frozen=True)
class Measure:
    name: str
    parent: str | None
    doc: str


def _m(name: str, parent: str | None, doc: str) -> tuple[str, Measure]:
    return name, Measure(name, parent, doc)


#: The taxonomy.  Keep it small: a measure is worth a line only when news reports
#: actually state it and when confusing it with a neighbour causes false conflicts.
MEASURES: dict[str, Measure] = dict(
    [
        # Human losses.  Military usage: casualties = killed + wounded + missing + captured.
        _m("casualties", None, "killed, wounded, missing or captured (military usage)"),
        _m("killed and wounded", "casualties", "killed plus wounded, stated together"),
        _m("killed", "killed and wounded", "killed, killed in action, dead, deaths"),
        _m("wounded", "killed and wounded", "wounded, injured"),
        _m("missing", "casualties", "missing, missing in action"),
        _m("captured", "casualties", "captured, taken prisoner"),
        # People moved or held.
        _m("displaced", None, "displaced, fled, refugees"),
        _m("evacuated", None, "evacuated"),
        _m("detained", None, "arrested, detained, imprisoned"),
        # Forces.
        _m("deployed", None, "deployed, stationed, sent, present"),
        _m("trained", None, "trained"),
        _m("mobilised", None, "mobilised, conscripted, recruited"),
        # Money and materiel.  What is delivered or spent was first pledged or allocated.
        _m("pledged", None, "pledged, promised, committed, announced"),
        _m("delivered", "pledged", "delivered, sent, supplied, provided"),
        _m("allocated", None, "allocated, budgeted, approved, appropriated"),
        _m("spent", "allocated", "spent, disbursed, paid"),
        # Weapons use and losses of equipment.
        _m("fired", None, "fired, launched"),
        _m("intercepted", None, "intercepted, shot down"),
        _m("destroyed", None, "destroyed, lost"),
        _m("damaged", None, "damaged"),
        _m("produced", None, "produced, manufactured"),
    ]
)

#: Phrases (lower case, lemma-like) that name a measure.  Checked longest first.
_PHRASES: dict[str, str] = {
    "killed and wounded": "killed and wounded",
    "killed or wounded": "killed and wounded",
    "dead and wounded": "killed and wounded",
    "dead or wounded": "killed and wounded",
    "killed and injured": "killed and wounded",
    "killed or injured": "killed and wounded",
    "dead and injured": "killed and wounded",
    "wounded and killed": "killed and wounded",
    "wounded or killed": "killed and wounded",
    "injured or killed": "killed and wounded",
    "injured and killed": "killed and wounded",
    "casualties": "casualties",
    "casualty": "casualties",
    "losses": "casualties",
    "killed in action": "killed",
    "kia": "killed",
    "killed": "killed",
    "kill": "killed",
    "dead": "killed",
    "deaths": "killed",
    "death": "killed",
    "died": "killed",
    "die": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "death toll": "killed",
    "lost their lives": "killed",
    "wounded in action": "wounded",
    "wia": "wounded",
    "wounded": "wounded",
    "wound": "wounded",
    "injured": "wounded",
    "injure": "wounded",
    "injuries": "wounded",
    "hurt": "wounded",
    "missing in action": "missing",
    "mia": "missing",
    "missing": "missing",
    "captured": "captured",
    "capture": "captured",
    "taken prisoner": "captured",
    "prisoners of war": "captured",
    "pows": "captured",
    "displaced": "displaced",
    "left the city": "displaced",
    "left the town": "displaced",
    "left the country": "displaced",
    "left the region": "displaced",
    "left the area": "displaced",
    "left their homes": "displaced",
    "left home": "displaced",
    "fled": "displaced",
    "flee": "displaced",
    "refugees": "displaced",
    "evacuated": "evacuated",
    "evacuate": "evacuated",
    "arrested": "detained",
    "arrest": "detained",
    "detained": "detained",
    "detain": "detained",
    "imprisoned": "detained",
    "jailed": "detained",
    "deployed": "deployed",
    "deploy": "deployed",
    "stationed": "deployed",
    "station": "deployed",
    "trained": "trained",
    "train": "trained",
    "mobilised": "mobilised",
    "mobilized": "mobilised",
    "mobilise": "mobilised",
    "mobilize": "mobilised",
    "conscripted": "mobilised",
    "recruited": "mobilised",
    "recruit": "mobilised",
    "drafted": "mobilised",
    "pledged": "pledged",
    "pledge": "pledged",
    "promised": "pledged",
    "promise": "pledged",
    "committed": "pledged",
    "commit": "pledged",
    "delivered": "delivered",
    "deliver": "delivered",
    "supplied": "delivered",
    "supply": "delivered",
    "provided": "delivered",
    "provide": "delivered",
    "shipped": "delivered",
    "ship": "delivered",
    "allocated": "allocated",
    "allocate": "allocated",
    "budgeted": "allocated",
    "appropriated": "allocated",
    "approved": "allocated",
    "approve": "allocated",
    "spent": "spent",
    "spend": "spent",
    "disbursed": "spent",
    "disburse": "spent",
    "fired": "fired",
    "fire": "fired",
    "launched": "fired",
    "launch": "fired",
    "intercepted": "intercepted",
    "intercept": "intercepted",
    "shot down": "intercepted",
    "destroyed": "destroyed",
    "destroy": "destroyed",
    "damaged": "damaged",
    "damage": "damaged",
    "produced": "produced",
    "produce": "produced",
    "manufactured": "produced",
    "manufacture": "produced",
}
_PHRASE_RE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")\b"
)


def normalise_measure(text: str | None) -> str | None:
    """The canonical measure a phrase names ('were killed in action' -> 'killed')."""
    if not text:
        return None
    low = re.sub(r"\s+", " ", text.lower().strip())
    if low in MEASURES:
        return low
    if low in _PHRASES:
        return _PHRASES[low]
    m = _PHRASE_RE.search(low)
    return _PHRASES[m.group(1)] if m else None


_LEADING_RE = re.compile(
    r"^\s*(?:(?:were|was|are|is|have been|has been|had been|been|being|had|have|has|remain|remains|remained|"
    r"still|reportedly|reported|confirmed|"
    r"believed|thought|feared|presumed|estimated|either|already|now|all)\s+){0,3}"
    + _PHRASE_RE.pattern
)


def measure_at_start(text: str) -> tuple[str, int] | None:
    """The measure named at the very start of `text` ("were killed in action, ..."):
    (canonical measure, characters consumed), or None."""
    m = _LEADING_RE.match(text.lower())
    if not m:
        return None
    return _PHRASES[m.group(1)], m.end()


def measure_ancestors(measure: str) -> list[str]:
    """The measures containing this one, nearest first ('killed' -> [..., 'casualties'])."""
    out = []
    node = MEASURES.get(measure)
    while node is not None and node.parent is not None:
        out.append(node.parent)
        node = MEASURES.get(node.parent)
    return out


def relation(m1: str | None, m2: str | None) -> str:
    """How measure m1 stands to m2: same, contains, contained_in, disjoint or unknown."""
    if m1 is None or m2 is None or m1 not in MEASURES or m2 not in MEASURES:
        return "unknown"
    if m1 == m2:
        return "same"
    if m1 in measure_ancestors(m2):
        return "contains"
    if m2 in measure_ancestors(m1):
        return "contained_in"
    return "disjoint"


def comparable(m1: str | None, m2: str | None, allow_unknown: bool = False) -> bool:
    """Whether figures with these measures may be compared value against value."""
    if m1 is None and m2 is None:
        return True
    rel = relation(m1, m2)
    return rel == "same" or (allow_unknown and rel == "unknown" and (m1 is None or m2 is None))


# --------------------------------------------------------------------------- intervals

#: Qualifiers whose interval excludes its lower / upper end (see docs/quantities.md).
LOW_OPEN_QUALIFIERS = frozenset({"more_than"})
HIGH_OPEN_QUALIFIERS = frozenset({"less_than", "nearly", "vague"})


@dataclass(frozen=True)
class Interval:
    """The values a figure allows; None for low/high means unbounded on that side."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        if self.high is not None and (x > self.high or (self.high_open and x == self.high)):
            return False
        return True


def interval_of(q: Any) -> Interval:
    """The interval a quantity record allows, with its open ends."""
    low, high = q.low, q.high
    if low is None and high is None and q.value is not None:
        # Older or hand-made records: a bare value is the point interval.
        low = high = q.value
    qualifier = getattr(q, "qualifier", None)
    return Interval(
        low=low,
        high=high,
        low_open=qualifier in LOW_OPEN_QUALIFIERS,
        high_open=qualifier in HIGH_OPEN_QUALIFIERS and high is not None,
    )


def _overlap(a: Interval, b: Interval) -> bool:
    a_low = -math.inf if a.low is None else a.low
    b_low = -math.inf if b.low is None else b.low
    a_high = math.inf if a.high is None else a.high
    b_high = math.inf if b.high is None else b.high
    # The larger of the lows against the smaller of the highs; touching ends count
    # only when both are closed there.
    if a_low > b_low or (a_low == b_low and a.low_open):
        low, low_open = a_low, a.low_open
    else:
        low, low_open = b_low, b.low_open
    if a_high < b_high or (a_high == b_high and a.high_open):
        high, high_open = a_high, a.high_open
    else:
        high, high_open = b_high, b.high_open
    if low < high:
        return True
    return low == high and not low_open and not high_open


def intervals_overlap(q1: Any, q2: Any) -> bool:
    """Whether two quantities can both be true of one number."""
    a = q1 if isinstance(q1, Interval) else interval_of(q1)
    b = q2 if isinstance(q2, Interval) else interval_of(q2)
    return _overlap(a, b)


def figures_consistent(q1: Any, q2: Any) -> bool | None:
    """Whether two figures can both hold, given their measures; None: no verdict.

    Same measure (or none stated on either): their intervals must overlap.  When one
    measure contains the other, the containing figure must be able to reach at least
    the contained one (200,000 killed and wounded is consistent with 40,000 killed,
    10,000 killed and wounded is not consistent with 40,000 killed).
    """
    m1, m2 = getattr(q1, "measure", None), getattr(q2, "measure", None)
    if m1 is None and m2 is None:
        return intervals_overlap(q1, q2)
    rel = relation(m1, m2)
    if rel == "same":
        return intervals_overlap(q1, q2)
    if rel in ("contains", "contained_in"):
        big, small = (q1, q2) if rel == "contains" else (q2, q1)
        bi, si = interval_of(big), interval_of(small)
        big_high = math.inf if bi.high is None else bi.high
        small_low = -math.inf if si.low is None else si.low
        return big_high > small_low or (big_high == small_low and not bi.high_open and not si.low_open)
    return None


def parts_add_up(total: Any, parts: list[Any]) -> bool | None:
    """Whether parts can sum to their stated total (interval arithmetic); None: no parts.

    The parts' sum ranges from the sum of their lows to the sum of their highs (an
    unbounded part makes the sum unbounded); it adds up when that range meets the
    total's interval.  '12 brigades: 3 ... and 9 ...' adds up; '12: 3 and 8' does not.
    """
    if not parts:
        return None
    lows, highs = [], []
    for p in parts:
        i = interval_of(p)
        lows.append(0.0 if i.low is None else i.low)
        highs.append(math.inf if i.high is None else i.high)
    summed = Interval(sum(lows), None if math.isinf(sum(highs)) else sum(highs))
    return _overlap(interval_of(total), summed)
