"""The parts of one attribution, cut from a spaCy parse: what every rule shares.

`Found` is one relation in character offsets. `cue_span` takes the verb with its
auxiliaries and negation, `source_span` the whole subject phrase (titles, determiners,
appositions, without fronted phrases, datelines or narrating clauses), and the content
helpers give a clause its continuation without the writer's trailing asides.
`stance_of` reads asserts / denies / hedges from the cue and its clause. The rules
that decide where an attribution is live in `rules` (quotations, verbs of saying,
"according to", nouns) and `positions` (positions taken without a verb of saying).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from redline.extract import doc_text
from redline.extract.attribution.cues import (
    DENIAL_VERBS,
    HEDGE_VERBS,
    HEDGE_WORDS,
    INTENT_VERBS,
    NAMING_VERBS,
    NEGATION_WORDS,
    OBJECT_VERBS,
    PREPOSITION_VERBS,
    SAYING_VERBS,
    SPEECH_VERBS,
)
from redline.extract.attribution.quotes import QUOTE_CHARS, Quote, is_speech

Span = tuple[int, int]


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


_OBJECT_DEPS = ("dobj", "dative", "iobj", "prep", "npadvmod", "advmod", "pobj", "attr")


_COMPLEMENT_DEPS = ("ccomp",)


_TRIM = set(",.;:\u2014\u2013-") | {"--"}


_BETWEEN_QUOTES = re.compile(r"[\s,.;:\u2014-]*")


@dataclass
class Found:
    """One attribution relation, with character offsets (content may be in pieces)."""

    cue: Span
    content: list[Span]
    source: Span | None
    kind: str = "indirect"
    stance: str = "asserts"
    scope: Span | None = None  # the sentence of the cue, where its date is looked for
    parent: int | None = None  # index of the relation this one is relayed through
    context: Span | None = None  # the question a transcript turn answers
    origin: str = ""  # which rule found it, for debugging and tests
    cue_head: int | None = None  # character offset of the cue's head word
    relay_of: int | None = field(default=None, repr=False)  # cue_head of the relaying verb

    def shifted(self, offset: int) -> Found:
        def sh(s: Span | None) -> Span | None:
            return None if s is None else (s[0] + offset, s[1] + offset)

        return Found(
            cue=sh(self.cue),  # type: ignore[arg-type]
            content=[sh(p) for p in self.content],  # type: ignore[misc]
            source=sh(self.source),
            kind=self.kind,
            stance=self.stance,
            scope=sh(self.scope),
            parent=self.parent,
            context=sh(self.context),
            origin=self.origin,
            cue_head=None if self.cue_head is None else self.cue_head + offset,
            relay_of=None if self.relay_of is None else self.relay_of + offset,
        )


def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _is_cue_verb(token: Any, lexicon: frozenset[str]) -> bool:
    if _puts_it(token):
        return "say" in lexicon  # 'as the paper put it, "..."': a way of saying
    if _lemma(token) not in lexicon:
        return False
    # The tagger sometimes calls "show" or "claims" a noun in headlines; the parse
    # still gives it a clausal complement, which is what matters.
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ == "ccomp" for c in token.children)


def _puts_it(token: Any) -> bool:
    return token.lower_ in ("put", "puts") and any(c.dep_ == "dobj" and c.lower_ == "it" and c.i == token.i + 1
                                                    for c in token.children)


def _tokens_span(tokens: list[Any]) -> Span | None:
    """The character span of a run of tokens, trimmed of edge punctuation (but
    keeping quotation marks, which belong to the span)."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[0].text in _TRIM or toks[0].is_space):
        toks = toks[1:]
    # A conjunction left dangling at the end ("to leave the boat and", "... -- and")
    # joined something the parse put elsewhere; it is not part of the span.
    while toks and (toks[-1].text in _TRIM or toks[-1].is_space or toks[-1].dep_ == "cc" and len(toks) > 1):
        toks = toks[:-1]
    if not toks:
        return None
    last = toks[-1]
    if not last.whitespace_ and last.i + 1 < len(last.doc) and last.nbor(1).lower_ in ("n't", "n\u2019t"):
        last = last.nbor(1)  # 'those who don't': the parse may leave the negation off its verb
    return toks[0].idx, last.idx + len(last.text)


def _pieces(tokens: list[Any], exclude: set[int]) -> list[Span]:
    """Contiguous runs of `tokens` (by index) not in `exclude`, as trimmed spans."""
    idx = sorted(t.i for t in tokens if t.i not in exclude)
    if not idx:
        return []
    doc = tokens[0].doc
    # A gap of only "and" or a comma is no gap: the parser hung the conjunction
    # on the verb while both halves of the content are kept.
    filled = []
    for a, b in zip(idx, idx[1:] + [idx[-1]], strict=True):
        filled.append(a)
        if 1 < b - a <= 3 and all((doc[j].dep_ == "cc" or doc[j].text == ",") and j not in exclude
                                  for j in range(a + 1, b)):
            filled.extend(range(a + 1, b))
        elif b - a == 2 and doc[a + 1].text == ":" and a + 1 not in exclude:
            filled.append(a + 1)  # 'named three hopefuls: A, B and C': the list is the rest of it
    idx = filled
    runs: list[list[int]] = [[idx[0]]]
    for i in idx[1:]:
        if i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        s = _tokens_span([doc[i] for i in run])
        if s and any(not doc[i].is_punct for i in run):
            out.append(s)
    return out


def _subtree(token: Any) -> list[Any]:
    return list(token.subtree)


_ASIDE_DEPS = ("appos", "acl", "relcl", "advcl", "npadvmod")


_CONTINUING_DEPS = ("prep", "oprd", "xcomp", "acomp", "attr", "dobj", "ccomp")


