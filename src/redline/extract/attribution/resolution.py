"""Who a pronoun or a description in the source slot stands for.

The `source` span of an attribution is kept exactly as written ("he", "the
ministry", "the spokesperson"), as annotated corpora do.  The linking stage, which
turns source spans into entities, calls `resolve_speaker` to find the earlier
mention the span refers back to:

- a personal pronoun ("he", "she", "his") → the nearest preceding person;
- "they"/"it" → the nearest preceding organisation (else person, for "they");
- "who"/"which" (a relative clause's subject) → the name right before it;
- "I"/"we" → the speaker of the enclosing relation (a transcript turn, a quotation),
  when the caller passes it; otherwise the document's author, i.e. None;
- a role description ("the spokesperson", "the Secretary") → the nearest preceding
  person introduced with that role word next to the name ("spokesperson Jen Psaki",
  "Jonas Berg, the agency's spokesman"), else the nearest person;
- an institution description ("the newspaper", "the ministry") → the nearest
  preceding organisation whose name contains the noun, else (for a generic noun like
  "the newspaper", not for "the ministry") the nearest organisation;
- a bare surname ("Psaki") → the earliest fuller name ending with it ("Jen Psaki").

It works on any mention objects with `start`, `end`, `text` and `type` attributes
(the ledger's `Mention` records, or `mentions_from_segments` when none exist).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

PERSON_PRONOUNS = frozenset("he she him her his hers".split())
FIRST_PERSON = frozenset("i me my we us our".split())
GROUP_PRONOUNS = frozenset("they them their".split())
THING_PRONOUNS = frozenset("it its".split())
RELATIVE_PRONOUNS = frozenset("who which that whose".split())
ROLE_NOUNS = frozenset(
    """spokesperson spokesman spokeswoman secretary minister president senator general
    official officer director chief ambassador governor mayor candidate nominee
    reporter correspondent editor columnist analyst adviser advisor aide lawyer
    attorney commander admiral colonel chairman chairwoman chair leader prosecutor
    judge author writer researcher economist expert premier chancellor""".split()
)
#: Bodies that must be named before ("the ministry" is not just any organisation).
NAMED_BODIES = frozenset(
    """ministry department agency office embassy army navy police court commission
    committee council government administration parliament""".split()
)
INSTITUTION_NOUNS = frozenset(
    """newspaper paper outlet network broadcaster magazine agency ministry department
    government administration campaign committee office embassy army military navy
    company firm bank party council court commission service institute organisation
    organization group team board union police""".split()
)
_SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "place", "FAC": "place"}
_ROLE_WINDOW = 60  # characters around a name in which its role word may appear


@dataclass(frozen=True)
class SimpleMention:
    text: str
    start: int
    end: int
    type: str


def mentions_from_segments(segments: Iterable[Any]) -> list[SimpleMention]:
    """Person/organisation mentions from spaCy's named entities, and names after a
    title the model missed ("Secretary of State Alma Kovac"), with document offsets."""
    from redline.extract import doc_text
    from redline.extract.entities import untagged_names

    out = []
    for seg in segments:
        text = doc_text(seg.doc)
        for a, b, kind, _ in untagged_names(seg.doc):
            out.append(SimpleMention(text[a:b], seg.start + a, seg.start + b, kind))
        for ent in seg.doc.ents:
            kind = _SPACY_TYPES.get(ent.label_)
            if kind:
                start = seg.start + ent.start_char
                out.append(SimpleMention(ent.text, start, start + len(ent.text), kind))
    out.sort(key=lambda m: m.start)
    return out


def resolve_speaker(text: str, start: int, end: int, mentions: Sequence[Any],
                    enclosing_source: tuple[int, int] | None = None) -> Any | None:
    """The mention the source span text[start:end] refers to, or None.

    A span that already contains a person or organisation mention resolves to it.
    "I"/"we" refer to whoever is speaking: pass `enclosing_source`, the source span
    of the relation this one sits in (its parent, e.g. a transcript turn or a quoted
    statement); outside any relation they are the document's author (None)."""
    inside = [m for m in mentions if m.start >= start and m.end <= end and m.type in ("person", "organization")]
    bare = text[start:end].strip()
    if not inside and len(bare.split()) == 1 and bare[:1].isupper() and bare.isalpha() \
            and bare.lower() not in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | FIRST_PERSON:
        # A bare surname the tagger missed still matches an earlier full name.
        inside = [SimpleMention(text[start:end], start, end, "person")]
    if inside:
        # A bare surname ("Psaki") stands for the fuller name introduced earlier.
        return _earliest_full_name(inside[0], mentions) or inside[0]
    words = text[start:end].lower().replace("\u2019", "'").split()
    if not words:
        return None
    before = sorted((m for m in mentions if m.end <= start), key=lambda m: m.start, reverse=True)
    persons = [m for m in before if m.type == "person"]
    orgs = [m for m in before if m.type == "organization"]
    head = words[-1].strip(",.")
    if len(words) == 1 and head in FIRST_PERSON:
        if enclosing_source is None:
            return None
        a, b = enclosing_source
        return resolve_speaker(text, a, b, mentions) or SimpleMention(text[a:b], a, b, "person")
    if len(words) == 1 and head in RELATIVE_PRONOUNS:
        # 'Douglas Brinkley, who attended the session, recalled ...': the name just before.
        close = [m for m in before if m.type in ("person", "organization")
                 and not text[m.end:start].strip(" ,\u2014-")]
        return close[0] if close else None
    if len(words) == 1 and head in PERSON_PRONOUNS:
        return persons[0] if persons else None
    if len(words) == 1 and head in GROUP_PRONOUNS:
        return (orgs or persons or [None])[0]
    if len(words) == 1 and head in THING_PRONOUNS:
        return orgs[0] if orgs else None
    if words[0] in ("the", "this", "that") and head in ROLE_NOUNS:
        # The person the role word stands closest to ("Ruth Adler, a spokeswoman for the
        # port, met Karl Ames": she is the spokeswoman, not the nearer Karl Ames).
        gaps = [(g, k) for k, m in enumerate(persons) if (g := role_gap(text, m, head, start)) is not None]
        if gaps:
            return persons[min(gaps)[1]]
        return persons[0] if persons else None
    if words[0] in ("the", "this", "that") and head in INSTITUTION_NOUNS:
        for m in orgs:
            if head in m.text.lower():
                return m
        if head in NAMED_BODIES:
            return None
        return orgs[0] if orgs else None
    return None


def role_gap(text: str, mention: Any, role: str, limit: int) -> int | None:
    """Characters between a name and the nearest use of the role word within reach of
    it ("spokesperson Jen Psaki", "Jonas Berg, the agency's spokesman"), if any."""
    before = text[max(0, mention.start - _ROLE_WINDOW) : mention.start].lower()
    after = text[mention.end : min(mention.end + _ROLE_WINDOW, limit)].lower()
    gaps = []
    if role in before:
        gaps.append(len(before) - before.rindex(role) - len(role))
    if role in after:
        gaps.append(after.index(role))
    return min(gaps) if gaps else None


def _earliest_full_name(mention: Any, mentions: Sequence[Any]) -> Any | None:
    words = mention.text.split()
    if len(words) != 1:
        return None
    # The tagger may type a lone surname differently ("Varga" as an organisation).
    fuller = [m for m in mentions if m.start < mention.start and m.type == "person"
              and len(m.text.split()) > 1 and m.text.split()[-1] == words[0]]
    return min(fuller, key=lambda m: m.start) if fuller else None
