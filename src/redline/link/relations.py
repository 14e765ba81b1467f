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
3. **Dates and antonyms.**  The same event dated differently, or the same
   statement with opposite words (open/closed, signed/vetoed): `contradicts`.
4. **Agreement.**  Similar statements, or consistent figures, agree: `same` when
   they rest on one underlying source (a restatement, to be counted once), `supports`
   when the sources are independent.  Claims about different actors, places or dates
   never agree or conflict; one number about two things is no agreement.

The score ranks what a reporter should read first: conflicts, then figures that only
look like a conflict, then agreement;
official statements against leaked documents highest, across documents above within
one, hedged claims and opinion lower, corroboration by independent sources above
corroboration resting on one root source.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, runtime_checkable

from redline.extract import measures
from redline.link.features import IRREGULAR, STOPWORDS, ClaimView, content_words, name_words, same_source, stem
from redline.link.names import DEMONYMS, fold, speaker_name

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
#: Counted classes (and words) that name people: "people" may stand for any of them.
HUMAN_COUNTED = frozenset({"troops", "people", "civilians", "children", "refugees", "patients"}) | frozenset(
    stem(w) for w in """worker journalist resident protester prisoner hostage student passenger migrant sailor
    militant adult woman women men man voter employee official doctor nurse teacher pilot""".split())
#: Words of involvement or presence: a denial of one is contradicted by the others.
PRESENCE_STEMS = frozenset(stem(w) for w in """
involved involvement involve deployed deploy deployment present presence troops troop soldiers forces
stationed operating operate operations participate participating participation fighting fight combat
inside boots sent send active engaged role
""".split())


#: Words of time, which say nothing about who is meant.
TIME_WORDS = frozenset(stem(w) for w in """week weeks month months year years day days last this next today
yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday earlier later""".split())
#: Words by which a claim passes on or asks about what others say, asserting nothing itself.
REPORTED_SPEECH = frozenset(stem(w) for w in "reports allegations rumours rumors speculation demanded asked "
                            "urged questioned".split())


#: Figures of each claim compared with the other's (the first ones, in text order).
MAX_FIGURES = 12


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
    text = " ".join(text.split()).strip(" \"'“”‘’,")
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1].rstrip()}…”"


def _said(v: ClaimView) -> str:
    """What the source said: the part of the claim inside the attribution's content, so
    the explanation quotes the statement, not the reporting verb around it."""
    a, c = v.attribution, v.claim
    if a is not None and a.content is not None:
        start, end = max(a.content.start, c.start), min(a.content.end, c.end)
        # A quotation split by its cue ("…," said X. "…") spans the cue: keep the longer side.
        inner = [s for s in (a.source, a.cue) if s is not None and start <= s.start and s.end <= end]
        if inner:
            cut_start, cut_end = min(s.start for s in inner), max(s.end for s in inner)
            start, end = max(((start, cut_start), (cut_end, end)), key=lambda p: p[1] - p[0])
        said = c.text[start - c.start:end - c.start].strip(" \"'“”‘’,.")
        if said.lower().startswith("that "):
            said = said[5:]
        if len(said.split()) >= 3:
            return said
    return v.text


def _who(v: ClaimView) -> str:
    # Said inside parentheses in every explanation: a label's own "(internal)" becomes
    # a dash, so parentheses never nest, and OCR line breaks become spaces.
    label = " ".join(re.sub(r"\s*\(([^()]*)\)", r" – \1", v.doc.label).split())
    if v.attribution is not None and v.source_label:
        cue = v.attribution.cue.text if v.attribution.cue is not None else None
        source = speaker_name(v.source_label, cue)
        return source if source.lower() == v.doc.label.lower() else f"{source}, in {label}"
    return label


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


def counted_head(q) -> str | None:
    """The kind of thing a figure counts ("Kharzan soldiers" -> "troops")."""
    return _counted_class(q.counted) if q.counted else None


@functools.lru_cache(maxsize=65536)
def _counted_class(counted: str) -> str | None:
    words = re.findall(r"[a-z][a-z-]*", counted.lower())
    if not words:
        return None
    head = words[-1]
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return COUNTED_CLASSES.get(head) or COUNTED_CLASSES.get(singular) or stem(singular)


def _is_demonym_plural(q) -> bool:
    """"Americans", "Palestinians": people of a nationality."""
    words = re.findall(r"[a-z]+", (q.counted or "").lower())
    return bool(words) and words[-1].rstrip("s") in DEMONYMS


def measure_of(q, view: ClaimView) -> str | None:
    """The figure's measure, or failing that the measure word nearest it in the claim."""
    if q.measure:
        return q.measure
    c = view.claim
    start, end = q.start - c.start, q.end - c.start
    after = c.text[end:end + 40]
    before = c.text[max(0, start - 40):start]
    return measures.normalise_measure(after) or measures.normalise_measure(before)


def _counted_groups(q) -> set[str]:
    """Nationalities qualifying a counted noun: "Russian soldiers" -> {"russia"}."""
    if not q.counted:
        return set()
    return {DEMONYMS[w] for w in re.findall(r"[a-z]+", q.counted.lower()) if w in DEMONYMS}


#: Words before a counted noun that do not say whose or which ones it counts.
_NEUTRAL_MODIFIERS = frozenset("""more than less fewer about around some over under up to at least nearly almost
approximately roughly another other additional new further total all the of and an a its their our his her
estimated reported confirmed""".split())


def _modifiers(q) -> set[str]:
    words = re.findall(r"[a-z][a-z-]*", (q.counted or "").lower())[:-1]
    return {DEMONYMS.get(w, w[:-1] if w.endswith("ian") else stem(w)) for w in words
            if w not in _NEUTRAL_MODIFIERS}


def _nationality_qualified(q) -> bool:
    """"Valdorian soldiers", "Russian troops": the counted noun says whose they are."""
    return bool(_counted_groups(q)) or any(
        w.endswith(("ian", "ese", "ish")) for w in re.findall(r"\b[A-Z][a-z]+", q.counted or ""))


def _modifiers_differ(qa, qb) -> bool:
    """Both counted nouns are qualified, and by nothing in common ("alliance troops" vs
    "Valdorian soldiers"): two different groups of the same kind of thing."""
    ma, mb = _modifiers(qa), _modifiers(qb)
    return bool(ma) and bool(mb) and not ma & mb


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
    if q is not None:
        # A figure's own date is the one the quantity extractor tied to it, when the
        # claim states it; other dates of the sentence may be about something else
        # ("since the offensive began on 2 March 2025").
        return q.as_of if q.as_of and q.as_of in v.dates else None
    dates = sorted(d for d in v.dates if d != v.doc.published)
    return dates[0] if dates else None


_MONTHS = ("january february march april may june july august september october november december").split()


def _date_components(texts: list[str]) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """Years, months and (month, day) pairs *as written*: "March" says nothing of the year."""
    years, months, days = set(), set(), set()
    for t in texts:
        low = t.lower()
        years |= set(re.findall(r"\b(1[0-9]{3}|20[0-9]{2})\b", low))
        for m in _MONTHS:
            if re.search(rf"\b{m[:3]}(?:{m[3:]}|\.)?\b", low):
                months.add(m)
                day = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{m[:3]}|{m[:3]}\w*\.?\s+(\d{{1,2}})\b", low)
                if day:
                    days.add((m, day.group(1) or day.group(2)))
    return years, months, days