#: Verbs of pointing to something, whose infinitive says what the speaker pointed to it
#: for ('cited the killings to give context'), not what was pointed to.
_CITING_VERBS = frozenset("cite invoke highlight mention reference note use point".split())


_SETTING_PREPS = frozenset("during at in on after before since amid following throughout ahead".split())


def _rest_of_content(verb: Any, content: Any, child: Any, first: int, last: int) -> bool:
    """Whether the parser hung the rest of the content on the verb, as a conjunct or a
    clause after the content ends at token `last`."""
    doc = verb.doc
    if child.dep_ == "conj":
        # 'to threaten Moscow or even declare it responsible': the second half, joined by "or"
        if doc[first - 1].dep_ == "cc" and doc[first - 1].i == last:
            return True
        # 'cited the rallies that protesters | have disrupted': with no word to join them,
        # a "conjunct" right after the content is the rest of it, misparsed
        if first == last + 1 and not doc[first].is_punct and doc[first].dep_ != "cc":
            return True
        # 'wants to triple X, grow Y and create Z': a list of the same infinitives
        return child.tag_ == "VB" and content.tag_ == "VB"
    # 'defended his call to raise the wage': the infinitive completes the noun
    return child.dep_ == "advcl" and first == last + 1 == content.right_edge.i + 1 and doc[first].lower_ == "to" \
        and content.pos_ in ("NOUN", "PROPN") and doc[last].pos_ in ("NOUN", "PROPN") \
        and _lemma(verb) not in _CITING_VERBS


def _with_continuation(verb: Any, content: Any, acts_of_their_own: bool = False, position: bool = False) -> list[Any]:
    """The content phrase plus what the parser hung on the verb after it ('called X
    a "disgrace"', 'said "..." for criminal behavior'), but not a comma-separated
    addition, another reporting verb, or where and when it was said.  With
    `acts_of_their_own`, a conjoined verb is the speaker's next act ('vowed to act and
    left') unless it is a bare infinitive, the rest of the content ('to meet and exceed').
    For a `position` taken on a noun phrase, an "in" or "on" phrase right after it that
    is neither a time nor a medium says what the position is about ('endorsed her in
    the primary')."""
    tokens = _subtree(content)
    last = max(t.i for t in tokens)
    settings: list[Any] = []  # where and when, kept only if something said follows
    for child in verb.children:
        if child.i <= last or child.i == content.i:
            continue
        if acts_of_their_own and child.dep_ == "conj" and (child.tag_ != "VB" or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children)):
            continue  # ('wants to cut tuition, but her plan would need ...': the writer's)
        doc = child.doc
        first = min(t.i for t in child.subtree)
        if position and first == last + 1 and not doc[last].is_punct and (
                _is_scope_of_position(child) or _closes_with_adverb(child) or _describes_or_conditions(child)):
            tokens += _subtree(child)
            last = max(t.i for t in tokens)
            continue
        if not _rest_of_content(verb, content, child, first, last) and (
                child.dep_ not in _CONTINUING_DEPS or doc[first - 1].text in (",", ";", ":", "\u2014", "--")):
            continue
        if child.dep_ == "prep" and child.lower_ == "to" and any(
                g.dep_ == "pobj" and g.pos_ == "PRON" for g in child.children):
            continue  # 'mentioned the devil to me': who heard it is not what was said
        if child.dep_ == "prep" and child.lower_ in _SETTING_PREPS:
            if first == max(t.i for t in [*tokens, *(x for p in settings for x in p.subtree)]) + 1:
                settings.append(child)
            continue
        if _lemma(child) in SPEECH_VERBS:
            continue
        if settings and first == max(t.i for t in settings[-1].subtree) + 1:
            # 'called her vote in favor of the bill a mistake': a phrase between two
            # parts of the content is part of it.
            for setting in settings:
                tokens += _subtree(setting)
            last = max(t.i for t in tokens)
        settings = []
        if any(t.i > last + 1 and not t.is_space for t in doc[last + 1 : first] if t.is_punct):
            continue
        gap = doc[last + 1 : first]
        if len(gap) and all(t.dep_ == "advmod" and t.head.i == verb.i or t.head.dep_ == "advmod" and t.head.head.i == verb.i
                            for t in gap):
            # 'compared him favorably to Obama': an adverb between two parts of the
            # content says how, and is part of it.
            tokens += list(gap)
        tokens += _subtree(child)
        last = max(t.i for t in tokens)
    return tokens


def _describes_or_conditions(clause: Any) -> bool:
    """'an op-ed urging Congress to act', 'the chances missed': a participle right after
    the noun phrase describes it, though the parser hangs it on the verb; 'would
    support her if she won' holds only on that condition."""
    if clause.dep_ != "advcl":
        return False
    first = min(t.i for t in clause.subtree)
    return (clause.tag_ in ("VBG", "VBN") and first == clause.i) or any(
        c.dep_ == "mark" and c.lower_ == "if" and c.i == first for c in clause.children)


def _closes_with_adverb(adverb: Any) -> bool:
    """'attacked the officers nationwide.', 'want their money back,': an adverb that
    ends the clause after the noun phrase of a position qualifies it."""
    end = max(t.i for t in adverb.subtree)
    doc = adverb.doc
    return adverb.dep_ == "advmod" and adverb.pos_ == "ADV" and end - adverb.i <= 1 and \
        adverb.lower_ not in _WHEN_ADVERBS and adverb.lower_ not in _DAYS and \
        (end + 1 == len(doc) or doc[end + 1].is_punct or doc[end + 1].dep_ == "cc")


