"""What the QA review of the demo found in linking: run-on claims, questions credited to
the publisher, figures of unrelated things, relayed sources, floods of one disagreement,
entity merges across governments, and explanation wording."""

from __future__ import annotations

from tests.test_link_relations import RULES, fig, view

from redline.extract.claims import MAX_CHARS
from redline.link import relations
from redline.link.relations import MAX_FIGURES, RuleClassifier
from redline.pipeline import extract
from redline.schema import Attribution, Document, SpanRef
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


def _claim_texts(tmp_path, text: str, kind: str, title: str | None = None) -> list[str]:
    ledger = open_ledger(str(tmp_path / f"q{len(list(tmp_path.iterdir()))}.db"))
    ledger.upsert([Document(id="d", path="d.txt", text=text, kind=kind, title=title)])
    summary = extract(ledger, {})
    assert not summary.failed
    return [c.text for c in ledger.claims_of("d")]


def test_questions_in_a_transcript_are_not_claims_and_speaker_labels_are_cut(tmp_path):
    text = ("HARBOUR AUTHORITY OF NORDVIK\nBriefing by the harbour master, Tomas Brekke\n\n"
            "HARBOUR MASTER BREKKE: The northern pier reopened on Monday after repairs.\n\n"
            "Q: Lena Holm, Nordvik Gazette. Our reporters counted 12 damaged cranes on the pier. "
            "Will the cranes be replaced?\n\n"
            "HARBOUR MASTER BREKKE: The port authority has ordered 4 new cranes from Sweden.\n")
    texts = _claim_texts(tmp_path, text, "transcript")
    assert not any("12 damaged cranes" in t or "Lena Holm" in t for t in texts)
    assert "The port authority has ordered 4 new cranes from Sweden." in texts
    assert not any(t.startswith("HARBOUR MASTER") for t in texts)


def test_headings_headlines_and_standfirsts_are_not_claims(tmp_path):
    md = ("# Statement on the closure of the Nordvik ferry line\n\n"
          "The Nordvik ferry operator suspended all crossings to Halvøy on Tuesday.\n")
    assert _claim_texts(tmp_path, md, "official_statement") == [
        "The Nordvik ferry operator suspended all crossings to Halvøy on Tuesday."]
    news = ("Ferry operator halts Halvøy crossings after storm damage\n\n"
            "Nordvik Shipping blames the harbour authority for the delay\n\n"
            "The Nordvik ferry operator suspended all crossings to Halvøy on Tuesday, the company said.\n")
    texts = _claim_texts(tmp_path, news, "news_report", title="Ferry operator halts Halvøy crossings")
    assert texts == ["The Nordvik ferry operator suspended all crossings to Halvøy on Tuesday, the company said."]


def test_figures_of_unrelated_things_are_not_a_different_measure():
    shelled = view("The shelling of Brava has killed 52 civilians since May.", doc="a",
                   figures=[fig("52 civilians", 52, measure="killed", counted="civilians")], places=["Brava"])
    fled = view("About 6,300 residents have fled Brava since the shelling began in May.", doc="b",
                figures=[fig("About 6,300 residents", 6300, measure="displaced", counted="residents")],
                places=["Brava"])
    assert RULES.classify(shelled, fled, 0.75) is None
    deployed = view("31 coalition engineers are deployed in Norland.", doc="c",
                    figures=[fig("31 coalition engineers", 31, measure="deployed",
                                 counted="coalition engineers")], places=["Norland"])
    trained = view("We have trained 1,900 Norlandian soldiers here in Sudria.", doc="d",
                   figures=[fig("1,900 Norlandian soldiers", 1900, measure="trained",
                                counted="Norlandian soldiers")], places=["Sudria"])
    assert RULES.classify(deployed, trained, 0.7) is None
    stationed = view("The coalition has 900 coalition troops stationed in Sudria.", doc="e",
                     figures=[fig("900 coalition troops", 900, measure="deployed", counted="coalition troops")],
                     places=["Sudria"])
    assert RULES.classify(stationed, trained, 0.7) is None
    unqualified = view("The plan keeps 900 troops stationed in Sudria.", doc="h",
                       figures=[fig("900 troops", 900, measure="deployed", counted="troops")], places=["Sudria"])
    assert RULES.classify(unqualified, trained, 0.7) is None
    # One thing counted two ways stays a different measure.
    killed = view("The flood killed 40 villagers in Brava.", doc="f",
                  figures=[fig("40 villagers", 40, measure="killed", counted="villagers")], places=["Brava"])
    hurt = view("The flood killed or injured 130 villagers in Brava.", doc="g",
                figures=[fig("130 villagers", 130, measure="killed and wounded", counted="villagers")],
                places=["Brava"])
    assert RULES.classify(killed, hurt, 0.8).relation == "different_measure"


def _quoting(v, source: str, doc_label: str):
    """Give a test view an attribution to `source` (at the start of its text) and an outlet."""
    start = v.text.find(source)
    v.attribution = Attribution(id=f"{v.doc.id}:att", document_id=v.doc.id,
                                source=SpanRef(source, start, start + len(source)), kind="indirect",
                                stance="asserts")
    v.chain = [v.attribution]
    v.source_label = source
    v.doc.outlet = doc_label
    return v


