"""The claims extractor: which sentences are claims, who asserts them, and their polarity."""

from __future__ import annotations

import pytest

from redline.extract.claims import sentence_polarity
from redline.nlp import load_nlp
from redline.pipeline import extract
from redline.schema import Attribution, Claim, Document
from redline.store import open_ledger


def _claims(tmp_path, text: str, kind: str = "news_report") -> tuple[list[Claim], list[Attribution]]:
    ledger = open_ledger(str(tmp_path / "c.db"))
    ledger.upsert([Document(id="d", path="d.txt", text=text, kind=kind)])
    summary = extract(ledger, {})
    assert not summary.failed, summary.failed
    return ledger.claims_of("d"), ledger.select(Attribution)


def test_claims_are_exact_spans_of_concrete_sentences(tmp_path):
    text = ("Russian forces fired 40 missiles at Kyiv overnight, the air force said.\n\n"
            "What happens next?\n\n"
            "I think this is a sad day.\n\n"
            "Subscribe to our newsletter for more.\n\n"
            "The ministry denied that its troops were in Bucha.")
    claims, _ = _claims(tmp_path, text)
    texts = [c.text for c in claims]
    assert texts == ["Russian forces fired 40 missiles at Kyiv overnight, the air force said.",
                     "The ministry denied that its troops were in Bucha."]
    for c in claims:
        assert text[c.start:c.end] == c.text


def test_claims_point_to_the_attribution_covering_them(tmp_path):
    text = ("The health ministry said 1,200 patients were treated in March. "
            "The hospital has 300 beds.")
    claims, attributions = _claims(tmp_path, text)
    assert len(claims) == 2
    said = [a for a in attributions if a.content and "1,200" in a.content.text]
    assert said, "the attributions extractor did not find the quote"
    assert claims[0].attribution_id == said[0].id
    assert claims[1].attribution_id is None  # asserted by the author


@pytest.mark.parametrize("sentence, polarity", [
    ("NATO is not involved in the conflict.", "negative"),
    ("There are no NATO troops in Ukraine.", "negative"),
    ("The ministry denied that its troops were in the area.", "negative"),
    ("Officials did not say how many troops were deployed.", "positive"),  # no assertion either way
    ("Russia has never used cluster munitions, the Kremlin said.", "negative"),
    ("According to the Pentagon, 97 troops are deployed inside Ukraine.", "positive"),
    ("None of the pledged aid has been delivered.", "negative"),
    ("Not a single soldier was killed.", "negative"),
    ("Officials said no troops were deployed.", "negative"),
    ("The company refused to pay the fine.", "negative"),
    ("The army confirmed that 30 soldiers were killed.", "positive"),
    ("The minister did not deny that the talks had failed.", "positive"),
])
def test_polarity_reads_the_content_not_the_reporting_verb(sentence, polarity):
    sent = next(load_nlp()(sentence).sents)
    assert sentence_polarity(sent) == polarity


def test_polarity_is_stored_on_the_claim(tmp_path):
    claims, _ = _claims(tmp_path, "The Kremlin said Russian troops were not involved in the attack on Bucha.")
    assert [c.polarity for c in claims] == ["negative"]


def test_claim_ids_are_stable_across_runs(tmp_path):
    text = "Germany pledged 500 million euros to Ukraine in 2023."
    first, _ = _claims(tmp_path / "one", text) if (tmp_path / "one").mkdir() is None else ([], [])
    second, _ = _claims(tmp_path / "two", text) if (tmp_path / "two").mkdir() is None else ([], [])
    assert [c.id for c in first] == [c.id for c in second] and first


def test_a_kind_said_of_something_on_the_record_is_a_claim(tmp_path):
    text = ("The detained man is a soldier, the army said.\n\n"
            "The decision is a mistake.")
    claims, attributions = _claims(tmp_path, text)
    assert [c.text for c in claims] == ["The detained man is a soldier, the army said."]
    said = [a for a in attributions if a.content and "soldier" in a.content.text]
    assert said and claims[0].attribution_id == said[0].id
