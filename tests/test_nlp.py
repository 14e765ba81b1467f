"""The shared spaCy pipeline: redline's two components must behave exactly as specified.

`_reference_line_breaks` is the plain token-by-token statement of the line-structure
rules; the component in `redline.nlp` reads arrays instead and must agree with it on
any text.  The attribute table must tag exactly like the model's own attribute ruler.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline import attribute_table
from redline import nlp as nlp_module
from redline.nlp import MODEL_PACKAGE, SHORT_LINE_CHARS, load_nlp


def _reference_line_breaks(doc, max_unbroken):
    line_start = 0
    since_stop = 0
    for i, token in enumerate(doc):
        if token.text in (".", "!", "?", ";"):
            since_stop = 0
        else:
            since_stop += 1
            if since_stop > max_unbroken:
                token.is_sent_start = True
                since_stop = 0
        if "\n" not in token.text and "\n" not in token.whitespace_:
            continue
        since_stop = 0
        nxt = i + 1
        while nxt < len(doc) and doc[nxt].is_space:
            nxt += 1
        if nxt >= len(doc):
            break
        blank_line = "\n\n" in token.text or "\n\n" in token.whitespace_ or (
            token.is_space and token.text.count("\n") + token.whitespace_.count("\n") >= 2)
        previous = token if not token.is_space else (doc[i - 1] if i > 0 else None)
        line_text = doc.text[line_start:token.idx + len(token.text)].strip()
        unpunctuated_short = (previous is not None and previous.text not in (".", "!", "?", ",", ";", "\u201d", '"')
                              and len(line_text) < SHORT_LINE_CHARS)
        if blank_line or (unpunctuated_short and doc[nxt].text[:1].isupper()):
            doc[nxt].is_sent_start = True
            if doc[nxt].like_num and nxt + 1 < len(doc) and not doc[nxt + 1].is_punct:
                doc[nxt + 1].is_sent_start = False
        line_start = doc[nxt].idx
    return doc


@pytest.fixture(scope="module")
def tokenizer():
    return load_nlp().tokenizer


_PIECES = ["The ministry said", "12,000", "troops", "were", "killed", ".", "!", "?", ";", ",", "\u201d",
           "\n", "\n\n", "\n \n", "  ", " ", "HEADLINE", "Q:", "MINISTER VALK:", "3", "more", "Officials",
           "deny", "it", "\t", "\u201c"]


def _starts(doc):
    return [t.is_sent_start for t in doc]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.integers(min_value=2, max_value=12))
def test_line_breaks_agree_with_the_token_by_token_rules(tokenizer, pieces, max_unbroken):
    text = " ".join(pieces)
    expected = _reference_line_breaks(tokenizer(text), max_unbroken)
    original = nlp_module.MAX_UNBROKEN_TOKENS
    nlp_module.MAX_UNBROKEN_TOKENS = max_unbroken
    try:
        got = nlp_module._line_breaks(tokenizer(text))
    finally:
        nlp_module.MAX_UNBROKEN_TOKENS = original
    assert _starts(got) == _starts(expected), repr(text)


def test_line_breaks_cut_a_run_with_no_sentence_ends(tokenizer):
    doc = nlp_module._line_breaks(tokenizer(" ".join(["word"] * 400)))
    forced = [t.i for t in doc if t.is_sent_start and t.i > 0]
    assert forced == [150, 301]


def test_headline_and_figure_line_start_sentences():
    doc = load_nlp()("Troops leave the north\nMore than 23,000 residents fled on Friday.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Troops leave the north", "More than 23,000 residents fled on Friday."]


def test_attribute_table_tags_exactly_like_the_models_ruler():
    stock = __import__(MODEL_PACKAGE).load()
    table = __import__(MODEL_PACKAGE).load()
    assert attribute_table.install(table)
    assert "attribute_ruler" not in table.pipe_names
    texts = [
        "The ministry isn't gonna say whether it's true, but officials didn't deny it.",
        "There are 97 troops; y'all know that. Let's see: I told you it was nothin'.",
        "She gets what she got.  \n\n  He ain't here, and it is what it is.",
        "Do they have the figures? They do. The council did have them, and had done so since May.",
    ]
    for a, b in zip(stock.pipe(texts), table.pipe(texts), strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in a] == \
               [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in b]


def test_attribute_table_declines_rules_it_cannot_model():
    class Ruler:
        patterns = [{"patterns": [[{"SHAPE": "dd"}]], "attrs": {"POS": "NUM"}, "index": 0}]
        attrs = [{}]

    with pytest.raises(attribute_table.UnsupportedRule):
        attribute_table.AttributeTable(Ruler())


def test_attribute_table_memory_does_not_grow_with_the_vocabulary():
    table = load_nlp().get_pipe(attribute_table.COMPONENT).table
    nlp = load_nlp()
    nlp("The ministry said 40 soldiers were killed and it isn't gonna change.")
    def remembered():
        return sum(len(v) for v in vars(table).values() if isinstance(v, dict))

    before = remembered()
    words = [f"zorblat{i} qx{i * 7}" for i in range(3000)]  # thousands of words never seen before
    nlp(" ".join(f"The {w} reported {i} cases." for i, w in enumerate(words)))
    assert remembered() - before < 100
