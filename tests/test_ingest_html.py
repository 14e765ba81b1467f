"""HTML pages: main text only, the page's metadata, encodings, pages with no article."""

from __future__ import annotations

import json

import pytest

from redline.ingest import read_path
from redline.registry import ReadError

PARAGRAPHS = [
    "The defence ministry said on Tuesday that 1,200 soldiers had been killed in the past week, "
    "a figure the other side rejected as “invented”.",
    "“These numbers are invented,” a spokesman told reporters in the capital, without giving a figure of "
    "his own. Café owners nearby said the shelling had stopped.",
    "Independent verification of either side's claims was not possible, and observers said both had "
    "reasons to inflate the losses of the other.",
]


def page(charset: str = "utf-8", head_extra: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Ministry disputes casualty count | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-11-03T09:30:00+02:00">
<link rel="canonical" href="https://news.example.org/world/ministry-disputes">
{head_extra}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><h1>Ministry disputes casualty count</h1></header>
<article>
{body}
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/a">Russia claims 300 killed in Donetsk strike</a></li>
<li><a href="/b">Grain deal extended for 120 days</a></li></ul></aside>
<form action="/subscribe"><label>Sign up for our newsletter</label><input type="email"><button>Subscribe</button></form>
<section id="comments" class="comments"><h3>Comments (12)</h3>
<div class="comment"><p>A reader wrote that the real number must be 9,999 and nobody believes the ministry.</p></div>
</section>
<footer>© 2022 Example News</footer>
</body></html>"""


@pytest.fixture
def html_file(tmp_path):
    def make(text: str, name: str = "story.html", encoding: str = "utf-8"):
        p = tmp_path / name
        p.write_bytes(text.encode(encoding))
        return p
    return make


def test_main_text_and_metadata(html_file):
    doc = read_path(html_file(page()), {})
    assert doc.reader == "html"
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1] in doc.text  # blocks apart, so sentences stay apart
    for dropped in ("Home", "Sport", "Donetsk", "Sign up", "9,999", "Comments", "©"):
        assert dropped not in doc.text
    assert doc.title == "Ministry disputes casualty count"
    assert doc.outlet == "Example News"
    assert doc.author == "Jane Doe"
    assert doc.published == "2022-11-03"
    assert doc.url == "https://news.example.org/world/ministry-disputes"
    assert doc.kind is None  # a page does not say what kind of source it is: nothing invented


def test_windows_1252_page(html_file):
    doc = read_path(html_file(page("windows-1252"), encoding="cp1252"), {})
    assert PARAGRAPHS[1] in doc.text


def test_html_detected_by_content_despite_txt_name(html_file):
    assert read_path(html_file(page(), name="saved-page.txt"), {}).reader == "html"


def test_sidecar_beats_page_metadata_and_page_beats_options(html_file, tmp_path):
    p = html_file(page())
    (tmp_path / "story.html.meta.json").write_text(json.dumps({"title": "Sidecar title", "kind": "news_report"}))
    doc = read_path(p, {"outlet": "Option Outlet", "kind": "opinion"})
    assert doc.title == "Sidecar title"
    assert doc.kind == "news_report"
    assert doc.outlet == "Example News"


def test_page_without_dates_or_author_leaves_them_empty(html_file):
    bare = ("<html><head><title>Statement on the floods</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    doc = read_path(html_file(bare), {})
    assert doc.published is None and doc.author is None and doc.outlet is None
    assert doc.title == "Statement on the floods"


def test_short_statement_page_is_kept(html_file):
    short = ("<html><head><title>Statement</title></head><body><article>"
             "<p>The ministry denies the report.</p></article></body></html>")
    assert read_path(html_file(short), {}).text == "The ministry denies the report."


def test_page_with_no_main_text_fails_clearly(html_file):
    nav_only = ("<!DOCTYPE html><html><head><title>Menu</title></head><body>"
                "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
                "<form><input name=q><button>Search</button></form><script>var x = 1;</script></body></html>")
    with pytest.raises(ReadError, match="no article text found in the HTML page"):
        read_path(html_file(nav_only), {})


def test_newlines_are_normalised(html_file):
    doc = read_path(html_file(page().replace("\n", "\r\n")), {})
    assert "\r" not in doc.text


def test_read_more_inside_the_article_is_boilerplate_and_related_lists_are_gone(html_file):
    html = ("<!DOCTYPE html><html><head><title>Flood toll rises</title></head><body><article>"
            "<h1>Flood toll rises</h1>"
            "<p>The regional governor said on Sunday that 37 people had died in the floods, up from 22 on Friday.</p>"
            "<p><strong>Read more:</strong> <a href='/x'>Rescuers reach cut-off villages as water recedes</a></p>"
            "<p>Relief agencies put the number of displaced at 12,000, a figure the governor did not dispute.</p>"
            "<div class='share'><a>Share on Facebook</a> <a>Share on X</a></div>"
            "<h2>Related</h2><ul><li><a href='/a'>Storm kills 4 in neighbouring province</a></li>"
            "<li><a href='/b'>Insurers expect 300 million in claims</a></li></ul>"
            "</article></body></html>")
    doc = read_path(html_file(html), {})
    assert "Storm kills 4" not in doc.text and "Share on Facebook" not in doc.text
    flagged = [doc.text[s:e] for s, e in doc.boilerplate]
    assert flagged == ["Read more: Rescuers reach cut-off villages as water recedes"]
    assert "37 people had died" in doc.text and "12,000" in doc.text
