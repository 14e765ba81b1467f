"""What every ledger backend offers, written once over a few primitives.

A backend (SQLite, PostgreSQL) implements `execute`, `upsert`, `select`,
`transaction` and `search`; everything the pipeline, the CLI and the UI need is
built here from those, so both backends behave the same.  SQL here uses `?`
placeholders; a backend with another style translates in `execute`.

The store has one writer: workers never touch it; the coordinator writes their
fragments here, one document per transaction, so a crash leaves whole documents.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from redline.schema import (
    FRAGMENT_TYPES,
    RECORD_TYPES,
    Claim,
    Document,
    FileRecord,
    Finding,
    Record,
    StageRun,
    Verdict,
    sql_columns,
)


@dataclass(frozen=True)
class SearchHit:
    type: str  # "document" | "claim"
    id: str
    document_id: str
    snippet: str  # matched terms wrapped in \x02 ... \x03 (escape, then mark up)
    rank: float


#: Views for people browsing the ledger directly (e.g. with Datasette).
VIEWS: dict[str, str] = {
    "findings_with_evidence": """
        SELECT f.id, f.relation, f.score, f.explanation,
               COALESCE(ca.text, qa.text, aa.content_text) AS a_text,
               da.title AS a_document, da.outlet AS a_outlet, da.kind AS a_kind,
               {a_page} AS a_page,
               COALESCE(cb.text, qb.text, ab.content_text) AS b_text,
               db.title AS b_document, db.outlet AS b_outlet, db.kind AS b_kind,
               {b_page} AS b_page,
               v.verdict, v.note AS verdict_note
        FROM findings f
        LEFT JOIN claims ca ON f.a_type = 'claim' AND ca.id = f.a_id
        LEFT JOIN quantities qa ON f.a_type = 'quantity' AND qa.id = f.a_id
        LEFT JOIN attributions aa ON f.a_type = 'attribution' AND aa.id = f.a_id
        LEFT JOIN claims cb ON f.b_type = 'claim' AND cb.id = f.b_id
        LEFT JOIN quantities qb ON f.b_type = 'quantity' AND qb.id = f.b_id
        LEFT JOIN attributions ab ON f.b_type = 'attribution' AND ab.id = f.b_id
        LEFT JOIN documents da ON da.id = COALESCE(ca.document_id, qa.document_id, aa.document_id)
        LEFT JOIN documents db ON db.id = COALESCE(cb.document_id, qb.document_id, ab.document_id)
        LEFT JOIN verdicts v ON v.finding_id = f.id
    """,
    "quantities_by_source": """
        SELECT q.id, q.text, q.value, q.low, q.high, q.qualifier, q.unit, q.counted, q.measure,
               q.as_of, d.title AS document, d.outlet, d.kind, d.published
        FROM quantities q JOIN documents d ON d.id = q.document_id
    """,
    "attributions_by_source": """
        SELECT a.id, a.source_text AS source, a.cue_text AS cue, a.content_text AS content,
               a.kind, a.stance, a.parent_id, d.title AS document, d.outlet, d.kind AS document_kind,
               a.question_text AS in_answer_to
        FROM attributions a JOIN documents d ON d.id = a.document_id
    """,
    "failures": """
        SELECT path, NULL AS stage, error, seen_at AS at FROM files WHERE status = 'failed'
        UNION ALL
        SELECT d.path, s.stage, s.error, s.finished_at AS at
        FROM stage_runs s JOIN documents d ON d.id = s.document_id WHERE s.status = 'failed'
    """,
}


#: Ids of the documents that are current: a file still has this content, or the
#: document came from no tracked file.  Older versions of an edited file stay in the
#: ledger for the record but are neither extracted again nor linked.
CURRENT_DOCUMENT_IDS = (
    "SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM files f WHERE f.document_id = d.id) "
    "OR NOT EXISTS (SELECT 1 FROM files f WHERE f.path = d.path)"
)


def add_declared_columns(conn: Any, existing: Callable[[str], set[str]], column_sql: Callable[..., str]) -> None:
    """A migration step shared by both stores: add, in place, every declared column a
    table lacks.  `existing(table)` lists a table's columns in the store's own way;
    columns added after a table was made are nullable, so no row needs a value."""
    for record_type in RECORD_TYPES:
        have = existing(record_type.table)
        for name, c in sql_columns(record_type):
            if name not in have:
                if not c.nullable:
                    raise RuntimeError(f"cannot add the required column {record_type.table}.{name} in place")
                conn.execute(f"ALTER TABLE {record_type.table} ADD COLUMN {column_sql(name, c)}")


#: The page (1-based) of a paged document on which an offset lies, as `schema.page_of`
#: counts it: how many page starts are at or before it.  Per SQL dialect, since the
#: page starts are a JSON array (TEXT in SQLite, jsonb in PostgreSQL).
_PAGE_SQL = {
    "sqlite": "CASE WHEN {starts} IS NULL OR {offset} IS NULL THEN NULL ELSE MAX(1, "
              "(SELECT COUNT(*) FROM json_each({starts}) WHERE value <= {offset})) END",
    "postgres": "CASE WHEN {starts} IS NULL OR {offset} IS NULL THEN NULL ELSE GREATEST(1, "
                "(SELECT COUNT(*) FROM jsonb_array_elements_text({starts}) AS p(v) "
                "WHERE p.v::bigint <= {offset})) END",
}


def views(dialect: str) -> dict[str, str]:
    """The views' SQL for one dialect ("sqlite" or "postgres")."""
    pages = {f"{x}_page": _PAGE_SQL[dialect].format(
        starts=f"d{x}.page_starts", offset=f"COALESCE(c{x}.start, q{x}.start, a{x}.content_start)")
        for x in ("a", "b")}
    return {name: body.format(**pages) if "{a_page}" in body else body for name, body in VIEWS.items()}


