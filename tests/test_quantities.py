"""The quantities stage: figures, intervals, units, what is counted and measured.

Most expectations live in tests/data/quantities_handset.jsonl (hand-written hard
cases; `make eval-quantities` reports the same set's accuracy).  Each case either
names a figure by a piece of its text and lists the fields it must have, or names
text that must not be read as a quantity.
"""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.extract.dates import DateExtractor
from redline.extract.measures import parts_add_up
from redline.extract.quantities import QuantityExtractor, totals_report
from redline.extract.quantity.numbers import parse_digits, parse_number, parse_words
from redline.extract.quantity.qualifiers import PREFIXES, interval_for
from redline.nlp import load_nlp
from redline.registry import ExtractContext, Segment
from redline.schema import Attribution, Document, Quantity, SpanRef

HANDSET = Path(__file__).parent / "data" / "quantities_handset.jsonl"
CASES = [json.loads(line) for line in HANDSET.read_text().splitlines() if line.strip()]
FIELDS = ("value", "low", "high", "qualifier", "unit", "counted", "measure")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def run(nlp, text, published="2023-03-15", attributions=()):
    document = Document(id="doc", path="doc.txt", text=text, published=published)
    ctx = ExtractContext(document, [Segment(0, nlp(text))], {})
    ctx.results["dates"] = DateExtractor().extract(ctx)["dates"]
    ctx.results["attributions"] = list(attributions)
    return QuantityExtractor().extract(ctx)["quantities"]


def covering(records, text, piece):
    at = text.index(piece)
    return [q for q in records if q.start <= at and at + len(piece) <= q.end]


