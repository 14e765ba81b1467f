"""Entity resolution: which mentions, across the whole corpus, name the same entity.

Mentions are grouped on `names.name_key` (titles stripped, case, dots and accents
folded, known aliases mapped), in two separate name spaces so that people are never
merged with organisations or places ("Washington" the city and George Washington).
Then, shortest forms are attached to the longer name they abbreviate:

1. within a document, a surname ("Austin") goes to the full name in that document
   ("Lloyd Austin"), whatever spaCy typed it as;
2. across the corpus, a surname or set of initials ("NYT") goes to the one full
   name it fits, when exactly one fits.

The user's overrides (EntityOverride records) are applied last: merges (oldest
first) fold one entity into another, then splits take every mention of an alias out
of its entity into an entity of its own.  Entity ids hash the name space and the
canonical key (and, for a split, what it was split from), so they are stable across
runs and the overrides that refer to them keep working.

`resolve_sources` then sets Attribution.source_entity_id: a named source through
the mention inside it; a pronoun or a description ("he", "it", "the spokesperson",
"the ministry") through the nearest fitting mention before it in the same document (for
a role, the person the role word was said of; "the ministry" only a ministry).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from redline.link.names import DEMONYMS, KNOWN_ORGANIZATIONS, fold, initials, name_key, type_from_name
from redline.schema import Attribution, Entity, EntityOverride, Mention, stable_id

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PERSON_ROLES = frozenset("""
spokesperson spokesman spokeswoman minister secretary president official officer general commander
ambassador senator governor mayor director chief chairman chairwoman envoy diplomat premier leader
prosecutor judge negotiator adviser advisor aide
""".split())
ORGANIZATION_ROLES = frozenset("""
ministry department agency government company army military office administration alliance
organization organisation committee council embassy force forces navy police kremlin parliament
commission bank firm newspaper paper outlet agency service group campaign
""".split())


def namespace(entity_type: str) -> str:
    return "person" if entity_type == "person" else "named"


@dataclass
class Resolution:
    entities: list[Entity]
    mention_entity: dict[str, str]  # mention id -> entity id
    merged_by_user: int = 0
    split_by_user: int = 0
    key_of_entity: dict[str, str] = field(default_factory=dict)
    broader: dict[str, set[str]] = field(default_factory=dict)


def _mention_key(m: Mention) -> tuple[str, str, str]:
    """(name space, key, type) of a mention before cross-mention attachment."""
    etype = m.type
    key = name_key(m.text, etype)
    if key in KNOWN_ORGANIZATIONS:
        etype = "organization"
    implied = type_from_name(name_key(m.text, "organization"))
    if implied is not None:
        etype = implied
        key = name_key(m.text, etype)
    return namespace(etype), key, etype


def resolve_entities(mentions: list[Mention], overrides: list[EntityOverride] = (),
                     outlets: dict[str, str] | None = None) -> Resolution:
    """Group mentions into entities; `outlets` (document id -> outlet) says which
    government a document's bare "the Ministry of Defence" is."""
    keyed: dict[str, tuple[str, str, str]] = {m.id: _mention_key(m) for m in mentions}
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.document_id].append(m)

    # 0. One name tagged a person in some places and an organisation or place in
    #    others (the small model is unsure of unfamiliar names): the majority decides,
    #    unless the name is a person's full name elsewhere.
    spaces: dict[str, Counter] = defaultdict(Counter)
    for ns, key, _ in keyed.values():
        spaces[key][ns] += 1
    full_surnames = {key.split()[-1] for ns, key, _ in keyed.values() if ns == "person" and " " in key}
    named_first_words = {key.split()[0] for ns, key, _ in keyed.values() if ns == "named" and " " in key}
    for mid, (ns, key, etype) in list(keyed.items()):
        votes = spaces[key]
        if len(votes) < 2 and not (ns == "person" and key in named_first_words):
            continue
        if " " not in key and key in full_surnames:
            continue  # "Austin" beside "Lloyd Austin": the surname rules below decide
        # A word that begins an organisation's or place's name ("Kharzan" of "Kharzan
        # Federation") is that country's adjective, not a person.
        winner = "person" if votes["person"] > votes["named"] and key not in named_first_words else "named"
        if winner != ns:
            keyed[mid] = (winner, key, "person" if winner == "person" else
                          ("organization" if etype == "person" else etype))

    # 1. Within a document: a one-word name that is the last word of a person's full
    #    name in the same document is that person (spaCy may have typed it GPE).
    for doc_mentions in by_doc.values():
        surnames: dict[str, set[str]] = defaultdict(set)
        for m in doc_mentions:
            ns, key, _ = keyed[m.id]
            if ns == "person" and " " in key:
                surnames[key.split()[-1]].add(key)
        for m in doc_mentions:
            ns, key, etype = keyed[m.id]
            if " " not in key and len(surnames.get(key, ())) == 1:
                keyed[m.id] = ("person", next(iter(surnames[key])), "person")

    # 2. Across the corpus: a surname or initials that fit exactly one full name.
    full_people: dict[str, set[str]] = defaultdict(set)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for ns, key, _ in set(keyed.values()):
        if " " not in key:
            continue
        if ns == "person":
            full_people[key.split()[-1]].add(key)
        else:
            if initials(key):
                by_initials[initials(key)].add(key)
    for mid, (ns, key, etype) in list(keyed.items()):
        if " " in key:
            continue
        if ns == "person" and len(full_people.get(key, ())) == 1:
            keyed[mid] = (ns, next(iter(full_people[key])), etype)
        elif etype == "organization" and len(full_people.get(key, ())) == 1 and key not in by_initials \
                and key not in KNOWN_ORGANIZATIONS:
            # spaCy's small model often types a lone surname ("Biden") as ORG.
            keyed[mid] = ("person", next(iter(full_people[key])), "person")
        elif ns == "named" and len(by_initials.get(key, ())) == 1:
            keyed[mid] = (ns, next(iter(by_initials[key])), etype)

    # A multi-word name typed as an organisation in one place and a person in
    # another ("Noel Coward") is the person.
    person_keys = {key for ns, key, _ in keyed.values() if ns == "person" and " " in key}
    for mid, (ns, key, etype) in list(keyed.items()):
        if ns == "named" and etype == "organization" and key in person_keys:
            keyed[mid] = ("person", key, "person")

    # 3. A nationality adjective of a country the corpus names ("Valdorian" ->
    #    "Valdoria"), for names the demonym table cannot know.
    named_keys = {key for ns, key, _ in keyed.values() if ns == "named"}
    for mid, (ns, key, etype) in list(keyed.items()):
        if ns == "named" and " " not in key and key.endswith("n") and key[:-1] in named_keys:
            keyed[mid] = (ns, key[:-1], etype)

    # 4. A bare government body ("the Ministry of Defence") belongs to whichever
    #    government the document is about: with two qualified forms in the corpus
    #    ("Kharzan Ministry of Defence", "Ministry of Defence of Estmark"), it must not
    #    merge them through itself.
    _qualify_bare_bodies(keyed, by_doc, outlets or {})

    # Entity ids from the canonical keys.
    entity_of: dict[str, str] = {}
    members: dict[str, list[Mention]] = defaultdict(list)
    key_of_entity: dict[str, str] = {}
    for m in mentions:
        ns, key, _ = keyed[m.id]
        eid = stable_id("entity", ns, key)
        entity_of[m.id] = eid
        members[eid].append(m)
        key_of_entity[eid] = key

    # 5. The user's overrides.
    merged = split = 0
    # Merges first, then splits: a split names an alias to take out of the entity as
    # the user saw it, which already includes what they merged into it.
    for o in sorted(overrides, key=lambda o: (o.action != "merge", o.at or "", o.id)):
        if o.action == "merge":
            moved = [mid for mid, eid in entity_of.items() if eid == o.other]
            for mid in moved:
                entity_of[mid] = o.entity_id
            key_of_entity.setdefault(o.entity_id, key_of_entity.get(o.other, ""))
            merged += bool(moved)
        elif o.action == "split":
            alias = fold(o.other)
            alias_key = name_key(o.other)
            new_id = stable_id("entity", "split", o.entity_id, alias)
            by_id = {m.id: m for m in mentions}
            moved = [mid for mid, eid in entity_of.items() if eid == o.entity_id
                     and (fold(by_id[mid].text) == alias or keyed[mid][1] == alias_key
                          and fold(by_id[mid].text).endswith(alias))]
            for mid in moved:
                entity_of[mid] = new_id
            key_of_entity[new_id] = alias_key
            split += bool(moved)

    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[entity_of[m.id]].append(m)
    entities = [_entity_record(eid, ms, keyed) for eid, ms in sorted(groups.items())]
    resolution = Resolution(entities, entity_of, merged, split, key_of_entity)
    resolution.broader = _broader(entities, key_of_entity)
    return resolution


