"""Extraction: one parsed document in, fragments out (every one a span of its text).

Each extractor is a small class registered in `builtin.py` through the same registry
plugins use.  They run in order for one document: entities, dates, attributions,
quantities (which use the attributions and dates), claims (which use everything).
"""


#: Where `doc_text` keeps a Doc's text; extractors never change a Doc once parsed.
_TEXT_KEY = "redline.text"


def doc_text(doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access,
    and four extractors ask for it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text
