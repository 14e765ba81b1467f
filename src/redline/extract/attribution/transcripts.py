"""Speaker turns in transcripts: "NAME: words", "Q: ...", "GEN. RYDER: ...".

A document is treated as a transcript only when at least two lines open with a
speaker label and they read as a conversation: a speaker comes back, a question is
put, or the labels are in capitals. A lone "Note:", a headline with a colon, and
section headings that each name someone once ("Ana Ruiz: Harbour tolls") are not turns.
Each turn becomes one attribution (source = the label, cue = the colon, content =
the words up to the next turn); the question a turn answers is kept as its context
(stored as the attribution's `question`).  A question is a "Q:" / "QUESTION:" /
"REPORTER:" turn, or a named speaker's turn that ends in a question mark (an
interviewer: "WALLACE: Will you accept the result?"); the next turn, by someone else,
answers it, whether it is labelled "A:" or by name ("GEN. RYDER:").
`find_headline` reads the same shape in a document's first line ("Pence: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.extract.attribution.cues import SPEECH_VERBS

# A label is short: Q / A, a name in capitals ("GEN. RYDER", "MS. PSAKI"), or a
# title-cased name of at most four words ("Jen Psaki", "Secretary Austin").
_LABEL = (
    r"(?:Q|A|QUESTION|ANSWER"
    r"|[A-Z][A-Z.'\u2019-]*(?: [A-Z][A-Z.'\u2019-]*){0,4}"
    r"|[A-Z][a-z.'\u2019-]+(?: [A-Z][a-zA-Z.'\u2019-]+){0,3})"
)
# A quoted transcript opens each paragraph with a quotation mark: '"WALLACE: ...'.
_TURN = re.compile(rf"^[ \t]*(?P<quote>[\"\u201c]?)(?P<label>{_LABEL})[ \t]*(?P<colon>:)[ \t]+(?=\S)", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_STAGE_DIRECTION = re.compile(r"[\"\u201c]?\s*[(\[][^)\]]*[)\]]\W*")
# Headline speakers are written loosely ("Clinton camp", "Former AG Mukasey at RNC"):
# lower-case words are allowed after a capitalised first word.
_HEADLINE = re.compile(
    r"(?P<label>[A-Z][\w.'\u2019-]*(?: [\w.'\u2019()@-]+){0,5})(?P<colon>:)[ \t]+(?P<content>[^\n]+)")
QUESTION_LABELS = frozenset({"Q", "QUESTION", "REPORTER", "QUESTIONER"})
#: Who runs a briefing or a call: they hand over ("Last question, please."), they do not answer.
_NEVER_ANSWERS = frozenset({"MODERATOR", "OPERATOR", "HOST", "CHAIR", "CHAIRMAN", "CHAIRWOMAN"})
#: A turn whose last words end a question: '... are there?', '... are there?" (CROSSTALK)'.
_ENDS_ASKING = re.compile(r"\?[\"\u201d\u2019')\]]*\s*$")
ANSWER_LABELS = frozenset({"A", "ANSWER"})
#: Capitalised line openings that are not speakers.
_NOT_SPEAKERS = frozenset(
    "NOTE UPDATE WASHINGTON EDITOR'S NOTE SOURCE SOURCES SUBJECT RE FROM TO CC DATE TIME "
    "LOCATION WHERE WHEN WHAT WHY HOW PHOTO VIDEO CAPTION READ MORE RELATED BREAKING".split()
)


@dataclass(frozen=True)
class Turn:
    label: tuple[int, int]  # the speaker label
    colon: tuple[int, int]
    content: tuple[tuple[int, int], ...]  # its paragraphs, up to the next turn
    question: tuple[int, int] | None = None  # the question it answers (first to last character)

    def label_text(self, text: str) -> str:
        return text[self.label[0] : self.label[1]]


def find_turns(text: str) -> list[Turn]:
    """The speaker turns of `text`, or [] when it does not read as a transcript."""
    matches = [m for m in _TURN.finditer(text) if _is_speaker(m.group("label"))]
    if matches and _is_headline(text, matches):
        matches = matches[1:]
    if not _reads_as_transcript(matches):
        return []
    turns: list[Turn] = []
    # The question still waiting for its answer, and who asked it.
    last_question: tuple[int, int] | None = None
    asker: str | None = None
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        pieces = _paragraphs(text, m.end(), end, quoted=bool(m.group("quote")), last=k + 1 == len(matches))
        if not pieces:
            continue
        label = _speaker_key(m.group("label"))
        is_question = label in QUESTION_LABELS
        answers = (not is_question and last_question is not None and label != asker
                   and label not in _NEVER_ANSWERS)
        turns.append(Turn(
            label=m.span("label"),
            colon=m.span("colon"),
            content=tuple(pieces),
            question=last_question if answers else None,
        ))
        # A named speaker (an interviewer) asks when the turn ends in a question mark;
        # an answer that ends asking back ("... wouldn't you?") asks the next speaker too.
        asks = is_question or (label not in ANSWER_LABELS
                               and _ENDS_ASKING.search(text, pieces[-1][0], pieces[-1][1]) is not None)
        if asks:
            last_question, asker = (pieces[0][0], pieces[-1][1]), label
        elif label not in _NEVER_ANSWERS:  # a moderator's "Go ahead, General." leaves the question open
            last_question, asker = None, None
    return turns


def _is_headline(text: str, matches: list[re.Match]) -> bool:
    """'Insiders: Trump Will Rebound' opening the document, with prose after it before
    any other label: the headline (read by `find_headline`), not a transcript's first
    turn. A label in capitals ("GEN. RYDER:") stays a turn."""
    first = matches[0]
    if text[:first.start()].strip() or first.group("label").isupper():
        return False
    line_end = text.find("\n", first.end())
    if line_end < 0:
        return False
    following = matches[1].start() if len(matches) > 1 else len(text)
    return bool(text[line_end:following].strip())


def _reads_as_transcript(matches: list[re.Match]) -> bool:
    """Two labelled lines make a transcript when a speaker comes back, a question is put
    ("Q:"), or the labels are written in capitals ("GEN. RYDER:"); section headings
    that each name someone once ("Jeb Bush: Student loans", "Iowa: ...") do not."""
    if len(matches) < 2:
        return False
    keys = [_speaker_key(m.group("label")) for m in matches]
    if len(set(keys)) < len(keys) or any(k in QUESTION_LABELS | ANSWER_LABELS for k in keys):
        return True
    return all(m.group("label").isupper() for m in matches)


def _speaker_key(label: str) -> str:
    """A label compared across turns: 'Gen. Ryder' and 'GEN. RYDER' are one speaker."""
    return " ".join(label.upper().split())


def _paragraphs(text: str, start: int, end: int, quoted: bool, last: bool) -> list[tuple[int, int]]:
    """The paragraphs of one turn, without stage directions ("(CROSSTALK)") and
    without the quotation mark that opens each paragraph of a quoted transcript."""
    pieces = []
    pos = start
    for para in [*_PARAGRAPH_BREAK.finditer(text, start, end), None]:
        stop = para.start() if para is not None else end
        a, b = pos, stop
        if pieces and quoted:
            if text[a:a + 1] not in "\"\u201c":
                if last:
                    break  # the quoted transcript has ended; the article goes on
            else:
                a += 1
        elif pieces and last and not quoted and b > a and not text[a:b].strip():
            break
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and not _STAGE_DIRECTION.fullmatch(text, a, b):
            pieces.append((a, b))
        if para is None:
            break
        pos = para.end()
    return pieces


def find_headline(text: str) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    """'Pence: Flowers Won't Be at Debate': a first line giving a speaker and their
    words (label, colon, content), as headlines often do."""
    m = _HEADLINE.match(text)
    if m is None or not _is_speaker(m.group("label")) or m.group("label").upper() in ANSWER_LABELS | QUESTION_LABELS:
        return None
    a, b = m.span("content")
    while b > a and text[b - 1] in " .\t":
        b -= 1
    if b == a:
        return None  # 'Ruiz: .': nothing said
    return _headline_speaker(text, m.span("label")), m.span("colon"), (a, b)


_TOPIC = re.compile(r" (?:on|to|On|To) ")
_FROM = re.compile(r".* (?:from|From) (?=[A-Z])")


def _headline_speaker(text: str, label: tuple[int, int]) -> tuple[int, int]:
    """Who speaks in a headline's label: 'Ruiz on the Port:' and 'Ruiz to Voters:' name
    the topic or the audience after the speaker, 'A Lesson from Ana Ruiz:' the speaker last."""
    a, b = label
    topic = _TOPIC.search(text, a, b)
    if topic is not None:
        return a, topic.start()
    source = _FROM.match(text, a, b)
    if source is not None:
        return source.end(), b
    return label


def _is_speaker(label: str) -> bool:
    words = label.replace(".", " ").split()
    if words[0] == "The" and len(words) > 1 and words[1][:1].isupper():
        return False  # 'The Latest:', 'The Long Night:': a column's or a story's title
    if any(_is_saying(w) for w in words[1:] if w.islower()):
        return False  # 'The minister insisted: "..."' is a sentence, read by the sentence rules
    if not words or label.upper().rstrip(".") in _NOT_SPEAKERS or words[0].upper() in _NOT_SPEAKERS:
        return False
    return len(label) <= 40


_IRREGULAR_SAYING = frozenset("said says told wrote written spoke thought knew".split())


def _is_saying(word: str) -> bool:
    """A verb of saying in any of its regular forms ("insisted", "warns")."""
    return word in _IRREGULAR_SAYING or any(
        word.endswith(suffix) and word[: len(word) - len(suffix)] in SPEECH_VERBS for suffix in ("", "s", "ed", "d", "es"))


def answer_speaker(text: str, turns: list[Turn], index: int) -> tuple[int, int] | None:
    """For an "A:" turn, the label of the named speaker who answers in this transcript:
    the nearest named (non Q/A) turn before it, else the first named turn after it."""
    named = [k for k, t in enumerate(turns) if t.label_text(text).upper() not in QUESTION_LABELS | ANSWER_LABELS]
    before = [k for k in named if k < index]
    if before:
        return turns[before[-1]].label
    after = [k for k in named if k > index]
    return turns[after[0]].label if after else None
