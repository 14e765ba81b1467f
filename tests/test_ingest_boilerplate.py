"""Boilerplate in text copied from web pages: found both ways, never in real paragraphs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.ingest import read_path
from redline.ingest.boilerplate import find_boilerplate

ARTICLE_PARAGRAPHS = [
    "Ukraine's defence ministry said on Tuesday that 1,200 Russian soldiers had been killed in the past week, "
    "a figure Moscow rejected.",
    "\"These numbers are invented,\" a Kremlin spokesman told reporters, without giving a figure of his own.",
    "The two sides have traded claims since the spring. Independent verification is not possible.",
    "He declined to comment.",
    "Share prices in Moscow fell 3 percent after the announcement, traders said.",
    "Read the full statement, the ministry told journalists, before drawing conclusions about the losses.",
    "The agency said its newsletter had misreported the figures in October and issued a correction.",
]

PAGE = "\n".join([
    "Skip to content",
    "Home",
    "World",
    "Europe",
    "Business",
    "Home › World › Europe",
    "Ukraine war: Kyiv disputes Moscow casualty figures",
    "By Jane Doe",
    "3 November 2022",
    "Share this article",
    "Facebook Twitter Email",
    ARTICLE_PARAGRAPHS[0],
    ARTICLE_PARAGRAPHS[1],
    "Casualty figures disputed",
    ARTICLE_PARAGRAPHS[2],
    "The ministry listed the losses:",
    "- 1,200 soldiers killed",
    "- 40 tanks destroyed",
    "- 12 aircraft downed",
    ARTICLE_PARAGRAPHS[3],
    ARTICLE_PARAGRAPHS[4],
    ARTICLE_PARAGRAPHS[5],
    ARTICLE_PARAGRAPHS[6],
    "Sign up for our daily newsletter",
    "Enter your email address",
    "By signing up, you agree to our Terms of Use and Privacy Policy.",
    "Read more: Russia says 5,000 Ukrainian troops died in Kherson",
    "Related",
    "Russia claims 300 killed in Donetsk strike",
    "Ukraine says 50,000 Russian troops have died since February",
    "Grain deal extended for 120 days",
    "3 hours ago",
    "Most read",
    "1. Pope visits Bahrain",
    "2. Inflation hits 10% in the eurozone",
    "134 comments",
    "We use cookies to improve your experience. By continuing you accept our use of cookies.",
    "© 2022 Example News Ltd. All rights reserved.",
    "",
])

BOILERPLATE_LINES = [
    "Skip to content", "Home", "World", "Europe", "Business", "Home › World › Europe", "Share this article",
    "Facebook Twitter Email", "Sign up for our daily newsletter", "Enter your email address",
    "By signing up, you agree to our Terms of Use and Privacy Policy.",
    "Read more: Russia says 5,000 Ukrainian troops died in Kherson", "Related",
    "Russia claims 300 killed in Donetsk strike", "Ukraine says 50,000 Russian troops have died since February",
    "Grain deal extended for 120 days", "3 hours ago", "Most read", "1. Pope visits Bahrain",
    "2. Inflation hits 10% in the eurozone", "134 comments",
    "We use cookies to improve your experience. By continuing you accept our use of cookies.",
    "© 2022 Example News Ltd. All rights reserved.",
]
CONTENT_LINES = ARTICLE_PARAGRAPHS + [
    "Ukraine war: Kyiv disputes Moscow casualty figures", "Casualty figures disputed",
    "The ministry listed the losses:", "- 1,200 soldiers killed", "- 40 tanks destroyed", "- 12 aircraft downed",
]


def flagged_chars(text: str) -> set[int]:
    return {i for s, e in find_boilerplate(text) for i in range(s, e)}


def line_is_flagged(text: str, line: str) -> bool:
    start = text.index(line + "\n")
    chars = flagged_chars(text)
    return all(i in chars for i in range(start, start + len(line)))


def line_is_untouched(text: str, line: str) -> bool:
    start = text.index(line + "\n")
    chars = flagged_chars(text)
    return not any(i in chars for i in range(start, start + len(line)))


def test_web_page_boilerplate_is_found():
    missed = [line for line in BOILERPLATE_LINES if not line_is_flagged(PAGE, line)]
    assert missed == []


def test_article_paragraphs_headline_and_own_list_are_not_flagged():
    wrongly = [line for line in CONTENT_LINES if not line_is_untouched(PAGE, line)]
    assert wrongly == []


def test_related_list_under_header_with_figures_is_flagged_up_to_next_paragraph():
    text = ("The governor said 40 homes were destroyed by the storm on Friday night.\n\n"
            "More on this story\n\n"
            "Storm kills 12 in neighbouring province\n\n"
            "Insurers expect 300 million in claims\n\n"
            "Recovery effort\n\n"
            "Crews worked through the night to restore power to 4,000 households, the utility said.\n")
    assert line_is_flagged(text, "More on this story")
    assert line_is_flagged(text, "Storm kills 12 in neighbouring province")
    assert line_is_flagged(text, "Insurers expect 300 million in claims")
    # A heading followed by prose belongs to the article again.
    assert line_is_untouched(text, "Recovery effort")
    assert line_is_untouched(text, "Crews worked through the night to restore power to 4,000 households, the utility said.")


def test_markdown_link_lists_and_bare_urls_are_flagged():
    text = ("The council voted 7 to 2 to close the shelter, the mayor's office said on Monday.\n"
            "[Subscribe](https://example.org/subscribe)\n"
            "https://example.org/world/other-story\n"
            "* [Council budget rises by 4%](https://example.org/budget)\n")
    assert line_is_flagged(text, "[Subscribe](https://example.org/subscribe)")
    assert line_is_flagged(text, "https://example.org/world/other-story")
    assert line_is_flagged(text, "* [Council budget rises by 4%](https://example.org/budget)")
    assert line_is_untouched(text, "The council voted 7 to 2 to close the shelter, the mayor's office said on Monday.")


def test_hard_wrapped_prose_is_not_mistaken_for_headlines():
    text = ("The ministry said on Tuesday that its troops had advanced\n"
            "along the river and that 1,200 soldiers on the other side\n"
            "had been killed in the past week. Observers could not\n"
            "verify the figure, which Moscow called invented and\n"
            "Kyiv Repeated on Wednesday In A Second Statement\n"
            "Without Giving Further Detail About The Losses\n")
    assert find_boilerplate(text) == []


def test_a_plain_article_has_no_boilerplate():
    text = "\n\n".join(ARTICLE_PARAGRAPHS) + "\n"
    assert find_boilerplate(text) == []


def test_boilerplate_reaches_the_document_and_text_stays_intact(tmp_path):
    p = tmp_path / "copied.txt"
    p.write_text(PAGE, encoding="utf-8")
    doc = read_path(p, {})
    assert doc.text == PAGE
    assert doc.boilerplate and all(isinstance(b, list) and len(b) == 2 for b in doc.boilerplate)
    kept = "".join(PAGE[a:b] for a, b in _complement(doc.boilerplate, len(PAGE)))
    assert ARTICLE_PARAGRAPHS[0] in kept and "Sign up" not in kept


def _complement(spans, length):
    pos = 0
    for s, e in spans:
        yield pos, s
        pos = e
    yield pos, length


# -- properties --------------------------------------------------------------------------

_lines = st.one_of(
    st.text(max_size=80),
    st.sampled_from(BOILERPLATE_LINES + CONTENT_LINES + ["", "   ", "* * *", "Related:", "- item"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_lines, max_size=30), st.sampled_from(["\n", "\n\n"]))
def test_spans_are_sorted_disjoint_and_within_bounds(lines, sep):
    text = sep.join(lines)
    spans = find_boilerplate(text)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end  # sorted and not even touching: touching spans are merged
        previous_end = end


_WORDS = ["the", "ministry", "said", "council", "soldiers", "were", "killed", "river", "on", "Tuesday",
          "officials", "reported", "that", "houses", "flooded", "near", "town", "after", "storm", "a",
          "figure", "of", "1,200", "40", "percent", "spokesman", "told", "reporters", "in", "Kyiv"]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=6, max_size=25).map(
    lambda ws: (" ".join(ws)[0].upper() + " ".join(ws)[1:] + "."))
_paragraph = st.lists(_sentence, min_size=2, max_size=5).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(_paragraph, min_size=1, max_size=6), st.sampled_from(["\n", "\n\n"]))
def test_text_without_boilerplate_cues_yields_no_spans(paragraphs, sep):
    assert find_boilerplate(sep.join(paragraphs)) == []


def test_sign_up_prompts_comment_counts_and_copyright_written_as_sentences():
    text = ("Sign up for The Morning Wire: three stories, every day, free. Sign up\n"
            "The port authority said 14 ships were held at anchor on Sunday because of the strike.\n"
            "Share on X   Share on Facebook   Copy link   52 comments\n"
            "Union leaders said the stoppage would continue until wages were raised by 6 percent.\n"
            "Subscribe to our podcast and get our best coverage first.\n"
            "52 comments. Join the conversation: log in or register.\n"
            "(c) 2026 The Morning Wire. About us | Advertise | Privacy\n")
    for line in ("Sign up for The Morning Wire: three stories, every day, free. Sign up",
                 "Share on X   Share on Facebook   Copy link   52 comments",
                 "Subscribe to our podcast and get our best coverage first.",
                 "52 comments. Join the conversation: log in or register.",
                 "(c) 2026 The Morning Wire. About us | Advertise | Privacy"):
        assert line_is_flagged(text, line), line
    assert line_is_untouched(text, "The port authority said 14 ships were held at anchor on Sunday because of the strike.")


def test_letter_sign_off_is_not_boilerplate():
    text = ("Please do not repeat the figure of 300 at the briefing; the cell has asked us not to confirm it.\n\n"
            "Regards,\n\nM. Okafor\nDeputy Head of Press\nMinistry of Interior\n")
    assert find_boilerplate(text) == []


STORY = [
    "Fourteen ships were held at anchor on Sunday after talks between dockworkers and the port authority "
    "broke down, officials said.",
    "The union said its members would stay out until wages rose by 6%, while the authority called the demand "
    "\"unaffordable\".",
]


def test_public_broadcaster_style_page():
    text = "\n".join([
        "Port strike: Ships held at anchor as talks fail", "", "Published", "3 hours ago", "", "Share", "Save", "",
        "Image source, Getty Images", "", STORY[0], "", STORY[1], "",
        "Related Topics", "Strikes", "Shipping", "", "More on this story", "Dockworkers vote to strike over pay",
        "Published 2 days ago", "Port traffic falls 12% in a year", "Published 1 March", "",
        "Top Stories", "Live: Storm brings 90mph winds to coast", "Published 14 minutes ago", ""])
    for line in ("Published", "3 hours ago", "Share", "Save", "Image source, Getty Images", "Related Topics",
                 "Strikes", "Shipping", "Dockworkers vote to strike over pay", "Port traffic falls 12% in a year",
                 "Live: Storm brings 90mph winds to coast", "Published 14 minutes ago"):
        assert line_is_flagged(text, line), line
    for line in ["Port strike: Ships held at anchor as talks fail", *STORY]:
        assert line_is_untouched(text, line), line


def test_newspaper_style_page():
    text = "\n".join([
        "Port strike leaves 14 ships at anchor as talks collapse",
        "Union says members will stay out until wages rise by 6%", "Tom Reed",
        "Last modified on Sun 3 Mar 2026 19.10 GMT", "", STORY[0], "", STORY[1], "",
        "Explore more on these topics", "Strikes", "Shipping", "Trade unions", "Share", "Reuse this content",
        "Most viewed", "Storm brings 90mph winds to coast", "Minister resigns over expenses claims", ""])
    for line in ("Last modified on Sun 3 Mar 2026 19.10 GMT", "Explore more on these topics", "Trade unions",
                 "Reuse this content", "Most viewed", "Minister resigns over expenses claims"):
        assert line_is_flagged(text, line), line
    for line in ["Port strike leaves 14 ships at anchor as talks collapse",
                 "Union says members will stay out until wages rise by 6%", *STORY]:
        assert line_is_untouched(text, line), line


def test_news_agency_credit_lines():
    text = "\n".join(["LONDON, March 3 (Reuters) - " + STORY[0], "", STORY[1], "",
                      "Reporting by Tom Reed; Editing by Ann Lee",
                      "Our Standards: The Thomson Reuters Trust Principles.", ""])
    assert line_is_flagged(text, "Reporting by Tom Reed; Editing by Ann Lee")
    assert line_is_flagged(text, "Our Standards: The Thomson Reuters Trust Principles.")
    assert line_is_untouched(text, "LONDON, March 3 (Reuters) - " + STORY[0])
    # The same words inside an article's sentence are the article's.
    sentence = "Reporting by the ministry showed 40 deaths in the first week of the strike."
    assert find_boilerplate(STORY[0] + "\n" + sentence + "\n") == []
