"""Speaker turns in transcripts: "NAME: words", "Q: ...", "GEN. RYDER: ...".

A document is treated as a transcript only when at least two lines open with a
speaker label, so that a lone "Note:" or a headline with a colon is not a turn.
Each turn becomes one attribution (source = the label, cue = the colon, content =
the words up to the next turn); the question a turn answers is kept as its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A label is short: Q / A, a name in capitals ("GEN. RYDER", "MS. PSAKI"), or a
# title-cased name of at most four words ("Jen Psaki", "Secretary Austin").
_LABEL = (
    r"(?:Q|A|QUESTION|ANSWER"
    r"|[A-Z][A-Z.'\u2019-]*(?: [A-Z][A-Z.'\u2019-]*){0,4}"
    r"|[A-Z][a-z.'\u2019-]+(?: [A-Z][a-zA-Z.'\u2019-]+){0,3})"
)
_TURN = re.compile(rf"^[ \t]*(?P<label>{_LABEL})[ \t]*(?P<colon>:)[ \t]+(?=\S)", re.MULTILINE)
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
    content: tuple[int, int]  # the words of the turn, up to the next turn
    question: tuple[int, int] | None = None  # the content of the question it answers

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
        start = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        label = m.group("label").upper()
        is_question = label in QUESTION_LABELS
        turn = Turn(
            label=m.span("label"),
            colon=m.span("colon"),
            content=(start, end),
            question=None if is_question else last_question,
        )
        turns.append(turn)
        last_question = (start, end) if is_question else None
    return turns


def _is_speaker(label: str) -> bool:
    words = label.replace(".", " ").split()
    if not words or label.upper().rstrip(".") in _NOT_SPEAKERS or words[0].upper() in _NOT_SPEAKERS:
        return False
    return len(label) <= 40


def answer_speaker(text: str, turns: list[Turn], index: int) -> tuple[int, int] | None:
    """For an "A:" turn, the label of the named speaker who answers in this transcript:
    the nearest named (non Q/A) turn before it, else the first named turn after it."""
    named = [k for k, t in enumerate(turns) if t.label_text(text).upper() not in QUESTION_LABELS | ANSWER_LABELS]
    before = [k for k in named if k < index]
    if before:
        return turns[before[-1]].label
    after = [k for k in named if k > index]
    return turns[after[0]].label if after else None
