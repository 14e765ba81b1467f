"""Finding attributions in one parsed text: quotations, verbs of saying, "according to".

`find_in_doc` returns `Found` relations with character offsets into the Doc's text.
Three passes, each claiming the cue tokens it uses so that a later pass does not
report the same statement twice:

1. quotations: a quotation that looks like speech, with a verb of saying right after
   it ('"...," he said') or right before it ('she replied: "..."'); a quotation split
   by its cue ('"A," he said, "B."') is one relation with two content pieces;
2. verbs of saying, thinking and intending with a clausal complement ('Ryder
   explained that ...', 'officials fear that ...', 'vowed to ...'), a clause they
   interrupt ('The plan, he said, failed') or a relayed source ('citing officials');
3. "according to X", "in the latest poll" / "in his eyes", and noun cues with a
   "that"-clause ("the claim that ...").

A position or a thought found inside what another relation says ('said he opposed the
plan', 'said the videos show ...') is part of that statement and is not reported on
its own; a statement inside one ('reported that officials said ...') is relayed by it.
`without_parts_of_statements` applies this; `nesting` calls it once transcript turns
are known. How each span is cut is in `spans`; positions taken without a verb of
saying are in `positions`.

Span conventions follow the usual annotation of news attribution (PolNeAR): the
content keeps its complementiser ("that ...") and its quotation marks but not the
sentence's final punctuation; the cue keeps its auxiliaries and negation ("has
said", "did not say"); the source is the whole subject phrase, with its titles,
determiners and appositions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any

from redline.extract import doc_text
from redline.extract.attribution.cues import (
    ACCUSE_VERBS,
    AS_VERBS,
    ATTITUDE_ADJECTIVES,
    CHARGING_VERBS,
    DENIAL_VERBS,
    FEELING_VERBS,
    INTENT_VERBS,
    LIGHT_VERBS,
    NAMING_VERBS,
    NEEDS_COMPLEMENT,
    OBJECT_VERBS,
    PARTISAN_NOUNS,
    PHRASAL_VERBS,
    POSITION_NOUNS,
    PREPOSITION_VERBS,
    RELAY_VERBS,
    SAYING_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_NOUNS,
    THINKING_VERBS,
)
from redline.extract.attribution.marks import balance_quotes, with_whole_marks
from redline.extract.attribution.positions import (
    _as_put_it,
    _attitude,
    _colon_statement,
    _feeling,
    _light_verb,
    _made_clear,
    _partisan,
    _phrasal,
    _seeming,
)
from redline.extract.attribution.quotes import QUOTE_CHARS, Quote, find_quotes, is_speech, is_title
from redline.extract.attribution.spans import (
    _ACT_VERBS,
    _BETWEEN_QUOTES,
    _COMPLEMENT_DEPS,
    _MEDIA,
    _OBJECT_DEPS,
    _SETTING_PREPS,
    _SUBJECTS,
    Found,
    Span,
    _is_cue_verb,
    _is_quoted_title,
    _is_speakers_next_act,
    _is_time,
    _kind,
    _lemma,
    _pieces,
    _Quotes,
    _sentence_span,
    _subject,
    _subtree,
    _that_clause,
    _tokens_span,
    _with_continuation,
    _without_connective,
    _without_trailing_aside,
    _without_trailing_medium,
    cue_span,
    source_span,
    stance_of,
)


def _quote_tokens(doc: Any, quote: Quote) -> tuple[int, int]:
    """Token index range [first, last] covered by a quotation."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    return span.start, span.end - 1


def _direct_quotes(doc: Any, quotes: list[Quote], used: set[int], text: str) -> list[Found]:
    in_quote = [False] * len(doc)
    ranges = {}
    for q in quotes:
        a, b = _quote_tokens(doc, q)
        ranges[q] = (a, b)
        for i in range(a, b + 1):
            in_quote[i] = True
    speech = [q for q in quotes if is_speech(text, q)]
    consumed: set[Quote] = set()
    out: list[Found] = []
    for k, q in enumerate(speech):
        if q in consumed:
            continue
        a, b = ranges[q]
        found = _cue_after(doc, b, in_quote, used) or _cue_before(doc, a, in_quote, used)
        if found is None:
            continue
        verb, subject = found
        if _closes_reported_clause(verb, a, b, in_quote):
            continue  # the verb's own clause, quotation and all, is what it reports
        used.add(verb.i)
        pieces = [(q.start, q.end)]
        consumed.add(q)
        last_quote = q
        kind = "direct"
        # 'The country "has changed," she said': the unquoted lead-in is part of it.
        lead = _lead_in(doc, a, in_quote) if verb.i > b else None
        if lead is not None:
            pieces = [(lead, q.end)]
            kind = "mixed"
        # '"Executives must face jail time" for fraud, she said': the words between the
        # quotation and its cue clause continue what is said.
        tail = _tail_before_cue(doc, b, verb, subject, in_quote) if verb.i > b else None
        if tail is not None:
            pieces[-1] = (pieces[-1][0], tail)
            kind = "mixed"
        # '"A," he said, "B."': the quotation resumes right after the cue clause.
        if verb.i > b:
            clause_end = max([verb.i] + [t.i for c in verb.children if not in_quote[c.i] and c.i > b
                                         for t in c.subtree if not in_quote[t.i]])
            after = doc[clause_end].idx + len(doc[clause_end].text)
            phrases = [c for c in verb.children if c.i > b and not in_quote[c.i]]
            for q2 in speech[k + 1 :]:
                a2, b2 = ranges[q2]
                holder = next((c for c in phrases if c.left_edge.i <= a2 <= c.right_edge.i), None)
                if holder is not None:
                    # 'said on "Meet the Press."' names the programme; 'said, adding that
                    # Sanders is "B."' quotes him within a statement of its own.
                    if holder.dep_ != "prep" and not is_title(text, q2):
                        break
                    after = q2.end
                    continue
                start2 = q2.start
                gap = text[after : q2.start]
                # '"A," he said, but "B."' / 'and still "B."': the conjunction joins B to A.
                link = _conjunction_before(doc, a2, b, in_quote)
                if link is not None:
                    start2 = link.idx
                    prev = doc[link.i - 1]
                    gap = text[min(after, prev.idx + len(prev.text)) : start2]
                # '"A," he said. "B," she replied.': B has a speaker of its own.
                if _cue_after(doc, b2, in_quote, used) is not None:
                    break
                if _BETWEEN_QUOTES.fullmatch(gap) and "\n\n" not in gap:
                    pieces.append((start2, q2.end))
                    consumed.add(q2)
                    after = q2.end
                    last_quote = q2
                else:
                    break
        # '"A." "B," he said.': a quotation with no cue of its own just before, in the
        # same paragraph, is the first part of what he said.
        if verb.i > b and kind == "direct":
            for q0 in reversed(speech[:k]):
                if q0 in consumed or not _BETWEEN_QUOTES.fullmatch(text[q0.end : pieces[0][0]]) \
                        or "\n" in text[q0.end : pieces[0][0]] or is_title(text, q0):
                    break
                pieces.insert(0, (q0.start, q0.end))
                consumed.add(q0)
        cue = cue_span(verb)
        if verb.i + 1 < len(doc) and doc[verb.i + 1].text == ":" and verb.i < a:
            cue = (cue[0], doc[verb.i + 1].idx + 1)
        if verb.i < a:
            lead = _object_before(verb, a, cue[1], in_quote)
            if lead is not None:
                pieces = [(lead, pieces[-1][1])]
                kind = "mixed"
            elif subject is not None:
                opening = _opening_before(doc, verb, subject, quotes, ranges, q.inner(text))
                if opening is not None:
                    pieces.insert(0, opening)
            # 'fear a "pact"', 'a "use it or lose it" approach': the article of a noun
            # phrase the quotation sits in belongs to what is said.
            det = doc[a - 1] if a > 0 else None
            if det is not None and det.dep_ == "det" and det.lower_ in ("a", "an") and \
                    a <= det.head.i and not in_quote[det.i] and pieces[0][0] == doc[a].idx and det.i > _cue_end_token(verb, cue):
                pieces[0] = (det.idx, pieces[0][1])
                kind = "mixed"
        tail = _phrase_after_quotation(doc, ranges[last_quote], in_quote, verb, subject)
        if tail is not None and pieces[-1][1] == last_quote.end:
            pieces[-1] = (pieces[-1][0], tail)
            kind = "mixed"
        src = source_span(subject) if subject is not None and not in_quote[subject.i] else None
        content_tokens = [t for p in pieces for t in doc.char_span(p[0], p[1], alignment_mode="expand")]
        out.append(Found(cue=cue, content=pieces, source=src, kind=kind,
                         stance=stance_of(verb, content_tokens), scope=_sentence_span(verb),
                         origin="quote", cue_head=verb.idx))
    return out


def _conjunction_before(doc: Any, first: int, last: int, in_quote: list[bool]) -> Any | None:
    """The 'and' / 'but' (with an adverb: 'and still') right before the quotation that
    opens at token `first`, after the one that closes at `last`."""
    j = first - 1
    while j > last and not in_quote[j] and (doc[j].pos_ == "ADV" or doc[j].is_punct) and doc[j].dep_ != "cc":
        j -= 1
    tok = doc[j]
    if j > last and not in_quote[j] and tok.dep_ == "cc" and tok.lower_ in ("and", "but"):
        return tok
    return None


def _closes_reported_clause(verb: Any, first: int, last: int, in_quote: list[bool]) -> bool:
    """'Her plan would raise taxes on the rich and send a message that the priority
    ''is fairness,'' he said': a quoted fragment that closes a long clause the cue
    after it reports (too long for a lead-in) is part of that clause.  Not one set
    off by a colon or dash ('... the pitch: ''Read it,'' she said'): that stands alone."""
    doc = verb.doc
    if verb.i < last or doc[first - 1].text in (":", ";", "-", "--", "\u2014") or _lead_in(doc, first, in_quote) is not None:
        return False
    comp = _complement(verb)
    if comp is None or in_quote[comp.i]:
        return False
    clause = {t.i for t in comp.subtree}
    return min(clause) < first and all(t.i in clause for t in doc[first:last + 1] if not t.is_punct) and \
        any(not t.is_punct and not in_quote[t.i] for t in doc[min(clause):first])


def _cue_end_token(verb: Any, cue: Span) -> int:
    """The index of the cue's last token."""
    k = verb.i
    while k + 1 < len(verb.doc) and verb.doc[k + 1].idx < cue[1]:
        k += 1
    return k


