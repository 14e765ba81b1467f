"""Typing a pair of claims: same, supports, numeric_conflict, different_measure, contradicts.

Everything here sits behind one small interface, `RelationClassifier`:
``classify(a, b, similarity=None) -> Judgement | None``, where a Judgement is
(relation, score, explanation).  `RuleClassifier` is the built-in one; a trained NLI
model can replace it, or join it through `FirstOf`, without touching the rest of
the linker.

The rules, in the order they are tried:

1. **Figures.**  Two figures are compared only when they count the same kind of
   thing (the counted noun, or the currency).  Then, before any value is compared,
   what makes them *different figures* is looked for: different groups ("Russian"
   vs "Ukrainian" soldiers), different places, different dates, different measures
   (killed vs killed and wounded, via `redline.extract.measures`).  Any of these
   gives `different_measure` with the reason, never a conflict, unless the measures
   nest and the numbers are impossible together (10,000 killed and wounded vs 40,000
   killed).  Figures of the same measure are intervals: overlapping ones agree,
   disjoint ones are a `numeric_conflict`.
2. **Polarity.**  One claim negates (or denies) what the other asserts about the same
   actors: `contradicts`.  A denial of involvement or presence ("NATO is not
   involved") is contradicted by a claim that the same actor is deployed, present or
   acting in the same place, even when the sentences share few words.
3. **Agreement.**  Near-identical statements are `same`; statements that agree
   without being restatements (similar content, consistent figures) `supports`.
   Claims about different actors, places or dates never agree or conflict.

The score ranks what a reporter should read first: conflicts above agreement,
official statements against leaked documents highest, across documents above within
one, hedged claims and opinion lower, corroboration by independent sources above
corroboration resting on one root source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, runtime_checkable

from redline.extract import measures
from redline.link.features import ClaimView, stem
from redline.link.names import DEMONYMS

OFFICIAL_KINDS = frozenset({"official_statement", "transcript"})
LEAKED_KINDS = frozenset({"leaked_document"})
KIND_WORDS = {
    "official_statement": "an official statement",
    "transcript": "a briefing transcript",
    "leaked_document": "a leaked document",
    "news_report": "a news report",
    "opinion": "an opinion piece",
    "other": "a document",
}

#: Counted nouns that name the same kind of thing.
COUNTED_CLASSES: dict[str, str] = {}
for _cls, _words in {
    "troops": "troop soldier serviceman servicemen personnel fighter force servicemember service-member "
              "marine paratrooper commando operator",
    "people": "people person individual resident inhabitant",
    "civilians": "civilian",
    "children": "child children kid minor",
    "refugees": "refugee asylum-seeker",
    "tanks": "tank",
    "missiles": "missile rocket",
    "drones": "drone uav",
    "votes": "vote ballot",
    "cases": "case infection",
    "doses": "dose vaccine vaccination jab",
    "patients": "patient",
}.items():
    for _w in _words.split():
        COUNTED_CLASSES[_w] = _cls
#: Counted classes that may stand for a more specific one without a conflict of kind.
GENERIC_COUNTED = frozenset({"people"})
#: Words of involvement or presence: a denial of one is contradicted by the others.
PRESENCE_STEMS = frozenset(stem(w) for w in """
involved involvement involve deployed deploy deployment present presence troops troop soldiers forces
stationed operating operate operations participate participating participation fighting fight combat
inside boots sent send active engaged role
""".split())


class Judgement(NamedTuple):
    relation: str
    score: float
    explanation: str


@runtime_checkable
class RelationClassifier(Protocol):
    """Anything that can type a pair of claims (or decline to: None)."""

    def classify(self, a: ClaimView, b: ClaimView, similarity: float | None = None) -> Judgement | None:
        ...


@dataclass
class FirstOf:
    """Asks classifiers in turn; the first that answers wins (e.g. an NLI model, then rules)."""

    classifiers: Sequence[RelationClassifier]

    def classify(self, a: ClaimView, b: ClaimView, similarity: float | None = None) -> Judgement | None:
        for c in self.classifiers:
            j = c.classify(a, b, similarity)
            if j is not None:
                return j
        return None


# --------------------------------------------------------------------------- helpers


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit - 1].rstrip()}…"'


def _who(v: ClaimView) -> str:
    if v.attribution is not None and v.source_label:
        return v.source_label if v.source_label.lower() == v.doc.label.lower() else \
            f"{v.source_label} (in {v.doc.label})"
    return v.doc.label


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _interval_text(q) -> str:
    i = measures.interval_of(q)
    if i.low is not None and i.high is not None and i.low == i.high:
        return _fmt(i.low)
    return f"{_fmt(i.low) if i.low is not None else '-∞'}–{_fmt(i.high) if i.high is not None else '∞'}"


def _counted_head(q) -> str | None:
    if not q.counted:
        return None
    words = re.findall(r"[a-z][a-z-]*", q.counted.lower())
    if not words:
        return None
    head = words[-1]
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return COUNTED_CLASSES.get(head) or COUNTED_CLASSES.get(singular) or stem(singular)


def _counted_groups(q) -> set[str]:
    """Nationalities qualifying a counted noun: "Russian soldiers" -> {"russia"}."""
    if not q.counted:
        return set()
    return {DEMONYMS[w] for w in re.findall(r"[a-z]+", q.counted.lower()) if w in DEMONYMS}


def _date_parts(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    return m.group(0) if m else None


def _days_apart(x: str, y: str) -> int | None:
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(x[:10]) - dt.date.fromisoformat(y[:10])).days)
    except ValueError:
        return None


def _explicit_date(v: ClaimView, q) -> str | None:
    """A date the text itself gives (the publication date stands in for none)."""
    if q is not None and q.as_of and q.as_of != v.doc.published:
        return q.as_of
    dates = sorted(d for d in v.dates if d != v.doc.published)
    return dates[0] if dates else None


def dates_differ(a: ClaimView, b: ClaimView, qa=None, qb=None) -> str | None:
    """A reason when the two claims (or figures) speak of different times, else None."""
    explicit_a = _explicit_date(a, qa)
    explicit_b = _explicit_date(b, qb)
    if explicit_a or explicit_b:
        x = _date_parts(explicit_a or a.when)
        y = _date_parts(explicit_b or b.when)
        if x and y:
            n = min(len(x), len(y))
            if x[:n] != y[:n]:
                if explicit_a and explicit_b:
                    return f"they refer to different dates ({x} and {y})"
                # One date is only the publication date: allow a month of reporting lag.
                gap = _days_apart(x + "-01"[: 10 - len(x)] if len(x) < 10 else x,
                                  y + "-01"[: 10 - len(y)] if len(y) < 10 else y)
                if gap is None or gap > 45 or min(len(x), len(y)) == 4:
                    return f"they refer to different dates ({x} and {y})"
        return None
    x, y = _date_parts(a.doc.published), _date_parts(b.doc.published)
    if x and y and len(x) >= 10 and len(y) >= 10:
        gap = _days_apart(x, y)
        if gap is not None and gap > 45:
            return f"they were reported {gap} days apart ({x} and {y})"
    return None


def _names(v: ClaimView, ids) -> str:
    return ", ".join(sorted(v.entity_names.get(i, i) for i in ids))


def _disjoint(x: frozenset, y: frozenset) -> bool:
    return bool(x) and bool(y) and not (x & y)


def context_differs(a: ClaimView, b: ClaimView) -> str | None:
    """Why two claims are about different things (groups, places, actors), or None."""
    if _disjoint(a.groups, b.groups):
        return f"they concern different groups ({_names(a, a.groups)} vs {_names(b, b.groups)})"
    if _disjoint(a.places, b.places):
        return f"they concern different places ({_names(a, a.places)} vs {_names(b, b.places)})"
    if _disjoint(a.actors, b.actors):
        return f"they concern different actors ({_names(a, a.actors)} vs {_names(b, b.actors)})"
    return None


def word_overlap(a: ClaimView, b: ClaimView) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / min(len(a.words), len(b.words))


def lexical_similarity(a: ClaimView, b: ClaimView) -> float:
    """A stand-in for embedding similarity when no vectors are available."""
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words))


# --------------------------------------------------------------------------- scoring


def score_for(relation: str, a: ClaimView, b: ClaimView, confidence: float) -> float:
    base = {"contradicts": 0.80, "numeric_conflict": 0.78, "different_measure": 0.30,
            "supports": 0.40, "same": 0.28}[relation]
    s = base * (0.75 + 0.25 * max(0.0, min(1.0, confidence)))
    kinds = {a.doc.kind, b.doc.kind}
    conflict = relation in ("contradicts", "numeric_conflict")
    if conflict:
        if kinds & OFFICIAL_KINDS and kinds & LEAKED_KINDS:
            s += 0.15
        elif kinds & LEAKED_KINDS or len(kinds & OFFICIAL_KINDS) and a.doc.id != b.doc.id:
            s += 0.07
        if "opinion" in kinds:
            s -= 0.12
    if a.doc.id == b.doc.id:
        s -= 0.2
    if a.stance == "hedges" or b.stance == "hedges":
        s -= 0.08
    if relation in ("supports", "same"):
        s += 0.05 if independent(a, b) else -0.1
    return round(max(0.01, min(0.99, s)), 4)


def independent(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims rest on different root sources (nothing relayed between them)."""
    if a.provenance == b.provenance:
        return False
    return not (a.relayers & b.relayers)


