"""Kill -9 a real `redline` run part-way, start it again: it finishes the work
without redoing what was done and without losing or duplicating anything.

The corpus is many small generated files so that the kill lands mid-run; the test
watches the SQLite ledger from outside (as a second reader) and kills the process
once part of the work is committed.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.pipeline import extract_documents, extraction_key
from redline.schema import FRAGMENT_TYPES
from redline.store import open_ledger
from test_pipeline import make_corpus
from test_postgres import fresh_pg_url, pg  # noqa: F401 - pg is a fixture used by name

REDLINE = str(Path(sys.executable).with_name("redline"))


def _count(db: Path | str, sql: str, polling: bool = False) -> int:
    """A count from outside the process under test; while `polling`, a ledger that is
    not there yet (or still being created) counts as empty."""
    if isinstance(db, str):  # a postgresql:// URL
        import psycopg

        try:
            with psycopg.connect(db, connect_timeout=5) as conn:
                return conn.execute(sql).fetchone()[0]
        except psycopg.errors.UndefinedTable:
            if polling:
                return 0
            raise
    if not db.exists() and polling:
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        if polling:
            return 0
        raise


def run_and_kill(args: list[str], db: Path | str, sql: str, at_least: int, total: int, timeout: float = 120) -> int:
    """Start `redline ARGS`, kill -9 it once `sql` counts at least `at_least` rows;
    returns the count seen right after the kill (which must be short of `total`)."""
    proc = subprocess.Popen([REDLINE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while _count(db, sql, polling=True) < at_least:
            if proc.poll() is not None:
                pytest.fail(f"redline ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("redline made no progress")
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGKILL)  # the process and any pool workers it started
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    done = _count(db, sql)
    assert at_least <= done < total, "the kill did not land mid-run"
    return done


def finish(args: list[str]) -> str:
    r = subprocess.run([REDLINE, *args], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout.replace("\n", " ")


def check_integrity(db: Path | str) -> None:
    if isinstance(db, str):  # PostgreSQL: constraints are always enforced; check the pairing
        assert _count(db, "SELECT COUNT(*) FROM files f LEFT JOIN documents d ON d.id = f.document_id "
                          "WHERE d.id IS NULL") == 0
        return
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def rows(db: Path | str, sql: str) -> dict:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as conn:
            return {r[0]: tuple(r[1:]) for r in conn.execute(sql)}
    conn = sqlite3.connect(db)
    out = {r[0]: r[1:] for r in conn.execute(sql)}
    conn.close()
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ingest_killed_mid_run_resumes_without_redoing_or_losing_files(tmp_path, backend, request):
    n = 2500
    make_corpus(tmp_path / "c", n)
    if backend == "sqlite":
        db: Path | str = tmp_path / "l.db"
    else:
        db = fresh_pg_url(request.getfixturevalue("pg"))
        open_ledger(db).close()  # a team database exists before the first run
    args = ["ingest", str(tmp_path / "c"), "--db", str(db), "--workers", "1"]
    done = run_and_kill(args, db, "SELECT COUNT(*) FROM files", n // 5, n)
    check_integrity(db)
    before = rows(db, "SELECT path, seen_at, sha256, version FROM files")
    failed = rows(db, "SELECT path, error FROM files WHERE status != 'ok' LIMIT 3")
    assert not failed, f"files failed to read: {failed}"
    # Every stored file has its document: one transaction per file.
    assert _count(db, "SELECT COUNT(*) FROM files f JOIN documents d ON d.id = f.document_id") == done

    out = finish(args)
    assert f"ingested {n - done} new, {done} unchanged, 0 failed" in out
    after = rows(db, "SELECT path, seen_at, sha256, version FROM files")
    assert len(after) == n and _count(db, "SELECT COUNT(*) FROM documents") == n
    assert {p: after[p] for p in before} == before  # finished files were not read again
    assert {v[2] for v in after.values()} == {1}
    check_integrity(db)


def test_analyze_killed_mid_extraction_resumes_each_document_exactly_once(tmp_path):
    n = 250
    make_corpus(tmp_path / "c", n, seed=11)
    db = tmp_path / "l.db"
    finish(["ingest", str(tmp_path / "c"), "--db", str(db)])
    args = ["analyze", "--db", str(db), "--workers", "1"]
    ok_sql = "SELECT COUNT(*) FROM stage_runs WHERE stage = 'extract' AND status = 'ok'"
    done = run_and_kill(args, db, ok_sql, 30, n)
    check_integrity(db)
    before = rows(db, "SELECT document_id, finished_at, version FROM stage_runs WHERE stage = 'extract'")
    assert len(before) == done

    keys = {v[1] for v in before.values()}
    assert keys == {extraction_key({"force": False})}, \
        "the extractors' versions changed while this test ran (someone edited them): run it again"
    out = finish(args)
    m = re.search(r"analysed (\d+) documents \((\d+) unchanged\)", out)
    assert m, out
    assert (int(m.group(1)), int(m.group(2))) == (n - done, done)  # nothing redone, nothing skipped

    after = rows(db, "SELECT document_id, finished_at, version FROM stage_runs WHERE stage = 'extract' "
                     "AND status = 'ok'")
    assert len(after) == n == _count(db, "SELECT COUNT(*) FROM documents")
    assert {d: after[d] for d in before} == before
    assert _count(db, "SELECT COUNT(*) FROM (SELECT document_id, stage, COUNT(*) AS k FROM stage_runs "
                      "GROUP BY 1, 2 HAVING k > 1)") == 0
    check_integrity(db)

    # No fragment twice, none lost: the ledger holds exactly what a clean extraction of
    # the documents finished just before and just after the kill produces.
    ledger = open_ledger(str(db))
    order = sorted(after, key=lambda d: after[d][0])
    around = [d for d in order if d in before][-10:] + [d for d in order if d not in before][:10]
    docs = [ledger.get_document(d) for d in around]
    assert {v[1] for v in after.values()} == {extraction_key({"force": False})}
    expected = {t: set() for t in FRAGMENT_TYPES}
    for _, results in extract_documents(docs, {}):
        for r in results:
            for table, recs in r.fragments.items():
                expected[table] |= {r_.id for r_ in recs}
    marks = ",".join("?" for _ in around)
    for table in FRAGMENT_TYPES:
        got = ledger.execute(f"SELECT id FROM {table} WHERE document_id IN ({marks})", around)
        assert sorted(r["id"] for r in got) == sorted(expected[table]), table
    # A claim is one span of one document: never stored twice under two ids.
    assert ledger.execute('SELECT COUNT(*) AS n FROM (SELECT document_id, start, "end" FROM claims '
                          'GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) x')[0]["n"] == 0
    ledger.close()
