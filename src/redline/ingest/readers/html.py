"""HTML pages: the article's main text and the page's metadata, via trafilatura.

trafilatura drops navigation, comments (`include_comments=False`), forms, footers and
related-article boxes; what it keeps is the text.  The boilerplate heuristics then
run over that text too, for the "Read more: ..." lines that live inside articles.
Blocks are separated by a blank line.  A page whose text is only menu words is
refused with a clear message rather than stored as an empty document.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from redline.ingest.boilerplate import find_boilerplate
from redline.ingest.decoding import normalise_newlines
from redline.ingest.metadata import normalise_date
from redline.ingest.readers import CONTENT_MATCH, EXTENSION_MATCH
from redline.registry import ReadError, ReadResult

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:head|body|meta|title)[\s>]", re.IGNORECASE)
NO_MAIN_TEXT = ("no article text found in the HTML page (it holds only navigation, forms or scripts; "
                "a page built by JavaScript must be saved after it has loaded)")
#: A page's main text must have at least one line this long (in words) to count as text.
MIN_LINE_WORDS = 4


def sniff_html(head: bytes) -> bool:
    for bom, codec in ((b"\xef\xbb\xbf", None), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):]
            if codec:
                head = head.decode(codec, errors="ignore").encode("utf-8")
            break
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


class HTMLReader:
    name = "html"

    def score(self, path: Path, head: bytes) -> float:
        if sniff_html(head):
            return CONTENT_MATCH - 0.1
        return EXTENSION_MATCH if path.suffix.lower() in HTML_EXTENSIONS else 0.0

    def read(self, path: Path, data: bytes, options: dict[str, Any]) -> ReadResult:
        import trafilatura

        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError("looks like binary data, not an HTML page")
        try:
            extracted = trafilatura.bare_extraction(
                data,
                include_comments=False,
                with_metadata=True,
                # Only dates the page's markup states: a date found in the body text is a guess.
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as exc:  # trafilatura raises assorted errors on broken markup
            raise ReadError(f"the HTML page cannot be parsed ({type(exc).__name__}: {exc})") from exc
        found = extracted.as_dict() if extracted is not None else {}
        # One block (heading, paragraph, list item) per line from trafilatura; a blank line
        # between blocks is what tells a sentence splitter that a headline has ended.
        lines = [line.strip() for line in normalise_newlines(found.get("text") or "").split("\n")]
        text = "\n\n".join(line for line in lines if line)
        boilerplate = find_boilerplate(text)
        if not _has_main_text(text, boilerplate):
            raise ReadError(NO_MAIN_TEXT)
        metadata = {
            "title": found.get("title"),
            "outlet": found.get("sitename"),
            "author": found.get("author"),
            "url": found.get("url"),
        }
        warnings = []
        if found.get("date"):
            try:
                metadata["published"] = normalise_date(found["date"])
            except ValueError:
                warnings.append(f"the page's date {found['date']!r} was not understood and is ignored")
        return ReadResult(
            text=text,
            metadata={k: v.strip() for k, v in metadata.items() if isinstance(v, str) and v.strip()},
            boilerplate=boilerplate,
            media_type="text/html",
            warnings=warnings,
        )


def _has_main_text(text: str, boilerplate: list[tuple[int, int]]) -> bool:
    pos = 0
    kept = []
    for start, end in boilerplate:
        kept.append(text[pos:start])
        pos = end
    kept.append(text[pos:])
    return any(len(line.split()) >= MIN_LINE_WORDS for chunk in kept for line in chunk.split("\n"))