def _kinds_sentence(a: ClaimView, b: ClaimView) -> str:
    ka, kb = KIND_WORDS.get(a.doc.kind or "other"), KIND_WORDS.get(b.doc.kind or "other")
    if a.doc.id == b.doc.id:
        return "both in the same document"
    if ka == kb:
        return f"both are {ka.split(' ', 1)[1]}s" if ka else ""
    return f"A is {ka}, B {kb}"


def _time_sentence(a: ClaimView, b: ClaimView) -> str:
    x, y = _date_parts(a.doc.published), _date_parts(b.doc.published)
    if not x or not y or x == y or a.doc.id == b.doc.id:
        return ""
    return f"A was published first ({x}, B {y})" if x < y else f"B was published first ({y}, A {x})"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p) + "."


# --------------------------------------------------------------------------- rules


@dataclass
class RuleClassifier:
    """The built-in relation typing: structure first (figures, polarity), similarity second."""

    same_similarity: float = 0.9
    support_similarity: float = 0.72
    contradict_similarity: float = 0.6
    presence_similarity: float = 0.3
    figure_similarity: float = 0.45

    def classify(self, a: ClaimView, b: ClaimView, similarity: float | None = None) -> Judgement | None:
        if a.id == b.id:
            return None
        sim = lexical_similarity(a, b) if similarity is None else similarity
        figures = self._figures(a, b, sim)
        if figures is not None and figures.relation in ("numeric_conflict", "different_measure"):
            return figures
        if a.negative != b.negative:
            return self._polarity(a, b, sim)
        if figures is not None:
            return figures
        return self._agreement(a, b, sim)

    # -- figures ---------------------------------------------------------------------

    def _figures(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        found: list[tuple[int, Judgement]] = []
        for qa in a.quantities:
            for qb in b.quantities:
                j = self._figure_pair(a, qa, b, qb, sim)
                if j is not None:
                    rank = {"numeric_conflict": 0, "different_measure": 2, "supports": 1}[j.relation]
                    found.append((rank, j))
        if not found:
            return None
        found.sort(key=lambda x: (x[0], -x[1].score))
        return found[0][1]

    def _same_kind(self, qa, qb, sim: float) -> bool:
        ha, hb = _counted_head(qa), _counted_head(qb)
        if qa.unit or qb.unit:
            if qa.unit != qb.unit:
                return False
            if ha is None or hb is None:
                return sim >= self.figure_similarity
        if ha is None and hb is None:
            return sim >= 0.7
        if ha is None or hb is None:
            return sim >= 0.6
        if ha == hb:
            return True
        return (ha in GENERIC_COUNTED or hb in GENERIC_COUNTED) and sim >= 0.6

    def _figure_pair(self, a: ClaimView, qa, b: ClaimView, qb, sim: float) -> Judgement | None:
        if sim < self.figure_similarity or not self._same_kind(qa, qb, sim):
            return None
        if a.negative != b.negative:
            return None  # "not 500 but 97": the polarity rule reads that pair
        what_a = f"{qa.text.strip()}" + (f" {qa.measure}" if qa.measure and qa.measure not in qa.text else "")
        what_b = f"{qb.text.strip()}" + (f" {qb.measure}" if qb.measure and qb.measure not in qb.text else "")
        head = f"A ({_who(a)}) gives {what_a}; B ({_who(b)}) gives {what_b}"
        groups_a, groups_b = _counted_groups(qa) | set(), _counted_groups(qb) | set()
        if groups_a and groups_b and not groups_a & groups_b:
            reason = f"they count different groups ({qa.counted} vs {qb.counted})"
        else:
            reason = context_differs(a, b) or dates_differ(a, b, qa, qb)
        rel = measures.relation(qa.measure, qb.measure)
        if reason is None and rel == "disjoint":
            reason = f"they are different measures ({qa.measure} vs {qb.measure})"
        if reason is not None:
            if sim < 0.55:
                return None
            return Judgement("different_measure", score_for("different_measure", a, b, sim),
                             _join(head, "not a conflict: " + reason, _kinds_sentence(a, b)))
        if rel in ("contains", "contained_in"):
            consistent = measures.figures_consistent(qa, qb)
            big, small = (qa, qb) if rel == "contains" else (qb, qa)
            if consistent is False:
                why = (f"{_interval_text(big)} {big.measure} cannot be fewer than "
                       f"{_interval_text(small)} {small.measure}, which it includes")
                return Judgement("numeric_conflict", score_for("numeric_conflict", a, b, sim),
                                 _join(head, why, _kinds_sentence(a, b), _time_sentence(a, b)))
            return Judgement("different_measure", score_for("different_measure", a, b, sim),
                             _join(head, f"not a conflict: {big.measure} includes {small.measure}, "
                                   "so the figures measure different things", _kinds_sentence(a, b)))
        if rel == "unknown" and qa.measure and qb.measure:
            reason = f"they may be different measures ({qa.measure} vs {qb.measure})"
            return Judgement("different_measure", score_for("different_measure", a, b, sim * 0.8),
                             _join(head, "not a conflict: " + reason))
        if measures.intervals_overlap(qa, qb):
            return Judgement("supports", score_for("supports", a, b, sim),
                             _join(head, "the figures agree" + self._independence(a, b), _kinds_sentence(a, b)))
        confidence = sim if rel == "same" else sim * 0.85
        return Judgement("numeric_conflict", score_for("numeric_conflict", a, b, confidence),
                         _join(head, f"{_interval_text(qa)} and {_interval_text(qb)} cannot both be true"
                               + (f" of {qa.measure or qb.measure}" if (qa.measure or qb.measure) else ""),
                               _kinds_sentence(a, b), _time_sentence(a, b)))

    # -- polarity --------------------------------------------------------------------

    def _polarity(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        neg, pos = (a, b) if a.negative else (b, a)
        shared = (a.actors | a.places | a.groups) & (b.actors | b.places | b.groups)
        overlap = word_overlap(a, b)
        if _disjoint(a.actors, b.actors) or _disjoint(a.places, b.places):
            return None
        if dates_differ(a, b) and (a.dates and b.dates):
            return None
        presence = bool(neg.words & PRESENCE_STEMS) and (
            bool(pos.words & PRESENCE_STEMS) or any(q.measure == "deployed" for q in pos.quantities))
        if sim >= self.contradict_similarity and (shared or overlap >= 0.5):
            confidence = sim
        elif presence and neg.actors & pos.actors and sim >= self.presence_similarity:
            confidence = 0.6 + sim / 2
        elif overlap >= 0.75 and sim >= 0.5:
            confidence = overlap * 0.9
        else:
            return None
        explanation = _join(
            f"{'A' if neg is a else 'B'} ({_who(neg)}) says {_quote(neg.text)}",
            f"{'B' if pos is b else 'A'} ({_who(pos)}) {'reports' if pos.attribution is None else 'says'} "
            f"{_quote(pos.text)}",
            _kinds_sentence(a, b),
            _time_sentence(a, b),
        )
        return Judgement("contradicts", score_for("contradicts", a, b, confidence), explanation)

    # -- agreement -------------------------------------------------------------------

    def _agreement(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        if a.doc.id == b.doc.id:
            return None  # a document repeating itself is not corroboration
        if sim < self.support_similarity:
            return None
        if context_differs(a, b) or dates_differ(a, b):
            return None
        if not ((a.entities & b.entities) or word_overlap(a, b) >= 0.5):
            return None
        hedge = a.stance != b.stance
        if sim >= self.same_similarity and not hedge:
            return Judgement("same", score_for("same", a, b, sim),
                             _join(f"A ({_who(a)}) and B ({_who(b)}) state the same thing",
                                   self._independence(a, b).lstrip("; "), _kinds_sentence(a, b)))
        why = "one hedges what the other asserts" if hedge else "they agree"
        return Judgement("supports", score_for("supports", a, b, sim * (0.8 if hedge else 1.0)),
                         _join(f"A ({_who(a)}) says {_quote(a.text, 60)}; B ({_who(b)}) says {_quote(b.text, 60)}",
                               why + self._independence(a, b), _kinds_sentence(a, b)))

    @staticmethod
    def _independence(a: ClaimView, b: ClaimView) -> str:
        if independent(a, b):
            return ", from independent sources"
        return ", but both rest on the same source (not independent)"
