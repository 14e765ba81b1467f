"""The built-in readers, one module per format; `redline.ingest.builtin` registers them.

Each reader scores a file by its content first (magic bytes, sniffing the head) and
by its extension second, so a PDF named `.txt` still goes to the PDF reader and
binary junk named `.txt` gets a clear "not text" error from the text reader.
"""

from __future__ import annotations

#: Scores shared by the readers: a content match beats an extension match.
CONTENT_MATCH = 1.0
#: A text or HTML extension on a file whose content does not say otherwise.
EXTENSION_MATCH = 0.5
#: Content that decodes as text, whatever its name.
WEAK_MATCH = 0.2
#: A binary format's extension without its magic bytes: only if nothing else fits, so that
#: the user hears "damaged PDF/image" rather than "unsupported file type".
NAME_ONLY = 0.1


def join_pages(parts: list[str], separator: str = "\n\n", skip_empty: bool = False) -> tuple[str, list[int]]:
    """Pages' texts joined into one text, and the offset in it where each page starts.

    Each page is stripped of leading and trailing line breaks and the whole of them too
    (as the readers always did); with `skip_empty`, an empty page adds no separator.
    Every page has a start, an empty one included (where the next page would begin), so
    the list is as long as `parts`, never decreases and never passes the text's end.
    """
    pieces: list[str] = []
    starts: list[int] = []
    pos = 0
    for part in parts:
        part = part.strip("\n")
        if skip_empty and not part:
            starts.append(pos + (len(separator) if pieces else 0))
            continue
        if pieces:
            pos += len(separator)
        starts.append(pos)
        pieces.append(part)
        pos += len(part)
    joined = separator.join(pieces)
    lead = len(joined) - len(joined.lstrip("\n"))
    text = joined.strip("\n")
    return text, [min(max(s - lead, 0), len(text)) for s in starts]
