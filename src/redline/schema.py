"""The ledger's record types, declared once.

Every table in the store, every object in the JSON export, the JSON Schema we ship
and the CSV columns are derived from the declarations below, so they cannot drift.
A record type is a frozen dataclass; each field carries a small `Col` description
(its JSON type, whether it may be null, a foreign key, whether it is full-text
indexed).  A `SpanRef` field (source, cue, content) is one object in JSON
(`{text, start, end}`) and three flat columns in SQL (`source_text`, `source_start`,
`source_end`), because flat columns are what Datasette users browse and filter.

Fragments (mentions, attributions, quantities, dates, claims) carry the id of their
document and character offsets into that document's `text`; their ids are stable
hashes of (document, stage, span), so re-running a stage replaces them in place.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

SCHEMA_VERSION = 5  # 2: indexes on findings.score, claims/quantities.attribution_id; 3: attributions.question;
#                    4: documents.page_starts; 5: findings_with_evidence.a_page/b_page

DOCUMENT_KINDS = (
    "official_statement",
    "transcript",
    "leaked_document",
    "news_report",
    "opinion",
    "other",
)
ENTITY_TYPES = ("person", "organization", "place", "other")
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed")
STANCES = ("asserts", "denies", "hedges")
POLARITIES = ("positive", "negative")
RELATIONS = ("contradicts", "numeric_conflict", "different_measure", "supports", "same")  # most telling first
VERDICTS = ("confirmed", "rejected")
FINDING_ITEM_TYPES = ("claim", "quantity", "attribution")
GRANULARITIES = ("day", "week", "month", "quarter", "season", "year", "decade", "time", "duration")


@dataclass(frozen=True)
class Col:
    """How one field is stored and exported."""

    type: str  # JSON type: string | integer | number | boolean | array | object
    nullable: bool = True
    references: str | None = None  # "table.column"
    fts: bool = False  # indexed by the full-text search table of its record
    enum: tuple[str, ...] | None = None
    primary: bool = False
    index: bool = False
    export: bool = True  # part of the public JSON export
    doc: str = ""


def col(type: str, **kw: Any) -> Any:
    """A dataclass field carrying its `Col` description; default None unless required."""
    meta = Col(type, **kw)
    if meta.nullable:
        return field(default=None, metadata={"col": meta})
    return field(metadata={"col": meta})


@dataclass(frozen=True)
class SpanRef:
    """A span of a document's text: the text is always the slice text[start:end]."""

    text: str
    start: int
    end: int


def span(**kw: Any) -> Any:
    meta = Col("span", **kw)
    return field(default=None, metadata={"col": meta})


@functools.cache
def _declared_columns(record_type: type[Record]) -> tuple[tuple[str, Col], ...]:
    # Asked for every record written: dataclasses.fields() rebuilds its answer each call.
    return tuple((f.name, f.metadata["col"]) for f in dataclasses.fields(record_type))  # type: ignore[arg-type]


class Record:
    """Base of all ledger records; subclasses declare `table` and their fields."""

    table: ClassVar[str]
    export_key: ClassVar[str | None] = None  # top-level key in the JSON export
    doc: ClassVar[str] = ""

    @classmethod
    def columns(cls) -> Iterator[tuple[str, Col]]:
        return iter(_declared_columns(cls))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, c in self.columns():
            if not c.export:
                continue
            value = getattr(self, name)
            if c.type == "span":
                value = None if value is None else {"text": value.text, "start": value.start, "end": value.end}
            out[name] = value
        return out

    def replace(self, **changes: Any) -> Record:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short, deterministic id for a fragment from the things that make it unique."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, kw_only=True)
class Document(Record):
    table: ClassVar[str] = "documents"
    export_key: ClassVar[str | None] = "documents"
    doc: ClassVar[str] = "One ingested document; `text` is what every offset indexes into."

    id: str = col("string", nullable=False, primary=True, doc="sha256 of the file's bytes")
    path: str = col("string", nullable=False, index=True, doc="path of the file as ingested")
    title: str | None = col("string", fts=True)
    outlet: str | None = col("string", index=True)
    author: str | None = col("string")
    published: str | None = col("string", doc="ISO 8601 date")
    url: str | None = col("string")
    kind: str | None = col("string", enum=DOCUMENT_KINDS, index=True)
    text: str = col("string", nullable=False, fts=True)
    reader: str | None = col("string", export=False, doc="the reader that produced the text")
    media_type: str | None = col("string", export=False)
    size: int | None = col("integer", export=False)
    boilerplate: list | None = col(
        "array", export=True, doc="[[start, end], ...] spans of boilerplate kept visible but not analysed"
    )
    ocr_pages: int | None = col("integer", export=False, doc="pages (or images) whose text came from OCR")
    page_starts: list | None = col(
        "array", export=True,
        doc="for a paged source (PDF, multi-page TIFF): the offset in `text` where each page starts, "
            "page 1 first; null when the source has no pages")
    ingested_at: str | None = col("string", export=False)


