"""What the linker knows about one claim, gathered once from the ledger.

A `ClaimView` puts together everything relation typing looks at: the claim's text
and polarity, the resolved entities named inside it (split into actors, places and
groups), the figures inside it, its date, who asserts it (the attribution and its
relay chain up to the root source), how firmly (stance, hedging words), and the kind,
outlet and date of its document.  Views are built for the whole ledger in a few
queries, so linking never goes back to the database per pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from redline.link.names import DEMONYMS, fold, name_key
from redline.schema import Attribution, Claim, DateMention, Entity, Mention, Quantity

HEDGE_WORDS = re.compile(
    r"\b(?:may|might|could|reportedly|allegedly|possibly|perhaps|probably|likely|unconfirmed|"
    r"unverified|believed to|thought to|appears? to|seems? to|suggests?|rumou?red|purportedly|"
    r"not clear|unclear)\b",
    re.IGNORECASE,
)
NEGATION_WORDS = frozenset("not no never none nobody nothing n't neither nor without".split())
STOPWORDS = frozenset("""
a an the of in on at to for from by with and or but as is are was were be been being has have had
do does did this that these those it its their there they them he she his her we our you your i
which who whom whose what when where while than then so such also about into over under after
before since until per said says say told according would will shall can just more most some any
all each other another both only very up down out off again further once here how why
""".split()) | NEGATION_WORDS
_WORD = re.compile(r"[a-z][a-z'-]*|\d[\d,.]*")


#: Irregular past forms, so that "ran out" meets "run out" and "met" meets "meet".
IRREGULAR = dict(pair.split(":") for pair in """
ran:run met:meet knew:know took:take sent:send gave:give given:give won:win lost:lose left:leave
fled:flee shot:shoot held:hold paid:pay sold:sell bought:buy told:tell made:make began:begin begun:begin
struck:strike fought:fight brought:bring thought:think found:find kept:keep spent:spend built:build
fell:fall fallen:fall rose:rise risen:rise drew:draw drawn:draw saw:see seen:see went:go gone:go came:come
got:get hit:hit led:lead meant:mean put:put set:set stood:stand taken:take wrote:write written:write
chose:choose chosen:choose broke:break broken:break flew:fly flown:fly froze:freeze frozen:freeze
""".split())


def stem(word: str) -> str:
    """A crude stem, good enough to see that "deployed" and "deployment" overlap."""
    if word in IRREGULAR:
        return _tidy(IRREGULAR[word])
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return _tidy(word[: -len(suffix)]) + ("y" if suffix in ("ies", "ied") else "")
    return _tidy(word)


def _tidy(word: str) -> str:
    """One form for what suffix stripping leaves two of: "derive"/"deriv(es)" -> "deriv",
    "model"/"modell(ed)" -> "model"."""
    if len(word) > 4 and word[-1] == "e":
        return word[:-1]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiousz" and word[-1].isalpha():
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """Stems of the words that carry content (numbers kept, negations dropped)."""
    words = _WORD.findall(re.sub(r"'s\b|'(?=\s|$)", "", text.lower().replace("’", "'")))
    # A number ends where the sentence or the list does: "in 1993." is 1993.
    return frozenset(stem(w.rstrip(".,")) for w in words if w not in STOPWORDS and not w.endswith("n't") and len(w) > 1)


@dataclass
class DocInfo:
    id: str
    kind: str | None
    outlet: str | None
    title: str | None
    published: str | None
    path: str | None = None

    @property
    def label(self) -> str:
        return self.outlet or self.title or (self.path or self.id[:8]).rsplit("/", 1)[-1]


@dataclass
class ClaimView:
    claim: Claim
    doc: DocInfo
    entities: frozenset[str] = frozenset()  # every resolved entity named in the claim
    actors: frozenset[str] = frozenset()  # people and organisations
    places: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()  # nationality adjectives ("Russian" soldiers)
    entity_names: dict[str, str] = field(default_factory=dict)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO values of the dates the claim is *about*
    date_texts: list[str] = field(default_factory=list)  # those dates as written ("June 4, 1993")
    attribution: Attribution | None = None
    chain: list[Attribution] = field(default_factory=list)  # the attribution, then what relays it
    source_entity: str | None = None
    source_label: str = ""
    provenance: str = ""  # key of the root source: equal keys = not independent
    relayers: frozenset[str] = frozenset()  # every source key along the chain, with the outlet
    hedged: bool = False
    words: frozenset[str] = frozenset()
    core_words: frozenset[str] = frozenset()  # words of the claim minus its source and cue
    index: int = -1  # row of this claim in the vector matrix
    broader: dict[str, set[str]] = field(default_factory=dict)  # entity -> entities it is part of
    source_names: dict[str, frozenset[str]] = field(default_factory=dict)  # provenance key -> name words
    outlet_key: str = ""  # provenance key of the claim's own document

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def text(self) -> str:
        return self.claim.text

    @property
    def negative(self) -> bool:
        # The claims extractor has already folded a denying attribution into polarity;
        # a verb that denies what follows it ("refused to model", "was unable to
        # attend") says the opposite of the plain statement as well.
        if self.claim.polarity == "negative":
            return True
        denies = self.__dict__.get("_denies")
        if denies is None:
            denies = self.__dict__["_denies"] = _denies(self.claim.text)
        return denies

    @property
    def stance(self) -> str:
        if self.attribution is not None and self.attribution.stance == "hedges":
            return "hedges"
        return "hedges" if self.hedged else "asserts"

    @property
    def when(self) -> str | None:
        """The date the claim speaks of: its figures', its own, the statement's or the document's."""
        as_of = sorted(q.as_of for q in self.quantities if q.as_of and q.as_of in self.dates)
        if as_of:
            return as_of[0]
        if self.dates:
            return sorted(self.dates)[0]
        if self.attribution is not None and self.attribution.date:
            return self.attribution.date
        return self.doc.published


