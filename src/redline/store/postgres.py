"""The ledger in a PostgreSQL database, for teams and for corpora too big for one file.

Same record declarations, same `Ledger` behaviour as the SQLite file: tables are
generated from `redline.schema.sql_columns`, the shared SQL in `store/base.py` (with
`?` placeholders) is translated here, and the views are created from the same text.

Choices that keep the two backends interchangeable:

- JSON columns are `jsonb` in the database (queryable by people who use psql), but
  they come back to Python as JSON *text*, exactly as from SQLite, so code that reads
  `execute()` rows behaves the same on both; `select()` decodes them into records.
- Full-text search lives in side tables `<table>_fts(<primary key>, tsv)` kept in step
  by triggers, with a GIN index, so that `SELECT *` on a record table returns the
  record's columns only (as SQLite's external-content FTS5 tables do).  Snippets come
  from `ts_headline` with matched terms wrapped in \\x02 … \\x03.
- A few SQLite functions used by the shared SQL (`round(real, n)`, `ifnull`, `instr`,
  `group_concat`) are defined in the schema so the same queries run unchanged.
- Migrations are numbered and recorded in `redline_migrations`; an advisory lock
  makes two processes opening a fresh database at once apply them exactly once.

Several `redline` processes can use one database at once (ingest on one machine, the
web UI on another): each write is a transaction and PostgreSQL's MVCC does the rest.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from redline.schema import (
    FTS_TABLES,
    RECORD_TYPES,
    SCHEMA_VERSION,
    Col,
    Document,
    Record,
    from_row,
    sql_columns,
    to_row,
)
from redline.store.base import Ledger, SearchHit, add_declared_columns, remake_views, views
from redline.store.sqlite import PAGED_READERS, fts5_query

_SQL_TYPES = {"string": "text", "integer": "bigint", "number": "double precision",
              "boolean": "integer",  # as in SQLite, so `= 1` comparisons hold on both
              "array": "jsonb", "object": "jsonb"}

#: Text-search configuration: English stemming, like FTS5's porter tokenizer.
TS_CONFIG = "english"
#: Arbitrary key for the advisory lock held while migrating.
_MIGRATION_LOCK = 0x7265646C  # "redl"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_sql(name: str, c: Col) -> str:
    line = f"{_q(name)} {_SQL_TYPES[c.type]}"
    if not c.nullable:
        line += " NOT NULL"
    if c.references:
        table, column = c.references.split(".")
        line += f" REFERENCES {table}({_q(column)}) ON DELETE CASCADE"
    return line


def create_table_sql(record_type: type[Record]) -> list[str]:
    cols = sql_columns(record_type)
    primary = [name for name, c in cols if c.primary]
    lines = [column_sql(name, c) for name, c in cols]
    lines.append(f"PRIMARY KEY ({', '.join(_q(p) for p in primary)})")
    t = record_type.table
    stmts = [f"CREATE TABLE IF NOT EXISTS {t} (\n  " + ",\n  ".join(lines) + "\n)"]
    for name, c in cols:
        if c.index or (c.references and not c.primary):
            stmts.append(f"CREATE INDEX IF NOT EXISTS idx_{t}_{name} ON {t}({_q(name)})")
    return stmts


def _tsv_expr(record_type: type[Record], columns: list[str], prefix: str) -> str:
    """The tsvector of a row: the first FTS column weighted A when there are several
    (a document's title counts more than its body), the rest B."""
    if len(columns) == 1:
        return f"to_tsvector('{TS_CONFIG}', coalesce({prefix}{_q(columns[0])}, ''))"
    parts = []
    for i, c in enumerate(columns):
        weight = "A" if i == 0 else "B"
        parts.append(f"setweight(to_tsvector('{TS_CONFIG}', coalesce({prefix}{_q(c)}, '')), '{weight}')")
    return " || ".join(parts)


def fts_sql() -> list[str]:
    stmts = [
        # A tsvector is limited to 1 MB; a huge document falls back to its lexemes without
        # positions rather than failing to ingest (phrase search degrades, word search stays).
        "CREATE OR REPLACE FUNCTION redline_safe_tsv(t text) RETURNS tsvector LANGUAGE plpgsql "
        "IMMUTABLE AS $$ BEGIN RETURN to_tsvector('" + TS_CONFIG + "', coalesce(t, '')); "
        "EXCEPTION WHEN program_limit_exceeded THEN "
        "RETURN strip(to_tsvector('" + TS_CONFIG + "', left(t, 500000))); END $$",
    ]
    for record_type, columns in FTS_TABLES.items():
        t = record_type.table
        primary = [name for name, c in sql_columns(record_type) if c.primary]
        key_cols = ", ".join(_q(p) for p in primary)
        pk_defs = ", ".join(f"{_q(p)} text NOT NULL" for p in primary)
        refs = f"FOREIGN KEY ({key_cols}) REFERENCES {t}({key_cols}) ON DELETE CASCADE"
        if record_type is Document:
            # Documents can be long: use the guarded function for the body.
            tsv = (f"setweight(to_tsvector('{TS_CONFIG}', coalesce(NEW.{_q(columns[0])}, '')), 'A') || "
                   + " || ".join(f"setweight(redline_safe_tsv(NEW.{_q(c)}), 'B')" for c in columns[1:]))
        else:
            tsv = _tsv_expr(record_type, columns, "NEW.")
        new_keys = ", ".join(f"NEW.{_q(p)}" for p in primary)
        changed = " OR ".join(f"NEW.{_q(c)} IS DISTINCT FROM OLD.{_q(c)}" for c in columns)
        stmts += [
            f"CREATE TABLE IF NOT EXISTS {t}_fts ({pk_defs}, tsv tsvector NOT NULL, "
            f"PRIMARY KEY ({key_cols}), {refs})",
            f"CREATE INDEX IF NOT EXISTS idx_{t}_fts_tsv ON {t}_fts USING gin (tsv)",
            f"CREATE OR REPLACE FUNCTION {t}_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' THEN IF NOT ({changed}) THEN RETURN NULL; END IF; END IF; "
            f"INSERT INTO {t}_fts ({key_cols}, tsv) VALUES ({new_keys}, {tsv}) "
            f"ON CONFLICT ({key_cols}) DO UPDATE SET tsv = excluded.tsv; RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {t}_fts_trigger ON {t}",
            f"CREATE TRIGGER {t}_fts_trigger AFTER INSERT OR UPDATE ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION {t}_fts_sync()",
        ]
    return stmts


#: SQLite functions the shared SQL may use, defined so the same text runs here.
COMPAT_SQL = [
    "CREATE OR REPLACE FUNCTION round(double precision, integer) RETURNS double precision "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT round($1::numeric, $2)::double precision $$",
    "CREATE OR REPLACE FUNCTION ifnull(anyelement, anyelement) RETURNS anyelement "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1, $2) $$",
    "CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT strpos($1, $2) $$",
    "CREATE OR REPLACE FUNCTION redline_concat_step(acc text, value anyelement) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL "
    "THEN value::text ELSE acc || ',' || value::text END $$",
    "DROP AGGREGATE IF EXISTS group_concat(anyelement)",
    "CREATE AGGREGATE group_concat(anyelement) (SFUNC = redline_concat_step, STYPE = text)",
]


