"""Named-entity mentions: who and what a document names, as spans of its text.

spaCy's NER finds the names; this module decides which of them are worth keeping
and what kind of entity each is:

- PERSON -> person;
- ORG -> organization, and NORP when it names a group as a noun ("the Taliban",
  "Democrats") -> organization;
- GPE, LOC, FAC -> place;
- a nationality used as an adjective ("Russian soldiers") -> other: it tells the
  linker *whose* soldiers are counted, but it is not an actor of its own;
- a role folded into a name ("Defense Lloyd Austin", typed ORG) -> the person,
  without the role.

Mentions leave `entity_id` empty: deciding that "Austin" and "Secretary of Defense
Lloyd Austin" are one person needs the whole corpus, so the link stage does it.
A transcript's speaker label ("BRIG. GEN. OSTROM:", "MINISTER DAHL:") names a person:
the small model types such capitals as organisations and cuts them apart, so the
label's name (titles left out) becomes one person mention and spaCy's guesses inside
the label are dropped.  Labels of roles (Q, MODERATOR, REPORTER) name nobody.
A leading "the" and a trailing possessive "'s" are trimmed from the span so that the
same name always yields the same mention text.  Names on all-capital header lines
("MINISTRY OF DEFENCE OF THE ...", "RESTRICTED - ALLIANCE EYES ONLY") are left out:
the small model cuts such lines into junk names.
"""

from __future__ import annotations

import functools
import re

from redline.link.names import (
    ACRONYMS,
    KNOWN_ORGANIZATIONS,
    ORGANIZATION_HEADS,
    PLACE_HEADS,
    TITLE_WORDS,
    name_key,
    split_title,
)
from redline.registry import ExtractContext
from redline.schema import Mention, stable_id

_LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "organization",
}
#: A "name" with fewer letters than this is a mis-tagged number or symbol.
_MIN_LETTERS = 2


def _entity_type(ent) -> str:
    label_type = _LABEL_TYPES[ent.label_]
    if ent.label_ == "NORP":
        # "Russian" in "Russian soldiers" qualifies a noun; "the Taliban" is an actor.
        root = ent.root
        if root.pos_ == "ADJ" or root.dep_ in ("amod", "compound") or root.tag_ == "JJ":
            return "other"
    return label_type


#: Prepositions of place: "around Korvel", "in Lusk" name a place, whatever the tag.
_PLACE_PREPOSITIONS = frozenset("in into around near outside towards toward from".split())
_SPEECH_LEMMAS = frozenset("say tell add recall explain describe write".split())
_ROLE_NOUNS = frozenset("""fellow professor analyst researcher volunteer resident official journalist reporter
editor spokesperson spokesman spokeswoman director minister lawmaker student teacher doctor nurse farmer
soldier officer commander author writer economist lawyer""".split())


def _corrected_type(ent, entity_type: str) -> str | None:
    """The type the sentence shows, where the small model's tag is plainly wrong
    (None: not a name at all).

    A capitalised common noun opening a sentence ("Shells struck ...") is no name; a
    one-word name after a preposition of place is a place; a two- or three-word name
    that speaks, has an age ("Marta Heyn, 71,") or is said to hold a role ("Kaja Lind
    is a senior fellow") is a person.
    """
    root = ent.root
    if len(ent) == 1 and root.is_sent_start and root.pos_ == "NOUN":
        return None
    if len(ent) == 1 and entity_type in ("person", "organization") and root.dep_ == "pobj" \
            and root.head.lower_ in _PLACE_PREPOSITIONS and root.text.istitle() \
            and name_key(root.text, "organization") not in KNOWN_ORGANIZATIONS:
        return "place"
    words = [t for t in ent if not t.is_punct]
    if entity_type != "person" and 2 <= len(words) <= 3 and all(t.text.istitle() and t.pos_ == "PROPN"
                                                              for t in words) \
            and not {t.lower_ for t in words} & (ORGANIZATION_HEADS | PLACE_HEADS):
        speaks = root.dep_ == "nsubj" and root.head.lemma_ in _SPEECH_LEMMAS
        aged = any(c.dep_ == "appos" and c.like_num for c in root.children)
        role = root.dep_ == "nsubj" and root.head.lemma_ == "be" and any(
            c.dep_ == "attr" and c.lemma_.lower() in _ROLE_NOUNS for c in root.head.children)
        if speaks or aged or role:
            return "person"
    return entity_type