def _object_before(verb: Any, first: int, cue_end: int, in_quote: list[bool]) -> int | None:
    """'called the plan "a disaster"', 'is promising lower taxes and "jobs"': the
    verb's object before the quotation begins what is said (not the person told, as
    in 'told reporters: "..."')."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd") and verb.i < c.i < first
               and not in_quote[c.i] and not (c.dep_ == "dobj" and _lemma(verb) in _ADDRESSEE_VERBS)]
    starts = [t.idx for o in objects for t in o.subtree if t.idx >= cue_end]
    return min(starts) if starts else None


#: Words that make a phrase opening a sentence the scene of the speaking ('After the
#: vote, ...', 'In a statement Tuesday, ...') rather than the start of what is said
#: ('In cases of abortion, she said, "the woman is a victim."').
_SCENE_WORDS = _MEDIA | frozenset("after before during following since until".split())


def _sets_the_scene(opening: Any) -> bool:
    heads = [t for t in opening if not opening.start <= t.head.i < opening.end]
    return any(_is_time(t) for t in heads) or any(t.lower_ in _SCENE_WORDS for t in opening)


def _opening_before(doc: Any, verb: Any, subject: Any, quotes: _Quotes,
                    ranges: dict[Quote, tuple[int, int]], quoted: str) -> Span | None:
    """'"That," he added, "promises ..."', "''Hopefully,'' she said, ''...''": a cue
    set off by commas after a quotation that opens the sentence, however short
    (too short to count as speech on its own), is its first piece."""
    start = subject.left_edge.i
    if not (verb.sent.start < start and subject.i < verb.i and verb.i + 1 < len(doc)
            and doc[verb.i + 1].text == ","):
        return None
    k = bisect.bisect_left(quotes.starts, doc[start].idx) - 1
    if k >= 0:
        q = quotes[k]
        a, b = ranges[q]
        if b == start - 1 or b == start - 2 and doc[start - 1].text == ",":
            return (q.start, q.end) if a == verb.sent.start else None
    # 'An economic downturn, he said, "could be a good time to borrow."': a quotation
    # that goes on with the sentence (in lower case) has the words that open it before
    # the cue as its first piece.  (A sentence of its own has only a setting before it:
    # 'In a statement, she said, "We ..."'; a lone 'But' or 'Still' is the writer's link.)
    opening = doc[verb.sent.start : start - 1]
    if doc[start - 1].text == "," and len(opening) and quoted.lstrip(" '\u2018")[:1].islower() and not (
            len(opening) == 1 and opening[0].pos_ in ("CCONJ", "ADV")) and not any(
            t.is_quote or t.is_space or _is_cue_verb(t, SPEECH_VERBS) for t in opening) and not _sets_the_scene(opening):
        return (opening[0].idx, opening[-1].idx + len(opening[-1].text))
    return None


def _tail_before_cue(doc: Any, last: int, verb: Any, subject: Any | None, in_quote: list[bool]) -> int | None:
    """End of the unquoted words after a quotation and before the comma that opens its
    cue clause ('"..." for criminal behavior, Warren said'), if there are any."""
    clause_start = min(verb.i, subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i)
    words = doc[last + 1 : clause_start]
    if len(words) < 2 or words[-1].text != "," or any(in_quote[t.i] or "\n" in t.text for t in words):
        return None
    if all(t.is_punct for t in words[:-1]):
        return None
    end = words[-2]
    return end.idx + len(end.text)


def _phrase_after_quotation(doc: Any, quoted: tuple[int, int], in_quote: list[bool], verb: Any,
                            subject: Any | None) -> int | None:
    """End of a prepositional phrase that a quoted fragment runs on into ('said it was
    "a clear breach" of the treaty'): it hangs on a quoted word, so it completes what
    is said."""
    a, b = quoted
    if b + 1 >= len(doc) or not all(c in QUOTE_CHARS for c in doc[b].text) or doc[b - 1].text in (".", "!", "?", ","):
        return None
    prep = doc[b + 1]
    if prep.dep_ != "prep" or not a <= prep.head.i <= b or prep.left_edge.i != prep.i:
        return None
    phrase = list(prep.subtree)
    if any(in_quote[t.i] or t.i == verb.i or t is subject or "\n" in t.text for t in phrase):
        return None
    end = max(t.i for t in phrase)
    while end > prep.i and doc[end].is_punct:
        end -= 1
    return doc[end].idx + len(doc[end].text)


def _lead_in(doc: Any, first: int, in_quote: list[bool]) -> int | None:
    """Start of the unquoted words that open the sentence a quotation continues."""
    start = doc[first].sent.start
    lead = doc[start:first]
    if not len(lead) or len(lead) > 12 or any(in_quote[t.i] or "\n" in t.text for t in lead):
        return None
    if lead[-1].is_punct or any(_lemma(t) in SPEECH_VERBS and t.pos_ == "VERB" for t in lead):
        return None  # 'She said: "..."' is a cue before the quotation, not a lead-in
    return lead[0].idx


#: Verbs whose object is the person spoken to ('"...," she told reporters').
#: Verbs whose object is who is addressed, not what is said.
_ADDRESSEE_VERBS = frozenset("tell ask inform assure remind warn advise caution notify promise answer persuade convince"
                             .split())


def _cue_after(doc: Any, last: int, in_quote: list[bool], used: set[int]) -> tuple[Any, Any] | None:
    """'"...," he said' / '"...," said Psaki': a verb of saying within a few tokens."""
    # A quotation that closes a sentence ('... here."') is followed by a new
    # sentence, not by its cue, unless the next word is plainly lower-case.
    closes_sentence = last >= 1 and doc[last - 1].text in (".", "!", "?")
    if closes_sentence and last + 1 < len(doc) and not doc[last + 1].text[:1].islower() \
            and not (doc[last - 1].text in ("?", "!") and _bare_cue_clause(doc, last + 1, used)
                     or _bare_cue_clause(doc, last + 1, used, with_speaker=True)):
        return None
    for i in range(last + 1, min(len(doc), last + 40)):
        tok = doc[i]
        if in_quote[i] or (tok.is_sent_start and i > last + 1 and tok.text not in QUOTE_CHARS):
            return None
        if tok.i not in used and _is_cue_verb(tok, SPEECH_VERBS):
            if i >= last + 20 and not _only_its_subject_between(tok, last):
                return None
            if any(c.dep_ in _COMPLEMENT_DEPS and c.i > last and not in_quote[c.left_edge.i] for c in tok.children):
                # '"...," adding that ...': the verb reports its own clause.  (A clause
                # that opens a quotation, '"A," he said, "B."', is the quotation resumed.)
                return None
            if any(c.dep_ == "dobj" and c.i > tok.i and not in_quote[c.i] for c in tok.children) and \
                    _lemma(tok) not in _ADDRESSEE_VERBS:
                return None  # '"..." Few would have described him as ...': it has its own object
            # '"Full panic mode," said Wimes': the parser may give the verb the
            # quotation's own subject as well; the speaker is the one after it.
            after = [c for c in tok.children if c.dep_ == "nsubj" and c.i > last and not in_quote[c.i]]
            subject = after[0] if after else _subject(tok)
            if subject is not None and subject.i < last and not in_quote[subject.i]:
                subject = None
            return tok, subject
    return None


def _only_its_subject_between(verb: Any, last: int) -> bool:
    """'"...," Ana Ruiz, director of the institute and a professor at ..., said': a long
    speaker's description is all that stands between the quotation and its verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > last]
    return bool(subjects) and subjects[0].left_edge.i <= last + 2 and \
        all(t.is_punct for t in verb.doc[subjects[0].right_edge.i + 1 : verb.i])


def _bare_cue_clause(doc: Any, start: int, used: set[int], with_speaker: bool = False) -> bool:
    """'"...?" Trump said.': a question or exclamation closes its own sentence, but a
    clause of only a name and a verb of saying with nothing of its own after it
    (no clause, no object) can only be its cue.  So can one after a full stop, when
    it names who speaks ('"... now." Clinton said to reporters.'; `with_speaker`)."""
    for i in range(start, min(len(doc), start + 5)):
        tok = doc[i]
        if tok.i not in used and _is_cue_verb(tok, SPEECH_VERBS):
            if with_speaker and not any(c.dep_ == "nsubj" and start <= c.i < i for c in tok.children):
                return False
            if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children):
                return False
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            # ('said to reporters': who heard it; but 'pointed to' has its own object)
            return nxt is None or nxt.is_punct or nxt.pos_ in ("PROPN", "PRON") or nxt.lower_ in ("of", "in", "on") \
                or nxt.lower_ == "to" and "to" not in PREPOSITION_VERBS.get(_lemma(tok), ())
        if tok.pos_ not in ("PROPN", "PRON", "DET", "NOUN", "ADJ") or tok.is_sent_start and i > start:
            return False
    return False


def _cue_before(doc: Any, first: int, in_quote: list[bool], used: set[int]) -> tuple[Any, Any] | None:
    """'she replied, "..."' / 'the statement read: "..."': only objects, the subject
    and punctuation may stand between the verb and the quotation."""
    lo = max(0, first - 12)
    for i in range(first - 1, lo - 1, -1):
        tok = doc[i]
        if in_quote[i]:
            return None
        if tok.i in used or not _is_cue_verb(tok, SPEECH_VERBS):
            continue
        allowed: set[int] = set()
        for child in tok.children:
            if child.i > tok.i and (child.dep_ in _OBJECT_DEPS or child.dep_ in _SUBJECTS or child.is_punct):
                allowed.update(t.i for t in child.subtree)
        between = range(tok.i + 1, first)
        if not all(j in allowed or doc[j].is_punct or doc[j].is_space for j in between):
            return None
        # Across a sentence break only a colon introduces the quotation ('said:\n\n"...').
        if doc[first].sent.start != tok.sent.start and doc[first - 1].text != ":" and \
                not (first >= 2 and doc[first - 1].is_space and doc[first - 2].text == ":"):
            return None
        return tok, _subject(tok)
    return None


def _verb_cues(doc: Any, used: set[int], quotes: list[Quote], text: str) -> list[Found]:
    out: list[Found] = []
    for tok in doc:
        if tok.i in used:
            continue
        lemma = _lemma(tok)
        if (lemma in THINKING_VERBS or lemma in INTENT_VERBS) and tok.dep_ == "ccomp" and \
                _lemma(tok.head) in SPEECH_VERBS and tok.head.i < tok.i:
            continue  # 'said she thinks ...', 'said he plans to ...': part of what was said
        if lemma == "say" and (tok.i > 0 and doc[tok.i - 1].lower_ in ("without", "'s")):
            continue  # 'it goes without saying', "let's say"
        found: Found | None = None
        if lemma == "make" and tok.pos_ == "VERB":
            found = _made_clear(tok, text)
        if lemma in SPEECH_VERBS and tok.pos_ == "VERB":
            found = _said_yes_or_no(tok, text)
        if found is None and (_is_cue_verb(tok, SPEECH_VERBS) or lemma in OBJECT_VERBS and tok.pos_ == "VERB" and
                any(c.dep_ == "ccomp" for c in tok.children) or _states_that(tok)) and lemma not in RELAY_VERBS:
            found = _clausal(tok, text)
        if found is None and lemma in INTENT_VERBS and tok.pos_ in ("VERB", "AUX"):
            found = _intention(tok, text)
        if found is None and tok.pos_ == "VERB" and not (lemma in RELAY_VERBS and tok.tag_ == "VBG"):
            found = _object_content(tok, text, quotes)
        if found is None and (lemma in ATTITUDE_ADJECTIVES or tok.lower_ in ATTITUDE_ADJECTIVES):
            found = _attitude(tok, text)
        if found is None and lemma in LIGHT_VERBS and tok.pos_ in ("VERB", "AUX"):
            found = _light_verb(tok, text)
        if found is None and tok.lower_ in PARTISAN_NOUNS and tok.dep_ == "attr":
            found = _partisan(tok, text)
        if found is None and lemma in PHRASAL_VERBS and tok.pos_ == "VERB":
            found = _phrasal(tok, text, quotes)
        if found is None and lemma in ("seem", "appear") and tok.pos_ in ("VERB", "AUX"):
            found = _seeming(tok, text)
        if found is None and lemma == "put" and tok.dep_ == "advcl":
            found = _as_put_it(tok, text)
        if found is None and lemma in FEELING_VERBS and tok.pos_ == "VERB":
            found = _feeling(tok, text)
        if found is None and lemma in SAYING_VERBS - NEEDS_COMPLEMENT and tok.pos_ == "VERB" and \
                tok.i + 2 < len(doc) and doc[tok.i + 1].text == ":" and tok.i > tok.sent.start:
            found = _colon_statement(tok, text)
        if found is not None and _asks_you(tok):
            continue  # 'Do you think he will win?': a question put to someone states nothing
        if found is not None:
            used.add(tok.i)
            out.append(found)
    index = _FoundIndex(out)
    for tok in doc:
        if tok.i not in used and _lemma(tok) in RELAY_VERBS and tok.pos_ == "VERB":
            found = _relay(tok, text, out, index) or _object_content(tok, text, quotes)
            if found is not None:
                used.add(tok.i)
                out.append(found)
    return out