def test_handset_has_enough_cases():
    assert len(CASES) >= 80
    assert sum("absent" in c for c in CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_handset(nlp, case):
    records = run(nlp, case["text"])
    if "absent" in case:
        found = covering(records, case["text"], case["absent"])
        assert not found, f"{case['absent']!r} read as a quantity: {[q.text for q in found]}"
        return
    found = covering(records, case["text"], case["find"])
    assert len(found) == 1, f"{case['find']!r} not found once in {[q.text for q in records]}"
    q = found[0]
    for name in FIELDS:
        if name in case:
            got, want = getattr(q, name), case[name]
            if isinstance(want, (int, float)) and got is not None:
                assert got == pytest.approx(want), name
            else:
                assert got == want, name
    if "total_of" in case:
        if case["total_of"] is None:
            assert q.total_id is None
        else:
            total = covering(records, case["text"], case["total_of"])
            assert total and q.total_id == total[0].id


def test_records_are_spans_of_the_document(nlp):
    text = "Officials said 1,200 troops were deployed, up from 900 in May."
    for q in run(nlp, text):
        assert text[q.start:q.end] == q.text
        assert q.document_id == "doc"
        assert q.low is None or q.high is None or q.low <= q.high


def test_ids_are_stable(nlp):
    text = "At least 14 civilians were killed."
    assert [q.id for q in run(nlp, text)] == [q.id for q in run(nlp, text)]


def test_as_of_is_the_sentence_date_else_published(nlp):
    text = "On 3 November 2022, 40 tanks were delivered. Today 60 more are on their way."
    records = run(nlp, text, published="2023-01-20")
    by_text = {q.text: q for q in records}
    assert by_text["40"].as_of == "2022-11-03"
    assert by_text["60"].as_of == "2023-01-20"
    assert run(nlp, "It has 40 tanks.", published=None)[0].as_of is None


def test_attribution_id_is_the_innermost_containing_content(nlp):
    text = 'The minister said that "at least 14 civilians were killed" in the strike.'
    start = text.index('"at')
    end = text.index('" in') + 1
    outer = Attribution(id="outer", document_id="doc", content=SpanRef(text[0:len(text)], 0, len(text)))
    inner = Attribution(id="inner", document_id="doc", content=SpanRef(text[start:end], start, end))
    records = run(nlp, text, attributions=[outer, inner])
    assert [q.attribution_id for q in records] == ["inner"]
    assert run(nlp, "Some 12 boats sank.", attributions=[inner])[0].attribution_id is None


def test_parts_add_up_through_totals_report(nlp):
    good = totals_report(run(nlp, "The plan calls for 12 brigades: 3 by Ukraine and 9 by partners."))
    bad = totals_report(run(nlp, "The plan calls for 12 brigades: 3 by Ukraine and 8 by partners."))
    assert [r["adds_up"] for r in good] == [True]
    assert [r["adds_up"] for r in bad] == [False]
    assert [p.text for p in good[0]["parts"]] == ["3", "9"]


def test_parts_add_up_with_intervals():
    def q(low, high, value=None):
        return Quantity(id="x", document_id="d", text="", start=0, end=0, value=value, low=low, high=high)

    assert parts_add_up(q(100, 100, 100), [q(40, 40, 40), q(55, 65)]) is True
    assert parts_add_up(q(100, 100, 100), [q(40, 40, 40), q(70, None)]) is False
    assert parts_add_up(q(100, 100, 100), []) is None


def test_empty_and_number_free_text(nlp):
    assert run(nlp, "No figures here at all.") == []


# --------------------------------------------------------------------------- parsers


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_thousands_separators_round_trip(n):
    assert parse_digits(f"{n:,}") == n
    assert parse_digits(str(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimals_parse(whole, frac):
    assert parse_digits(f"{whole}.{frac:02d}") == pytest.approx(whole + frac / 100)


def _words(n: int) -> str:
    ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
           "sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

    def below_thousand(k):
        parts = []
        if k >= 100:
            parts.append(f"{ones[k // 100]} hundred")
            k %= 100
            if k:
                parts.append("and")
        if k >= 20:
            parts.append(tens[k // 10] + (f"-{ones[k % 10]}" if k % 10 else ""))
        elif k or not parts:
            parts.append(ones[k])
        return " ".join(parts)

    if n < 1000:
        return below_thousand(n)
    out = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            out.append(f"{below_thousand(n // scale)} {name}")
            n %= scale
    if n:
        out.append(below_thousand(n))
    return " ".join(out)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_number_words_round_trip(n):
    assert parse_words(_words(n)) == n


@given(st.sampled_from(["thousand", "million", "billion"]), st.floats(min_value=0.1, max_value=999, allow_nan=False))
def test_scaled_numbers(scale, base):
    factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9}[scale]
    text = f"{base:.1f} {scale}"
    assert parse_number(text) == pytest.approx(float(f"{base:.1f}") * factor)


@pytest.mark.parametrize("text", ["", "and", "a", "hundredfold", "twelvish", "1.2.3", "one two and"])
def test_non_numbers_parse_to_none(text):
    assert parse_number(text) is None


@given(st.sampled_from(sorted(set(PREFIXES.values()))), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_every_qualifier_gives_an_ordered_interval_that_holds_its_value_or_bound(qualifier, value):
    low, high = interval_for(qualifier, value)
    if low is not None and high is not None:
        assert low <= high
    lo = float("-inf") if low is None else low
    hi = float("inf") if high is None else high
    assert lo <= value <= hi


def test_qualifier_rules_match_the_documentation():
    assert interval_for("about", 200) == pytest.approx((180, 220))
    assert interval_for("nearly", 200) == pytest.approx((180, 200))
    assert interval_for("more_than", 200) == (200, None)
    assert interval_for("at_most", 200) == (0, 200)
    with pytest.raises(ValueError):
        interval_for("sort of", 1)


@pytest.mark.parametrize(
    "before,expected",
    [("is $", ("USD", 1)), ("cost US$", ("USD", 3)), ("usd$ ", ("USD", 5)), ("HK $", ("HKD", 4)),
     ("price RM", ("MYR", 2)), ("FORM", None), ("the", None), ("", None)],
)
def test_currency_before(before, expected):
    from redline.extract.quantity.units import currency_before

    assert currency_before(before) == expected


@pytest.mark.parametrize(
    "after,glued,expected",
    [("km long", True, ("kilometre", "unit", 2)), ("per cent of", False, ("percent", "percent", 8)),
     ("pound of flour", False, ("pound", "unit", 5)), ("mines", False, None), ("m wall", False, None),
     ("dollars", False, ("USD", "currency", 7))],
)
def test_unit_after(after, glued, expected):
    from redline.extract.quantity.units import unit_after

    assert unit_after(after, glued=glued) == expected


def test_breakdown_lines_under_a_total_add_up(nlp):
    text = "40 instructors deployed in the east.\n\nNorth sector: 25 instructors.\nSouth sector: 15 instructors."
    report = totals_report(run(nlp, text))
    assert [([p.text for p in r["parts"]], r["adds_up"]) for r in report] == [(["25", "15"], True)]


def _spaced_unit_forms():
    from redline.extract.quantity.units import GLUED_ONLY, UNIT_WORDS

    longest_first = sorted(UNIT_WORDS, key=len, reverse=True)
    # A form that begins a longer form ("sq" in "sq km") reads as the longer one first;
    # keep the forms that are not a prefix of another form followed by a space.
    return sorted(f for f in UNIT_WORDS if f.lower() not in GLUED_ONLY
                  and not any(o != f and o.lower().startswith(f.lower() + " ") for o in longest_first))


@given(st.sampled_from(_spaced_unit_forms()), st.sampled_from([" and more", ".", ",", ""]))
def test_every_unit_form_reads_as_its_canonical_unit(form, tail):
    from redline.extract.quantity.units import UNIT_WORDS, unit_after

    found = unit_after(form + tail, glued=False)
    assert found is not None and found[2] == len(form)
    assert found[0] in (UNIT_WORDS[form], "pound")


_PIECES = ["12", "1,500", "3.5", "$20bn", "EUR50m", "about", "up to", "more than", "between", "and", "to", "-",
           "–", "tens of", "thousands", "a dozen", "twenty-six", "percent", "%", "troops", "were killed", "km",
           "on 3 March 2022", "at 10 a.m.", "Article", "page", "of", ":", ",", ".", "(", ")", "minus", "or more",
           "\n", "1/2", "7 3/4", "fell from", "rose", "by", "Game", "the", "in", "1990s", "3rd", "555-0134"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_any_mix_of_pieces_gives_well_formed_records(nlp, pieces):
    text = " ".join(pieces)
    for q in run(nlp, text):
        assert text[q.start:q.end] == q.text and q.text.strip()
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.value is not None and q.qualifier not in ("about", "nearly", "less_than", "at_most", "more_than"):
            assert q.low is None or q.low <= q.value
            assert q.high is None or q.value <= q.high


def test_eval_adapter_reads_down_to_idioms_as_levels():
    """NewsQuant's change label for a level: "fell to" gives the fall's direction, but
    "boils down to" means "amounts to" and stays a plain figure."""
    from types import SimpleNamespace

    from bench.eval_quantities import predicted_change

    for sentence, expected in (("Prices fell to $3.10 a litre.", "down"),
                               ("The offer boils down to $3.10 a litre.", "=")):
        at = sentence.index("$3.10")
        q = SimpleNamespace(value=3.1, qualifier=None, text="$3.10 a litre", start=at, end=at + 13)
        assert predicted_change(q, [], sentence, None) == expected


def test_a_count_of_who_speaks_is_not_a_figure(tmp_path):
    from redline.pipeline import extract
    from redline.schema import Document, Quantity
    from redline.store import open_ledger

    ledger = open_ledger(str(tmp_path / "q.db"))
    text = ("Two defence officials, who spoke on condition of anonymity, said 40 soldiers were deployed. "
            "Three of the soldiers were wounded.")
    ledger.upsert([Document(id="d", path="d.txt", text=text, kind="news_report")])
    extract(ledger, {})
    figures = {q.text: q for q in ledger.select(Quantity)}
    assert figures["40"].value == 40 and figures["40"].counted == "soldiers"
    assert figures["Three"].value == 3  # a count outside any source stays a figure
    assert not [t for t in figures if t.startswith("Two")]