def _trim(ent) -> tuple[int, int]:
    """Token range of the entity without a leading determiner or trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'")
                           or doc[end - 1].lower_ in _TRAILING_FUNCTION_WORDS or doc[end - 1].is_punct):
        end -= 1
    return start, end


_TRAILING_FUNCTION_WORDS = frozenset("of the and for in on at to a an".split())


def _on_capitals_line(text: str, start: int, end: int) -> bool:
    """Whether the span sits on a line written all in capitals (a letterhead or marking)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _is_capitals_line(text[line_start:len(text) if line_end < 0 else line_end])


@functools.lru_cache(maxsize=1024)
def _is_capitals_line(line: str) -> bool:
    # Cached: every entity of a paragraph asks about the same (often long) line.
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 6 and all(ch.isupper() for ch in letters) and len(line.split()) >= 2


# One to five words in capitals at the start of a line, then a colon and the turn.
_SPEAKER_LABEL = re.compile(r"^[ \t]*((?:[A-Z][A-Z.'\u2019-]*[ \t]+){0,4}[A-Z][A-Z.'\u2019-]*)[ \t]*:[ \t]+\S",
                            re.MULTILINE)
#: Labels that name a role in the exchange, not a person.
_ROLE_LABELS = frozenset("""Q A QUESTION ANSWER REPORTER QUESTIONER MODERATOR OPERATOR HOST CHAIR CHAIRMAN CHAIRWOMAN
ANNOUNCER INTERVIEWER NARRATOR SPEAKER AUDIENCE UNIDENTIFIED NOTE UPDATE SOURCE SOURCES SUBJECT RE FROM TO CC DATE
TIME LOCATION PHOTO VIDEO CAPTION""".split())


def _speaker_labels(text: str) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(label start, label end, the person's name in it or None) for each speaker label."""
    out = []
    for m in _SPEAKER_LABEL.finditer(text):
        words = [(w.start() + m.start(1), w.end() + m.start(1), w.group()) for w in re.finditer(r"\S+", m.group(1))]
        if any(w.strip(".") in _ROLE_LABELS for _, _, w in words):
            out.append((m.start(1), m.end(1), None))
            continue
        i = 0
        while i < len(words) and words[i][2].lower().strip(".") in TITLE_WORDS:
            i += 1
        name = words[i:]
        person = bool(name) and not all(w.strip(".") in ACRONYMS for _, _, w in name) and all(
            sum(ch.isalpha() for ch in w) >= 2 for _, _, w in name)
        out.append((m.start(1), m.end(1), (name[0][0], name[-1][1]) if person else None))
    # One capitalised word and a colon may be a dateline ("KYIV: ..."); turns come in numbers.
    return out if len(out) >= 2 else []


#: Title words that can open a title ("Secretary of State", "Gen."); the rest of
#: TITLE_WORDS only continue one ("of", "State", "Defence").
_OPENING_TITLES = TITLE_WORDS - frozenset("of the said told former acting state home foreign defense defence "
                                          "interior finance health deputy vice".split())


def titled_names(doc) -> list[tuple[int, int, int]]:
    """(name start, name end, title start) in characters, for each capitalised name of
    one to three words right after a title ("Secretary of State Alma Kovac", "Gen.
    Ostrom"): a person, whatever the small model tagged the words as."""
    out = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if not (tok.text[:1].isupper() and tok.lower_.strip(".") in _OPENING_TITLES):
            i += 1
            continue
        j = i + 1
        while j < n and doc[j].lower_.strip(".") in TITLE_WORDS and (doc[j].text[:1].isupper() or doc[j].lower_ == "of"):
            j += 1
        k = j
        while k < n and k - j < 3 and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() \
                and doc[k].lower_.strip(".") not in TITLE_WORDS and doc[k].text.strip(".").isalpha():
            k += 1
        if k > j and doc[j - 1].lower_ != "of":
            out.append((doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text), tok.idx))
        i = max(k, i + 1)
    return out


