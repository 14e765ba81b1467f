"""The attributions stage: who said what, through whom, when, and how firmly.

Runs `redline.extract.attribution.find_attributions` over a document's parsed
segments and writes one `Attribution` record per relation:

- `source`, `cue`, `content` are spans of the document text.  The source is kept as
  written ("he", "the ministry"); the linking stage resolves it to an entity, using
  `redline.extract.attribution.resolve_speaker` for pronouns and descriptions.
- A quotation interrupted by its cue ('"A," he said, "B."') has one `content` span
  running from the first piece to the last; `content_pieces` gives the pieces.
- `parent_id` is the attribution this one is relayed through, so the root source of a
  relayed claim is found by following parents.
- `date` is the date of the statement when its sentence gives one ("said on
  Monday") and the dates stage ran before this one.
- For a transcript turn answering a question, the question is an attribution of its
  own (source "Q", or the interviewer's name), and `question_for` finds it; the answer
  keeps the question's words as `question` and its id as `question_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redline.extract.attribution import Found, find_attributions
from redline.registry import ExtractContext
from redline.schema import Attribution, SpanRef, stable_id


class AttributionExtractor:
    name = "attributions"
    version = "15"
    produces = ("attributions",)

    def extract(self, ctx: ExtractContext) -> dict[str, list[Attribution]]:
        text = ctx.document.text
        found = find_attributions(ctx.segments)
        dates = [d for d in ctx.get("dates") if getattr(d, "value", None)]
        return {"attributions": to_records(ctx.document.id, text, found, dates)}


def to_records(document_id: str, text: str, found: Sequence[Found], dates: Sequence[Any] = ()) -> list[Attribution]:
    """Ledger records for the relations `found` in one document (parents first)."""
    ids = [_record_id(document_id, f) for f in found]
    turn_ids = {(f.content[0][0], f.content[-1][1]): rid for f, rid in zip(found, ids, strict=True)
                if f.origin == "turn" and f.content}
    records = []
    for f, rid in zip(found, ids, strict=True):
        content = (f.content[0][0], f.content[-1][1])
        records.append(Attribution(
            id=rid,
            document_id=document_id,
            source=_ref(text, f.source),
            cue=_ref(text, f.cue),
            content=_ref(text, content),
            kind=f.kind,
            stance=f.stance,
            parent_id=ids[f.parent] if f.parent is not None else None,
            date=statement_date(f, dates),
            question=_ref(text, f.context),
            question_id=turn_ids.get(f.context) if f.context is not None else None,
        ))
    return records


def content_pieces(text: str, found: Found) -> list[SpanRef]:
    """The content of a relation piece by piece (a split quotation has several)."""
    return [SpanRef(text[a:b], a, b) for a, b in found.content]


def question_for(answer: Found, found: Sequence[Found]) -> Found | None:
    """The transcript question (a relation of its own) that a turn answers."""
    if answer.context is None:
        return None
    return next((f for f in found if f.content and (f.content[0][0], f.content[-1][1]) == answer.context), None)


def statement_date(found: Found, dates: Sequence[Any]) -> str | None:
    """The date given in the cue's sentence, outside the content and the source
    ("the minister said on Monday"); durations ("for three days") do not count."""
    if found.scope is None:
        return None
    lo, hi = found.scope
    taken = list(found.content) + ([found.source] if found.source else [])
    best = None
    for d in dates:
        value = str(d.value)
        if value.startswith("P") or d.start < lo or d.end > hi:
            continue
        if any(a <= d.start < b for a, b in taken):
            continue
        distance = abs(d.start - found.cue[1])
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def _ref(text: str, span: tuple[int, int] | None) -> SpanRef | None:
    if span is None:
        return None
    a, b = span
    return SpanRef(text[a:b], a, b)


def _record_id(document_id: str, f: Found) -> str:
    return stable_id(document_id, "attributions", f.cue[0], f.cue[1], f.content[0][0], f.content[-1][1])
