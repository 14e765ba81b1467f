"""Ingest through the pipeline with a real SQLite ledger: versions, unchanged files, bad files."""

from __future__ import annotations

import json
import os

import pytest

from redline.ingest import discover
from redline.pipeline import ingest
from redline.schema import Document, FileRecord
from redline.store import open_ledger


@pytest.fixture(autouse=True)
def _ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def ledger(tmp_path):
    led = open_ledger(str(tmp_path / "ledger.db"))
    yield led
    led.close()


def test_reingest_unchanged_then_changed_file_makes_a_version(tmp_path, ledger):
    folder = tmp_path / "docs"
    folder.mkdir()
    p = folder / "statement.txt"
    p.write_text("The ministry said 40 people were evacuated.\n", encoding="utf-8")

    first = ingest(ledger, [folder])
    assert first.added == [str(p)] and not first.failed
    old = ledger.get_file(str(p))
    assert old.version == 1 and old.status == "ok"

    again = ingest(ledger, [folder])
    assert again.unchanged == [str(p)] and not again.added
    assert ledger.count(Document) == 1

    p.write_text("The ministry said 400 people were evacuated.\n", encoding="utf-8")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a visible change on coarse clocks
    changed = ingest(ledger, [folder])
    assert changed.added == [str(p)]
    new = ledger.get_file(str(p))
    assert new.version == 2 and new.document_id != old.document_id
    assert ledger.get_document(old.document_id).text == "The ministry said 40 people were evacuated.\n"
    assert ledger.get_document(new.document_id).text == "The ministry said 400 people were evacuated.\n"


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path, ledger):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("The council voted to close the shelter on Monday.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    (folder / "statement.txt").write_text("The spokesman denied the report.\n", encoding="utf-8")
    (folder / "statement.txt.meta.json").write_text(json.dumps({"kind": "press release"}))
    summary = ingest(ledger, [folder], {"kind": "news_report"})
    errors = dict(summary.failed)
    assert summary.added == [str(folder / "good.txt")]
    assert errors[str(folder / "empty.txt")] == "the file is empty"
    assert "looks like binary data, not text" in errors[str(folder / "junk.txt")]
    assert "the PDF is damaged" in errors[str(folder / "broken.pdf")]
    assert "sidecar statement.txt.meta.json: kind 'press release' is not one of" in errors[str(folder / "statement.txt")]
    assert ledger.get_file(str(folder / "empty.txt")).status == "failed"
    assert ledger.get_document(ledger.get_file(str(folder / "good.txt")).document_id).kind == "news_report"


def test_a_file_that_breaks_keeps_its_last_good_document(tmp_path, ledger):
    p = tmp_path / "note.txt"
    p.write_text("The mayor said the bridge would reopen in May.\n", encoding="utf-8")
    ingest(ledger, [p])
    good = ledger.get_file(str(p)).document_id
    p.write_bytes(b"\x00\x01\x02" * 100)
    summary = ingest(ledger, [p])
    assert summary.failed and "binary" in summary.failed[0][1]
    record = ledger.select(FileRecord, "path = ?", (str(p),))[0]
    assert record.status == "failed" and record.document_id == good
    assert ledger.get_document(good) is not None


def test_discover_skips_sidecars_and_hidden_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.txt.meta.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<html></html>")
    found = [p.name for p, problem in discover([tmp_path, tmp_path / "missing.txt"])]
    problems = dict((p.name, problem) for p, problem in discover([tmp_path / "missing.txt"]))
    assert found == ["a.txt", "b.html", "missing.txt"]
    assert problems == {"missing.txt": "no such file or folder"}
