"""PDF page numbers end to end: read, stored, upgraded into old ledgers, and cited as "p. N"
in `redline findings`, the desk, the report and the exports."""

from __future__ import annotations

import csv
import json
import sqlite3

import httpx
import pytest
from click.testing import CliRunner

from redline.cli import main as cli
from redline.ingest import read_path
from redline.pipeline import ingest
from redline.present import web
from redline.schema import page_of
from redline.store import open_ledger
from test_ingest_pdf_image import text_pdf

LEAK_PAGES = [
    ["ASSESSMENT OF LOSSES, WEEK 9", "Prepared for the chief of staff."],
    ["Section 2. Equipment", "Most of the armour in the sector was repaired during the week."],
    ["Section 3. Personnel", "Internal count: 4,900 soldiers were killed in the Tarn valley operation."],
]
STATEMENT = ("Statement by the ministry.\n\n"
             "The ministry said that 1,200 soldiers were killed in the Tarn valley operation.\n")


@pytest.fixture(autouse=True)
def _ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_CACHE", str(tmp_path / "cache"))


def make_corpus(folder):
    folder.mkdir()
    (folder / "leak.pdf").write_bytes(text_pdf(LEAK_PAGES))
    (folder / "leak.pdf.meta.json").write_text(
        '{"kind": "leaked_document", "outlet": "Northern Command", "published": "2026-02-27"}')
    (folder / "statement.txt").write_text(STATEMENT)
    (folder / "statement.txt.meta.json").write_text(
        '{"kind": "official_statement", "outlet": "Ministry of Defence", "published": "2026-03-04"}')
    return folder


def run(*args):
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    corpus = make_corpus(folder / "corpus")
    db = str(folder / "ledger.db")
    run("ingest", str(corpus), "--db", db)
    run("analyze", "--db", db)
    return folder, db


def test_the_pdf_reader_records_where_each_page_starts(tmp_path):
    doc = read_path(make_corpus(tmp_path / "c") / "leak.pdf", {})
    assert len(doc.page_starts) == 3 and doc.page_starts[0] == 0
    for number, lines in enumerate(LEAK_PAGES, 1):
        start = doc.page_starts[number - 1]
        assert doc.text[start:].startswith(lines[0])
        assert page_of(doc, doc.text.index(lines[-1])) == number
    assert doc.text[doc.page_starts[1] - 2:doc.page_starts[1]] == "\n\n"  # pages joined with a blank line


def test_the_desk_terminal_and_exports_cite_the_page(analysed):
    folder, db = analysed
    out = run("findings", "--db", db)
    assert "4,900 soldiers" in out
    assert "— Northern Command, p. 3 (leaked document, published 2026-02-27)" in out
    assert "Ministry of Defence (official statement" in out and "Ministry of Defence, p." not in out  # no pages

    run("export", "--db", db, "--format", "csv", "-o", str(folder / "csv"))
    with (folder / "csv" / "findings_with_evidence.csv").open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    leak, statement = ("a", "b") if "4,900" in row["a_text"] else ("b", "a")
    assert row[f"{leak}_page"] == "3" and row[f"{statement}_page"] == ""
    with (folder / "csv" / "documents.csv").open(encoding="utf-8") as fh:
        docs = {r["path"].rsplit("/", 1)[-1]: r for r in csv.DictReader(fh)}
    assert len(json.loads(docs["leak.pdf"]["page_starts"])) == 3 and docs["statement.txt"]["page_starts"] == ""

    run("export", "--db", db, "--format", "json", "-o", str(folder / "ledger.json"))
    exported = json.loads((folder / "ledger.json").read_text(encoding="utf-8"))
    by_path = {d["path"].rsplit("/", 1)[-1]: d for d in exported["documents"]}
    leak_doc = by_path["leak.pdf"]
    assert by_path["statement.txt"]["page_starts"] is None
    (figure,) = [q for q in exported["quantities"] if q["text"].startswith("4,900")]
    assert page_of(leak_doc, figure["start"]) == 3

    run("report", "--db", db, "-o", str(folder / "report.html"))
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Northern Command, p. 3" in report and "· p. 3 · characters" in report

    ledger = open_ledger(db, readonly=True)
    # The SQL view people browse with Datasette gives the same pages as the CSV.
    (view,) = ledger.execute("SELECT a_text, a_page, b_page FROM findings_with_evidence")
    pages = (view["a_page"], view["b_page"]) if "4,900" in view["a_text"] else (view["b_page"], view["a_page"])
    assert pages == (3, None)
    finding_id = ledger.execute("SELECT id FROM findings")[0]["id"]
    with web.serving(web.create_app(ledger)) as base, httpx.Client(base_url=base, timeout=10) as client:
        page = client.get(f"/findings/{finding_id}").text
        assert '#page-3" class="page-ref">p. 3</a>' in page
        assert "Read it in the document (p. 3) →" in page
        assert "Northern Command</a>, <" in page  # the page follows the document's name
        listing = client.get("/findings").text
        assert "Northern Command, p. 3" in listing
        reader = client.get(f"/documents/{leak_doc['id']}").text
        for number in (1, 2, 3):
            assert f'id="page-{number}" role="separator" aria-label="page {number}">— page {number} —</span>' in reader
        assert reader.index("— page 2 —") < reader.index("Section 2.") < reader.index("— page 3 —") < reader.index(
            "Internal count")
        statement_id = by_path["statement.txt"]["id"]
        assert "— page" not in client.get(f"/documents/{statement_id}").text
    ledger.close()