#: Names of a government body that say nothing of which government.
_BARE_BODY = re.compile(r"^(?:ministry of (?:defence|foreign affairs|interior|health|finance|justice)|"
                        r"(?:defence|foreign|interior|health|finance) ministry|general staff|press office|"
                        r"armed forces|government|presidential office|foreign office)$")


def _qualify_bare_bodies(keyed: dict[str, tuple[str, str, str]], by_doc: dict[str, list[Mention]],
                         outlets: dict[str, str]) -> None:
    named = {key for ns, key, _ in keyed.values() if ns == "named"}
    for bare in {key for key in named if _BARE_BODY.match(key)}:
        bare_words = set(bare.split())
        qualified = {k for k in named if k != bare and bare_words < set(k.split())
                     and k.split()[-1] not in ("of", "the", "and")}
        if len(qualified) < 2:
            continue  # nothing, or only one government, to tell apart: the bare form is it
        for doc_id, doc_mentions in by_doc.items():
            here = [m for m in doc_mentions if keyed[m.id][0] == "named" and keyed[m.id][1] == bare]
            if not here:
                continue
            in_doc = {keyed[m.id][1] for m in doc_mentions if keyed[m.id][1] in qualified}
            outlet = set(fold(outlets.get(doc_id, "")).split()) - {"of", "the"}
            by_outlet = {k for k in qualified if outlet and set(k.split()) - {"of", "the"} <= outlet}
            pick = in_doc if len(in_doc) == 1 else by_outlet if len(by_outlet) == 1 else set()
            # Otherwise a government this document does not name: its own entity.
            target = next(iter(pick)) if pick else f"{bare} @{doc_id}"
            for m in here:
                keyed[m.id] = ("named", target, keyed[m.id][2])


