"""The PostgreSQL ledger, held to the same behaviour as the SQLite one.

A real PostgreSQL 15 server is started once for the session in a temporary folder
(127.0.0.1, a free port) and stopped at the end; each test gets its own schema.
The ledger tests run against both backends; then the things only a server has to
get right: migrations applied once by concurrent first opens, several `redline`
processes writing and reading at once, and the same pipeline run giving the same
ledger on both backends.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from redline.pipeline import extract, ingest
from redline.schema import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    Attribution,
    Claim,
    DateMention,
    Document,
    Entity,
    FileRecord,
    Finding,
    Mention,
    Quantity,
    SpanRef,
    StageRun,
    page_of,
    sql_columns,
    stable_id,
)
from redline.store import open_ledger
from redline.store.postgres import PostgresLedger, TemporaryCluster, find_pg_bin, translate
from test_pipeline import make_corpus

REDLINE = str(Path(sys.executable).with_name("redline"))
TEXT = ("The ministry said no troops were deployed. A leaked slide lists 47 personnel in the north. "
        "Residents reported 3 killed and 12 wounded.")
_schemas = itertools.count()


@pytest.fixture(scope="session")
def pg():
    if not (find_pg_bin("initdb") and find_pg_bin("pg_ctl")):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed on this machine")
    cluster = TemporaryCluster().start()
    yield cluster
    cluster.stop()


def fresh_pg_url(pg: TemporaryCluster) -> str:
    """A URL whose tables live in a new, empty schema of the test server."""
    name = f"t{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return pg.url(options=f"-csearch_path={name}")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return fresh_pg_url(request.getfixturevalue("pg"))


@pytest.fixture
def ledger(db_url):
    led = open_ledger(db_url)
    yield led
    led.close()


def make_doc(doc_id: str = "d" * 64, text: str = TEXT, **kw) -> Document:
    return Document(id=doc_id, path=f"/corpus/{doc_id[:6]}.txt", text=text, kind="news_report", **kw)


def claim(doc: Document, needle: str) -> Claim:
    start = doc.text.index(needle)
    return Claim(id=stable_id(doc.id, "claim", start), document_id=doc.id, text=needle, start=start,
                 end=start + len(needle), polarity="positive")


def table_columns(ledger, table: str) -> set[str]:
    if isinstance(ledger, PostgresLedger):
        rows = ledger.execute("SELECT column_name AS name FROM information_schema.columns "
                              "WHERE table_name = ? AND table_schema = current_schema()", (table,))
    else:
        rows = ledger.execute(f"PRAGMA table_info({table})")
    return {r["name"] for r in rows}


# --------------------------------------------------------------------------- both backends


def test_tables_are_generated_from_the_record_declarations(ledger):
    for t in RECORD_TYPES:
        assert table_columns(ledger, t.table) == {name for name, _ in sql_columns(t)}, t.table


def test_every_record_type_round_trips(ledger):
    doc = make_doc(title="Slide", boilerplate=[[0, 3]], size=120, ocr_pages=0)
    records = [
        doc,
        FileRecord(path="/corpus/a.txt", sha256=doc.id, document_id=doc.id, status="ok", version=1,
                   size=120, mtime=1_700_000_000_123_456_789),
        Entity(id="e1", name="Ministry of Defence", type="organization", aliases=["MoD", "the ministry"]),
        Mention(id="m1", document_id=doc.id, entity_id="e1", text="ministry", start=4, end=12,
                type="organization"),
        Attribution(id="a1", document_id=doc.id, source=SpanRef("The ministry", 0, 12),
                    cue=SpanRef("said", 13, 17), content=SpanRef("no troops were deployed", 18, 41),
                    kind="indirect", stance="denies"),
        Quantity(id="q1", document_id=doc.id, text="47 personnel", start=64, end=76, value=47.0, low=46.5,
                 high=None, measure="deployed", counted="personnel"),
        DateMention(id="t1", document_id=doc.id, text="north", start=84, end=89, value="2022-11",
                    granularity="month"),
        claim(doc, "A leaked slide lists 47 personnel in the north."),
        Finding(id="f1", relation="numeric_conflict", a_type="quantity", a_id="q1", b_type="claim",
                b_id="c", score=0.25, explanation="47 vs none"),
        StageRun(document_id=doc.id, stage="extract", version="k1", status="ok", seconds=0.125),
    ]
    ledger.upsert(records)
    for r in records:
        back = ledger.select(type(r))
        assert back == [r], type(r).__name__
    # Raw rows read the same on both backends: JSON columns come back as JSON text.
    (row,) = ledger.execute("SELECT aliases FROM entities")
    assert json.loads(row["aliases"]) == ["MoD", "the ministry"]
    assert ledger.get_file("/corpus/a.txt").mtime == 1_700_000_000_123_456_789


def test_upsert_replaces_by_primary_key(ledger):
    doc = make_doc(title="first")
    ledger.upsert([doc])
    ledger.upsert([doc.replace(title="second")])
    assert ledger.count(Document) == 1 and ledger.get_document(doc.id).title == "second"


def test_write_stage_replaces_fragments_and_a_failure_keeps_the_old_ones(ledger):
    doc = make_doc()
    ledger.upsert([doc])
    ledger.write_stage(doc.id, "extract", "v1", {"claims": [claim(doc, "The ministry said no troops were deployed.")]}, 0.1)
    second = claim(doc, "A leaked slide lists 47 personnel in the north.")
    ledger.write_stage(doc.id, "extract", "v2", {"claims": [second]}, 0.1)
    assert ledger.claims_of(doc.id) == [second]
    ledger.write_stage(doc.id, "extract", "v3", {"claims": []}, 0.1, error="parser crashed")
    assert ledger.claims_of(doc.id) == [second]
    assert ledger.stage_versions("extract") == {}
    assert [f["error"] for f in ledger.failures()] == ["parser crashed"]
    assert ledger.stage_summary() == [{"stage": "extract", "status": "failed", "documents": 1, "seconds": 0.1}]


def test_a_failed_transaction_leaves_nothing_behind(ledger):
    doc = make_doc()
    with pytest.raises(RuntimeError):
        with ledger.transaction():
            ledger.upsert([doc])
            ledger.upsert([claim(doc, "Residents reported 3 killed and 12 wounded.")])
            raise RuntimeError("worker died")
    assert ledger.count(Document) == 0 and ledger.count(Claim) == 0


def test_deleting_a_document_cascades_to_its_fragments(ledger):
    doc = make_doc()
    ledger.upsert([doc, claim(doc, "Residents reported 3 killed and 12 wounded.")])
    ledger.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
    assert ledger.count(Claim) == 0 and ledger.search("wounded") == []


def test_search_marks_matches_in_claims_and_documents(ledger):
    doc = make_doc(title="Leaked slide")
    ledger.upsert([doc, claim(doc, "A leaked slide lists 47 personnel in the north.")])
    hits = ledger.search("personnel")
    assert {h.type for h in hits} == {"claim", "document"}
    assert all("\x02personnel\x03" in h.snippet for h in hits)
    assert [h.type for h in ledger.search("personnel", kinds=("claims",))] == ["claim"]
    assert ledger.search('"leaked slide"') and not ledger.search('"slide leaked"')
    assert ledger.search("troops personnel", kinds=("documents",))  # words are ANDed
    assert ledger.search("troops zeppelin") == []


def test_search_ranks_the_better_match_first(ledger):
    a = make_doc("a" * 64, text="The convoy arrived. Nothing else happened that day in the town.")
    b = make_doc("b" * 64, text="The convoy, the convoy and again the convoy: convoy traffic all day.")
    c = make_doc("c" * 64, text="Nothing about it here.", title="Convoy")
    ledger.upsert([a, b, c])
    ids = [h.id for h in ledger.search("convoy", kinds=("documents",))]
    assert ids[0] == c.id and set(ids) == {a.id, b.id, c.id}  # the title counts most
    assert ids.index(b.id) < ids.index(a.id)


@pytest.mark.parametrize("query", ['"', "AND", "a OR b", "NOT x", "-troops", "troops*", "'; DROP TABLE claims; --",
                                   "name:ministry", "(troops", "100%", "?", "\x00", "  ", "über-Straße",
                                   'ministry "no troops', "ministry & | ! <-> troops"])
def test_any_user_query_is_safe(ledger, query):
    doc = make_doc()
    ledger.upsert([doc, claim(doc, "The ministry said no troops were deployed.")])
    ledger.search(query)  # must not raise
    assert ledger.count(Claim) == 1


def test_search_index_follows_updates_and_deletes(ledger):
    doc = make_doc()
    ledger.upsert([doc])
    first = claim(doc, "The ministry said no troops were deployed.")
    ledger.write_stage(doc.id, "extract", "v1", {"claims": [first]}, 0)
    assert ledger.search("ministry", kinds=("claims",))
    ledger.upsert([first.replace(text="A leaked slide lists 47 personnel in the north.")])
    assert not ledger.search("ministry", kinds=("claims",))
    assert ledger.search("personnel", kinds=("claims",))
    ledger.write_stage(doc.id, "extract", "v2", {"claims": []}, 0)
    assert ledger.search("personnel", kinds=("claims",)) == []


def test_views_work_and_verdicts_survive_new_findings(ledger):
    doc = make_doc(title="Leaked slide", outlet="Gazette")
    q = Quantity(id="q1", document_id=doc.id, text="47 personnel", start=64, end=76, value=47.0)
    c = claim(doc, "The ministry said no troops were deployed.")
    a = Attribution(id="a1", document_id=doc.id, source=SpanRef("The ministry", 0, 12), cue=SpanRef("said", 13, 17))
    ledger.upsert([doc, q, c, a, FileRecord(path="/bad.pdf", status="failed", error="encrypted")])
    f = Finding(id="f1", relation="numeric_conflict", a_type="claim", a_id=c.id, b_type="quantity",
                b_id="q1", score=0.9, explanation="none vs 47")
    ledger.replace_findings([f])
    ledger.set_verdict("f1", "confirmed", note="checked", by="ana")
    ledger.replace_findings([f.replace(score=0.8)])
    (row,) = ledger.execute("SELECT * FROM findings_with_evidence")
    assert (row["a_text"], row["b_text"], row["verdict"], row["a_outlet"]) == (c.text, "47 personnel", "confirmed",
                                                                               "Gazette")
    assert (row["a_page"], row["b_page"]) == (None, None)  # a document without pages
    ledger.upsert([doc.replace(page_starts=[0, 50])])
    (row,) = ledger.execute("SELECT a_page, b_page FROM findings_with_evidence")
    assert (row["a_page"], row["b_page"]) == (page_of(doc.replace(page_starts=[0, 50]), c.start), 2)
    assert ledger.execute("SELECT document, value FROM quantities_by_source") == [{"document": "Leaked slide",
                                                                                  "value": 47.0}]
    assert ledger.execute("SELECT source, cue FROM attributions_by_source") == [{"source": "The ministry", "cue": "said"}]
    assert [r["path"] for r in ledger.failures()] == ["/bad.pdf"]
    # `LIKE` is case-insensitive on both, as the CLI's id-prefix lookup expects.
    assert ledger.execute("SELECT id FROM findings WHERE id LIKE ?", ("F%",)) == [{"id": "f1"}]


def test_sqlite_flavoured_statements_of_other_modules_run_on_both(ledger):
    """A cache table made with execute(): BLOB, INSERT OR REPLACE/IGNORE, a `by` column."""
    ledger.execute("CREATE TABLE IF NOT EXISTS cache_t (k TEXT PRIMARY KEY, model TEXT NOT NULL, v BLOB NOT NULL)")
    with ledger.transaction():
        ledger.execute("INSERT OR REPLACE INTO cache_t (k, model, v) VALUES (?, ?, ?)", ("a", "m1", b"\x00\x01"))
        ledger.execute("INSERT OR REPLACE INTO cache_t (k, model, v) VALUES (?, ?, ?)", ("a", "m2", b"\x02"))
        ledger.execute("INSERT OR IGNORE INTO cache_t (k, model, v) VALUES (?, ?, ?)", ("a", "m3", b"\x03"))
    (row,) = ledger.execute("SELECT k, model, v FROM cache_t WHERE k IN (?)", ("a",))
    assert (row["model"], bytes(row["v"])) == ("m2", b"\x02")
    ledger.set_verdict("f9", "rejected", by="ana")
    rows = ledger.execute("SELECT finding_id, verdict, note, by, at FROM verdicts ORDER BY finding_id")
    assert [(r["finding_id"], r["by"]) for r in rows] == [("f9", "ana")]
    assert ledger.execute("SELECT v.by FROM verdicts v GROUP BY v.by ORDER BY v.by") == [{"by": "ana"}]


def test_aggregates_come_back_as_plain_numbers(ledger):
    ledger.upsert([FileRecord(path=f"/f{i}", status="ok", size=10 * i) for i in range(1, 4)])
    (row,) = ledger.execute("SELECT SUM(size) AS total, AVG(size) AS mean, COUNT(*) AS n, "
                            "ROUND(AVG(size) / 7.0, 2) AS r FROM files")
    assert row == {"total": 60, "mean": 20.0, "n": 3, "r": 2.86}
    assert type(row["total"]) is int and json.dumps(row)


def test_the_same_pipeline_run_gives_the_same_ledger_on_both_backends(tmp_path, pg):
    """Ingest + extract of one corpus into SQLite and into PostgreSQL: equal rows."""
    make_corpus(tmp_path / "c", 12)
    dumps = []
    for url in (str(tmp_path / "l.db"), fresh_pg_url(pg)):
        led = open_ledger(url)
        ingest(led, [tmp_path / "c"])
        extract(led, batch_size=5)
        dumps.append(ledger_dump(led))
        led.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["documents"]) == 12


def test_analysis_export_and_desk_give_the_same_on_both_backends(tmp_path, pg):
    """The whole flow (ingest, analyze with linking, verdict, JSON export) on SQLite and
    on PostgreSQL: the exports are equal; the web desk's pages work on PostgreSQL."""
    from fastapi.testclient import TestClient

    from redline.pipeline import analyze
    from redline.present.export import export_json
    from redline.present.web import create_app

    make_corpus(tmp_path / "c", 10, seed=4)
    exports = []
    for i, url in enumerate((str(tmp_path / "l.db"), fresh_pg_url(pg))):
        led = open_ledger(url)
        ingest(led, [tmp_path / "c"])
        analyze(led)
        top = led.findings(limit=1)
        assert top, "the corpus should give findings"
        led.set_verdict(top[0].id, "confirmed", note="checked", by="ana")
        export_json(led, tmp_path / f"e{i}.json")
        data = json.loads((tmp_path / f"e{i}.json").read_text())
        for f in data["findings"]:
            if f.get("verdict"):
                f["verdict"].pop("at")
        exports.append(data)
        led.close()
    assert exports[0] == exports[1]
    assert exports[0]["claims"] and exports[0]["findings"]

    client = TestClient(create_app(url))
    for page in ("/", "/findings", f"/findings/{top[0].id}", "/documents", "/entities", "/figures", "/timeline",
                 "/search?q=soldiers+killed"):
        r = client.get(page, headers={"host": "127.0.0.1"})
        assert r.status_code == 200, (page, r.text[:500])