def test_an_official_quoted_in_a_leak_is_labelled_and_scored_as_the_official():
    quoted = _quoting(view("The Sudrian Ministry of Interior claims\nthat no more than 400 soldiers were killed.",
                           doc="leak", kind="leaked_document", published="2025-01-02",
                           figures=[fig("no more than 400 soldiers", 0, 400, measure="killed")]),
                      "The Sudrian Ministry of Interior", "Coalition Analysis Unit (internal)")
    own = view("Coalition analysts count 2,100 soldiers killed.", doc="leak2", kind="leaked_document",
               published="2025-01-03", figures=[fig("2,100 soldiers", 2100, measure="killed")])
    statement = view("The army says 2,000 soldiers were killed.", doc="gov", kind="official_statement",
                     published="2025-01-04", figures=[fig("2,000 soldiers", 2000, measure="killed")])
    j = RULES.classify(quoted, statement, 0.8)
    assert j.relation == "numeric_conflict"
    assert "A is the Sudrian Ministry of Interior as quoted in a leaked document" in j.explanation
    assert "\n" not in j.explanation and "((" not in j.explanation and "internal))" not in j.explanation
    # Official against official, not official against a leak: below the leak's own figure.
    assert j.score < RULES.classify(own, statement, 0.8).score


def test_a_denial_explanation_lists_a_before_b():
    found = view("31 coalition engineers are deployed in Norland.", doc="a", kind="leaked_document",
                 published="2025-01-01", figures=[fig("31 coalition engineers", 31, measure="deployed",
                                                      counted="coalition engineers")],
                 actors=["coalition"], places=["Norland"])
    denial = view("No coalition engineers are deployed in Norland.", doc="b", kind="official_statement",
                  published="2025-01-05", polarity="negative", actors=["coalition"], places=["Norland"])
    j = RULES.classify(found, denial, 0.8)
    assert j.relation == "contradicts"
    assert j.explanation.index("A (") < j.explanation.index("B (")


FLOOD_DOCS = [
    Document(id="denial", path="denial.txt", kind="official_statement", outlet="Ministry of Defence of Sudria",
             published="2025-04-02", text="No coalition engineers are operating inside Norland, the ministry said."),
    Document(id="slide", path="slide.txt", kind="leaked_document", outlet="Coalition Engineering Staff",
             published="2025-04-01", text="31 coalition engineers are operating inside Norland."),
    Document(id="memo", path="memo.txt", kind="leaked_document", outlet="Coalition Logistics Office",
             published="2025-04-03", text="The logistics office confirms that 31 coalition engineers are operating "
                                          "inside Norland."),
    Document(id="paper", path="paper.txt", kind="news_report", outlet="Brava Herald", published="2025-04-04",
             text="The Sudrian defence ministry said that no coalition engineers are operating inside Norland. "
                  "Up to 2,000 residents have fled Ostra since the floods began, the mayor said."),
    Document(id="wire", path="wire.txt", kind="news_report", outlet="Norland Wire", published="2025-04-05",
             text="More than 9,000 residents have fled Ostra since the floods began, the Red Cross said."),
]


def test_one_disagreement_does_not_flood_the_ranking(tmp_path):
    from redline.link import link as run_link
    from redline.schema import Claim, Finding

    ledger = open_ledger(str(tmp_path / "flood.db"))
    ledger.upsert(FLOOD_DOCS)
    extract(ledger, {})
    run_link(ledger, {})
    claims = {c.id: c for c in ledger.select(Claim)}
    conflicts = sorted((f for f in ledger.select(Finding) if f.relation in ("contradicts", "numeric_conflict")),
                       key=lambda f: -f.score)
    denials = [f for f in conflicts if "engineers" in claims[f.a_id].text]
    assert len(denials) >= 3, [claims[f.a_id].text for f in conflicts]
    fled = [i for i, f in enumerate(conflicts) if "Ostra" in claims[f.a_id].text]
    assert fled and fled[0] <= 1  # the second disagreement comes right after the first one's best pair
    same_doc = [f for f in conflicts if claims[f.a_id].document_id == claims[f.b_id].document_id]
    across = [f for f in conflicts if claims[f.a_id].document_id != claims[f.b_id].document_id]
    assert all(s.score < min(f.score for f in across) for s in same_doc)


def _org(mid: str, doc: str, text: str):
    from redline.schema import Mention

    return Mention(id=mid, document_id=doc, text=text, start=0, end=len(text), type="organization")