#: When, how often or where it was said: the writer's ('criticized it before', 'as well').
_WHEN_ADVERBS = frozenset("before now then again later earlier first already since online too also as once twice "
                          "ever still yet soon recently".split())


def _is_scope_of_position(prep: Any) -> bool:
    """'in the race', 'on the issue', 'in support of': what a position holds for, not
    when, where or in which statement it was taken ('in July', 'in Ohio', 'on Twitter',
    'in a statement', 'on behalf of')."""
    if prep.dep_ != "prep" or prep.lower_ not in ("in", "on"):
        return False
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "VERB") or obj.ent_type_ in ("GPE", "LOC"):
        return False
    if any(_is_time(t) for t in obj.subtree):
        return False
    return {_lemma(obj), obj.lower_}.isdisjoint(_NOT_ABOUT)


def _without_trailing_medium(tokens: list[Any]) -> list[Any]:
    """Drop an "in"/"on" phrase naming a medium that closes a noun phrase taken a
    position on ('mocked the senator on Twitter', 'mentions her father in speeches'):
    the parser hangs it on the noun, but it says where the position was taken."""
    if not tokens:
        return tokens
    toks = sorted(tokens, key=lambda t: t.i)
    members = {t.i for t in toks}
    last = toks[-1].i
    for t in toks[1:]:
        if t.dep_ != "prep" or t.lower_ not in ("in", "on") or t.head.i not in members or t.i - 1 not in members \
                or t.doc[t.i - 1].is_punct or max(x.i for x in t.subtree) != last:
            continue
        obj = next((c for c in t.children if c.dep_ == "pobj"), None)
        if obj is not None and not {_lemma(obj), obj.lower_}.isdisjoint(_MEDIA | (_OUTLETS - _NOT_ONLY_OUTLETS)):
            return [x for x in toks if x.i < t.i]
    return toks


#: Where a position may be taken, besides the media a cue takes in ('in an interview').
_OUTLETS = frozenset("""remark comment article op-ed column editorial essay ruling opinion diatribe video ad page
    site website media twitter facebook show program book broadcast message call appearance filing report""".split())


#: Outlets that are as often something else ('a hotel on the site', 'spending on ads').
_NOT_ONLY_OUTLETS = frozenset("site program ad page book call report filing message opinion ruling".split())


#: How or for whom, not about what ('in a manner', 'on behalf of', 'in public').
_MANNERS = frozenset("behalf manner grounds public private person fashion".split())


def _without_trailing_aside(tokens: list[Any]) -> list[Any]:
    """Drop a comma-separated aside that closes the content ("..., which the court
    has put on hold", "..., known as the TPP"): it is the writer's, not the speaker's."""
    if not tokens:
        return tokens
    toks = sorted(tokens, key=lambda t: t.i)
    last = toks[-1].i
    while toks and toks[-1].is_punct:
        last = toks[-1].i - 1
        toks = toks[:-1]
    members = {t.i for t in toks}
    for t in toks:
        if t.dep_ not in _ASIDE_DEPS or t.i == toks[0].i:
            continue
        sub = [x.i for x in t.subtree]
        first = min(sub)
        if max(sub) < last or first - 1 not in members or t.doc[first - 1].text != ",":
            continue
        if t.dep_ == "advcl" and t.tag_ != "VBG" and not any(
                c.dep_ == "mark" and c.lower_ in ("although", "though") for c in t.children):
            continue  # (a concession, ", although ...", is the writer's too)
        if t.dep_ == "relcl" and t.doc[first].lower_ not in ("which", "who", "whom", "whose"):
            continue
        if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.pos_ == "NOUN":
            continue  # 'his rival, Jo Park': the name says who is meant

        if any(ch in t.doc[first:max(sub) + 1].text for ch in QUOTE_CHARS[:4]):
            continue  # never cut a quotation
        return [x for x in toks if x.i < first - 1]
    return toks


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday then today yesterday tonight".split())


#: Verbs of beginning, going on or stopping, which with a participle form one cue.
_ASPECT_VERBS = frozenset("begin start continue keep resume".split())