def _said_yes_or_no(verb: Any, text: str) -> Found | None:
    """'46 percent said yes', 'half said so', 'he said no', 'does not think so', 'said
    as much': the word is the answer given or stands for what was said before (but not
    'said no to the plan', 'said so much', 'announced as much stimulus as')."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    word = last = doc[verb.i + 1]
    if word.lower_ in ("as", "the") and verb.i + 2 < len(doc) and doc[verb.i + 2].lower_ == \
            ("much" if word.lower_ == "as" else "same") and verb.i in (word.head.i, doc[verb.i + 2].head.i):
        last = doc[verb.i + 2]
        following = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if word.lower_ == "the" and following is not None and following.pos_ == "ADP":
            return None  # 'said the same of Trump': the preposition's object belongs to it
    elif word.lower_ not in ("yes", "no", "so", "otherwise") or word.head.i != verb.i:
        return None
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and not after.is_punct and not after.is_space and after.pos_ not in ("ADP", "CCONJ", "SCONJ") \
            or after is not None and after.lower_ in ("to", "that", "as"):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    pieces = [(word.idx, last.idx + len(last.text))]
    return Found(cue=cue_span(verb), content=pieces, source=source_span(subject), kind="indirect",
                 stance=stance_of(verb, [word]), scope=_sentence_span(verb), origin="verb", cue_head=verb.idx)


def _asks_you(verb: Any) -> bool:
    """'Do you know where the returns are?', 'Would you think she must be the worst?'"""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ != "you":
        return False
    words = [t for t in verb.sent if not t.is_space]
    return bool(words) and words[-1].text == "?" and any(
        c.dep_ == "aux" and c.i < subject.i for c in verb.children)


#: Verbs whose "that"-clause is a fact or a result, not something anyone holds.
_NOT_STATING = frozenset("be mean ensure make seem appear happen matter require cause mean follow "
                         "help prove turn remain ensure guarantee".split())


def _states_that(verb: Any) -> bool:
    """'the court ruled that ...', 'she bet that ...': a verb outside the lexicon still
    states or holds what its explicit "that"-clause says, when someone is its subject."""
    if verb.pos_ != "VERB" or _lemma(verb) in _NOT_STATING:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "which", "what"):
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
               for c in verb.children)


def _complement(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in _COMPLEMENT_DEPS:
            return child
    # 'asked workers if they planned to vote': the parser calls the question asked
    # an adverbial clause.
    if _lemma(verb) in _QUESTION_VERBS:
        for child in verb.children:
            if child.dep_ == "advcl" and child.i > verb.i and any(
                    c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in child.children):
                return child
    # 'reported, citing officials, that teams had been advising ...': the parser may
    # call the reported clause an adverbial one; a clause with its own subject
    # opening with "that" is what was reported.
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > verb.i and any(c.dep_ == "nsubj" for c in child.children):
            relayed = {t.i for c in child.children if c.dep_ == "advcl" and _lemma(c) in RELAY_VERBS
                       for t in c.subtree}
            words = [t for t in child.subtree if t.i not in relayed and not t.is_punct]
            if words and words[0].lower_ == "that" or any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                return child
    # 'told a meeting of leaders that few understood ...': the parser may hang what
    # the listeners were told on the last noun naming them, as if it were a relative
    # clause; a "that" opening a clause with a subject of its own is no relative pronoun.
    # (Only listeners come between most verbs and what they say; a verb that takes a
    # position on a noun may be about the noun and its own clause: 'recalled the report that'.)
    lemma = _lemma(verb)
    told = lemma in _ADDRESSEE_VERBS - _QUESTION_VERBS - {"answer"}
    if told or lemma in SPEECH_VERBS and lemma not in OBJECT_VERBS and lemma not in PREPOSITION_VERBS:
        for child in verb.children:
            if child.i < verb.i or child.dep_ not in ("dobj", "dative", "prep", "npadvmod"):
                continue
            for t in child.subtree:
                if (t.dep_ == "relcl" or told and t.dep_ == "acl") and t.head.pos_ in ("NOUN", "PROPN", "PRON") \
                        and _lemma(t.head) not in SPEECH_NOUNS and not any(
                            d.lower_ in ("so", "such") for d in t.head.subtree if d.i < t.head.i) \
                        and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children) \
                        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children):
                    return t
    # "The Times reported, citing officials, that ...": the clause hangs on "citing".
    for child in verb.children:
        if child.dep_ == "advcl" and _lemma(child) in RELAY_VERBS:
            for grandchild in child.children:
                if grandchild.dep_ in _COMPLEMENT_DEPS:
                    return grandchild
    return None


_QUESTION_VERBS = frozenset("ask wonder question inquire".split())


def _without_speakers_next_act(comp: Any, tokens: list[Any]) -> list[Any]:
    """The content without the speaker's next act joined to its end."""
    members = {t.i for t in tokens}
    for conj in comp.children:
        if conj.i in members and _is_speakers_next_act(conj) and max(t.i for t in conj.subtree) == max(members):
            # the link right before the act ('was "X" and "Y" and encouraged'), not an earlier one
            cc = max((c for c in comp.children if c.dep_ == "cc" and c.i < conj.i), key=lambda c: c.i, default=None)
            first = conj.left_edge.i if cc is None else min(cc.i, conj.left_edge.i)
            return [t for t in tokens if t.i < first]
    return tokens


def _reports_its_head(verb: Any) -> bool:
    """'The plan failed, he said' / 'The plan, as he said, failed': a reporting clause
    hung on the clause it reports is set off by punctuation or opens with "as"; one that
    opens with "after", "if", "because" ... ('He left after she accused him') or runs
    on without a break ('That was what she said') tells when or why, not what was said.
    Unless the parser hung the verb on the clause right after it ('while he admitted
    it had failed, ...', 'was asked, "Why?"'): that clause is its complement."""
    if verb.dep_ == "parataxis":
        return True
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    start = verb.left_edge.i
    if marks == ["as"] or not marks and start > verb.sent.start and verb.doc[start - 1].is_punct:
        return True
    return verb.head.i > verb.i and _complement_follows(verb)


def _complement_follows(verb: Any) -> bool:
    doc = verb.doc
    after = verb.right_edge.i + 1
    if doc[after - 1].text in (",", ":"):
        after -= 1  # (the parser may give the verb the comma that ends its clause)
    if after + 1 >= len(doc):
        return False
    aside = next((c for c in verb.head.children if c.dep_ == "advcl" and _lemma(c) in RELAY_VERBS
                  and c.left_edge.i == after + 1), None)
    if doc[after].text == "," and aside is not None:
        # 'The Ledger reported, citing officials, that ...'
        after = aside.right_edge.i + 1
        after += after < len(doc) and doc[after].text == ","
    if after + 1 >= len(doc):
        return False
    if not doc[after].is_punct:
        return not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    return doc[after].text in (",", ":") and doc[after + 1].text[0] in QUOTE_CHARS


def _is_time_modifier(token: Any) -> bool:
    if token.dep_ == "prep" and token.lower_ == "on":
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        return obj is not None and _is_time(obj)
    return token.dep_ in ("npadvmod", "tmod") and _is_time(token)


def _without_leading_time(verb: Any, tokens: list[Any]) -> list[Any]:
    """'said Tuesday his actions were lawful', 'told voters this weekend he would ...':
    when it was said, which the parser hung on the clause said, is not part of it."""
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks or toks[0].i <= verb.i:
        return tokens
    first = toks[0]
    members = {t.i for t in toks}
    head = first
    while not _is_time_modifier(head):
        if head.head.i not in members or head.head.i == head.i or min(x.i for x in head.head.subtree) != first.i:
            return tokens
        head = head.head
    end = max(x.i for x in head.subtree)
    rest = [t for t in toks if t.i > end]
    while rest and rest[0].text == ",":
        rest = rest[1:]
    return rest if rest and not rest[0].is_punct else tokens


def _with_subject_taken_as_object(verb: Any, comp: Any) -> list[Any]:
    """'is demanding Obama make a pledge', 'seemed to think the outreach was phony': a
    finite clause with no subject of its own after a noun the parser made the verb's
    object; that noun is the clause's subject, and part of what is said."""
    if comp.i < verb.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children):
        return []
    finite = comp.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in comp.children)
    if not finite:
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < comp.i), None)
    if obj is None or max(t.i for t in obj.subtree) + 1 != min(t.i for t in comp.subtree):
        return []
    if _lemma(verb) in _ADDRESSEE_VERBS:
        return []  # ('told a fisherman who suggested X that Y': the object is who is told)
    return _subtree(obj)


def _after_a_phrase(verb: Any, xcomp: Any) -> bool:
    """'he said, on condition of anonymity to discuss the talks': an infinitive after a
    prepositional phrase of the verb belongs to that phrase, not to the verb."""
    return any(c.dep_ == "prep" and verb.i < c.i < xcomp.i for c in verb.children)


def _interrupted(verb: Any) -> Any:
    """The clause a cue set off inside it interrupts: the word it hangs on, or, when the
    parser hung it on that clause's subject ('The difference, he told me, is ...'), the
    subject's verb."""
    head = verb.head
    if head.pos_ in ("NOUN", "PROPN", "PRON") and head.dep_ in ("nsubj", "nsubjpass") and head.i < verb.i < head.head.i:
        return head.head
    return head


def _resumed_after_cue(verb: Any) -> list[Any]:
    """'A, experts say, including B', 'A, the agency said in a report, and B': what the
    parser hung on a cue that interrupts the sentence it reports, after the comma that
    closes the cue clause, continues that sentence.  What comes before that comma
    ('said in a report', 'told me on Friday') is the cue's own."""
    doc = verb.doc
    comp = _complement(verb)
    if comp is not None and comp.i < verb.i:
        if doc[comp.right_edge.i + 1].text != ",":
            return []
    else:
        start = next(t.i for t in verb.subtree if not t.is_punct)
        if comp is not None or start == 0 or doc[start - 1].text != ",":
            return []
    out: list[Any] = []
    for child in verb.children:
        if child.i <= verb.i or child.is_punct or child.dep_ == "cc":
            continue
        opener = doc[child.left_edge.i - 1]
        link = opener if opener.dep_ == "cc" and opener.head.i == verb.i else None
        if doc[(link or opener).i - (1 if link is not None else 0)].text != ",":
            if out or not _cues_own(verb, child):
                return []  # the cue clause goes on: what follows is its own
            continue
        if not _resumes(child, link):
            return []
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
        # ('A, he said, and B paid C': the link between two statements is the writer's)
        out += ([link] if link is not None and not own_subject else []) + _subtree(child)
    return out


def _cues_own(verb: Any, child: Any) -> bool:
    """Where, when and to whom something was said ('said in a report', 'told me on
    Friday'), which stays out of what was said."""
    if child.dep_ in ("prep", "npadvmod", "advmod", "agent", "prt", "dative"):
        return True
    return child.dep_ == "dobj" and _lemma(verb) in _ADDRESSEE_VERBS


#: Conjunctions opening a reason, a concession or a condition, which go on with what
#: was said; a time or a circumstance ('as they bristled', 'after voters went') is the cue's.
_RESUMING_MARKS = frozenset("because although though unless if whereas so".split())