_MONTH_NAMES = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December)\b")


def _month_mentions(text: str) -> list[str]:
    """Month names as written (capitalised, so the verb "may" is not May), for dates the
    date extractor left out ("released on August")."""
    return [m.group(0) for m in _MONTH_NAMES.finditer(text) if m.start() > 0 or m.group(0) != "May"]


def date_clash(texts_a: list[str], texts_b: list[str]) -> tuple[str, str] | None:
    """A part of the date both sides state (year, month, day) on which they differ."""
    ya, ma, da = _date_components(texts_a)
    yb, mb, db = _date_components(texts_b)
    if ya and yb and not ya & yb:
        return ", ".join(sorted(ya)), ", ".join(sorted(yb))
    if ma and mb and not ma & mb:
        return ", ".join(sorted(ma)), ", ".join(sorted(mb))
    if da and db and not da & db and {m for m, _ in da} & {m for m, _ in db}:
        return ", ".join(f"{d} {m}" for m, d in sorted(da)), ", ".join(f"{d} {m}" for m, d in sorted(db))
    return None


_NUMBERISH = re.compile(r"^[\d.,]+$|^(?:million|billion|thousand|hundred|trillion|bn|percent|cent|per)$")


def _both_say_more(a: ClaimView, b: ClaimView) -> bool:
    """Each claim has content words the other lacks (besides numbers, time and source)."""
    def own(x: ClaimView, y: ClaimView) -> set[str]:
        return {w for w in x.core_words - y.words - TIME_WORDS if not _NUMBERISH.match(w)}
    return bool(own(a, b)) and bool(own(b, a))


#: Words between a verb and its figure that only qualify the number ("killed more than 400").
_QUALIFYING = frozenset("""more than less fewer about around roughly nearly almost some at least most up to over
under only just approximately an estimated as many no""".split())
#: Auxiliaries between a subject and its verb ("Malaria has killed").
_AUXILIARY = frozenset("has have had is are was were be been being will would may might could can shall "
                       "should already also now reportedly".split())
#: Words that say where, in scope, a figure's people are ("fled abroad" / "displaced
#: inside the country"): two scopes are two populations.
_SCOPE_WORDS = frozenset("abroad overseas internally inside within outside domestically nationwide "
                         "worldwide globally locally".split())
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\n]|\b(?:and|but|while|whereas|as)\b")


def _figure_subject(v: ClaimView, q) -> frozenset[str]:
    """Who or what does the counting verb of a figure that follows it: "Malaria killed
    600,000 people" -> {"malaria"}.  Empty when the figure is the subject itself ("600
    people were killed"), when the verb is one of saying ("police said 11 people..."),
    or when the words belong to who says it."""
    before = v.claim.text[:max(0, q.start - v.claim.start)]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*|[,;:()\n]", before)
    while words and words[-1].lower() in _QUALIFYING:
        words.pop()
    if not words:
        return frozenset()
    verb = words[-1].lower()
    if not (measures.normalise_measure(verb) or verb in IRREGULAR or verb.endswith("ed")):
        return frozenset()
    subject: list[str] = []
    for w in reversed(words[:-1]):
        if _CLAUSE_BREAK.fullmatch(w) or _CLAUSE_BREAK.fullmatch(w.lower()):
            break
        subject.append(w.lower())
    stems = {stem(DEMONYMS.get(w, w)) for w in subject if w not in _AUXILIARY and w not in _QUALIFYING}
    return frozenset(w for w in stems & (v.core_words | {stem(DEMONYMS[w]) for w in subject if w in DEMONYMS})
                     if w not in STOPWORDS)


def _figure_scope(v: ClaimView) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", v.claim.text.lower()) if w in _SCOPE_WORDS)


def _counted_differently(a: ClaimView, qa, b: ClaimView, qb) -> str | None:
    """A reason when two figures of one measure count different things all the same:
    the figure's subject differs ("Malaria killed 600,000 people" / "Tuberculosis killed
    1.3 million people"), or its scope ("fled abroad" / "displaced inside the country")."""
    sa, sb = _figure_subject(a, qa), _figure_subject(b, qb)
    if sa and sb and not sa & sb:
        return f"they are figures for different subjects ({_plain(a, sa)} vs {_plain(b, sb)})"
    ca, cb = _figure_scope(a), _figure_scope(b)
    if ca and cb and not ca & cb:
        return f"they count people in different places ({', '.join(sorted(ca))} vs {', '.join(sorted(cb))})"
    return None


def _plain(v: ClaimView, stems: frozenset[str]) -> str:
    """The words of a claim whose stems are given, as written, in text order."""
    out: list[str] = []
    for w in re.findall(r"[A-Za-z][A-Za-z'-]*", v.claim.text):
        s = stem(DEMONYMS.get(w.lower(), w.lower()))
        if s in stems and w not in out:
            out.append(w)
    return " ".join(out)


def _close_in_time(a: ClaimView, qa, b: ClaimView, qb, days: int = 45) -> bool:
    x = _date_parts(_explicit_date(a, qa) or a.when)
    y = _date_parts(_explicit_date(b, qb) or b.when)
    if not x or not y or len(x) < 10 or len(y) < 10:
        return False
    gap = _days_apart(x, y)
    return gap is not None and gap <= days


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
                    gap = _days_apart(x, y) if n >= 10 else None
                    if gap is not None and gap <= 7:
                        return None  # "on Thursday" / "on Friday": the same week's reporting
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


def _exclusive(x: frozenset, y: frozenset, broader: dict[str, set[str]], names_x: dict[str, str] | None = None,
               names_y: dict[str, str] | None = None) -> tuple[frozenset, frozenset] | None:
    """Each side names something of this category that the other does not.

    A part of what the other side names ("Kharzan Federation" beside "Kharzan") is
    not something else, and neither is a fuller or shorter form of a person's name
    ("Tom Reiner" beside "Thomas Alan Reiner").
    """
    names_x, names_y = names_x or {}, names_y or {}

    def matched(e: str, names_e: dict[str, str], other: frozenset, names_other: dict[str, str]) -> bool:
        if broader.get(e, set()) & other:
            return True
        n = names_e.get(e)
        return n is not None and any(_same_name(n, names_other[f]) for f in other if f in names_other)

    only_x = frozenset(e for e in x - y if not matched(e, names_x, y, names_y))
    only_y = frozenset(e for e in y - x if not matched(e, names_y, x, names_x))
    return (only_x, only_y) if only_x and only_y else None


