"""The link stage through its public interfaces: pipeline.analyze, link(), the CLI."""

from __future__ import annotations

from click.testing import CliRunner

from redline.cli import main
from redline.link import LinkSummary, finding_id, link
from redline.pipeline import analyze
from redline.schema import Claim, Document, Finding
from redline.store import open_ledger

DOCS = [
    Document(id="statement", path="statement.txt", kind="official_statement", outlet="Ministry of Defence",
             published="2023-03-01",
             text="Defence Secretary Ann Hale said NATO is not involved in the fighting in Ukraine. "
                  "The United States has sent 31 Abrams tanks to Ukraine, Hale said."),
    Document(id="leak", path="leak.txt", kind="leaked_document", published="2023-03-03",
             text="97 NATO Special Operations troops are deployed inside Ukraine. "
                  "The United States has delivered 31 Abrams tanks to Ukraine."),
    Document(id="press", path="press.txt", kind="news_report", outlet="Daily Courier", published="2023-03-05",
             text="Hale told reporters the United States had sent 45 Abrams tanks to Ukraine. "
                  "Russia has lost 35,000 soldiers killed in action, officials said."),
    Document(id="wire", path="wire.txt", kind="news_report", outlet="Wire Service", published="2023-03-06",
             text="Russia has suffered 200,000 soldiers killed and wounded, officials said."),
]


def _analyzed(tmp_path, docs=DOCS):
    db = str(tmp_path / "l.db")
    ledger = open_ledger(db)
    ledger.upsert(docs)
    _, summary = analyze(ledger, {})
    return ledger, summary, db


def _finding(ledger, relation: str, a_words: str, b_words: str) -> Finding | None:
    texts = {c.id: c.text for c in ledger.select(Claim)}
    for f in ledger.findings(relation):
        pair = {texts[f.a_id], texts[f.b_id]}
        if any(a_words in t for t in pair) and any(b_words in t for t in pair):
            return f
    return None


def test_denial_against_leak_is_the_top_finding(tmp_path):
    ledger, summary, _ = _analyzed(tmp_path)
    assert isinstance(summary, LinkSummary)
    top = ledger.findings()[0]
    assert top.relation == "contradicts"
    texts = {c.id: c.text for c in ledger.select(Claim)}
    assert "not involved" in texts[top.a_id] and "97 NATO" in texts[top.b_id]
    assert "official statement" in top.explanation and "leaked document" in top.explanation


def test_numeric_conflict_different_measure_and_support(tmp_path):
    ledger, summary, _ = _analyzed(tmp_path)
    assert _finding(ledger, "numeric_conflict", "31 Abrams", "45 Abrams")
    killed = _finding(ledger, "different_measure", "35,000", "200,000")
    assert killed is not None and "includes" in killed.explanation
    assert _finding(ledger, "numeric_conflict", "35,000", "200,000") is None
    assert _finding(ledger, "supports", "sent 31", "delivered 31") or _finding(ledger, "same", "sent 31",
                                                                             "delivered 31")
    assert str(summary).startswith(f"{summary.findings} findings: ")
    assert "contradicts" in str(summary) and "numeric_conflict" in str(summary)


def test_summary_reads_like_a_sentence():
    s = LinkSummary(findings=14, by_relation={"supports": 9, "contradicts": 3, "numeric_conflict": 2})
    assert str(s) == "14 findings: 3 contradicts, 2 numeric_conflict, 9 supports"
    assert str(LinkSummary()) == "0 findings"


def test_rerun_keeps_ids_verdicts_and_cached_vectors(tmp_path):
    ledger, first, _ = _analyzed(tmp_path)
    assert first.vectors_computed > 0
    ids = {f.id for f in ledger.findings()}
    top = ledger.findings()[0]
    ledger.set_verdict(top.id, "confirmed", note="checked with the desk", by="ed")
    again = link(ledger, {})
    assert again.vectors_computed == 0  # nothing re-embedded
    assert {f.id for f in ledger.findings()} == ids
    assert ledger.verdicts()[top.id].verdict == "confirmed"
    assert top.id == finding_id(top.b_id, top.a_id)