def _resumes(child: Any, link: Any | None) -> bool:
    if child.dep_ == "prep":
        return child.lower_ not in _SETTING_PREPS
    if child.dep_ == "conj":
        # ('..., he said, and called for an inquiry': the speaker's next act)
        return link is not None and (any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
                                     or _lemma(child) not in _ACT_VERBS)
    if child.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _RESUMING_MARKS for c in child.children) \
            and _lemma(child) not in _ACT_VERBS
    if child.dep_ == "ccomp":
        # 'It is no surprise, he said, that ...': the subject put off to the end
        return any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
    if child.dep_ == "xcomp":
        # 'It is better, he added, to wait'
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    return False


def _opening_hung_on_cue(verb: Any) -> list[Any]:
    """'If the talks fail, he warned, the drivers will strike': the parser may hang the
    opening of the sentence a cue interrupts on the cue; it is part of what is said."""
    subject = _subject(verb)
    if subject is None or not subject.i < verb.i or subject.head.i != verb.i:
        return []
    start = subject.left_edge.i
    if start < 2 or verb.doc[start - 1].text != ",":
        return []
    return [t for c in verb.children if c.i < start - 1 and not c.is_punct for t in c.subtree]


_BACKSHIFTED_MODALS = frozenset({"would", "could", "might", "should", "'d", "\u2019d"})


def _backshifted_conjunct(verb: Any, comp: Any) -> list[Any]:
    """'said he was ready to testify in private, but would not be part of a hearing':
    a clause joined to a verb of saying after its complement, with no subject of its
    own and a modal of the reported speech (shifted back after a past verb: 'says she
    will run, but will not campaign'), goes on with what was said (the parser hangs it
    on the verb)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    modals = _BACKSHIFTED_MODALS if verb.tag_ == "VBD" else _BACKSHIFTED_MODALS | {"will", "can", "may", "'ll", "\u2019ll"}
    last = max(t.i for t in comp.subtree)
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i <= last or _lemma(conj) in SPEECH_VERBS or any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
            continue
        if not any(c.dep_ == "aux" and c.lower_ in modals for c in conj.children):
            continue
        between = [t for t in verb.doc[last + 1:conj.left_edge.i] if t.dep_ == "cc" or t.text == ","]
        return between + list(conj.subtree)
    return []


def _clausal(verb: Any, text: str) -> Found | None:
    comp = _complement(verb)
    if comp is not None:
        relayed = {t.i for c in comp.children if c.dep_ == "advcl" and _lemma(c) in RELAY_VERBS for t in c.subtree}
        content_tokens = [t for t in _without_trailing_aside(_with_continuation(verb, comp)) if t.i not in relayed]
        content_tokens = _without_speakers_next_act(comp, content_tokens)
        content_tokens = _without_leading_time(verb, content_tokens)
        content_tokens = _with_subject_taken_as_object(verb, comp) + content_tokens
        content_tokens += _resumed_after_cue(verb)
        taken = {t.i for t in content_tokens}
        content_tokens += [t for t in _backshifted_conjunct(verb, comp) if t.i not in taken]
        head = verb.head
        if verb.dep_ == "conj" and head.i < comp.i < verb.i and head.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "cc" and head.i < c.i < comp.i for c in head.children):
            # 'A was planned, but B happened, a source said': the parser joins the
            # verb to the first clause and takes only the last as its complement;
            # the source reports both.
            own = {t.i for t in verb.subtree} - {t.i for t in content_tokens}
            content_tokens = [t for t in head.subtree if t.i not in own]
        pieces = _pieces(content_tokens, exclude=set())
    elif verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.i != verb.i \
            and not (verb.dep_ == "ccomp" and _lemma(verb.head) in SPEECH_VERBS) \
            and _reports_its_head(verb) \
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and not any(c.dep_ == "xcomp" and not _after_a_phrase(verb, c) or c.dep_ == "dobj" and c.pos_ != "PRON"
                        for c in verb.children) \
            and _interrupted(verb).pos_ in ("VERB", "AUX"):
        # "The plan, he said, failed." / "The plan failed, he said.": the verb
        # interrupts the clause it reports (or the parser hung the verb on it).
        reported = _interrupted(verb)
        own = {t.i for t in verb.subtree}
        if verb.dep_ == "parataxis" and reported.dep_ == "advcl" and reported.head.i > verb.i \
                and verb.doc[verb.i + 1].text == "," and reported.head.pos_ in ("VERB", "AUX"):
            # 'Though the first went well, he said, the second would not': the cue
            # interrupts the sentence after its opening clause; it reports all of it.
            reported = reported.head
        for sibling in reported.children:
            if sibling.dep_ == "advcl" and _lemma(sibling) in RELAY_VERBS:
                own.update(t.i for t in sibling.subtree)
        resumed = _resumed_after_cue(verb)
        own -= {t.i for t in resumed}
        own -= {t.i for t in _opening_hung_on_cue(verb)}
        content_tokens = [t for t in reported.subtree if t.i not in own]
        pieces = _pieces(content_tokens, exclude=own)
    else:
        return None
    subject = _subject(verb)
    if subject is not None and subject.lower_ == "it" and verb.dep_ == "xcomp" and (
            verb.head.pos_ == "ADJ" or any(c.dep_ in ("acomp", "attr") for c in verb.head.children)):
        return None  # 'it is important to remember that ...': no one is said to remember it
    if _lemma(verb) in NEEDS_COMPLEMENT and comp is None and not (
            _lemma(verb) in _EVIDENCE_VERBS and subject is not None and _lemma(subject) in _EVIDENCE_NOUNS):
        return None  # (but 'The plan failed, the records show.')
    pieces = _without_connective(text, pieces)
    if not pieces:
        return None
    if subject is not None and subject.tag_ == "NNS" and _lemma(subject) in SPEECH_VERBS | DENIAL_VERBS \
            and verb.lower_ in SPEECH_NOUNS and subject.i == verb.i - 1:
        # 'The ministry rejects claims that ...' read as "the ministry-rejects claim":
        # the verb is the word before, the noun its object.
        src = _tokens_span([t for t in subject.subtree if t.i < subject.i])
        return Found(cue=(subject.idx, subject.idx + len(subject.text)), content=pieces, source=src,
                     kind=_kind(text, pieces), stance=stance_of(subject, content_tokens), scope=_sentence_span(verb), origin="verb",
                     cue_head=subject.idx)
    src = source_span(subject) if subject is not None else None
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # 'a statement saying ...': the noun the participle hangs on speaks.
        first = min(t.i for t in verb.subtree)
        src = _tokens_span([t for t in verb.head.subtree if t.i < first])
    if subject is None and verb.pos_ == "NOUN":
        # 'The leaked slides state that ...' tagged as a noun compound: the words
        # before the cue are its subject.
        src = _tokens_span([t for c in verb.lefts if c.dep_ != "cc" for t in c.subtree])
    if src is not None and any(a <= src[0] < b for a, b in pieces):
        src = None
    return Found(cue=cue_span(verb), content=pieces, source=src, kind=_kind(text, pieces),
                 stance=stance_of(verb, content_tokens), scope=_sentence_span(verb), origin="verb",
                 cue_head=verb.idx)


_LINK = re.compile(r"(?:and|but|or)\s+", re.IGNORECASE)


def _after_link(text: str, piece: Span) -> Span:
    m = _LINK.match(text, piece[0], piece[1])
    return (m.end(), piece[1]) if m else piece


def _on_the_cues_line(text: str, pieces: list[Span], cue_start: int) -> list[Span]:
    """Pieces before the line the cue is on belong to a headline or a line of their
    own that the parser ran into the sentence ('Lawmaker urges action\nU.S. must act,
    he says')."""
    line_start = text.rfind("\n", 0, cue_start)
    kept = [p for p in pieces if p[1] > line_start]
    return kept or pieces


#: Holders that name no one: 'anyone wanting to borrow', 'if you want to understand'.
_NOBODY_IN_PARTICULAR = frozenset("anyone anybody everyone everybody someone somebody whoever".split())


def _is_advice_or_nobodys(verb: Any) -> bool:
    """'Investors may want to think twice' is the writer's advice, not what the
    investors intend; 'anyone wanting to borrow' and 'if you want to understand'
    name nobody who intends it."""
    if _lemma(verb) == "want" and any(c.dep_ == "aux" and c.lower_ in ("may", "might") for c in verb.children):
        return True
    holder = verb.head if verb.dep_ in ("acl", "relcl") else _subject(verb)
    if verb.dep_ == "relcl" and holder is not None and holder.i < verb.i:
        holder = holder if holder.lower_ in _NOBODY_IN_PARTICULAR else _subject(verb)
    if holder is None:
        return False
    if holder.lower_ in _NOBODY_IN_PARTICULAR:
        return not any(c.dep_ == "prep" and c.lower_ == "like" for c in holder.children)  # 'someone like Ruiz'
    return holder.lower_ == "you" and verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "if" for c in verb.children)


def _intention(verb: Any, text: str) -> Found | None:
    """'vowed to rebuild the pier', 'urged the council to act': an intending verb with
    an infinitive; the intention is the infinitive with who is urged or expected."""
    if _is_advice_or_nobodys(verb):
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            content_tokens = _without_closing_occasion(_without_trailing_aside(
                _with_continuation(verb, child, acts_of_their_own=True)))
            # 'urged Republicans to join': who is urged belongs to what is urged;
            # 'the veto is expected to come': so does what is expected.
            for obj in verb.children:
                if (obj.dep_ in ("dobj", "nsubj") and verb.i < obj.i < child.i or obj.dep_ == "nsubjpass") \
                        and not (obj.dep_ == "dobj" and _is_time(obj)):  # ('promised Monday to act')
                    content_tokens = _subtree(obj) + content_tokens
            content_tokens = _with_condition(verb, _with_antecedent(verb, child, content_tokens))
            # 'the city, where she promised to act', 'why he wanted to': the adverb says
            # where or why the intention was held ('how they decide to proceed' is part of it).
            content_tokens = [t for t in content_tokens
                              if not (t.i < verb.i and t.tag_ == "WRB" and t.lower_ in ("where", "when", "why"))]
            pieces = _pieces(content_tokens, exclude=set())
            if not pieces:
                return None
            subject = _subject(verb)
            return Found(cue=cue_span(verb), content=pieces,
                         source=source_span(subject) if subject is not None else None,
                         kind=_kind(text, pieces), stance=stance_of(verb, content_tokens),
                         scope=_sentence_span(verb), origin="intention", cue_head=verb.idx)
    return None


def _without_closing_occasion(tokens: list[Any]) -> list[Any]:
    """'refused to speak to reporters as she left the hall': a closing clause of when
    the intention was shown ("as ...", "after ...") is the writer's setting, not what
    was intended."""
    toks = sorted(tokens, key=lambda t: t.i)
    members = {t.i for t in toks}
    for t in toks[1:]:
        if t.dep_ == "advcl" and t.right_edge.i >= toks[-1].i - 1 and t.left_edge.i > toks[0].i and \
                t.left_edge.i in members and t.doc[t.left_edge.i].dep_ == "mark" and \
                t.doc[t.left_edge.i].lower_ in ("as", "after") and t.doc[t.left_edge.i].head.i == t.i:
            kept = [x for x in toks if x.i < t.left_edge.i]
            while kept and (kept[-1].is_punct or kept[-1].is_space):
                kept.pop()
            return kept or toks
    return toks


#: Relative words that open a relative clause themselves; without one the clause's
#: object is the noun it hangs on ('the reforms she promised to bring').
_RELATIVE_TAGS = frozenset(("WDT", "WP", "WP$", "WRB"))
#: Nouns a relative clause hangs on as when, where, why or how ('the reasons he refuses
#: to stand'), not as the infinitive's object.
_ADVERBIAL_ANTECEDENTS = frozenset("reason way time day year week moment place point".split())


