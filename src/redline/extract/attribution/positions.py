"""Positions taken without a verb of saying, each a relation of its own.

Called by the verb pass in `rules` for a verb or adjective it does not read as saying:
"made clear that", a verb of saying before a colon, verbs of feeling whose object holds
the feeling ("the toll worries fishermen"), "as X put it", "X seems to", phrasal verbs
("laid out"), partisan nouns ("a staunch opponent of"), light verbs with a noun of
stance ("has no illusions about", "took a swipe at") and a copula with an adjective of
attitude ("has been critical of", "is convinced that").
"""

from __future__ import annotations

from typing import Any

from redline.extract.attribution.cues import (
    FEELING_VERBS,
    INTENT_VERBS,
    OBJECT_VERBS,
    PHRASAL_VERBS,
    SPEECH_VERBS,
    STANCE_NOUNS,
)
from redline.extract.attribution.quotes import QUOTE_CHARS, Quote
from redline.extract.attribution.spans import (
    _SETTING_PREPS,
    Found,
    _is_quoted_title,
    _kind,
    _lemma,
    _pieces,
    _sentence_span,
    _subject,
    _subtree,
    _that_clause,
    _with_continuation,
    _without_connective,
    _without_trailing_aside,
    cue_span,
    source_span,
    stance_of,
)

#: Nouns that "make" turns into a statement ("made the case that ...").
_MADE_NOUNS = frozenset("case point observation".split())


def _made_clear(verb: Any, text: str) -> Found | None:
    """'made it clear that ...', 'has made clear that ...', 'made the case that ...':
    the verb through "clear" (or the noun) is the cue, the "that"-clause the content."""
    end = clause = None
    for child in verb.children:
        if child.i <= verb.i or child.i > verb.i + 4:
            continue
        if child.lower_ == "clear" and child.dep_ in ("ccomp", "acomp", "oprd", "xcomp", "advmod"):
            end = child
            clause = next((g for g in child.children if g.dep_ in ("advcl", "csubj", "ccomp") and g.i > child.i
                           and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)), None)
            if clause is None:
                clause = next((g for g in verb.children if g.dep_ in ("ccomp", "advcl") and g.i > child.i
                               and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)), None)
        elif child.dep_ == "dobj" and _lemma(child) in _MADE_NOUNS:
            end, clause = child, _that_clause(child)
        if clause is not None:
            break
    if end is None or clause is None:
        return None
    pieces = _pieces(_without_trailing_aside(_subtree(clause)), exclude=set())
    if not pieces:
        return None
    subject = _subject(verb)
    return Found(cue=(cue_span(verb)[0], end.idx + len(end.text)), content=pieces,
                 source=source_span(subject) if subject is not None else None, kind=_kind(text, pieces),
                 stance=stance_of(None, _subtree(clause)), scope=_sentence_span(verb), origin="verb",
                 cue_head=verb.idx)


def _colon_statement(verb: Any, text: str) -> Found | None:
    """'The governor added: It is typical of her.': what follows the colon, unquoted,
    is what was said (`_through_colon` runs it to the end of the paragraph)."""
    subject = _subject(verb)
    colon = verb.doc[verb.i + 1]
    rest = [t for t in verb.doc[colon.i + 1 :] if not t.is_space]
    if subject is None or not rest or rest[0].text in QUOTE_CHARS or rest[0].idx > colon.idx + 3 and \
            "\n" not in text[colon.idx:rest[0].idx]:
        return None
    first = rest[0]
    piece = (first.idx, first.sent.end_char if first.sent.start == first.i else first.idx + len(first.text))
    pieces = [(piece[0], max(piece[1], first.idx + len(first.text)))]
    return Found(cue=cue_span(verb), content=pieces, source=source_span(subject), kind=_kind(text, pieces),
                 stance="asserts", scope=_sentence_span(verb), origin="verb", cue_head=verb.idx)