@functools.lru_cache(maxsize=65536)
def _same_name(x: str, y: str) -> bool:
    """One person's name written two ways: the same surname, and first names that are
    equal or one a short form of the other ("Tom"/"Thomas"), middle names aside;
    or the surname alone ("Reiner" / "Tom Reiner")."""
    wx, wy = fold(x).replace(".", "").split(), fold(y).replace(".", "").split()
    if not wx or not wy or wx == wy or wx[-1] != wy[-1]:
        return False
    if len(wx) == 1 or len(wy) == 1:
        return len(wx[-1]) >= 3 and x.strip()[:1].isupper() and y.strip()[:1].isupper()
    if len(wx) < 2 or len(wy) < 2:
        return False
    fx, fy = sorted((wx[0], wy[0]), key=len)
    return len(fx) >= 3 and fy.startswith(fx) and fx[0].isalpha()


def context_differs(a: ClaimView, b: ClaimView) -> str | None:
    """Why two claims are about different things (groups, places, actors), or None.

    Only when *each* side names a group, place or actor the other lacks: a claim that
    adds a detail ("near Kabul") is an elaboration, not a different event.
    """
    for category, label in (("groups", "groups"), ("places", "places"), ("actors", "actors")):
        found = _exclusive(getattr(a, category), getattr(b, category), a.broader, a.entity_names, b.entity_names)
        if found:
            return f"they concern different {label} ({_names(a, found[0])} vs {_names(b, found[1])})"
    # A country may be typed a place on one side and an organisation on the other.
    found = _exclusive(a.actors | a.places, b.actors | b.places, a.broader, a.entity_names, b.entity_names)
    if found:
        return f"they concern different actors or places ({_names(a, found[0])} vs {_names(b, found[1])})"
    return None


def lexical_similarity(a: ClaimView, b: ClaimView) -> float:
    """A stand-in for embedding similarity when no vectors are available."""
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words))


# --------------------------------------------------------------------------- scoring


def score_for(relation: str, a: ClaimView, b: ClaimView, confidence: float) -> float:
    # Conflicts first; then figures that only look like a conflict (a reporter must
    # not publish them as one); then corroboration; restatements last.
    base = {"contradicts": 0.80, "numeric_conflict": 0.78, "different_measure": 0.42,
            "supports": 0.34, "same": 0.28}[relation]
    s = base * (0.75 + 0.25 * max(0.0, min(1.0, confidence)))
    # Scored by who speaks: an official claim quoted inside a leak is an official claim.
    kinds = {claim_kind(a), claim_kind(b)}
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
    if relation == "supports":
        s += 0.05 if independent(a, b) else -0.1
    if relation == "same" and (relays(a, b) or relays(b, a)) and not (cites_document(a, b) or cites_document(b, a)):
        s += 0.08  # one side passes on the other's own words: worth seeing before two relays
    return round(max(0.01, min(0.99, s)), 4)


#: Nouns by which a report refers to a document it has seen ("the slide lists...").
DOCUMENT_NOUNS = frozenset("slide memo email e-mail assessment letter cable minutes spreadsheet invoice "
                           "dossier file filing transcript".split())


def cites_document(v: ClaimView, other: ClaimView) -> bool:
    """Whether claim `v` reports what the (leaked) document of `other` says."""
    if other.doc.kind not in LEAKED_KINDS or not other.doc.title or v.doc.id == other.doc.id:
        return False
    title = set(re.findall(r"[a-z-]+", other.doc.title.lower())) & DOCUMENT_NOUNS
    return bool(title & set(re.findall(r"[a-z-]+", v.text.lower())))


def relays(v: ClaimView, other: ClaimView) -> bool:
    """Whether `v` passes on what `other`'s own document says (cites its outlet or document)."""
    names = {**v.source_names, **other.source_names}
    return any(same_source(x, other.outlet_key, names) for x in v.relayers if x != v.outlet_key) or \
        cites_document(v, other)


