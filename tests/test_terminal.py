"""Findings in the terminal: the blocks `redline findings` and `redline demo` print, on real ledgers."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

from redline import demo
from redline.cli import main as cli
from redline.present import charts, templating, terminal, views
from redline.present.sample import fill_sample
from redline.schema import Attribution, Finding, SpanRef
from redline.store import open_ledger


@pytest.fixture()
def ledger(tmp_path):
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    fill_sample(ledger)
    yield ledger
    ledger.close()


def _console(width: int = 80) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=width, force_terminal=False, color_system=None), out


def test_demo_prints_the_same_blocks_as_findings(ledger):
    console, out = _console(80)
    shown = demo._top_findings(ledger, 8, console)
    text = out.getvalue()
    assert shown == 6
    # One block per finding: each quote whole on its own line, not a column of three-word lines.
    assert "  A  “no soldier has been killed in the operation”" in text
    assert "  B  “Losses to date: 41,200 killed in action.”" in text
    assert "│" not in text and "┃" not in text  # no table
    result = CliRunner().invoke(cli, ["findings", "--db", ledger.path], env={"COLUMNS": "80"})
    for line in ("  A  “no soldier has been killed in the operation”", "  B  “Losses to date: 41,200 killed in action.”"):
        assert line in result.output


def test_blocks_flatten_line_breaks_and_escape_markup():
    rows = [{"id": "f-ocr-0123456789", "relation": "numeric_conflict", "score": 0.5, "verdict": None,
             "a_text": "More than 35,000\nsoldiers [bold]were[/bold]\n  killed", "a_source": "Scan [red]x[/] (leak)",
             "b_text": "12 soldiers", "b_source": "Daily", "explanation": "35,000\nvs 12"}]
    console, out = _console(80)
    assert terminal.print_findings(console, rows) == 1
    text = out.getvalue()
    assert "“More than 35,000 soldiers [bold]were[/bold] killed”" in text
    assert "— Scan [red]x[/] (leak)" in text
    assert "why 35,000 vs 12" in text


def test_the_question_an_answer_was_given_to_is_flattened_and_escaped():
    rows = [{"id": "f-q", "relation": "numeric_conflict", "score": 0.5, "verdict": None,
             "a_text": "Four soldiers", "a_source": "Gen. Ostrom — MoD",
             "a_in_answer_to": "in answer to: “How many\n[red]killed[/]?” (asked by Q [bold]x[/])",
             "b_text": "19", "b_source": "Leak", "b_in_answer_to": "", "explanation": "4 vs 19"}]
    console, out = _console(120)
    terminal.print_findings(console, rows)
    lines = out.getvalue().splitlines()
    at = next(i for i, line in enumerate(lines) if "— Gen. Ostrom — MoD" in line)
    assert lines[at + 1] == "     in answer to: “How many [red]killed[/]?” (asked by Q [bold]x[/])"
    assert sum("in answer to" in line for line in lines) == 1  # side B answers nothing


def test_demo_clips_long_quotes_at_a_word():
    rows = [{"id": "f", "relation": "same", "score": 1.0, "verdict": None, "a_text": "word " * 100,
             "a_source": "x", "b_text": "b", "b_source": "y", "explanation": "e"}]
    console, out = _console(200)
    terminal.print_findings(console, rows, clip_at=40)
    assert "“word word word word word word word…”" in out.getvalue()


def test_one_clip_and_one_relation_order():
    assert not hasattr(demo, "_clip") and not hasattr(charts, "_clip")
    assert templating.clip is views.clip and charts.clip is views.clip
    order = ("contradicts", "numeric_conflict", "different_measure", "supports", "same")
    assert views.RELATION_ORDER == order
    assert tuple(terminal.RELATION_STYLES) == order
    assert [rel for rel, _ in views.overview(open_ledger(":memory:"))["by_relation"]] == list(order)


def test_demo_relations_table_in_the_one_order(ledger):
    table, total = demo._relations_table(ledger)
    console, out = _console(80)
    console.print(table)
    text = out.getvalue()
    positions = [text.index(rel) for rel in views.RELATION_ORDER]
    assert positions == sorted(positions) and total == 6


def test_sort_by_relation_follows_the_one_order(ledger):
    rows = views.finding_rows(ledger, sort="relation")
    ranks = [views.RELATION_ORDER.index(r["relation"]) for r in rows]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1


def test_findings_for_an_unknown_entity_says_so(ledger):
    result = CliRunner().invoke(cli, ["findings", "--db", ledger.path, "--entity", "Nobody"])
    assert result.exit_code == 0
    assert "no entity called 'Nobody'" in result.output
    assert "redline entities list -q Nobody" in result.output
    assert "no findings match" not in result.output
    # A known entity with no findings of that relation is a plain "no findings match".
    known = CliRunner().invoke(cli, ["findings", "--db", ledger.path, "--entity", "Reuters", "--relation", "same"])
    assert "no findings match those filters" in known.output


def test_source_lines_label_their_dates(ledger):
    text = ledger.get_document("d-daily").text
    said = Attribution(id="a-dated", document_id="d-daily", source=SpanRef("Anna Berg", text.index("Anna Berg"),
                       text.index("Anna Berg") + 9), cue=None,
                       content=SpanRef("minimal", text.index("minimal"), text.index("minimal") + 7),
                       kind="direct", stance="asserts", date="2023-03-01")
    ledger.upsert([said, Finding(id="f-dated", relation="supports", a_type="attribution", a_id="a-dated",
                                 b_type="quantity", b_id="q-deployed-ministry", score=0.01, explanation="dated")])
    row = next(r for r in views.finding_rows(ledger, limit=None) if r["id"] == "f-dated")
    assert row["a_dates"] == "published 2023-03-04, said on 2023-03-01"
    assert "(news report, published 2023-03-04, said on 2023-03-01)" in row["a_source"]
    # The other side is a figure from the ministry's statement, published the 3rd.
    assert row["b_dates"].startswith("published 2023-03-03")
    result = CliRunner().invoke(cli, ["findings", "--db", ledger.path, "--relation", "supports"],
                                env={"COLUMNS": "200"})
    assert "published 2023-03-04, said on 2023-03-01" in result.output
    assert views.dates_label("2026-03-10", None, "2026-W10") == "published 2026-03-10, as of 2026-W10"
    assert views.dates_label(None, None, None) == ""
