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
