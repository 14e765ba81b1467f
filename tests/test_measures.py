"""The measure taxonomy and interval helpers that the linker relies on."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.extract.measures import (
    MEASURES,
    Interval,
    comparable,
    figures_consistent,
    interval_of,
    intervals_overlap,
    normalise_measure,
    relation,
)


@dataclass
class Fig:
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None
    measure: str | None = None


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("killed in action", "killed"),
        ("were killed", "killed"),
        ("KIA", "killed"),
        ("deaths", "killed"),
        ("injured", "wounded"),
        ("killed and wounded", "killed and wounded"),
        ("dead or wounded", "killed and wounded"),
        ("casualties", "casualties"),
        ("deployed", "deployed"),
        ("have pledged", "pledged"),
        ("the weather", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_measure(phrase, expected):
    assert normalise_measure(phrase) == expected


def test_killed_is_contained_in_killed_and_wounded_and_casualties():
    assert relation("killed", "killed and wounded") == "contained_in"
    assert relation("killed and wounded", "killed") == "contains"
    assert relation("casualties", "killed") == "contains"
    assert relation("killed", "wounded") == "disjoint"
    assert relation("killed", "deployed") == "disjoint"
    assert relation("killed", "killed") == "same"
    assert relation(None, "killed") == "unknown"
    assert relation("killed", "made up") == "unknown"


def test_comparable():
    assert comparable("killed", "killed")
    assert comparable(None, None)
    assert not comparable("killed", "killed and wounded")
    assert not comparable("killed", None)
    assert comparable("killed", None, allow_unknown=True)


def test_every_parent_is_a_measure():
    for m in MEASURES.values():
        assert m.parent is None or m.parent in MEASURES


def test_approaching_and_about_overlap_but_more_than_and_fewer_than_do_not():
    approaching = Fig(200_000, 180_000, 200_000, "nearly")
    about = Fig(190_000, 171_000, 209_000, "about")
    assert intervals_overlap(approaching, about)
    more = Fig(100, 100, None, "more_than")
    fewer = Fig(100, 0, 100, "less_than")
    assert not intervals_overlap(more, fewer)
    exactly = Fig(100, 100, 100)
    assert not intervals_overlap(more, exactly)
    assert intervals_overlap(Fig(100, 100, None, "at_least"), exactly)


def test_figures_consistent_with_containment():
    killed = Fig(40_000, 40_000, 40_000, measure="killed")
    kw_big = Fig(200_000, 180_000, 200_000, "nearly", measure="killed and wounded")
    kw_small = Fig(10_000, 10_000, 10_000, measure="killed and wounded")
    assert figures_consistent(killed, kw_big) is True
    assert figures_consistent(kw_small, killed) is False
    assert figures_consistent(killed, Fig(5, 5, 5, measure="deployed")) is None
    assert figures_consistent(killed, Fig(41_000, 41_000, 41_000, measure="killed")) is False


def test_bare_value_is_a_point_interval():
    assert interval_of(Fig(5, None, None)) == Interval(5, 5)


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@st.composite
def intervals(draw):
    a, b = sorted((draw(finite), draw(finite)))
    high = None if draw(st.booleans()) else b
    return Interval(a, high, draw(st.booleans()), draw(st.booleans()) and high is not None)


@given(intervals(), intervals())
def test_overlap_is_symmetric(a, b):
    assert intervals_overlap(a, b) == intervals_overlap(b, a)


@given(intervals(), finite)
def test_a_shared_point_means_overlap(a, x):
    point = Interval(x, x)
    assert intervals_overlap(a, point) == a.contains(x)