def test_findings_within_one_document_rank_below_the_same_across_documents(tmp_path):
    doc = Document(id="one", path="one.txt", kind="news_report", published="2023-01-01",
                   text="The ministry said 120 civilians were killed in the strike on Kherson. "
                        "Later the same ministry said 300 civilians were killed in the strike on Kherson.")
    other = Document(id="two", path="two.txt", kind="news_report", published="2023-01-02", outlet="Other",
                     text="The city council said 500 civilians were killed in the strike on Kherson.")
    ledger, _, _ = _analyzed(tmp_path, [doc, other])
    conflicts = ledger.findings("numeric_conflict")
    claims = {c.id: c.document_id for c in ledger.select(Claim)}
    within = [f for f in conflicts if claims[f.a_id] == claims[f.b_id]]
    across = [f for f in conflicts if claims[f.a_id] != claims[f.b_id]]
    assert within and across
    assert max(f.score for f in within) < min(f.score for f in across)


def test_findings_command_filters_by_relation_and_kind(tmp_path):
    ledger, _, db = _analyzed(tmp_path)
    runner = CliRunner()
    # The table is narrow in a test terminal: look for the findings' short ids.
    contradicts = [f.id[:8] for f in ledger.findings("contradicts")]
    numeric = [f.id[:8] for f in ledger.findings("numeric_conflict")]
    assert contradicts and numeric
    out = runner.invoke(main, ["findings", "--db", db, "--relation", "contradicts"])
    assert out.exit_code == 0, out.output
    assert all(i in out.output for i in contradicts) and not any(i in out.output for i in numeric)
    out = runner.invoke(main, ["findings", "--db", db, "--kind", "leaked_document", "--entity", "NATO"])
    assert out.exit_code == 0, out.output
    nato = _finding(ledger, "contradicts", "not involved", "97 NATO")
    tanks = _finding(ledger, "numeric_conflict", "31 Abrams", "45 Abrams")
    assert nato.id[:8] in out.output and tanks.id[:8] not in out.output


def test_linking_without_the_embedding_model_still_types_pairs(tmp_path):
    db = str(tmp_path / "plain.db")
    ledger = open_ledger(db)
    ledger.upsert(DOCS)
    from redline.pipeline import extract

    extract(ledger, {})
    summary = link(ledger, {"link_embeddings": False})
    assert summary.vectors_computed == 0
    assert summary.by_relation.get("numeric_conflict")


def test_missing_sentence_model_degrades_to_words_with_a_note(tmp_path, monkeypatch):
    from redline.link import embed
    from redline.pipeline import extract

    def missing(package):
        raise embed.EmbeddingModelMissing(f"the package {package} is not installed")

    monkeypatch.setattr(embed, "_package_dir", missing)
    embed.shared_embedder.cache_clear()
    ledger = open_ledger(str(tmp_path / "nomodel.db"))
    ledger.upsert(DOCS)
    extract(ledger, {})
    summary = link(ledger, {})
    embed.shared_embedder.cache_clear()
    assert summary.notes and "words only" in summary.notes[0]
    assert summary.by_relation.get("numeric_conflict")


def test_agreement_counts_independent_root_sources(tmp_path):
    docs = [
        Document(id="c1", path="c1.txt", kind="news_report", outlet="Courier", published="2024-05-01",
                 text="The Pentagon said 300 Marines are deployed to the Philippines."),
        Document(id="c2", path="c2.txt", kind="news_report", outlet="Daily", published="2024-05-01",
                 text="300 Marines are deployed to the Philippines, the Pentagon said."),
        Document(id="c3", path="c3.txt", kind="news_report", outlet="Herald", published="2024-05-02",
                 text="Some 300 Marines are deployed to the Philippines, the Philippine army said."),
    ]
    ledger, _, _ = _analyzed(tmp_path, docs)
    agreeing = [f for f in ledger.findings() if f.relation in ("same", "supports")]
    relations = {frozenset((f.a_id, f.b_id)): f.relation for f in agreeing}
    claims = {c.document_id: c.id for c in ledger.select(Claim)}
    assert relations[frozenset((claims["c1"], claims["c2"]))] == "same"  # one source, twice
    assert relations[frozenset((claims["c1"], claims["c3"]))] == "supports"
    assert all("3 claims agree, resting on 2 independent sources" in f.explanation for f in agreeing)