VOLATILE = {"seconds", "finished_at", "ingested_at", "seen_at", "at"}


def ledger_dump(led) -> dict[str, list[tuple]]:
    """Every row of every table, without timings, in a canonical order."""
    out = {}
    for t in RECORD_TYPES:
        rows = []
        for r in led.select(t):
            row = {k: v for k, v in vars(r).items() if k not in VOLATILE}
            rows.append(json.dumps(row, sort_keys=True, default=str))
        out[t.table] = sorted(rows)
    return out


# --------------------------------------------------------------------------- PostgreSQL only


def test_placeholders_are_translated_outside_quotes():
    assert translate("SELECT * FROM t WHERE a = ? AND b LIKE '%?%' AND \"c?\" = ?") == \
        "SELECT * FROM t WHERE a = %s AND b ILIKE '%%?%%' AND \"c?\" = %s"
    assert translate("SELECT 'it''s ?' -- a ? comment\n, ?") == "SELECT 'it''s ?' -- a ? comment\n, %s"
    assert translate("SELECT unlike, likely FROM t") == "SELECT unlike, likely FROM t"
    assert translate("SELECT by, v.by FROM t ORDER BY by") == 'SELECT "by", v."by" FROM t ORDER BY "by"'
    assert translate("CREATE TABLE x (v BLOB, blobby TEXT)") == "CREATE TABLE x (v bytea, blobby TEXT)"


