"""What the QA review of the demo found in linking: run-on claims, questions credited to
the publisher, figures of unrelated things, relayed sources, floods of one disagreement,
entity merges across governments, and explanation wording."""

from __future__ import annotations

from tests.test_link_relations import fig, view

from redline.extract.claims import MAX_CHARS
from redline.link import relations
from redline.link.relations import MAX_FIGURES, RuleClassifier
from redline.pipeline import extract
from redline.schema import Document
from redline.store import open_ledger


def _run_on_text(size: int) -> str:
    parts, i = [], 0
    while sum(len(p) + 5 for p in parts) < size:
        parts.append(f"the northern depot logged {i * 7 + 3} crates of rations and {i * 11 + 5} litres of fuel")
        i += 1
    return " and ".join(parts)


def test_a_line_without_sentence_ends_gives_no_giant_claim(tmp_path):
    ledger = open_ledger(str(tmp_path / "c.db"))
    ledger.upsert([Document(id="d", path="d.txt", text=_run_on_text(30_000), kind="news_report")])
    summary = extract(ledger, {})
    assert not summary.failed
    assert all(len(c.text) <= MAX_CHARS for c in ledger.claims_of("d"))


def test_figure_comparisons_per_pair_are_capped(monkeypatch):
    calls = []
    original = RuleClassifier._figure_pair

    def counting(self, *args):
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(RuleClassifier, "_figure_pair", counting)
    text = " and ".join(f"{n} soldiers killed" for n in range(100, 200))
    figures = [fig(f"{n} soldiers", n, measure="killed") for n in range(100, 200)]
    a = view(text, doc="a", figures=figures)
    b = view(text, doc="b", figures=figures)
    relations.RuleClassifier().classify(a, b, 0.95)
    assert 0 < len(calls) <= MAX_FIGURES * MAX_FIGURES
