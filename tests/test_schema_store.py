"""The ledger's declaration and the SQLite store: tables derive from the record types,
fragments are replaced atomically per document, verdicts outlive re-runs, and search
takes whatever a user types."""

from __future__ import annotations

import sqlite3

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.schema import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    Attribution,
    Claim,
    Document,
    FileRecord,
    Finding,
    SpanRef,
    from_row,
    json_schema,
    page_of,
    sql_columns,
    stable_id,
    to_row,
)
from redline.store import open_ledger
from redline.store.sqlite import fts5_query

TEXT = "The ministry said no troops were deployed. A leaked slide lists 47 personnel in the north."


def make_doc(doc_id: str = "d" * 64, text: str = TEXT, **kw) -> Document:
    return Document(id=doc_id, path=f"/corpus/{doc_id[:4]}.txt", text=text, kind=kw.pop("kind", "news_report"), **kw)


def claim(doc: Document, needle: str) -> Claim:
    start = doc.text.index(needle)
    end = start + len(needle)
    return Claim(id=stable_id(doc.id, "claim", start, end), document_id=doc.id, text=needle, start=start,
                 end=end, polarity="positive")


@pytest.fixture
def ledger(tmp_path):
    led = open_ledger(str(tmp_path / "ledger.db"))
    yield led
    led.close()


def test_every_record_type_has_a_table_with_its_columns(ledger):
    for t in RECORD_TYPES:
        cols = {r["name"] for r in ledger.execute(f"PRAGMA table_info({t.table})")}
        assert cols == {name for name, _ in sql_columns(t)}, t.table


def test_schema_version_is_recorded_and_reopening_does_not_migrate_again(tmp_path):
    path = tmp_path / "l.db"
    open_ledger(str(path)).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    led = open_ledger(str(path))
    led.upsert([make_doc()])
    assert led.count(Document) == 1


def test_a_ledger_from_a_newer_redline_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(RuntimeError, match="newer redline"):
        open_ledger(str(path))


def test_span_fields_round_trip_through_flat_columns(ledger):
    doc = make_doc()
    ledger.upsert([doc])
    a = Attribution(id="a1", document_id=doc.id, source=SpanRef("The ministry", 0, 12),
                    cue=SpanRef("said", 13, 17), content=SpanRef("no troops were deployed", 18, 41),
                    kind="indirect", stance="denies")
    ledger.upsert([a])
    (back,) = ledger.select(Attribution)
    assert back == a
    row = to_row(a)
    assert row["cue_start"] == 13 and from_row(Attribution, row) == a
    assert back.to_json()["source"] == {"text": "The ministry", "start": 0, "end": 12, "entity_id": None}


def test_write_stage_replaces_a_documents_fragments_and_a_failure_keeps_the_old_ones(ledger):
    doc = make_doc()
    ledger.upsert([doc])
    first = [claim(doc, "The ministry said no troops were deployed.")]
    ledger.write_stage(doc.id, "extract", "v1", {"claims": first}, 0.1)
    second = [claim(doc, "A leaked slide lists 47 personnel in the north.")]
    ledger.write_stage(doc.id, "extract", "v2", {"claims": second}, 0.1)
    assert [c.text for c in ledger.claims_of(doc.id)] == [second[0].text]
    ledger.write_stage(doc.id, "extract", "v3", {"claims": []}, 0.1, error="parser crashed")
    assert [c.text for c in ledger.claims_of(doc.id)] == [second[0].text]
    assert ledger.failures()[0]["error"] == "parser crashed"
    assert ledger.stage_versions("extract") == {}


def test_verdicts_survive_a_new_set_of_findings(ledger):
    f = Finding(id="f1", relation="contradicts", a_type="claim", a_id="x", b_type="claim", b_id="y",
                score=0.9, explanation="A denies what B reports")
    ledger.replace_findings([f])
    ledger.set_verdict("f1", "confirmed", note="checked the slide", by="ana")
    ledger.replace_findings([f.replace(score=0.8)])
    v = ledger.verdicts()["f1"]
    assert (v.verdict, v.note, v.by) == ("confirmed", "checked the slide", "ana")
    rows = ledger.execute("SELECT verdict, a_text FROM findings_with_evidence")
    assert rows[0]["verdict"] == "confirmed"


def test_search_finds_claims_and_documents_with_marked_snippets(ledger):
    doc = make_doc(title="Leaked slide")
    ledger.upsert([doc, claim(doc, "A leaked slide lists 47 personnel in the north.")])
    hits = ledger.search("personnel")
    assert {h.type for h in hits} == {"claim", "document"}
    assert all("\x02personnel\x03" in h.snippet for h in hits)
    assert ledger.search('"leaked slide"')
    assert ledger.search("nothing-like-this") == []


