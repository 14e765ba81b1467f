"""Entity mentions (the extractor) and entity resolution across documents (the link stage)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from redline.cli import main
from redline.link import resolve
from redline.link.names import fold, initials, name_key, speaker_name, split_title
from redline.link.resolve import resolve_entities
from redline.pipeline import extract
from redline.schema import Attribution, Document, Entity, EntityOverride, Mention, SpanRef
from redline.store import open_ledger


def _ledger(tmp_path, texts: dict[str, str]):
    ledger = open_ledger(str(tmp_path / "e.db"))
    ledger.upsert([Document(id=k, path=f"{k}.txt", text=t, kind="news_report") for k, t in texts.items()])
    extract(ledger, {})
    resolve(ledger)
    return ledger


def _entity_of(ledger, text: str) -> Entity:
    m = [m for m in ledger.select(Mention) if m.text == text]
    assert m, f"no mention {text!r}: {[x.text for x in ledger.select(Mention)]}"
    return ledger.select(Entity, "id = ?", (m[0].entity_id,))[0]


def test_mentions_are_spans_typed_and_unresolved(tmp_path):
    ledger = open_ledger(str(tmp_path / "m.db"))
    text = "Secretary of Defense Lloyd Austin met NATO officials in Brussels. Russian troops left Kherson."
    ledger.upsert([Document(id="d", path="d.txt", text=text)])
    extract(ledger, {})
    mentions = {m.text: m for m in ledger.select(Mention)}
    for m in mentions.values():
        assert text[m.start:m.end] == m.text
        assert m.entity_id is None
    assert mentions["Lloyd Austin"].type == "person"  # the role is not part of the name
    assert mentions["NATO"].type == "organization"
    assert mentions["Brussels"].type == "place"
    assert mentions["Russian"].type == "other"  # a nationality qualifying a noun


def test_aliases_titles_and_abbreviations_resolve_across_documents(tmp_path):
    ledger = _ledger(tmp_path, {
        "a": "Secretary of Defense Lloyd Austin said the United States would send more aid. "
             "The New York Times reported the plan first.",
        "b": "Austin told reporters the U.S. had no plans to send troops, according to the NYT.",
        "c": "The US embassy said nothing. Officials spoke to the Times on Monday.",
    })
    austin = _entity_of(ledger, "Lloyd Austin")
    assert austin.type == "person"
    assert _entity_of(ledger, "Austin").id == austin.id
    us = _entity_of(ledger, "United States")
    assert _entity_of(ledger, "U.S.").id == us.id
    assert _entity_of(ledger, "US").id == us.id
    nyt = _entity_of(ledger, "New York Times")  # the mention leaves out "The"
    assert _entity_of(ledger, "NYT").id == nyt.id
    assert nyt.type == "organization"


def test_people_are_kept_apart_from_places_of_the_same_name():
    mentions = [
        Mention(id="m1", document_id="a", text="George Washington", start=0, end=17, type="person"),
        Mention(id="m2", document_id="b", text="Washington", start=0, end=10, type="place"),
        Mention(id="m3", document_id="b", text="Paris", start=20, end=25, type="place"),
    ]
    r = resolve_entities(mentions)
    assert r.mention_entity["m1"] != r.mention_entity["m2"]
    types = {e.id: e.type for e in r.entities}
    assert types[r.mention_entity["m1"]] == "person"
    assert types[r.mention_entity["m2"]] == "place"


def test_entity_ids_are_stable_across_runs(tmp_path):
    texts = {"a": "President Joe Biden spoke with Olaf Scholz in Berlin.", "b": "Biden later flew to Kyiv."}
    first = _ledger(tmp_path, texts)
    ids1 = {m.text: m.entity_id for m in first.select(Mention)}
    resolve(first)
    ids2 = {m.text: m.entity_id for m in first.select(Mention)}
    assert ids1 == ids2
    assert ids1["Biden"] == ids1["Joe Biden"]


def test_merge_and_split_overrides_are_respected_by_later_runs(tmp_path):
    ledger = _ledger(tmp_path, {
        "a": "Volodymyr Zelensky spoke in Kyiv. President Zelenskyy later visited Paris.",
    })
    zelensky, zelenskyy = _entity_of(ledger, "Volodymyr Zelensky"), _entity_of(ledger, "Zelenskyy")
    assert zelensky.id != zelenskyy.id
    runner = CliRunner()
    db = str(tmp_path / "e.db")
    result = runner.invoke(main, ["entities", "merge", zelensky.id, "Zelenskyy", "--db", db, "--by", "ed"])
    assert result.exit_code == 0, result.output
    assert _entity_of(ledger, "Zelenskyy").id == zelensky.id
    resolve(ledger)  # a later run keeps the merge
    assert _entity_of(ledger, "Zelenskyy").id == zelensky.id
    overrides = ledger.select(EntityOverride)
    assert [(o.action, o.by) for o in overrides] == [("merge", "ed")]

    result = runner.invoke(main, ["entities", "split", zelensky.id, "Zelenskyy", "--db", db])
    assert result.exit_code == 0, result.output
    resolve(ledger)
    assert _entity_of(ledger, "Zelenskyy").id != zelensky.id
    assert _entity_of(ledger, "Volodymyr Zelensky").id == zelensky.id

    listing = runner.invoke(main, ["entities", "list", "--db", db, "--type", "person"])
    assert listing.exit_code == 0 and "Volodymyr Zelensky" in listing.output
    bad = runner.invoke(main, ["entities", "merge", "nobody-at-all", zelensky.id, "--db", db])
    assert bad.exit_code == 2 and "no entity" in bad.output


def test_pronoun_and_description_sources_resolve_to_the_nearest_fitting_mention():
    text = "Lloyd Austin met the Ministry of Defence. He said the talks went well. The ministry said nothing."
    mentions = [
        Mention(id="p", document_id="d", text="Lloyd Austin", start=0, end=12, type="person"),
        Mention(id="o", document_id="d", text="Ministry of Defence", start=21, end=40, type="organization"),
    ]
    he = text.index("He")
    ministry = text.index("The ministry")
    attributions = [
        Attribution(id="a1", document_id="d", source=SpanRef("He", he, he + 2)),
        Attribution(id="a2", document_id="d", source=SpanRef("The ministry", ministry, ministry + 12)),
        Attribution(id="a3", document_id="d", source=SpanRef("officials", 0, 9)),
    ]
    r = resolve_entities(mentions)
    from redline.link.resolve import resolve_sources

    sources = resolve_sources(attributions, mentions, r.mention_entity, {e.id: e.type for e in r.entities})
    assert sources["a1"] == r.mention_entity["p"]
    assert sources["a2"] == r.mention_entity["o"]


def test_attribution_source_entity_is_written_by_link(tmp_path):
    ledger = _ledger(tmp_path, {"a": "Defense Secretary Lloyd Austin said 97 troops were deployed to Poland."})
    attributions = ledger.select(Attribution)
    assert attributions, "the attributions extractor found nothing"
    assert attributions[0].source_entity_id == _entity_of(ledger, "Lloyd Austin").id


@given(st.sampled_from(["U.S.", "US", "the U.S.", "United States", "the United States", "USA", "U.S.'s"]))
def test_spellings_of_the_united_states_share_one_key(spelling):
    assert name_key(spelling, "place") == "united states"


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=40))
def test_name_keys_are_idempotent_and_folded(text):
    key = name_key(text)
    assert key == key.lower().strip()
    assert fold(key) == key


@given(st.lists(st.sampled_from(["Gen.", "General", "Secretary", "President", "Dr.", "Mr."]), min_size=1,
                max_size=3),
       st.sampled_from(["Lloyd Austin", "Mark Milley", "Ana Ruiz"]))
def test_titles_are_stripped_from_person_names(titles, name):
    assert name_key(" ".join(titles + [name]), "person") == name.lower()
    assert split_title(" ".join(titles + [name])) == (" ".join(titles), name)


def test_initials():
    assert initials("new york times") == "nyt"
    assert initials("world health organization") == "who"
    assert initials("reuters") == ""


def test_transcript_speaker_labels_are_people_and_meet_their_name_in_prose(tmp_path):
    briefing = ("BRIG. GEN. OSTROM: Good afternoon. The depot at Varna Field was struck on 2 May.\n\n"
                "Q: How many soldiers were killed?\n\n"
                "BRIG. GEN. OSTROM: Four soldiers were killed.\n\n"
                "MODERATOR: Last question.\n\n"
                "MINISTER DAHL: The NATO liaison office was informed.\n")
    report = "Brig. Gen. Ostrom told reporters in Norvik that four soldiers had died."
    dateline = "KYIV: The city council met on Monday to discuss the budget."
    ledger = _ledger(tmp_path, {"briefing": briefing, "report": report, "dateline": dateline})
    briefing_mentions = [m for m in ledger.select(Mention) if m.document_id == "briefing"]
    in_labels = {(m.text, m.type) for m in briefing_mentions if briefing[m.end:m.end + 1] == ":"}
    assert in_labels == {("OSTROM", "person"), ("DAHL", "person")}, in_labels
    assert sum(m.text == "OSTROM" for m in briefing_mentions) == 2
    assert not [m for m in briefing_mentions if m.text in ("GEN", "BRIG", "BRIG. GEN", "Q", "MODERATOR")]
    assert _entity_of(ledger, "OSTROM").id == _entity_of(ledger, "Ostrom").id
    assert _entity_of(ledger, "NATO").type == "organization"  # a turn's own words are tagged as usual
    # One capitalised word and a colon is a dateline, not a speaker.
    assert not [m for m in ledger.select(Mention) if m.document_id == "dateline" and m.type == "person"]


def test_a_name_after_a_title_is_a_person_the_model_missed(tmp_path):
    text = ("Secretary of State Alma Kovac met the delegation. "
            "The Secretary said no agreement had been reached.")
    ledger = _ledger(tmp_path, {"d": text})
    mentions = {(m.text, m.type) for m in ledger.select(Mention)}
    assert ("Alma Kovac", "person") in mentions, mentions
    assert ("State", "organization") not in mentions  # part of the title, not a body
    said = [a for a in ledger.select(Attribution) if a.source and a.source.text == "The Secretary"]
    assert said and said[0].source_entity_id == _entity_of(ledger, "Alma Kovac").id


def test_the_ministry_is_never_just_the_nearest_organisation(tmp_path):
    text = ("The slide was published by the Halden Courier on Monday. "
            "Perhaps the ministry believed that advisers do not count as personnel.")
    ledger = _ledger(tmp_path, {"d": text})
    believed = [a for a in ledger.select(Attribution) if a.source and a.source.text == "the ministry"]
    assert believed and believed[0].source_entity_id is None


def test_a_bare_surname_the_tagger_missed_is_the_person_named_before(tmp_path):
    text = ('"Our count is a floor," said Dana Ilves, who runs the shelter. '
            "Ilves said the centre in Lusk was already full.")
    ledger = _ledger(tmp_path, {"d": text})
    said = [a for a in ledger.select(Attribution) if a.source and a.source.text == "Ilves"]
    assert said and said[0].source_entity_id == _entity_of(ledger, "Dana Ilves").id


@pytest.mark.parametrize("label,cue,shown", [
    ("GEN. RYDER", ":", "Gen. Ryder"),
    ("the city's deputy mayor, Agnes Varro,", "said", "the city's deputy mayor, Agnes Varro"),
    ("  Jo   Park ", "told", "Jo Park"),
])
def test_speaker_is_shown_as_a_reader_writes_it(label, cue, shown):
    assert speaker_name(label, cue) == shown
