"""Relation typing: the rule classifier on hand-made claim views, the labelled pairs, blocking."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.link import FirstOf, Judgement, RelationClassifier, RuleClassifier, finding_id, link
from redline.link.blocking import candidate_pairs
from redline.link.features import ClaimView, DocInfo, content_words
from redline.pipeline import extract
from redline.schema import Claim, Document, Quantity
from redline.store import open_ledger

PAIRS = Path(__file__).parent / "data" / "claim_pairs.jsonl"


def view(text: str, *, doc: str = "d1", kind: str = "news_report", published: str = "2024-03-06",
         polarity: str = "positive", figures: list[dict] | None = None, actors=(), places=(), groups=(),
         dates=(), provenance: str | None = None) -> ClaimView:
    claim = Claim(id=f"{doc}:{text}", document_id=doc, text=text, start=0, end=len(text), polarity=polarity)
    quantities = []
    for n, f in enumerate(figures or []):
        start = text.find(f["text"])
        quantities.append(Quantity(id=f"{doc}:q{n}", document_id=doc, start=start, end=start + len(f["text"]),
                                   **{"value": f.get("low"), **f}))
    names = {e: e for e in (*actors, *places, *groups)}
    return ClaimView(claim=claim, doc=DocInfo(doc, kind, f"outlet {doc}", None, published),
                     entities=frozenset(names), actors=frozenset(actors), places=frozenset(places),
                     groups=frozenset(groups), entity_names=names, quantities=quantities, dates=list(dates),
                     words=content_words(text), core_words=content_words(text),
                     provenance=provenance or f"outlet:{doc}", relayers=frozenset({f"outlet:{doc}"}),
                     outlet_key=f"outlet:{doc}")


def fig(text, low, high=None, measure=None, counted="soldiers", qualifier=None, unit=None, as_of=None):
    return {"text": text, "low": float(low), "high": float(high if high is not None else low),
            "measure": measure, "counted": counted, "qualifier": qualifier, "unit": unit, "as_of": as_of}


RULES = RuleClassifier()


def test_same_measure_disjoint_figures_conflict_and_say_why():
    a = view("Russia lost 35,000 soldiers killed.", doc="a", kind="official_statement",
             figures=[fig("35,000", 35000, measure="killed")], actors=["Russia"])
    b = view("Russia lost 50,000 soldiers killed.", doc="b", kind="leaked_document",
             figures=[fig("50,000", 50000, measure="killed")], actors=["Russia"])
    j = RULES.classify(a, b, 0.9)
    assert j.relation == "numeric_conflict"
    assert "35,000" in j.explanation and "50,000" in j.explanation and "leaked document" in j.explanation


def test_nested_measures_are_different_measure_unless_impossible():
    killed = view("Russia lost 40,000 soldiers killed.", doc="a", figures=[fig("40,000", 40000, measure="killed")])
    many = view("Russia lost 200,000 soldiers killed and wounded.", doc="b",
                figures=[fig("200,000", 200000, measure="killed and wounded")])
    few = view("Russia lost 10,000 soldiers killed and wounded.", doc="c",
               figures=[fig("10,000", 10000, measure="killed and wounded")])
    j = RULES.classify(killed, many, 0.8)
    assert j.relation == "different_measure" and "includes" in j.explanation
    assert RULES.classify(killed, few, 0.8).relation == "numeric_conflict"


def test_different_groups_places_and_dates_are_never_conflicts():
    base = dict(figures=[fig("20,000", 20000, measure="killed", counted="Russian soldiers")])
    a = view("20,000 Russian soldiers were killed in Bakhmut.", doc="a", places=["Bakhmut"], **base)
    other_group = view("7,000 Ukrainian soldiers were killed in Bakhmut.", doc="b", places=["Bakhmut"],
                       figures=[fig("7,000", 7000, measure="killed", counted="Ukrainian soldiers")])
    other_place = view("7,000 Russian soldiers were killed in Avdiivka.", doc="c", places=["Avdiivka"],
                       figures=[fig("7,000", 7000, measure="killed", counted="Russian soldiers")])
    earlier = view("By May 2022, 7,000 Russian soldiers were killed in Bakhmut.", doc="d", places=["Bakhmut"],
                   dates=["2022-05"], figures=[fig("7,000", 7000, measure="killed", counted="Russian soldiers",
                                                   as_of="2022-05")])
    later = view("By May 2023, 20,000 Russian soldiers were killed in Bakhmut.", doc="e", places=["Bakhmut"],
                 dates=["2023-05"], figures=[fig("20,000", 20000, measure="killed", counted="Russian soldiers",
                                                 as_of="2023-05")])
    for x, y, reason in ((a, other_group, "groups"), (a, other_place, "places"), (earlier, later, "dates")):
        j = RULES.classify(x, y, 0.85)
        assert j is not None and j.relation == "different_measure", (x.text, y.text, j)
        assert reason in j.explanation


def test_denial_against_deployment_contradicts_and_ranks_above_agreement():
    denial = view("NATO is not involved in the conflict in Ukraine.", doc="a", kind="official_statement",
                  polarity="negative", actors=["NATO"], places=["Ukraine"])
    leak = view("97 NATO Special Operations troops are deployed inside Ukraine.", doc="b", kind="leaked_document",
                actors=["NATO"], places=["Ukraine"], figures=[fig("97", 97, measure="deployed", counted="troops")])
    other_actor = view("The United States has sent 31 tanks to Ukraine.", doc="c", actors=["United States"],
                       places=["Ukraine"], figures=[fig("31", 31, counted="tanks")])
    j = RULES.classify(denial, leak, 0.43)
    assert j.relation == "contradicts" and "official statement" in j.explanation
    assert RULES.classify(denial, other_actor, 0.45) is None
    agree = RULES.classify(leak, view("Some 97 NATO troops are deployed inside Ukraine.", doc="d",
                                      actors=["NATO"], places=["Ukraine"],
                                      figures=[fig("97", 97, measure="deployed", counted="troops")]), 0.9)
    assert agree.relation in ("supports", "same") and agree.score < j.score


def test_same_source_twice_is_same_and_independent_sources_support():
    a = view("The mayor said 17 people were killed at the market.", doc="a", provenance="desc:mayor",
             figures=[fig("17", 17, measure="killed", counted="people")])
    b = view("Seventeen people were killed at the market, the mayor said.", doc="b", provenance="desc:mayor",
             figures=[fig("Seventeen", 17, measure="killed", counted="people")])
    c = view("Police said 17 people were killed at the market.", doc="c", provenance="desc:police",
             figures=[fig("17", 17, measure="killed", counted="people")])
    assert RULES.classify(a, b, 0.9).relation == "same"
    assert RULES.classify(a, c, 0.9).relation == "supports"


def test_same_number_of_different_things_is_no_finding():
    a = view("The Netherlands sent 200 soldiers to Lithuania.", doc="a", figures=[fig("200", 200)])
    b = view("The Netherlands sent 200 tanks to Lithuania.", doc="b", figures=[fig("200", 200, counted="tanks")])
    assert RULES.classify(a, b, 0.85) is None


@settings(max_examples=200, deadline=None)
@given(st.floats(1, 1e6), st.floats(1, 1e6),
       st.sampled_from([None, "about", "more_than", "at_least", "less_than", "at_most", "nearly"]))
def test_numeric_conflict_only_when_intervals_cannot_meet(x, y, qualifier):
    from redline.extract.measures import intervals_overlap
    from redline.extract.quantity.qualifiers import interval_for

    lo, hi = interval_for(qualifier, x)
    qa = fig("X", lo if lo is not None else 0, hi if hi is not None else 1e12, measure="killed", qualifier=qualifier)
    qa["value"] = x
    a = view("Officials said X soldiers were killed.", doc="a", figures=[qa])
    b = view("Officials said Y soldiers were killed.", doc="b", figures=[fig("Y", y, measure="killed")])
    j = RULES.classify(a, b, 0.9)
    conflict = j is not None and j.relation == "numeric_conflict"
    assert conflict == (not intervals_overlap(a.quantities[0], b.quantities[0]))


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_finding_ids_are_symmetric(x, y):
    assert finding_id(x, y) == finding_id(y, x)


def test_a_custom_classifier_replaces_or_joins_the_rules(tmp_path):
    class Everything:
        def classify(self, a, b, similarity=None):
            return Judgement("supports", 0.5, "test classifier")

    assert isinstance(Everything(), RelationClassifier)
    ledger = open_ledger(str(tmp_path / "c.db"))
    ledger.upsert([Document(id="a", path="a.txt", text="Germany sent 18 tanks to Ukraine.", published="2024-01-01"),
                   Document(id="b", path="b.txt", text="Germany sent 18 tanks to Ukraine.", published="2024-01-02")])
    extract(ledger, {})
    summary = link(ledger, {"link_classifier": FirstOf([RuleClassifier(), Everything()])})
    assert summary.findings == 1


def test_labelled_pairs_sample_through_the_whole_path():
    from bench.eval_findings import predict_pairs

    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines()]
    assert len(pairs) >= 300
    sample = pairs[::4]  # every topic, every relation, ~80 pairs
    predictions, _ = predict_pairs(sample)
    gold = [p["relation"] for p in sample]
    conflicts = ("contradicts", "numeric_conflict")
    predicted_conflicts = [(g, p) for g, p in zip(gold, predictions, strict=True) if p in conflicts]
    precision = sum(g == p for g, p in predicted_conflicts) / len(predicted_conflicts)
    found = sum(g == p for g, p in zip(gold, predictions, strict=True) if g in conflicts)
    recall = found / sum(g in conflicts for g in gold)
    assert precision >= 0.85 and recall >= 0.75, (precision, recall)
    assert not any(g == "different_measure" and p in conflicts for g, p in zip(gold, predictions, strict=True))


def test_blocking_grows_linearly():
    from bench.bench_linking import synthetic_views

    small_views, small_vectors = synthetic_views(500)
    big_views, big_vectors = synthetic_views(4000)
    small = sum(1 for _ in candidate_pairs(small_views, small_vectors))
    big = sum(1 for _ in candidate_pairs(big_views, big_vectors))
    assert big / len(big_views) <= 2 * small / len(small_views)
    # Each claim is compared with a bounded number of others, not with the corpus.
    assert big < 40 * len(big_views)


def test_figures_of_different_subjects_are_not_a_conflict():
    # What is counted differs outside the counted noun: the disease, where they went.
    flu = view("Influenza killed 9,000 people in 2019, the agency said.", doc="a",
               figures=[fig("9,000", 9000, measure="killed", counted="people")])
    measles = view("Measles killed 140,000 people in 2019, the agency said.", doc="b",
                   figures=[fig("140,000", 140000, measure="killed", counted="people")])
    j = RULES.classify(flu, measles, 0.75)
    assert j.relation == "different_measure"
    assert "(Influenza vs Measles)" in j.explanation
    out = view("Two million Sudanese have fled abroad.", doc="c",
               figures=[fig("Two million", 2e6, measure="displaced", counted="Sudanese")])
    inside = view("Eight million Sudanese are displaced inside the country.", doc="d",
                  figures=[fig("Eight million", 8e6, measure="displaced", counted="Sudanese")])
    assert RULES.classify(out, inside, 0.75).relation == "different_measure"
    # The same subject with other verbs or sources is still one figure in dispute.
    a = view("The city spent $20 million on the bridge.", doc="e",
             figures=[fig("$20 million", 2e7, measure="spent", counted=None, unit="USD")])
    b = view("The city allocated $12 million for the bridge.", doc="f",
             figures=[fig("$12 million", 1.2e7, measure="spent", counted=None, unit="USD")])
    assert RULES.classify(a, b, 0.85).relation == "numeric_conflict"
    russian = view("Russian forces lost 40,000 soldiers killed.", doc="g",
                   figures=[fig("40,000", 40000, measure="killed")])
    russia = view("Russia lost 90,000 soldiers killed.", doc="h", figures=[fig("90,000", 90000, measure="killed")])
    assert RULES.classify(russian, russia, 0.85).relation == "numeric_conflict"


def test_single_valued_facts_with_two_values_contradict():
    born = view("Maren Holt (born 3 May 1970) is a Valdorian diplomat.", doc="a", actors=["Maren Holt"])
    other_year = view("Maren Holt was born in 1971.", doc="b", actors=["Maren Holt"])
    j = RULES.classify(born, other_year, 0.7)
    assert j.relation == "contradicts"
    assert "they date the birth differently (A 3 May 1970, B 1971)" in j.explanation
    same_year = view("Maren Holt was born in 1970 in Korvel.", doc="c", actors=["Maren Holt"])
    assert RULES.classify(born, same_year, 0.7) is None or RULES.classify(born, same_year, 0.7).relation != "contradicts"
    # A life span in brackets gives the year of death; a short first name is the same person.
    span = view("Tomas Reiner (April 2, 1931 – June 9, 2001) was a Halden architect.", doc="d",
                actors=["Tomas Reiner"])
    died = view("On June 9, 2003, Tom Reiner died.", doc="e", actors=["Tom Reiner"])
    j = RULES.classify(span, died, 0.6)
    assert j.relation == "contradicts" and "(A 9 June 2001, B 9 June 2003)" in j.explanation
    # Another person with the same kind of fact is no contradiction.
    someone = view("Ilse Varga was born in 1971.", doc="f", actors=["Ilse Varga"])
    assert RULES.classify(born, someone, 0.7) is None
    film = view("Northern Gate is a 2019 drama directed by Ana Puig.", doc="g")
    other = view("Northern Gate was directed by Lukas Brandt.", doc="h")
    j = RULES.classify(film, other, 0.7)
    assert j.relation == "contradicts" and "(A Ana Puig, B Lukas Brandt)" in j.explanation
    british = view("Sam Okoro is a British journalist.", doc="i", actors=["Sam Okoro"], groups=["United Kingdom"])
    french = view("Sam Okoro is a French journalist based in Lyon.", doc="j", actors=["Sam Okoro"], groups=["France"])
    j = RULES.classify(british, french, 0.8)
    assert j.relation == "contradicts" and "different nationalities (A British, B French)" in j.explanation
    # Visiting, unlike being born, happens more than once.
    paris = view("The minister visited Paris in 2023.", doc="k")
    berlin = view("The minister visited Berlin in 2024.", doc="l")
    j = RULES.classify(paris, berlin, 0.8)
    assert j is None or j.relation != "contradicts"


def test_a_verb_that_denies_reads_as_a_negation():
    refused = view("The mayor refused to sign the port contract.", doc="a")
    signed = view("The mayor signed the port contract.", doc="b")
    assert refused.negative and not signed.negative
    assert RULES.classify(refused, signed, 0.85).relation == "contradicts"
    not_signed = view("The mayor did not sign the port contract.", doc="c", polarity="negative")
    j = RULES.classify(refused, not_signed, 0.85)
    assert j is None or j.relation not in ("contradicts", "numeric_conflict")


def test_stems_meet_across_forms():
    assert content_words("it derives its flavour") & content_words("does not derive")
    assert content_words("she modelled for them") & content_words("to model for them")


def test_unrelated_kinds_of_thing_contradict_related_ones_do_not():
    trawler = view("The Nordlys is a fishing trawler registered in Halden.", doc="a")
    warplane = view("The Nordlys is a warplane.", doc="b")
    j = RULES.classify(trawler, warplane, 0.6)
    assert j.relation == "contradicts"
    assert "unrelated kinds of thing, unlikely both to hold (A fishing trawler, B warplane)" in j.explanation
    boat = view("The Nordlys is a boat.", doc="c")
    j = RULES.classify(trawler, boat, 0.7)
    assert j is None or j.relation != "contradicts"  # a trawler is a boat
    reporter = view("Dana Ivers is a reporter for the Courier.", doc="d", actors=["Dana Ivers"])
    journalist = view("Dana Ivers is a journalist.", doc="e", actors=["Dana Ivers"])
    j = RULES.classify(reporter, journalist, 0.8)
    assert j is None or j.relation != "contradicts"
    # Listed kinds: one of them may be the other's ("an actor and writer" / "a writer").
    several = view("Dana Ivers is a singer, actor and author.", doc="f", actors=["Dana Ivers"])
    writer = view("Dana Ivers is a writer.", doc="g", actors=["Dana Ivers"])
    j = RULES.classify(several, writer, 0.7)
    assert j is None or j.relation != "contradicts"


def test_single_valued_dates_compare_to_the_day_and_works_have_one_maker():
    span = view("Ruth Alder Quint (10 March 1921 – 2 May 1990) was a Halden judge.", doc="a",
                actors=["Ruth Alder Quint"])
    day = view("Ruth Quint was born on March 20th, 1921.", doc="b", actors=["Ruth Quint"])
    j = RULES.classify(span, day, 0.65)
    assert j.relation == "contradicts" and "(A 10 March 1921, B 20 March 1921)" in j.explanation
    same_day = view("Ruth Quint was born on March 10th, 1921.", doc="c", actors=["Ruth Quint"])
    j = RULES.classify(span, same_day, 0.65)
    assert j is None or j.relation != "contradicts"
    album = view("Salt Roads is the second studio album by the Korvel folk band Grey Lanterns.", doc="d",
                 actors=["Grey Lanterns"])
    other = view("Salt Roads is an album by Mira Castel.", doc="e", actors=["Mira Castel"])
    j = RULES.classify(album, other, 0.6)
    assert j.relation == "contradicts" and "different makers (A Grey Lanterns, B Mira Castel)" in j.explanation


def test_a_rank_said_of_the_subject_has_one_value_the_rank_naming_an_event_does_not():
    second = view("Lena Brock became the second woman to lead the Halden port authority.", doc="a",
                  actors=["Lena Brock"])
    first = view("Lena Brock was the first woman to lead the Halden port authority.", doc="b", actors=["Lena Brock"])
    j = RULES.classify(second, first, 0.8)
    assert j.relation == "contradicts" and "different ranks (A the second woman, B the first woman)" in j.explanation
    round_one = view("The first round of talks ended in Geneva without a deal.", doc="c")
    round_two = view("The second round of talks ended in Geneva without a deal.", doc="d")
    j = RULES.classify(round_one, round_two, 0.9)
    assert j is None or j.relation != "contradicts"


def test_the_same_fact_about_two_subjects_is_no_contradiction():
    commander = view("The commander was born in 1970, the ministry said.", doc="a")
    deputy = view("His deputy was born in 1975, the ministry said.", doc="b")
    j = RULES.classify(commander, deputy, 0.65)
    assert j is None or j.relation != "contradicts"
    # A date before the verb belongs to the predicate, not to who it is about.
    kyle = view("On 2 May 2013, Tom Reiner died in Halden.", doc="c", actors=["Tom Reiner"])
    reiner = view("Tom Reiner died on 2 May 2014.", doc="d", actors=["Tom Reiner"])
    assert RULES.classify(kyle, reiner, 0.7).relation == "contradicts"