def headed_organizations(doc) -> list[tuple[int, int]]:
    """Character spans of capitalised names ending in a word that makes them a body
    ("The Eastern Courier", "Halvard Mining Company") that the model did not tag."""
    tagged = [(e.start, e.end) for e in doc.ents]
    out = []
    for tok in doc:
        if tok.lower_ not in ORGANIZATION_HEADS or not tok.text[:1].isupper() or tok.pos_ != "PROPN":
            continue
        first = tok.i
        while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper() \
                and tok.i - first < 4 and not doc[first - 1].is_sent_start:
            first -= 1
        if first == tok.i or any(a < tok.i + 1 and first < b for a, b in tagged):
            continue  # a lone "Courier" names nothing in particular
        if first > 0 and doc[first - 1].lower_ == "the" and doc[first - 1].text[:1].isupper():
            first -= 1  # "The Eastern Courier": the article is part of a paper's name
        out.append((doc[first].idx, tok.idx + len(tok.text)))
    return out


def untagged_names(doc) -> list[tuple[int, int, str, int]]:
    """Names the model missed, as (start, end, type, covered_from) in characters: a
    body by its last word, and a person after a title where no person is tagged.
    `covered_from` is where the title starts: what the model tagged inside the title
    and the name ("State" in "Secretary of State Alma Kovac") is no name of its own."""
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    out = [(a, b, "organization", a) for a, b in headed_organizations(doc)]
    out += [(a, b, "person", t) for a, b, t in titled_names(doc) if not any(x < b and a < y for x, y in persons)]
    return out


class EntityExtractor:
    """Person, organisation and place mentions from spaCy's named entities."""

    name = "entities"
    version = "5"
    produces = ("mentions",)

    def extract(self, ctx: ExtractContext) -> dict:
        document = ctx.document
        mentions: list[Mention] = []
        seen: set[tuple[int, int]] = set()
        labels = _speaker_labels(document.text) if ":" in document.text else []
        for _, _, name in labels:
            if name is not None:
                seen.add(name)
                mentions.append(self._mention(document, *name, "person"))
        for segment in ctx.segments:
            added = []
            for a, b, kind, covered in untagged_names(segment.doc):
                start, end = segment.start + a, segment.start + b
                if (start, end) not in seen and not any(x < end and start < y for x, y, _ in labels):
                    seen.add((start, end))
                    added.append((segment.start + covered, end))
                    mentions.append(self._mention(document, start, end, kind))
            for ent in segment.doc.ents:
                if ent.label_ not in _LABEL_TYPES:
                    continue
                t_start, t_end = _trim(ent)
                if t_start >= t_end:
                    continue
                span = segment.doc[t_start:t_end]
                if sum(ch.isalpha() for ch in span.text) < _MIN_LETTERS:
                    continue
                start = segment.start + span.start_char
                end = segment.start + span.end_char
                if _on_capitals_line(document.text, start, end) or any(a < end and start < b for a, b, _ in labels):
                    continue
                if ent.label_ != "PERSON" and any(a <= start and end <= b for a, b in added):
                    continue  # 'Secretary of State Alma Kovac' typed as the ORG "State" and nothing
                entity_type = _corrected_type(ent, _entity_type(ent))
                if entity_type is None:
                    continue
                titled = split_title(span.text) if entity_type != "place" else None
                if titled is not None:
                    # spaCy folds a role into the name ("Defense Lloyd Austin" as ORG):
                    # the mention is the person, without the role.
                    start = end - len(titled[1])
                    entity_type = "person"
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                mentions.append(self._mention(document, start, end, entity_type))
        mentions.sort(key=lambda m: m.start)
        return {"mentions": mentions}

    @staticmethod
    def _mention(document, start: int, end: int, entity_type: str) -> Mention:
        return Mention(
            id=stable_id(document.id, "mention", start, end),
            document_id=document.id,
            entity_id=None,
            text=document.text[start:end],
            start=start,
            end=end,
            type=entity_type,
        )