def cue_span(verb: Any) -> Span:
    """The verb with its auxiliaries, negation and the adverbs right before it
    ("has often said", "cynically dismissed"), a bare day right after it ("said
    Friday"), and a colon that introduces what is said ("added:")."""
    doc = verb.doc
    parts = [verb]
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i < verb.i and verb.i - child.i <= 4:
            parts.append(child)
    first = min(p.i for p in parts)
    # 'appeared to suggest', 'went on to discuss', 'has sought to distinguish': the
    # verb the infinitive completes is part of the cue (unless it is a cue itself,
    # whose content this infinitive is).
    # So does a purpose clause's verb and what comes between ('took to Twitter to say',
    # 'used the speech to call for').
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i < head.i:
        head = head.head  # 'are more likely to say': the copula opens the cue
    head_subtree = {t.i for t in head.subtree} if head.i < verb.i else set()
    if head.i < verb.i and head.pos_ in ("VERB", "AUX") and verb.dep_ in ("xcomp", "advcl") and \
            (_lemma(head) not in SPEECH_VERBS or _lemma(head) in ("continue", "begin")) and \
            any(c.dep_ == "aux" and c.lower_ == "to" and c.i == verb.i - 1 for c in verb.children) and \
            verb.i - head.i <= 8 and all(j in head_subtree and not doc[j].is_punct for j in range(head.i + 1, verb.i)) and \
            not (_lemma(head) in _CONTROL_VERBS and any(c.dep_ in ("dobj", "attr") and c.i < verb.i for c in head.children)):
        first = head.i
        for child in head.children:
            if child.dep_ in ("aux", "auxpass", "neg") and child.i < head.i and head.i - child.i <= 4:
                first = min(first, child.i)
    # 'have begun urging', 'started asking': the verb of beginning opens the cue.
    if verb.dep_ == "xcomp" and verb.tag_ == "VBG" and _lemma(head) in _ASPECT_VERBS and head.i < verb.i and \
            all(doc[j].dep_ in ("advmod", "neg") and doc[j].head.i in (head.i, verb.i) for j in range(head.i + 1, verb.i)):
        first = head.i
        for child in head.children:
            if child.dep_ in ("aux", "auxpass", "neg") and child.i < head.i and head.i - child.i <= 4:
                first = min(first, child.i)
    # 'released a statement Wednesday saying', 'sent a letter to the board urging':
    # a participle after a verb that put out a statement opens the cue with that verb.
    issuer = _issuing_verb(verb)
    if issuer is not None:
        head = issuer
        first = min([issuer.i] + [c.i for c in issuer.children if c.dep_ in ("aux", "auxpass", "neg")
                                  and c.i < issuer.i and issuer.i - c.i <= 4])
    # Adverbs directly before the verb (or its auxiliaries) colour the cue.
    while first > 0 and doc[first - 1].dep_ == "advmod" and doc[first - 1].head.i in (verb.i, head.i) \
            and doc[first - 1].pos_ == "ADV":
        first -= 1
    last = verb.i + 1 if _puts_it(verb) else verb.i
    lemma = _lemma(verb)
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == verb.i and nxt.lower_ in _DAYS and nxt.dep_ in ("npadvmod", "advmod"):
        last += 1
    elif nxt is not None and nxt.head.i == verb.i and nxt.dep_ in ("prep", "prt") and \
            nxt.lower_ in PREPOSITION_VERBS.get(lemma, frozenset()) | _CUE_PARTICLES.get(lemma, frozenset()):
        last += 1
    # 'said in an interview', 'said in a statement': the medium is part of the cue.
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == verb.i and nxt.lower_ == "in":
        obj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if obj is not None and _lemma(obj) in _MEDIA and obj.i - nxt.i <= 3:
            last = obj.i
    # 'said sarcastically', 'complained bitterly': a manner adverb right after the verb.
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == verb.i and nxt.dep_ == "advmod" and nxt.tag_ == "RB" and \
            (nxt.lower_.endswith("ly") or nxt.lower_ in ("again", "instead", "later")) and last == verb.i:
        last += 1
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


#: Verbs whose object, not their subject, does what the infinitive says ('led the
#: journalist to fear', 'became the first senator to endorse'): the cue is the infinitive.
_CONTROL_VERBS = frozenset("lead prompt leave cause force drive inspire spur compel allow enable become".split())


_MEDIA = frozenset("interview statement letter email e-mail tweet post speech memo release briefing".split())


#: Objects of "in"/"on" that say where, how or for whom a position was taken, not
#: what it is about.
_NOT_ABOUT = _MEDIA | _OUTLETS | _MANNERS


#: What a verb puts out when a participle after it gives its words ('issued a statement calling').
_ISSUED = frozenset("statement letter email e-mail tweet message memo release note series".split())


_ISSUING = frozenset("release issue send post publish unleash fire email".split())