def test_search_index_follows_deletes(ledger):
    doc = make_doc()
    ledger.upsert([doc])
    ledger.write_stage(doc.id, "extract", "v1", {"claims": [claim(doc, "The ministry said no troops were deployed.")]}, 0)
    assert ledger.search("ministry", kinds=("claims",))
    ledger.write_stage(doc.id, "extract", "v2", {"claims": []}, 0)
    assert ledger.search("ministry", kinds=("claims",)) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_user_query_is_a_valid_fts5_query(query):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("INSERT INTO t VALUES ('some text about troops')")
    q = fts5_query(query)
    if q:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (q,)).fetchall()


def test_the_export_schema_is_valid_and_requires_every_field():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    claim_def = schema["$defs"]["Claim"]
    assert set(claim_def["required"]) == {"id", "document_id", "text", "start", "end", "attribution_id", "polarity"}
    finding_def = schema["$defs"]["Finding"]
    assert {"a", "b", "verdict", "relation", "score", "explanation", "id"} == set(finding_def["required"])


def test_stable_ids_depend_only_on_their_parts():
    assert stable_id("doc", "claim", 1, 5) == stable_id("doc", "claim", 1, 5)
    assert stable_id("doc", "claim", 1, 5) != stable_id("doc", "claim", 1, 6)
    assert stable_id(None, "x") == stable_id("", "x")


