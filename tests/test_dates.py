"""The dates stage: date and time expressions normalised against the document date."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.extract.dates import DateExtractor, anchor_of, normalise
from redline.nlp import load_nlp
from redline.registry import ExtractContext, Segment
from redline.schema import Document

ANCHOR = dt.date(2023, 3, 15)  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def run(nlp, text, published="2023-03-15"):
    document = Document(id="doc", path="doc.txt", text=text, published=published)
    ctx = ExtractContext(document, [Segment(0, nlp(text))], {})
    return DateExtractor().extract(ctx)["dates"]


@pytest.mark.parametrize(
    "text,value,granularity",
    [
        ("3 November 2022", "2022-11-03", "day"),
        ("the 3rd of November 2022", "2022-11-03", "day"),
        ("November 3, 2022", "2022-11-03", "day"),
        ("2022-11-03", "2022-11-03", "day"),
        ("March 29", "2023-03-29", "day"),
        ("yesterday", "2023-03-14", "day"),
        ("tomorrow", "2023-03-16", "day"),
        ("today", "2023-03-15", "day"),
        ("Monday", "2023-03-13", "day"),
        ("last week", "2023-W10", "week"),
        ("this week", "2023-W11", "week"),
        ("next month", "2023-04", "month"),
        ("last year", "2022", "year"),
        ("in late February", "2023-02", "month"),
        ("February 2022", "2022-02", "month"),
        ("two weeks ago", "2023-W09", "week"),
        ("three years ago", "2020", "year"),
        ("the third quarter", "2023-Q3", "quarter"),
        ("Q3 2022", "2022-Q3", "quarter"),
        ("this summer", "2023-SU", "season"),
        ("last fall", "2022-FA", "season"),
        ("the 1990s", "199", "decade"),
        ("1997", "1997", "year"),
        ("three days", "P3D", "duration"),
        ("the past 24 hours", "PT24H", "duration"),
        ("two decades", "P20Y", "duration"),
        ("weeks", "PXW", "duration"),
        ("a year into the invasion", None, "year"),
        ("three days later", None, "day"),
        ("10 a.m.", "2023-03-15T10:00", "time"),
    ],
)
def test_normalise(text, value, granularity):
    n = normalise(text, ANCHOR)
    assert (n.value, n.granularity) == (value, granularity)


def test_future_tense_picks_the_coming_weekday():
    assert normalise("Monday", ANCHOR, future=True).value == "2023-03-20"
    assert normalise("next Monday", ANCHOR).value == "2023-03-20"


@pytest.mark.parametrize("text", ["yesterday", "last week", "Monday", "two weeks ago", "in late February", "now"])
def test_relative_expressions_stay_unresolved_without_a_document_date(text):
    assert normalise(text, None).value is None


def test_absolute_dates_resolve_without_a_document_date():
    assert normalise("3 November 2022", None).value == "2022-11-03"


def test_now_and_refs():
    assert normalise("now", ANCHOR).value == "2023-03-15"
    assert normalise("recently", ANCHOR).ref == "past"
    assert normalise("the future", ANCHOR).ref == "future"


def test_extractor_finds_spans_in_text(nlp):
    text = "Last week officials said 40 tanks arrived on the 3rd of November, and more will come in two weeks."
    found = {d.text: d for d in run(nlp, text)}
    assert found["Last week"].value == "2023-W10"
    assert found["the 3rd of November"].value == "2022-11-03"
    for d in found.values():
        assert text[d.start:d.end] == d.text
    assert "40" not in found


def test_extractor_without_published_leaves_relative_null(nlp):
    found = {d.text: d for d in run(nlp, "Yesterday the talks ended.", published=None)}
    assert found["Yesterday"].value is None


def test_not_dates(nlp):
    assert run(nlp, "The match was tied at 89-89. Call 555-0134.") == []


def test_anchor_of():
    assert anchor_of("2023-03-15T10:00:00Z") == ANCHOR
    assert anchor_of(None) is None
    assert anchor_of("March 2023") is None


@settings(deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_written_dates_round_trip(d):
    month = d.strftime("%B")
    assert normalise(f"{d.day} {month} {d.year}", ANCHOR).value == d.isoformat()
    assert normalise(f"{month} {d.day}, {d.year}", ANCHOR).value == d.isoformat()
    assert normalise(d.isoformat(), None).value == d.isoformat()


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=60), st.sampled_from(["day", "week", "month", "year"]))
def test_durations_are_never_points(n, unit):
    text = f"{n} {unit}{'s' if n > 1 else ''}"
    result = normalise(text, ANCHOR)
    assert result.granularity == "duration"
    assert result.value.startswith("P")


def test_time_into_an_event_is_the_document_month_only_in_the_present(nlp):
    present = {d.text: d for d in run(nlp, "A year into the offensive, the war has become a war of attrition.")}
    assert present["A year into the offensive"].value == "2023-03"
    past = {d.text: d for d in run(nlp, "Two days into the offensive, the army crossed the river.")}
    assert past["Two days into the offensive"].value is None


def test_greetings_and_bounds_are_not_dates(nlp):
    found = {d.text for d in run(nlp, "Good morning. Officials have known since at least November.")}
    assert "Good morning" not in found
    assert "November" in found


def test_a_year_ago_in_a_results_story_is_the_same_quarter(nlp):
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    found = {d.text: d for d in run(nlp, text, published="2023-11-02")}
    assert found["Third-quarter"].value == "2023-Q3"
    assert found["a year ago"].value == "2022-Q3"
    plain = {d.text: d for d in run(nlp, "A year ago the town had 4,000 residents.", published="2023-11-02")}
    assert plain["A year ago"].value == "2022"


_DATE_PIECES = ["last", "next", "this", "week", "month", "year", "Monday", "3", "November", "2022", "the", "of",
                "3rd", "ago", "two", "days", "a", "into", "the invasion", "late", "February", "Q3", "quarter",
                "third", "1990s", "nineties", "since", "and", "ended", "Sept.", "30", "weekend", "now", "summer",
                "12/05/2022", "2023-01-02", "decade", "hours", "10", "a.m."]
_ISO_ISH = r"(?:\d{3,4}(?:-(?:\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?|W\d{2}(?:-WE)?|Q[1-4]|SP|SU|FA|WI))?|PT?(?:\d+(?:\.\d+)?|X)[A-Z]{1,2})"


@settings(deadline=None)  # the first call loads dateparser's language data
@given(st.lists(st.sampled_from(_DATE_PIECES), min_size=1, max_size=8),
       st.sampled_from([None, dt.date(2023, 3, 15), dt.date(2024, 2, 29), dt.date(2000, 12, 31)]))
def test_normalise_always_gives_an_iso_value_or_none(pieces, anchor):
    import re

    from redline.schema import GRANULARITIES

    result = normalise(" ".join(pieces), anchor)
    assert result.granularity is None or result.granularity in GRANULARITIES
    assert result.value is None or re.fullmatch(_ISO_ISH, result.value), result.value
