"""Putting a document's attributions together and linking relays to their sources.

Nesting follows the text: an attribution whose cue sits inside another one's content
is relayed by it ("The Times reported that officials said ..." → officials' statement
has the Times' report as parent); "citing X" is relayed by the verb it hangs on;
"documents obtained by the Post show ..." gets an outer relation for the Post.  A
transcript turn is the parent of the attributions its speaker makes inside it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from redline.extract import doc_text
from redline.extract.attribution.rules import find_in_doc, without_parts_of_statements
from redline.extract.attribution.spans import Found, cue_span, source_span, stance_of
from redline.extract.attribution.transcripts import answer_speaker, find_headline, find_turns

#: Verbs that, hanging on a source phrase with "by X", make X the relay of it.
_RELAYING_PARTICIPLES = frozenset("obtain review see receive leak publish provide acquire release share".split())


def find_attributions(segments: Iterable[Any], text: str | None = None) -> list[Found]:
    """All attributions of a document's parsed segments (objects with `.start` and
    `.doc`), with offsets into the document text and `parent` set, in text order."""
    found: list[Found] = []
    for seg in segments:
        doc_found = find_in_doc(seg.doc)
        doc_found += _obtained_by(seg.doc, doc_found)
        turns = _turns(doc_text(seg.doc), 0)
        for turn in turns:
            tokens = [t for a, b in turn.content
                      for t in (seg.doc.char_span(a, b, alignment_mode="expand") or [])]
            turn.stance = stance_of(None, tokens)
        # The parser does not know transcript lines: a relation reaching over a
        # speaker label ("asked.\nQ: That is not") is an artefact.
        labels = [(t.source[0], t.cue[1]) for t in turns if t.source is not None]
        doc_found = [f for f in doc_found if not any(
            _overlaps(label, piece) for label in labels for piece in [f.cue, *f.content, *([f.source] if f.source else [])])]
        doc_found = without_parts_of_statements(seg.doc, doc_found, turns)
        found.extend(f.shifted(seg.start) for f in doc_found + turns)
    found = _drop_mutual(found)
    found.sort(key=lambda f: (f.cue[0], f.cue[1]))
    _link_parents(found)
    return found


#: Which rule to believe when two relations claim each other's cue as content.
_PRIORITY = {"turn": 0, "headline": 0, "byline": 0, "quote": 1, "according": 2, "verb": 3, "relay": 3,
             "obtained": 3, "intention": 4, "noun": 5, "object": 6}


def _drop_mutual(found: list[Found]) -> list[Found]:
    """'the ministry would not respond ..., Toft said' parsed both ways round: when each
    relation's content holds the other's cue, keep the one from the surer rule."""
    def holds(outer: Found, inner: Found) -> bool:
        return any(a <= inner.cue[0] and inner.cue[1] <= b for a, b in outer.content)

    order = sorted(range(len(found)), key=lambda k: found[k].cue[0])
    dropped = set()
    for pos, i in enumerate(order):
        f = found[i]
        lo, hi = f.content[0][0], f.content[-1][1]
        # Only relations whose cue lies within f's content can be the other half.
        for j in order[pos + 1:]:
            g = found[j]
            if g.cue[0] > max(hi, f.cue[1]):
                break
            if lo <= g.cue[0] and holds(f, g) and holds(g, f):
                dropped.add(j if _PRIORITY.get(f.origin, 9) <= _PRIORITY.get(g.origin, 9) else i)
    return [f for k, f in enumerate(found) if k not in dropped]


def _turns(text: str, offset: int) -> list[Found]:
    out = []
    for turn in find_turns(text):
        out.append(Found(cue=turn.colon, content=list(turn.content), source=turn.label, kind="direct",
                         stance="asserts", scope=(turn.content[0][0], turn.content[-1][1]),
                         context=turn.question, origin="turn", cue_head=turn.colon[0]).shifted(offset))
    if not out or text[:out[0].source[0] - offset].strip():
        headline = find_headline(text)
        if headline is not None:
            label, colon, content = headline
            out.append(Found(cue=colon, content=[content], source=label, kind="direct", stance="asserts",
                             scope=content, origin="headline", cue_head=colon[0]).shifted(offset))
    return out


def _obtained_by(doc: Any, found: list[Found]) -> list[Found]:
    """'documents obtained by the Post show ...': the Post relays what the documents say."""
    out = []
    for f in found:
        if f.source is None:
            continue
        span = doc.char_span(f.source[0], f.source[1], alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if tok.lemma_.lower() in _RELAYING_PARTICIPLES and tok.dep_ == "acl":
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if obj is None:
                    continue
                relay_source = source_span(obj)
                out.append(Found(cue=(cue_span(tok)[0], agent.idx + len(agent.text)), content=list(f.content),
                                 source=relay_source, kind=f.kind, stance=f.stance, scope=f.scope,
                                 origin="obtained", cue_head=tok.idx))
                f.relay_of = tok.idx
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


#: Relations that frame a whole stretch of text and are never relayed themselves.
_FRAMES = ("turn", "headline", "byline")


def _link_parents(found: list[Found]) -> None:
    by_head = {f.cue_head: k for k, f in enumerate(found) if f.cue_head is not None}
    # Candidates for "the relation whose content holds this cue", by content start;
    # a content rarely runs longer than a few paragraphs, transcript turns aside.
    by_start = sorted((j for j, g in enumerate(found) if g.origin not in _FRAMES),
                      key=lambda j: found[j].content[0][0])
    starts = [found[j].content[0][0] for j in by_start]
    longest = max((found[j].content[-1][1] - found[j].content[0][0] for j in by_start), default=0)
    frame_starts = sorted((g.content[0][0], j) for j, g in enumerate(found) if g.origin in _FRAMES)
    for k, f in enumerate(found):
        if f.origin in _FRAMES:
            f.parent = None
            continue
        if f.relay_of is not None and f.relay_of in by_head and by_head[f.relay_of] != k:
            f.parent = by_head[f.relay_of]
            continue
        best: int | None = None
        best_size = None
        first = bisect.bisect_left(starts, f.cue[0] - longest)
        last = bisect.bisect_right(starts, f.cue[0])
        # Frames (turns) do not overlap each other: only the last one starting before the cue.
        frame = bisect.bisect_right(frame_starts, (f.cue[0], len(found))) - 1
        frames = [frame_starts[frame][1]] if frame >= 0 else []
        for j in [*by_start[first:last], *frames]:
            g = found[j]
            if j == k or g.content[-1][1] < f.cue[1] or not _inside(f, g):
                continue
            size = g.content[-1][1] - g.content[0][0]
            if best_size is None or size < best_size:
                best, best_size = j, size
        f.parent = best


def _inside(inner: Found, outer: Found) -> bool:
    """Whether `inner`'s cue (and source, when it has one) lie inside `outer`'s content."""
    def within(span: tuple[int, int] | None) -> bool:
        return span is None or any(a <= span[0] and span[1] <= b for a, b in outer.content)

    return within(inner.cue) and within(inner.source) and inner.content != outer.content


__all__ = ["find_attributions", "answer_speaker"]