def _with_antecedent(verb: Any, infinitive: Any, tokens: list[Any]) -> list[Any]:
    """'the target it pledged to reach': in a relative clause with no relative word,
    the noun the clause hangs on is what the infinitive is about, and part of the
    intention."""
    if verb.dep_ != "relcl" or verb.head.i > verb.i or verb.head.pos_ not in ("NOUN", "PROPN", "PRON") or \
            _lemma(verb.head) in _ADVERBIAL_ANTECEDENTS:
        return tokens
    clause_start = verb.left_edge.i
    if any(t.tag_ in _RELATIVE_TAGS or t.lower_ == "that" for t in verb.doc[clause_start:verb.i]):
        return tokens
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in infinitive.children) or \
            any(c.dep_ == "dobj" for c in verb.children):
        return tokens  # nothing missing after the infinitive: the noun is not its object
    antecedent = [t for t in verb.doc[verb.head.left_edge.i:clause_start] if not t.is_punct or t.i > verb.head.i]
    return antecedent + tokens


def _with_condition(verb: Any, tokens: list[Any]) -> list[Any]:
    """'promised to act if he wins', 'threatened to quit unless he is paid': a
    condition right after the infinitive is part of what is intended."""
    if not tokens:
        return tokens
    last = max(t.i for t in tokens)
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > last and any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in child.children):
            first = child.left_edge.i
            if first == last + 1 or first == last + 2 and doc[last + 1].text == ",":
                return tokens + [t for t in doc[last + 1:child.right_edge.i + 1]]
    # 'promised to act should he win': the parser makes the inverted condition the
    # head of the sentence.
    head = verb.head
    if verb.dep_ == "ccomp" and head.i > last and head.pos_ in ("VERB", "AUX"):
        first = head.left_edge.i if head.left_edge.i > verb.i else min(
            (t.i for t in head.children if t.i > last), default=head.i)
        if (first == last + 1 or first == last + 2 and doc[last + 1].text == ",") and \
                doc[first].lower_ in ("should", "had", "were") and doc[first].head.i == head.i and \
                doc[first].dep_ == "aux":
            return tokens + [t for t in doc[last + 1:head.right_edge.i + 1] if not (t.i > head.i and t.is_punct
                                                                                     and t.i == head.right_edge.i)]
    return tokens


def _object_content(verb: Any, text: str, quotes: list[Quote]) -> Found | None:
    """'Trump attacked the deal', 'she called for an inquiry', 'accused him of lying':
    a verb of taking a position whose object (or prepositional object) is the content."""
    lemma = _lemma(verb)
    if lemma == "share" and not any(c.dep_ in ("dobj", "nsubjpass") and _lemma(c) in _SHARED_VIEWS
                                    for c in verb.children):
        return None  # 'shared the news', 'shared a link': passed on, not a position
    cue_end = verb
    content = None
    if lemma in ACCUSE_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        # The parser hangs "of ..." on the verb or on the person accused.
        for child in [*verb.children, *(g for o in objects for g in o.children)]:
            if child.dep_ == "prep" and child.lower_ in ("of", "for") and child.i > verb.i:
                content = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                cue_end = child
    elif lemma in PREPOSITION_VERBS:
        for child in verb.children:
            # 'spoke out Tuesday about', 'spoke emotionally of': a particle, an adverb or
            # a day may come between, and is then part of the cue.
            if child.dep_ in ("prep", "prt") and child.lower_ in PREPOSITION_VERBS[lemma] and \
                    verb.i < child.i <= verb.i + 3 and all(
                        doc_j.head.i == verb.i and doc_j.dep_ in ("prt", "advmod", "npadvmod") and not doc_j.is_punct
                        for doc_j in verb.doc[verb.i + 1 : child.i]):
                content = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                cue_end = child
                if content is not None and (_is_time(content) or _lemma(content) in _NOT_TOPICS):
                    content = None  # 'spoke on Monday', 'spoke on condition of anonymity': not what about
                    continue
                break
        if content is None and cue_end is not verb and cue_end.dep_ == "prep" and not any(cue_end.children):
            # 'called on the governor to resign': the parser may read the one called on as
            # the verb's own object (or predicate) and leave the preposition bare.
            content = next((c for c in verb.children if c.dep_ in ("oprd", "dobj")
                            and c.left_edge.i == cue_end.i + 1), None)
        if content is None:
            # 'called for all candidates to lay out specifics': the parser reads "for"
            # as opening a clause of its own; the clause without it is what is called for.
            for child in verb.children:
                mark = next((g for g in child.children if g.dep_ == "mark"), None) if child.dep_ == "advcl" else None
                if mark is not None and mark.lower_ in PREPOSITION_VERBS[lemma] and \
                        verb.i < mark.i <= verb.i + 3 and mark.i == child.left_edge.i and \
                        any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children) and all(
                            t.head.i == verb.i and t.dep_ in ("prt", "advmod", "npadvmod") and not t.is_punct
                            for t in verb.doc[verb.i + 1 : mark.i]):
                    content, cue_end = child, mark
                    break
    if content is None and lemma in ("express", "voice"):
        # 'expressed deep concern about the policy', 'voiced support for': the feeling
        # belongs to the cue, what it is about (or its "that"-clause) is the content.
        feeling = next((c for c in verb.children if c.dep_ == "dobj" and _lemma(c) in _FEELINGS), None)
        if feeling is not None:
            prep = next((c for c in feeling.children if c.dep_ == "prep" and c.i == feeling.i + 1
                         and c.lower_ in ("about", "over", "at", "for", "in", "with", "of")), None)
            content = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
            if content is not None:
                cue_end = prep
            else:
                content = _that_clause(feeling)
                if content is not None:
                    cue_end = feeling
    if content is None and (lemma in OBJECT_VERBS or lemma == "unveil"):
        # 'unveiled a proposal for X', 'embraced the idea of X': the noun and its
        # preposition belong to the cue, X is the content.  (What is unveiled without
        # such a noun, 'unveiled the ad', is a thing put out, not a position.)
        obj = next((c for c in verb.children if c.dep_ == "dobj" and _lemma(c) in _FRAME_NOUNS
                    and c.i - verb.i <= 3), None)
        # (The parser may hang the preposition on the verb: 'offered her opinion on'.)
        prep = next((c for c in [*obj.children, *verb.children] if c.dep_ == "prep" and c.i == obj.i + 1
                     and c.lower_ in ("for", "of", "into", "on", "about", "against", "to")), None) if obj is not None else None
        content = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
        if content is not None:
            cue_end = prep
    if content is None and lemma in OBJECT_VERBS:
        content = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if content is None:
            # 'proposes doing away with the mandate': a gerund is the object too.
            content = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
        if content is not None and lemma in _EVIDENCE_VERBS:
            # 'the study found 31 cases' reports; 'they found a way' does not.
            subject = _subject(verb)
            if subject is None or _lemma(subject) not in _EVIDENCE_NOUNS:
                return None
    if content is not None and content.dep_ == "dobj" and _lemma(content) in SPEECH_NOUNS:
        # 'rejected claims that X': what is rejected is X.
        clause = _that_clause(content)
        if clause is not None:
            if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "such") for c in content.children) \
                    and content.i - verb.i <= 4 and lemma not in DENIAL_VERBS:
                cue_end = content  # 'highlighted his message that', 'sent a clear message that'
            content = clause
    if content is None and lemma in NAMING_VERBS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            # 'called Trump a "liar"' read as two predicates: the first is who is named.
            oprds = [c for c in verb.children if c.dep_ == "oprd"]
            obj = oprds[0] if len(oprds) > 1 else None
        # 'called the plan "a disaster"': the name given may be parsed as an apposition.
        if obj is not None and (any(c.dep_ in ("oprd", "xcomp") for c in verb.children)
                                or any(c.dep_ == "appos" for c in obj.children)
                                or any(c.dep_ == "dobj" and c.i > obj.i + 1 for c in verb.children)):
            content = obj
    if content is None and lemma in AS_VERBS:
        # 'sees the program as a loophole': how someone sees a thing is a position.
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i
                                   for c in [*verb.children, *obj.children]):
            content = obj
    if content is None and lemma in OBJECT_VERBS | DENIAL_VERBS:
        passive = _passive_with_agent(verb, text, quotes)
        if passive is not None:
            return passive
    if content is None:
        return None
    subject = _subject(verb)
    # 'Asked about the bridge, she said ...': what she was asked about is a question
    # put to her by nobody named; a relation with no source.
    asked = lemma == "ask" and verb.tag_ == "VBN" and verb.dep_ == "advcl" and cue_end.i != verb.i
    # 'He was accused of fraud': an accusation by nobody named; who is accused and of
    # what is the content.
    accused = next((c for c in verb.children if c.dep_ == "nsubjpass"), None) \
        if lemma in ACCUSE_VERBS and cue_end.i != verb.i else None
    # 'a letter opposing the plan', 'ads attacking her': the noun the participle
    # describes takes the position.
    holder = verb.head if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBG" \
        and verb.head.pos_ in ("NOUN", "PROPN") else None
    if subject is None and not asked and accused is None and holder is None:
        return None
    if content.lower_ in ("that", "which", "whom", "who") and verb.dep_ == "relcl":
        # 'a figure that officials dismissed': what was dismissed is the figure.
        own = {t.i for t in verb.subtree}
        content_tokens = [t for t in verb.head.subtree if t.i not in own]
    else:
        content_tokens = [t for t in _without_trailing_medium(_without_trailing_aside(
            _with_continuation(verb, content, position=True))) if t.i != cue_end.i]
    # 'accused the mill of polluting the bay': who is accused, and of what, is the claim.
    target = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < cue_end.i), None) \
        if lemma in CHARGING_VERBS and cue_end.i != verb.i else None
    if target is not None:
        content_tokens = list(verb.doc[target.left_edge.i:cue_end.i + 1]) + content_tokens
    if accused is not None and subject is None:
        content_tokens = _subtree(accused) + content_tokens
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces or _is_quoted_title(text, pieces, quotes):
        return None
    cue = cue_span(verb)
    # 'thanked Obama for': the person thanked, between the verb and
    # the preposition is neither cue nor content; the cue is the verb alone.
    if cue_end.i != verb.i and target is None and not (lemma in ("thank", "credit") and any(
            c.dep_ == "dobj" and verb.i < c.i < cue_end.i for c in verb.children)):
        cue = (cue[0], cue_end.idx + len(cue_end.text))
    if subject is not None:
        source = source_span(subject)
    elif holder is not None:
        first = min(t.i for t in verb.subtree)
        source = _tokens_span([t for t in holder.subtree if t.i < first])
    else:
        source = None
    return Found(cue=cue, content=pieces, source=source,
                 kind=_kind(text, pieces), stance=stance_of(verb, content_tokens), scope=_sentence_span(verb),
                 origin="object",
                 cue_head=verb.idx)


#: What "spoke on ..." is often not about: how, where or for whom it was said.
_NOT_TOPICS = frozenset("condition phone telephone television tv radio camera record background air stage "
                        "behalf podium floor".split())


#: Nouns that frame what a verb of taking a position is about ('a proposal for',
#: 'offered her opinion on', 'claimed responsibility for', 'unleashed attacks against').
_FRAME_NOUNS = frozenset("""proposal insight insights thought thoughts opinion opinions forecast testimony word words
    grievance grievances attack attacks disdain zeal allegiance responsibility piece""".split())