#: Verbs and phrases that deny what follows them, as "not" does.
IMPLICIT_NEGATION = re.compile(
    r"\b(?:refused|refuses|refusing|declined|declines|unable|incapable|failed to|fails to|has yet to|have yet to|"
    r"is yet to|are yet to|stayed away from|stays away from|turned down|turns down)\b", re.IGNORECASE)


def _denies(text: str) -> bool:
    """An implicit denial with no explicit negation beside it ("refused to" / "did not refuse")."""
    return bool(IMPLICIT_NEGATION.search(text)) and not re.search(r"\b(?:not|never|n't|no)\b", text, re.IGNORECASE)


def _in_span(start: int, end: int, s: int, e: int) -> bool:
    return start >= s and end <= e


def build_views(claims: list[Claim], documents: dict[str, DocInfo], mentions: list[Mention],
                entities: dict[str, Entity], mention_entity: dict[str, str],
                attributions: list[Attribution], source_entity: dict[str, str | None],
                quantities: list[Quantity], dates: list[DateMention],
                broader: dict[str, set[str]] | None = None) -> list[ClaimView]:
    """One view per claim; inputs are whole-ledger lists (grouped here by document)."""
    by_doc_mentions: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc_mentions[m.document_id].append(m)
    by_doc_quantities: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        by_doc_quantities[q.document_id].append(q)
    by_doc_dates: dict[str, list[DateMention]] = defaultdict(list)
    for d in dates:
        by_doc_dates[d.document_id].append(d)
    attribution_by_id = {a.id: a for a in attributions}
    entity_type = {eid: e.type for eid, e in entities.items()}
    outlet_keys: dict[str, str] = {}
    entity_by_key: dict[str, str] = {}
    for e in entities.values():
        if e.type != "person":
            for n in [e.name, *(e.aliases or [])]:
                entity_by_key.setdefault(name_key(n, "organization"), e.id)
    # The words of each source's name, to see that "the Kharzan defence ministry" and
    # the outlet "Ministry of Defence of the Kharzan Federation" are one source.
    key_words: dict[str, frozenset[str]] = {}
    for e in entities.values():
        if e.type != "person":
            key_words["entity:" + e.id] = name_words(e.name)
    for d in documents.values():
        if d.outlet:
            key_words["outlet:" + fold(d.outlet)] = name_words(d.outlet)
            outlet_entity = entity_by_key.get(name_key(d.outlet, "organization"))
            if outlet_entity:
                key_words["entity:" + outlet_entity] = key_words.get("entity:" + outlet_entity, frozenset()) | \
                    name_words(d.outlet)
    # Outlets named in a claim ("obtained by the Harbour Times") report; they are not
    # what the claim is about.
    outlets = {entity_by_key.get(name_key(d.outlet, "organization")) for d in documents.values() if d.outlet}

    views: list[ClaimView] = []
    for c in claims:
        d = documents.get(c.document_id)
        doc = DocInfo(c.document_id, d.kind if d else None, d.outlet if d else None,
                      d.title if d else None, d.published if d else None, d.path if d else None)
        if doc.id not in outlet_keys:
            # An outlet that is also an entity of the corpus ("The Halden Courier", cited
            # by another paper) shares that entity's key, so relaying is seen.
            outlet_entity = entity_by_key.get(name_key(doc.outlet, "organization")) if doc.outlet else None
            outlet_keys[doc.id] = ("entity:" + outlet_entity if outlet_entity else
                                   "outlet:" + fold(doc.outlet) if doc.outlet else "document:" + doc.id)
        own_dates = [x for x in by_doc_dates.get(c.document_id, ())
                     if x.value and _in_span(x.start, x.end, c.start, c.end) and x.granularity != "duration"
                     and not _STARTING_POINT.search(c.text[max(0, x.start - c.start - 60):x.start - c.start])]
        chain: list[Attribution] = []
        a = attribution_by_id.get(c.attribution_id) if c.attribution_id else None
        while a is not None and a not in chain and len(chain) < 8:
            chain.append(a)
            a = attribution_by_id.get(a.parent_id) if a.parent_id else None
        # Who says it is not what it is about: names inside a source span ("the
        # Pentagon said") are left out, so two sources on one topic can conflict.
        said_by = [(x.source.start, x.source.end) for x in chain if x.source is not None]
        # ... nor is what describes the source before its verb ("the relief committee,
        # which runs the reception centre in Lusk, said"): Lusk is not where it happened.
        said_by += [(x.source.end, x.cue.start) for x in chain if x.source is not None and x.cue is not None
                    and x.source.end <= x.cue.start <= x.source.end + 120
                    and (x.content is None or not x.source.end <= x.content.start < x.cue.start)]
        inside = [m for m in by_doc_mentions.get(c.document_id, ()) if _in_span(m.start, m.end, c.start, c.end)
                  and not any(_in_span(m.start, m.end, s, e) for s, e in said_by)]
        ids = {mention_entity[m.id] for m in inside if m.id in mention_entity}
        # A country named only through its nationality ("Valdorian soldiers") is whose
        # they are, not where something happens.
        as_nationality = {mention_entity[m.id] for m in inside if m.id in mention_entity and _demonym(m.text)}
        as_nationality -= {mention_entity[m.id] for m in inside if m.id in mention_entity and not _demonym(m.text)}
        for i in list(ids):
            ids |= (broader or {}).get(i, set())
        names = {mention_entity[m.id]: m.text for m in inside if m.id in mention_entity}
        view = ClaimView(
            claim=c,
            doc=doc,
            entities=frozenset(ids),
            actors=frozenset(i for i in ids if entity_type.get(i) in ("person", "organization") and i not in outlets),
            places=frozenset(i for i in ids if entity_type.get(i) == "place" and i not in as_nationality),
            groups=frozenset(i for i in ids if entity_type.get(i) == "other" or i in as_nationality),
            entity_names=names,
            quantities=_own_figures([q for q in by_doc_quantities.get(c.document_id, ())
                                     if _in_span(q.start, q.end, c.start, c.end)]),
            dates=[x.value for x in own_dates],
            date_texts=[x.text for x in own_dates],
            attribution=chain[0] if chain else None,
            chain=chain,
            hedged=bool(HEDGE_WORDS.search(c.text)),
            words=content_words(c.text),
            core_words=_core_words(c, chain),
            broader=broader or {},
        )
        _set_provenance(view, source_entity, outlet_keys[doc.id])
        view.outlet_key = outlet_keys[doc.id]
        # A claim naming another outlet ("The Halden Courier reported, citing...") is
        # relayed through it, whatever the attribution extractor made of the sentence.
        named_outlets = {"entity:" + i for i in ids if i in outlets and "entity:" + i != outlet_keys[doc.id]}
        view.relayers = view.relayers | named_outlets
        view.source_names = {k: key_words[k] for k in view.relayers | {view.provenance} if k in key_words}
        for a in chain:
            # The source as written ("the Kharzan defence ministry") may say more than
            # the one name found inside it ("Kharzan").
            k = _source_key(a, source_entity)
            if k and a.source is not None:
                view.source_names[k] = view.source_names.get(k, frozenset()) | name_words(a.source.text)
        if view.provenance.split("@")[0] in view.source_names:
            view.source_names[view.provenance] = view.source_names[view.provenance.split("@")[0]]
        views.append(view)
    return views


