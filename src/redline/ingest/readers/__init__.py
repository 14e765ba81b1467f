"""The built-in readers, one module per format; `redline.ingest.builtin` registers them.

Each reader scores a file by its content first (magic bytes, sniffing the head) and
by its extension second, so a PDF named `.txt` still goes to the PDF reader and
binary junk named `.txt` gets a clear "not text" error from the text reader.
"""

from __future__ import annotations

#: Scores shared by the readers: a content match beats an extension match.
CONTENT_MATCH = 1.0
EXTENSION_MATCH = 0.5
WEAK_MATCH = 0.2