def _issuing_verb(verb: Any) -> Any | None:
    """The verb that issued the statement a participle of saying hangs on ('released a
    statement saying', 'sent a letter urging'), if any."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "acl"):
        return None
    issuer = verb.head
    if verb.dep_ == "acl":
        noun = verb.head
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "NOUN":
            noun = noun.head.head
        issuer = noun.head if noun.dep_ == "dobj" else None
    if issuer is None or issuer.pos_ != "VERB" or issuer.i >= verb.i or verb.i - issuer.i > 15:
        return None
    if _lemma(issuer) not in _ISSUING or _lemma(verb) not in SAYING_VERBS:
        return None
    obj = next((c for c in issuer.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None or _lemma(obj) not in _ISSUED:
        return None
    if _lemma(obj) == "series" and not any(g.dep_ == "prep" and any(_lemma(x) in _ISSUED for x in g.children)
                                          for g in obj.children):
        return None
    doc = verb.doc
    if any(doc[j].text in (".", ";", ":", "\"", "\u201c", "\u201d") for j in range(issuer.i + 1, verb.i)):
        return None
    return issuer


#: Prepositions that stay with the verb whatever follows ('called on X to', 'described as').
_CUE_PARTICLES = {"describe": frozenset({"as"}), "point": frozenset({"out"}), "call": frozenset({"for", "on", "upon"})}


#: Prepositions whose gerund is something the main clause's subject did ('by
#: attacking', 'after praising', 'despite criticizing').
_ACTS_OF_THE_SUBJECT = frozenset("by in after before despite without besides".split())


def _subject(verb: Any, depth: int = 0) -> Any | None:
    """The speaker of a verb: its own subject, the agent of a passive, or (for
    "..., adding that", "X smiled and said") the subject of the verb it hangs on."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and c.text not in _DASHES]
    if subjects:
        # Two subjects are a misparse of a heading or a fronted phrase run into the
        # clause ('The Latest: Ruiz urges ...'): the speaker is the one next to the verb.
        before = [c for c in subjects if c.i < verb.i and (c.lower_ not in ("both", "all", "each")
                                                           or len(subjects) == 1)]
        return before[-1] if before else subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None  # "X was told that ...": X heard it, nobody named said it
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.lower_ == "having" for c in verb.children):
        return None  # 'Asked about the slide, the spokesperson said': she was asked, by nobody named
    if verb.tag_ == "VBG" and (verb.dep_ == "advcl" or verb.dep_ == "pcomp" and verb.head.dep_ == "prep"):
        # 'After saying ..., she was rushed to hospital': the one the main clause is
        # about spoke, even when that clause is passive.
        main = verb.head if verb.dep_ == "advcl" else verb.head.head
        passive = next((c for c in main.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and _lemma(verb) in SAYING_VERBS:
            return passive
    if verb.dep_ == "xcomp" and verb.tag_ == "VBG" and _lemma(verb) in SAYING_VERBS:
        # 'the ad shows footage of Ruiz saying', 'Ruiz was heard telling': the one
        # seen or heard speaks.
        before = verb.doc[verb.i - 1]
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if obj is not None and before.pos_ in ("PROPN", "NOUN") and \
                any(t.i == before.i for t in obj.subtree):
            return before
        passive = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive
    if depth < 2 and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head.i != verb.i:
        head = verb.head
        if _is_speakers_next_act(verb):
            head = head.head  # 'said the bridge fell and warned drivers': the one who said it warns
        if verb.dep_ == "xcomp" and _lemma(head) in _CONTROL_VERBS:
            # 'prompted the mayor to call for': the mayor calls for it.
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None:
                return obj
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
            head = head.head  # 'voters are more likely to say': the subject of "are"
        return _subject(head, depth + 1)
    issuer = _issuing_verb(verb) if depth < 2 else None
    if issuer is not None:
        return _subject(issuer, depth + 1)  # 'the council issued a statement calling ...'
    if depth < 2 and verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" and \
            verb.head.head.pos_ in ("VERB", "AUX") and (
                _lemma(verb) in SAYING_VERBS or
                _lemma(verb) in OBJECT_VERBS and verb.head.lower_ in _ACTS_OF_THE_SUBJECT):
        # 'responded by saying ...', 'began by saying', 'before asking her', 'won
        # by attacking the deal': the speaker is the subject of the verb the
        # preposition hangs on.  ('charged with promoting', 'known for backing' do not
        # say who took the position.)
        return _subject(verb.head.head, depth + 1)
    if depth == 0 and verb.pos_ == "VERB":
        # 'With her film, Ruiz documents ...': a name before the verb the parser left
        # unattached is its subject.
        loose = [c for c in verb.children if c.dep_ == "dep" and c.i < verb.i and c.pos_ == "PROPN"]
        if loose:
            return loose[-1]
        # 'About 4 in 10 say ...': a number read as the verb's modifier.
        counts = [c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i]
        if counts:
            return counts[-1]
        # 'In a statement to the paper, her aide, Ana Ruiz, said': the speaker read as an
        # apposition of the fronted phrase's last noun.
        doc = verb.doc
        for child in verb.lefts:
            if child.dep_ != "prep" or max(t.i for t in child.subtree) < verb.i - 2:
                continue
            for t in child.subtree:
                if t.dep_ == "appos" and t.head.dep_ == "pobj" and doc[min(x.i for x in t.subtree) - 1].text == "," \
                        and max(x.i for x in t.subtree) >= verb.i - 2:
                    return t
    return None


_DASHES = ("-", "--", "\u2013", "\u2014", "\u2015")


_DATELINE = re.compile(r"^(?:[A-Z][A-Z .,'-]{2,}(?:\([^)]*\))?"
                       r"|[A-Z][A-Za-z.' -]{2,}(?:, [A-Z][a-z]{2,3}\.? \d{1,2})? \([A-Z][A-Za-z ]*\))"  # 'Rome, May 2 (AFP)'
                       r"\s*[-\u2013\u2014\u2015]+\s*")


#: Verbs of a relative clause that says who the speaker is, like a title ('X, who
#: heads the clinic,', 'who works as a nurse', 'who was born in Korvel'), rather than
#: what the speaker did or thinks.
_ROLE_VERBS = frozenset("serve head run lead chair direct represent oversee manage study teach research "
                        "advise edit coach track monitor specialize work write cover replace bear raise grow "
                        "found own".split())


def _unnamed(clause: Any) -> bool:
    """'who declined to be named', 'who spoke on condition of anonymity': the clause is
    all there is to say who an unnamed source is (our convention; PolNeAR varies)."""
    return any(_lemma(x) in ("name", "identify", "anonymity", "anonymously") for x in clause.subtree)


def _aside_after_name(subject: Any, toks: list[Any]) -> int | None:
    """Where a comma-separated aside closing the source begins (the index of its comma),
    if the annotation leaves it out: a clause on the name telling what the speaker did
    or is doing ('Ana Ruiz, who called the plan a mistake,', 'Ruiz, speaking at the
    port,'), or a "which"-clause on a word inside the apposition, which describes that
    word and not the speaker ('Ruiz, head of the port authority, which runs the docks,')."""
    last = max((t.i for t in toks if not t.is_punct), default=None)
    members = {t.i for t in toks}
    doc = subject.doc
    for t in toks:
        if t.dep_ not in ("relcl", "acl", "advcl", "prep", "amod", "appos") or t.i <= subject.i:
            continue
        sub = [x.i for x in t.subtree]
        first = min(sub)
        if t.dep_ == "prep" and t.lower_ == "in" and t.head.i == subject.i and max(sub) == last and \
                last + 1 < len(doc) and subject.head.i in (last + 1, doc[last + 1].head.i) and \
                all(x.ent_type_ == "DATE" for x in t.subtree if x.i != t.i):
            return first - 1  # 'a panel in 2001 found': when it said so, not who
        if max(sub) != last or first - 1 not in members or doc[first - 1].text not in (",", "(", *_DASHES):
            continue
        if doc[first - 1].text in _DASHES and not doc[first - 2].whitespace_:
            continue  # a hyphen, not a dash ('Sen. Ana Ruiz (D-Ore.)')
        if any(ch in doc[first:last + 1].text for ch in QUOTE_CHARS[:4]):
            continue
        if t.dep_ == "appos" and doc[first - 1].text == "," and doc[first - 2].ent_type_ == "GPE" and \
                doc[first - 2].head.lower_ == "of" and \
                t.ent_type_ != "GPE" and (t.head.dep_ == "appos" and t.head.head.i == subject.i or t.head.i == subject.i
                                          and any(c.dep_ == "appos" and c.i < first - 1 for c in subject.children)):
            # 'X, the governor of Korvel, a state of 900,': the second describes the place
            # (after 'a group in Korvel' it may name the group).
            return first - 1
        if (doc[first - 1].text == "(") != (t.dep_ == "appos"):
            continue
        if t.dep_ in ("prep", "amod", "appos"):
            # 'Ana Ruiz, like her rival,', 'the agency, largest in the state,', a remark in
            # brackets, 'Ana Ruiz (a view many share)', '(left)', but not '(D-Ore.)'
            if t.head.i == subject.i and (t.dep_ == "appos" and doc[first].is_lower or t.dep_ == "amod"
                                          or t.lower_ in ("like", "unlike")):
                return first - 1
            continue
        if t.dep_ not in ("relcl", "acl", "advcl"):
            continue
        if t.dep_ == "acl" and t.tag_ in ("VBD", "VBZ", "VBP"):
            return first - 1  # a clause of its own the parser hung inside the source
        if t.head.i == subject.i:
            if t.dep_ == "relcl" and _lemma(t) not in _ROLE_VERBS and not _unnamed(t) and \
                    not (_lemma(t) == "be" and any(c.dep_ == "attr" for c in t.children)):  # 'who is an actor'
                return first - 1
            if t.dep_ in ("acl", "advcl") and subject.pos_ == "PROPN" and t.tag_ in ("VBG", "VBN"):
                return first - 1
            continue
        if t.dep_ != "relcl" or doc[first].lower_ != "which":
            continue  # ('a lawyer for the union, who ...' is said of the lawyer)
        up = t.head
        while up.i != subject.i and up.dep_ != "appos":
            up = up.head
        if up.i != subject.i and up.head.i == subject.i:
            return first - 1
    return None


def _named_after_fronted(subject: Any) -> Any:
    """The name in 'With a week to go until the vote, Ana Ruiz, a senior aide, said':
    the parser took the end of the fronted phrase for the subject and the name for its
    apposition. A subject that really has an apposition opens its clause; this one
    follows a word that governs it ('until', 'understand')."""
    doc = subject.doc
    start = min(t.i for t in subject.subtree)
    if start == 0 or subject.pos_ not in ("NOUN", "PROPN"):
        return subject
    before = doc[start - 1]
    if before.is_punct or before.is_space or before.pos_ not in ("ADP", "VERB", "ADV", "SCONJ"):
        return subject
    if before.dep_ in ("mark", "cc") or before.lower_ in ("that", "then", "now", "also") or \
            before.i == subject.head.i:
        return subject  # ('said Ana Ruiz, the mayor,': a source after its verb)
    for child in subject.children:
        first = min(t.i for t in child.subtree)
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > subject.i and \
                doc[first - 1].text == "," and doc[first].pos_ != "DET":
            return child
    return subject


def _list_head_before(subject: Any) -> Any | None:
    """The first part of a subject the parser split in two at a comma ('The family,
    neighbours and friends have demanded', 'Ana Ruiz, the mayor of Korvel, said' with
    'mayor' read as a second subject) or right before it ('Harbour News\u2019 Ana Ruiz',
    'port spokesman the Rev. Tomas Berg'): the noun before, if any."""
    if subject.dep_ != "nsubj" or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    start = min(t.i for t in subject.subtree)
    doc = subject.doc
    if start < 1:
        return None
    if doc[start - 1].text == ",":
        if not (doc[start].pos_ == "DET" or any(c.dep_ == "conj" for c in subject.children)):
            return None
        end = start - 2
    elif doc[start - 1].text in ("\u2019", "'"):
        end = start - 2
    else:
        end = start - 1
    for other in subject.head.children:
        if other.dep_ == "nsubj" and other.i < subject.i and other.pos_ in ("NOUN", "PROPN") and \
                max(t.i for t in other.subtree) == end and \
                not any(t.pos_ == "VERB" or t.is_space or t.is_quote for t in other.subtree):
            return other  # (not across a quotation's end: '"... the senator," Ruiz said')
    return None


def source_span(subject: Any) -> Span | None:
    """The subject phrase, as annotated corpora delimit it: an apposition keeps its
    closing comma or dash ("X, a Y,", "X -- a Y --"); a dateline, a line break or a
    stray quotation mark before the phrase, a leading "even" and a conjunction the parser
    hung on it ("But Ruiz claims") are not part of it."""
    subject = _named_after_fronted(subject)
    toks = sorted(_subtree(subject), key=lambda t: t.i)
    # A phrase the parser hung on the subject from beyond the verb ('A majority of voters
    # expect X, the first of ...') leaves a gap: the source is the run around the subject.
    first = last = next(k for k, t in enumerate(toks) if t.i == subject.i)
    while first > 0 and toks[first - 1].i == toks[first].i - 1:
        first -= 1
    while last + 1 < len(toks) and toks[last + 1].i == toks[last].i + 1:
        last += 1
    toks = toks[first:last + 1]
    lead = _list_head_before(subject)
    if lead is not None:
        toks = sorted(_subtree(lead), key=lambda t: t.i) + \
            list(subject.doc[max(t.i for t in lead.subtree) + 1 : toks[0].i]) + toks
    # ("Only 40 percent of voters" keeps its "only", which says how many.)
    while len(toks) > 1 and (toks[0].is_space or toks[0].text in QUOTE_CHARS or "\n" in toks[0].text
                             or toks[0].lower_ in ("even", "also") and toks[0].dep_ == "advmod"
                             or toks[0].lower_ in ("but", "and", "yet") and toks[0].dep_ == "cc"):
        toks = toks[1:]
    # (A no-break space inside a name, 'Gov.\xa0Mike Pence', is no break.)
    # 'The debate is predictable - Ana Ruiz has vowed': a dash before the name ends
    # another clause.
    dashes = [k for k, t in enumerate(toks) if t.text in _DASHES and t.i < subject.i and t.whitespace_
              and t.i > 0 and t.doc[t.i - 1].whitespace_]
    if dashes:
        toks = toks[dashes[-1] + 1:]
    breaks = [k for k, t in enumerate(toks) if "\n" in t.text or (t.is_space and k > 0 and t.text.strip("\xa0"))]
    if breaks:
        toks = toks[breaks[-1] + 1:] or toks
    aside = _aside_after_name(subject, toks)
    if aside is not None:
        toks = [t for t in toks if t.i < aside or t.i == aside and t.text != "("]
    span = _tokens_span(toks)
    if span is None:
        return None
    doc = subject.doc
    # (Doc.text is rebuilt on every access: look at this phrase's own text only.)
    phrase = doc[toks[0].i : toks[-1].i + 1]
    dateline = _DATELINE.match(phrase.text)
    if dateline and phrase.start_char + dateline.end() < span[1]:
        span = (phrase.start_char + dateline.end(), span[1])
    last = toks[-1].i
    inner = [t.text for t in toks[1:-1]]
    for marks in ((",",), _DASHES):
        if not any(m in inner for m in marks):
            continue
        if doc[last].text in marks:
            return _with_closing_quote(doc, (span[0], doc[last].idx + len(doc[last].text)))
        if last + 2 < len(doc) and doc[last + 1].text in marks and doc[last + 2].head.i != doc[last + 1].i:
            return _with_closing_quote(doc, (span[0], doc[last + 1].idx + len(doc[last + 1].text)))
    return _with_closing_quote(doc, span)


def _with_closing_quote(doc: Any, span: Span) -> Span:
    """A quotation the source opens ('The ad, titled "Arrogant,"') closes inside it; a
    bullet ('-Ana Ruiz explains') or an unclosed bracket before it is not part of it."""
    text = doc_text(doc)[span[0]:span[1] + 1]  # (doc.text is rebuilt on every access)
    if text[:1] in ("-", "(") and text[1:2].isalpha() and (text[0] == "-" or ")" not in text):
        return _with_closing_quote(doc, (span[0] + 1, span[1]))
    opened = text[:-1].count("\u201c") - text[:-1].count("\u201d")
    if opened == 1 and text[-1:] == "\u201d":
        return span[0], span[1] + 1
    return span


def stance_of(cue_verb: Any | None, content_tokens: list[Any]) -> str:
    """How firmly the content is put, in this order:
    denies  — a denial cue ("denied", "rejected");
    hedges  — a hedging cue ("suggested", "believes"), or a modal, "probably",
              "appears to" in any sentence of the content;
    denies  — a negated first clause ("we did not strike ...") or, in any sentence,
              a negated existence ("there are no troops");
    asserts — otherwise.  A negated bound ("did not exceed 3,100") asserts a figure,
    and a contrast ("a floor, not a ceiling") is no denial."""
    if cue_verb is not None and _lemma(cue_verb) in DENIAL_VERBS:
        return "denies"
    members = {t.i for t in content_tokens}
    roots = sorted((t for t in content_tokens if (t.head.i not in members or t.head.i == t.i) and not t.is_punct),
                   key=lambda t: t.i)

    def near(root: Any) -> list[Any]:
        out = [*root.children, root]
        out += [g for c in list(out) for g in c.children
                if c.dep_ in ("nsubj", "dobj", "attr", "nsubjpass", "acomp", "ccomp")]
        return out

    if cue_verb is not None and _lemma(cue_verb) in HEDGE_VERBS:
        return "hedges"
    if any(t.lower_ in HEDGE_WORDS or _lemma(t) in ("appear", "seem") for r in roots for t in near(r)):
        return "hedges"
    if roots and _lemma(roots[0]) in HEDGE_VERBS:
        return "hedges"  # 'said she believes ...'
    if roots and _negated(roots[0], near(roots[0])):
        return "denies"
    if any(_denies_existence(r) for r in roots):
        return "denies"
    return "asserts"


def _negated(root: Any, near: list[Any]) -> bool:
    if _lemma(root) in _BOUND_VERBS or _lemma(root) in _REFUSAL_VERBS:
        return False
    words = [t for t in root.sent if not t.is_space]
    if words and words[-1].text == "?":
        return False  # a question denies nothing
    return any(t.lower_ in NEGATION_WORDS and t.dep_ in _NEGATING_DEPS
               and (t.dep_ not in ("neg", "advmod") or t.head.pos_ in ("VERB", "AUX")) for t in near)


def _denies_existence(root: Any) -> bool:
    """'There are no troops', 'No soldier is taking part'."""
    if any(c.dep_ == "expl" for c in root.children):
        return any(g.lower_ in ("no", "none") for c in root.children if c.dep_ == "attr"
                   for g in [c, *c.children])
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
               for c in root.children)