def _demonym(text: str) -> bool:
    word = fold(text)
    return word in DEMONYMS or (" " not in word and word.endswith(("ian", "ians", "ese", "ish")))


def _own_figures(quantities: list[Quantity]) -> list[Quantity]:
    """Leave out numbers that are part of another figure's counted noun ("18 Leopard 2 tanks")."""
    out = []
    for q in quantities:
        inside_other = any(o is not q and o.counted and o.end <= q.start <= o.end + len(o.counted) + 2
                           and q.text.strip() in o.counted for o in quantities)
        if not inside_other:
            out.append(q)
    return out


#: "since March", "since the offensive began on 2 March": a starting point, not the
#: date a figure is true of.
_STARTING_POINT = re.compile(r"\b(?:since|from|after|starting)\b[^,;.]{0,40}$", re.IGNORECASE)


def _core_words(c: Claim, chain: list[Attribution]) -> frozenset[str]:
    """The claim's words without those of who says it and how ("the ministry said")."""
    text = c.text
    cuts = []
    for a in chain:
        for sp in (a.source, a.cue):
            if sp is not None and sp.start >= c.start and sp.end <= c.end:
                cuts.append((sp.start - c.start, sp.end - c.start))
    for s, e in sorted(cuts, reverse=True):
        text = text[:s] + " " + text[e:]
    return content_words(text)


