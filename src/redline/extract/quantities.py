"""The quantities stage: every figure in a document as a `Quantity` record.

For each analysable segment the scanner (`redline.extract.quantity.scan`) finds the
figures with their interval, qualifier, unit, what they count and what they measure.
This stage then places them in the document:

- offsets become absolute (segment start + offset in the segment);
- numbers inside date expressions found by the dates stage are skipped (durations
  such as "three days" stay: they are amounts of time), and so are numbers inside an
  attribution's source ("Two defence officials said"): they count who speaks;
- `attribution_id`: the attribution whose content span contains the figure (the
  innermost one when attributions nest);
- `as_of`: the nearest point date in the same sentence, else the document's
  `published` date, else null;
- totals and parts: in "12 brigades: 3 by Ukraine and 9 by partners" the parts get
  `total_id` = the total's id and inherit what it counts; whether they add up is
  `redline.extract.measures.parts_add_up(total, parts)` (see `totals_report`).
"""

from __future__ import annotations

import re
from typing import Any

from redline.extract.measures import parts_add_up
from redline.extract.quantity.scan import Figure, find_figures
from redline.registry import ExtractContext
from redline.schema import Quantity, stable_id

#: What may stand between a total and its first part: "12 brigades: 3 ...",
#: "12 brigades, of which 3 ...", "12 brigades (3 ... and 9 ...)".
_TOTAL_LEAD = re.compile(
    r"^\s*(?:[:(—–]|-{1,2}|,?\s*(?:of\s+(?:which|whom|them)|comprising|consisting\s+of|split\s+(?:between|into)"
    r"|divided\s+into|broken\s+down\s+as|namely)\b)",
    re.IGNORECASE,
)


class QuantityExtractor:
    name = "quantities"
    version = "6"
    produces = ("quantities",)

    def extract(self, ctx: ExtractContext) -> dict[str, list[Quantity]]:
        document = ctx.document
        dates = [d for d in ctx.get("dates") if getattr(d, "granularity", None) != "duration"]
        attributions = ctx.get("attributions")
        out: list[Quantity] = []
        # "Two defence officials said": a count of who speaks, not a figure they give.
        sources = [(a.source.start, a.source.end) for a in attributions if getattr(a, "source", None) is not None]
        for segment in ctx.segments:
            seg_start = segment.start
            seg_end = seg_start + _doc_length(segment.doc)
            skip = [(d.start - seg_start, d.end - seg_start) for d in dates if seg_start <= d.start and d.end <= seg_end]
            figures = [f for f in find_figures(segment.doc, skip=skip)
                       if not _in_source(seg_start + f.start, seg_start + f.end, sources)]
            records = [self._record(document, seg_start, f, dates, attributions) for f in figures]
            out.extend(_link_totals(document.text, seg_start, figures, records))
        return {"quantities": out}

    def _record(self, document: Any, seg_start: int, f: Figure, dates: list, attributions: list) -> Quantity:
        start, end = seg_start + f.start, seg_start + f.end
        sentence = (seg_start + f.sentence[0], seg_start + f.sentence[1]) if f.sentence else (start, end)
        return Quantity(
            id=stable_id(document.id, self.name, start, end),
            document_id=document.id,
            text=document.text[start:end],
            start=start,
            end=end,
            value=f.value,
            low=f.low,
            high=f.high,
            qualifier=f.qualifier,
            unit=f.unit,
            counted=f.counted,
            measure=f.measure,
            attribution_id=_attribution_for(start, end, attributions),
            as_of=_as_of(start, sentence, dates, document.published),
        )


def _doc_length(doc: Any) -> int:
    # Doc.text joins every token's text; the last token's end gives the length for free.
    if len(doc) == 0:
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _in_source(start: int, end: int, sources: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in sources)