@dataclass(frozen=True, kw_only=True)
class FileRecord(Record):
    """Every path seen by ingest, whether it became a document or failed."""

    table: ClassVar[str] = "files"
    doc: ClassVar[str] = "Each path ingest has seen, its current content hash and outcome."

    path: str = col("string", nullable=False, primary=True)
    sha256: str | None = col("string", index=True)
    document_id: str | None = col("string", references="documents.id")
    status: str = col("string", nullable=False, enum=("ok", "failed", "unchanged"))
    error: str | None = col("string")
    reader: str | None = col("string")
    version: int | None = col("integer", doc="how many distinct contents this path has had")
    size: int | None = col("integer")
    mtime: int | None = col("integer", doc="modification time in ns, to skip unchanged files cheaply")
    seen_at: str | None = col("string")


@dataclass(frozen=True, kw_only=True)
class StageRun(Record):
    table: ClassVar[str] = "stage_runs"
    doc: ClassVar[str] = "Per document and per stage: status, timing and error."

    document_id: str = col("string", nullable=False, primary=True, references="documents.id")
    stage: str = col("string", nullable=False, primary=True)
    version: str | None = col("string", doc="stage version + options hash the results are keyed by")
    status: str = col("string", nullable=False, enum=("ok", "failed"))
    error: str | None = col("string")
    seconds: float | None = col("number")
    finished_at: str | None = col("string")


def page_of(document: Any, offset: int | None) -> int | None:
    """The page (1-based) of a paged document on which the character at `offset` lies.

    `document` is a Document, a mapping with `page_starts`, or the list of page starts
    itself.  None when the document has no pages recorded or the offset is unknown.
    An empty page starts where the next one does, so an offset never falls on it.
    """
    if document is None or offset is None:
        return None
    if isinstance(document, (list, tuple)):
        starts = document
    elif isinstance(document, dict):
        starts = document.get("page_starts")
    else:
        starts = getattr(document, "page_starts", None)
    if not starts or offset < 0:
        return None
    return max(1, bisect.bisect_right(starts, offset))


# --------------------------------------------------------------------------- fragments


@dataclass(frozen=True, kw_only=True)
class Entity(Record):
    table: ClassVar[str] = "entities"
    export_key: ClassVar[str | None] = "entities"

    id: str = col("string", nullable=False, primary=True)
    name: str = col("string", nullable=False, fts=True)
    type: str = col("string", nullable=False, enum=ENTITY_TYPES)
    aliases: list | None = col("array", doc="other names found for it")


@dataclass(frozen=True, kw_only=True)
class Mention(Record):
    table: ClassVar[str] = "mentions"
    export_key: ClassVar[str | None] = "mentions"

    id: str = col("string", nullable=False, primary=True)
    document_id: str = col("string", nullable=False, references="documents.id", index=True)
    entity_id: str | None = col("string", index=True, doc="set by entity resolution (link stage)")
    text: str = col("string", nullable=False)
    start: int = col("integer", nullable=False)
    end: int = col("integer", nullable=False)
    type: str = col("string", nullable=False, enum=ENTITY_TYPES)


@dataclass(frozen=True, kw_only=True)
class Attribution(Record):
    table: ClassVar[str] = "attributions"
    export_key: ClassVar[str | None] = "attributions"

    id: str = col("string", nullable=False, primary=True)
    document_id: str = col("string", nullable=False, references="documents.id", index=True)
    source: SpanRef | None = span()
    source_entity_id: str | None = col("string", index=True, export=False,
                                       doc="set by entity resolution (link stage)")
    cue: SpanRef | None = span()
    content: SpanRef | None = span()
    kind: str | None = col("string", enum=ATTRIBUTION_KINDS)
    stance: str | None = col("string", enum=STANCES)
    parent_id: str | None = col("string", doc="the attribution this one is relayed through")
    date: str | None = col("string", doc="ISO date the statement was made, if known")
    question: SpanRef | None = span(
        doc="in a transcript, the question this turn answers (the asking turn's words)")
    question_id: str | None = col(
        "string", doc="the attribution of that question; its source is who asked ('Q' when unnamed)")

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        # The export nests the resolved entity inside `source`.
        if out.get("source") is not None:
            out["source"]["entity_id"] = self.source_entity_id
        return out


