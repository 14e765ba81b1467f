"""Exports of the ledger: one JSON file (a public interface) and CSV files for spreadsheets.

The JSON export follows docs/export.schema.json, which is generated from the record
declarations (`redline.schema.json_schema()`); regenerate it with

    python -m redline.present.export --schema docs/export.schema.json

Both exports stream: records are read in keyset-paginated batches (findings with their
evidence too) and written as they come, so exporting a ledger never holds
a whole table in memory.  Neither overwrites what is not its own: `ExportError` says why.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from redline import __version__
from redline.schema import (
    RECORD_TYPES,
    Attribution,
    Claim,
    DateMention,
    Document,
    Entity,
    Finding,
    Mention,
    Quantity,
    Record,
    json_schema,
    sql_columns,
    to_row,
)
from redline.store.base import Ledger

BATCH = 2000

#: Record types of the JSON export, by top-level key, in the order they are written.
JSON_SECTIONS: tuple[tuple[str, type[Record]], ...] = (
    ("documents", Document),
    ("entities", Entity),
    ("mentions", Mention),
    ("attributions", Attribution),
    ("quantities", Quantity),
    ("dates", DateMention),
    ("claims", Claim),
    ("findings", Finding),
)


def _primary(record_type: type[Record]) -> list[str]:
    return [name for name, c in sql_columns(record_type) if c.primary]


def iter_records(ledger: Ledger, record_type: type[Record], batch: int = BATCH) -> Iterator[Record]:
    """Every record of a type in primary-key order, fetched `batch` at a time (keyset pagination)."""
    keys = _primary(record_type)
    order = ", ".join(keys)
    last: tuple[Any, ...] | None = None
    while True:
        if last is None:
            page = ledger.select(record_type, order=order, limit=batch)
        else:
            # Row-value comparison: works for composite keys in SQLite and PostgreSQL.
            where = f"({order}) > ({', '.join('?' for _ in keys)})" if len(keys) > 1 else f"{keys[0]} > ?"
            page = ledger.select(record_type, where, last, order=order, limit=batch)
        yield from page
        if len(page) < batch:
            return
        last = tuple(getattr(page[-1], k) for k in keys)


def _finding_json(ledger: Ledger, findings: list[Finding]) -> list[dict[str, Any]]:
    ids = [f.id for f in findings]
    verdicts = {}
    if ids:
        rows = ledger.execute(
            f"SELECT finding_id, verdict, note, by, at FROM verdicts WHERE finding_id IN ({', '.join('?' for _ in ids)})",
            ids)
        verdicts = {r["finding_id"]: {k: r[k] for k in ("verdict", "note", "by", "at")} for r in rows}
    out = []
    for f in findings:
        item = f.to_json()
        item["verdict"] = verdicts.get(f.id)
        out.append(item)
    return out


def _write_batch(ledger: Ledger, out: IO[str], items: list[Record], written: int) -> int:
    """Write one batch of array items; returns how many items the array now holds."""
    if items and isinstance(items[0], Finding):
        objects = _finding_json(ledger, items)  # type: ignore[arg-type]
    else:
        objects = [r.to_json() for r in items]
    for obj in objects:
        out.write(("\n" if written == 0 else ",\n") + json.dumps(obj, ensure_ascii=False))
        written += 1
    return written


def write_json(ledger: Ledger, out: IO[str]) -> dict[str, int]:
    """Write the export to an open text stream; returns how many records of each kind."""
    counts: dict[str, int] = {}
    out.write("{\n" + json.dumps("redline_version") + ": " + json.dumps(__version__))
    for key, record_type in JSON_SECTIONS:
        out.write(",\n" + json.dumps(key) + ": [")
        n = 0
        pending: list[Record] = []

        for record in iter_records(ledger, record_type):
            pending.append(record)
            if len(pending) >= BATCH:
                n = _write_batch(ledger, out, pending, n)
                pending = []
        n = _write_batch(ledger, out, pending, n)
        out.write("\n]" if n else "]")
        counts[key] = n
    out.write("\n}\n")
    return counts


def export_json(ledger: Ledger, path: str | Path) -> dict[str, int]:
    """Write the whole ledger as one JSON file (see docs/export.md)."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder: the JSON export writes one file; give a file name "
                          "(or --format csv to write a folder)")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        counts = write_json(ledger, fh)
    tmp.replace(path)  # a reader never sees half a file
    return counts


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


class ExportError(Exception):
    """The export cannot be written where asked (the message names the path and what to do)."""


#: The findings with both sides spelled out, for a spreadsheet that has only this file open.
FINDINGS_WITH_EVIDENCE = "findings_with_evidence"
_SIDE_COLUMNS = ("type", "id", "text", "source", "speaker", "question", "asked_by", "outlet", "title", "kind",
                 "published", "said", "as_of", "document_id", "path", "start", "end", "page")
EVIDENCE_COLUMNS: tuple[str, ...] = (
    ("id", "relation", "score", "explanation", "verdict", "verdict_note", "verdict_by", "verdict_at")
    + tuple(f"a_{c}" for c in _SIDE_COLUMNS) + tuple(f"b_{c}" for c in _SIDE_COLUMNS)
)


def csv_names() -> set[str]:
    """The files a CSV export writes (and may overwrite)."""
    return {f"{t.table}.csv" for t in RECORD_TYPES} | {f"{FINDINGS_WITH_EVIDENCE}.csv"}