def _feeling(verb: Any, text: str) -> Found | None:
    """'The toll worries the fishermen': the people it worries hold the attitude (the
    source), what worries them is the content."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if obj is None or subject is None or obj.pos_ not in ("NOUN", "PROPN") or subject.lower_ in ("it", "what", "who"):
        return None
    content_tokens = _subtree(subject)
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces:
        return None
    return Found(cue=cue_span(verb), content=pieces, source=source_span(obj), kind=_kind(text, pieces),
                 stance=stance_of(None, content_tokens), scope=_sentence_span(verb), origin="object",
                 cue_head=verb.idx)


def _as_put_it(verb: Any, text: str) -> Found | None:
    """'The toll is a tax on work, as the mayor put it': the clause "put it" hangs on
    is what was said."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it" and c.i == verb.i + 1), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if obj is None or subject is None or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    own = {t.i for t in verb.subtree}
    content_tokens = [t for t in verb.head.subtree if t.i not in own]
    pieces = _without_connective(text, _pieces(content_tokens, exclude=own))
    if not pieces:
        return None
    return Found(cue=(cue_span(verb)[0], obj.idx + len(obj.text)), content=pieces, source=source_span(subject),
                 kind=_kind(text, pieces), stance=stance_of(None, content_tokens), scope=_sentence_span(verb),
                 origin="verb", cue_head=verb.idx)


def _seeming(verb: Any, text: str) -> Found | None:
    """'The plan seems to have failed', 'voters appeared unconvinced': the writer's
    impression, with no source; the subject and what it seems to be or do are the content."""
    comp = next((c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd") and c.i > verb.i), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if comp is None or subject is None or subject.lower_ in ("it", "there", "that") or \
            _lemma(comp) in SPEECH_VERBS | INTENT_VERBS | OBJECT_VERBS or \
            verb.dep_ == "ccomp" and _lemma(verb.head) in ("make", "let"):
        return None  # ('makes him seem kind' is a cause, not an impression)
    content_tokens = _subtree(subject) + _without_trailing_aside(_subtree(comp))
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces:
        return None
    return Found(cue=cue_span(verb), content=pieces, source=None, kind=_kind(text, pieces), stance="hedges",
                 scope=_sentence_span(verb), origin="object", cue_head=verb.idx)


def _phrasal(verb: Any, text: str, quotes: list[Quote]) -> Found | None:
    """'laid out her plan', 'played down the risk', 'shrugged the criticism off': with its
    particle, the verb takes a position on its object."""
    particle = next((c for c in verb.children if c.dep_ in ("prt", "advmod") and c.lower_ in PHRASAL_VERBS[_lemma(verb)]
                     and 0 < c.i - verb.i <= 4), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    subject = _subject(verb)
    if particle is None or obj is None or subject is None:
        return None
    content_tokens = [t for t in _without_trailing_aside(_with_continuation(verb, obj)) if t.i != particle.i]
    pieces = _pieces(content_tokens, exclude={particle.i})
    if not pieces or _is_quoted_title(text, pieces, quotes):
        return None
    cue = cue_span(verb)
    if particle.i == verb.i + 1:
        cue = (cue[0], max(cue[1], particle.idx + len(particle.text)))
    return Found(cue=cue, content=pieces, source=source_span(subject), kind=_kind(text, pieces),
                 stance=stance_of(verb, content_tokens), scope=_sentence_span(verb), origin="object",
                 cue_head=verb.idx)


def _partisan(noun: Any, text: str) -> Found | None:
    """'is a staunch opponent of X', 'has been a vocal critic of X': the copula through
    the preposition is the cue, X the content.  (As an apposition, 'Y, a critic of X,'
    describes Y rather than reports a position.)"""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.i == noun.i + 1
                 and c.lower_ in ("of", "for", "against")), None)
    content = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if content is None or _lemma(noun.head) not in _COPULAS:
        return None
    subject = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "what", "who", "which"):
        return None
    content_tokens = _without_trailing_aside(_subtree(content))
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces:
        return None
    return Found(cue=(cue_span(noun.head)[0], prep.idx + len(prep.text)), content=pieces,
                 source=source_span(subject), kind=_kind(text, pieces), stance=stance_of(None, content_tokens),
                 scope=_sentence_span(noun), origin="object", cue_head=noun.idx)