#: Verbs whose negation states a bound on a figure, not a denial.
_BOUND_VERBS = frozenset("exceed surpass top pass reach total number".split())


#: Verbs whose negation is a refusal to speak ("I won't go into numbers"), not a denial.
_REFUSAL_VERBS = frozenset("comment go discuss speculate elaborate say answer confirm".split())


_NEGATING_DEPS = ("neg", "det", "advmod", "nsubj", "nsubjpass", "dobj", "attr", "preconj")


def _kind(text: str, pieces: list[Span]) -> str:
    if not pieces:
        return "indirect"
    quoted = [text[a] in QUOTE_CHARS and text[b - 1] in QUOTE_CHARS + ",." for a, b in pieces]
    if all(quoted):
        return "direct"
    if any(ch in '"\u201c\u201d' for a, b in pieces for ch in text[a:b]):
        return "mixed"
    return "indirect"


def _sentence_span(token: Any) -> Span:
    s = token.sent
    return s.start_char, s.end_char


_ACT_VERBS = SPEECH_VERBS | OBJECT_VERBS | INTENT_VERBS | NAMING_VERBS

#: 'said he was proud of the campaign and hoped to win': a wish joined to what was said
#: is part of it, not the speaker's next act.
_WISHING_VERBS = frozenset("want hope expect wish favor favour prefer".split())


