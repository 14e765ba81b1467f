"""Find the boilerplate in text copied from web pages, as spans into the text.

Text pasted from a news site carries the page around the article: navigation
lines, "Read more"/"Related" lists of other articles (often with figures of their
own), share buttons, comment counts, sign-up forms, cookie notices.  The text
stays as it is — a reader must be able to see it — but its spans are returned so
that extraction skips them.

The heuristics work line by line and err on the side of keeping text: a real
article paragraph must never be flagged, so a line is boilerplate only when

- it is short and matches a known phrase ("Share this article", "12 comments",
  "Sign up for our newsletter", "Skip to content", "We use cookies ...");
- it is only links, only share-button words, or a breadcrumb ("Home › World");
- it follows a "Related"/"Read more"/"Most read" header and looks like a list item
  (a headline, not prose), up to the first prose paragraph or heading of one;
- it belongs to a run of headline-like lines after the article's last paragraph,
  or to a run of one-to-three-word menu lines before its first paragraph.

A list introduced by a line ending in ":" is the article's own list and is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

_BULLET = re.compile(r"^\s*(?:[-*•·▪►▸–—+>]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_INNER_SENTENCE = re.compile(r"[a-z0-9)\"”’][.!?][\"'”’]?\s+[\"“‘(]?[A-Z]")
_RELATIVE_TIME = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago\b|\b\d+\s*min(?:ute)?s?\s+read\b",
                            re.IGNORECASE)

# Whole lines (case-insensitive, after bullets and surrounding punctuation are stripped).
_CUE_LINES = [
    r"(?:skip|jump) to (?:main )?(?:content|navigation|search)",
    r"(?:main )?menu|navigation|search|home(?:page)?|back to top|top of page|close|open menu",
    r"(?:log|sign) ?in|(?:log|sign) ?out|register|my account|create (?:an |your )?account",
    r"(?:sign ?up|subscribe|join)(?: now| today| for free| here)?",
    r"(?:sign ?up|subscribe|register) (?:to|for) .{0,80}",
    r"(?:get|receive) (?:our|the) .{0,60}(?:newsletter|briefing|alerts?|updates)(?: .{0,60})?",
    r"(?:our|the|free|daily|weekly|morning|evening) (?:\w+ )?newsletters?.{0,60}",
    r"enter (?:your )?e-?mail(?: address)?(?: here)?",
    r"(?:your )?e-?mail address",
    r"by (?:signing up|subscribing|clicking|registering).{0,200}",
    r"thank(?:s| you) for (?:signing up|subscribing|reading).{0,120}",
    r"already (?:a subscriber|have an account|registered)\??.{0,40}",
    r"(?:read|see|show|load|view) (?:more|all|less)(?: (?:stories|articles|news|comments|replies|headlines))?",
    r"continue reading(?: the main story| below)?",
    r"story continues(?: below)?(?: (?:the )?advertisement)?",
    r"advertisement|advertising|sponsored(?: content)?|ad|promoted(?: stories)?|paid (?:content|partner content)",
    r"share(?: this)?(?: article| story| page| post| on .{1,20})?|share via .{1,20}|copy link|link copied|print(?: this)?(?: article| page)?",
    r"(?:\d[\d,.]*k?\s+)?(?:comments?|replies|shares)(?:\s*\(\s*\d[\d,.]*k?\s*\))?",
    r"(?:view|show|hide|load|post|add|leave|read)(?: all)?(?: the)? (?:\d+ )?comments?(?:\s*\(\d+\))?",
    r"join the (?:conversation|discussion|debate)",
    r"comments? (?:are|have been) (?:closed|disabled|turned off).{0,60}",
    r"(?:we|this (?:web)?site) uses? cookies.{0,300}",
    r"(?:accept|reject|allow|manage)(?: all)? cookies(?: and continue)?|cookie (?:settings|preferences|policy|notice)",
    r"(?:privacy|cookie) policy|terms (?:of (?:use|service)|and conditions)|contact us|about us|(?:site ?map)",
    r"(?:©|\(c\)|copyright)\s.{0,120}|all rights reserved\.?.{0,80}",
    r"follow us(?: on .{1,40})?|like us on facebook|follow @\w+.{0,30}",
    r"(?:image|photo|video) (?:source|credit)s?[,:].{0,60}|getty images|(?:photograph|photo):\s.{0,60}",
    r"(?:watch|listen)(?: now| live)?|play video|play audio|download the app.{0,40}",
    r"(?:most (?:read|popular|viewed|shared)|trending(?: now)?|top stories|latest(?: news| stories)?|editor'?s? picks)",
    r"(?:related|recommended)(?: (?:articles?|stories|content|news|coverage|links|reading|topics))?",
    r"(?:you (?:may|might) (?:also )?(?:like|be interested in|have missed)|more (?:on|about) (?:this|the) (?:story|topic)|more from .{1,40}|more stories|more news|also in .{1,30}|elsewhere on .{1,40})",
    r"(?:tags?|topics?|filed under|categories)\s*:.{0,200}",
    r"reuse this content|explore more on th(?:is|ese) topics?|related topics|our standards:.{0,80}",
    r"(?:published|updated|posted|last (?:updated|modified))(?: on| at)?:?"
    r"(?:\s+(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|yesterday|today).{0,50})?",
    # A news agency's credit line: "Reporting by A; Editing by B".
    r"(?:additional )?(?:reporting|writing) by [^.;]{1,80}(?:;\s*(?:additional reporting|writing|editing) by [^.;]{1,80}){1,3}\.?",
]
_CUE = re.compile(r"(?:" + "|".join(_CUE_LINES) + r")", re.IGNORECASE)
# Cues that are whole sentences themselves: matched even when the line reads as prose.
_SENTENCE_CUES = re.compile(
    r"(?:(?:we|this (?:web)?site) uses? cookies.{0,300}|by (?:signing up|subscribing|clicking|registering).{0,200}"
    r"|thank(?:s| you) for (?:signing up|subscribing).{0,120}|(?:©|\(c\)|copyright)\s.{0,120}"
    r"|all rights reserved\.?.{0,80}|(?:sign ?up|subscribe|register) (?:to|for|now|today)\b.{0,160}"
    r"|\d[\d,.]*k? comments?\b.{0,100}|join the (?:conversation|discussion|debate)\b.{0,100})",
    re.IGNORECASE,
)

# Headers that open a list of other articles.
_LIST_HEADER = re.compile(
    r"(?:related(?: (?:articles?|stories|content|news|coverage|links|reading|topics))?|read more|see also|more (?:on|about) "
    r"(?:this|the) (?:story|topic)|more from .{1,40}|more stories|more news|most (?:read|popular|viewed|shared)|"
    r"trending(?: now)?|top stories|latest(?: news| stories)?|recommended(?: for you| stories| reading)?|"
    r"you (?:may|might) (?:also )?(?:like|be interested in|have missed)|editor'?s? picks|"
    r"what to read next|further reading|in other news|elsewhere on .{1,40}|explore more on th(?:is|ese) topics?)",
    re.IGNORECASE,
)
# "Read more: Russia says ..." on one line.
_INLINE_CUE = re.compile(r"^(?:read more|related|see also|also read|read also|more|watch|listen|recommended)\s*[:|»›>–—-]\s*\S",
                         re.IGNORECASE)
_SHARE_WORDS = frozenset(
    "share shares facebook twitter x linkedin whatsapp telegram reddit email e-mail mail print pinterest tumblr "
    "messenger copy link tweet flipboard bluesky threads mastodon sms save comment comments".split()
)
_SHARE_FILLERS = frozenset(("on", "via", "to", "the", "this", "article", "story", "page"))
_NAV_SEPARATORS = re.compile(r"\s*(?:\||•|·|›|»|>|/|::)\s*")


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped, bullets removed
    words: int
    bullet: bool

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        bullet = bool(_BULLET.match(stripped))
        body = _BULLET.sub("", stripped).strip() if bullet else stripped
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start, end = start + lead, start + lead + len(stripped)
        out.append(_Line(start, end, body, len(_WORD.findall(body)), bullet))
    return out


def _core(text: str) -> str:
    """The line without decoration that does not change what it is ("» Share |" → "Share")."""
    return text.strip(" \t|:»›>•·-–—*#_[](){}\"'“”").strip()


def _is_prose(line: _Line) -> bool:
    """A sentence (or more) of running text."""
    t = line.text
    if line.words > 24:
        return True
    if line.words >= 8 and (_SENTENCE_END.search(t) or _INNER_SENTENCE.search(t)):
        return True
    return bool(_INNER_SENTENCE.search(t)) and line.words >= 6


def _is_headline(line: _Line) -> bool:
    """A title-like line: short, one phrase, not ending like a sentence."""
    if line.blank or line.words == 0 or line.words > 20 or _is_prose(line):
        return False
    if line.text.rstrip("\"'”’)").endswith("."):
        return False
    first = line.text.lstrip("\"'“‘([")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _is_link_only(t: str) -> bool:
    rest = _MD_LINK.sub(" ", t)
    rest = _URL.sub(" ", rest)
    return rest != t and not _WORD.search(rest)


def _is_share_row(t: str) -> bool:
    """Share buttons and counters: "Share on X  Copy link  137 comments"."""
    words = [w.lower().strip(":()") for w in re.split(r"[\s|•·,/]+", t) if w]
    words = [w for w in words if w and w not in _SHARE_FILLERS and not re.fullmatch(r"\d[\d,.]*k?", w)]
    return bool(words) and len(words) <= 12 and all(w in _SHARE_WORDS for w in words)


def _is_breadcrumb(t: str) -> bool:
    parts = [p for p in _NAV_SEPARATORS.split(t) if p]
    if len(parts) < 3 or len(_NAV_SEPARATORS.findall(t)) < 2:
        return False
    return all(len(_WORD.findall(p)) <= 4 and not _SENTENCE_END.search(p) for p in parts)


def _is_cue(line: _Line) -> bool:
    t = line.text
    if line.blank:
        return False
    core = _core(t)
    if not core:
        return False  # only separators: "* * *" and "---" divide the article itself
    if line.words <= 60 and (_SENTENCE_CUES.fullmatch(core) or _SENTENCE_CUES.fullmatch(t)):
        return True
    if line.words <= 25 and not _is_prose(line) and _CUE.fullmatch(core):
        return True
    if _is_link_only(t) or _is_share_row(core) or _is_breadcrumb(core):
        return True
    if line.words <= 6 and _RELATIVE_TIME.search(t):
        return True
    return line.words <= 25 and bool(_INLINE_CUE.match(core)) and not _is_prose(line)


def _is_menu_item(line: _Line) -> bool:
    return (not line.blank and 1 <= line.words <= 3 and not line.text.lower().startswith("by ") and not any(c.isdigit() for c in line.text)
            and not _SENTENCE_END.search(line.text) and not line.text.endswith(":"))


def find_boilerplate(text: str) -> list[Span]:
    """Sorted, non-overlapping (start, end) spans of boilerplate lines in `text`."""
    lines = _lines(text)
    n = len(lines)
    flagged = [False] * n
    prose = [not ln.blank and _is_prose(ln) for ln in lines]

    for i, ln in enumerate(lines):
        if not ln.blank and _is_cue(ln):
            flagged[i] = True

    def next_nonblank(i: int) -> int | None:
        for j in range(i + 1, n):
            if not lines[j].blank:
                return j
        return None

    # Lists of other articles under a "Related" / "Read more" header.
    for i, ln in enumerate(lines):
        if ln.blank or ln.words > 6 or not _LIST_HEADER.fullmatch(_core(ln.text) or "-"):
            continue
        flagged[i] = True
        j = next_nonblank(i)
        while j is not None and not prose[j]:
            nxt = next_nonblank(j)
            if _is_headline(lines[j]) and nxt is not None and prose[nxt] and not lines[j].bullet:
                break  # a heading of the article's next paragraph: the list is over
            if not (_is_headline(lines[j]) or flagged[j] or _is_menu_item(lines[j])
                    or _RELATIVE_TIME.search(lines[j].text)):
                break
            flagged[j] = True
            j = nxt

    # The article's own text: prose, or any line ending like a sentence ("He declined to comment.").
    content = [i for i in range(n) if not flagged[i] and (prose[i] or lines[i].text.rstrip("\"'”’)").endswith("."))]
    if content:
        first, last = content[0], content[-1]
        # Headlines of other articles have some length; a letter's sign-off ("Regards," / a name / a
        # title) does not, and who signed a leaked email matters.
        _flag_runs(lines, flagged, range(last + 1, n), lambda ln: _is_headline(ln) and ln.words >= 4, min_run=3)
        _flag_runs(lines, flagged, range(0, first), _is_menu_item, min_run=4)
    return _merge(lines, flagged)


def _flag_runs(lines: list[_Line], flagged: list[bool], indices: range, test, min_run: int) -> None:
    """Flag runs of at least `min_run` lines passing `test` (blank lines and flagged lines
    do not break a run), unless the run is introduced by a line ending in ":"."""
    run: list[int] = []
    already = 0  # boilerplate lines inside the run: a menu next to "Skip to content" is still a menu
    introduced = False

    def close() -> None:
        nonlocal already
        if run and len(run) + already >= min_run and not introduced:
            for k in run:
                flagged[k] = True
        run.clear()
        already = 0

    for i in indices:
        ln = lines[i]
        if ln.blank:
            continue
        if flagged[i]:
            already += 1
            continue
        if ln.text.endswith(":"):
            close()
            introduced = True  # what follows is the article's own list
        elif test(ln):
            run.append(i)
        else:
            close()
            introduced = False
    close()


def _merge(lines: list[_Line], flagged: list[bool]) -> list[Span]:
    """Adjacent flagged lines (blank lines between them included) become one span."""
    spans: list[Span] = []
    current: list[int] | None = None
    for ln, flag in zip(lines, flagged, strict=True):
        if flag:
            if current is None:
                current = [ln.start, ln.end]
            else:
                current[1] = ln.end
        elif not ln.blank and current is not None:
            spans.append((current[0], current[1]))
            current = None
    if current is not None:
        spans.append((current[0], current[1]))
    return [s for s in spans if s[1] > s[0]]