@dataclass(frozen=True, kw_only=True)
class Quantity(Record):
    table: ClassVar[str] = "quantities"
    export_key: ClassVar[str | None] = "quantities"

    id: str = col("string", nullable=False, primary=True)
    document_id: str = col("string", nullable=False, references="documents.id", index=True)
    text: str = col("string", nullable=False)
    start: int = col("integer", nullable=False)
    end: int = col("integer", nullable=False)
    value: float | None = col("number", doc="the point value, when the text gives one")
    low: float | None = col("number", doc="lower bound of the interval the text allows")
    high: float | None = col("number", doc="upper bound; null means unbounded")
    qualifier: str | None = col("string")
    unit: str | None = col("string")
    counted: str | None = col("string", doc="what is counted, e.g. 'Russian soldiers'")
    measure: str | None = col("string", index=True, doc="killed, wounded, deployed, ...")
    attribution_id: str | None = col("string", index=True, doc="the attribution the figure sits inside")
    as_of: str | None = col("string", doc="ISO date the figure refers to")
    total_id: str | None = col("string", doc="for a part of a stated total, the total's id")


@dataclass(frozen=True, kw_only=True)
class DateMention(Record):
    table: ClassVar[str] = "dates"
    export_key: ClassVar[str | None] = "dates"

    id: str = col("string", nullable=False, primary=True)
    document_id: str = col("string", nullable=False, references="documents.id", index=True)
    text: str = col("string", nullable=False)
    start: int = col("integer", nullable=False)
    end: int = col("integer", nullable=False)
    value: str | None = col("string", doc="ISO 8601: 2022-11-03, 2022-05, 2023-W14, P3D")
    granularity: str | None = col("string", enum=GRANULARITIES)


@dataclass(frozen=True, kw_only=True)
class Claim(Record):
    table: ClassVar[str] = "claims"
    export_key: ClassVar[str | None] = "claims"

    id: str = col("string", nullable=False, primary=True)
    document_id: str = col("string", nullable=False, references="documents.id", index=True)
    text: str = col("string", nullable=False, fts=True)
    start: int = col("integer", nullable=False)
    end: int = col("integer", nullable=False)
    attribution_id: str | None = col("string", index=True, doc="null: asserted by the document's author")
    polarity: str | None = col("string", enum=POLARITIES)


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, kw_only=True)
class Finding(Record):
    table: ClassVar[str] = "findings"
    export_key: ClassVar[str | None] = "findings"

    id: str = col("string", nullable=False, primary=True, doc="stable hash of the two items")
    relation: str = col("string", nullable=False, enum=RELATIONS, index=True)
    a_type: str = col("string", nullable=False, enum=FINDING_ITEM_TYPES, export=False)
    a_id: str = col("string", nullable=False, export=False, index=True)
    b_type: str = col("string", nullable=False, enum=FINDING_ITEM_TYPES, export=False)
    b_id: str = col("string", nullable=False, export=False, index=True)
    score: float = col("number", nullable=False, index=True)
    explanation: str = col("string", nullable=False)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["a"] = {"type": self.a_type, "id": self.a_id}
        out["b"] = {"type": self.b_type, "id": self.b_id}
        return out


@dataclass(frozen=True, kw_only=True)
class Verdict(Record):
    """A person's judgement on a finding; kept apart so that re-runs never erase it."""

    table: ClassVar[str] = "verdicts"

    finding_id: str = col("string", nullable=False, primary=True)
    verdict: str = col("string", nullable=False, enum=VERDICTS)
    note: str | None = col("string")
    by: str | None = col("string")
    at: str | None = col("string")


@dataclass(frozen=True, kw_only=True)
class EntityOverride(Record):
    """A user's merge or split of entities, applied by every later linking run."""

    table: ClassVar[str] = "entity_overrides"

    id: str = col("string", nullable=False, primary=True)
    action: str = col("string", nullable=False, enum=("merge", "split"))
    entity_id: str = col("string", nullable=False, doc="merge: the surviving entity; split: the entity")
    other: str = col("string", nullable=False, doc="merge: the entity absorbed; split: the alias taken out")
    by: str | None = col("string")
    at: str | None = col("string")


#: Every record type, in dependency order (referenced tables first).
RECORD_TYPES: tuple[type[Record], ...] = (
    Document,
    FileRecord,
    StageRun,
    Entity,
    Mention,
    Attribution,
    Quantity,
    DateMention,
    Claim,
    Finding,
    Verdict,
    EntityOverride,
)