def _migration_1(conn: psycopg.Connection) -> None:
    for stmt in COMPAT_SQL:
        conn.execute(stmt)
    for record_type in RECORD_TYPES:
        for stmt in create_table_sql(record_type):
            conn.execute(stmt)
    for stmt in fts_sql():
        conn.execute(stmt)
    for name, body in views("postgres").items():
        conn.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")


def _migration_2(conn: psycopg.Connection) -> None:
    """Indexes declared after version 1 (findings by score, fragments by attribution)."""
    for record_type in RECORD_TYPES:
        for stmt in create_table_sql(record_type)[1:]:
            conn.execute(stmt)


def _add_declared_columns(conn: psycopg.Connection) -> None:
    add_declared_columns(conn, lambda table: {r["column_name"] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND table_schema = current_schema()", (table,))}, column_sql)


def _migration_3(conn: psycopg.Connection) -> None:
    """Columns declared after version 2 (attributions.question_*: the question a transcript
    turn answers), added in place; the views are made again to show them."""
    _add_declared_columns(conn)
    remake_views(conn, "postgres")


def _migration_4(conn: psycopg.Connection) -> None:
    """documents.page_starts, added in place; files of the paged readers are marked for
    reading again so that the next ingest records their pages (as in SQLite)."""
    _add_declared_columns(conn)
    conn.execute("UPDATE files SET mtime = NULL WHERE reader = ANY(%s)", (list(PAGED_READERS),))


def _migration_5(conn: psycopg.Connection) -> None:
    """The findings_with_evidence view gains the page of each side (as in SQLite)."""
    remake_views(conn, "postgres")


#: Versioned migrations: index i migrates from version i to i + 1 (as in SQLite).
MIGRATIONS: list[Callable[[psycopg.Connection], None]] = [_migration_1, _migration_2, _migration_3, _migration_4,
                                                          _migration_5]
assert len(MIGRATIONS) == SCHEMA_VERSION


#: Words after which `by` is SQL syntax, not the `by` column of verdicts and overrides.
_BY_KEYWORDS = {"ORDER", "GROUP", "PARTITION"}


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """SQLite-flavoured SQL (as written in base.py and by the other modules) → PostgreSQL.

    `?` placeholders become `%s` and literal `%` becomes `%%`; SQLite's case-insensitive
    `LIKE` becomes `ILIKE`; the type `BLOB` becomes `bytea`; a bare column named `by`
    (reserved in PostgreSQL) is quoted.  Quoted strings, quoted identifiers and
    comments are left alone.  `INSERT OR REPLACE/IGNORE` is handled by `execute`.
    """
    out: list[str] = []
    i, n = 0, len(sql)
    previous_word = ""
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:  # doubled quote inside
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1].replace("%", "%%"))
            i = j + 1
            previous_word = ""
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and _word(sql[j]):
                j += 1
            word = sql[i:j]
            upper = word.upper()
            qualified = i > 0 and sql[i - 1] == "."  # e.g. v.by
            if upper == "LIKE" and not qualified:
                out.append("ILIKE")
            elif upper == "BLOB" and not qualified:
                out.append("bytea")
            elif upper == "BY" and (qualified or previous_word not in _BY_KEYWORDS):
                out.append('"by"')
            else:
                out.append(word)
            previous_word = upper
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _JsonAsText(Loader):
    """Return jsonb values as their JSON text, as SQLite returns its JSON columns."""

    def load(self, data: Any) -> str:
        return bytes(data).decode("utf-8")


