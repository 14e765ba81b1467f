"""The coordinator's ingest and extract loops: streaming, incremental, keyed by content.

Also home of `make_corpus`, the generated news-like corpus the scaling tests share
(imported by test_dask.py, test_resume.py and test_postgres.py).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from redline.executor import LocalExecutor
from redline.pipeline import extract, ingest
from redline.schema import Document, FileRecord, StageRun
from redline.store import open_ledger

_WHO = ["The defence ministry", "A spokesperson for the governor", "Colonel Ana Ruiz", "The regional council",
        "Officials in Kherson", "The health agency", "Senator Paul Okafor", "An unnamed official"]
_CUE = ["said", "told reporters", "claimed", "denied", "confirmed", "stated on Tuesday"]
_WHAT = ["that {n} soldiers were killed near the river", "that {n} people had been evacuated since March",
         "the bridge was destroyed on {d}", "no troops were deployed in the north",
         "about {n} homes lost power after the storm", "the budget rose by {n} million dollars in {y}",
         "at least {n} patients were treated at the field hospital", "the convoy arrived on {d}"]
_DATES = ["3 November 2022", "May 12", "last Friday", "early 2023", "June 2021"]


def sentence(rng: random.Random) -> str:
    what = rng.choice(_WHAT).format(n=rng.randint(2, 90000), d=rng.choice(_DATES), y=rng.randint(1999, 2024))
    return f"{rng.choice(_WHO)} {rng.choice(_CUE)} {what}."


def make_corpus(folder: Path, n: int, sentences: int = 4, seed: int = 7) -> list[Path]:
    """`n` small, distinct news-like text files (deterministic for a seed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = " ".join(sentence(rng) for _ in range(sentences))
        p = folder / f"sub{i % 10}" / f"report-{i:06d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(f"Report {i}\n\n{body}\n", encoding="utf-8")
        paths.append(p)
    return paths


class SpyExecutor:
    """Runs in-process and records, for each item pulled, how many files the ledger
    already held: with a streaming ingest, writing keeps pace with reading."""

    workers = 1

    def __init__(self, ledger):
        self.ledger = ledger
        self.stored_when_pulled: list[int] = []

    def map(self, fn, items):
        for i, item in enumerate(items):
            self.stored_when_pulled.append(self.ledger.count(FileRecord))
            yield i, fn(item)

    def close(self):
        pass


def test_ingest_streams_files_instead_of_reading_the_corpus_first(tmp_path):
    make_corpus(tmp_path / "c", 30)
    ledger = open_ledger(str(tmp_path / "l.db"))
    spy = SpyExecutor(ledger)
    summary = ingest(ledger, [tmp_path / "c"], executor=spy)
    assert len(summary.added) == 30
    # When item k is pulled, the k files before it are already stored.
    assert spy.stored_when_pulled == list(range(30))


def test_ingest_skips_unchanged_files_and_versions_changed_ones(tmp_path):
    paths = make_corpus(tmp_path / "c", 12)
    ledger = open_ledger(str(tmp_path / "l.db"))
    first = ingest(ledger, [tmp_path / "c"], executor=LocalExecutor(2))
    assert len(first.added) == 12 and not first.failed
    again = ingest(ledger, [tmp_path / "c"])
    assert (len(again.added), len(again.unchanged)) == (0, 12)
    paths[3].write_text("Report changed\n\nThe council said 12 roads were closed.\n")
    os.utime(paths[3], ns=(1, 1))
    third = ingest(ledger, [tmp_path / "c"])
    assert third.added == [str(paths[3])]
    rec = ledger.get_file(str(paths[3]))
    assert rec.version == 2 and ledger.count(Document) == 13


def test_a_bad_file_is_recorded_and_the_run_goes_on(tmp_path):
    make_corpus(tmp_path / "c", 5)
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    ledger = open_ledger(str(tmp_path / "l.db"))
    summary = ingest(ledger, [tmp_path / "c", tmp_path / "missing"])
    assert len(summary.added) == 5
    failed = dict(summary.failed)
    assert set(failed) == {str(tmp_path / "c" / "empty.txt"), str(tmp_path / "missing")}
    assert {r["path"] for r in ledger.failures()} == set(failed)


def test_extract_runs_each_document_once_and_only_again_when_the_key_changes(tmp_path):
    make_corpus(tmp_path / "c", 10)
    ledger = open_ledger(str(tmp_path / "l.db"))
    ingest(ledger, [tmp_path / "c"])
    s1 = extract(ledger, batch_size=3)
    assert (s1.processed, s1.skipped, s1.failed) == (10, 0, [])
    runs = ledger.select(StageRun, "stage = 'extract'")
    assert len(runs) == 10 and {r.status for r in runs} == {"ok"}
    s2 = extract(ledger)
    assert (s2.processed, s2.skipped) == (0, 10)
    s3 = extract(ledger, options={"extract_demo_option": 1})
    assert s3.processed == 10



def test_extract_pages_through_the_ledger_and_skips_what_is_done(tmp_path, monkeypatch):
    import redline.pipeline as pipeline

    monkeypatch.setattr(pipeline, "DUE_PAGE", 3)  # many pages from a small corpus
    make_corpus(tmp_path / "c", 11)
    ledger = open_ledger(str(tmp_path / "l.db"))
    ingest(ledger, [tmp_path / "c"])
    first = ledger.document_ids()[:4]
    for doc_id in first:  # as if a killed run had finished these four
        ledger.write_stage(doc_id, "extract", pipeline.extraction_key({}), {}, 0.0)
    seen: list[str] = []

    class Recording(LocalExecutor):
        def map(self, fn, items):
            for i, item in enumerate(items):
                seen.extend(d.id for d in item[0])
                yield i, fn(item)

    s = extract(ledger, executor=Recording(1), batch_size=2)
    assert (s.processed, s.skipped) == (7, 4)
    assert sorted(seen) == sorted(set(ledger.document_ids()) - set(first))
