"""Findings in the terminal: one readable block per finding, for `redline findings` and `redline demo`.

A block is the relation, score and id, then each side's words in quotes with its
source on the next line, then why:

    #1 contradicts  score 0.93  id 0c1d2e3f  confirmed
      A  “no soldier has been killed in the operation”
         — Anna Berg — Ministry of Defence (official statement, published 2023-03-05)
      B  “Losses to date: 41,200 killed in action.”
         — Northern Command (leaked document, published 2023-03-04)
      why one side denies what the other asserts

A side said in answer to a question in a transcript gets one more line under its
source: `in answer to: “How many were killed?” (asked by Lena Fisk, Baltic Wire)`.

Blocks, not a table: at 80 columns a table of five columns wraps a quote into lines of
three words.  Evidence is document text, so it is flattened to one paragraph (OCR
keeps the page's line breaks) and passed through `rich.markup.escape`: a "[red]" in a
leak must print as written, not restyle the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape

from redline.present.views import clip

#: Colour of each relation, in the one relation order (most alarming first).
RELATION_STYLES = {
    "contradicts": "bold red",
    "numeric_conflict": "red",
    "different_measure": "yellow",
    "supports": "green",
    "same": "cyan",
}

HINT = ("[dim]confirm or reject one: redline verdict ID confirmed|rejected --note '…'  ·  "
        "see both in context: redline serve[/]")


def flat(text: Any) -> str:
    """Document text as one line, escaped for rich markup."""
    return escape(" ".join(str(text or "").split()))


def relation_markup(relation: str) -> str:
    style = RELATION_STYLES.get(relation)
    return f"[{style}]{escape(relation)}[/]" if style else escape(relation)


def print_findings(console: Console, rows: Iterable[dict[str, Any]], clip_at: int | None = None,
                   hint: bool = True) -> int:
    """Print finding rows (from `views.finding_rows`) as blocks; returns how many were printed.

    `clip_at` shortens each quote and explanation to that many characters (the demo's
    summary; the report has the full text); None prints them whole.
    """
    def text(value: Any, size: int | None) -> str:
        return flat(clip(value, size) if size else value)

    n = 0
    for n, r in enumerate(rows, 1):
        verdict = f"  [bold]{escape(r['verdict'])}[/]" if r.get("verdict") else ""
        console.print(f"[bold]#{n}[/] {relation_markup(r['relation'])}  score {r['score']:.2f}  "
                      f"[dim]id {escape(str(r['id'])[:8])}[/]{verdict}", soft_wrap=True)
        for side in ("a", "b"):
            console.print(f"  [bold]{side.upper()}[/]  “{text(r[side + '_text'], clip_at)}”", soft_wrap=True)
            console.print(f"     [dim]— {flat(r[side + '_source'])}[/]", soft_wrap=True)
            if r.get(side + "_in_answer_to"):
                console.print(f"     [dim]{flat(r[side + '_in_answer_to'])}[/]", soft_wrap=True)
        console.print(f"  [italic]why[/] {text(r['explanation'], clip_at and clip_at * 2)}\n", soft_wrap=True)
    if n and hint:
        console.print(HINT)
    return n