def independent(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims rest on different root sources (nothing relayed between them)."""
    if a.doc.kind in LEAKED_KINDS and b.doc.kind in LEAKED_KINDS and a.doc.id != b.doc.id:
        # Two leaked records are two pieces of evidence, even from one organisation.
        return True
    if relays(a, b) or relays(b, a):
        return False
    names = {**a.source_names, **b.source_names}
    if same_source(a.provenance, b.provenance, names):
        return False
    if a.relayers & b.relayers:
        return False
    return not any(same_source(x, y, names) for x in a.relayers for y in b.relayers)


def _root_label(a: ClaimView, b: ClaimView) -> str:
    for v in (a, b):
        if v.chain and v.chain[-1].source is not None:
            return v.chain[-1].source.text
    return a.doc.label


#: Sources that speak for a government: quoted in a leak, their claim is still an
#: official claim, not the leak's own evidence.
_OFFICIAL_SOURCE = re.compile(r"\b(?:ministry|minister|government|spokes(?:person|man|woman)|president|"
                              r"general staff|department|kremlin|pentagon|white house|armed forces|army|"
                              r"press office)\b", re.IGNORECASE)
_OWN_VOICE = frozenset("i we us our it this the its".split())


def quoted_source(v: ClaimView) -> str | None:
    """Who a leaked document quotes, when the claim is someone else's words inside it
    ("The Kharzan Ministry of Defence claims that ..." in an alliance assessment)."""
    a = v.attribution
    if v.doc.kind not in LEAKED_KINDS or a is None or a.source is None:
        return None
    source = " ".join(a.source.text.split()).strip(" ,")
    words = name_words(source) - _OWN_VOICE
    label_words = name_words(" ".join(x for x in (v.doc.outlet, v.doc.title) if x))
    if not words or words <= label_words:
        return None  # the document's own author (its unit, "we")
    return "the " + source[4:] if source.startswith("The ") else source


def claim_kind(v: ClaimView) -> str | None:
    """The kind of source behind a claim: an official quoted in a leak speaks officially."""
    quoted = quoted_source(v)
    if quoted is not None and _OFFICIAL_SOURCE.search(quoted) and "internal" not in quoted.lower():
        return "official_statement"
    return v.doc.kind


def _kind_phrase(v: ClaimView) -> str:
    kind = KIND_WORDS.get(v.doc.kind or "other") or KIND_WORDS["other"]
    quoted = quoted_source(v)
    return f"{quoted} as quoted in {kind}" if quoted else kind


def _kinds_sentence(a: ClaimView, b: ClaimView) -> str:
    if a.doc.id == b.doc.id:
        return "both in the same document"
    ka, kb = _kind_phrase(a), _kind_phrase(b)
    if ka == kb and quoted_source(a) is None:
        return f"both are {ka.split(' ', 1)[1]}s"
    return f"A is {ka}, B {kb}"


def _time_sentence(a: ClaimView, b: ClaimView) -> str:
    x, y = _date_parts(a.doc.published), _date_parts(b.doc.published)
    if not x or not y or x == y or a.doc.id == b.doc.id:
        return ""
    return f"A was published first ({x}, B {y})" if x < y else f"B was published first ({y}, A {x})"


def _join(*parts: str) -> str:
    return " ".join("; ".join(p for p in parts if p).split()) + "."


# --------------------------------------------------------------------------- rules

#: Pairs of words (stems) that assert opposite things of the same subject.
ANTONYMS: dict[str, str] = {}
for _x, _y in (("open", "close"), ("open", "closed"), ("sign", "veto"), ("accept", "reject"),
               ("approve", "reject"), ("win", "lose"), ("rise", "fall"), ("increase", "decrease"),
               ("increase", "cut"), ("allow", "ban"), ("guilty", "innocent"), ("acquit", "convict"),
               ("acquit", "sentence"), ("alive", "dead"), ("respect", "violate"), ("legal", "illegal"),
               ("present", "absent"), ("true", "false"), ("succeed", "fail"), ("expand", "shrink"),
               ("higher", "lower"), ("win", "defeat"), ("lift", "impose"), ("release", "detain"),
               ("safe", "unsafe"), ("confirm", "deny"), ("with", "without"), ("airstrike", "rocket"),
               ("best", "worst"), ("best-selling", "worst-selling"), ("highest", "lowest"), ("largest", "smallest"),
               ("biggest", "smallest"), ("tallest", "shortest"), ("first", "last"), ("earlier", "later"),
               ("earliest", "latest"), ("success", "failure"), ("successful", "unsuccessful"),
               ("popular", "unpopular"), ("majority", "minority"), ("maximum", "minimum"), ("gain", "loss"),
               ("victory", "defeat"), ("include", "exclude"), ("public", "private"), ("male", "female"),
               ("ancient", "modern"), ("strengthen", "weaken"), ("support", "oppose"), ("start", "end"),
               ("begin", "end"), ("enter", "leave"), ("arrive", "depart"), ("hire", "fire"),
               ("join", "leave"), ("able", "unable"), ("possible", "impossible"), ("agree", "disagree"),
               ("like", "dislike"), ("positive", "negative"), ("above", "below")):
    for _p, _q in ((stem(_x), stem(_y)), (stem(_y), stem(_x))):
        ANTONYMS.setdefault(_p, _q)
        ANTONYMS[_p] = _q


def _antonym_pair(a: ClaimView, b: ClaimView) -> tuple[str, str] | None:
    wa = a.core_words | ({"without"} if re.search(r"\bwithout\b", a.text, re.I) else set()) | (
        {"with"} if re.search(r"\bwith\b", a.text, re.I) else set())
    wb = b.core_words | ({"without"} if re.search(r"\bwithout\b", b.text, re.I) else set()) | (
        {"with"} if re.search(r"\bwith\b", b.text, re.I) else set())
    for w in sorted(wa - wb):
        other = ANTONYMS.get(w)
        if other and other in wb and other not in wa:
            return w, other
    return None


# --------------------------------------------------------------------------- single-valued facts

#: Predicates that hold of a thing once: a person is born once, a film released once.
#: Two claims giving the same subject different values for one are a contradiction;
#: most predicates are not like this ("visited Paris" / "visited Berlin" both hold).
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_DATE_PREDICATES = {
    "born": "born",
    "died": "died|dies",
    "founded": "founded|established|incorporated",
    "released": "released|premiered|debuted",
}
_PERSON_PREDICATES = "directed|written|composed|painted|narrated|authored"
#: How an explanation names each fact: "they date the birth differently (A 1970, B 1971)".
_FACT_NAMES = {"born": "the birth", "died": "the death", "founding": "the founding", "founded": "the founding",
               "released": "the release", "made": "the work"}
_MAKER_NAMES = {"directed": "directors", "written": "writers", "composed": "composers", "painted": "painters",
                "narrated": "narrators", "authored": "authors", "made": "makers"}
_DATE_AFTER = {k: re.compile(rf"\b(?:{forms})\b(?P<gap>[^()]{{0,50}}?)\b(?P<year>{_YEAR})\b", re.IGNORECASE)
               for k, forms in _DATE_PREDICATES.items()}
_DATE_BEFORE = {k: re.compile(rf"\b(?:[Ii]n|[Oo]n)\s+[^;()]{{0,20}}?\b(?P<year>{_YEAR}),?\s+(?:[A-Z][\w.'-]*\s+){{1,4}}"
                              rf"(?:{forms})\b") for k, forms in _DATE_PREDICATES.items()}
#: "(April 2, 1931 – June 9, 2001)": born and died.
_LIFESPAN = re.compile(rf"\((?:[^()]*?;\s*)?(?P<b>[^();]*?\b(?P<born>{_YEAR}))\s*[–—−-]\s*"
                       rf"(?P<d>[^();]*?\b(?P<died>{_YEAR}))\s*\)")
#: "Northern Gate is a 2019 drama": the year a work is of.
_WORK_YEAR = re.compile(rf"\b(?:is|was)\s+an?\s+(?P<year>{_YEAR})\s+[A-Za-z]")
_BY_PERSON = re.compile(rf"\b(?P<verb>{_PERSON_PREDICATES})(?:\s+and\s+(?P<verb2>{_PERSON_PREDICATES}))?\s+by\s+"
                        r"(?P<name>[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|de|van|von|da|di|del|bin|al))*)")
#: "an album by Grey Lanterns", "a song recorded by Mira Castel": who made a work.
_WORK_BY = re.compile(r"\b(?:album|song|single|film|movie|novel|book|painting|play|opera|symphony|poem|"
                      r"sculpture|record|EP)\s+(?:(?:recorded|performed|released|sung|written|made)\s+)?by\s+"
                      r"(?P<by>[^,;:()]{1,80}?)(?=\s*(?:[,;:()]|\.(?:\s|$)|$|\s+(?:for|from|in|on|at|with|"
                      r"that|which|who|featuring|released|starring)\b))")
#: "is a British actor", "was exclusively an American film": what a thing or person is.
_COPULA = re.compile(r"\b(?:is|was|are|were)\s+(?:(?:only|exclusively|solely|originally|also)\s+)?(?P<article>(?:an?|the)\s+)?"
                     r"(?P<words>(?:[\w'-]+\s+){0,4}[\w'-]+)")
_OTHER_THAN = re.compile(r"\b(?:other than|rather than|instead of|anything but|not)\b", re.IGNORECASE)
_COPULA_STOP = frozenset("who which that for by of in from with and at on his her their its the said says told "
                         "according".split())
_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")


def _is_nationality(word: str) -> bool:
    low = word.lower()
    return low in DEMONYMS or (word[:1].isupper() and len(word) > 4 and low.endswith(("ian", "ese", "ish", "ani")))


_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
#: "was the second woman to...", "began its sixth and final season", "their first album":
#: the rank of something said of the subject (not "the first round of talks", which
#: names the event).
_RANK = re.compile(r"(?i)(?:\b(?:is|was|are|were|became|become|becomes|be)\s+(?:the|its|his|her|their)|"
                   r"\b(?:its|his|her|their)|'s)\s+(?P<ord>" + "|".join(_ORDINALS) + r")"
                   r"(?:\s+and\s+(?:final|last))?\s+(?P<rest>[a-z][\w -]{0,40})")


def _ordinal_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if w in _ORDINALS)


class Slots(NamedTuple):
    years: dict[str, frozenset[str]]  # predicate -> years given for it
    people: dict[str, frozenset[str]]  # predicate -> names (as written) given for it
    nationality: frozenset[str]  # nationality adjectives said of the subject ("is a British actor")
    kinds: frozenset[str] = frozenset()  # what the subject is said to be: "is a 1994 action film" -> film
    ranks: dict[str, frozenset[str]] = {}  # noun -> ordinals given it ("their second album")
    subject: frozenset[str] = frozenset()  # content words before the first fact ("The commander")


def _kinds(complement: str) -> frozenset[str]:
    """The head nouns of "a 1994 Indian action film directed by..." ({"film"}) or of "an
    American actress, singer and author" ({"actress", "singer", "author"}): the last word
    of each listed part before a preposition, a relative pronoun or a participle."""
    heads: set[str] = set()
    complement = re.split(r"[.;:()]", complement)[0]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", complement)
    if len(parts) == 2 and " and " in complement and "," not in complement and len(parts[0].split()) == 1 \
            and len(parts[1].split()) > 1:
        parts = parts[-1:]  # "a cable and satellite television channel": one head, two modifiers
    for part in parts:
        words: list[str] = []
        stopped = False
        for w in _WORD_RE.findall(part):
            low = w.lower()
            # A participle after the noun starts what is said of it ("a player playing for",
            # "a film directed by"); before the noun it is part of the kind ("a fishing boat").
            if low in _COPULA_STOP or low in ("known", "born", "made") or (words and low.endswith(("ed", "ing"))):
                stopped = True
                break
            if low.isalpha() and low not in DEMONYMS and not _is_nationality(w):
                words.append(w)  # as written, for the explanation; compared in lower case
            else:
                words = []  # a year or a nationality: what follows is the kind
        if words:
            heads.add(" ".join(words[-3:]))
        if stopped:
            break
    return frozenset(heads)


def _date_value(segment: str, year: str) -> str:
    """"born Ruth Alder; October 4, 1921" -> "1921-10-04"; "in 2017" -> "2017"."""
    _, months, days = _date_components([segment])
    if len(months) != 1:
        return year
    month = next(iter(months))
    value = f"{year}-{_MONTHS.index(month) + 1:02d}"
    day = [d for m, d in days if m == month] or re.findall(
        rf"(?i)\b{month[:3]}\w*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)\b", segment)
    return value + f"-{int(day[0]):02d}" if len(day) == 1 and 1 <= int(day[0]) <= 31 else value


def _dates_clash(xs: frozenset[str], ys: frozenset[str]) -> bool:
    """No date of one side agrees with any of the other on the parts both give."""
    def agree(x: str, y: str) -> bool:
        n = min(len(x), len(y))
        return x[:n] == y[:n]
    return bool(xs) and bool(ys) and not any(agree(x, y) for x in xs for y in ys)


def _date_words(values: frozenset[str]) -> str:
    out = []
    for v in sorted(values):
        parts = v.split("-")
        month = _MONTHS[int(parts[1]) - 1].capitalize() if len(parts) > 1 else ""
        out.append(" ".join(x for x in (str(int(parts[2])) if len(parts) > 2 else "", month, parts[0]) if x))
    return ", ".join(out)


def _slots(v: ClaimView) -> Slots:
    """A claim's single-valued facts, worked out once per view."""
    found = v.__dict__.get("_slots")
    if found is None:
        found = v.__dict__["_slots"] = slots_of(v.text)
    return found


def slots_of(text: str) -> Slots:
    """The single-valued facts a sentence states, each with its value(s)."""
    years: dict[str, set[str]] = {}
    for key in _DATE_PREDICATES:
        for rx in (_DATE_AFTER[key], _DATE_BEFORE[key]):
            for m in rx.finditer(text):
                if rx is _DATE_AFTER[key] and re.search(r"\b(?:and|until|after|before|since)\b|\.\s", m.group("gap")):
                    continue
                years.setdefault(key, set()).add(_date_value(m.group(0), m.group("year")))
    for m in _LIFESPAN.finditer(text):
        years.setdefault("born", set()).add(_date_value(m.group("b"), m.group("born")))
        years.setdefault("died", set()).add(_date_value(m.group("d"), m.group("died")))
    for m in _WORK_YEAR.finditer(text):
        years.setdefault("made", set()).add(m.group("year"))
    people: dict[str, set[str]] = {}
    for m in _BY_PERSON.finditer(text):
        for verb in (m.group("verb"), m.group("verb2")):
            if verb:
                people.setdefault(verb.lower(), set()).add(m.group("name").rstrip(".,"))
    for m in _WORK_BY.finditer(text):
        # "a song by Valdorian singer Mira Castel": the name is the last capitalised run.
        runs = re.findall(r"(?:[A-Z][\w.'-]*)(?:\s+[A-Z][\w.'-]*)*", m.group("by"))
        if runs and not _is_nationality(runs[-1]):
            people.setdefault("made", set()).add(runs[-1].rstrip(".,"))
    nationality: set[str] = set()
    m = _COPULA.search(text)
    kinds: frozenset[str] = frozenset()
    if m and m.group("article") and not re.search(r"\b(?:which|who|that|it|this|there)\s*$", text[:m.start()],
                                                  re.IGNORECASE):
        kinds = _kinds(text[m.start("words"):m.start("words") + 120])
    if m:
        for w in _WORD_RE.findall(m.group("words")):
            if w.lower() in _COPULA_STOP:
                break
            if _is_nationality(w):
                nationality.add(DEMONYMS.get(w.lower(), w.lower()))
    ranks: dict[str, set[str]] = {}
    for m in _RANK.finditer(text):
        words = []
        for w in m.group("rest").split():
            if w.lower() in _COPULA_STOP or w.lower() in ("to", "as", "the", "a", "an") or len(words) == 3:
                break
            words.append(w.lower())
        if words:
            ranks.setdefault(words[-1], set()).add(m.group("ord").lower())
    # Where the first fact's predicate begins: "On 2 May 2013, Tom Reiner died" is about
    # Tom Reiner, so a date before its verb is part of the subject's stretch.
    starts = [m.start() for rx in (*_DATE_AFTER.values(), _LIFESPAN, _WORK_YEAR, _BY_PERSON, _WORK_BY, _COPULA, _RANK)
              for m in [rx.search(text)] if m is not None]
    starts += [m.end() for rx in _DATE_BEFORE.values() for m in [rx.search(text)] if m is not None]
    subject = content_words(text[:min(starts)]) - TIME_WORDS if starts else frozenset()
    return Slots({k: frozenset(v) for k, v in years.items()}, {k: frozenset(v) for k, v in people.items()},
                 frozenset(nationality), kinds, {k: frozenset(v) for k, v in ranks.items()},
                 frozenset(w for w in subject if not _NUMBERISH.match(w)))


def _subjects(v: ClaimView) -> frozenset[str]:
    """The claim's actors, less those named as the value of a single-valued fact."""
    values = " ".join(n for names in _slots(v).people.values() for n in names)
    return frozenset(e for e in v.actors if not (v.entity_names.get(e) and v.entity_names[e] in values))


def _other_subjects(x: ClaimView, y: ClaimView) -> frozenset[str]:
    """Actors of `x` that `y` does not name in any form: not the same entity, not a
    part of one, not sharing a name word ("Alder Quint" / "Ruth Alder Quint"), and
    not written in y's text at all (a name the entity tagger missed there)."""
    others = _subjects(y)
    y_words = {w for e in others for w in fold(y.entity_names.get(e, "")).split() if len(w) >= 3}
    y_text = fold(y.text)
    out = set()
    for e in _subjects(x) - others:
        if x.broader.get(e, set()) & others:
            continue
        name = fold(x.entity_names.get(e, ""))
        if not name or set(w for w in name.split() if len(w) >= 3) & y_words or f" {name} " in f" {y_text} ":
            continue
        out.add(e)
    return frozenset(out)


def _names_overlap(xs: frozenset[str], ys: frozenset[str]) -> bool:
    wx = {w for n in xs for w in fold(n).split()}
    wy = {w for n in ys for w in fold(n).split()}
    return bool(wx & wy)


def slot_clash(a: ClaimView, b: ClaimView) -> str | None:
    """Plain words for a single-valued fact the two claims give different values for."""
    sa, sb = _slots(a), _slots(b)
    for key in ("born", "died", "founded", "released", "made"):
        ya, yb = sa.years.get(key), sb.years.get(key)
        if ya and yb and _dates_clash(ya, yb):
            return f"they date {_FACT_NAMES[key]} differently (A {_date_words(ya)}, B {_date_words(yb)})"
    for key in sorted(sa.people.keys() & sb.people.keys()):
        pa, pb = sa.people[key], sb.people[key]
        if not _names_overlap(pa, pb):
            return (f"they name different {_MAKER_NAMES[key]} "
                    f"(A {' and '.join(sorted(pa))}, B {' and '.join(sorted(pb))})")
    if sa.nationality and sb.nationality and not sa.nationality & sb.nationality:
        def said(v: ClaimView) -> str:
            found: list[str] = []
            for w in _WORD_RE.findall(v.text):
                if _is_nationality(w) and DEMONYMS.get(w.lower(), w.lower()) in _slots(v).nationality \
                        and w not in found:
                    found.append(w)
            return " and ".join(found)
        return f"they give different nationalities (A {said(a)}, B {said(b)})"
    for noun in sorted(sa.ranks.keys() & sb.ranks.keys()):
        if not sa.ranks[noun] & sb.ranks[noun]:
            return (f"they give different ranks (A the {' and '.join(sorted(sa.ranks[noun]))} {noun}, "
                    f"B the {' and '.join(sorted(sb.ranks[noun]))} {noun})")
    if kinds_differ(a, b, sa.kinds, sb.kinds):
        return (f"they call the subject unrelated kinds of thing, unlikely both to hold "
                f"(A {' and '.join(sorted(sa.kinds))}, "
                f"B {' and '.join(sorted(sb.kinds))})")
    return None


#: Below this similarity two nouns name unrelated kinds of thing (film / truck,
#: model / senator); related ones (film / movie, singer / performer) score above it.
UNRELATED_KINDS = 0.43
#: Kinds so general that anything more specific may be one of them ("a trawler" is "a boat").
GENERAL_KINDS = frozenset("""person people man woman thing place group organisation organization entity member
body figure work vessel boat ship vehicle building area region site facility unit force company firm business
institution agency product item object event""".split())


def kinds_differ(a: ClaimView, b: ClaimView, ka: frozenset[str], kb: frozenset[str]) -> bool:
    """Each claim says what its subject is, and every kind one names is unrelated to
    every kind the other names, none of them named by the other claim at all."""
    ka, kb = frozenset(k.lower() for k in ka), frozenset(k.lower() for k in kb)
    heads_a, heads_b = {k.split()[-1] for k in ka}, {k.split()[-1] for k in kb}
    if not ka or not kb or heads_a & heads_b or (heads_a | heads_b) & GENERAL_KINDS or any(stem(h) in a.words for h in heads_b) \
            or any(stem(h) in b.words for h in heads_a):
        return False
    for x in ka:
        for y in kb:
            # The kinds as phrases ("TV show" / "TV series") and as bare nouns (show / series).
            for pair in ((x, y), (x.split()[-1], y.split()[-1])):
                similarity = _word_similarity(*sorted(pair))
                if similarity is None or similarity >= UNRELATED_KINDS:
                    return False
    return True


@functools.lru_cache(maxsize=65536)
def _word_similarity(x: str, y: str) -> float | None:
    """Cosine similarity of two words' sentence vectors; None without the model."""
    from redline.link.embed import EmbeddingModelMissing, shared_embedder

    try:
        vectors = shared_embedder().embed([x, y])
    except EmbeddingModelMissing:
        return None
    return float(vectors[0] @ vectors[1])


def _entity_words(v: ClaimView) -> set[str]:
    return {w for name in v.entity_names.values() for w in content_words(name)}


def _coverage(small: frozenset, big: frozenset) -> float:
    return len(small & big) / len(small) if small else 0.0


@dataclass
class _FigureJudgement:
    judgement: Judgement
    key: tuple  # (measure, counted) of the figure pair

    @property
    def relation(self) -> str:
        return self.judgement.relation

    @property
    def score(self) -> float:
        return self.judgement.score


@dataclass
class RuleClassifier:
    """The built-in relation typing: structure first (figures, polarity), similarity second."""

    same_similarity: float = 0.8
    support_similarity: float = 0.7
    presence_similarity: float = 0.3
    figure_similarity: float = 0.45
    slot_similarity: float = 0.45

    def classify(self, a: ClaimView, b: ClaimView, similarity: float | None = None) -> Judgement | None:
        if a.id == b.id:
            return None
        sim = lexical_similarity(a, b) if similarity is None else similarity
        single = self._single_valued(a, b, sim)
        if single is not None:
            return single
        figures, compared = self._figures(a, b, sim)
        if figures is not None and figures.relation in ("numeric_conflict", "different_measure"):
            return figures
        if a.negative != b.negative:
            return self._polarity(a, b, sim)
        if not compared:
            dated = self._dated_differently(a, b, sim)
            if dated is not None:
                return dated
        if a.quantities and b.quantities and not compared:
            return None  # figures of different things: whatever else they share, not one claim
        if figures is None and compared:
            return None  # comparable figures in different contexts (same number, other place)
        opposite = self._antonyms(a, b, sim)
        if opposite is not None:
            return opposite
        return figures if figures is not None else self._agreement(a, b, sim)

    # -- figures ---------------------------------------------------------------------

    def _figures(self, a: ClaimView, b: ClaimView, sim: float) -> tuple[Judgement | None, bool]:
        """The most telling figure pair's judgement, and whether any figures were comparable."""
        found: list[tuple[int, Judgement]] = []
        compared = False
        # A claim with dozens of figures is a table or a run-on text, not one statement:
        # its first figures are enough, and comparing them all pairwise would be quadratic.
        for qa in a.quantities[:MAX_FIGURES]:
            for qb in b.quantities[:MAX_FIGURES]:
                if sim < self.figure_similarity or not self._same_kind(qa, qb, sim):
                    continue
                compared = True
                j = self._figure_pair(a, qa, b, qb, sim)
                if j is not None:
                    rank = {"numeric_conflict": 0, "different_measure": 2, "supports": 1, "same": 1}[j.relation]
                    key = (measure_of(qa, a), counted_head(qa) or qa.unit)
                    found.append((rank, _FigureJudgement(j, key)))
        if not found:
            return None, compared
        # A conflict beside an exact agreement of the same measure is a part of a whole
        # ("$95bn, including $61bn for Ukraine") or a number inside a name ("Leopard 2").
        agreeing = {j.key for _, j in found if j.relation in ("same", "supports")}
        found = [(r, j) for r, j in found if not (j.relation == "numeric_conflict" and j.key in agreeing)] or found
        found.sort(key=lambda x: (x[0], -x[1].score))
        return found[0][1].judgement, compared

    def _same_kind(self, qa, qb, sim: float) -> bool:
        ha, hb = counted_head(qa), counted_head(qb)
        if qa.unit or qb.unit:
            if qa.unit != qb.unit:
                return False
            if ha is None or hb is None:
                return sim >= self.figure_similarity
        if ha is None and hb is None:
            return sim >= 0.7
        if ha is None or hb is None:
            # "29 personnel around Korvel and 18 in the Tarn valley": an elided noun;
            # the very same number is evidence enough that the same thing is counted.
            return sim >= 0.6 or (qa.value is not None and qa.value == qb.value)
        if ha == hb:
            return True
        human_a = ha in HUMAN_COUNTED or _is_demonym_plural(qa)
        human_b = hb in HUMAN_COUNTED or _is_demonym_plural(qb)
        return ("people" in (ha, hb)) and human_a and human_b and sim >= 0.6

    def _figure_pair(self, a: ClaimView, qa, b: ClaimView, qb, sim: float) -> Judgement | None:
        if a.negative != b.negative:
            return None  # "not 500 but 97": the polarity rule reads that pair
        ma, mb = measure_of(qa, a), measure_of(qb, b)
        qa, qb = qa.replace(measure=ma), qb.replace(measure=mb)
        what_a = qa.text.strip() + (f" ({ma})" if ma else "")
        what_b = qb.text.strip() + (f" ({mb})" if mb else "")
        head = f"A ({_who(a)}) gives {what_a}; B ({_who(b)}) gives {what_b}"
        overlap = measures.intervals_overlap(qa, qb)
        groups_a, groups_b = _counted_groups(qa), _counted_groups(qb)
        if groups_a and groups_b and not groups_a & groups_b or _modifiers_differ(qa, qb):
            reason = f"they count different groups ({qa.counted} vs {qb.counted})"
        else:
            reason = context_differs(a, b)
        rel = measures.relation(ma, mb)
        # different_measure means one thing counted two ways.  Two differences at once
        # (other people or place *and* another measure: "47 personnel deployed in
        # Valdoria" / "2,600 Valdorian soldiers trained") are two unrelated figures, and
        # so are two kinds of people met only through "people" ("64 civilians killed" /
        # "8,700 residents fled").
        bridged = counted_head(qa) != counted_head(qb) and counted_head(qa) and counted_head(qb)
        # Only one side says whose they are ("troops stationed" / "Valdorian soldiers
        # trained"): with another measure too, nothing says it is one group.
        one_sided = _nationality_qualified(qa) != _nationality_qualified(qb)
        if (reason is not None or bridged or one_sided) and rel not in ("same", "unknown") and (ma or mb):
            return None
        if bridged and reason is not None:
            return None
        if reason is not None and overlap and rel in ("same", "unknown"):
            return None  # the same figure about two different things: nothing to report
        if reason is None:
            reason = dates_differ(a, b, qa, qb)
            if reason is not None and overlap and rel in ("same", "unknown") and _close_in_time(a, qa, b, qb):
                reason = None  # a few days apart and consistent: they agree
        if reason is not None:
            if sim < 0.55:
                return None
            return Judgement("different_measure", score_for("different_measure", a, b, sim),
                             _join(head, "not a conflict: " + reason, _kinds_sentence(a, b)))
        if rel == "disjoint":
            return Judgement("different_measure", score_for("different_measure", a, b, sim),
                             _join(head, f"not a conflict: they are different measures ({ma} vs {mb})",
                                   _kinds_sentence(a, b)))
        if (ma is None) != (mb is None) and not overlap:
            known = ma or mb
            return Judgement("different_measure", score_for("different_measure", a, b, sim * 0.8),
                             _join(head, f"not a conflict as it stands: only {'A' if ma else 'B'} counts "
                                   f"{known}, the other may count something else", _kinds_sentence(a, b)))
        if rel in ("contains", "contained_in"):
            consistent = measures.figures_consistent(qa, qb)
            big, small = (qa, qb) if rel == "contains" else (qb, qa)
            if consistent is False:
                other = _counted_differently(a, qa, b, qb)
                if other is not None:
                    return self._not_comparable(a, b, sim, head, other)
                why = (f"{_interval_text(big)} {big.measure} cannot be fewer than "
                       f"{_interval_text(small)} {small.measure}, which it includes")
                return Judgement("numeric_conflict", score_for("numeric_conflict", a, b, sim),
                                 _join(head, why, _kinds_sentence(a, b), _time_sentence(a, b)))
            return Judgement("different_measure", score_for("different_measure", a, b, sim),
                             _join(head, f"not a conflict: {big.measure} includes {small.measure}, "
                                   "so the figures measure different things", _kinds_sentence(a, b)))
        understood = counted_head(qa) and counted_head(qb) and (ma or mb)
        if overlap and sim < 0.85 and not understood and _both_say_more(a, b) and independent(a, b):
            # A sum, a percentage or a count whose verb we do not know says little of
            # what it counts: "the school budget" / "the police budget is $40 million",
            # "laid off" / "hired 1,000 workers" are one number about two things.
            return None
        if overlap:
            # Agreement found only through an equal number beside an elided noun is weak.
            weak = (counted_head(qa) is None) != (counted_head(qb) is None) and sim < 0.6
            return self._agreement(a, b, sim, figures_agree=head + "; the figures agree", weight=0.6 if weak else 1.0)
        if a.doc.id == b.doc.id and sim < 0.8:
            return None  # one document giving two figures: parts or breakdowns, not a rival count
        other = _counted_differently(a, qa, b, qb)
        if other is not None:
            return self._not_comparable(a, b, sim, head, other)
        confidence = sim if rel == "same" else sim * 0.85
        return Judgement("numeric_conflict", score_for("numeric_conflict", a, b, confidence),
                         _join(head, f"{_interval_text(qa)} and {_interval_text(qb)} cannot both be true"
                               + (f" of {ma or mb}" if (ma or mb) else ""),
                               _kinds_sentence(a, b), _time_sentence(a, b)))

    def _not_comparable(self, a: ClaimView, b: ClaimView, sim: float, head: str, reason: str) -> Judgement | None:
        """Figures that would clash, were they not of different things."""
        if sim < 0.55:
            return None
        return Judgement("different_measure", score_for("different_measure", a, b, sim),
                         _join(head, "not a conflict: " + reason, _kinds_sentence(a, b)))

    # -- polarity --------------------------------------------------------------------

    def _polarity(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        neg, pos = (a, b) if a.negative else (b, a)
        if context_differs(a, b):
            return None
        if _explicit_date(a, None) and _explicit_date(b, None) and dates_differ(a, b):
            return None
        m_neg = measures.normalise_measure(" ".join(sorted(neg.core_words)))
        m_pos = measures.normalise_measure(" ".join(sorted(pos.core_words)))
        if m_neg and m_pos and measures.relation(m_neg, m_pos) not in ("same", "contains"):
            return None  # "not delivered" is no answer to "pledged"
        # What is denied is in the assertion, or what is asserted is in the denial.
        coverage = max(_coverage(neg.core_words, pos.words), _coverage(pos.core_words, neg.words))
        presence = bool(neg.core_words & PRESENCE_STEMS) and (
            bool(pos.core_words & PRESENCE_STEMS) or any(q.measure == "deployed" for q in pos.quantities))
        shared = (neg.actors | neg.groups | neg.places) & (pos.actors | pos.groups | pos.places)
        # Presence is denied *of someone*: the same actor (or, when the denial names no
        # actor, the same group or country) must be the one found present.
        whose = (neg.actors & pos.actors) if neg.actors else shared
        # And the words naming who is denied to be there ("alliance personnel") must be
        # in the other claim: Kharzan drones over Valdoria say nothing about the alliance.
        who = neg.core_words - PRESENCE_STEMS - _entity_words(neg) - TIME_WORDS
        reported = pos.core_words & REPORTED_SPEECH  # "demanded that she explain reports of..."
        if presence and whose and (neg.actors or who & pos.words) and not reported \
                and sim >= self.presence_similarity:
            confidence = 0.6 + sim / 2
        elif coverage >= 0.99 and sim >= 0.4:
            confidence = (coverage + sim) / 2
        elif coverage >= 0.75 and sim >= 0.5:
            confidence = (coverage + sim) / 2
        elif coverage >= 0.5 and sim >= 0.8:
            confidence = sim * 0.9
        else:
            return None
        # A before B, as the pair is listed, whichever side denies.
        said = {id(v): f"{'A' if v is a else 'B'} ({_who(v)}) "
                       f"{'reports' if v is pos and v.attribution is None else 'says'} {_quote(_said(v))}"
                for v in (a, b)}
        explanation = _join(
            said[id(a)], said[id(b)],
            _kinds_sentence(a, b),
            _time_sentence(a, b),
        )
        return Judgement("contradicts", score_for("contradicts", a, b, confidence), explanation)

    def _antonyms(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        pair = _antonym_pair(a, b)
        if pair is None or sim < 0.6 or context_differs(a, b):
            return None
        rest_a = a.core_words - set(pair)
        rest_b = b.core_words - set(pair)
        if _coverage(rest_a, rest_b) < 0.6 and _coverage(rest_b, rest_a) < 0.6:
            return None
        return Judgement("contradicts", score_for("contradicts", a, b, sim * 0.85),
                         _join(f"A ({_who(a)}) says {_quote(_said(a))}", f"B ({_who(b)}) says {_quote(_said(b))}",
                               f'"{pair[0]}" and "{pair[1]}" cannot both hold', _kinds_sentence(a, b),
                               _time_sentence(a, b)))

    def _single_valued(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        """One subject given two values of something it has once ("born in 1970" / "born
        in 1971"; "directed by X" / "directed by Y"; "a British actor" / "an Indian actor")."""
        if sim < self.slot_similarity or a.negative != b.negative or a.doc.id == b.doc.id:
            return None
        if _OTHER_THAN.search(a.text) or _OTHER_THAN.search(b.text):
            return None  # "something other than an Indian film" denies what it names
        clash = slot_clash(a, b)
        if clash is None:
            return None
        # Named people or organisations on each side that the other lacks: two subjects
        # (the people a fact names, "directed by X", are its value, not its subject).
        if _other_subjects(a, b) and _other_subjects(b, a):
            return None
        # Or different words for who or what it is about ("The commander" / "His deputy").
        subject_a, subject_b = _slots(a).subject, _slots(b).subject
        if subject_a and subject_b and not subject_a & subject_b:
            return None
        return Judgement("contradicts", score_for("contradicts", a, b, sim * 0.85),
                         _join(f"A ({_who(a)}) says {_quote(_said(a))}", f"B ({_who(b)}) says {_quote(_said(b))}",
                               clash if "unlikely" in clash else clash + ", and only one can be true",
                               _kinds_sentence(a, b), _time_sentence(a, b)))

    def _dated_differently(self, a: ClaimView, b: ClaimView, sim: float) -> Judgement | None:
        """The same event given different dates ("established in 1992" / "on June 4, 1993")."""
        if sim < 0.55 or context_differs(a, b):
            return None
        subject_a, subject_b = _slots(a).subject, _slots(b).subject
        if subject_a and subject_b and not subject_a & subject_b:
            return None  # "The commander was born in 1970" / "His deputy was born in 1975"
        clash = date_clash(a.date_texts + _month_mentions(a.text), b.date_texts + _month_mentions(b.text))
        if clash is None:
            return None
        date_words = {w for t in a.date_texts + b.date_texts for w in content_words(t)}
        rest_a, rest_b = a.core_words - date_words, b.core_words - date_words
        if max(_coverage(rest_a, b.words), _coverage(rest_b, a.words)) < 0.5:
            return None
        return Judgement("contradicts", score_for("contradicts", a, b, sim * 0.8),
                         _join(f"A ({_who(a)}) says {_quote(_said(a))}", f"B ({_who(b)}) says {_quote(_said(b))}",
                               f"they date it differently ({clash[0]} vs {clash[1]})", _kinds_sentence(a, b)))

    # -- agreement -------------------------------------------------------------------

    def _agreement(self, a: ClaimView, b: ClaimView, sim: float, figures_agree: str | None = None,
                   weight: float = 1.0) -> Judgement | None:
        if a.doc.id == b.doc.id:
            return None  # a document repeating itself is not corroboration
        if figures_agree is None:
            if sim < self.support_similarity:
                return None
            if context_differs(a, b) or dates_differ(a, b):
                return None
            oa, ob = _ordinal_words(a.text), _ordinal_words(b.text)
            if oa and ob and not oa & ob:
                return None  # "the first round of talks" / "the second round": two events
            if not ((a.entities & b.entities) or _coverage(a.core_words, b.core_words) >= 0.5
                    or _coverage(b.core_words, a.core_words) >= 0.5):
                return None
        elif sim < 0.5:
            return None
        hedge = a.stance != b.stance
        lead = figures_agree or f"A ({_who(a)}) says {_quote(_said(a), 60)}; B ({_who(b)}) says {_quote(_said(b), 60)}"
        if not independent(a, b):
            # One source reaching us twice is a restatement, not corroboration.
            return Judgement("same", round(score_for("same", a, b, sim) * weight, 4),
                             _join(lead, "the same claim from one underlying source "
                                   f"({_root_label(a, b)}), not independent corroboration", _kinds_sentence(a, b)))
        why = "one hedges what the other asserts" if hedge else "they agree"
        return Judgement("supports", round(score_for("supports", a, b, sim * (0.8 if hedge else 1.0)) * weight, 4),
                         _join(lead, why + ", from independent sources", _kinds_sentence(a, b)))