def _csv_folder(folder: Path, force: bool) -> None:
    """Refuse a file, or a folder holding anything but an earlier CSV export (unless forced)."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file: the CSV export writes a folder of files; give a folder name "
                          "(or --format json to write one file)")
    if folder.is_dir() and not force:
        others = sorted(p.name for p in folder.iterdir() if p.name not in csv_names())
        if others:
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise ExportError(f"{folder} already holds other files ({shown}); give an empty or new folder, "
                              "or --force to write the CSV files among them")


def _sheet_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as written: document text starting with = + - @ would run as a formula."""
    value = _csv_value(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_findings_with_evidence(ledger: Ledger, out: IO[str]) -> int:
    """One row per finding with both sides' words, sources and dates; returns the row count.

    Read a page at a time through the shared query layer, best first (as the desk lists them).
    """
    from redline.present.views import finding_rows  # the query layer, shared with the desk

    writer = csv.writer(out)
    writer.writerow(EVIDENCE_COLUMNS)
    n = 0
    after = None
    while True:
        rows = finding_rows(ledger, limit=BATCH, after=after)  # keyset: each page costs the same
        for r in rows:
            writer.writerow([_sheet_cell(r.get(c)) for c in EVIDENCE_COLUMNS])
        n += len(rows)
        if len(rows) < BATCH:
            return n
        after = (rows[-1]["score"], rows[-1]["id"])


def export_csv(ledger: Ledger, folder: str | Path, force: bool = False) -> dict[str, int]:
    """One CSV file per record type (TABLE.csv) with the flat SQL columns, plus
    findings_with_evidence.csv; returns row counts.

    Raises ExportError when `folder` is a file, or a folder with other files in it and
    `force` is false: an export must not silently overwrite someone's work.
    """
    folder = Path(folder)
    _csv_folder(folder, force)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for record_type in RECORD_TYPES:
        columns = [name for name, _ in sql_columns(record_type)]
        n = 0
        with (folder / f"{record_type.table}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for record in iter_records(ledger, record_type):
                row = to_row(record)
                writer.writerow([_csv_value(row[c]) for c in columns])
                n += 1
        counts[record_type.table] = n
    with (folder / f"{FINDINGS_WITH_EVIDENCE}.csv").open("w", encoding="utf-8", newline="") as fh:
        counts[FINDINGS_WITH_EVIDENCE] = write_findings_with_evidence(ledger, fh)
    return counts


#: Which side of a confirmed conflict is "the claim" a fact-check reviews: public statements
#: first, the documents that contradict them last.
_CLAIM_KIND_ORDER = ("official_statement", "transcript", "opinion", "news_report", "other", None, "leaked_document")
CLAIMREVIEW_RELATIONS = ("contradicts", "numeric_conflict")


def claimreviews(ledger: Ledger) -> list[dict[str, Any]]:
    """schema.org ClaimReview drafts for confirmed conflicts, the fact-checkers' interchange format.

    One per finding a person confirmed whose relation is a conflict.  The reviewed claim
    is the side from the more public source (an official statement before a leak); the
    other side is named as the evidence.  A draft: the rating text is plain and the
    fact-checker's own URL is left for them to fill in.
    """
    from redline.present.views import finding_detail  # the query layer, shared with the desk

    rows = ledger.execute(
        "SELECT f.id FROM findings f JOIN verdicts v ON v.finding_id = f.id WHERE v.verdict = 'confirmed' "
        f"AND f.relation IN ({', '.join('?' for _ in CLAIMREVIEW_RELATIONS)}) ORDER BY f.score DESC, f.id",
        CLAIMREVIEW_RELATIONS)
    out = []
    for row in rows:
        detail = finding_detail(ledger, row["id"])
        if detail is None or detail["a"]["missing"] or detail["b"]["missing"]:
            continue
        claim, evidence = sorted((detail["a"], detail["b"]), key=lambda side: _CLAIM_KIND_ORDER.index(
            side["kind"] if side["kind"] in _CLAIM_KIND_ORDER else None))
        verdict = detail["verdict"] or {}
        attribution = claim["attribution"]
        speaker = attribution.source.text if attribution is not None and attribution.source else None
        document = claim["document"]
        out.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": row["id"],
            "datePublished": (verdict.get("at") or "")[:10] or None,
            "claimReviewed": claim["text"],
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Thing", "name": speaker or claim["label"]},
                "datePublished": claim["date"],
                "appearance": {"@type": "CreativeWork", "name": document.title, "url": document.url,
                               "publisher": document.outlet},
            },
            "reviewRating": {"@type": "Rating", "alternateName": f"Contradicted by {evidence['label']}"},
            "reviewBody": " ".join(p for p in (detail["finding"].explanation, verdict.get("note")) if p),
            "author": {"@type": "Person", "name": verdict.get("by")} if verdict.get("by") else None,
            "citation": {"@type": "CreativeWork", "name": evidence["document"].title,
                         "url": evidence["document"].url, "text": evidence["text"]},
        })
    return out


def schema_text() -> str:
    """docs/export.schema.json exactly as it should be committed."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m redline.present.export",
                                     description="Write the JSON Schema of the export, or export a ledger.")
    parser.add_argument("--schema", nargs="?", const="-", metavar="PATH",
                        help="write the export's JSON Schema to PATH (default: stdout)")
    parser.add_argument("--db", help="ledger to export")
    parser.add_argument("-o", "--output", help="JSON file to write (with --db)")
    args = parser.parse_args(argv)
    if args.schema:
        if args.schema == "-":
            sys.stdout.write(schema_text())
        else:
            Path(args.schema).write_text(schema_text(), encoding="utf-8")
        return 0
    if args.db and args.output:
        from redline.store import open_ledger

        export_json(open_ledger(args.db, readonly=True), args.output)
        return 0
    parser.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