def test_migrations_are_recorded_and_applied_once_by_concurrent_opens(pg):
    url = fresh_pg_url(pg)
    errors: list[BaseException] = []

    def open_close():
        try:
            PostgresLedger(url).close()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    led = PostgresLedger(url)
    assert led.execute("SELECT version FROM redline_migrations ORDER BY version") == [
        {"version": v} for v in range(1, SCHEMA_VERSION + 1)]
    led.execute("INSERT INTO redline_migrations (version) VALUES (99)")
    led.close()
    with pytest.raises(RuntimeError, match="newer redline"):
        PostgresLedger(url)


def test_a_version_2_database_gains_the_question_columns_in_place_and_keeps_its_data(pg):
    url = fresh_pg_url(pg)
    led = PostgresLedger(url)
    doc = make_doc(text="Q: How many drones reached the depot?\nCOL. MARSH: Eleven drones reached it.")
    answer = doc.text.index("Eleven")
    led.upsert([doc, Attribution(id="a-marsh", document_id=doc.id, source=SpanRef("COL. MARSH", answer - 12, answer - 2),
                                 content=SpanRef(doc.text[answer:], answer, len(doc.text)), kind="direct")])
    led.set_verdict("f1", "confirmed", note="checked with the depot")
    # Back to what version 2 had: no question columns, the view without them, two migrations.
    led.execute("DROP VIEW attributions_by_source")
    led.execute("DROP VIEW findings_with_evidence")
    for column in ("question_text", "question_start", "question_end", "question_id"):
        led.execute(f"ALTER TABLE attributions DROP COLUMN {column}")
    led.execute("DELETE FROM redline_migrations WHERE version > 2")
    led.close()

    led = PostgresLedger(url)
    assert led.execute("SELECT version FROM redline_migrations ORDER BY version") == [
        {"version": v} for v in range(1, SCHEMA_VERSION + 1)]
    assert table_columns(led, "attributions") == {name for name, _ in sql_columns(Attribution)}
    (kept,) = led.select(Attribution)
    assert kept.source.text == "COL. MARSH" and kept.question is None
    assert led.verdicts()["f1"].note == "checked with the depot"
    q = doc.text.index("How")
    led.upsert([kept.replace(question=SpanRef(doc.text[q:q + 34], q, q + 34), question_id="a-q")])
    assert led.execute("SELECT in_answer_to FROM attributions_by_source") == [
        {"in_answer_to": "How many drones reached the depot?"}]
    led.close()


