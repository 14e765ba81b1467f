"""The ledger in one SQLite file (the default store).

Tables are generated from `redline.schema`; full-text search uses FTS5 tables kept in
step by triggers; a few views join findings to their evidence so that
`datasette redline.db` is a pleasant way to browse.  The file runs in WAL mode so
that a reader (the web UI) never blocks the single writer (the pipeline).

Schema changes are versioned migrations recorded in `PRAGMA user_version`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redline.schema import (
    FTS_TABLES,
    RECORD_TYPES,
    SCHEMA_VERSION,
    Col,
    Record,
    from_row,
    sql_columns,
    to_row,
)
from redline.store.base import Ledger, SearchHit, add_declared_columns, remake_views, views

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
              "array": "TEXT", "object": "TEXT"}


def column_sql(name: str, c: Col) -> str:
    line = f'"{name}" {_SQL_TYPES[c.type]}'
    if not c.nullable:
        line += " NOT NULL"
    if c.references:
        table, column = c.references.split(".")
        line += f" REFERENCES {table}({column}) ON DELETE CASCADE"
    return line


def create_table_sql(record_type: type[Record]) -> list[str]:
    cols = sql_columns(record_type)
    primary = [name for name, c in cols if c.primary]
    lines = [column_sql(name, c) for name, c in cols]
    lines.append(f"PRIMARY KEY ({', '.join(primary)})")
    stmts = [f"CREATE TABLE IF NOT EXISTS {record_type.table} (\n  " + ",\n  ".join(lines) + "\n)"]
    for name, c in cols:
        if c.index or (c.references and not c.primary):
            stmts.append(
                f"CREATE INDEX IF NOT EXISTS idx_{record_type.table}_{name} ON {record_type.table}({name})"
            )
    return stmts


def fts_sql() -> list[str]:
    stmts = []
    for record_type, columns in FTS_TABLES.items():
        t = record_type.table
        cols = ", ".join(columns)
        new_vals = ", ".join(f"new.{c}" for c in columns)
        old_vals = ", ".join(f"old.{c}" for c in columns)
        stmts += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5({cols}, content='{t}', "
            f"content_rowid='rowid', tokenize='porter unicode61')",
            f"CREATE TRIGGER IF NOT EXISTS {t}_ai AFTER INSERT ON {t} BEGIN "
            f"INSERT INTO {t}_fts(rowid, {cols}) VALUES (new.rowid, {new_vals}); END",
            f"CREATE TRIGGER IF NOT EXISTS {t}_ad AFTER DELETE ON {t} BEGIN "
            f"INSERT INTO {t}_fts({t}_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old_vals}); END",
            f"CREATE TRIGGER IF NOT EXISTS {t}_au AFTER UPDATE ON {t} BEGIN "
            f"INSERT INTO {t}_fts({t}_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old_vals}); "
            f"INSERT INTO {t}_fts(rowid, {cols}) VALUES (new.rowid, {new_vals}); END",
        ]
    return stmts


def _migration_1(conn: sqlite3.Connection) -> None:
    for record_type in RECORD_TYPES:
        for stmt in create_table_sql(record_type):
            conn.execute(stmt)
    for stmt in fts_sql():
        conn.execute(stmt)
    for name, body in views("sqlite").items():
        conn.execute(f"CREATE VIEW IF NOT EXISTS {name} AS {body}")


def _migration_2(conn: sqlite3.Connection) -> None:
    """Indexes declared after version 1 (findings by score, fragments by attribution)."""
    for record_type in RECORD_TYPES:
        for stmt in create_table_sql(record_type)[1:]:
            conn.execute(stmt)


def _add_declared_columns(conn: sqlite3.Connection) -> None:
    add_declared_columns(conn, lambda table: {r[1] for r in conn.execute(f"PRAGMA table_info({table})")},
                         column_sql)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Columns declared after version 2 (attributions.question_*: the question a transcript
    turn answers), added in place; the views are made again to show them."""
    _add_declared_columns(conn)
    remake_views(conn, "sqlite")


#: Readers whose documents have pages (documents.page_starts, schema version 4).
PAGED_READERS = ("pdf", "image")


def _migration_4(conn: sqlite3.Connection) -> None:
    """documents.page_starts (where each page of a PDF or multi-page TIFF starts), added in
    place.  Files those readers read are marked for reading again (their modification time
    is forgotten), so that the next `redline ingest` of them records their pages."""
    _add_declared_columns(conn)
    conn.execute(f"UPDATE files SET mtime = NULL WHERE reader IN ({', '.join('?' for _ in PAGED_READERS)})",
                 PAGED_READERS)


def _migration_5(conn: sqlite3.Connection) -> None:
    """The findings_with_evidence view gains the page of each side (a_page, b_page)."""
    remake_views(conn, "sqlite")


#: Versioned migrations: index i migrates from user_version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2, _migration_3, _migration_4,
                                                          _migration_5]
assert len(MIGRATIONS) == SCHEMA_VERSION