class _NumericAsNumber(Loader):
    """`numeric` (what SUM over integers and ROUND give) as int or float, as SQLite
    returns them, instead of Decimal, which JSON encoders and templates refuse."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode("ascii")
        if text.lstrip("-").isdigit():
            return int(text)
        return float(text)


class PostgresLedger(Ledger):
    """A ledger in a PostgreSQL database named by a postgresql:// URL."""

    placeholder = "%s"
    #: Most matches ranked per search.  A query whose words are in more rows than this
    #: (a very common word over a large ledger) is ranked among the first matches found
    #: instead of all of them: relevance over hundreds of thousands of rows that all
    #: contain "said" means little, and ranking them all takes seconds, not milliseconds.
    rank_candidates = 10_000

    def __init__(self, url: str, readonly: bool = False, connect_timeout: int = 10):
        self.url = url
        self.readonly = readonly
        self.connect_timeout = connect_timeout
        self._local = threading.local()
        self._all: list[psycopg.Connection] = []
        self._lock = threading.Lock()
        if not readonly:
            self.migrate()

    # -- connections ----------------------------------------------------------------

    @property
    def conn(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row,
                                   connect_timeout=self.connect_timeout)
            conn.adapters.register_loader("jsonb", _JsonAsText)
            conn.adapters.register_loader("json", _JsonAsText)
            conn.adapters.register_loader("numeric", _NumericAsNumber)
            if self.readonly:
                conn.execute("SET default_transaction_read_only = on")
            self._local.conn = conn
            self._local.depth = 0
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            if not conn.closed:
                conn.close()
        self._local = threading.local()

    def schema_version(self) -> int:
        rows = self.execute(
            "SELECT to_regclass('redline_migrations') IS NOT NULL AS present")
        if not rows[0]["present"]:
            return 0
        return int(self.execute("SELECT COALESCE(MAX(version), 0) AS v FROM redline_migrations")[0]["v"])

    def migrate(self) -> None:
        conn = self.conn
        with self.transaction():
            # Serialise concurrent first opens: the second waits, then finds nothing to do.
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS redline_migrations ("
                         "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"this database was written by a newer redline (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); upgrade redline to open it"
                )
            for i in range(version, SCHEMA_VERSION):
                MIGRATIONS[i](conn)
                conn.execute("INSERT INTO redline_migrations (version) VALUES (%s)", (i + 1,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self.conn
        if self._local.depth:
            # Nested: part of the enclosing transaction, as in the SQLite ledger.
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        try:
            with conn.transaction():
                yield
        finally:
            self._local.depth = 0

    # -- low-level ------------------------------------------------------------------

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        params = tuple(self._encode(p) for p in params)
        cur = self.conn.execute(self._statement(sql), params)  # type: ignore[arg-type]
        if cur.description is None:
            return []
        return cur.fetchall()  # type: ignore[return-value]

    def _statement(self, sql: str) -> str:
        """`translate`, plus SQLite's `INSERT OR REPLACE/IGNORE` as `ON CONFLICT` clauses
        (which need the table's primary key, looked up once per table)."""
        m = _INSERT_OR.match(sql)
        if not m:
            return translate(sql)
        action, table, cols = m.group(1).upper(), m.group(2), [c.strip().strip('"') for c in m.group(3).split(",")]
        rest = sql[m.end():].rstrip().rstrip(";")
        head = f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)})"
        if action == "IGNORE":
            return translate(head + rest) + " ON CONFLICT DO NOTHING"
        keys = self._primary_key(table)
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c not in keys)
        return translate(head + rest) + f" ON CONFLICT ({', '.join(_q(k) for k in keys)}) DO " + (
            f"UPDATE SET {updates}" if updates else "NOTHING")

    def _primary_key(self, table: str) -> list[str]:
        cache = self.__dict__.setdefault("_pk_cache", {})
        if table not in cache:
            rows = self.conn.execute(
                "SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)", (table,)).fetchall()
            if not rows:
                raise ValueError(f"INSERT OR REPLACE INTO {table}: the table has no primary key")
            cache[table] = [r["name"] for r in rows]
        return cache[table]

    @staticmethod
    def _encode(value: Any) -> Any:
        if isinstance(value, (list, dict)):
            return Jsonb(value)
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
        if not by_type:
            return 0
        with self.transaction():
            for record_type, items in by_type.items():
                cols = [name for name, _ in sql_columns(record_type)]
                primary = [name for name, c in sql_columns(record_type) if c.primary]
                updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c not in primary)
                sql = (
                    f"INSERT INTO {record_type.table} ({', '.join(_q(c) for c in cols)}) "
                    f"VALUES ({', '.join('%s' for _ in cols)}) "
                    f"ON CONFLICT ({', '.join(_q(p) for p in primary)}) DO "
                    + (f"UPDATE SET {updates}" if updates else "NOTHING")
                )
                rows = [tuple(self._encode(row[c]) for c in cols) for row in map(to_row, items)]
                with self.conn.cursor() as cur:
                    cur.executemany(sql, rows)
                n += len(rows)
        return n

    # -- search -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, kinds: tuple[str, ...] = ("documents", "claims")) -> list[SearchHit]:
        # The same sanitising as SQLite: every word and phrase quoted, all of them ANDed;
        # websearch_to_tsquery reads that syntax without ever raising on user input.
        q = fts5_query(query)
        if not q:
            return []
        opts = "StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, " \
               "FragmentDelimiter=\" … \""
        hits: list[SearchHit] = []
        if "claims" in kinds:
            # Rank only the best `limit` matches, then build snippets for those alone.
            rows = self.execute(
                "SELECT c.id, c.document_id, ts_headline(?, c.text, m.q, ?) AS snip, m.rank FROM ("
                " SELECT f.id, -ts_rank_cd(f.tsv, q.q) AS rank, q.q FROM websearch_to_tsquery(?, ?) AS q(q),"
                " LATERAL (SELECT id, tsv FROM claims_fts WHERE tsv @@ q.q LIMIT ?) f"
                " ORDER BY rank, f.id LIMIT ?"
                ") m JOIN claims c ON c.id = m.id ORDER BY m.rank, m.id",
                (TS_CONFIG, opts, TS_CONFIG, q, self.rank_candidates, limit),
            )
            hits += [SearchHit("claim", r["id"], r["document_id"], r["snip"], r["rank"]) for r in rows]
        if "documents" in kinds:
            rows = self.execute(
                "SELECT d.id, d.id AS document_id, ts_headline(?, d.text, m.q, ?) AS snip, m.rank FROM ("
                " SELECT f.id, -ts_rank_cd('{0.1, 0.1, 0.2, 1.0}', f.tsv, q.q) AS rank, q.q"
                " FROM websearch_to_tsquery(?, ?) AS q(q),"
                " LATERAL (SELECT id, tsv FROM documents_fts WHERE tsv @@ q.q LIMIT ?) f"
                " ORDER BY rank, f.id LIMIT ?"
                ") m JOIN documents d ON d.id = m.id ORDER BY m.rank, m.id",
                (TS_CONFIG, opts, TS_CONFIG, q, self.rank_candidates, limit),
            )
            hits += [SearchHit("document", r["id"], r["document_id"], r["snip"], r["rank"]) for r in rows]
        hits.sort(key=lambda h: h.rank)
        return hits[:limit]