def test_a_bare_ministry_goes_to_its_own_government_not_to_both():
    from redline.link.resolve import resolve_entities

    mentions = [_org("q1", "x", "Sudrian Ministry of Defence"), _org("q2", "y", "Ministry of Defence of Norland"),
                _org("b1", "s", "Ministry of Defence"), _org("b2", "n", "Ministry of Defence"),
                _org("b3", "z", "Ministry of Defence")]
    outlets = {"s": "Ministry of Defence of Sudria", "n": "Norland Ministry of Defence", "z": "Brava Herald"}
    r = resolve_entities(mentions, [], outlets)
    e = r.mention_entity
    assert e["b1"] != e["b2"]
    assert e["b2"] == e["q2"]  # the Norland ministry's own statement
    assert e["b3"] not in (e["b1"], e["b2"], e["q1"])  # a paper that names no government: its own
    names = {x.id: x.name for x in r.entities}
    assert names[e["b2"]] == "Ministry of Defence of Norland"


def test_capital_letter_headers_give_no_junk_names(tmp_path):
    from redline.schema import Mention

    text = ("MINISTRY OF DEFENCE OF THE REPUBLIC OF SUDRIA\nRESTRICTED - COALITION EYES ONLY\n\n"
            "The Sudrian Ministry of Defence said that Colonel Ada Brun visited Norland on Monday.\n")
    ledger = open_ledger(str(tmp_path / "h.db"))
    ledger.upsert([Document(id="d", path="d.txt", text=text, kind="official_statement")])
    extract(ledger, {})
    texts = [m.text for m in ledger.select(Mention)]
    assert texts and not any(t.isupper() and " " in t for t in texts), texts
    assert not any(t.split()[-1].lower() in ("of", "the") for t in texts)


def test_plain_type_errors_are_corrected_from_the_sentence(tmp_path):
    from redline.schema import Mention

    text = ("In Ostra, Hedda Voll, 64, said she had left her house on Friday. "
            "Relief convoys reached the camps around Brevik on Monday. "
            "Rockets struck the harbour district overnight.")
    ledger = open_ledger(str(tmp_path / "t.db"))
    ledger.upsert([Document(id="d", path="d.txt", text=text, kind="news_report")])
    extract(ledger, {})
    types = {m.text: m.type for m in ledger.select(Mention)}
    assert types.get("Hedda Voll") == "person", types
    assert types.get("Brevik") == "place", types
    assert "Rockets" not in types


def test_what_describes_a_source_is_not_where_the_claim_happened():
    from redline.link.features import DocInfo, build_views
    from redline.schema import Claim, Entity, Mention

    text = "Some 500 families left Ostra, the relief committee, which runs a shelter in Brevik, said."
    claim = Claim(id="c", document_id="d", text=text, start=0, end=len(text))
    src, cue = text.index("the relief committee"), text.index("said")
    att = Attribution(id="a", document_id="d", source=SpanRef("the relief committee", src, src + 20),
                      cue=SpanRef("said", cue, cue + 4), content=SpanRef(text[:src - 2], 0, src - 2))
    claim = claim.replace(attribution_id="a")
    mentions = [Mention(id=f"m{w}", document_id="d", text=w, start=text.index(w), end=text.index(w) + len(w),
                        type="place") for w in ("Ostra", "Brevik")]
    entities = {f"e{w}": Entity(id=f"e{w}", name=w, type="place") for w in ("Ostra", "Brevik")}
    (v,) = build_views([claim], {"d": DocInfo("d", "news_report", "Herald", None, "2025-01-01")}, mentions,
                       entities, {f"m{w}": f"e{w}" for w in ("Ostra", "Brevik")}, [att], {}, [], [])
    assert v.places == {"eOstra"}


def test_one_pair_of_figures_that_are_different_measures_is_shown_once():
    from redline.link import _diversify
    from redline.schema import Finding

    def claim(doc, text, low, high, measure):
        return view(text, doc=doc, figures=[fig(text.split(" soldiers")[0].split()[-1], low, high, measure=measure)])

    views = {v.id: v for v in (
        claim("a", "Losses are approaching 40,000 soldiers killed and wounded.", 0, 40000, "killed and wounded"),
        claim("b", "Officials put losses at approaching 40,000 soldiers killed and wounded.", 0, 40000,
              "killed and wounded"),
        claim("c", "So far 13,800 soldiers were killed.", 13800, 13800, "killed"),
        claim("d", "The staff says 13,800 soldiers were killed.", 13800, 13800, "killed"),
        claim("e", "Between 12,000 and 14,500 soldiers were killed.", 12000, 14500, "killed"))}
    a, b, c, d, e = views

    def finding(x, y, relation, score):
        return Finding(id=f"{x}|{y}", relation=relation, a_type="claim", a_id=x, b_type="claim", b_id=y,
                       score=score, explanation="...")

    found = [finding(a, b, "supports", 0.37), finding(c, d, "supports", 0.37),
             finding(a, c, "different_measure", 0.40), finding(b, c, "different_measure", 0.39),
             finding(a, d, "different_measure", 0.385), finding(b, e, "different_measure", 0.38)]
    out = _diversify({f.id: f for f in found}, views)
    assert out[f"{a}|{c}"].score == 0.40
    assert out[f"{b}|{e}"].score == 0.38  # another figure (12,000 to 14,500): a finding of its own
    for repeat in (f"{b}|{c}", f"{a}|{d}"):
        assert out[repeat].score < 0.3 and "Another pairing of the same figures" in out[repeat].explanation
        assert out[repeat].score >= 0.2
