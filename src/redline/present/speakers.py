"""How speakers and the questions they answer are shown: display only, the ledger keeps the text.

Transcripts label turns in capitals ("MINISTER VALK:", "BRIG. GEN. OSTROM:"); the
ledger keeps the label exactly as written (every span is the slice of its document),
and the displays show `speaker_name`: "Minister Valk", "Brig. Gen. Ostrom".  Only a
transcript label (its cue is the colon) is recased: a source "UNICEF" in a sentence
("UNICEF said ...") is an acronym, not a shouted name.

An answer's question is shown as `in answer to: “…”`, trimmed to its last sentences
(the question is usually at the end of a reporter's preamble), with who asked when
the transcript says: the interviewer's label, or the reporter's self-introduction
at the start of a "Q:" turn ("Q: Lena Fisk, Baltic Wire. General, how many ...").
"""

from __future__ import annotations

import re
from typing import Any

from redline.link.names import speaker_name

__all__ = ["QUESTION_LABELS", "in_answer_to", "question_excerpt", "question_parts", "speaker_name"]

#: Labels of a turn asked by an unnamed questioner (as in the transcripts extractor).
QUESTION_LABELS = frozenset({"Q", "QUESTION", "REPORTER", "QUESTIONER"})
# A reporter introducing themselves at the start of a question: "Lena Fisk, Baltic Wire."
# (after an optional "Thank you, General."): a name of two to four capitalised words,
# a comma, an outlet of capitalised words.
_CAP = r"[A-Z\u00c0-\u00de][\w'\u2019.&-]*"
_INTRODUCTION = re.compile(
    r"(?:(?:Thank you|Thanks|Hi|Hello|Good (?:morning|afternoon|evening))\b[^.?!\n]{0,40}[.!]\s+)?"
    rf"(?P<who>{_CAP}(?: {_CAP}){{1,3}}, (?:the )?{_CAP}(?: (?:{_CAP}|of|the|de|and|&))*)\.\s+(?=\S)"
)


def question_parts(question: str | None, asker_label: str | None = None, asker_cue: str | None = ":") -> dict[str, Any] | None:
    """What to show of the question an answer was given to, or None when there is none.

    Returns `text` (the question, whitespace collapsed, the reporter's introduction
    left out), `asker` (a readable name, or None when the transcript does not say) and
    `excerpt` (the text trimmed to about 220 characters, keeping its end).
    """
    text = " ".join(str(question or "").split())
    if not text:
        return None
    asker = None
    label = " ".join(str(asker_label or "").split())
    if label and label.upper() not in QUESTION_LABELS:
        asker = speaker_name(label, asker_cue)
    else:
        m = _INTRODUCTION.match(text)
        if m is not None and len(text) > m.end():
            asker, text = m.group("who"), text[m.end():]
    return {"text": text, "asker": asker, "excerpt": question_excerpt(text)}


_SENTENCE_START = re.compile(r"[.?!][\"\u201d\u2019')\]]? +(?=\S)")


def question_excerpt(text: str | None, size: int = 220) -> str:
    """A question trimmed sensibly: whole when short, else its last sentences (where the
    question mark is), cut at a word when even the last sentence is too long."""
    text = " ".join(str(text or "").split())
    if len(text) <= size:
        return text
    starts = [m.end() for m in _SENTENCE_START.finditer(text)]
    for start in starts:  # the longest tail of whole sentences that fits
        if len(text) - start <= size - 2:
            return "… " + text[start:]
    # One long sentence: its beginning and its end.
    head = size // 2 - 2
    cut = text.rfind(" ", 0, head)
    cut = cut if cut > head // 2 else head
    tail_from = text.find(" ", len(text) - (size - cut - 3))
    tail_from = tail_from + 1 if 0 <= tail_from < len(text) - 1 else len(text) - (size - cut - 3)
    return text[:cut] + " … " + text[tail_from:]


def in_answer_to(parts: dict[str, Any] | None) -> str:
    """One line of plain text: 'in answer to: “…” (asked by Lena Fisk, Baltic Wire)'."""
    if not parts:
        return ""
    line = f"in answer to: “{parts['excerpt']}”"
    return line + (f" (asked by {parts['asker']})" if parts.get("asker") else "")
