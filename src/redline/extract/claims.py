"""Claims: the check-worthy sentences of a document, who asserts them, and their polarity.

A sentence is a claim when it states something concrete that another source could
confirm or contradict: a figure, a named actor doing or undergoing something, or a
denial.  Questions, bylines and other boilerplate, fragments without a verb and
first-person opinion without any fact in it are left out.

Each claim carries:

- `attribution_id`: the attribution whose content covers the sentence (the innermost
  one when quotes nest), or None when the document's author asserts it;
- `polarity`: whether the proposition is asserted (positive) or negated (negative).
  Negation is read on the *content* of the sentence, not on its reporting verb:
  "Officials said no troops were deployed" is negative, "Officials did not say how
  many troops were deployed" is not; "X denied that Y" negates Y.  A denial stance
  on the covering attribution negates the claim when the sentence itself shows no
  negation (the denial was made outside it).
"""

from __future__ import annotations

import bisect
import re

from redline.registry import ExtractContext
from redline.schema import Claim, stable_id

#: Reporting verbs: the proposition of "X said Y" is Y.
REPORTING_LEMMAS = frozenset("""
say tell report state claim announce add confirm insist note warn write tweet post explain
believe estimate argue assert allege acknowledge admit reveal suggest show indicate
""".split())
#: Verbs whose complement they negate: "denied that Y", "refused to Y".
NEGATING_LEMMAS = frozenset("deny reject dismiss refute refuse fail decline rule lack".split())
#: Inflected denial verbs, for when the parse misses them.
DENIAL_FORMS = frozenset("denies denied rejects rejected dismisses dismissed refutes refuted".split())
#: Verbs that compare with a figure: negated, they state a bound ("did not exceed 3,100").
BOUND_LEMMAS = frozenset("exceed surpass top pass reach".split())
#: Determiners and pronouns that negate their clause ("no troops", "none of the aid").
NEGATING_WORDS = frozenset("no none nobody nothing neither nor never".split())

_BOILERPLATE = re.compile(
    r"^(?:(?:by|photo|image|credit|copyright|©|reporting by|editing by|additional reporting)\b"
    r"|.*\b(?:all rights reserved|click here|sign up|subscribe|newsletter|follow us|cookies?)\b)",
    re.IGNORECASE,
)
#: "It is unclear how many...": says that something is not known, claims nothing.
_UNKNOWN = re.compile(r"\b(?:unclear|not clear|not known|unknown)\s+(?:how|whether|if|what|who|why|when)\b",
                      re.IGNORECASE)
_OPINION_OPENING = re.compile(
    r"^(?:i|we)\s+(?:think|feel|believe|hope|wish|love|hate|am|are)\b|^(?:frankly|honestly|sadly)\b",
    re.IGNORECASE,
)
#: A speaker label opening a transcript turn ("MINISTER VALK:", "Q:"): who speaks, not
#: what is said, so it is cut from the claim's span.
_SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Z.'\- ]{0,40}[A-Z.]|Q|A)\s*:\s+")
#: A turn asked by a journalist: questions and the premises put in them are context,
#: not claims of the transcript's publisher.
_QUESTION_TURN = re.compile(r"^\s*(?:Q|QUESTION|REPORTER|JOURNALIST|AUDIENCE(?: MEMBER)?)\s*:", re.IGNORECASE)
QUESTIONERS = frozenset("q question questioner reporter journalist audience member".split())
#: Sentence-final punctuation: a line without it at the top of a document is a headline.
_FINAL = re.compile(r"[.!?;:\"”’')\]]\s*$")
HEADLINE_WORDS = 25
_NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})
MIN_WORDS = 4
#: A "sentence" longer than this is a run of text the sentence splitter could not cut
#: (a file without sentence ends, a table flattened to one line): no reader can check
#: it as one statement, and comparing its scores of figures with every other claim's
#: is what makes linking quadratic.
MAX_CHARS = 600
MAX_WORDS = 120


