"""Speaker turns in transcripts: "NAME: words", "Q: ...", "GEN. RYDER: ...".

A document is treated as a transcript only when at least two lines open with a
speaker label, so that a lone "Note:" or a headline with a colon is not a turn.
Each turn becomes one attribution (source = the label, cue = the colon, content =
the words up to the next turn); the question a turn answers is kept as its context.
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
QUESTION_LABELS = frozenset({"Q", "QUESTION"})
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
    if len(matches) < 2:
        return []
    turns: list[Turn] = []
    last_question: tuple[int, int] | None = None
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        pieces = _paragraphs(text, m.end(), end, quoted=bool(m.group("quote")), last=k + 1 == len(matches))
        if not pieces:
            continue
        label = m.group("label").upper()
        is_question = label in QUESTION_LABELS
        turns.append(Turn(
            label=m.span("label"),
            colon=m.span("colon"),
            content=tuple(pieces),
            question=None if is_question else last_question,
        ))
        last_question = (pieces[0][0], pieces[-1][1]) if is_question else None
    return turns


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
    return m.span("label"), m.span("colon"), (a, b)


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