#: Nouns of attack whose "at" names the target even when the parser hangs it on the verb.
_AIMED = frozenset("shot swipe jab aim offense offence dig potshot".split())


_NOUNS_TO = frozenset("tribute homage reference objection exception support challenge".split())


_LIGHT_PREPS = frozenset("of about on for at to with against over in into behind toward towards".split())


def _light_verb(verb: Any, text: str) -> Found | None:
    """'has no illusions about X', 'made little secret of X', 'took aim at X', 'raised
    doubts that ...': a light verb and a noun of stance say what its subject holds."""
    noun = next((c for c in verb.children if c.dep_ == "dobj" and _lemma(c) in STANCE_NOUNS
                 and 0 < c.i - verb.i <= 4), None)
    if noun is None:
        return None
    subject = _subject(verb)
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "what"):
        return None
    # (The parser may hang the preposition on the verb: 'took a shot at'; but 'made the
    # pledge at a rally' says where.)
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.i == noun.i + 1 and c.lower_ in _LIGHT_PREPS),
                None) or next((c for c in verb.children if c.dep_ == "prep" and c.i == noun.i + 1 and (
                    c.lower_ in _LIGHT_PREPS - _SETTING_PREPS - {"to"}
                    or c.lower_ == "at" and _lemma(noun) in _AIMED)), None)
    if prep is not None and prep.lower_ == "to" and _lemma(noun) not in _NOUNS_TO:
        prep = None  # 'made the case to voters': who heard it
    if prep is not None and prep.lower_ == "of" and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return None  # 'has the support of X': X's support, not the subject's
    content = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    end = prep
    if content is None:
        content, end = _that_clause(noun), noun
    if content is None:
        return None
    return _position(verb, end, content, subject, text, cue_head=verb.idx)


_COPULAS = frozenset("be become remain seem appear grow sound stay".split())


_ATTITUDE_PREPS = frozenset("of about on over with toward towards at in to for against by".split())


def _attitude(adj: Any, text: str) -> Found | None:
    """'has been critical of the deal', 'were coy about it', 'is convinced that ...',
    'is eager to run': the copula through the adjective (and its preposition) is the
    cue, what the attitude is about the content, the copula's subject the source."""
    if adj.dep_ == "acomp" and _lemma(adj.head) in _COPULAS and adj.head.i < adj.i:
        verb = adj.head
    elif adj.pos_ == "VERB" and any(c.dep_ == "auxpass" and _lemma(c) == "be" for c in adj.children):
        verb = adj  # 'were coy about', 'were incensed that': the parser reads a passive
    else:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "what"):
        return None
    end, content = adj, None
    # (The parser may hang the preposition on the copula: 'is bearish on'.)
    # ('were unsettled by the protests': the cause of a feeling may be its agent.)
    prep = next((c for c in [*adj.children, *verb.children] if c.i == adj.i + 1 and c.lower_ in _ATTITUDE_PREPS and (
        c.dep_ == "prep" or c.dep_ == "agent" and _lemma(adj) in FEELING_VERBS)), None)
    if prep is not None:
        content = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        end = prep
    if content is None:
        end = adj
        content = next((c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i
                        and (c.dep_ == "ccomp" or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))), None)
    if content is None:
        return None
    return _position(verb, end, content, subject, text, cue_head=adj.idx)


def _position(verb: Any, end: Any, content: Any, subject: Any, text: str, cue_head: int) -> Found | None:
    """A position taken with a phrase as its cue, from the verb through `end` ('has no
    illusions about', 'has been critical of'), on `content`, by `subject`."""
    content_tokens = _without_trailing_aside(_subtree(content))
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces:
        return None
    return Found(cue=(cue_span(verb)[0], end.idx + len(end.text)), content=pieces, source=source_span(subject),
                 kind=_kind(text, pieces), stance=stance_of(None, content_tokens), scope=_sentence_span(verb),
                 origin="object", cue_head=cue_head)