# --------------------------------------------------------------------------- throwaway clusters


def find_pg_bin(name: str = "initdb") -> str | None:
    """The path of a PostgreSQL server binary (PATH first, then Debian's layout)."""
    import glob
    import shutil

    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


class TemporaryCluster:
    """A private PostgreSQL server in a temporary folder, for tests and benchmarks.

    It listens on 127.0.0.1 only, on a free port, and is removed by `stop()`.  The
    server refuses to run as root, so under root it runs as the `postgres` user, or
    as a system user `redline-pg` created for the purpose when there is none.
    With `keep=FOLDER` the cluster lives in that folder and survives `stop()`, so a
    benchmark can reuse a large generated database across runs.
    """

    def __init__(self, fsync: bool = False, base: str | None = None, keep: str | None = None):
        self.fsync = fsync
        self.base = base
        self.keep = keep
        self.dir: str | None = None
        self.port: int | None = None
        self._user: str | None = None

    @staticmethod
    def _free_port() -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def _run_as(self) -> tuple[str | None, dict[str, Any]]:
        import os
        import pwd
        import subprocess

        if os.geteuid() != 0:
            return None, {}
        for name in ("postgres", "redline-pg"):
            try:
                pwd.getpwnam(name)
                return name, {"user": name}
            except KeyError:
                continue
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        "redline-pg"], check=True, capture_output=True)
        return "redline-pg", {"user": "redline-pg"}

    def start(self) -> TemporaryCluster:
        import os
        import shutil
        import subprocess
        import tempfile

        initdb, pg_ctl = find_pg_bin("initdb"), find_pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        if self.keep:
            os.makedirs(self.keep, exist_ok=True)
            self.dir = self.keep
        else:
            self.dir = tempfile.mkdtemp(prefix="redline-pg-", dir=self.base)
        self._user, as_user = self._run_as()
        if self._user:
            pw = __import__("pwd").getpwnam(self._user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        data = os.path.join(self.dir, "data")
        fresh = not os.path.exists(os.path.join(data, "PG_VERSION"))
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        run = functools.partial(subprocess.run, check=True, capture_output=True, text=True, env=env,
                                cwd=self.dir, **as_user)
        try:
            pid_file = os.path.join(data, "postmaster.pid")
            if not fresh and os.path.exists(pid_file):
                # A live server here belongs to another run (a benchmark on a shared machine):
                # never stop it.  A stale pid file from a killed run is PostgreSQL's to clear.
                try:
                    pid = int(open(pid_file).readline().strip() or 0)
                    os.kill(pid, 0)
                    alive = pid > 0
                except (ValueError, ProcessLookupError):
                    alive = False
                except PermissionError:
                    alive = True
                if alive:
                    raise RuntimeError(f"the PostgreSQL cluster in {self.dir} is in use by another process "
                                       f"(pid {pid}); wait for it or use another folder")
            if fresh:
                shutil.rmtree(data, ignore_errors=True)  # a half-made cluster from a killed run
                run([initdb, "-D", data, "-U", "redline", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            self.port = self._free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                    f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=100")
            run([pg_ctl, "-D", data, "-l", os.path.join(self.dir, "log"), "-o", opts, "-w", "-t", "60", "start"])
        except subprocess.CalledProcessError as exc:
            log = os.path.join(self.dir, "log")
            tail = open(log).read()[-2000:] if os.path.exists(log) else ""
            if not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)
            raise RuntimeError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}\n{tail}") from exc
        return self

    def url(self, database: str = "postgres", **options: str) -> str:
        from urllib.parse import quote

        url = f"postgresql://redline@127.0.0.1:{self.port}/{database}"
        if options:
            url += "?" + "&".join(f"{k}={quote(v)}" for k, v in options.items())
        return url

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {_q(name)}")
        return self.url(name)

    def stop(self) -> None:
        import os
        import shutil
        import subprocess

        if not self.dir:
            return
        pg_ctl = find_pg_bin("pg_ctl")
        kw: dict[str, Any] = {"user": self._user} if self._user else {}
        mode = "fast" if self.keep else "immediate"  # a kept cluster shuts down cleanly
        subprocess.run([pg_ctl, "-D", os.path.join(self.dir, "data"), "-m", mode, "-w", "stop"],
                       capture_output=True, cwd=self.dir, **kw)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self) -> TemporaryCluster:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
