"""Registers the built-in readers, through the same call a plugin uses."""

from redline.ingest.readers.html import HTMLReader
from redline.ingest.readers.image import ImageReader
from redline.ingest.readers.pdf import PDFReader
from redline.ingest.readers.text import TextReader
from redline.registry import register_reader

for _reader in (TextReader(), HTMLReader(), PDFReader(), ImageReader()):
    register_reader(_reader)
