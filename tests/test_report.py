"""The one-file HTML report, written through the CLI and the Python API over a hand-made ledger."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from redline.cli import main as cli
from redline.present.report import render_report, write_report
from redline.present.sample import fill_sample
from redline.store import open_ledger


@pytest.fixture()
def ledger(tmp_path):
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    fill_sample(ledger)
    yield ledger
    ledger.close()


class _Tags(HTMLParser):
    """Every start tag with its attributes, to check what a browser would load or run."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_cli_writes_one_self_contained_file(tmp_path, ledger):
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", ledger.path, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    tags = tags_of(html)
    names = {t for t, _ in tags}
    assert "script" not in names and "link" not in names and "iframe" not in names and "img" not in names
    for tag, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "action") and value:
                assert value.startswith("#"), (tag, name, value)  # nothing loaded from outside the file
            if name == "href" and value:
                # In-page anchors, and links a reader may follow to a source's web page.
                assert value.startswith(("#", "https://", "http://")), (tag, name, value)
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script" not in csp
    assert "@media print" in html  # prints well
    assert not list(tmp_path.joinpath("out").glob("*.part"))


def test_report_sections_and_evidence(ledger):
    html = render_report(ledger)
    for anchor in ('id="summary"', 'id="findings"', 'id="figures"', 'id="timeline"', 'id="sources"'):
        assert anchor in html
    # The top finding shows both pieces of evidence, highlighted, with their sources.
    assert '<span class="evidence-span">no soldier has been killed in the operation</span>' in html
    assert '<span class="evidence-span">Losses to date: 41,200 killed in action.</span>' in html
    assert "Defence Minister Anna Berg" in html and "Northern Command situation report" in html
    assert html.index("finding-f-contradicts") < html.index("finding-f-numeric") < html.index("finding-f-supports")
    # Relays are named, and the figures chart is drawn for the disputed measure.
    assert "officials → Reuters → Daily Ledger" in html
    assert html.count('class="chart figures-chart"') == 2  # killed soldiers, deployed troops
    assert 'class="chart timeline-chart"' in html
    for title in ("Statement on border operations", "Northern Command situation report", "The truth about the toll"):
        assert title in html
    assert "OCR engine not installed (tesseract)" in html


def test_rejected_findings_are_left_out_and_verdicts_shown(ledger):
    ledger.set_verdict("f-supports", "rejected", "different populations", "ed")
    ledger.set_verdict("f-numeric", "confirmed", "checked with the ministry", "ed")
    html = render_report(ledger)
    assert "finding-f-supports" not in html
    assert "finding-f-numeric" in html and "checked with the ministry" in html
    assert "1 confirmed and 1 rejected" in html


def test_hostile_text_is_inert_in_the_report(ledger):
    html = render_report(ledger)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert 'href="https://daily-ledger.example/border-losses"' in html
    assert 'href="javascript' not in html.lower()
    assert "&lt;script&gt;alert(&#39;explanation&#39;)&lt;/script&gt;" in html
    for tag, attrs in tags_of(html):
        assert tag not in ("script", "img") and not any(name.startswith("on") for name in attrs), tag


def test_empty_ledger_still_gives_a_report(tmp_path):
    empty = open_ledger(str(tmp_path / "empty.db"))
    path = write_report(empty, tmp_path / "empty.html")
    html = path.read_text(encoding="utf-8")
    assert "No findings." in html and "Nothing dated." in html
    empty.close()


def test_interval_chart_marks_exact_ranges_and_open_ends():
    from redline.present.charts import figures_chart

    rows = [
        {"low": 97, "high": 97, "value": 97, "kind": "official_statement", "label": "Ministry", "text": "97"},
        {"low": 180, "high": 220, "value": None, "kind": "news_report", "label": "Daily", "text": "180-220"},
        {"low": 150, "high": None, "value": 150, "qualifier": "more_than", "kind": "news_report",
         "label": "Post", "text": "more than 150"},
        {"low": None, "high": 300, "value": 300, "qualifier": "at_most", "kind": "leaked_document",
         "label": "Memo <b>", "text": "up to 300"},
    ]
    svg = str(figures_chart(rows, scale="linear"))
    assert svg.count("<circle") == 3  # the exact figure, and the known end of each open interval
    assert svg.count('rx="4"') == 1  # one range bar
    assert svg.count('marker-end="url(#open-end)"') == 2  # 'over' and 'up to' run off with an arrow
    assert 'fill="#fff"' in svg  # 'more than' excludes its bound: a hollow dot
    assert "Memo &lt;b&gt;" in svg and "Memo <b>" not in svg
    assert "log scale" not in svg
    assert "log scale" in str(figures_chart([{"low": 12, "high": 12, "label": "a"},
                                            {"low": 41200, "high": 41200, "label": "b"}]))


def test_timeline_keeps_outliers_from_squeezing_the_chart():
    from redline.present.charts import timeline_chart

    items = [{"date": f"2023-03-{day:02d}", "kind": "news_report", "type": "statement", "label": "x", "text": "t"}
             for day in range(1, 21)]
    items.append({"date": "2019-01-01", "kind": "opinion", "type": "figure", "label": "old", "text": "t"})
    svg = str(timeline_chart(items))
    assert "1 earlier, see the list" in svg
    assert "Mar 2023" in svg and "2019" not in svg
    assert svg.count("<circle") == 20


def test_report_names_files_without_the_reporters_folders(tmp_path, ledger):
    html = render_report(ledger)
    assert "ministry.txt" in html and "broken.pdf" in html
    assert "/nonexistent-redline-sample" not in html
    assert str(tmp_path) not in html


def test_figures_chart_says_which_date_each_row_has():
    from redline.present.charts import figures_chart

    rows = [{"low": 47, "high": 47, "label": "Courier", "as_of": "2026-W10", "published": "2026-03-10",
             "date": "2026-W10"},
            {"low": 18, "high": 18, "label": "Ministry", "published": "2026-03-11", "date": "2026-03-11"}]
    svg = str(figures_chart(rows))
    assert "· as of 2026-W10<" in svg and "· published 2026-03-11<" in svg
    assert "· 2026-W10<" not in svg