#: Feelings that "expressed" or "voiced" makes a cue of ("expressed concern about").
_FEELINGS = frozenset(
    """concern concerns confidence amusement fear fears interest alarm frustration sympathy dismay
    astonishment misgivings outrage support doubt doubts regret skepticism scepticism disappointment
    optimism hope hopes anger surprise reservations opposition gratitude shock worry worries""".split())


#: What sharing makes a position of ('shares her view', 'share these concerns').
_SHARED_VIEWS = SPEECH_NOUNS | STANCE_NOUNS | _FEELINGS | frozenset(
    """view belief value goal vision sentiment priority outlook assessment conviction enthusiasm distaste
    antipathy disdain contempt commitment passion zeal pessimism""".split())


#: Verbs whose object is a finding only when a record or a study is their subject
#: ("they found a way" reports nothing); "detailed", "documented" and "chronicled"
#: report whatever their subject is (a newspaper, a book, a reporter).
_EVIDENCE_VERBS = frozenset("find show reveal".split())


_EVIDENCE_NOUNS = frozenset(
    """study report poll survey audit review analysis investigation inquiry data record
    document slide memo email cable letter file filing return figure statistic video footage
    photo image transcript assessment estimate test research census count tally average polling
    result number model forecast projection ranking chart graph map clip recording ad evidence
    sample tracking""".split()
)


def _passive_with_agent(verb: Any, text: str, quotes: list[Quote]) -> Found | None:
    """'The plan was rejected by the council', 'laws proposed by the senator': the agent
    takes the position, the passive subject (or the noun modified) is the content."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    speaker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if speaker is None:
        return None
    own = {t.i for t in verb.subtree}
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None:
        content_tokens = _subtree(subject)
    elif verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        content_tokens = [t for t in verb.head.subtree if t.i not in own]
    else:
        return None
    pieces = _pieces(content_tokens, exclude=set())
    if not pieces or _is_quoted_title(text, pieces, quotes):
        return None
    return Found(cue=cue_span(verb), content=pieces, source=source_span(speaker),
                 kind=_kind(text, pieces), stance=stance_of(verb, content_tokens), scope=_sentence_span(verb),
                 origin="object", cue_head=verb.idx)


class _FoundIndex:
    """The relations found so far, by cue head and by where their cue starts, so that a
    relay looks only at its own sentence (relations added after the index was made are
    looked at one by one)."""

    def __init__(self, found: list[Found]) -> None:
        self.found = found
        self.n = len(found)
        self.by_head: dict[int | None, Found] = {}
        for f in found:
            self.by_head.setdefault(f.cue_head, f)
        self.order = sorted(range(self.n), key=lambda k: found[k].cue[0])
        self.cue_starts = [found[k].cue[0] for k in self.order]

    def with_head(self, head: int) -> Found | None:
        return self.by_head.get(head) or next((f for f in self.found[self.n:] if f.cue_head == head), None)

    def cues_in(self, low: int, high: int, low_inclusive: bool = True) -> list[Found]:
        """Relations whose cue starts in [low, high) (or (low, high)), in list order."""
        lo = (bisect.bisect_left if low_inclusive else bisect.bisect_right)(self.cue_starts, low)
        hi = bisect.bisect_left(self.cue_starts, high)
        early = [self.found[k] for k in sorted(self.order[lo:hi])]
        late = [f for f in self.found[self.n:]
                if (low <= f.cue[0] if low_inclusive else low < f.cue[0]) and f.cue[0] < high]
        return early + late


def _relay(verb: Any, text: str, found: list[Found], index: _FoundIndex) -> Found | None:
    """'X reported, citing Y, that ...': Y is the source X relays."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    comp = next((c for c in verb.children if c.dep_ in _COMPLEMENT_DEPS), None)
    head = verb.head
    outer = index.with_head(head.idx)
    if outer is None:
        # The parser may hang "citing" on the reported clause: the relaying verb is
        # then the nearest cue before it in the sentence.
        sent = verb.sent
        before = index.cues_in(sent.start_char, verb.idx)
        after = index.cues_in(verb.idx, sent.end_char, low_inclusive=False)
        outer = before[-1] if before else after[0] if after else None
    if comp is not None:
        relayed = {t.i for c in comp.children if c.dep_ == "advcl" and _lemma(c) in RELAY_VERBS for t in c.subtree}
        content_tokens = [t for t in _without_trailing_aside(_with_continuation(verb, comp)) if t.i not in relayed]
        pieces = _pieces(content_tokens, exclude=set())
    elif outer is not None:
        pieces = list(outer.content)
        content_tokens = []
    else:
        return None
    if not pieces:
        return None
    return Found(cue=cue_span(verb), content=pieces, source=source_span(obj), kind=_kind(text, pieces),
                 stance=outer.stance if outer is not None else stance_of(None, content_tokens),
                 scope=_sentence_span(verb), origin="relay", cue_head=verb.idx,
                 relay_of=outer.cue_head if outer is not None else None)


def _according_to(doc: Any, used: set[int], text: str) -> list[Found]:
    out = []
    if "according" not in text.lower():
        return out  # most documents: no token can match, so none is visited
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        # ('according to show insiders': the tagger may read the source as a verb phrase.)
        obj = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
        source_tokens = _subtree(obj)
        if tok.head.i == tok.i and tok.i < obj.i:
            # 'According to X, the move reeks of fear' read with "according" as the
            # root and the clause as an apposition of X: the source ends at its comma.
            comma = next((t.i for t in source_tokens if t.text == "," and t.i > obj.i), None)
            if comma is not None:
                source_tokens = [t for t in source_tokens if t.i < comma]
                phrase = {tok.i, to.i, comma} | {t.i for t in source_tokens}
        head = tok.head
        while head.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") and head.head.i != head.i and \
                head.pos_ not in ("VERB", "AUX"):
            head = head.head
        # 'X stood at 200,000 in 1972 and has since exploded, according to Y': the
        # source vouches for all the joined clauses before it.
        while head.dep_ == "conj" and head.head.i < head.i < tok.i:
            head = head.head
        sent = tok.sent
        clause = [t for t in (head.subtree if head.i != tok.i else sent) if t.i not in phrase]
        # "... that, according to X, Y": the complementiser belongs to the outer report.
        clause = [t for t in clause if not (t.dep_ == "mark" and t.head.i == head.i and t.i < tok.i)]
        # What the source says starts after the writer's links: "And X, according
        # to Y, ..." / "..., and Z" (the pieces around the phrase).
        pieces = [_after_link(text, piece) for piece in _without_connective(text, _pieces(clause, exclude=phrase))]
        pieces = [p for p in pieces if p[1] > p[0]]
        if not pieces:
            continue
        used.add(tok.i)
        out.append(Found(cue=(tok.idx, to.idx + len(to.text)), content=pieces,
                         source=_tokens_span(source_tokens), kind=_kind(text, pieces),
                         stance=stance_of(None, clause), scope=(sent.start_char, sent.end_char),
                         origin="according", cue_head=tok.idx))
    return out


#: Nouns whose "in"-phrase names a source ("In the latest poll, X leads", "safe in his
#: eyes"); found with a pattern on the text so that no token is visited without one.
_IN_SOURCE = re.compile(
    r"\b[Ii]n\s+(?:[\w.,'\u2019/-]+\s+){0,8}?(?:polls?|surveys?|stud(?:y|ies)|analys[ie]s|eyes)\b")


_IN_SOURCE_NOUNS = frozenset("poll survey study analysis".split())


def _in_source(doc: Any, used: set[int], text: str) -> list[Found]:
    """'In the previous poll, Clinton led by 5 points', 'safe in his eyes': the cue is
    "in", its object the source, the clause it hangs on the content."""
    out = []
    for m in _IN_SOURCE.finditer(text):
        span = doc.char_span(m.start(), m.start() + 2)
        if span is None:
            continue
        tok = span[0]
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if tok.i in used or tok.dep_ != "prep" or obj is None:
            continue
        # A poll or a study opens the sentence ('In the latest poll, ...'); "in the polls"
        # elsewhere is mostly where a candidate stands.  Eyes are someone's ('in his eyes').
        fronted = tok.i == tok.sent.start and _lemma(obj) in _IN_SOURCE_NOUNS
        if not fronted and not (obj.lower_ == "eyes" and any(c.dep_ == "poss" for c in obj.children)):
            continue
        head = tok.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i in used or _lemma(head) in SPEECH_VERBS or head.pos_ not in ("VERB", "AUX"):
            continue  # 'said in a poll': the verb is the cue
        phrase = {t.i for t in tok.subtree}
        clause = [t for t in head.subtree if t.i not in phrase]
        pieces = _without_connective(text, _pieces(clause, exclude=phrase))
        if not pieces:
            continue
        used.add(tok.i)
        out.append(Found(cue=(tok.idx, tok.idx + 2), content=pieces, source=source_span(obj),
                         kind=_kind(text, pieces), stance=stance_of(None, clause), scope=_sentence_span(tok),
                         origin="according", cue_head=tok.idx))
    return out


#: Nouns whose "of"/"about"/"for" object is a position taken ("their criticism of the
#: plan"); most nouns' objects are not ("his plan for the city").
_NOUNS_WITH_OBJECTS = frozenset("criticism disdain praise support opposition objection demand "
                                "denial rejection endorsement theory".split())


#: Nouns that name a proposition rather than someone's saying it: 'the idea that debt is
#: bad' is no one's statement; 'her idea that ...' is hers.
_HOLDERLESS_NOUNS = frozenset("idea notion".split())


def _noun_cues(doc: Any, used: set[int], text: str) -> list[Found]:
    """"the ministry's claim that ...", "his denial that ...": a speech noun whose
    "that"-clause is the content; the possessor, if any, is the source."""
    out = []
    for tok in doc:
        if tok.i in used or tok.pos_ != "NOUN" or _lemma(tok) not in SPEECH_NOUNS and \
                tok.lower_ not in SPEECH_NOUNS and tok.lower_ not in POSITION_NOUNS:
            continue
        if tok.dep_ == "dobj" and tok.head.i in used:
            continue  # 'rejected claims that ...': the verb's relation already has it
        clause = _that_clause(tok)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        cue_end = tok
        if clause is None and poss is not None:
            # 'his determination to act alone', "the party's criticism of the plan":
            # with a possessor to speak, an infinitive or a prepositional object is
            # the content.
            clause = next((c for c in tok.children if c.dep_ == "acl" and c.i > tok.i
                           and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
            if clause is None and (_lemma(tok) in _NOUNS_WITH_OBJECTS or tok.lower_ in POSITION_NOUNS):
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.i == tok.i + 1
                             and c.lower_ in POSITION_NOUNS.get(tok.lower_, ("of", "about", "for", "on", "against"))),
                            None)
                clause = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
                cue_end = prep if clause is not None else tok
        if clause is None or poss is None and _lemma(tok) in _HOLDERLESS_NOUNS:
            continue
        content_tokens = _subtree(clause)
        pieces = _pieces(content_tokens, exclude=set())
        if not pieces:
            continue
        source = None
        cue_start = tok.idx
        # 'his earlier claim', 'growing concerns', 'a tacit acknowledgment': adjectives
        # right before the noun colour the cue.
        k = tok.i
        while k > 0 and tok.doc[k - 1].dep_ == "amod" and tok.doc[k - 1].head.i == tok.i:
            k -= 1
        if k > 0 and tok.doc[k - 1].dep_ == "det" and tok.doc[k - 1].head.i == tok.i:
            k -= 1  # 'a tacit acknowledgment', 'the false accusations': the article too
        cue_start = tok.doc[k].idx
        if poss is not None:
            # "Mrs. Clinton's plan": the possessive ending stays with the source.
            source = _tokens_span(_subtree(poss))
        used.add(tok.i)
        stance = "denies" if _lemma(tok) == "denial" else stance_of(None, content_tokens)
        out.append(Found(cue=(cue_start, cue_end.idx + len(cue_end.text)), content=pieces, source=source,
                         kind=_kind(text, pieces), stance=stance, scope=_sentence_span(tok),
                         origin="noun", cue_head=tok.idx))
    return out