def _is_speakers_next_act(conj: Any) -> bool:
    """'said the plan had failed and called for an inquiry': a verb of saying or taking
    a position, in the cue's own tense (also two participles: 'arguing that the toll
    failed and promising to scrap it') and with no subject of its own, joined to a
    complement that has its own subject, is the speaker's next act (the parser hangs
    it on the complement), not part of what was said."""
    comp = conj.head
    verb = comp.head
    return conj.dep_ == "conj" and conj.pos_ == "VERB" and (comp.dep_ in _COMPLEMENT_DEPS or _is_that_advcl(comp)) \
        and comp.i > verb.i and _finite_tag(verb) in ("VBD", "VBZ", "VBP", "VBG") and conj.tag_ == _finite_tag(verb) \
        and _lemma(conj) in _ACT_VERBS and _lemma(conj) not in _WISHING_VERBS \
        and _lemma(verb) in SPEECH_VERBS \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children)


def _is_that_advcl(clause: Any) -> bool:
    """'tweeted that the plan was a con': the parser may call a reported clause with its
    own subject, opening with "that", an adverbial one."""
    return clause.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in clause.children) and \
        clause.left_edge.lower_ == "that"


def _is_time(token: Any) -> bool:
    """A date, a time of day, or a day named ('Tuesday', 'yesterday', 'then')."""
    return token.ent_type_ in ("DATE", "TIME") or token.lower_ in _DAYS