def _broader(entities: list[Entity], key_of_entity: dict[str, str]) -> dict[str, set[str]]:
    """entity id -> ids of the entities its name starts with ("NATO Special Operations" -> NATO).

    A unit of an organisation, or a country's forces, is about that organisation or
    country too: a denial about NATO speaks of NATO's special forces.
    """
    named_ids = {key_of_entity.get(e.id): e.id for e in entities if e.type != "person"}
    out: dict[str, set[str]] = {}
    for e in entities:
        if e.type == "person":
            continue
        words = key_of_entity.get(e.id, "").split()
        found = set()
        for n in range(1, len(words)):
            prefix = " ".join(words[:n])
            for key in (name_key(prefix, "organization"), DEMONYMS.get(prefix)):
                if key and key in named_ids and named_ids[key] != e.id:
                    found.add(named_ids[key])
        if found:
            out[e.id] = found
    return out


def _entity_record(eid: str, mentions: list[Mention], keyed) -> Entity:
    types = Counter(keyed[m.id][2] for m in mentions)
    # People stay people; otherwise the commonest type, organisations winning ties.
    if "person" in types and types["person"] >= sum(types.values()) / 2:
        etype = "person"
    else:
        order = {"organization": 0, "place": 1, "other": 2, "person": 3}
        etype = min(types, key=lambda t: (-types[t], order.get(t, 9)))
    surfaces = Counter(m.text.strip() for m in mentions)
    # The name shown: the longest of the forms seen at least half as often as the commonest.
    top = max(surfaces.values())
    candidates = [s for s, n in surfaces.items() if n * 2 >= top] or list(surfaces)
    name = max(candidates, key=lambda s: (len(fold(s).split()), surfaces[s], s))
    key = keyed[mentions[0].id][1] if mentions else ""
    exact = [s for s in surfaces if name_key(s, etype) == key]
    if exact and name_key(name, etype) != key:
        # A bare "Ministry of Defence" resolved to its government: show the qualified name.
        name = max(exact, key=lambda s: (surfaces[s], s))
    aliases = sorted(s for s in surfaces if s != name)
    return Entity(id=eid, name=name, type=etype, aliases=aliases or None)