def content_head(sent):
    """The token heading the proposition of a sentence, and how many times it is negated.

    Walks from the root through reporting and negating verbs to their complement.
    """
    head = sent.root
    flips = 0
    for _ in range(4):  # nested reporting is shallow in practice
        lemma = head.lemma_.lower()
        complement = next((c for c in head.children if c.dep_ in ("ccomp", "xcomp")), None)
        if lemma in NEGATING_LEMMAS and complement is not None:
            if complement.lemma_.lower() in REPORTING_LEMMAS | {"comment", "specify", "elaborate"}:
                # "declined to say whether": no assertion either way.
                return complement, flips
            flips += 1 + _negations(head)
            head = complement
        elif lemma in NEGATING_LEMMAS and lemma in ("deny", "reject", "dismiss", "refute", "lack"):
            # "The ministry denied the report": the object is what is negated.
            flips += 1 + _negations(head)
            return head, flips
        elif lemma in REPORTING_LEMMAS and complement is not None:
            if _negations(head):
                # "did not say how many": no assertion either way about the content.
                return complement, flips
            head = complement
        elif lemma == "be" and complement is not None and not _negations(head):
            head = complement  # "What I can tell you is that ...": the that-clause
        else:
            break
    if flips == 0 and any(t.lower_ in DENIAL_FORMS and t.dep_ != "amod" for t in sent.doc[sent.start:head.i]):
        # "The ministry rejects claims that...": the small model sometimes parses the
        # denial verb as a noun; the word itself is evidence enough.
        flips += 1
    # "According to X, Y" has Y's verb as root already.
    negations = _negations(head)
    if negations and any(c.lower_ == "until" for c in head.children):
        negations -= 1  # "did not withdraw until November": it happened, in November
    if negations and head.lemma_.lower() in BOUND_LEMMAS and any(
            c.dep_ in ("dobj", "attr") and any(g.like_num for g in c.subtree) for c in head.children):
        negations -= 1  # "did not exceed 3,100": a ceiling on a figure, not a denial
    return head, flips + negations


def _negations(head) -> int:
    n = 0
    for child in head.children:
        if child.dep_ == "neg":
            following = child.nbor(1).lower_ if child.i + 1 < len(child.doc) else ""
            if following not in ("all", "every", "only", "just", "everyone", "everything"):
                n += 1  # "not all of them": a part, not none
        elif child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "expl") and _negated_nominal(child):
            n += 1
    return n


def _negated_nominal(token) -> bool:
    if token.lower_ in NEGATING_WORDS:
        return True
    if token.lower_ in ("all", "every", "everyone", "everything", "both", "only"):
        return False  # "not all of the hostages": a part, not none
    return any(c.dep_ in ("det", "neg") and c.lower_ in NEGATING_WORDS | {"not"} for c in token.children)


def sentence_polarity(sent, denied: bool = False, head=None) -> str:
    """'negative' when the sentence's proposition is negated an odd number of times.

    `head` is `content_head(sent)` when the caller already has it."""
    _, flips = head or content_head(sent)
    if denied:
        flips += 1
    return "negative" if flips % 2 else "positive"


def _sentence_ent_labels(ents, starts, sent) -> list[str]:
    """The labels of `sent.ents`, from the document's entities listed once.

    `Span.ents` rebuilds `doc.ents` (a walk over every token) on each call, which made
    this stage quadratic in document length.  Same selection as spaCy's: entities from
    the sentence's first token on, stopping at the first one that runs past its end.
    """
    labels = []
    for _start, end, label in ents[bisect.bisect_left(starts, sent.start):]:
        if end > sent.end:
            break
        labels.append(label)
    return labels


def is_check_worthy(sent, ent_labels=None, head_of=None) -> bool:
    """Whether a sentence states something concrete another source could check.

    `ent_labels` are the labels of `sent.ents` when the caller already has them;
    `head_of` stands in for `content_head` (a caller that needs the head again passes
    a remembering one).
    """
    text = sent.text.strip()
    if len(text) > MAX_CHARS:
        return False
    tokens = list(sent)  # spaCy makes a new Token on every visit: visit each once
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if len(words) > MAX_WORDS:
        return False
    if len(words) < MIN_WORDS or text.endswith("?") or _BOILERPLATE.match(text) or _UNKNOWN.search(text):
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
    if ent_labels is None:
        ent_labels = [e.label_ for e in sent.ents]
    has_number = any(t.like_num for t in tokens) or any(label in _NUMBER_ENTS for label in ent_labels)
    has_actor = any(label in _ACTOR_ENTS for label in ent_labels)
    head, flips = (head_of or content_head)(sent)
    if _OPINION_OPENING.match(text) and not has_number and not has_actor:
        return False
    if not has_verb:
        return has_number and has_actor  # a headline-like line with a figure
    if has_number or has_actor or flips:
        return True
    # A nominal subject doing or undergoing something ("The convoy reached the city",
    # "The pipeline was sabotaged"); a copula with an adjective is left out as opinion.
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") for t in head.children)
    if head.pos_ == "VERB":
        return has_subject
    # "Tangled is a silent film": a named thing said to be a kind of thing is checkable;
    # "the decision is wrong" (an adjective) is opinion.  A kind said of something by a
    # source on record is checkable too ("The detained man is a soldier, the army said").
    return has_subject and head.lemma_ == "be" and any(
        t.dep_ == "attr" and t.pos_ in ("NOUN", "PROPN") for t in head.children) and (
        head.i != sent.root.i or any(t.pos_ == "PROPN" for t in tokens))


