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