def _finite_tag(verb: Any) -> str:
    """The tag of a verb as the tense of its clause: a past participle with neither
    auxiliary nor passive subject heading its sentence ('Trump tweeted that') is a past tense."""
    if verb.tag_ == "VBN" and verb.dep_ == "ROOT" and not any(
            c.dep_ in ("aux", "auxpass", "nsubjpass") for c in verb.children):
        return "VBD"
    return verb.tag_


_CONNECTIVES = re.compile(
    r"(?:however|meanwhile|moreover|furthermore|additionally|also|still|instead|indeed|"
    r"in addition|as it stands|at the same time|in fact)\b,?\s*", re.IGNORECASE)


#: Words that, left alone before an interrupting cue ("If, as he suggested, ..."), link
#: the sentence to what came before rather than say anything.
_LONE_LINKS = frozenset("if yet but and so or while although though because when".split())


def _without_connective(text: str, pieces: list[Span]) -> list[Span]:
    """A content does not start with the writer's link to the previous sentence
    ("However, ...", "In addition, ...")."""
    if len(pieces) > 1 and text[pieces[0][0]:pieces[0][1]].lower() in _LONE_LINKS:
        pieces = pieces[1:]
    if not pieces:
        return pieces
    a, b = pieces[0]
    # 'WASHINGTON -- The plan ..., he said' at the head of a paragraph.
    dateline = _DATELINE.match(text[a:b]) if a == 0 or text[a - 1] == "\n" else None
    if dateline and dateline.end() < b - a:
        a += dateline.end()
        pieces = [(a, b)] + pieces[1:]
    m = _CONNECTIVES.match(text, a, b)
    if m and m.end() < b and text[a].isupper():
        pieces = [(m.end(), b)] + pieces[1:]
    return pieces


class _Quotes(list):
    """A document's quotations in text order, with their starts kept sorted so that the
    rules look only at the quotations near a span: looking at all of them for every
    relation made a long document quadratic."""

    def __init__(self, quotes: list[Quote]) -> None:
        super().__init__(sorted(quotes, key=lambda q: q.start))
        self.starts = [q.start for q in self]
        self.longest = max((q.end - q.start for q in self), default=0)

    def at(self, position: int) -> Quote | None:
        """The quotation that opens at `position`, if one does."""
        k = bisect.bisect_left(self.starts, position)
        return self[k] if k < len(self.starts) and self.starts[k] == position else None

    def from_index(self, position: int) -> int:
        """The index of the first quotation that may reach `position` or beyond."""
        return bisect.bisect_right(self.starts, position - self.longest - 1)


def _is_quoted_title(text: str, pieces: list[Span], quotes: _Quotes) -> bool:
    """'wrote "The Long Road Home"': an object that is only a quoted title or term."""
    if len(pieces) != 1:
        return False
    a, b = pieces[0]
    lo, hi = bisect.bisect_left(quotes.starts, a - 2), bisect.bisect_right(quotes.starts, a)
    return any(q.start <= a <= q.start + q.mark and q.end - q.mark <= b <= q.end and not is_speech(text, q)
               for q in quotes[lo:hi])


def _that_clause(noun: Any) -> Any | None:
    return next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