def test_a_version_3_ledger_gains_pages_on_the_next_ingest_and_keeps_its_analysis(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    db = tmp_path / "v3.db"
    run("ingest", str(corpus), "--db", str(db))
    run("analyze", "--db", str(db))
    # Make it the ledger schema version 3 wrote: no page_starts column.
    conn = sqlite3.connect(db)
    conn.execute("DROP VIEW findings_with_evidence")  # version 3's view read no pages; migrations remake it
    conn.execute("ALTER TABLE documents DROP COLUMN page_starts")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    before = conn.execute("SELECT id, document_id, start, \"end\" FROM quantities ORDER BY id").fetchall()
    runs = conn.execute("SELECT document_id, version, finished_at FROM stage_runs ORDER BY document_id").fetchall()
    conn.close()

    ledger = open_ledger(str(db))
    assert all(d.page_starts is None for d in ledger.documents())
    assert "p. 3" not in run("findings", "--db", str(db))
    summary = ingest(ledger, [corpus])  # no --force: the migration marked the PDF to be read again
    assert [p.rsplit("/", 1)[-1] for p in summary.paged] == ["leak.pdf"] and summary.updated == []
    assert sorted(p.rsplit("/", 1)[-1] for p in summary.unchanged) == ["leak.pdf", "statement.txt"]
    (leak,) = [d for d in ledger.documents() if d.path.endswith("leak.pdf")]
    assert len(leak.page_starts) == 3
    # Same text: the analysis stands (same fragments, no re-run) and now cites the page.
    assert [tuple(r.values()) for r in ledger.execute(
        "SELECT id, document_id, start, \"end\" FROM quantities ORDER BY id")] == [tuple(r) for r in before]
    assert [tuple(r.values()) for r in ledger.execute(
        "SELECT document_id, version, finished_at FROM stage_runs ORDER BY document_id")] == [tuple(r) for r in runs]
    ledger.close()
    assert "Northern Command, p. 3" in run("findings", "--db", str(db))
    again = open_ledger(str(db))
    assert ingest(again, [corpus]).paged == []  # read once, then skipped as before
    again.close()


def test_a_document_read_again_with_other_text_is_analysed_again(tmp_path):
    """Pages recorded on re-reading come with the reader's text; if that text is not the stored
    one (a newer reader), the old fragments' offsets no longer fit it: the document is re-analysed."""
    corpus = make_corpus(tmp_path / "corpus")
    db = str(tmp_path / "l.db")
    run("ingest", str(corpus), "--db", db)
    run("analyze", "--db", db)
    ledger = open_ledger(db)
    (leak,) = [d for d in ledger.documents() if d.path.endswith("leak.pdf")]
    with ledger.transaction():
        ledger.execute("UPDATE documents SET text = ?, page_starts = NULL WHERE id = ?", ("older reader's text", leak.id))
    ledger.close()
    out = run("ingest", str(corpus), "--db", db, "--force")
    assert "2 unchanged (of which 1 now with page numbers)" in " ".join(out.split())
    ledger = open_ledger(db)
    stored = ledger.get_document(leak.id)
    assert stored.text == leak.text and stored.page_starts == leak.page_starts
    assert ledger.stage_versions("extract").keys() == {d.id for d in ledger.documents()} - {leak.id}
    ledger.close()