def _attribution_for(start: int, end: int, attributions: list) -> str | None:
    best = None
    for a in attributions:
        content = getattr(a, "content", None)
        if content is None or not (content.start <= start and end <= content.end):
            continue
        if best is None or (content.end - content.start) < (best.content.end - best.content.start):
            best = a
    return best.id if best is not None else None


def _as_of(start: int, sentence: tuple[int, int], dates: list, published: str | None) -> str | None:
    near = [
        d for d in dates
        if d.value and sentence[0] <= d.start and d.end <= sentence[1] and d.granularity != "time"
    ]
    if near:
        return min(near, key=lambda d: abs(d.start - start)).value
    if published:
        return published[:10]
    return None


def _link_totals(text: str, seg_start: int, figures: list[Figure], records: list[Quantity]) -> list[Quantity]:
    """Give the parts of a stated total its id (and what it counts, when they omit it)."""
    out = list(records)
    i = 0
    while i < len(figures):
        total = figures[i]
        after = total.counted_span[1] if total.counted_span else total.end
        following = [j for j in range(i + 1, len(figures)) if figures[j].sentence == total.sentence]
        if following and total.value is not None and _TOTAL_LEAD.match(text[seg_start + after:]):
            parts = [j for j in following if _can_be_part(total, figures[j])]
        else:
            parts = _breakdown_lines(text, seg_start, figures, i)
        if len(parts) < 2:
            i += 1
            continue
        for j in parts:
            changes: dict[str, Any] = {"total_id": out[i].id}
            if out[j].counted is None:
                changes["counted"] = out[i].counted
            if out[j].measure is None and out[i].measure is not None:
                changes["measure"] = out[i].measure
            if out[j].unit is None and out[i].unit is not None:
                changes["unit"] = out[i].unit
            out[j] = out[j].replace(**changes)
        i = parts[-1] + 1
    return out


#: A line of a breakdown under a total: "Korvel sector: 29 personnel (advise and assist)."
_BREAKDOWN_LINE = re.compile(r"^[ \t]*[-•*]?[ \t]*[^\n:]{1,60}:[ \t]*$")


def _breakdown_lines(text: str, seg_start: int, figures: list[Figure], i: int) -> list[int]:
    """Parts listed on the lines right after a total, as on slides and in memos:

        47 alliance special operations personnel deployed in Valdoria.
        Korvel sector: 29 personnel (advise and assist).
        Tarn valley sector: 18 personnel (liaison and targeting support).

    Each part opens its own line with a label and a colon and counts the same thing."""
    total = figures[i]
    if total.value is None or not total.counted:
        return []
    parts = []
    pos = seg_start + (total.counted_span[1] if total.counted_span else total.end)
    for j in range(i + 1, len(figures)):
        part = figures[j]
        line_start = text.rfind("\n", 0, seg_start + part.start) + 1
        gap_lines = text[pos:line_start].split("\n")
        # The part opens the next non-blank line after the total (or the part before it).
        if line_start <= pos or any(line.strip() for line in gap_lines[1:]):
            break
        if not part.counted or not _can_be_part(total, part) \
                or not _BREAKDOWN_LINE.match(text[line_start:seg_start + part.start]):
            break
        parts.append(j)
        pos = seg_start + part.end
    return parts


def _can_be_part(total: Figure, part: Figure) -> bool:
    if part.unit != total.unit and part.unit is not None:
        return False
    if part.counted and total.counted and part.counted.split()[-1].lower() != total.counted.split()[-1].lower():
        return False
    return part.value is not None or part.low is not None


def totals_report(quantities: list[Quantity]) -> list[dict[str, Any]]:
    """Each stated total with its parts and whether they add up, for the linker and UI."""
    by_id = {q.id: q for q in quantities}
    groups: dict[str, list[Quantity]] = {}
    for q in quantities:
        if q.total_id and q.total_id in by_id:
            groups.setdefault(q.total_id, []).append(q)
    return [
        {"total": by_id[tid], "parts": parts, "adds_up": parts_add_up(by_id[tid], parts)}
        for tid, parts in groups.items()
    ]
