"""How names are compared: titles stripped, punctuation and case folded, aliases known.

`name_key(text)` turns any surface form into the key entity resolution groups on:
"Secretary of Defense Lloyd Austin" -> "lloyd austin", "the U.S." -> "united states",
"NYT" -> "new york times".  The small alias table below covers the names that news
abbreviates most; abbreviations of other multi-word organisations are matched by
their initials at link time (`initials`).

`speaker_name(label)` writes a transcript's speaker label as a reader would
("BRIG. GEN. OSTROM" -> "Brig. Gen. Ostrom"), for explanations and displays; the
ledger keeps the label as written.

`split_title(text)` separates a leading title or role from a person's name, for the
extractor, which sees spaCy fold "Defense Lloyd Austin" into one organisation span.
"""

from __future__ import annotations

import re
import unicodedata

#: Titles and roles that precede a name ("Defense Secretary Lloyd Austin").
TITLE_WORDS = frozenset("""
mr mrs ms miss dr prof sir dame lord lady rev fr
president vice prime minister deputy secretary general gen lt col colonel maj major capt captain
brig brigadier adm admiral sgt sergeant cmdr commander chief senator sen representative rep congressman
congresswoman governor gov mayor ambassador spokesman spokeswoman spokesperson chairman chairwoman
chair director justice judge king queen prince princess pope sheikh emir chancellor foreign defense
defence state interior finance health home of the former acting said told
""".split())

#: A few long-standing aliases: key -> canonical key.  Initials of other multi-word
#: organisations are matched at link time.
ALIASES: dict[str, str] = {
    "us": "united states", "usa": "united states", "u s": "united states", "america": "united states",
    "united states of america": "united states", "the united states": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "un": "united nations", "eu": "european union",
    "nato": "north atlantic treaty organization", "north atlantic alliance": "north atlantic treaty organization",
    "russian federation": "russia", "ussr": "soviet union",
    "nyt": "new york times", "the times": "new york times",
    "wapo": "washington post", "wsj": "wall street journal",
    "ap": "associated press", "afp": "agence france presse",
    "bbc": "british broadcasting corporation",
    "dod": "department of defense", "defense department": "department of defense",
    "pentagon": "department of defense", "the pentagon": "department of defense",
    "who": "world health organization", "imf": "international monetary fund",
    "idf": "israel defense forces", "cia": "central intelligence agency",
    "fbi": "federal bureau of investigation", "icrc": "international committee of the red cross",
    "unhcr": "united nations high commissioner for refugees",
    "mod": "ministry of defence", "ministry of defense": "ministry of defence",
}

#: Names spaCy's small model often types wrongly; these are actors, not places.
KNOWN_ORGANIZATIONS = frozenset({
    "department of defense", "white house", "kremlin", "state department", "downing street",
    "north atlantic treaty organization", "united nations", "european union", "ministry of defence",
})

#: Nationality adjectives -> the country they point to (for blocking on "whose" figure).
DEMONYMS: dict[str, str] = {
    "russian": "russia", "ukrainian": "ukraine", "american": "united states", "british": "united kingdom",
    "german": "germany", "french": "france", "chinese": "china", "israeli": "israel",
    "palestinian": "palestine", "iranian": "iran", "syrian": "syria", "iraqi": "iraq",
    "afghan": "afghanistan", "polish": "poland", "turkish": "turkey", "japanese": "japan",
    "indian": "india", "pakistani": "pakistan", "sudanese": "sudan", "yemeni": "yemen",
    "lebanese": "lebanon", "belarusian": "belarus", "canadian": "canada", "italian": "italy",
    "spanish": "spain", "dutch": "netherlands", "swedish": "sweden", "finnish": "finland",
    "norwegian": "norway", "danish": "denmark", "mexican": "mexico", "brazilian": "brazil",
    "egyptian": "egypt", "saudi": "saudi arabia", "korean": "korea", "taiwanese": "taiwan",
}

_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case, accents removed, dots of abbreviations dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.strip())
    text = re.sub(r"(?<=\b\w)\.(?=\w\.|\s|$)", "", text)  # U.S. -> US, U.N. -> UN
    text = _NON_WORD.sub(" ", text.lower())
    return " ".join(text.split())


def strip_title(folded: str) -> str:
    """Drop leading title words ("secretary of defense lloyd austin" -> "lloyd austin")."""
    words = folded.split()
    i = 0
    # Keep at least one word; a bare title ("the president") stays as it is.
    while i < len(words) - 1 and words[i] in TITLE_WORDS:
        i += 1
    return " ".join(words[i:])


def name_key(text: str, entity_type: str | None = None) -> str:
    """The key names are grouped on; aliases map to their canonical key."""
    folded = fold(text)
    if folded.startswith("the "):
        if folded in ALIASES:
            return ALIASES[folded]
        folded = folded[4:]
    if entity_type in (None, "person"):
        folded = strip_title(folded)
    if folded in ALIASES:
        return ALIASES[folded]
    if entity_type == "other" and folded in DEMONYMS:
        return DEMONYMS[folded]
    return folded


def initials(key: str) -> str:
    """Initials of a multi-word key, skipping small words: "new york times" -> "nyt"."""
    words = [w for w in key.split() if w not in ("of", "the", "and", "for", "on", "in")]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def split_title(text: str) -> tuple[str, str] | None:
    """(title, name) when `text` is a title followed by a capitalised name, else None."""
    words = text.split()
    i = 0
    while i < len(words) and words[i].lower().strip(".,") in TITLE_WORDS:
        i += 1
    rest = words[i:]
    if i == 0 or not (1 <= len(rest) <= 3) or not all(w[:1].isupper() for w in rest):
        return None
    return " ".join(words[:i]), " ".join(rest)


#: Last words that make a name an organisation or a place, whatever the tagger said
#: ("The Halden Courier", "Boreal Alliance", "the Tarn valley").
ORGANIZATION_HEADS = frozenset("""
times post courier observer herald journal gazette tribune review news agency press alliance institute
ministry department committee council party agency group company corporation bank university office cell
staff army navy force forces command commission union federation organization organisation association
foundation fund network service services parliament government administration court police guard
""".split())
PLACE_HEADS = frozenset("""
valley city river region province district sea mountains island islands bay gulf strait county state
oblast street square airport port border
""".split())


def type_from_name(key: str) -> str | None:
    """The entity type a name's last word implies, if any."""
    last = key.rsplit(" ", 1)[-1] if key else ""
    if " " in key and last in ORGANIZATION_HEADS:
        return "organization"
    if " " in key and last in PLACE_HEADS:
        return "place"
    return None


# --------------------------------------------------------------------------- speaker labels

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
    cue is not a colon), are returned as they are, without the comma that closed an
    apposition ('the deputy mayor, Agnes Varro,' said ...).
    """
    text = " ".join(str(label or "").split()).strip(" ,;")
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
