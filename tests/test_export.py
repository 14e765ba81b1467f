"""The JSON and CSV exports, through the CLI and the Python API, over a hand-made ledger."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from redline.cli import main as cli
from redline.present.export import export_json, iter_records, schema_text
from redline.present.sample import HOSTILE, fill_sample
from redline.schema import EXPORT_KEYS, RECORD_TYPES, Finding, StageRun, json_schema, sql_columns
from redline.store import open_ledger

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "docs" / "export.schema.json"


@pytest.fixture()
def ledger(tmp_path):
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    fill_sample(ledger)
    ledger.set_verdict("f-numeric", "confirmed", "checked against the memo", "tester")
    yield ledger
    ledger.close()


def _export(tmp_path, ledger) -> dict:
    out = tmp_path / "out" / "export.json"
    export_json(ledger, out)
    return json.loads(out.read_text(encoding="utf-8"))


def test_committed_schema_is_the_generated_one():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()


def test_schema_script_regenerates_the_file(tmp_path):
    target = tmp_path / "schema.json"
    subprocess.run([sys.executable, "-m", "redline.present.export", "--schema", str(target)], check=True)
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


def test_json_export_validates_and_has_every_section(tmp_path, ledger):
    data = _export(tmp_path, ledger)
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    for key in ("redline_version", *EXPORT_KEYS):
        assert key in data
    assert len(data["documents"]) == 5
    assert len(data["findings"]) == 6
    assert len(data["quantities"]) == 8


def test_every_span_is_the_slice_of_its_document(tmp_path, ledger):
    data = _export(tmp_path, ledger)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    checked = 0
    for key in ("quantities", "dates", "claims", "mentions"):
        for item in data[key]:
            assert texts[item["document_id"]][item["start"]:item["end"]] == item["text"]
            checked += 1
    for a in data["attributions"]:
        for part in ("source", "cue", "content", "question"):
            span = a[part]
            if span is not None:
                assert texts[a["document_id"]][span["start"]:span["end"]] == span["text"]
                checked += 1
    assert checked > 30


def test_absent_values_are_null_not_omitted(tmp_path, ledger):
    data = _export(tmp_path, ledger)
    memo = next(d for d in data["documents"] if d["id"] == "d-memo")
    assert "outlet" in memo and memo["outlet"] is None
    reuters = next(a for a in data["attributions"] if a["id"] == "a-reuters")
    assert reuters["content"] is None and reuters["parent_id"] is None
    officials = next(a for a in data["attributions"] if a["id"] == "a-officials")
    assert officials["parent_id"] == "a-reuters"
    assert officials["source"]["entity_id"] is None
    berg = next(a for a in data["attributions"] if a["id"] == "a-berg")
    assert berg["source"]["entity_id"] == "e-berg"
    over = next(q for q in data["quantities"] if q["id"] == "q-killed-daily")
    assert over["high"] is None and over["low"] == 35000


def test_findings_carry_sides_and_verdicts(tmp_path, ledger):
    data = _export(tmp_path, ledger)
    by_id = {f["id"]: f for f in data["findings"]}
    assert by_id["f-numeric"]["verdict"]["verdict"] == "confirmed"
    assert by_id["f-numeric"]["verdict"]["note"] == "checked against the memo"
    assert by_id["f-numeric"]["verdict"]["at"]
    assert by_id["f-contradicts"]["verdict"] is None
    assert by_id["f-contradicts"]["a"] == {"type": "claim", "id": "c-no-deaths"}
    assert "a_id" not in by_id["f-contradicts"]


def test_hostile_text_survives_the_export_byte_for_byte(tmp_path, ledger):
    data = _export(tmp_path, ledger)
    hostile = next(d for d in data["documents"] if d["id"] == "d-hostile")
    assert hostile["text"] == HOSTILE


def test_keyset_pagination_returns_every_record_once(ledger):
    for record_type in RECORD_TYPES:
        everything = ledger.select(record_type)
        paged = list(iter_records(ledger, record_type, batch=2))
        assert sorted(map(repr, paged)) == sorted(map(repr, everything)), record_type.table
    assert len(list(iter_records(ledger, StageRun, batch=2))) == 5


def test_cli_json_export(tmp_path, ledger):
    out = tmp_path / "cli.json"
    result = CliRunner().invoke(cli, ["export", "--db", ledger.path, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), json_schema())


def test_cli_csv_export_one_file_per_record_type(tmp_path, ledger):
    folder = tmp_path / "csv"
    result = CliRunner().invoke(cli, ["export", "--db", ledger.path, "--format", "csv", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    for record_type in RECORD_TYPES:
        with (folder / f"{record_type.table}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [name for name, _ in sql_columns(record_type)]
        assert len(rows) - 1 == ledger.count(record_type)
    with (folder / "attributions.csv").open(encoding="utf-8", newline="") as fh:
        attributions = {r["id"]: r for r in csv.DictReader(fh)}
    with (folder / "documents.csv").open(encoding="utf-8", newline="") as fh:
        documents = {r["id"]: r for r in csv.DictReader(fh)}
    berg = attributions["a-berg"]
    text = documents[berg["document_id"]]["text"]
    assert text[int(berg["content_start"]):int(berg["content_end"])] == berg["content_text"]
    assert json.loads(documents["d-daily"]["boilerplate"])[0][1] == len(documents["d-daily"]["text"])


def test_csv_export_refuses_a_file_with_a_clear_error(tmp_path, ledger):
    target = tmp_path / "out.json"
    target.write_text("someone's export", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--db", ledger.path, "--format", "csv", "-o", str(target)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert str(target) in result.output and "is a file" in result.output
    assert target.read_text(encoding="utf-8") == "someone's export"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    json_into_folder = CliRunner().invoke(cli, ["export", "--db", ledger.path, "-o", str(folder)])
    assert json_into_folder.exit_code == 2 and "is a folder" in json_into_folder.output


def test_csv_export_does_not_overwrite_other_files(tmp_path, ledger):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "claims.csv").write_text("my own claims", encoding="utf-8")
    args = ["export", "--db", ledger.path, "--format", "csv", "-o", str(folder)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "notes.txt" in refused.output and "--force" in refused.output
    assert (folder / "claims.csv").read_text(encoding="utf-8") == "my own claims"
    forced = CliRunner().invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    # A folder holding only an earlier CSV export is ours to refresh.
    (folder / "notes.txt").unlink()
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output


def test_findings_with_evidence_csv_stands_alone(tmp_path, ledger, monkeypatch):
    from redline.present import export

    monkeypatch.setattr(export, "BATCH", 2)  # several pages, to test the paging
    # Equal scores across a page boundary: each finding still comes once.
    ledger.upsert([Finding(id=f"f-tie{i}", relation="same", a_type="quantity", a_id="q-killed-memo",
                           b_type="quantity", b_id="q-killed-opinion", score=0.5, explanation="tie")
                   for i in range(5)])
    folder = tmp_path / "csv"
    counts = export.export_csv(ledger, folder)
    with (folder / "findings_with_evidence.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert counts["findings_with_evidence"] == len(rows) == ledger.count(Finding)
    with (folder / "findings_with_evidence.csv").open(encoding="utf-8", newline="") as fh:
        scores = [float(r["score"]) for r in csv.DictReader(fh)]
    assert scores == sorted(scores, reverse=True)  # best first, as the desk lists them
    numeric = rows["f-numeric"]
    assert numeric["relation"] == "numeric_conflict" and numeric["verdict"] == "confirmed"
    assert numeric["verdict_note"] == "checked against the memo"
    assert numeric["a_text"] == "97 troops" and numeric["b_text"] == "210 troops"
    assert numeric["a_outlet"] == "Ministry of Defence" and numeric["a_kind"] == "official_statement"
    assert numeric["a_published"] == "2023-03-03" and numeric["a_as_of"] == "2023-03-03"
    assert numeric["b_kind"] == "leaked_document" and numeric["b_published"] == "2023-03-02"
    assert numeric["a_speaker"] and numeric["explanation"]


def test_findings_with_evidence_cells_never_run_as_formulas(tmp_path, ledger):
    from redline.present.export import export_csv

    ledger.set_verdict("f-numeric", "confirmed", "=HYPERLINK(\"http://evil.example\")", "tester")
    export_csv(ledger, tmp_path / "csv")
    with (tmp_path / "csv" / "findings_with_evidence.csv").open(encoding="utf-8", newline="") as fh:
        numeric = next(r for r in csv.DictReader(fh) if r["id"] == "f-numeric")
    assert numeric["verdict_note"].startswith("'=")


def test_export_md_lists_the_findings_with_evidence_columns():
    from redline.present.export import EVIDENCE_COLUMNS

    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    assert "findings_with_evidence.csv" in doc and "--force" in doc
    for column in EVIDENCE_COLUMNS:
        if not column.startswith("b_"):
            assert f"`{column.removeprefix('a_')}`" in doc, column


def test_the_documented_attribution_example_is_real(tmp_path, ledger):
    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    block = doc[doc.index('```json\n{"id": "a-officials"') + len("```json\n"):]
    example = json.loads(block[:block.index("```")])
    data = _export(tmp_path, ledger)
    assert example == next(a for a in data["attributions"] if a["id"] == "a-officials")


def test_claimreview_drafts_for_confirmed_conflicts(ledger):
    from redline.present.export import claimreviews

    assert [r["identifier"] for r in claimreviews(ledger)] == ["f-numeric"]  # confirmed by the fixture
    numeric = claimreviews(ledger)[0]
    assert numeric["claimReviewed"] == "97 troops" and numeric["citation"]["text"] == "210 troops"
    ledger.set_verdict("f-numeric", None)
    ledger.set_verdict("f-contradicts", "confirmed", "memo authenticated", "K. Osei")
    ledger.set_verdict("f-supports", "confirmed", None, "K. Osei")  # agreement: no fact-check
    reviews = claimreviews(ledger)
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@type"] == "ClaimReview" and review["identifier"] == "f-contradicts"
    # The public statement is the reviewed claim; the leak is the evidence.
    assert review["claimReviewed"] == "no soldier has been killed in the operation"
    assert review["itemReviewed"]["author"]["name"] == "Defence Minister Anna Berg"
    assert review["itemReviewed"]["appearance"]["publisher"] == "Ministry of Defence"
    assert review["reviewRating"]["alternateName"] == "Contradicted by Northern Command situation report"
    assert review["citation"]["text"] == "Losses to date: 41,200 killed in action."
    assert review["reviewBody"].endswith("memo authenticated") and review["author"]["name"] == "K. Osei"
    json.dumps(reviews)