def test_a_version_3_database_gains_page_starts_in_place_and_the_next_ingest_fills_them(pg, tmp_path):
    from test_ingest_pdf_image import text_pdf

    url = fresh_pg_url(pg)
    (tmp_path / "leak.pdf").write_bytes(text_pdf([["Page one: the assessment."], ["Page two: 41,200 killed."]]))
    (tmp_path / "note.txt").write_text("A note: 12 villages were evacuated.\n")
    led = PostgresLedger(url)
    ingest(led, [tmp_path])
    extract(led)
    claims = led.execute("SELECT id, start, \"end\" FROM claims ORDER BY id")
    runs = led.execute("SELECT document_id, version, finished_at FROM stage_runs ORDER BY document_id")
    led.set_verdict("f1", "confirmed", note="page two checked")
    # Back to what version 3 had: no page_starts (and a view that read none), three migrations.
    led.execute("DROP VIEW findings_with_evidence")
    led.execute("ALTER TABLE documents DROP COLUMN page_starts")
    led.execute("DELETE FROM redline_migrations WHERE version > 3")
    led.close()

    led = PostgresLedger(url)
    assert led.execute("SELECT version FROM redline_migrations ORDER BY version") == [
        {"version": v} for v in range(1, SCHEMA_VERSION + 1)]
    assert table_columns(led, "documents") == {name for name, _ in sql_columns(Document)}
    assert all(d.page_starts is None for d in led.documents())
    assert {"a_page", "b_page"} <= {r["column_name"] for r in led.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'findings_with_evidence'")}
    assert {f.path.rsplit("/", 1)[-1]: f.mtime for f in led.select(FileRecord)}["leak.pdf"] is None
    assert led.verdicts()["f1"].note == "page two checked"
    summary = ingest(led, [tmp_path])
    assert [p.rsplit("/", 1)[-1] for p in summary.paged] == ["leak.pdf"] and summary.updated == []
    pages = {d.path.rsplit("/", 1)[-1]: d.page_starts for d in led.documents()}
    assert pages["note.txt"] is None and len(pages["leak.pdf"]) == 2
    leak = next(d for d in led.documents() if d.path.endswith("leak.pdf"))
    assert leak.text[pages["leak.pdf"][1]:].startswith("Page two")
    assert led.execute("SELECT id, start, \"end\" FROM claims ORDER BY id") == claims  # the analysis stands
    assert led.execute("SELECT document_id, version, finished_at FROM stage_runs ORDER BY document_id") == runs
    assert ingest(led, [tmp_path]).paged == []
    led.close()


def test_a_very_common_word_is_ranked_among_a_bounded_set_of_matches(pg):
    led = PostgresLedger(fresh_pg_url(pg))
    doc = make_doc(text=" ".join(f"Claim {i} says troops." for i in range(30)))
    claims = []
    for i in range(30):
        needle = f"Claim {i} says troops."
        start = doc.text.index(needle)
        claims.append(Claim(id=f"c{i:02d}", document_id=doc.id, text=needle, start=start, end=start + len(needle)))
    led.upsert([doc, *claims])
    assert len(led.search("troops", kinds=("claims",), limit=50)) == 30
    led.rank_candidates = 5
    hits = led.search("troops", kinds=("claims",), limit=50)
    assert len(hits) == 5 and all("\x02troops\x03" in h.snippet for h in hits)
    assert len(led.search("troops", kinds=("claims",), limit=3)) == 3
    led.close()


def test_full_text_lives_in_a_gin_indexed_side_table(pg):
    led = PostgresLedger(fresh_pg_url(pg))
    idx = led.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'claims_fts' AND indexdef LIKE '%gin%'")
    assert idx, "claims_fts has no GIN index"
    types = {r["column_name"]: r["data_type"] for r in led.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name IN ('quantities', 'entities', 'files')")}
    assert (types["value"], types["aliases"], types["mtime"]) == ("double precision", "jsonb", "bigint")
    led.close()


def test_cli_on_postgres_ingest_status_search(tmp_path, pg):
    make_corpus(tmp_path / "c", 6)
    url = fresh_pg_url(pg)
    env = {**os.environ, "REDLINE_DB": url}
    r = subprocess.run([REDLINE, "ingest", str(tmp_path / "c")], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ingested 6 new" in r.stdout
    r = subprocess.run([REDLINE, "search", "Report"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "report-0000" in r.stdout.replace("\n", ""), r.stdout + r.stderr
    r = subprocess.run([REDLINE, "status"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "no failures" in r.stdout, r.stdout + r.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_several_redline_processes_at_once_do_not_corrupt_the_ledger(tmp_path, db_url):
    """Two `redline ingest` writers on different folders, a `redline serve` desk answering
    page requests, and a reader searching and counting, all at once: every file lands
    once, every page answers, nothing errors."""
    make_corpus(tmp_path / "a", 150, seed=1)
    make_corpus(tmp_path / "b", 150, seed=2)
    # Overlap: the same file contents under both folders (a document stored once).
    for i in range(10):
        (tmp_path / "b" / f"copy-{i}.txt").write_bytes((tmp_path / "a" / "sub0" / f"report-{i * 10:06d}.txt").read_bytes())
    open_ledger(db_url).close()  # created up front, as a team's database would be
    env = {**os.environ, "REDLINE_DB": db_url}
    port = _free_port()
    desk = subprocess.Popen([REDLINE, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(base + "/") == 200:
                    break
            except OSError:
                pass
            assert desk.poll() is None and time.monotonic() < deadline, "the desk did not start: " + (
                desk.stderr.read() if desk.poll() is not None else "timeout")
            time.sleep(0.2)
        writers = [subprocess.Popen([REDLINE, "ingest", str(tmp_path / d), "--workers", "1"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in ("a", "b")]
        reader = open_ledger(db_url)
        reads = 0
        while any(w.poll() is None for w in writers):
            reader.search("soldiers killed")
            reader.count(Document)
            reader.execute("SELECT COUNT(*) AS n FROM findings_with_evidence")
            for page in ("/", "/documents", "/search?q=soldiers+killed"):
                assert _get(base + page) == 200, page
            reads += 1
        for w in writers:
            out, errs = w.communicate()
            assert w.returncode == 0, errs
        assert reads >= 1  # at least one full round of reads overlapped the writers
        assert reader.count(FileRecord) == 310 and reader.count(FileRecord, "status = 'ok'") == 310
        assert reader.count(Document) == 300
        assert len(reader.search("Report", kinds=("documents",), limit=1000)) == 300
        assert _get(base + "/documents") == 200
        if not isinstance(reader, PostgresLedger):
            assert reader.execute("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        reader.close()
    finally:
        desk.terminate()
        desk.wait(timeout=30)
        desk.stderr.close()
