"""The coordinator: runs ingest → extract → link over a ledger.

Workers (through an `Executor`) read files and extract fragments; this module is
the single writer that stores what they return, one document per transaction.
Each step is keyed so that unchanged input is never reprocessed:

- ingest skips a path whose size and modification time are unchanged, and a file
  whose content hash is already a document;
- extract runs a document only when the extractors' versions or options differ
  from those of its last successful run;
- link runs over the whole ledger (it is corpus-wide) after extraction.

A failure is recorded against its file or document and the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redline import registry
from redline.executor import Executor, LocalExecutor
from redline.ingest import discover, read_path
from redline.ingest.metadata import find_sidecar
from redline.registry import ExtractContext, ReadError
from redline.schema import Document, FileRecord, Record
from redline.store.base import CURRENT_DOCUMENT_IDS, Ledger, now

Progress = Callable[[str, int, int], None]  # (phase, done, total)
EXTRACT_STAGE = "extract"


def _quiet(phase: str, done: int, total: int) -> None:
    pass


# --------------------------------------------------------------------------- ingest


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # same content, new metadata (sidecar edited)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    paged: list[str] = field(default_factory=list)  # also in unchanged/updated: its pages recorded anew


def _read_worker(item: tuple[str, dict[str, Any]]) -> tuple[str, Document | None, str | None]:
    """Read one file in a worker: (path, document, None) or (path, None, error)."""
    path, options = item
    try:
        return path, read_path(Path(path), options), None
    except ReadError as exc:
        return path, None, str(exc)
    except Exception as exc:  # a reader bug must not stop the run: record it
        return path, None, f"unexpected error in reader: {type(exc).__name__}: {exc}"


def ingest(
    ledger: Ledger,
    paths: Iterable[str | Path],
    options: dict[str, Any] | None = None,
    executor: Executor | None = None,
    progress: Progress = _quiet,
) -> IngestSummary:
    options = dict(options or {})
    executor = executor or LocalExecutor(1)
    summary = IngestSummary()
    # Streaming: paths are discovered, checked and handed to the executor one by one;
    # only the files in flight are remembered, and file contents only ever exist inside
    # the executor's bounded window.  Memory follows the batch, not the corpus.
    pending: dict[int, tuple[str, os.stat_result, FileRecord | None]] = {}
    queued = 0

    def items() -> Iterator[tuple[str, dict[str, Any]]]:
        nonlocal queued
        for path, problem in discover(paths):
            key = str(path)
            if _is_ledger_file(ledger, path):
                continue  # `redline ingest .` next to its own redline.db
            if problem:
                summary.failed.append((key, problem))
                ledger.upsert([FileRecord(path=key, status="failed", error=problem, seen_at=now())])
                continue
            try:
                st = path.stat()
            except OSError as exc:  # vanished or unreadable between listing and now
                summary.failed.append((key, f"cannot read the file: {exc.strerror}"))
                ledger.upsert([FileRecord(path=key, status="failed", error=f"cannot read the file: {exc.strerror}",
                                          seen_at=now())])
                continue
            previous = ledger.get_file(key)
            mtime = _effective_mtime(path, st)
            if (previous is not None and previous.status == "ok" and previous.size == st.st_size
                    and previous.mtime == mtime and not options.get("force")):
                summary.unchanged.append(key)
                continue
            pending[queued] = (key, st, previous)
            queued += 1
            yield key, options

    progress("ingest", 0, 0)
    for done, (i, (_path, doc, error)) in enumerate(executor.map(_read_worker, items()), start=1):
        key, st, previous = pending.pop(i)
        mtime = _effective_mtime(Path(key), st)
        version = (previous.version or 0) if previous else 0
        if doc is not None:
            changed = previous is None or previous.sha256 != doc.id
            if changed:
                version += 1
            # One transaction per file: a kill leaves whole files, and the next run
            # skips exactly those (their size and mtime are recorded with them).
            with ledger.transaction():
                stored = ledger.execute(f"SELECT {', '.join(METADATA_FIELDS)}, page_starts, text = ? AS same_text "
                                        "FROM documents WHERE id = ?", (doc.text, doc.id))
                exists = bool(stored)
                metadata_changed = exists and any(stored[0][f] != getattr(doc, f) for f in METADATA_FIELDS)
                # A file read before pages were recorded (schema 4) gains them when read again;
                # if its reader now gives other text, its fragments' offsets are stale: analyse again.
                pages_changed = exists and _json(stored[0]["page_starts"]) != doc.page_starts
                text_changed = pages_changed and not stored[0]["same_text"]
                if not exists or metadata_changed or pages_changed:
                    ledger.upsert([doc])
                if metadata_changed or text_changed:
                    # Dates resolve against `published` and findings weigh `kind`: analyse again.
                    ledger.execute("DELETE FROM stage_runs WHERE document_id = ? AND stage = ?",
                                   (doc.id, EXTRACT_STAGE))
                ledger.upsert([FileRecord(path=key, sha256=doc.id, document_id=doc.id, status="ok",
                                          reader=doc.reader, version=version, size=st.st_size,
                                          mtime=mtime, seen_at=now())])
            if changed and not exists:
                summary.added.append(key)
            elif metadata_changed:
                summary.updated.append(key)
            else:
                summary.unchanged.append(key)
            if pages_changed:
                summary.paged.append(key)
        else:
            summary.failed.append((key, error or "unknown error"))
            # Keep the last good document of this path: only the file's status changes.
            ledger.upsert([FileRecord(path=key, status="failed", error=error,
                                      document_id=previous.document_id if previous else None,
                                      version=version, size=st.st_size, mtime=mtime,
                                      seen_at=now())])
        progress("ingest", done, queued)
    return summary


def _is_ledger_file(ledger: Ledger, path: Path) -> bool:
    db = getattr(ledger, "path", None)
    if not db:
        return False
    try:
        resolved, ledger_file = path.resolve(), Path(db).resolve()
    except OSError:
        return False
    return resolved.parent == ledger_file.parent and resolved.name in {
        ledger_file.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}


def _json(value: Any) -> Any:
    """A JSON column as stored (text in SQLite and, through the store, in PostgreSQL) decoded."""
    return json.loads(value) if isinstance(value, str) else value


#: Document fields that come from metadata rather than from the file's bytes.
METADATA_FIELDS = ("title", "outlet", "author", "published", "url", "kind")


def _effective_mtime(path: Path, st: os.stat_result) -> int:
    """The file's modification time, or its sidecar's when that is newer: editing a
    sidecar must make the next ingest look at the file again."""
    sidecar = find_sidecar(path)
    if sidecar is None:
        return st.st_mtime_ns
    try:
        return max(st.st_mtime_ns, sidecar.stat().st_mtime_ns)
    except OSError:
        return st.st_mtime_ns


# --------------------------------------------------------------------------- extract


def extraction_key(options: dict[str, Any]) -> str:
    """Identifies what extraction would produce: extractor versions + options."""
    parts = [f"{e.name}={e.version}" for e in registry.extractors()]
    opts = json.dumps({k: v for k, v in sorted(options.items()) if k.startswith("extract_")}, sort_keys=True)
    return hashlib.sha1(("|".join(parts) + opts).encode()).hexdigest()[:12] + ":" + ",".join(parts)


@dataclass
class StageResult:
    stage: str
    fragments: dict[str, list[Record]]
    seconds: float
    error: str | None


def extract_documents(documents: list[Document], options: dict[str, Any]) -> list[tuple[str, list[StageResult]]]:
    """Parse a batch of documents once and run every extractor over each (a worker task)."""
    from redline.nlp import parse_documents

    t0 = time.perf_counter()
    try:
        parsed = parse_documents(documents)
        parse_error = None
    except Exception as exc:
        parsed, parse_error = {}, f"{type(exc).__name__}: {exc}"
    parse_seconds = (time.perf_counter() - t0) / max(1, len(documents))
    out = []
    for d in documents:
        results = [StageResult("parse", {}, parse_seconds, parse_error)]
        if parse_error is None:
            ctx = ExtractContext(document=d, segments=parsed.get(d.id, []), options=options)
            for extractor in registry.extractors():
                t = time.perf_counter()
                try:
                    fragments = extractor.extract(ctx)
                    for table in extractor.produces:  # an empty table still replaces old rows
                        fragments.setdefault(table, [])
                    ctx.results.update(fragments)
                    error = None
                except Exception as exc:
                    fragments, error = {}, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
                results.append(StageResult(extractor.name, fragments, time.perf_counter() - t, error))
        out.append((d.id, results))
    return out


def _extract_worker(item: tuple[list[Document], dict[str, Any]]) -> list[tuple[str, list[StageResult]]]:
    documents, options = item
    return extract_documents(documents, options)


@dataclass
class ExtractSummary:
    processed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (document, stage, error)
    counts: dict[str, int] = field(default_factory=dict)


#: Documents asked of the ledger at a time when choosing what to extract.
DUE_PAGE = 1000


def extract(
    ledger: Ledger,
    options: dict[str, Any] | None = None,
    executor: Executor | None = None,
    progress: Progress = _quiet,
    batch_size: int = 8,
) -> ExtractSummary:
    options = dict(options or {})
    executor = executor or LocalExecutor(1)
    key = extraction_key(options)
    # What to do is asked of the ledger page by page rather than held as lists of every
    # document id and version: with a million documents those lists alone would be
    # hundreds of MB.  A document is due unless its last successful run has this key.
    # Only current documents: an edited file's older version is kept, not re-analysed.
    current = f"d.id IN ({CURRENT_DOCUMENT_IDS})"
    if options.get("force"):
        due, due_params = current, ()
    else:
        due = (f"{current} AND NOT EXISTS (SELECT 1 FROM stage_runs s WHERE s.document_id = d.id "
               "AND s.stage = ? AND s.status = 'ok' AND s.version = ?)")
        due_params = (EXTRACT_STAGE, key)
    total = int(ledger.execute(f"SELECT COUNT(*) AS n FROM documents d WHERE {current}")[0]["n"])
    n_todo = int(ledger.execute(f"SELECT COUNT(*) AS n FROM documents d WHERE {due}", due_params)[0]["n"])
    summary = ExtractSummary(skipped=total - n_todo)
    progress("extract", 0, n_todo)

    def todo_ids() -> Iterator[str]:
        page = DUE_PAGE
        last: tuple[str, str] | None = None
        while True:
            after, after_params = "", ()
            if last is not None:  # keyset paging on (path, id): stable while rows are added
                after, after_params = " AND (d.path > ? OR (d.path = ? AND d.id > ?))", (last[0], last[0], last[1])
            rows = ledger.execute(f"SELECT d.id, d.path FROM documents d WHERE {due}{after} "
                                  f"ORDER BY d.path, d.id LIMIT {int(page)}", due_params + after_params)
            for r in rows:
                yield r["id"]
            if len(rows) < page:
                return
            last = (rows[-1]["path"], rows[-1]["id"])

    def items() -> Iterator[tuple[list[Document], dict[str, Any]]]:
        # Documents are loaded lazily, batch by batch: memory follows batch size.
        batch: list[str] = []
        for doc_id in todo_ids():
            batch.append(doc_id)
            if len(batch) == batch_size:
                yield [d for d in (ledger.get_document(i) for i in batch) if d is not None], options
                batch = []
        if batch:
            yield [d for d in (ledger.get_document(i) for i in batch) if d is not None], options

    n = 0
    for _, results in executor.map(_extract_worker, items()):
        for doc_id, stage_results in results:
            failed = [r for r in stage_results if r.error]
            with ledger.transaction():
                fragments: dict[str, list[Record]] = {}
                for r in stage_results:
                    if r.error is None:
                        fragments.update(r.fragments)
                    ledger.write_stage(doc_id, r.stage, key, {}, r.seconds, r.error)
                if not failed:
                    ledger.write_stage(doc_id, EXTRACT_STAGE, key, fragments,
                                       sum(r.seconds for r in stage_results))
                    for table, recs in fragments.items():
                        summary.counts[table] = summary.counts.get(table, 0) + len(recs)
                else:
                    first = failed[0]
                    ledger.write_stage(doc_id, EXTRACT_STAGE, key, {}, 0.0,
                                       f"{first.stage}: {first.error.splitlines()[0]}")
            for r in failed:
                summary.failed.append((doc_id, r.stage, r.error.splitlines()[0]))
            summary.processed += 1
            n += 1
            progress("extract", n, n_todo)
    return summary


# --------------------------------------------------------------------------- analyze


def analyze(
    ledger: Ledger,
    options: dict[str, Any] | None = None,
    executor: Executor | None = None,
    progress: Progress = _quiet,
) -> tuple[ExtractSummary, Any]:
    """Extract what changed, then link the whole ledger."""
    from redline.link import link

    summary = extract(ledger, options, executor, progress)
    link_summary = link(ledger, options or {}, progress)
    return summary, link_summary