#: Fragment types an extraction stage can produce, keyed by table name.
FRAGMENT_TYPES: dict[str, type[Record]] = {
    t.table: t for t in (Mention, Attribution, Quantity, DateMention, Claim)
}

#: Columns indexed for full-text search, per record type.
FTS_TABLES: dict[type[Record], list[str]] = {
    t: [name for name, c in t.columns() if c.fts] for t in RECORD_TYPES if any(c.fts for _, c in t.columns())
}

#: Top-level keys of the JSON export, in order.
EXPORT_KEYS = ("documents", "entities", "attributions", "quantities", "dates", "claims", "findings")


def sql_columns(record_type: type[Record]) -> list[tuple[str, Col]]:
    """The flat SQL columns of a record type (span fields become three columns)."""
    return list(_sql_columns(record_type))


@functools.cache
def _sql_columns(record_type: type[Record]) -> tuple[tuple[str, Col], ...]:
    out: list[tuple[str, Col]] = []
    for name, c in record_type.columns():
        if c.type == "span":
            out.append((f"{name}_text", Col("string")))
            out.append((f"{name}_start", Col("integer")))
            out.append((f"{name}_end", Col("integer")))
        else:
            out.append((name, c))
    return tuple(out)


def to_row(record: Record) -> dict[str, Any]:
    """A record as a flat mapping of SQL column -> Python value (lists stay lists)."""
    row: dict[str, Any] = {}
    for name, c in record.columns():
        value = getattr(record, name)
        if c.type == "span":
            row[f"{name}_text"] = None if value is None else value.text
            row[f"{name}_start"] = None if value is None else value.start
            row[f"{name}_end"] = None if value is None else value.end
        else:
            row[name] = value
    return row


def from_row(record_type: type[Record], row: dict[str, Any]) -> Record:
    """The inverse of `to_row`."""
    kwargs: dict[str, Any] = {}
    for name, c in record_type.columns():
        if c.type == "span":
            text = row.get(f"{name}_text")
            start = row.get(f"{name}_start")
            kwargs[name] = None if start is None else SpanRef(text or "", start, row[f"{name}_end"])
        else:
            kwargs[name] = row.get(name)
    return record_type(**kwargs)  # type: ignore[call-arg]


_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "array": "array", "object": "object"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `redline export --format json`, derived from the records."""

    def prop(c: Col) -> dict[str, Any]:
        if c.type == "span":
            p: dict[str, Any] = {
                "type": "object",
                "required": ["text", "start", "end"],
                "properties": {
                    "text": {"type": "string"},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                },
            }
        else:
            p = {"type": _JSON_TYPES[c.type]}
            if c.enum:
                p["enum"] = list(c.enum)
        if c.doc:
            p["description"] = c.doc
        if c.nullable:
            if "enum" in p:
                p["enum"] = p["enum"] + [None]
            p["type"] = [p["type"], "null"]
        return p

    defs: dict[str, Any] = {}
    for t in RECORD_TYPES:
        if not t.export_key:
            continue
        props = {name: prop(c) for name, c in t.columns() if c.export}
        if t is Attribution:
            src = props["source"]
            src["properties"]["entity_id"] = {"type": ["string", "null"]}
            src["required"] = src["required"] + ["entity_id"]
        if t is Finding:
            item = {
                "type": "object",
                "required": ["type", "id"],
                "properties": {"type": {"enum": list(FINDING_ITEM_TYPES)}, "id": {"type": "string"}},
            }
            props["a"] = item
            props["b"] = item
            props["verdict"] = {
                "type": ["object", "null"],
                "required": ["verdict", "note", "by", "at"],
                "properties": {
                    "verdict": {"enum": list(VERDICTS)},
                    "note": {"type": ["string", "null"]},
                    "by": {"type": ["string", "null"]},
                    "at": {"type": ["string", "null"]},
                },
            }
        defs[t.__name__] = {
            "type": "object",
            "description": t.doc or t.__name__,
            "required": sorted(props),
            "properties": props,
            "additionalProperties": False,
        }
    top = {key: {"type": "array", "items": {"$ref": f"#/$defs/{_def_for(key)}"}} for key in EXPORT_KEYS}
    top["redline_version"] = {"type": "string"}
    top["mentions"] = {"type": "array", "items": {"$ref": "#/$defs/Mention"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "redline ledger export",
        "type": "object",
        "required": ["redline_version", *EXPORT_KEYS],
        "properties": top,
        "$defs": defs,
    }


def _def_for(key: str) -> str:
    for t in RECORD_TYPES:
        if t.export_key == key:
            return t.__name__
    raise KeyError(key)
