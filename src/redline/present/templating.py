"""The Jinja2 environment shared by the desk and the report: autoescaping, always.

Documents are hostile input.  Autoescape is on for every template, and no template
marks document-derived text `|safe`; the only Markup values that reach a template are
built by our own code after escaping (charts, search snippets).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from redline import __version__
from redline.present.views import clip, dates_label, figures_link, kind_label, speaker_of

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def first_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else ""


def basename(path: str | None) -> str:
    """A file's name without its folders: the report travels, the reporter's disk layout need not."""
    return os.path.basename(path or "")


def web_url(value: str | None) -> str | None:
    """A document's URL if it is safe to link (http or https only), else None: documents are hostile."""
    text = (value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in text) else None


def number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(kind_label=kind_label, clip=clip, dates_label=dates_label, first_line=first_line, number=number,
                       figures_link=figures_link, basename=basename, web_url=web_url, speaker=speaker_of)
    env.globals.update(version=__version__)
    return env


def stylesheet() -> str:
    """The desk's CSS, for embedding in the one-file report."""
    return (STATIC / "desk.css").read_text(encoding="utf-8")