def test_a_version_1_ledger_is_migrated_in_place_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    led = open_ledger(str(path))
    led.upsert([make_doc()])
    led.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX idx_findings_score")
    conn.execute("DROP INDEX idx_claims_attribution_id")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    led = open_ledger(str(path))
    names = {r["name"] for r in led.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_findings_score", "idx_claims_attribution_id", "idx_quantities_attribution_id"} <= names
    assert led.execute("PRAGMA user_version")[0]["user_version"] == SCHEMA_VERSION
    assert led.count(Document) == 1


#: The attributions table as schema version 2 wrote it (before `question`).
V2_ATTRIBUTIONS = """CREATE TABLE attributions (
  "id" TEXT NOT NULL, "document_id" TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  "source_text" TEXT, "source_start" INTEGER, "source_end" INTEGER, "source_entity_id" TEXT,
  "cue_text" TEXT, "cue_start" INTEGER, "cue_end" INTEGER,
  "content_text" TEXT, "content_start" INTEGER, "content_end" INTEGER,
  "kind" TEXT, "stance" TEXT, "parent_id" TEXT, "date" TEXT, PRIMARY KEY (id))"""
V2_ATTRIBUTIONS_VIEW = """CREATE VIEW attributions_by_source AS
  SELECT a.id, a.source_text AS source, a.cue_text AS cue, a.content_text AS content,
         a.kind, a.stance, a.parent_id, d.title AS document, d.outlet, d.kind AS document_kind
  FROM attributions a JOIN documents d ON d.id = a.document_id"""
V2_TRANSCRIPT = ("Q: Colonel, how many drones reached the depot?\n\n"
                 "COL. MARSH: Eleven drones reached it. None of them were ours.\n")


def make_v2_ledger(path) -> None:
    """A real version-2 ledger file: the attributions table and view as v2 made them, with data."""
    led = open_ledger(str(path))
    doc = make_doc(text=V2_TRANSCRIPT, kind="transcript")
    led.upsert([doc])
    led.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP VIEW attributions_by_source")
    conn.execute("DROP VIEW findings_with_evidence")  # it reads attributions; made again below
    conn.execute("DROP TABLE attributions")
    conn.execute(V2_ATTRIBUTIONS)
    conn.execute("CREATE INDEX idx_attributions_document_id ON attributions(document_id)")
    conn.execute("CREATE INDEX idx_attributions_source_entity_id ON attributions(source_entity_id)")
    conn.execute(V2_ATTRIBUTIONS_VIEW)
    from redline.store.base import views

    conn.execute(f"CREATE VIEW findings_with_evidence AS {views('sqlite')['findings_with_evidence']}")
    start = V2_TRANSCRIPT.index("Eleven")
    conn.execute(
        "INSERT INTO attributions (id, document_id, source_text, source_start, source_end, cue_text, cue_start, "
        "cue_end, content_text, content_start, content_end, kind, stance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("a-marsh", doc.id, "COL. MARSH", start - 12, start - 2, ":", start - 2, start - 1,
         "Eleven drones reached it. None of them were ours.", start, start + 49, "direct", "asserts"))
    conn.execute("INSERT INTO verdicts (finding_id, verdict, note) VALUES ('f1', 'confirmed', 'checked with the depot')")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_version_2_ledger_gains_the_question_columns_in_place_and_keeps_its_data(tmp_path):
    path = tmp_path / "v2.db"
    make_v2_ledger(path)
    assert "question_text" not in {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(attributions)")}
    led = open_ledger(str(path))
    assert led.execute("PRAGMA user_version")[0]["user_version"] == SCHEMA_VERSION
    cols = {r["name"] for r in led.execute("PRAGMA table_info(attributions)")}
    assert {"question_text", "question_start", "question_end", "question_id"} <= cols
    (old,) = led.select(Attribution)
    assert old.source == SpanRef("COL. MARSH", 48, 58) and old.question is None and old.stance == "asserts"
    assert led.verdicts()["f1"].note == "checked with the depot"
    assert led.execute("SELECT source, in_answer_to FROM attributions_by_source") == [
        {"source": "COL. MARSH", "in_answer_to": None}]
    # The upgraded ledger takes the new field like a fresh one.
    q = V2_TRANSCRIPT.index("Colonel")
    led.upsert([old.replace(question=SpanRef(V2_TRANSCRIPT[q:q + 43], q, q + 43), question_id="a-q")])
    assert led.execute("SELECT in_answer_to FROM attributions_by_source")[0]["in_answer_to"] == (
        "Colonel, how many drones reached the depot?")
    led.close()
    open_ledger(str(path)).close()  # reopening migrates nothing again


def test_a_very_common_word_is_ranked_among_its_newest_matches(ledger):
    doc = make_doc(text=" ".join(f"Troops moved to post {i}." for i in range(10)))
    claims = []
    for i in range(10):
        needle = f"Troops moved to post {i}."
        claims.append(claim(doc, needle))
    ledger.upsert([doc, *claims])
    ledger.rank_candidates = 3
    hits = ledger.search("troops", kinds=("claims",))
    assert sorted(h.snippet for h in hits) == [f"\x02Troops\x03 moved to post {i}." for i in (7, 8, 9)]
    ledger.rank_candidates = 10_000
    assert len(ledger.search("troops", kinds=("claims",))) == 10


def make_v3_ledger(path) -> Document:
    """A real version-3 ledger file: documents without `page_starts`, a PDF's file record, data."""
    led = open_ledger(str(path))
    doc = make_doc(text="Page one.\n\nPage two: 41,200 killed.", reader="pdf", media_type="application/pdf")
    led.upsert([doc, claim(doc, "41,200 killed."),
                FileRecord(path="/corpus/leak.pdf", sha256=doc.id, document_id=doc.id, status="ok", reader="pdf",
                           version=1, size=100, mtime=123),
                FileRecord(path="/corpus/note.txt", sha256="e" * 64, status="ok", reader="text", version=1,
                           size=10, mtime=456)])
    led.set_verdict("f1", "confirmed", note="page two checked")
    led.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP VIEW findings_with_evidence")  # version 3's view read no pages; migrations remake it
    conn.execute("ALTER TABLE documents DROP COLUMN page_starts")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    return doc


def test_a_version_3_ledger_gains_page_starts_in_place_and_keeps_its_data(tmp_path):
    path = tmp_path / "v3.db"
    doc = make_v3_ledger(path)
    assert "page_starts" not in {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(documents)")}
    led = open_ledger(str(path))
    assert led.execute("PRAGMA user_version")[0]["user_version"] == SCHEMA_VERSION == 5
    # Version 5: the view people browse gives each side's page.
    assert {"a_page", "b_page"} <= {r["name"] for r in led.execute("PRAGMA table_info(findings_with_evidence)")}
    (kept,) = led.documents()
    assert kept.text == doc.text and kept.page_starts is None and kept.reader == "pdf"
    assert [c.text for c in led.claims_of(doc.id)] == ["41,200 killed."]
    assert led.verdicts()["f1"].note == "page two checked"
    assert led.search("killed", kinds=("documents",))[0].id == doc.id  # the full-text index still follows
    # The PDF is read again by the next ingest (its mtime is forgotten); the text file is not.
    assert led.get_file("/corpus/leak.pdf").mtime is None
    assert led.get_file("/corpus/note.txt").mtime == 456
    # The upgraded ledger takes the new field like a fresh one, and exports it.
    led.upsert([kept.replace(page_starts=[0, 11])])
    assert led.get_document(doc.id).page_starts == [0, 11]
    assert page_of(led.get_document(doc.id), doc.text.index("41,200")) == 2
    led.close()
    open_ledger(str(path)).close()  # reopening migrates nothing again
    assert open_ledger(str(path)).get_file("/corpus/leak.pdf").mtime is None


def test_page_of():
    doc = make_doc(text="one\n\ntwo\n\nthree", page_starts=[0, 5, 10])
    assert [page_of(doc, i) for i in (0, 3, 5, 9, 10, 14)] == [1, 1, 2, 2, 3, 3]
    assert page_of(doc, None) is None and page_of(doc, -1) is None
    assert page_of(make_doc(), 0) is None  # no pages recorded: a text file
    assert page_of([0, 0, 4], 0) == 2  # an empty first page: the text starts on page 2
    assert page_of({"page_starts": [0, 5]}, 7) == 2