_NAME_WORD = r"(?:[A-Z][\w.\u2019'&-]*|and|of|de|van|von)"


#: 'Pollster Ann Lee: "..."', '... trends -- Ann Lee and Bo Kim: "..."', 'More from
#: the report: "..."': a name (or "from" and a phrase) and a colon right before a quotation.
_COLON_LABEL = re.compile(
    r"(?:(?:^|\n|[.!?\]]\s+|\s[-\u2013\u2014]+\s*)(?P<name>[A-Z][\w.\u2019'&-]*(?:[ \t]+" + _NAME_WORD + r"){0,5})"
    r"|\b[Ff]rom[ \t]+(?P<phrase>(?:the[ \t]+)?[\w\u2019'-]+(?:[ \t]+[\w\u2019'-]+){0,3}))"
    r"[ \t]*(?P<colon>:)[ \t\xa0]*$")


_NOT_NAMES = frozenset("note update editor's source sources photo video caption read more related breaking watch "
                       "listen transcript correction disclosure".split())


def _is_saying_word(word: str) -> bool:
    return word in ("said", "says", "wrote", "writes", "told") or any(
        word.endswith(ending) and word[: len(word) - len(ending)] in SAYING_VERBS for ending in ("ed", "d", "s"))


class _Cover:
    """Whether a position lies in any of a set of spans, by bisection (spans may overlap)."""

    def __init__(self, spans: list[Span]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))

    def covers(self, position: int) -> bool:
        k = bisect.bisect_right(self.starts, position) - 1
        return k >= 0 and self.reach[k] > position


def _named_colon_quotes(text: str, quotes: list[Quote], found: list[Found]) -> list[Found]:
    """'Pollster Ann Lee: "Turnout was the story."': outside a transcript, a name and a
    colon before a quotation give its speaker (the colon is the cue)."""
    out: list[Found] = []
    in_content = _Cover([piece for f in found for piece in f.content])
    at_cue = _Cover([(f.cue[0], f.cue[1] + 3) for f in found])
    for q in quotes:
        if not q.closed or not is_speech(text, q) or in_content.covers(q.start) or at_cue.covers(q.start):
            continue
        m = _COLON_LABEL.search(text, max(0, q.start - 80), q.start)
        if m is None:
            continue
        label = m.span("name") if m.group("name") else m.span("phrase")
        words = text[label[0]:label[1]].split()
        if words[0].lower().rstrip(":") in _NOT_NAMES or text[label[0]:label[1]].isupper() and len(words) > 2:
            continue
        cue = m.span("colon")
        if len(words) > 1 and _is_saying_word(words[0].lower()):
            # 'Said Ellis: "..."', 'Continued Stone: "..."': the verb is the cue.
            cue = (label[0], label[0] + len(words[0]))
            label = (text.index(words[1], cue[1]), label[1])
        out.append(Found(cue=cue, content=[(q.start, q.end)], source=label, kind="direct", stance="asserts",
                         scope=(label[0], q.end), origin="quote", cue_head=cue[0]))
    return out


def _colon_introduced_quotes(doc: Any, text: str, quotes: list[Quote], found: list[Found]) -> list[Found]:
    """'Sanders made the following comment: "..."', 'And the governor shot back: "..."':
    a clause ending in a colon right before a quotation introduces its speaker's words,
    whatever its verb; its subject is the speaker and its predicate, colon and all, the cue."""
    out: list[Found] = []
    in_content = _Cover([piece for f in found for piece in f.content])
    at_cue = _Cover([(f.cue[0], f.cue[1] + 3) for f in found])
    quoted = _Cover([(q.start, q.end) for q in quotes])
    for q in quotes:
        if not q.closed or not is_speech(text, q) or in_content.covers(q.start) or at_cue.covers(q.start):
            continue
        before = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
        if before is None or before.start == 0:
            continue
        colon = doc[before.start - 1]
        while colon.is_space and colon.i > 0:
            colon = doc[colon.i - 1]
        if colon.text != ":":
            continue
        # the clause the colon closes: the last word's highest head before the colon (the
        # parser may hang the clause on the quotation's verb)
        verb = doc[colon.i - 1] if colon.i > 0 else colon
        while verb.head.i != verb.i and verb.head.i < colon.i:
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
        if verb.pos_ not in ("VERB", "AUX") or not subjects or quoted.covers(verb.idx) or \
                quoted.covers(subjects[0].idx) or in_content.covers(verb.idx):
            continue
        cue = (cue_span(verb)[0], colon.idx + 1)
        words = doc.char_span(q.start, q.end, alignment_mode="expand")
        out.append(Found(cue=cue, content=[(q.start, q.end)], source=source_span(subjects[0]), kind="direct",
                         stance=stance_of(verb, list(words) if words is not None else []),
                         scope=(doc[colon.sent.start].idx, q.end), origin="quote", cue_head=verb.idx))
    return out


