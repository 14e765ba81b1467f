"""Transcripts end to end: a speaker turn answering a question keeps the question.

An invented briefing and an invented interview go through the `redline` CLI (ingest,
analyze, export); the answer's attribution carries the question's words (`question`)
and the question's attribution (`question_id`, whose source is who asked).  The
speaker labels stay exactly as written in the ledger and the export.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redline.cli import main as cli

pytest.importorskip("spacy")

BRIEFING = """NORVIK MINISTRY OF DEFENCE
Press briefing, 4 May 2026
TRANSCRIPT

BRIG. GEN. OSTROM: Good afternoon. I will take your questions on the strike at Varna Field.

Q: Lena Fisk, Baltic Wire. General, how many soldiers were killed at Varna Field on 2 May?

BRIG. GEN. OSTROM: Four soldiers were killed at Varna Field on 2 May. That is the confirmed figure.

MODERATOR: Next question.

Q: Did the air defences at the depot <b>fail</b>?

MODERATOR: Go ahead, General.

BRIG. GEN. OSTROM: The air defences did not fail.
"""
LEAK = """Internal casualty list, Varna Field, 3 May 2026.
Nineteen soldiers were killed at Varna Field on 2 May.
"""
INTERVIEW = """HOLM: Minister, will you publish the casualty list?
MINISTER DAHL: We will publish it when the families have been told.
HOLM: When will that be?
MINISTER DAHL: Within the week.
"""
QA = """Q: Has the depot been rebuilt?
A: Not yet. Work starts in June.
Q: Thank you.
"""


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("transcripts")
    corpus = folder / "corpus"
    corpus.mkdir()
    files = {
        "norvik_briefing.txt": (BRIEFING, {"kind": "transcript", "outlet": "Norvik Ministry of Defence",
                                           "published": "2026-05-04", "title": "Press briefing on Varna Field"}),
        "casualty_list.txt": (LEAK, {"kind": "leaked_document", "published": "2026-05-03",
                                     "title": "Casualty list"}),
        "radio_nord_interview.txt": (INTERVIEW, {"kind": "transcript", "outlet": "Radio Nord",
                                                 "published": "2026-05-05"}),
        "depot_qa.txt": (QA, {"kind": "transcript", "outlet": "Depot works office", "published": "2026-05-06"}),
    }
    for name, (text, meta) in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
        (corpus / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    db = str(folder / "ledger.db")
    run("ingest", "--db", db, str(corpus))
    run("analyze", "--db", db)
    run("export", "--db", db, "--format", "json", "-o", str(folder / "export.json"))
    export = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    return db, export, folder


def _docs(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(d["path"]).name: d for d in export["documents"]}


def _answer(export: dict[str, Any], file: str, starts: str) -> dict[str, Any]:
    doc = _docs(export)[file]
    found = [a for a in export["attributions"] if a["document_id"] == doc["id"] and a["content"]
             and a["content"]["text"].startswith(starts)]
    assert found, f"no attribution in {file} starting {starts!r}"
    return found[0]


def _by_id(export: dict[str, Any], attribution_id: str) -> dict[str, Any]:
    return next(a for a in export["attributions"] if a["id"] == attribution_id)


def test_a_named_speaker_answering_a_q_turn_keeps_the_question_and_its_asker(analysed):
    _, export, _ = analysed
    answer = _answer(export, "norvik_briefing.txt", "Four soldiers were killed")
    assert answer["source"]["text"] == "BRIG. GEN. OSTROM"  # the label exactly as written
    assert answer["question"]["text"] == (
        "Lena Fisk, Baltic Wire. General, how many soldiers were killed at Varna Field on 2 May?")
    question = _by_id(export, answer["question_id"])
    assert question["source"]["text"] == "Q"
    assert question["content"]["text"] == answer["question"]["text"]


def test_a_moderator_handing_over_leaves_the_question_open(analysed):
    _, export, _ = analysed
    answer = _answer(export, "norvik_briefing.txt", "The air defences did not fail")
    assert answer["question"]["text"] == "Did the air defences at the depot <b>fail</b>?"
    moderator = [a for a in export["attributions"] if a["source"] and a["source"]["text"] == "MODERATOR"]
    assert moderator and all(a["question"] is None for a in moderator)
    opening = _answer(export, "norvik_briefing.txt", "Good afternoon")
    assert opening["question"] is None and opening["question_id"] is None


def test_an_interviewers_question_is_answered_by_the_next_speaker(analysed):
    _, export, _ = analysed
    first = _answer(export, "radio_nord_interview.txt", "We will publish it when")
    assert first["question"]["text"] == "Minister, will you publish the casualty list?"
    assert _by_id(export, first["question_id"])["source"]["text"] == "HOLM"
    second = _answer(export, "radio_nord_interview.txt", "Within the week")
    assert second["question"]["text"] == "When will that be?"
    # The interviewer's own turns answer nothing.
    holm = [a for a in export["attributions"] if a["source"] and a["source"]["text"] == "HOLM"]
    assert len(holm) == 2 and all(a["question"] is None for a in holm)


def test_an_a_turn_answers_the_q_turn(analysed):
    _, export, _ = analysed
    answer = _answer(export, "depot_qa.txt", "Not yet.")
    assert answer["question"]["text"] == "Has the depot been rebuilt?"
    thanks = _answer(export, "depot_qa.txt", "Thank you.")
    assert thanks["question"] is None


def test_every_question_span_is_the_slice_of_its_document(analysed):
    _, export, _ = analysed
    texts = {d["id"]: d["text"] for d in export["documents"]}
    questions = [a for a in export["attributions"] if a["question"]]
    assert len(questions) >= 5
    for a in questions:
        q = a["question"]
        assert texts[a["document_id"]][q["start"]:q["end"]] == q["text"]
        assert _by_id(export, a["question_id"])["document_id"] == a["document_id"]


def test_csv_export_has_the_question_columns(analysed, tmp_path):
    db, _, _ = analysed
    run("export", "--db", db, "--format", "csv", "-o", str(tmp_path / "csv"))
    import csv

    with (tmp_path / "csv" / "attributions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    asked = [r for r in rows if r["question_text"]]
    assert any(r["question_text"] == "When will that be?" and r["question_id"] for r in asked)


def test_a_ledger_analysed_before_questions_were_kept_is_extracted_again(analysed, tmp_path):
    import sqlite3

    db, _, _ = analysed
    old = str(tmp_path / "old.db")
    conn = sqlite3.connect(old)
    with sqlite3.connect(db) as source:
        source.backup(conn)  # the ledger is in WAL mode: copy it through SQLite, not as a file
    # As attributions v9 left it: the same turns, no questions, its version in the run keys.
    conn.execute("UPDATE attributions SET question_text = NULL, question_start = NULL, question_end = NULL, "
                 "question_id = NULL")
    from redline.extract.attributions import AttributionExtractor

    current = f"attributions={AttributionExtractor.version}"
    conn.execute("UPDATE stage_runs SET version = replace(version, ?, 'attributions=9')", (current,))
    conn.commit()
    conn.close()
    run("analyze", "--db", old)
    conn = sqlite3.connect(old)
    asked = conn.execute("SELECT COUNT(*) FROM attributions WHERE question_text IS NOT NULL").fetchone()[0]
    conn.close()
    assert asked >= 5


# --------------------------------------------------------------------------- shown


@pytest.fixture(scope="module")
def desk(analysed):
    from fastapi.testclient import TestClient

    from redline.present.web import create_app

    db, export, _ = analysed
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        yield client, export


def _finding_on(export: dict[str, Any], attribution_text: str) -> str:
    """The id of the finding one of whose sides is said in the answer starting with `attribution_text`."""
    answer = next(a for a in export["attributions"] if a["content"] and a["content"]["text"].startswith(attribution_text))
    lo, hi = answer["content"]["start"], answer["content"]["end"]
    items = {c["id"] for c in export["claims"] if c["document_id"] == answer["document_id"] and lo <= c["start"] < hi}
    items |= {q["id"] for q in export["quantities"] if q["document_id"] == answer["document_id"] and lo <= q["start"] < hi}
    items.add(answer["id"])
    found = [f["id"] for f in export["findings"] if f["a"]["id"] in items or f["b"]["id"] in items]
    assert found, "the leak's 19 killed and the general's 4 killed make no finding"
    return found[0]


ASKED = "in answer to: “General, how many soldiers were killed at Varna Field on 2 May?” (asked by Lena Fisk, Baltic Wire)"


def test_redline_findings_shows_the_question_under_the_answer(analysed):
    db, _, _ = analysed
    out = run("findings", "--db", db).output
    flat = " ".join(out.split())
    assert "— Brig. Gen. Ostrom — Norvik Ministry of Defence" in flat
    assert ASKED in flat
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if "Brig. Gen. Ostrom —" in line)
    assert lines[source + 1].strip().startswith("in answer to:"), "the question sits right under its answer's source"


def test_the_finding_page_shows_the_question_asker_and_readable_speaker(desk):
    client, export = desk
    html = client.get(f"/findings/{_finding_on(export, 'Four soldiers were killed')}").text
    assert '<p class="answered small">in answer to:' in html
    assert "“General, how many soldiers were killed at Varna Field on 2 May?”</a>" in html
    assert "(asked by Lena Fisk, Baltic Wire)" in html
    assert "<b>Brig. Gen. Ostrom</b>" in html and "<b>BRIG. GEN. OSTROM</b>" not in html.split('class="context"')[0]
    # The question links to itself in its document.
    q = next(a for a in export["attributions"] if a["content"] and a["content"]["text"].startswith("Four soldiers"))
    assert f'?hl={q["question"]["start"]}-{q["question"]["end"]}#hl' in html


def test_the_document_reader_lists_answers_with_their_questions_escaped(desk):
    client, export = desk
    doc = _docs(export)["norvik_briefing.txt"]
    html = client.get(f"/documents/{doc['id']}").text
    assert "Answers and their questions" in html
    assert "“Did the air defences at the depot &lt;b&gt;fail&lt;/b&gt;?”" in html
    assert "<b>fail</b>" not in html  # document text is never markup
    assert "(asked by Lena Fisk, Baltic Wire)" in html
    assert 'title="speaker: Brig. Gen. Ostrom"' in html
    assert "in answer to: “Did the air defences at the depot &lt;b&gt;fail&lt;/b&gt;?”" in html  # the answer's tooltip
    # The text itself stays as written (whatever marks the reader puts around its words).
    assert "BRIG. GEN. OSTROM" in re.sub(r"<[^>]+>", "", html)


def test_the_entity_and_timeline_pages_name_transcript_speakers_readably(desk):
    client, _ = desk
    timeline = client.get("/timeline").text
    assert "<b>Minister Dahl</b>" in timeline and "<b>MINISTER DAHL</b>" not in timeline
    assert "<b>Holm</b>" in timeline


def test_the_report_shows_the_question_and_readable_speaker(analysed):
    db, _, folder = analysed
    run("report", "--db", db, "-o", str(folder / "report.html"))
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert '<p class="answered small">in answer to: “General, how many soldiers were killed at Varna Field on 2 May?” ' \
           '<span class="muted">(asked by Lena Fisk, Baltic Wire)</span></p>' in html
    assert "<b>Brig. Gen. Ostrom</b> ·" in html


def test_findings_with_evidence_csv_carries_the_question(analysed, tmp_path):
    import csv

    db, _, _ = analysed
    run("export", "--db", db, "--format", "csv", "-o", str(tmp_path / "csv"))
    with (tmp_path / "csv" / "findings_with_evidence.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    sides = [(r[f"{x}_speaker"], r[f"{x}_question"], r[f"{x}_asked_by"]) for r in rows for x in "ab"]
    assert ("Brig. Gen. Ostrom",
            "Lena Fisk, Baltic Wire. General, how many soldiers were killed at Varna Field on 2 May?",
            "Lena Fisk, Baltic Wire") in sides


def test_finding_explanations_name_transcript_speakers_readably(analysed):
    _, export, _ = analysed
    finding = next(f for f in export["findings"] if f["id"] == _finding_on(export, "Four soldiers were killed"))
    assert "Brig. Gen. Ostrom" in finding["explanation"]
    assert "BRIG. GEN. OSTROM" not in finding["explanation"]
