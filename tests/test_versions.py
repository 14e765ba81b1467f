"""An edited file: its older version stays on record, but only the current one is
linked, so a statement never 'contradicts' its own earlier draft."""

from __future__ import annotations

import os

from redline.pipeline import analyze, ingest
from redline.store import open_ledger


def test_an_edited_file_is_linked_only_in_its_current_version(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    statement = corpus / "statement.txt"
    statement.write_text("The ministry said on 3 March 2026 that 40 soldiers were killed in the northern province.\n")
    ledger = open_ledger(str(tmp_path / "l.db"))
    ingest(ledger, [corpus])
    analyze(ledger)
    first_id = ledger.document_ids()[0]

    statement.write_text("The ministry said on 3 March 2026 that 90 soldiers were killed in the northern province.\n")
    stat = statement.stat()
    os.utime(statement, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    ingest(ledger, [corpus])
    analyze(ledger)

    assert len(ledger.document_ids()) == 2, "the older version is kept on record"
    current = ledger.document_ids(current_only=True)
    assert len(current) == 1 and current[0] != first_id
    linked_docs = {r["document_id"] for r in ledger.execute(
        "SELECT c.document_id FROM findings f JOIN claims c ON c.id IN (f.a_id, f.b_id)")}
    assert first_id not in linked_docs
    assert not ledger.findings(), "40 vs 90 in two versions of one file is an edit, not a conflict"


def test_an_edited_files_older_version_is_not_extracted_again(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    memo = corpus / "memo.txt"
    memo.write_text("The memo says 12 rockets were delivered on 4 May 2026.\n")
    ledger = open_ledger(str(tmp_path / "l.db"))
    ingest(ledger, [corpus])
    analyze(ledger)
    memo.write_text("The memo says 15 rockets were delivered on 4 May 2026.\n")
    stat = memo.stat()
    os.utime(memo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    ingest(ledger, [corpus])
    summary, _ = analyze(ledger, {"force": True})
    assert summary.processed == 1, "only the current version is analysed, even when forced"


def test_editing_a_sidecar_updates_the_metadata_and_analyses_the_document_again(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    note = corpus / "note.txt"
    note.write_text("Officials said last week that 300 families had left the town.\n")
    sidecar = corpus / "note.txt.meta.json"
    sidecar.write_text('{"kind": "news_report", "published": "2026-04-10"}')
    ledger = open_ledger(str(tmp_path / "l.db"))
    ingest(ledger, [corpus])
    analyze(ledger)
    (doc,) = ledger.documents()
    assert (doc.kind, doc.published) == ("news_report", "2026-04-10")

    sidecar.write_text('{"kind": "leaked_document", "published": "2026-05-20"}')
    stat = sidecar.stat()
    os.utime(sidecar, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    summary = ingest(ledger, [corpus])
    assert summary.updated == [str(note)]
    (doc,) = ledger.documents()
    assert (doc.kind, doc.published) == ("leaked_document", "2026-05-20")
    extracted, _ = analyze(ledger)
    assert extracted.processed == 1, "new metadata means new dates and weights: analyse again"
    assert ingest(ledger, [corpus]).unchanged == [str(note)]


def test_ingesting_the_folder_that_holds_the_ledger_skips_the_ledger(tmp_path):
    (tmp_path / "note.txt").write_text("The council said 14 homes were damaged.\n")
    ledger = open_ledger(str(tmp_path / "redline.db"))
    ingest(ledger, [tmp_path])
    summary = ingest(ledger, [tmp_path])
    assert summary.failed == [] and summary.unchanged == [str(tmp_path / "note.txt")]
