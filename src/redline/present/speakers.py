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

#: Labels of a turn asked by an unnamed questioner (as in the transcripts extractor).
QUESTION_LABELS = frozenset({"Q", "QUESTION", "REPORTER", "QUESTIONER"})
#: Words kept in capitals inside a recased label.
ACRONYMS = frozenset(
    "NATO UN UK US USA EU UAE UNICEF UNHCR OSCE IAEA WHO ICRC MSF BBC CNN NPR AP AFP ABC CBS NBC PBS CBC ITV RTE "
    "SABC ZDF ARD TASS RIA CIA FBI NSA MOD MFA DOD ID TV II III IV VI VII VIII IX XI XII".split()
)
#: Name particles written in lower case inside a name ("Ursula von der Leyen").
_PARTICLES = frozenset("van von der den de del della di da du la le bin al el".split())
_VOWELS = set("AEIOUY")
_WORD = re.compile(r"([^A-Za-z\u00c0-\u024f]*)([A-Za-z\u00c0-\u024f][^\s]*)")


def speaker_name(label: str | None, cue: str | None = ":") -> str:
    """A transcript's speaker label as a reader writes it: 'GEN. RYDER' -> 'Gen. Ryder'.

    Labels that are not in capitals, and sources that are not transcript labels (their
    cue is not a colon), are returned as they are.
    """
    text = " ".join(str(label or "").split())
    if not text or (cue is not None and cue.strip() != ":"):
        return text
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or any(ch.islower() for ch in letters):
        return text  # 'Q', 'A', or already written in mixed case
    words = text.split(" ")
    return " ".join(_recase(word, first=i == 0) for i, word in enumerate(words))


def _recase(word: str, first: bool) -> str:
    m = _WORD.match(word)
    if m is None:
        return word
    lead, core = m.group(1), m.group(2)
    bare = "".join(ch for ch in core if ch.isalpha())
    if bare in ACRONYMS or (not core.endswith(".") and len(bare) <= 5 and not (set(bare) & _VOWELS)):
        return word  # 'NATO', 'BBC', 'MSNBC'
    if not first and bare.lower() in _PARTICLES:
        return lead + core.lower()
    return lead + _capitalise(core)


def _capitalise(core: str) -> str:
    """'O'BRIEN' -> "O'Brien", 'SMITH-JONES' -> 'Smith-Jones', 'MCDONALD' -> 'McDonald'."""
    out = []
    for part in re.split(r"([-'\u2019])", core):
        if part in ("-", "'", "\u2019") or not part:
            out.append(part)
            continue
        low = part.lower()
        if low.startswith("mc") and len(low) > 3 and low[2].isalpha():
            out.append("Mc" + low[2].upper() + low[3:])
        else:
            out.append(low[:1].upper() + low[1:])
    return "".join(out)


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