class SQLiteLedger(Ledger):
    """A ledger in one SQLite file."""

    placeholder = "?"

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._local = threading.local()
        if not readonly:
            self.migrate()

    # -- connections ----------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.readonly:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, check_same_thread=False, timeout=60)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 60000")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def migrate(self) -> None:
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path} was written by a newer redline (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade redline to open it"
            )
        for i in range(version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[i](conn)
                conn.execute(f"PRAGMA user_version = {i + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.rollback()
            raise
        else:
            conn.commit()

    # -- low-level ------------------------------------------------------------------

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, tuple(params))
        if cur.description is None:
            return []
        return [dict(r) for r in cur.fetchall()]

    def _encode(self, value: Any) -> Any:
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        return value

    def _decode(self, record_type: type[Record], row: dict[str, Any]) -> Record:
        for name, c in sql_columns(record_type):
            if c.type in ("array", "object") and isinstance(row.get(name), str):
                row[name] = json.loads(row[name])
        return from_row(record_type, row)

    def upsert(self, records: Iterable[Record]) -> int:
        n = 0
        by_type: dict[type[Record], list[Record]] = {}
        for r in records:
            by_type.setdefault(type(r), []).append(r)
        with self.transaction():
            for record_type, items in by_type.items():
                cols = [name for name, _ in sql_columns(record_type)]
                primary = [name for name, c in sql_columns(record_type) if c.primary]
                updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c not in primary)
                sql = (
                    f"INSERT INTO {record_type.table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)}) "
                    f"ON CONFLICT ({', '.join(primary)}) DO "
                    + (f"UPDATE SET {updates}" if updates else "NOTHING")
                )
                rows = [tuple(self._encode(row[c]) for c in cols) for row in map(to_row, items)]
                self.conn.executemany(sql, rows)
                n += len(rows)
        return n

    # -- search -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, kinds: tuple[str, ...] = ("documents", "claims")) -> list[SearchHit]:
        fts_query = fts5_query(query)
        if not fts_query:
            return []
        hits: list[SearchHit] = []
        if "claims" in kinds:
            rows = self._ranked("claims", "snippet(claims_fts, 0, '\x02', '\x03', ' … ', 24)", "bm25(claims_fts)",
                                "c.id, c.document_id", fts_query, limit)
            hits += [SearchHit("claim", r["id"], r["document_id"], r["snip"], r["rank"]) for r in rows]
        if "documents" in kinds:
            rows = self._ranked("documents", "snippet(documents_fts, 1, '\x02', '\x03', ' … ', 24)",
                                "bm25(documents_fts, 5.0, 1.0)", "c.id, c.id AS document_id", fts_query, limit)
            hits += [SearchHit("document", r["id"], r["document_id"], r["snip"], r["rank"]) for r in rows]
        hits.sort(key=lambda h: h.rank)
        return hits[:limit]


    #: A query matching more rows than this is ranked among its newest this-many matches:
    #: bm25 over every match of a very common word would take seconds on a big ledger.
    rank_candidates = 10_000

    def _ranked(self, table: str, snippet: str, rank: str, columns: str, fts_query: str,
                limit: int) -> list[dict[str, Any]]:
        """Best matches first: rank (a bounded set of) matching rowids, then make snippets
        for the few shown only — snippets cost far more than ranking."""
        fts = f"{table}_fts"
        bound = self.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC "
                             f"LIMIT 1 OFFSET {int(self.rank_candidates) - 1}", (fts_query,))
        floor, floor_params = ("", ()) if not bound else (f" AND {fts}.rowid >= ?", (bound[0]["rowid"],))
        top = self.execute(f"SELECT {fts}.rowid AS r, {rank} AS rank FROM {fts} WHERE {fts} MATCH ?{floor} "
                           f"ORDER BY rank LIMIT ?", (fts_query, *floor_params, limit))
        if not top:
            return []
        ranks = {t["r"]: t["rank"] for t in top}
        marks = ", ".join("?" for _ in ranks)
        rows = self.execute(f"SELECT {fts}.rowid AS r, {columns}, {snippet} AS snip FROM {fts} "
                            f"JOIN {table} c ON c.rowid = {fts}.rowid "
                            f"WHERE {fts} MATCH ? AND {fts}.rowid IN ({marks})", (fts_query, *ranks))
        for r in rows:
            r["rank"] = ranks[r.pop("r")]
        return sorted(rows, key=lambda r: r["rank"])


def fts5_query(query: str) -> str:
    """Turn what a user typed into a safe FTS5 query: words ANDed, "quoted phrases" kept.

    FTS5 syntax characters in user input would otherwise raise errors (or be used to
    query columns); every term is quoted, so the user's text is matched, not parsed.
    """
    terms: list[str] = []
    query = "".join(ch if ch.isprintable() else " " for ch in query)
    parts = query.split('"')
    for i, part in enumerate(parts):
        if i % 2 == 1:
            words = part.split()
            if words:
                terms.append('"' + " ".join(w.replace('"', "") for w in words) + '"')
        else:
            for word in part.split():
                word = "".join(ch for ch in word if ch.isalnum() or ch in "-'")
                word = word.strip("-'")
                if word and word.upper() not in ("AND", "OR", "NOT", "NEAR"):
                    terms.append(f'"{word}"')
                elif word:
                    terms.append(f'"{word.lower()}"')
    return " ".join(terms)