_DETERMINERS = frozenset("the its his her their our this that".split())
_GENERIC_ADJECTIVES = frozenset("leaked internal annual own official".split())


def _source_key(a: Attribution, source_entity: dict[str, str | None]) -> str:
    """entity:<id> for a named source; desc:<words> for a definite one ("the mayor");
    unnamed:<words> for the rest ("officials", "a source"), which only the outlet can tie."""
    eid = source_entity.get(a.id)
    if eid:
        return "entity:" + eid
    words = fold(a.source.text).split() if a.source is not None else []
    if not words:
        return ""
    if words[0] in _DETERMINERS and len(words) > 1 and not _plural(words[-1]):
        return "desc:" + " ".join(w for w in words[1:] if w not in _GENERIC_ADJECTIVES)
    return "unnamed:" + " ".join(words)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) or word in ("people", "police")


_NAME_FILLER = frozenset("of the and for on in a an".split())


def name_words(name: str) -> frozenset[str]:
    """The words of an organisation's name, order and filler ignored, spelling folded
    ("the Valdorian General Staff" ~ "General Staff of the Armed Forces of Valdoria")."""
    words = fold(name).replace("defense", "defence").split()
    return frozenset(_country_word(w) for w in words if w not in _NAME_FILLER)


def _country_word(word: str) -> str:
    if word in DEMONYMS:
        return DEMONYMS[word]
    # An unknown nationality adjective ("Valdorian"): its country's name, as best we can.
    return word[:-1] if word.endswith("ian") else word


def same_source(x: str, y: str, names: dict[str, frozenset[str]] | None = None) -> bool:
    """Whether two provenance keys name one source ("desc:air force" ~ "desc:ukraine air force";
    "Kharzan defence ministry" ~ "Ministry of Defence of the Kharzan Federation")."""
    if not x or not y:
        return False
    if x == y:
        return True
    if names and x in names and y in names:
        small, big = sorted((names[x], names[y]), key=len)
        if len(small) >= 2 and small <= big:
            return True
    if x.startswith("desc:") and y.startswith("desc:"):
        wx, wy = x[5:].split(), y[5:].split()
        short, long = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
        return bool(short) and long[-len(short):] == short
    return False


#: "..., the leaked slide shows." / "..., according to police estimates.": who says it,
#: for sentences the attribution extractor left without a source.
_TRAILING_SOURCE = re.compile(
    r"(?:,\s*according to (?P<a>[^,.;]{2,60})|,\s*(?P<b>[^,.;]{2,60}?)\s+(?:said|says|say|shows?|found|"
    r"concluded|confirmed|indicates?|reported|estimates?|announced|insisted))\W*$", re.IGNORECASE)


def _fallback_source_key(text: str) -> str:
    m = _TRAILING_SOURCE.search(text.strip())
    if not m:
        return ""
    words = [w for w in fold(m.group("a") or m.group("b")).split() if w not in _GENERIC_ADJECTIVES]
    if words and words[0] in _DETERMINERS:
        words = words[1:]
    while words and words[-1] in ("estimates", "figures", "data", "sources"):
        words = words[:-1]  # "police estimates" is the police
    return "desc:" + " ".join(words) if words else ""


def _set_provenance(view: ClaimView, source_entity: dict[str, str | None], outlet_key: str) -> None:
    """Root source and relayers: two claims resting on one root are not independent."""
    keys = [k for k in (_source_key(a, source_entity) for a in view.chain) if k]
    if not keys:
        fallback = _fallback_source_key(view.text)
        keys = [fallback] if fallback else []
    view.source_entity = source_entity.get(view.attribution.id) if view.attribution is not None else None
    if view.attribution is not None and view.attribution.source is not None:
        view.source_label = view.attribution.source.text
    else:
        view.source_label = view.doc.label
    if keys:
        # The root is the end of the relay chain (parent_id leads to it).  Unnamed
        # sources ("officials") are only the same root when relayed by the same outlet:
        # two outlets' own unnamed officials count as two.
        root = keys[-1]
        view.provenance = root + "@" + outlet_key if root.startswith("unnamed:") else root
    else:
        view.provenance = outlet_key
    view.relayers = frozenset(k for k in keys if not k.startswith("unnamed:")) | {outlet_key}