# --------------------------------------------------------------------------- sources

_WORD = re.compile(r"[a-z]+")


def resolve_sources(attributions: list[Attribution], mentions: list[Mention],
                    mention_entity: dict[str, str], entity_types: dict[str, str],
                    text_of: Callable[[str], str | None] | None = None) -> dict[str, str | None]:
    """attribution id -> entity id of its source (None when unnamed or unresolvable).

    `text_of(document_id)` gives a document's text, for a role description ("the
    spokeswoman") to find the person the role word was said of; without it the
    nearest person stands in."""
    # (Imported here: the attribution package imports redline.link.names, hence this package.)
    from redline.extract.attribution.resolution import NAMED_BODIES, role_gap

    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.document_id].append(m)
    for ms in by_doc.values():
        ms.sort(key=lambda m: m.start)
    out: dict[str, str | None] = {}
    for a in attributions:
        out[a.id] = None
        if a.source is None:
            continue
        doc_mentions = by_doc.get(a.document_id, [])
        s, e = a.source.start, a.source.end
        inside = [m for m in doc_mentions if m.start < e and m.end > s]
        if inside:
            # The longest name inside the source span ("Lloyd Austin" over "Pentagon").
            best = max(inside, key=lambda m: (m.type == "person", m.end - m.start))
            out[a.id] = mention_entity.get(best.id)
            continue
        words = _WORD.findall(a.source.text.lower())
        if not words:
            continue
        before = [m for m in doc_mentions if m.end <= s]
        bare = a.source.text.strip()
        if len(words) == 1 and bare[:1].isupper() and bare.isalpha() and words[0] not in PERSON_PRONOUNS \
                and words[0] not in ("it", "they", "we", "i", "you"):
            # A bare surname the tagger missed ("Ilves said") is the person named in full
            # earlier in the document ("Dana Ilves").
            fuller = [m for m in before if m.type == "person" and len(m.text.split()) > 1
                      and fold(m.text).split()[-1] == fold(bare)]
            if fuller:
                out[a.id] = mention_entity.get(fuller[0].id)
                continue
        wanted: str | None = None
        if words[0] in PERSON_PRONOUNS or (len(words) <= 4 and words[-1] in PERSON_ROLES):
            wanted = "person"
        elif len(words) <= 4 and words[-1] in ORGANIZATION_ROLES or words in (["it"], ["they"]):
            wanted = "organization"
        if wanted is None:
            continue  # "officials", "sources": unnamed on purpose
        role = words[-1]
        fitting = [m for m in before if entity_types.get(mention_entity.get(m.id, ""), m.type) == wanted
                   or (wanted == "organization" and m.type == "organization")]
        if words == ["they"] and not fitting:
            fitting = [m for m in before if m.type == "person"]  # "they" may be people too
        text = text_of(a.document_id) if text_of is not None and wanted == "person" and role in PERSON_ROLES else None
        if text:
            # The person the role word stands closest to ("Ruth Adler, a spokeswoman for
            # the port, met Karl Ames. The spokeswoman said ..."), not merely the nearest.
            # (Ties go to the later, nearer person: `fitting` is in document order.)
            gaps = [(g, -k, m) for k, m in enumerate(fitting) if (g := role_gap(text, m, role, s)) is not None]
            if gaps:
                out[a.id] = mention_entity.get(min(gaps, key=lambda x: x[:2])[2].id)
                continue
        # A mention that names the role itself ("the Ministry of Defence" for "the ministry")
        # beats a nearer one that does not.
        named_role = [m for m in fitting if role in fold(m.text).split()]
        if wanted == "organization" and role in NAMED_BODIES and not named_role:
            continue  # "the ministry" is a ministry named before, never just any organisation
        pick = (named_role or fitting)[-1:] if (named_role or fitting) else []
        if pick:
            out[a.id] = mention_entity.get(pick[0].id)
    return out
