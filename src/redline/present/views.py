"""The query layer of the present stage: what the CLI, the desk and the report show.

Every function takes a `Ledger` and returns plain dicts and lists (no HTML), so the
terminal, the web pages and the one-file report show the same rows from the same
queries.  Lists are paginated in SQL (LIMIT/OFFSET over indexed columns) so that a
page costs the same with a hundred claims or a hundred thousand.

Document-derived text is returned as plain strings; escaping is the job of the
templates (Jinja2 autoescape).  The only markup made here is `snippet_markup`, which
escapes the snippet first and only then turns the search engine's \\x02/\\x03 markers
into <mark> elements.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from markupsafe import Markup, escape

from redline.present.speakers import in_answer_to, question_excerpt, question_parts, speaker_name
from redline.schema import (
    Attribution,
    Claim,
    DateMention,
    Document,
    Entity,
    Finding,
    Mention,
    Quantity,
    Record,
    page_of,
)
from redline.store.base import Ledger

PAGE_SIZE = 50
SORTS = {
    "score": "f.score DESC, f.id",
    "score_asc": "f.score ASC, f.id",
    # The one relation order (RELATION_ORDER below), not the alphabet.
    "relation": "CASE f.relation WHEN 'contradicts' THEN 0 WHEN 'numeric_conflict' THEN 1 "
                "WHEN 'different_measure' THEN 2 WHEN 'supports' THEN 3 WHEN 'same' THEN 4 ELSE 5 END, "
                "f.score DESC, f.id",
}
VERDICT_FILTERS = ("confirmed", "rejected", "none")

# Relations grouped by how alarming they are, most alarming first: the order of every list,
# filter and count in the terminal, the desk and the report (schema.RELATIONS is storage order).
RELATION_LABELS = {
    "contradicts": "contradicts",
    "numeric_conflict": "numeric conflict",
    "different_measure": "different measure",
    "supports": "supports",
    "same": "same",
}
KIND_LABELS = {
    "official_statement": "official statement",
    "transcript": "transcript",
    "leaked_document": "leaked document",
    "news_report": "news report",
    "opinion": "opinion",
    "other": "other",
}


#: The one relation order (see RELATION_LABELS).
RELATION_ORDER: tuple[str, ...] = tuple(RELATION_LABELS)


def clip(text: Any, size: int = 200) -> str:
    """One line of at most `size` characters, cut at a word boundary, whitespace collapsed.

    Collapsing matters: OCR text and PDFs carry line breaks inside sentences.
    """
    text = " ".join(str(text or "").split())
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size - 1)
    return text[: cut if cut > size // 2 else size - 1] + "…"


def dates_label(published: str | None = None, said: str | None = None, as_of: str | None = None) -> str:
    """The dates next to a piece of evidence, each named: 'published 2026-03-10, said on 2026-03-08'.

    A document's publication date, the day a statement was made and the date a figure
    refers to are different things; a bare date would switch meaning from row to row.
    """
    parts = []
    if published:
        parts.append(f"published {published}")
    if said and said != published:
        parts.append(f"said on {said}")
    if as_of and as_of not in (published, said):
        parts.append(f"as of {as_of}")
    return ", ".join(parts)


def ledger_name(ledger_or_db: Any) -> str:
    """How a ledger is named on a page: its file, or its database URL without credentials.

    The desk and the report show this name; a postgresql://user:password@host/db URL
    given to --db must not put the password on screen (or in a report handed on).
    """
    if isinstance(ledger_or_db, str):
        name = ledger_or_db
    else:
        name = str(getattr(ledger_or_db, "path", None) or getattr(ledger_or_db, "url", None) or "ledger")
    if "://" in name:
        try:
            parts = urlsplit(name)
            host = parts.hostname or ""
            if ":" in host:
                host = f"[{host}]"
            if parts.port:
                host += f":{parts.port}"
        except ValueError:
            return name.split("://", 1)[0] + "://…"
        # The query string may carry password=… or sslkey paths: left out with the user info.
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    if "password" in name.lower():  # a libpq key=value string
        return " ".join("password=…" if w.lower().startswith("password=") else w for w in name.split())
    return name


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "unknown kind")


def relation_label(relation: str | None) -> str:
    return RELATION_LABELS.get(relation or "", relation or "")


def document_label(doc: Document | dict | None) -> str:
    """How a document is named in one line: its outlet or title, else its file name."""
    if doc is None:
        return "unknown document"
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return get("outlet") or get("title") or os.path.basename(get("path") or "") or "untitled"


def page_label(page_starts: Any, offset: int | None) -> str:
    """'p. 3' for evidence on page 3 of a document of several pages; '' otherwise.

    `page_starts` is a Document, or its `page_starts` as a list or as the JSON text a
    query returns.  A one-page PDF's 'p. 1' would cite nothing, so it is left out.
    """
    starts = _page_starts(page_starts)
    page = page_of(starts, offset) if starts and len(starts) > 1 else None
    return f"p. {page}" if page else ""


def _page_starts(value: Any) -> list[int] | None:
    if isinstance(value, Document):
        return value.page_starts
    if isinstance(value, str):
        value = json.loads(value)
    return list(value) if value else None


def parse_date(value: str | None) -> dt.date | None:
    """The first day an ISO date, month or year refers to; None when it is not one."""
    if not value:
        return None
    text = str(value).strip()
    for size, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


def snippet_markup(snippet: str) -> Markup:
    """A search snippet made safe: escaped FIRST, then the match markers become <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def url(prefix: str, record_id: str, suffix: str = "") -> str:
    """A desk path for a record: ids come from documents' hashes but are quoted all the same."""
    return f"{prefix}/{quote(str(record_id), safe='')}{suffix}"