def _verb_form(word: str) -> str | None:
    """The lexicon verb a capitalised headline word is a form of ('Slams', 'Urged')."""
    lexicon = SPEECH_VERBS | INTENT_VERBS | OBJECT_VERBS | PREPOSITION_VERBS.keys()
    for ending, added in (("", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", "")):
        if word.endswith(ending) and len(word) - len(ending) > 2 and word[: len(word) - len(ending)] + added in lexicon:
            return word[: len(word) - len(ending)] + added
    return None


def _headline_verb(doc: Any, text: str, found: list[Found]) -> list[Found]:
    """'Senator Slams Harbour Toll.', 'Mayor calls on council to act.': the parser reads
    a title-case headline poorly; a name, then a verb of saying or of taking a position,
    then what it is about."""
    end = text.find("\n")
    if not 0 < end <= 200 or any(f.cue[0] < end for f in found):
        return []
    words = [t for t in doc if t.idx < end and not t.is_space]
    for k, tok in enumerate(words):
        lemma = _verb_form(tok.lower_) if tok.is_alpha else None
        if k == 0 or lemma is None or lemma in _NOT_STATING or tok.pos_ in ("ADP", "DET", "ADJ"):
            continue
        if tok.lower_ == lemma and tok.pos_ != "VERB":
            continue  # 'Clinton Plan for Taxes', 'Campaign Post': a noun, not a verb
        first = max([j + 1 for j in range(k) if words[j].text in (",", ":", ";")] + [0])
        if not 0 < k - first <= 6 or not words[first].text[:1].isupper() or any(
                w.pos_ in ("VERB", "AUX") or not (w.is_alpha or w.text in ("'s", "\u2019s") or "." in w.text)
                for w in words[first:k]):
            return []
        cue_end = tok
        nxt = words[k + 1] if k + 1 < len(words) else None
        if nxt is not None and nxt.lower_ in PREPOSITION_VERBS.get(lemma, frozenset()):
            cue_end = nxt
        rest = [w for w in words[cue_end.i - words[0].i + 1:] if not (w.is_punct and w.text in ".;")]
        content = _tokens_span(rest) if rest else _tokens_span(words[:first])
        source = _tokens_span(words[first:k])
        if content is None or source is None:
            return []
        pieces = [content]
        return [Found(cue=(tok.idx, cue_end.idx + len(cue_end.text)), content=pieces, source=source,
                      kind=_kind(text, pieces), stance="asserts", scope=(0, end), origin="verb", cue_head=tok.idx)]
    return []


def find_in_doc(doc: Any) -> list[Found]:
    """Every attribution of one spaCy Doc, with offsets into `doc.text`, in text order."""
    text = doc_text(doc)  # built on each access by spaCy: once per Doc
    quotes = _Quotes(find_quotes(text))
    used: set[int] = set()
    found = _direct_quotes(doc, quotes, used, text)
    # Words inside a quotation are the speaker's own ("I think we will win"): what
    # they report is part of the quoted statement, not a separate attribution.
    used.update(_quoted_tokens(doc, quotes))
    found += _verb_cues(doc, used, quotes, text)
    found += _according_to(doc, used, text)
    found += _in_source(doc, used, text)
    found += _noun_cues(doc, used, text)
    found += _named_colon_quotes(text, quotes, found)
    found += _colon_introduced_quotes(doc, text, quotes, found)
    found += _headline_verb(doc, text, found)
    inline = _signed_inline(text, quotes)
    # Several signatures on one line: the quotation right before each bar is its own.
    bylines = inline + [b for b in _bylined_quotes(text) if not any(b.cue == x.cue for x in inline)
                        and "\u2015" not in text[b.content[0][0]:b.content[0][1]]]
    found = [f for f in found if not any(b.content[0][0] <= f.cue[0] < b.content[0][1] for b in bylines)]
    found += bylines
    cue_starts = sorted(f.cue[0] for f in found)
    for f in found:
        if f.origin == "byline":
            continue  # its pattern already spans the whole quotation, whatever mark opens it
        f.content = [balance_quotes(text, piece, quotes) for piece in f.content]
        if f.origin in ("verb", "object"):
            f.content = _through_colon(text, f, cue_starts)
        if f.origin == "verb":
            f.content = _whole_quotation(text, f, quotes)
        if f.origin in ("verb", "object", "intention"):
            f.content = _on_the_cues_line(text, f.content, f.cue[0])
        if f.origin == "verb" and f.content[0][0] < f.cue[0]:
            # 'But the plan, he added, failed': the link to the sentence before is the writer's.
            f.content = [_after_link(text, f.content[0])] + f.content[1:]
            f.content = _after_clause_break(text, f)
            f.content = _after_a_main_verb(doc, f)
    found = [f for f in found if f.content]
    found = _one_relation_per_intended_act(doc, found)
    found.sort(key=lambda f: (f.cue[0], f.cue[1]))
    _with_quotation_after_cue_sentence(text, found, quotes)
    _before_next_sentences_quotation(text, found)
    _without_participle_cue_after(text, found)
    with_whole_marks(text, found, quotes)
    return found


_PARTICIPLE_AFTER_COMMA = re.compile(r",\s+(?:and\s+)?([a-z]+ing)\b")


def _without_participle_cue_after(text: str, found: list[Found]) -> None:
    """'She told the crowd that the vote mattered, adding that turnout was low': the
    participle after the comma is the speaker's next statement, a relation of its own,
    not part of what the verb before it reported."""
    cue_starts = {f.cue[0] for f in found}
    for f in found:
        if f.origin not in ("verb", "object", "intention"):
            continue
        a, b = f.content[-1]
        for m in _PARTICIPLE_AFTER_COMMA.finditer(text, a, b):
            if m.start(1) in cue_starts and m.group(1) != "according":
                f.content = f.content[:-1] + [(a, m.start())]
                f.kind = _kind(text, f.content)
                break


def _before_next_sentences_quotation(text: str, found: list[Found]) -> None:
    """'Time, he added, was on their side. "It is early," he said.': the parser may run
    two sentences together; a quotation that opens the next sentence and is reported by
    a cue of its own is not part of what the verb before reported."""
    quoted = sorted(p[0] for f in found if f.origin == "quote" for p in f.content)
    for f in found:
        if f.origin != "verb":
            continue
        for n, (a, b) in enumerate(f.content):
            k = bisect.bisect_right(quoted, a)
            if k == len(quoted) or quoted[k] >= b:
                continue
            m = re.search(r"[.?!]\s+$", text[a:quoted[k]])
            if m is None:
                continue
            f.content = f.content[:n] + [(a, a + m.start())]
            f.kind = _kind(text, f.content)
            break


#: The rest of a cue's sentence up to the space after its full stop; a semicolon
#: would open another clause, with a speaker of its own.
_SENTENCE_THEN_SPACE = re.compile(r"[^.?!;\n]*[.?!]['\u2019\u201d\"]?[ \t\xa0]+")


def _with_quotation_after_cue_sentence(text: str, found: list[Found], quotes: _Quotes) -> None:
    """'"It is over," she said of the vote. "For now."': a quotation that opens the next
    sentence of the paragraph, with no cue of its own, goes on with what the cue that
    closes the sentence before reported (`found` in cue order)."""
    claimed = sorted(p[0] for f in found for p in f.content)
    for f in found:
        if f.origin != "verb" or f.cue[0] < f.content[-1][1]:
            continue
        m = _SENTENCE_THEN_SPACE.match(text, f.cue[1])
        if m is None:
            continue
        q = quotes.at(m.end())
        if q is None or not q.closed or not is_speech(text, q):
            continue
        n = bisect.bisect_left(claimed, q.start)
        if n < len(claimed) and claimed[n] < q.end:
            continue  # the quotation is another relation's, or has a cue of its own
        f.content = f.content + [(q.start, q.end)]
        f.kind = _kind(text, f.content)
        bisect.insort(claimed, q.start)


#: A refusal is the one intention whose infinitive, when it is a cue of its own, is
#: the act the stance is about ('refused to endorse | Trump' is a position on Trump,
#: where 'declined | to say whether ...' and 'plans | to call for ...' are what was
#: intended) unless the act refused is speaking at all: 'refused | to comment on the
#: crash' takes no position on the crash.
_SPEAKING_AT_ALL = frozenset("comment say speak talk respond answer discuss elaborate".split())


def _one_relation_per_intended_act(doc: Any, found: list[Found]) -> list[Found]:
    """'wants to know who approved it', 'has refused to endorse Trump': the intention
    and the cue in its infinitive (whose cue takes in the intending verb) are one act of
    one speaker, kept once."""
    intentions = sorted((f.cue_head, k) for k, f in enumerate(found)
                        if f.origin == "intention" and f.cue_head is not None)
    heads = [h for h, _ in intentions]
    dropped: set[int] = set()
    for k, f in enumerate(found):
        if f.cue_head is None:
            continue
        n = bisect.bisect_left(heads, f.cue[0])
        while n < len(heads) and heads[n] < f.cue[1]:
            i = intentions[n][1]
            n += 1
            if i == k or found[i].cue_head == f.cue_head or f.cue_head < found[i].cue_head:
                continue
            verb = doc.char_span(found[i].cue_head, found[i].cue_head + 1, alignment_mode="expand")
            act = doc.char_span(f.cue_head, f.cue_head + 1, alignment_mode="expand")
            refusing = verb is not None and _lemma(verb[0]) == "refuse" and \
                act is not None and _lemma(act[0]) not in _SPEAKING_AT_ALL
            dropped.add(i if refusing else k)
    return [f for k, f in enumerate(found) if k not in dropped]


#: Rules that find a position taken on something ('opposed the plan', 'vowed to act',
#: 'his claim that ...') rather than a statement.
_POSITION_ORIGINS = frozenset({"object", "intention", "noun"})


#: Rules that find a statement: a verb of saying with its clause, a quotation.
_STATEMENT_ORIGINS = frozenset({"verb", "quote", "according"})


#: Verbs of saying that, inside a statement, pass on someone else's ('X said Y told
#: him ...'); thinking and showing inside a statement ('said he doubted ...', 'said
#: the videos show ...') are part of it.
_RELAYING_LEMMAS = SAYING_VERBS - frozenset("find show indicate demonstrate establish determine conclude".split())


def without_parts_of_statements(doc: Any, found: list[Found], turns: list[Found] = ()) -> list[Found]:
    """'He said he opposed the plan', 'vowed to fight claims that ...': the position is
    part of what the outer relation says (as 'said she thinks ...' is), not a relation
    of its own.  So is a quotation the outer relation already holds whole, whatever
    verb near it looked like its cue ('said that "A" against what the campaign sees'),
    and a verb of thinking or showing ('said the videos show ...'), also inside a
    transcript turn ("Q: ... A: I think ...", `turns`).  Statements inside statements
    ('X said that Y told him ...') stay: they are relays."""
    holders = [f for f in found if f.origin in _STATEMENT_ORIGINS | _POSITION_ORIGINS] + list(turns)
    pieces = sorted((a, b, k) for k, f in enumerate(holders) for a, b in f.content)
    starts = [a for a, _, _ in pieces]
    reach = list(itertools.accumulate((b for _, b, _ in pieces), max))  # furthest end so far

    def held(f: Found) -> bool:
        at = f.cue[0]
        for n in range(bisect.bisect_right(starts, at) - 1, -1, -1):
            if reach[n] <= at:
                return False  # no earlier piece reaches the cue
            a, b, k = pieces[n]
            outer = holders[k]
            # (Two relations holding each other's cue are settled by `nesting`.)
            if outer.origin == "turn" and f.origin != "verb":
                continue  # a position taken in a transcript turn is the speaker's own relation
            if a <= at < b and outer is not f and not any(x <= outer.cue[0] < y for x, y in f.content) and (
                    f.origin != "quote" or all(_within(p, outer.content) for p in f.content)):
                return True
        return False

    def part_of_outer(f: Found) -> bool:
        if f.origin in _POSITION_ORIGINS or f.origin == "quote":
            return True
        if f.origin != "verb" or f.cue_head is None:
            return False
        head = doc.char_span(f.cue_head, f.cue_head + 1, alignment_mode="expand")
        return head is not None and _lemma(head[0]) not in _RELAYING_LEMMAS

    return [f for f in found if not part_of_outer(f) or not held(f)]


def _within(piece: Span, pieces: list[Span]) -> bool:
    return any(a <= piece[0] and piece[1] <= b for a, b in pieces)


def _whole_quotation(text: str, found: Found, quotes: _Quotes) -> list[Span]:
    """'He told the board: "Resign. Give back the money."': a cue outside a quotation
    whose content the parser found inside it (a part of it, or without its marks)
    reports the whole quotation."""
    first, last = found.content[0][0], found.content[-1][1]
    for q in quotes[quotes.from_index(last):bisect.bisect_right(quotes.starts, first)]:
        if q.closed and q.start <= first and last <= q.end and not q.start <= found.cue[0] < q.end \
                and is_speech(text, q):
            return [(q.start, q.end)]
    return found.content


def _after_a_main_verb(doc: Any, found: Found) -> list[Span]:
    """'Should the firm fail, residents worry that ...', 'In a statement, she said that
    ...': the complement of a main verb of saying follows it; words before it that the
    parser hung on that complement set the scene."""
    after = [p for p in found.content if p[0] >= found.cue[1]]
    if not after or len(after) == len(found.content) or found.cue_head is None:
        return found.content
    head = doc.char_span(found.cue_head, found.cue_head + 1, alignment_mode="expand")
    if head is None or head[0].dep_ != "ROOT":
        return found.content
    resumed = {t.idx for t in _resumed_after_cue(head[0])}
    if resumed and all(a in resumed for a, _ in after):
        return found.content  # 'A, the poll shows, with B': the clause reported comes first
    addressee = {t.idx for c in head[0].children for t in c.subtree
                 if c.dep_ in ("dative", "iobj") or c.dep_ == "dobj" and _lemma(head[0]) in _ADDRESSEE_VERBS
                 or c.dep_ == "prep" and c.lower_ == "to"}
    if all(t.idx in addressee for a, b in after for t in doc.char_span(a, b, alignment_mode="expand") or ()):
        # 'The plan failed, he told reporters': who was told is not what was said.
        return [p for p in found.content if p[1] <= found.cue[0]]
    return after


def _after_clause_break(text: str, found: Found) -> list[Span]:
    """'The perk is plain: the jet can be seen from the road': a clause the cue's own
    clause follows after a colon or a semicolon is the writer's lead-in, not what the
    cue reports."""
    start = found.cue[0] if found.source is None else min(found.cue[0], found.source[0])
    return [p for p in found.content if not (p[1] <= start and re.search(r"[:;]", text[p[1]:start]))]


def _through_colon(text: str, found: Found, cue_starts: list[int]) -> list[Span]:
    """'He added: It is typical. She knows nothing.' / 'the following tasks: ...': what
    follows a colon that ends the cue or the content runs to the end of the paragraph."""
    last = found.content[-1]
    colon_after = text[last[1]:last[1] + 2].strip().startswith(":")
    colon_cue = text[found.cue[1] - 1] == ":" and found.content[0][0] > found.cue[1]
    if not (colon_after or colon_cue):
        return found.content
    start = text.index(":", last[1]) + 1 if colon_after else found.content[0][0]
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;"):
        end -= 1
    if end <= last[1]:
        return found.content
    while start < end and text[start].isspace():
        start += 1
    # One piece per line: the lines of a list introduced by the colon.
    lines = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        a, b = start + m.start(), start + m.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            lines.append((a, b))
    if colon_after:
        k = bisect.bisect_left(cue_starts, start)
        if k < len(cue_starts) and cue_starts[k] < end:
            return found.content  # what follows the colon has statements of its own
        if not lines:
            return found.content  # the colon ends the paragraph: what it opens is not there
        return found.content[:-1] + [(last[0], last[1] + 1)] + lines
    return found.content[:-1] + [(last[0], lines[0][1])] + lines[1:]


_BYLINE = re.compile(
    r"^[ \t]*(?P<content>[\"\u201c\u201d].+?[\"\u201d])[ \t\xa0]*(?P<dash>\u2015|\u2014|--|\u2013)[ \t\xa0]*"
    r"(?P<source>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,4})[ \t\xa0]*$",
    re.MULTILINE,
)


def _bylined_quotes(text: str) -> list[Found]:
    """'"We deserve better." ― Ana Ruiz': a quotation signed with a dash and a name,
    as in collections of readers' or voters' statements."""
    out = []
    for m in _BYLINE.finditer(text):
        out.append(Found(cue=m.span("dash"), content=[m.span("content")], source=m.span("source"), kind="direct",
                         stance="asserts", scope=(m.start("content"), m.end("source")), origin="byline",
                         cue_head=m.start("dash")))
    return out


#: A name after the horizontal bar: a few capitalised words (initials allowed).
_SIGNATURE = re.compile(r"[ \t\xa0]*\u2015[ \t\xa0]*(?P<source>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,4})")


def _signed_inline(text: str, quotes: list[Quote]) -> list[Found]:
    """'"..." ― Ana Ruiz "..." ― Jo Park': signed quotations run together in one
    paragraph.  Only the horizontal bar, which marks a signature and nothing else."""
    out = []
    for q in quotes:
        m = _SIGNATURE.match(text, q.end)
        if not q.closed or m is None:
            continue
        a, b = m.span("source")
        while b > a and text[b - 1] == ".":
            b -= 1  # the sentence's full stop, not an initial
        dash = text.index("\u2015", q.end)
        out.append(Found(cue=(dash, dash + 1), content=[(q.start, q.end)], source=(a, b), kind="direct",
                         stance="asserts", scope=(q.start, b), origin="byline", cue_head=dash))
    return out


def _quoted_tokens(doc: Any, quotes: list[Quote]) -> set[int]:
    out: set[int] = set()
    for q in quotes:
        a, b = _quote_tokens(doc, q)
        out.update(range(a, b + 1))
    return out