def _covering_attribution(attributions, start: int, end: int):
    """The attribution that asserts the sentence: its content covers most of it."""
    best, best_key = None, None
    length = max(1, end - start)
    for a in attributions:
        content = a.content
        overlap = 0
        if content is not None:
            overlap = max(0, min(end, content.end) - max(start, content.start))
        cue_inside = a.cue is not None and start <= a.cue.start < end
        if overlap / length < 0.5 and not (cue_inside and overlap > 0):
            continue
        # The attribution whose content covers most of the sentence is who asserts it
        # ("X said that A, a figure Y called propaganda": X); among equals, the relayed
        # (nested) one, whose chain leads up to the relaying source.
        key = (-overlap, 0 if a.parent_id else 1)
        if best_key is None or key < best_key:
            best, best_key = a, key
    return best


class _LastHead:
    """`content_head` remembering its last sentence: the check and the claim both need it."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._head: tuple = (None, 0)

    def __call__(self, sent) -> tuple:
        key = (id(sent.doc), sent.start, sent.end)
        if key != self._key:
            self._key, self._head = key, content_head(sent)
        return self._head


class ClaimExtractor:
    """Check-worthy sentences with their asserting attribution and polarity."""

    name = "claims"
    version = "8"
    produces = ("claims",)

    def extract(self, ctx: ExtractContext) -> dict:
        document = ctx.document
        attributions = ctx.get("attributions")
        claims: list[Claim] = []
        text = document.text
        header_end = _header_end(text)
        head_of = _LastHead()
        for segment in ctx.segments:
            ents = [(e.start, e.end, e.label_) for e in segment.doc.ents]  # sorted by start
            starts = [e[0] for e in ents]
            for sent in segment.doc.sents:
                if not is_check_worthy(sent, _sentence_ent_labels(ents, starts, sent), head_of):
                    continue
                head = head_of(sent)
                raw = sent.text
                lead = len(raw) - len(raw.lstrip())
                label = _SPEAKER_LABEL.match(raw[lead:])
                if label:
                    lead += label.end()
                start = segment.start + sent.start_char + lead
                end = segment.start + sent.start_char + len(raw.rstrip())
                if end - start < 2 or _not_a_claim_line(text, start, end, header_end, document.title):
                    continue
                attribution = _covering_attribution(attributions, start, end)
                if _asked(attribution):
                    continue
                # The attribution's stance already reflects the negation this sentence
                # carries; it only adds one when the parse found none (a denial cue
                # outside the sentence, or a parse that missed it).
                # Only a stance about this sentence alone counts: a speaker's whole turn
                # may deny one thing and assert the next.
                denied = (attribution is not None and attribution.stance == "denies"
                          and attribution.content is not None
                          and attribution.content.start >= start - 2 and attribution.content.end <= end + 2
                          and head[1] == 0 and not _denial_in(sent))
                claims.append(Claim(
                    id=stable_id(document.id, "claim", start, end),
                    document_id=document.id,
                    text=document.text[start:end],
                    start=start,
                    end=end,
                    attribution_id=attribution.id if attribution is not None else None,
                    polarity=sentence_polarity(sent, denied=denied, head=head),
                ))
        return {"claims": claims}


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _header_end(text: str) -> int:
    """Where a document's header block (title, standfirst, dateline) ends: at the first
    line that ends like a sentence.  A document of one line has no header."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if _FINAL.search(line.strip()) and len(line.split()) >= MIN_WORDS:
            return pos
        pos += len(line)
    return 0


def _not_a_claim_line(text: str, start: int, end: int, header_end: int, title: str | None) -> bool:
    """A Markdown heading, a headline or standfirst, or a sentence inside a question turn."""
    line_start, line_end = _line_of(text, start, end)
    line = text[line_start:line_end]
    if line.lstrip().startswith("#") or _QUESTION_TURN.match(line):
        return True
    whole_line = not text[line_start:start].strip(" \t*_") and not text[end:line_end].strip(" \t*_")
    sentence = text[start:end]
    if not whole_line or _FINAL.search(sentence) or len(sentence.split()) > HEADLINE_WORDS:
        return False
    # A short line without final punctuation at the top of a document (or repeating its
    # title below navigation boilerplate) is a headline: it sums up the claims below it.
    return start < header_end or (bool(title) and " ".join(sentence.lower().split()) in
                                  " ".join((title or "").lower().split()))


def _asked(attribution) -> bool:
    """Whether the covering attribution is a journalist's question turn ("Q: ...")."""
    if attribution is None or attribution.source is None:
        return False
    words = re.findall(r"[a-z]+", attribution.source.text.lower())
    return bool(words) and all(w in QUESTIONERS for w in words)


def _denial_in(sent) -> bool:
    """The sentence itself carries the denial verb, so it is already counted."""
    return any(t.lemma_.lower() in NEGATING_LEMMAS for t in sent)