def _in_clause(values: list[Any]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")" if values else "(NULL)"


# --------------------------------------------------------------------------- findings

def _side_joins(x: str, questions: bool = False) -> str:
    # One finding side (a or b): its item (claim, quantity or attribution), the
    # attribution that carries it, and its document; with `questions`, also the
    # question that attribution (or the transcript turn relaying it) answers.
    return f"""
        LEFT JOIN claims c{x} ON f.{x}_type = 'claim' AND c{x}.id = f.{x}_id
        LEFT JOIN quantities q{x} ON f.{x}_type = 'quantity' AND q{x}.id = f.{x}_id
        LEFT JOIN attributions t{x} ON f.{x}_type = 'attribution' AND t{x}.id = f.{x}_id
        LEFT JOIN attributions s{x} ON s{x}.id = COALESCE(c{x}.attribution_id, q{x}.attribution_id, t{x}.id)
        LEFT JOIN documents d{x} ON d{x}.id = COALESCE(c{x}.document_id, q{x}.document_id, t{x}.document_id)""" + (f"""
        LEFT JOIN attributions p{x} ON p{x}.id = s{x}.parent_id AND s{x}.question_text IS NULL
        LEFT JOIN attributions k{x} ON k{x}.id = COALESCE(s{x}.question_id, p{x}.question_id)""" if questions else "")


def _side_columns(x: str) -> str:
    return f"""
        COALESCE(c{x}.text, q{x}.text, t{x}.content_text) AS {x}_text,
        COALESCE(c{x}.start, q{x}.start, t{x}.content_start) AS {x}_start,
        COALESCE(c{x}.end, q{x}.end, t{x}.content_end) AS {x}_end,
        s{x}.source_text AS {x}_speaker, s{x}.cue_text AS {x}_cue, s{x}.source_entity_id AS {x}_speaker_entity_id,
        COALESCE(s{x}.question_text, p{x}.question_text) AS {x}_question,
        k{x}.source_text AS {x}_asker, k{x}.cue_text AS {x}_asker_cue,
        COALESCE(s{x}.date, q{x}.as_of, d{x}.published) AS {x}_date,
        s{x}.date AS {x}_said, q{x}.as_of AS {x}_as_of,
        d{x}.id AS {x}_document_id, d{x}.title AS {x}_title, d{x}.outlet AS {x}_outlet,
        d{x}.kind AS {x}_kind, d{x}.path AS {x}_path, d{x}.published AS {x}_published,
        d{x}.page_starts AS {x}_page_starts"""


def entity_ids(ledger: Ledger, name: str) -> list[str]:
    """Entities called `name` (by id, name or alias, case-insensitively)."""
    needle = name.strip().lower()
    if not needle:
        return []
    rows = ledger.execute(
        "SELECT id, name, CAST(aliases AS TEXT) AS aliases FROM entities "
        "WHERE id = ? OR lower(name) = ? OR lower(CAST(aliases AS TEXT)) LIKE ?",
        (name.strip(), needle, f"%{needle}%"),
    )
    found = []
    for r in rows:
        aliases = json.loads(r["aliases"]) if isinstance(r["aliases"], str) else (r["aliases"] or [])
        if r["id"] == name.strip() or r["name"].lower() == needle or needle in (a.lower() for a in aliases):
            found.append(r["id"])
    return found


@dataclass
class _FindingQuery:
    """The pieces of a findings query: CTEs, WHERE clause, and whether side joins are needed."""

    ctes: list[str] = field(default_factory=list)
    cte_params: list[Any] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    needs_sides: bool = False

    def with_clause(self, *more: str) -> str:
        parts = self.ctes + list(more)
        return ("WITH " + ", ".join(parts) + " ") if parts else ""

    def where_clause(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""


def _entity_ctes(ids: list[str]) -> tuple[list[str], list[Any]]:
    """CTEs naming every item (attribution, claim, figure) said by or naming these entities.

    Computed once per query from the indexed columns (attributions.source_entity_id,
    mentions.entity_id, *.document_id) so that the findings themselves are filtered
    through their a_id/b_id indexes instead of joining every finding to its evidence.
    """
    ph = _in_clause(ids)
    entity_attributions = (
        f"entity_attributions AS (SELECT a.id FROM attributions a WHERE a.source_entity_id IN {ph} "
        "UNION SELECT a.id FROM mentions m JOIN attributions a ON a.document_id = m.document_id "
        "AND ((m.start >= a.source_start AND m.end <= a.source_end) "
        "OR (m.start >= a.content_start AND m.end <= a.content_end)) "
        f"WHERE m.entity_id IN {ph})"
    )
    entity_items = (
        "entity_items AS (SELECT id FROM entity_attributions "
        "UNION SELECT c.id FROM claims c WHERE c.attribution_id IN (SELECT id FROM entity_attributions) "
        "UNION SELECT q.id FROM quantities q WHERE q.attribution_id IN (SELECT id FROM entity_attributions) "
        "UNION SELECT c.id FROM mentions m JOIN claims c ON c.document_id = m.document_id "
        f"AND m.start >= c.start AND m.end <= c.end WHERE m.entity_id IN {ph})"
    )
    return [entity_attributions, entity_items], ids * 3


def _finding_filters(ledger: Ledger, relation: str | None, entity: str | None, source_kind: str | None,
                     verdict: str | None, min_score: float | None) -> _FindingQuery:
    q = _FindingQuery()
    if relation:
        q.where.append("f.relation = ?")
        q.params.append(relation)
    if source_kind:
        q.where.append("(da.kind = ? OR db.kind = ?)")
        q.params += [source_kind, source_kind]
        q.needs_sides = True
    if verdict == "none":
        q.where.append("v.verdict IS NULL")
    elif verdict:
        q.where.append("v.verdict = ?")
        q.params.append(verdict)
    if min_score is not None:
        q.where.append("f.score >= ?")
        q.params.append(float(min_score))
    if entity:
        ids = entity_ids(ledger, entity)
        if ids:
            q.ctes, q.cte_params = _entity_ctes(ids)
            q.where.append("(f.a_id IN (SELECT id FROM entity_items) OR f.b_id IN (SELECT id FROM entity_items))")
        else:
            # No such entity in the ledger: fall back to the words of the evidence.
            like = f"%{entity.strip().lower()}%"
            q.where.append(
                "(lower(COALESCE(ca.text, qa.text, ta.content_text, '')) LIKE ? OR lower(COALESCE(sa.source_text, '')) LIKE ? "
                "OR lower(COALESCE(cb.text, qb.text, tb.content_text, '')) LIKE ? OR lower(COALESCE(sb.source_text, '')) LIKE ?)"
            )
            q.params += [like] * 4
            q.needs_sides = True
    return q


def _finding_row(r: dict[str, Any]) -> dict[str, Any]:
    for x in ("a", "b"):
        r[f"{x}_speaker"] = speaker_name(r[f"{x}_speaker"], r.pop(f"{x}_cue")) or None
        parts = question_parts(r[f"{x}_question"], r.pop(f"{x}_asker"), r.pop(f"{x}_asker_cue"))
        r[f"{x}_asked_by"] = parts["asker"] if parts else None
        r[f"{x}_in_answer_to"] = in_answer_to(parts)
        r[f"{x}_question_excerpt"] = parts["excerpt"] if parts else None
        doc = {"outlet": r[f"{x}_outlet"], "title": r[f"{x}_title"], "path": r[f"{x}_path"]}
        label = document_label(doc) if r[f"{x}_document_id"] else "missing item"
        r[f"{x}_dates"] = dates_label(r[f"{x}_published"], r[f"{x}_said"], r[f"{x}_as_of"])
        details = ", ".join(p for p in (kind_label(r[f"{x}_kind"]) if r[f"{x}_kind"] else None, r[f"{x}_dates"]) if p)
        starts = _page_starts(r.pop(f"{x}_page_starts"))
        r[f"{x}_page"] = page_of(starts, r[f"{x}_start"])
        r[f"{x}_page_label"] = page_label(starts, r[f"{x}_start"])
        r[f"{x}_label"] = label
        r[f"{x}_source"] = (f"{r[f'{x}_speaker']} — " if r[f"{x}_speaker"] else "") + label + (
            f", {r[f'{x}_page_label']}" if r[f"{x}_page_label"] else "") + (f" ({details})" if details else "")
        if r[f"{x}_text"] is None:
            r[f"{x}_text"] = ""
    r["relation_label"] = relation_label(r["relation"])
    return r


def finding_rows(ledger: Ledger, relation: str | None = None, entity: str | None = None,
                 source_kind: str | None = None, verdict: str | None = None, min_score: float | None = None,
                 sort: str = "score", limit: int | None = PAGE_SIZE, offset: int = 0,
                 after: tuple[float, str] | None = None) -> list[dict[str, Any]]:
    """Findings with both sides resolved, best first.

    `after` (score, id) of the last row of a previous page, with sort 'score', starts the
    page after it (keyset paging, for exports that walk every finding).

    Each row has id, relation, score, explanation, verdict (None, 'confirmed' or
    'rejected'), verdict_note, and per side (a_, b_): text, source (one line: speaker —
    document (kind, published …, said on …)), speaker (readable: 'Gen. Ryder' for a
    transcript's 'GEN. RYDER'), question (the question a transcript answer was given
    to, or None), asked_by, question_excerpt, in_answer_to (one line: 'in answer to:
    “…” (asked by …)', or ''), label, kind, outlet, title,
    published, said (the statement's date), as_of (the figure's date), dates (those
    three, labelled), date (the first known of said, as_of, published), document_id,
    start, end, page (1-based page of a paged document, else None), page_label ('p. 3'
    in a document of several pages, else ''; also in source), type, id.

    The page of finding ids is chosen first (walking the score index, joining evidence
    only when a filter needs it), and only those rows are joined to their evidence.
    """
    q = _finding_filters(ledger, relation, entity, source_kind, verdict, min_score)
    if after is not None:
        sort = "score"
        q.where.append("(f.score < ? OR (f.score = ? AND f.id > ?))")
        q.params += [float(after[0]), float(after[0]), str(after[1])]
    order = SORTS.get(sort, SORTS["score"])
    page = (
        "SELECT f.id FROM findings f LEFT JOIN verdicts v ON v.finding_id = f.id"
        + (_side_joins("a") + _side_joins("b") if q.needs_sides else "")
        + q.where_clause() + " ORDER BY " + order
    )
    page_params = list(q.params)
    if limit is not None:
        page += " LIMIT ? OFFSET ?"
        page_params += [int(limit), max(0, int(offset))]
    sql = (
        q.with_clause(f"page AS ({page})")
        + "SELECT f.id, f.relation, f.score, f.explanation, f.a_type, f.a_id, f.b_type, f.b_id, "
        "v.verdict, v.note AS verdict_note, v.by AS verdict_by, v.at AS verdict_at, "
        + _side_columns("a") + "," + _side_columns("b")
        + " FROM page JOIN findings f ON f.id = page.id LEFT JOIN verdicts v ON v.finding_id = f.id"
        + _side_joins("a", questions=True) + _side_joins("b", questions=True)
        + " ORDER BY " + order
    )
    return [_finding_row(r) for r in ledger.execute(sql, q.cte_params + page_params)]


def count_findings(ledger: Ledger, relation: str | None = None, entity: str | None = None,
                   source_kind: str | None = None, verdict: str | None = None,
                   min_score: float | None = None) -> int:
    q = _finding_filters(ledger, relation, entity, source_kind, verdict, min_score)
    if not q.where:
        return ledger.count(Finding)
    sql = (q.with_clause() + "SELECT COUNT(*) AS n FROM findings f LEFT JOIN verdicts v ON v.finding_id = f.id"
           + (_side_joins("a") + _side_joins("b") if q.needs_sides else "") + q.where_clause())
    return int(ledger.execute(sql, q.cte_params + q.params)[0]["n"])


def _first(ledger: Ledger, record_type: type[Record], record_id: str | None) -> Any:
    if not record_id:
        return None
    found = ledger.select(record_type, "id = ?", (record_id,))
    return found[0] if found else None


def relay_chain(ledger: Ledger, attribution: Attribution | None, limit: int = 8) -> list[Attribution]:
    """The attribution and those it is relayed through (parent_id), innermost first."""
    chain: list[Attribution] = []
    seen: set[str] = set()
    while attribution is not None and attribution.id not in seen and len(chain) < limit:
        chain.append(attribution)
        seen.add(attribution.id)
        attribution = _first(ledger, Attribution, attribution.parent_id)
    return chain


def speaker_of(attribution: Attribution | None) -> str:
    """The readable name of an attribution's source ('' when it has none)."""
    if attribution is None or attribution.source is None:
        return ""
    return speaker_name(attribution.source.text, attribution.cue.text if attribution.cue else None)


def answered_question(ledger: Ledger, chain: list[Attribution]) -> dict[str, Any] | None:
    """The question a statement was given in answer to: that of the statement, else of the
    turn that relays it (a claim inside an answer), or None.

    A dict of text, excerpt, asker (as `speaker.question_parts`), line (the one-line
    'in answer to: …'), start and end (of the question in the document) and link.
    """
    for a in chain:
        if a.question is None:
            continue
        asked: Attribution | None = _first(ledger, Attribution, a.question_id)
        parts = question_parts(a.question.text, asked.source.text if asked and asked.source else None,
                               asked.cue.text if asked and asked.cue else None)
        if parts is None:
            return None
        return {**parts, "line": in_answer_to(parts), "start": a.question.start, "end": a.question.end,
                "link": url("/documents", a.document_id, f"?hl={a.question.start}-{a.question.end}#hl")}
    return None


def segments(text: str, start: int, end: int, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut text[start:end] into pieces, each with the classes, link and titles of the spans covering it.

    `spans` are dicts with start, end, cls and optionally link, title, anchor, priority.
    Overlapping spans are fine: a piece carries every class that covers it; its link is
    that of the covering span with the highest priority.
    """
    start = max(0, start)
    end = min(len(text), end)
    events: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    points = {start, end}
    for sp in spans:
        s, e = max(start, sp["start"]), min(end, sp["end"])
        if s >= e:
            continue
        events[s].append((1, sp))
        events[e].append((-1, sp))
        points.update((s, e))
    active: list[dict[str, Any]] = []
    pieces: list[dict[str, Any]] = []
    ordered = sorted(points)
    for i, p in enumerate(ordered[:-1]):
        for delta, sp in events.get(p, ()):
            if delta < 0 and sp in active:
                active.remove(sp)
        anchors = [sp["anchor"] for delta, sp in events.get(p, ()) if delta > 0 and sp.get("anchor")]
        for delta, sp in events.get(p, ()):
            if delta > 0:
                active.append(sp)
        nxt = ordered[i + 1]
        linked = max((sp for sp in active if sp.get("link")), key=lambda sp: sp.get("priority", 0), default=None)
        pieces.append({
            "text": text[p:nxt],
            "cls": " ".join(sorted({sp["cls"] for sp in active})),
            "link": linked["link"] if linked else None,
            "title": "; ".join(dict.fromkeys(sp["title"] for sp in active if sp.get("title"))),
            "anchors": anchors,
        })
    return pieces


def mark_pages(pieces: list[dict[str, Any]], page_starts: list[int] | None) -> list[dict[str, Any]]:
    """Pieces of a whole document's text with `page` set on each piece a page starts with.

    A piece a page starts inside is cut in two there (both halves keep its classes and
    link).  Only documents of several pages are marked; where pages start at the same
    offset (empty pages) the page that holds the text is named.
    """
    if not page_starts or len(page_starts) < 2:
        return pieces
    at: dict[int, int] = {}
    for number, start in enumerate(page_starts, 1):
        at[int(start)] = number
    out: list[dict[str, Any]] = []
    pos = 0
    for piece in pieces:
        end = pos + len(piece["text"])
        cuts = sorted(o for o in at if pos < o < end)
        if pos in at:
            piece = {**piece, "page": at[pos]}
        for cut in cuts:
            head, tail = piece["text"][:cut - pos], piece["text"][cut - pos:]
            out.append({**piece, "text": head})
            piece = {**piece, "text": tail, "anchors": [], "page": at[cut]}
            pos = cut
        out.append(piece)
        pos = end
    return out


def paragraph_bounds(text: str, start: int, end: int, max_chars: int = 900) -> tuple[int, int]:
    """The paragraph (between blank lines or line breaks) around a span, clipped to max_chars."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end < 0 else p_end
    if p_end - p_start > max_chars:
        room = max(0, (max_chars - (end - start)) // 2)
        p_start = max(p_start, start - room)
        p_end = min(p_end, end + room)
        # Cut at a word boundary so the context does not start mid-word.
        space = text.find(" ", p_start, start)
        if p_start > 0 and space >= 0:
            p_start = space + 1
        space = text.rfind(" ", end, p_end)
        if space > end:
            p_end = space
    return p_start, p_end


def side_detail(ledger: Ledger, item_type: str, item_id: str) -> dict[str, Any]:
    """One side of a finding: the item, its document, its speaker, relay chain and context."""
    record_type = {"claim": Claim, "quantity": Quantity, "attribution": Attribution}.get(item_type)
    item = _first(ledger, record_type, item_id) if record_type else None
    if item is None:
        return {"missing": True, "type": item_type, "id": item_id}
    if isinstance(item, Attribution):
        attribution = item
        span = item.content or item.source
        start, end, text = (span.start, span.end, span.text) if span else (0, 0, "")
    else:
        attribution = _first(ledger, Attribution, item.attribution_id)
        start, end, text = item.start, item.end, item.text
    doc = ledger.get_document(item.document_id)
    chain = relay_chain(ledger, attribution)
    spans = [{"start": start, "end": end, "cls": "evidence-span"}]
    if attribution is not None and attribution.document_id == item.document_id:
        if attribution.source:
            spans.append({"start": attribution.source.start, "end": attribution.source.end, "cls": "speaker"})
        if attribution.cue:
            spans.append({"start": attribution.cue.start, "end": attribution.cue.end, "cls": "cue"})
    context: list[dict[str, Any]] = []
    before = after = False
    if doc is not None:
        p_start, p_end = paragraph_bounds(doc.text, start, end)
        if attribution is not None and attribution.source and attribution.document_id == doc.id:
            # Keep the speaker in view when it sits in the same paragraph.
            s2, e2 = paragraph_bounds(doc.text, attribution.source.start, attribution.source.end)
            if (s2, e2) == paragraph_bounds(doc.text, start, start):
                p_start, p_end = min(p_start, s2), max(p_end, e2)
        context = segments(doc.text, p_start, p_end, spans)
        before, after = p_start > 0, p_end < len(doc.text)
    said, as_of = (attribution.date if attribution else None), getattr(item, "as_of", None)
    published = doc.published if doc else None
    return {
        "speaker": speaker_of(attribution) or None,
        "question": answered_question(ledger, chain),
        "missing": False,
        "type": item_type,
        "id": item_id,
        "item": item,
        "text": text,
        "start": start,
        "end": end,
        "document": doc,
        "label": document_label(doc),
        "page": page_of(doc, start),
        "page_label": page_label(doc, start) if doc else "",
        "kind": doc.kind if doc else None,
        "date": said or as_of or published,
        "published": published,
        "said": said,
        "as_of": as_of,
        "dates": dates_label(published, said, as_of),
        "attribution": attribution,
        "chain": chain,
        "context": context,
        "context_before": before,
        "context_after": after,
    }


def finding_detail(ledger: Ledger, finding_id: str) -> dict[str, Any] | None:
    finding = _first(ledger, Finding, finding_id)
    if finding is None:
        return None
    verdict = ledger.execute("SELECT * FROM verdicts WHERE finding_id = ?", (finding_id,))
    # Neighbours in the ranked list, so a reviewer can walk the findings one by one.
    following = ledger.execute(
        "SELECT id FROM findings WHERE score < ? OR (score = ? AND id > ?) ORDER BY score DESC, id LIMIT 1",
        (finding.score, finding.score, finding.id))
    preceding = ledger.execute(
        "SELECT id FROM findings WHERE score > ? OR (score = ? AND id < ?) ORDER BY score ASC, id DESC LIMIT 1",
        (finding.score, finding.score, finding.id))
    items = [finding.a_id, finding.b_id]
    related = ledger.execute(
        "SELECT id, relation, score, explanation FROM findings WHERE a_id IN (?, ?) AND id <> ? "
        "UNION SELECT id, relation, score, explanation FROM findings WHERE b_id IN (?, ?) AND id <> ? "
        "ORDER BY score DESC, id LIMIT 12", items + [finding.id] + items + [finding.id])
    return {
        "related": related,
        "next_id": following[0]["id"] if following else None,
        "previous_id": preceding[0]["id"] if preceding else None,
        "finding": finding,
        "relation_label": relation_label(finding.relation),
        "verdict": verdict[0] if verdict else None,
        "a": side_detail(ledger, finding.a_type, finding.a_id),
        "b": side_detail(ledger, finding.b_type, finding.b_id),
    }


# --------------------------------------------------------------------------- overview

def overview(ledger: Ledger, top: int = 8) -> dict[str, Any]:
    """The corpus at a glance."""
    counts = {t.table: ledger.count(t) for t in (Document, Entity, Attribution, Quantity, Claim, Finding)}
    by_kind = ledger.execute("SELECT kind, COUNT(*) AS n FROM documents GROUP BY kind ORDER BY n DESC, kind")
    by_outlet = ledger.execute(
        "SELECT outlet, kind, COUNT(*) AS n FROM documents GROUP BY outlet, kind ORDER BY n DESC, outlet LIMIT 15")
    by_relation = {r["relation"]: r["n"] for r in ledger.execute(
        "SELECT relation, COUNT(*) AS n FROM findings GROUP BY relation")}
    verdicts = {r["verdict"]: r["n"] for r in ledger.execute(
        "SELECT verdict, COUNT(*) AS n FROM verdicts GROUP BY verdict")}
    failures = ledger.execute("SELECT * FROM failures ORDER BY path LIMIT 100")
    return {
        "counts": counts,
        "by_kind": by_kind,
        "by_outlet": by_outlet,
        "by_relation": [(rel, by_relation.get(rel, 0)) for rel in RELATION_LABELS],
        "verdicts": verdicts,
        # Rejected findings leave the front page; the findings list still has them.
        "top_findings": [r for r in finding_rows(ledger, limit=top * 3) if r["verdict"] != "rejected"][:top],
        "failures": failures,
        "failure_count": int(ledger.execute("SELECT COUNT(*) AS n FROM failures")[0]["n"]),
    }


# --------------------------------------------------------------------------- documents

def document_rows(ledger: Ledger, kind: str | None = None, outlet: str | None = None, limit: int = PAGE_SIZE,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if outlet:
        where.append("outlet = ?")
        params.append(outlet)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(ledger.execute("SELECT COUNT(*) AS n FROM documents" + clause, params)[0]["n"])
    rows = ledger.execute(
        "SELECT id, path, title, outlet, author, published, url, kind, length(text) AS chars FROM documents"
        + clause + f" ORDER BY published DESC, path LIMIT {int(limit)} OFFSET {max(0, int(offset))}", params)
    for r in rows:
        r["label"] = document_label(r)
    return rows, total


def entity_names(ledger: Ledger, limit: int = 300) -> list[str]:
    """Names of the entities that speak most, for the entity filters' suggestions."""
    rows = ledger.execute(
        "SELECT e.name, COUNT(a.id) AS n FROM entities e LEFT JOIN attributions a ON a.source_entity_id = e.id "
        f"GROUP BY e.id, e.name ORDER BY n DESC, e.name LIMIT {int(limit)}")
    return list(dict.fromkeys(r["name"] for r in rows))


def outlets(ledger: Ledger, limit: int = 500) -> list[str]:
    """Outlets by number of documents, for the documents filter."""
    rows = ledger.execute("SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL "
                          f"GROUP BY outlet ORDER BY n DESC, outlet LIMIT {int(limit)}")
    return [r["outlet"] for r in rows]


def document_view(ledger: Ledger, document_id: str, highlight: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """A document's text cut into annotated pieces: entities, quotes, figures, dates, boilerplate."""
    doc = ledger.get_document(document_id)
    if doc is None:
        return None
    mentions: list[Mention] = ledger.select(Mention, "document_id = ?", (doc.id,), order="start")  # type: ignore[assignment]
    attributions: list[Attribution] = ledger.select(Attribution, "document_id = ?", (doc.id,), order="id")  # type: ignore[assignment]
    quantities: list[Quantity] = ledger.select(Quantity, "document_id = ?", (doc.id,), order="start")  # type: ignore[assignment]
    dates: list[DateMention] = ledger.select(DateMention, "document_id = ?", (doc.id,), order="start")  # type: ignore[assignment]
    claims: list[Claim] = ledger.select(Claim, "document_id = ?", (doc.id,), order="start")  # type: ignore[assignment]
    spans: list[dict[str, Any]] = []
    for start, end in doc.boilerplate or []:
        spans.append({"start": int(start), "end": int(end), "cls": "boiler", "title": "boilerplate (not analysed)"})
    findings_here = _findings_on(ledger, [c.id for c in claims] + [q.id for q in quantities] + [a.id for a in attributions])
    for c in claims:
        found = findings_here.get(c.id)
        if found:
            spans.append({"start": c.start, "end": c.end, "cls": f"claim disputed line-{found['relation']}",
                          "anchor": f"claim-{c.id}", "link": url("/findings", found["id"]), "priority": 0,
                          "title": f"{relation_label(found['relation'])}: {found['explanation']}"})
        else:
            spans.append({"start": c.start, "end": c.end, "cls": "claim", "anchor": f"claim-{c.id}"})
    by_id = {a.id: a for a in attributions}
    answers: list[dict[str, Any]] = []
    for a in attributions:
        question = None
        if a.question is not None:
            asked = by_id.get(a.question_id or "")
            question = question_parts(a.question.text, asked.source.text if asked and asked.source else None,
                                      asked.cue.text if asked and asked.cue else None)
        if question is not None and a.content:
            answers.append({"id": a.id, "speaker": speaker_of(a), "text": a.content.text, "start": a.content.start,
                            "question": question, "line": in_answer_to(question),
                            "short": question_excerpt(question["text"], 140),
                            "question_anchor": f"attr-{a.question_id}" if a.question_id in by_id else None})
        if a.content:
            title = f"{a.kind or ''} quote ({a.stance or 'stance unknown'})".strip()
            if question is not None:
                title += "; " + in_answer_to(question)
            spans.append({"start": a.content.start, "end": a.content.end, "cls": "quote", "anchor": f"attr-{a.id}",
                          "title": title})
        if a.source:
            name = speaker_of(a)
            spans.append({"start": a.source.start, "end": a.source.end, "cls": "speaker",
                          "title": f"speaker: {name}" if name and name != a.source.text else "speaker",
                          "link": url("/entities", a.source_entity_id) if a.source_entity_id else None, "priority": 2})
        if a.cue:
            spans.append({"start": a.cue.start, "end": a.cue.end, "cls": "cue", "title": "attribution cue"})
    for m in mentions:
        spans.append({"start": m.start, "end": m.end, "cls": f"ent ent-{m.type}", "title": m.type,
                      "link": url("/entities", m.entity_id) if m.entity_id else None, "priority": 1})
    for q in quantities:
        title = ", ".join(p for p in (q.measure, q.counted, q.qualifier and q.qualifier.replace("_", " "),
                                      q.as_of and f"as of {q.as_of}") if p)
        link = figures_link(q.measure, q.counted) if q.measure else None
        spans.append({"start": q.start, "end": q.end, "cls": "fig", "title": title or "figure", "link": link,
                      "priority": 3, "anchor": f"q-{q.id}"})
    for d in dates:
        spans.append({"start": d.start, "end": d.end, "cls": "date", "title": d.value or "date"})
    if highlight:
        spans.append({"start": highlight[0], "end": highlight[1], "cls": "hl", "anchor": "hl"})
    entity_ids = sorted({m.entity_id for m in mentions if m.entity_id}
                        | {a.source_entity_id for a in attributions if a.source_entity_id})
    entities = ledger.select(Entity, f"id IN {_in_clause(entity_ids)}", entity_ids, order="name") if entity_ids else []
    mention_counts = Counter(m.entity_id for m in mentions if m.entity_id)
    file_row = ledger.execute("SELECT path FROM files WHERE document_id = ? AND status = 'ok' LIMIT 1", (doc.id,))
    return {
        "document": doc,
        "label": document_label(doc),
        "pieces": mark_pages(segments(doc.text, 0, len(doc.text), spans), doc.page_starts),
        "entities": [(e, mention_counts.get(e.id, 0)) for e in entities],
        "answers": sorted(answers, key=lambda r: r["start"]),
        "counts": {"mentions": len(mentions), "attributions": len(attributions), "quantities": len(quantities),
                   "dates": len(dates), "claims": len(claims)},
        "findings": sorted({f["id"]: f for f in findings_here.values()}.values(), key=lambda f: -f["score"]),
        "has_file": bool(file_row) or os.path.isfile(doc.path),
        "failures": ledger.execute("SELECT stage, error FROM stage_runs WHERE document_id = ? AND status = 'failed'",
                                   (doc.id,)),
    }


def _findings_on(ledger: Ledger, item_ids: list[str]) -> dict[str, dict[str, Any]]:
    """item id -> the best-scored finding it is a side of (through the a_id/b_id indexes)."""
    best: dict[str, dict[str, Any]] = {}
    for i in range(0, len(item_ids), 400):  # stay under SQLite's parameter limit
        chunk = item_ids[i:i + 400]
        rows = ledger.execute(
            f"SELECT id, relation, score, explanation, a_id, b_id FROM findings WHERE a_id IN {_in_clause(chunk)} "
            f"UNION SELECT id, relation, score, explanation, a_id, b_id FROM findings WHERE b_id IN {_in_clause(chunk)}",
            chunk + chunk)
        wanted = set(chunk)
        for r in rows:
            for item in (r["a_id"], r["b_id"]):
                if item in wanted and (item not in best or r["score"] > best[item]["score"]):
                    best[item] = r
    return best


def original_file(ledger: Ledger, document_id: str) -> str | None:
    """The path of a document's original file, only if the ledger knows it as that document's file."""
    doc = ledger.get_document(document_id)
    if doc is None:
        return None
    candidates = [r["path"] for r in ledger.execute(
        "SELECT path FROM files WHERE document_id = ? AND status = 'ok'", (doc.id,))] + [doc.path]
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    return None


# --------------------------------------------------------------------------- entities

def entity_rows(ledger: Ledger, query: str | None = None, limit: int = PAGE_SIZE, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    where, params = "", []
    if query:
        # aliases are JSON text in SQLite and jsonb in PostgreSQL: compare them as text on both.
        where = " WHERE lower(e.name) LIKE ? OR lower(CAST(e.aliases AS TEXT)) LIKE ?"
        params = [f"%{query.lower()}%"] * 2
    total = int(ledger.execute("SELECT COUNT(*) AS n FROM entities e" + where, params)[0]["n"])
    rows = ledger.execute(
        "SELECT e.id, e.name, e.type, e.aliases, "
        "(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions, "
        "(SELECT COUNT(*) FROM attributions a WHERE a.source_entity_id = e.id) AS statements "
        "FROM entities e" + where + f" ORDER BY statements DESC, mentions DESC, e.name LIMIT {int(limit)} "
        f"OFFSET {max(0, int(offset))}", params)
    for r in rows:
        r["aliases"] = json.loads(r["aliases"]) if isinstance(r["aliases"], str) else (r["aliases"] or [])
    return rows, total


def entity_view(ledger: Ledger, entity_id: str, limit: int = 200) -> dict[str, Any] | None:
    """Everything said by or about an entity, in time order."""
    entity = _first(ledger, Entity, entity_id)
    if entity is None:
        return None
    said = ledger.execute(
        "SELECT a.id, a.document_id, a.source_text, a.cue_text, a.content_text, a.content_start, a.content_end, "
        "a.kind, a.stance, a.date, a.question_text, k.source_text AS asker, k.cue_text AS asker_cue, "
        "d.title, d.outlet, d.kind AS document_kind, d.path, d.published "
        "FROM attributions a JOIN documents d ON d.id = a.document_id "
        "LEFT JOIN attributions k ON k.id = a.question_id WHERE a.source_entity_id = ? "
        f"ORDER BY COALESCE(a.date, d.published), a.id LIMIT {int(limit)}", (entity.id,))
    about = ledger.execute(
        "SELECT m.document_id, COUNT(*) AS n, MIN(m.start) AS first_start, MIN(m.end) AS first_end, "
        "d.title, d.outlet, d.kind AS document_kind, d.path, d.published "
        "FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.entity_id = ? "
        f"GROUP BY m.document_id, d.title, d.outlet, d.kind, d.path, d.published "
        f"ORDER BY d.published, m.document_id LIMIT {int(limit)}", (entity.id,))
    # A line of context around the first mention in each document.
    for r in about:
        doc_text = ledger.execute(
            "SELECT substr(text, ?, ?) AS t FROM documents WHERE id = ?",
            (max(1, r["first_start"] - 140 + 1), 140 * 2 + (r["first_end"] - r["first_start"]), r["document_id"]))
        r["context"] = " ".join((doc_text[0]["t"] if doc_text else "").split())
        r["label"] = document_label(r)
    figures = ledger.execute(
        "SELECT q.id, q.text, q.value, q.low, q.high, q.qualifier, q.measure, q.counted, q.as_of, q.document_id, "
        "d.title, d.outlet, d.kind AS document_kind, d.path, d.published FROM quantities q "
        "JOIN attributions a ON a.id = q.attribution_id JOIN documents d ON d.id = q.document_id "
        f"WHERE a.source_entity_id = ? ORDER BY COALESCE(q.as_of, d.published) LIMIT {int(limit)}", (entity.id,))
    for r in said + figures:
        r["label"] = document_label(r)
    for r in said:
        r["speaker"] = speaker_name(r["source_text"], r["cue_text"])
        r["in_answer_to"] = in_answer_to(question_parts(r["question_text"], r.pop("asker"), r.pop("asker_cue")))
    return {
        "entity": entity,
        "said": said,
        "about": about,
        "figures": figures,
        "findings": finding_rows(ledger, entity=entity.id, limit=30),
        "timeline": [
            {"date": r["date"] or r["published"], "kind": r["document_kind"], "label": r["label"],
             "text": r["content_text"] or "", "link": url("/documents", r["document_id"], f"#attr-{r['id']}")}
            for r in said
        ],
    }


# --------------------------------------------------------------------------- figures

#: Head nouns that count the same population: military personnel, whatever the outlet calls them.
COUNTED_SYNONYMS = {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier", "servicemember": "soldier",
                    "personnel": "soldier", "fighter": "soldier", "combatant": "soldier", "force": "soldier",
                    "person": "people", "individual": "people"}
#: Words before the head noun that make a different population: 47 special forces are not
#: a count of the 1,200 troops, even when both are "personnel".
COUNTED_KINDS = {"special": "special forces", "elite": "special forces", "commando": "special forces",
                 "civilian": "civilian"}
#: Qualifiers whose figure has no lower bound ("up to 9,000" is stored [0, 9,000] or [null, 9,000]).
OPEN_BELOW = {"at_most": "≤", "less_than": "<"}
OPEN_ABOVE = {"at_least": "≥", "more_than": ">"}


def counted_key(counted: str | None) -> str:
    """What a figure counts, reduced to compare across sources: 'Kharzan servicemen' -> 'soldier'.

    A modifier that names another population is kept: 'special operations personnel'
    -> 'special forces', not 'soldier'.
    """
    if not counted or not counted.strip():
        return ""
    words = ["".join(ch for ch in w.lower() if ch.isalnum()) for w in counted.split()]
    word = words[-1]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    key = COUNTED_SYNONYMS.get(word, word)
    if key == "soldier":
        for modifier in words[:-1]:
            if modifier in COUNTED_KINDS:
                return COUNTED_KINDS[modifier]
    return key


def figures_link(measure: str | None, counted: str | None, place: str | None = None) -> str:
    params = {"measure": measure or "", "counted": counted_key(counted)}
    if place:
        params["place"] = place
    return "/figures?" + urlencode(params)


#: The claim (sentence or clause) that holds a figure: the innermost covering one's bounds.
_CLAIM_BOUNDS = (
    "(SELECT MAX(cc.start) FROM claims cc WHERE cc.document_id = q.document_id AND cc.start <= q.start "
    "AND cc.end >= q.end) AS claim_start, "
    "(SELECT MIN(cc.end) FROM claims cc WHERE cc.document_id = q.document_id AND cc.start <= q.start "
    "AND cc.end >= q.end) AS claim_end"
)
#: Words before a place name that put a figure there.
LOCATIVES = {"in", "at", "near", "inside", "within", "across", "into", "to", "throughout", "around", "outside"}
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s|\n")
_WINDOW = 300


def _sentence_bounds(ledger: Ledger, rows: list[dict[str, Any]]) -> None:
    """For figures outside every claim: the bounds of their sentence, read from the document text."""
    ids = [r["id"] for r in rows]
    windows = {w["id"]: w for w in ledger.execute(
        f"SELECT q.id, CASE WHEN q.start > {_WINDOW} THEN q.start - {_WINDOW} ELSE 0 END AS w0, "
        f"substr(d.text, CAST(CASE WHEN q.start > {_WINDOW} THEN q.start - {_WINDOW} + 1 ELSE 1 END AS INTEGER), "
        f"CAST({2 * _WINDOW} + q.end - q.start AS INTEGER)) AS w FROM quantities q "
        "JOIN documents d ON d.id = q.document_id "
        f"WHERE q.id IN {_in_clause(ids)}", ids)} if ids else {}
    for r in rows:
        w = windows.get(r["id"])
        if w is None:
            continue
        text, w0 = w["w"] or "", int(w["w0"])
        at, to = r["start"] - w0, r["end"] - w0
        before = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(0, at))]
        after = _SENTENCE_END.search(text, max(0, to))
        r["claim_start"] = w0 + (before[-1] if before else 0)
        r["claim_end"] = w0 + (after.start() + 1 if after else len(text))


def _with_places(ledger: Ledger, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill each figure row's `place`: the place named nearest to it in its claim, else its sentence; '' if none.

    Place mentions are read a chunk of documents at a time, only for documents that
    have figures; claim bounds only for figures in documents that name a place.
    """
    for i in range(0, len(rows), 400):  # stay under SQLite's parameter limit
        chunk = rows[i:i + 400]
        docs = sorted({r["document_id"] for r in chunk})
        places: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in ledger.execute(
                "SELECT m.document_id, m.start, m.end, COALESCE(e.name, m.text) AS name, "
                # CAST: PostgreSQL has substr(text, integer, integer), and offsets are bigint.
                "substr(d.text, CAST(CASE WHEN m.start > 16 THEN m.start - 15 ELSE 1 END AS INTEGER), "
                "CAST(CASE WHEN m.start > 16 THEN 16 ELSE m.start END AS INTEGER)) AS before FROM mentions m "
                "JOIN documents d ON d.id = m.document_id LEFT JOIN entities e ON e.id = m.entity_id "
                f"WHERE m.type = 'place' AND m.document_id IN {_in_clause(docs)}", docs):
            words = (m["before"] or "").lower().split()
            if words and words[-1] == "the":
                words.pop()
            # Only a place the figure is *in*: "stationed in Estmark", not "Kharzan soldiers" or
            # "the Kharzan defence ministry" (adjectives the recogniser also tags as places).
            if words and words[-1] in LOCATIVES:
                places[m["document_id"]].append(m)
        # Claim bounds only where a place could be found: most documents name none.
        placed = [r for r in chunk if places.get(r["document_id"])]
        ids = [r["id"] for r in placed]
        claims = {c["id"]: c for c in ledger.execute(
            f"SELECT q.id, {_CLAIM_BOUNDS} FROM quantities q WHERE q.id IN {_in_clause(ids)}", ids)} if ids else {}
        for r in placed:
            r["claim_start"], r["claim_end"] = claims[r["id"]]["claim_start"], claims[r["id"]]["claim_end"]
        _sentence_bounds(ledger, [r for r in placed if r["claim_start"] is None])
        for r in chunk:
            lo, hi = r.get("claim_start"), r.get("claim_end")
            inside = [m for m in places.get(r["document_id"], ()) if lo is not None and hi is not None
                      and m["start"] >= lo and m["end"] <= hi]
            r["place"] = min(inside, key=lambda m: (abs(m["start"] - r["start"]), m["start"]))["name"] if inside else ""
    return rows


def bounds(r: dict[str, Any]) -> tuple[tuple[str, float | None], tuple[str, float | None]]:
    """A figure's lower and upper bound as (sign, value): ('', 12000), ('≤', 3100) when it has no lower bound.

    "No more than 3,100" is stored [0, 3,100] or [null, 3,100]: its lowest is not 0,
    it is unknown, shown '≤ 3,100'; "more than 23,000" has highest '> 23,000'.
    """
    low, high, value, qualifier = r.get("low"), r.get("high"), r.get("value"), r.get("qualifier")
    if low is None and high is None:
        low = high = value
    if qualifier in OPEN_BELOW or low is None:
        lower = (OPEN_BELOW.get(qualifier, "≤"), high) if high is not None else ("", None)
    else:
        lower = ("", low)
    if qualifier in OPEN_ABOVE or high is None:
        upper = (OPEN_ABOVE.get(qualifier, "≥"), low) if low is not None else ("", None)
    else:
        upper = ("", high)
    return lower, upper


def figure_groups(ledger: Ledger, min_sources: int = 1) -> list[dict[str, Any]]:
    """Figures grouped by measure, what is counted and where (when a place is named); most disputed first.

    47 special forces in one country and 1,200 troops stationed in another are two
    groups, not one row "lowest 18, highest 1,200".
    """
    rows = _with_places(ledger, ledger.execute(
        "SELECT q.id, q.document_id, q.start, q.end, q.measure, q.counted, q.value, q.low, q.high, q.qualifier "
        "FROM quantities q WHERE q.measure IS NOT NULL"))
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["measure"], counted_key(r["counted"]), r["place"])
        g = groups.setdefault(key, {"measure": key[0], "counted": key[1], "place": key[2], "figures": 0,
                                    "document_ids": set(), "counted_as": set(), "lowest": ("", None),
                                    "highest": ("", None)})
        g["figures"] += 1
        g["document_ids"].add(r["document_id"])
        if r["counted"]:
            g["counted_as"].add(r["counted"])
        lower, upper = bounds(r)
        # An exact bound wins a tie with an open one: "12" is lower than "≤ 12" says.
        if lower[1] is not None and (g["lowest"][1] is None or (lower[1], lower[0] != "") < (g["lowest"][1], g["lowest"][0] != "")):
            g["lowest"] = lower
        if upper[1] is not None and (g["highest"][1] is None or (upper[1], upper[0] == "") > (g["highest"][1], g["highest"][0] == "")):
            g["highest"] = upper
    out = []
    for g in groups.values():
        g["documents"] = len(g.pop("document_ids"))
        if g["documents"] < min_sources:
            continue
        g["counted_as"] = sorted(g["counted_as"], key=str.lower)
        g["min"], g["max"] = g["lowest"][1], g["highest"][1]
        # `place` always, even empty: the group of figures with no place named is its own group.
        g["link"] = "/figures?" + urlencode({"measure": g["measure"], "counted": g["counted"], "place": g["place"]})
        g["spread"] = (g["max"] / g["min"]) if g["min"] and g["max"] else None
        out.append(g)
    out.sort(key=lambda g: (-g["documents"], -(g["spread"] or 0), g["measure"], g["counted"], g["place"]))
    return out


def figure_series(ledger: Ledger, measure: str, counted: str | None = None, limit: int = 300,
                  place: str | None = None) -> list[dict[str, Any]]:
    """Every figure for one measure of one thing (in one place, if given), with its source, for the chart."""
    raw = [r["counted"] for r in ledger.execute(
        "SELECT DISTINCT counted FROM quantities WHERE measure = ?", (measure,))]
    if counted is not None:
        raw = [c for c in raw if counted_key(c) == counted]
    where = "q.measure = ?"
    params: list[Any] = [measure]
    has_null = None in raw
    named = [c for c in raw if c is not None]
    tests = []
    if named:
        tests.append(f"q.counted IN {_in_clause(named)}")
        params += named
    if has_null:
        tests.append("q.counted IS NULL")
    if not tests:
        return []
    where += " AND (" + " OR ".join(tests) + ")"
    rows = ledger.execute(
        "SELECT q.id, q.document_id, q.text, q.start, q.end, q.value, q.low, q.high, q.qualifier, q.unit, q.counted, "
        "q.measure, q.as_of, a.source_text AS speaker, a.cue_text AS speaker_cue, a.source_entity_id AS speaker_entity_id, "
        "a.date AS said, "
        "d.title, d.outlet, d.kind, d.path, d.published"
        " FROM quantities q JOIN documents d ON d.id = q.document_id "
        "LEFT JOIN attributions a ON a.id = q.attribution_id WHERE " + where +
        " ORDER BY COALESCE(q.as_of, d.published), q.id" + ("" if place is not None else f" LIMIT {int(limit)}"),
        params)
    rows = _with_places(ledger, rows)
    if place is not None:
        rows = [r for r in rows if r["place"] == place][:limit]
    for r in rows:
        r["speaker"] = speaker_name(r["speaker"], r.pop("speaker_cue"))
        r["label"] = document_label(r)
        r["date"] = r["as_of"] or r["published"]
        r["dates"] = dates_label(r["published"], r["said"], r["as_of"])
        (r["lower_sign"], r["lower"]), (r["upper_sign"], r["upper"]) = bounds(r)
        if r["low"] is None and r["high"] is None and r["value"] is not None and r["qualifier"] in (None, "exact"):
            r["low"] = r["high"] = r["value"]
    return rows


# --------------------------------------------------------------------------- timeline

def timeline_items(ledger: Ledger, kind: str | None = None, entity: str | None = None, since: str | None = None,
                   until: str | None = None, limit: int = 400) -> list[dict[str, Any]]:
    """Dated statements (attributions) and figures (quantities with an as-of date), in time order.

    Each item's `date_kind` names its date: 'said on', 'published' (a statement whose day
    is unknown) or 'as of' (a figure).

    `since`/`until` are ISO dates compared as text, so '2026-03' falls inside a window
    that starts on 2026-03-01 only if `since` is '2026-03' or earlier.
    """
    params: list[Any] = []
    extra_a = extra_q = ""
    if kind:
        extra_a += " AND d.kind = ?"
        extra_q += " AND d.kind = ?"
    ids = entity_ids(ledger, entity) if entity else []
    if entity:
        extra_a += f" AND a.source_entity_id IN {_in_clause(ids)}"
        extra_q += f" AND a.source_entity_id IN {_in_clause(ids)}"
    sql = (
        "SELECT * FROM ("
        "SELECT 'statement' AS type, a.id, a.document_id, COALESCE(a.date, d.published) AS date, "
        "CASE WHEN a.date IS NOT NULL THEN 'said on' ELSE 'published' END AS date_kind, "
        "a.source_text AS speaker, a.cue_text AS speaker_cue, a.content_text AS text, a.stance AS detail, "
        "d.title, d.outlet, d.kind, d.path "
        "FROM attributions a JOIN documents d ON d.id = a.document_id "
        "WHERE a.content_text IS NOT NULL AND COALESCE(a.date, d.published) IS NOT NULL" + extra_a +
        " UNION ALL "
        "SELECT 'figure' AS type, q.id, q.document_id, q.as_of AS date, 'as of' AS date_kind, "
        "a.source_text AS speaker, a.cue_text AS speaker_cue, q.text, "
        "TRIM(COALESCE(q.measure, '') || ' ' || COALESCE(q.counted, '')) AS detail, d.title, d.outlet, d.kind, d.path "
        "FROM quantities q JOIN documents d ON d.id = q.document_id LEFT JOIN attributions a ON a.id = q.attribution_id "
        "WHERE q.as_of IS NOT NULL" + extra_q +
        ") t"
        + (" WHERE" if since or until else "")
        + (" t.date >= ?" if since else "") + (" AND" if since and until else "") + (" t.date <= ?" if until else "")
        + f" ORDER BY date, type, id LIMIT {int(limit)}"
    )
    if kind:
        params.append(kind)
    params += ids
    if kind:
        params.append(kind)
    params += ids
    params += [v for v in (since, until) if v]
    rows = ledger.execute(sql, params)
    for r in rows:
        r["speaker"] = speaker_name(r["speaker"], r.pop("speaker_cue"))
        r["label"] = document_label(r)
        r["link"] = url("/documents", r["document_id"], ("#attr-" if r["type"] == "statement" else "#q-") + r["id"])
    return rows


# --------------------------------------------------------------------------- search

def search(ledger: Ledger, query: str, limit: int = 30) -> list[dict[str, Any]]:
    """Full-text hits over documents and claims, ranked, with safe highlighted snippets."""
    if not query or not query.strip():
        return []
    hits = ledger.search(query, limit=limit)
    doc_ids = sorted({h.document_id for h in hits})
    docs = {r["id"]: r for r in ledger.execute(
        f"SELECT id, title, outlet, kind, path, published FROM documents WHERE id IN {_in_clause(doc_ids)}",
        doc_ids)} if doc_ids else {}
    claim_ids = [h.id for h in hits if h.type == "claim"]
    claims = {r["id"]: r for r in ledger.execute(
        f"SELECT c.id, c.start, c.end FROM claims c WHERE c.id IN {_in_clause(claim_ids)}", claim_ids)} if claim_ids else {}
    out = []
    for h in hits:
        doc = docs.get(h.document_id)
        link = url("/documents", h.document_id)
        if h.type == "claim" and h.id in claims:
            c = claims[h.id]
            link += f"?hl={c['start']}-{c['end']}#hl"
        out.append({
            "type": h.type,
            "id": h.id,
            "document_id": h.document_id,
            "label": document_label(doc) if doc else h.document_id,
            "title": doc["title"] if doc else None,
            "kind": doc["kind"] if doc else None,
            "published": doc["published"] if doc else None,
            "snippet": snippet_markup(h.snippet),
            "rank": h.rank,
            "link": link,
        })
    return out