def remake_views(conn: Any, dialect: str) -> None:
    """Drop and create the views again (a view does not follow its tables' new columns)."""
    for name, body in views(dialect).items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {body}")


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The backend-independent half of a ledger."""

    # -- primitives every backend provides ------------------------------------------

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def upsert(self, records: Iterable[Record]) -> int:
        raise NotImplementedError

    def _decode(self, record_type: type[Record], row: dict[str, Any]) -> Record:
        raise NotImplementedError

    def select(self, record_type: type[Record], where: str = "", params: Iterable[Any] = (),
               order: str = "", limit: int | None = None) -> list[Record]:
        """Records of one type; `where` and `order` are SQL written by redline, values go in `params`."""
        sql = f"SELECT * FROM {record_type.table}"
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [self._decode(record_type, r) for r in self.execute(sql, params)]

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def search(self, query: str, limit: int = 20, kinds: tuple[str, ...] = ("documents", "claims")) -> list[SearchHit]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    # -- documents and files --------------------------------------------------------

    def get_document(self, document_id: str) -> Document | None:
        found = self.select(Document, "id = ?", (document_id,))
        return found[0] if found else None  # type: ignore[return-value]

    def documents(self) -> list[Document]:
        return self.select(Document, order="path")  # type: ignore[return-value]

    def document_ids(self, current_only: bool = False) -> list[str]:
        where = f" WHERE id IN ({CURRENT_DOCUMENT_IDS})" if current_only else ""
        return [r["id"] for r in self.execute(f"SELECT id FROM documents{where} ORDER BY path")]

    def get_file(self, path: str) -> FileRecord | None:
        found = self.select(FileRecord, "path = ?", (path,))
        return found[0] if found else None  # type: ignore[return-value]

    def count(self, record_type: type[Record], where: str = "", params: Sequence[Any] = ()) -> int:
        sql = f"SELECT COUNT(*) AS n FROM {record_type.table}" + (f" WHERE {where}" if where else "")
        return int(self.execute(sql, params)[0]["n"])

    # -- stages -------------------------------------------------------------------------

    def stage_versions(self, stage: str) -> dict[str, str]:
        """document id -> the version key of its last successful run of `stage`."""
        rows = self.execute(
            "SELECT document_id, version FROM stage_runs WHERE stage = ? AND status = 'ok'", (stage,)
        )
        return {r["document_id"]: r["version"] for r in rows}

    def write_stage(
        self,
        document_id: str,
        stage: str,
        version: str,
        fragments: dict[str, list[Record]],
        seconds: float,
        error: str | None = None,
    ) -> None:
        """Replace one document's fragments of one stage and record the run, atomically.

        On error the old fragments are kept (a failed re-run never erases good data).
        """
        with self.transaction():
            if error is None:
                for table, records in fragments.items():
                    if table not in FRAGMENT_TYPES:
                        raise ValueError(f"stage {stage} produced unknown fragment type {table!r}")
                    self.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
                    self.upsert(records)
            self.upsert([StageRun(document_id=document_id, stage=stage, version=version,
                                  status="failed" if error else "ok", error=error,
                                  seconds=round(seconds, 4), finished_at=now())])

    def failures(self) -> list[dict[str, Any]]:
        return self.execute("SELECT * FROM failures ORDER BY path")

    def stage_summary(self) -> list[dict[str, Any]]:
        return self.execute(
            "SELECT stage, status, COUNT(*) AS documents, ROUND(SUM(seconds), 2) AS seconds "
            "FROM stage_runs GROUP BY stage, status ORDER BY stage, status"
        )

    # -- findings and verdicts ------------------------------------------------------

    def replace_findings(self, findings: Iterable[Finding]) -> int:
        """Swap in a new set of findings; verdicts live apart and stay attached by id."""
        findings = list(findings)
        with self.transaction():
            self.execute("DELETE FROM findings")
            self.upsert(findings)
        return len(findings)

    def set_verdict(self, finding_id: str, verdict: str | None, note: str | None = None,
                    by: str | None = None) -> None:
        with self.transaction():
            if verdict is None:
                self.execute("DELETE FROM verdicts WHERE finding_id = ?", (finding_id,))
            else:
                self.upsert([Verdict(finding_id=finding_id, verdict=verdict, note=note, by=by, at=now())])

    def verdicts(self) -> dict[str, Verdict]:
        return {v.finding_id: v for v in self.select(Verdict)}  # type: ignore[attr-defined]

    def findings(self, relation: str | None = None, limit: int | None = None) -> list[Finding]:
        where, params = ("relation = ?", (relation,)) if relation else ("", ())
        return self.select(Finding, where, params, order="score DESC, id", limit=limit)  # type: ignore[return-value]

    def claims_of(self, document_id: str) -> list[Claim]:
        return self.select(Claim, "document_id = ?", (document_id,), order="start")  # type: ignore[return-value]
