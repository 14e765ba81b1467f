"""Sidecar metadata: names, priority, validation, date normalisation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.ingest import read_path
from redline.ingest.metadata import find_sidecar, normalise_date
from redline.registry import ReadError

BODY = "The ministry said 40 people were evacuated from the town on Friday.\n"


@pytest.fixture
def doc_path(tmp_path):
    p = tmp_path / "memo.txt"
    p.write_text(BODY, encoding="utf-8")
    return p


def test_json_sidecar_with_full_name(doc_path):
    (doc_path.parent / "memo.txt.meta.json").write_text(json.dumps({
        "title": "Evacuation memo", "outlet": "Interior Ministry", "author": "J. Smith",
        "published": "3 November 2022", "url": "https://example.org/memo", "kind": "leaked_document",
    }))
    doc = read_path(doc_path, {})
    assert (doc.title, doc.outlet, doc.author, doc.published, doc.url, doc.kind) == (
        "Evacuation memo", "Interior Ministry", "J. Smith", "2022-11-03", "https://example.org/memo",
        "leaked_document")


def test_yaml_sidecar_in_stem_form(doc_path):
    (doc_path.parent / "memo.meta.yaml").write_text("title: Memo\npublished: 2022-11-03\nkind: Official statement\n")
    doc = read_path(doc_path, {})
    assert (doc.title, doc.published, doc.kind) == ("Memo", "2022-11-03", "official_statement")


def test_full_name_sidecar_wins_over_stem_form(doc_path):
    (doc_path.parent / "memo.meta.json").write_text(json.dumps({"title": "stem form"}))
    (doc_path.parent / "memo.txt.meta.yaml").write_text("title: full name\n")
    assert find_sidecar(doc_path).name == "memo.txt.meta.yaml"
    assert read_path(doc_path, {}).title == "full name"


def test_priority_sidecar_over_options_and_nothing_invented(doc_path):
    (doc_path.parent / "memo.txt.meta.json").write_text(json.dumps({"kind": "transcript"}))
    doc = read_path(doc_path, {"kind": "news_report", "outlet": "Daily Example"})
    assert doc.kind == "transcript"  # sidecar beats --kind
    assert doc.outlet == "Daily Example"  # option fills what the sidecar leaves empty
    assert doc.title is None and doc.author is None and doc.published is None and doc.url is None


def test_without_sidecar_options_apply(doc_path):
    doc = read_path(doc_path, {"kind": "opinion"})
    assert doc.kind == "opinion" and doc.outlet is None


@pytest.mark.parametrize("content, problem", [
    ('{"kind": "press"}', "kind 'press' is not one of official_statement"),
    ('{"autor": "X"}', "unknown key 'autor'"),
    ('{"published": "yesterday-ish"}', "published date 'yesterday-ish'"),
    ('{"published": "03/11/2022"}', "ambiguous"),
    ('{"published": "2022-02-30"}', "not a real date"),
    ('{"title": 12}', "title must be text"),
    ('{"title": "x",}', "not valid JSON"),
    ('["a list"]', "must be a mapping"),
])
def test_bad_sidecars_fail_naming_the_sidecar_and_problem(doc_path, content, problem):
    (doc_path.parent / "memo.txt.meta.json").write_text(content)
    with pytest.raises(ReadError) as info:
        read_path(doc_path, {})
    assert "memo.txt.meta.json" in str(info.value)
    assert problem in str(info.value)


def test_bad_yaml_sidecar(doc_path):
    (doc_path.parent / "memo.meta.yml").write_text("title: [unclosed\n")
    with pytest.raises(ReadError, match=r"sidecar memo.meta.yml: not valid YAML"):
        read_path(doc_path, {})


def test_empty_values_in_sidecar_are_empty_not_errors(doc_path):
    (doc_path.parent / "memo.txt.meta.yaml").write_text("title:\nauthor: ''\n")
    doc = read_path(doc_path, {"outlet": "Example"})
    assert doc.title is None and doc.author is None and doc.outlet == "Example"


@pytest.mark.parametrize("text, iso", [
    ("2022-11-03", "2022-11-03"),
    ("2022-11-03T23:30:00-05:00", "2022-11-03"),
    ("2022-11-03 08:00", "2022-11-03"),
    ("3 November 2022", "2022-11-03"),
    ("Nov 3, 2022", "2022-11-03"),
    ("Thursday, 3 November 2022", "2022-11-03"),
    ("25/12/2022", "2022-12-25"),
    ("12/25/2022", "2022-12-25"),
    (dt.date(2022, 11, 3), "2022-11-03"),
    (dt.datetime(2022, 11, 3, 10, 0), "2022-11-03"),
])
def test_normalise_date_accepts(text, iso):
    assert normalise_date(text) == iso


@pytest.mark.parametrize("text", ["03/11/2022", "November 2022", "2022", "soon", "3/11/22", "2022-13-01", 20221103])
def test_normalise_date_refuses_to_guess(text):
    with pytest.raises(ValueError):
        normalise_date(text)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%A, %d %B %Y", "%Y-%m-%dT%H:%M:%S"]))
def test_normalise_date_round_trips_written_dates(date, fmt):
    assert normalise_date(date.strftime(fmt)) == date.isoformat()
