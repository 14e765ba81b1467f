"""`redline demo`: the whole flow on the bundled fictional corpus, with a short tour.

It ingests the demo corpus (by default the repository's examples/ folder; when that
folder holds an `expected.json` naming a `corpus` subfolder, or simply a `corpus/`
subfolder, the documents are read from there), analyses it, writes the HTML report
and prints what came out: documents by kind, findings by relation, the top findings
with both sides, any failures, where the ledger and report are, and what to try next.
The return value is the process exit code: 0 when every step worked.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redline.present.terminal import RELATION_STYLES, print_findings
from redline.present.views import RELATION_ORDER, ledger_name
from redline.schema import DOCUMENT_KINDS

DEFAULT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOP_FINDINGS = 8
#: Quotes in the demo's summary are cut to this many characters; the report has them whole.
QUOTE_CHARS = 240


class DemoError(Exception):
    """A problem that stops the demo before it starts (e.g. no corpus)."""


def corpus_folder(examples: Path | None) -> Path:
    """The folder of documents to ingest, from the examples folder given (or the default)."""
    root = Path(examples) if examples is not None else DEFAULT_EXAMPLES
    if not root.is_dir():
        where = "the bundled examples folder" if examples is None else "the folder given with --examples"
        raise DemoError(f"{where} does not exist: {root}. The demo corpus ships in the source "
                        f"repository (examples/); run from a checkout, or pass --examples PATH.")
    expected = root / "expected.json"
    if expected.is_file():
        try:
            sub = json.loads(expected.read_text(encoding="utf-8")).get("corpus")
        except (OSError, ValueError, AttributeError):
            sub = None
        if sub and (root / sub).is_dir():
            return root / sub
    if (root / "corpus").is_dir():
        return root / "corpus"
    return root


class _Bars:
    """Progress bars on the error console, only when it is a terminal."""

    def __init__(self, err: Console):
        self.progress = Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, disable=not err.is_terminal)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Bars:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total or None)
        self.progress.update(self.tasks[phase], completed=done, total=total or None)


def _documents_table(ledger: Any) -> Table:
    # Current documents only: a file edited since an earlier run leaves its old version in the ledger.
    current = {r["document_id"] for r in ledger.execute("SELECT document_id FROM files WHERE status = 'ok'")}
    everything = ledger.documents()
    docs = [d for d in everything if d.id in current]
    by_kind = Counter(d.kind or "unknown" for d in docs)
    ocr = sum(1 for d in docs if d.ocr_pages)
    notes = [f"{ocr} read by OCR"] if ocr else []
    if len(everything) > len(docs):
        notes.append(f"{len(everything) - len(docs)} older versions also in the ledger")
    table = Table(title=f"{len(docs)} document{'' if len(docs) == 1 else 's'}" + (f" ({'; '.join(notes)})" if notes else ""))
    table.add_column("kind")
    table.add_column("documents", justify="right")
    table.add_column("outlets", overflow="fold")
    for kind in [*DOCUMENT_KINDS, "unknown"]:
        if by_kind.get(kind):
            outlets = sorted({d.outlet for d in docs if (d.kind or "unknown") == kind and d.outlet})
            table.add_row(kind, str(by_kind[kind]), escape("; ".join(outlets)))  # outlets come from documents
    return table


def _relations_table(ledger: Any) -> tuple[Table, int]:
    counts = {r["relation"]: r["n"] for r in
              ledger.execute("SELECT relation, COUNT(*) AS n FROM findings GROUP BY relation")}
    table = Table(title="findings by relation")
    table.add_column("relation")
    table.add_column("findings", justify="right")
    for relation in RELATION_ORDER:
        style = RELATION_STYLES.get(relation, "")
        table.add_row(f"[{style}]{relation}[/]" if style else relation, str(counts.get(relation, 0)))
    return table, sum(counts.values())


def _top_findings(ledger: Any, limit: int, console: Console) -> int:
    """The best findings as blocks (the same as `redline findings`); returns how many."""
    from redline.present.views import finding_rows

    rows = finding_rows(ledger, limit=limit)
    if rows:
        console.print(f"[bold]top {len(rows)} findings[/]")
    return print_findings(console, rows, clip_at=QUOTE_CHARS, hint=False)


def run_demo(db: str | Path, output: str | Path, examples: Path | None, executor: Any,
             console: Console, err: Console) -> int:
    """Ingest, analyse and report on the demo corpus; print a summary. Returns the exit code."""
    from redline.pipeline import analyze, ingest
    from redline.store import open_ledger

    try:
        corpus = corpus_folder(examples)
    except DemoError as exc:
        err.print(f"[red]error:[/] {exc}")
        _close(executor)
        return 2
    db, output = str(db), Path(output)
    try:
        ledger = open_ledger(db)
    except Exception as exc:
        err.print(f"[red]error:[/] cannot open the ledger {db}: {exc}")
        _close(executor)
        return 2

    problems: list[str] = []
    console.print(f"[bold]redline demo[/]: reading {corpus} into {db}")
    try:
        with _Bars(err) as bars:
            ingested = ingest(ledger, [corpus], {}, executor, bars)
            extracted, link_summary = analyze(ledger, {}, executor, bars)
    except Exception as exc:
        err.print(f"[red]error:[/] the pipeline stopped: {type(exc).__name__}: {exc}")
        _close(executor)
        return 1
    _close(executor)

    console.print(f"ingested {len(ingested.added)} new, {len(ingested.unchanged)} unchanged, "
                  f"{len(ingested.failed)} failed; analysed {extracted.processed} "
                  f"({extracted.skipped} unchanged); linked: {link_summary}")
    for path, error in ingested.failed:
        problems.append(f"ingest {path}: {error}")
    for doc_id, stage, error in extracted.failed:
        problems.append(f"{stage} {doc_id[:12]}: {error}")

    console.print(_documents_table(ledger))
    relations, total = _relations_table(ledger)
    console.print(relations)
    try:
        shown = _top_findings(ledger, TOP_FINDINGS, console)
    except Exception as exc:  # the presenter is optional for the summary, not for success
        shown = -1
        problems.append(f"listing findings: {type(exc).__name__}: {exc}")
    if shown == 0 and total == 0:
        console.print("[yellow]no findings[/]: the linker produced none for this corpus")

    try:
        from redline.present.report import write_report

        write_report(ledger, output)
        report_line = f"report: [bold]{output.resolve()}[/]"
    except Exception as exc:
        problems.append(f"report {output}: {type(exc).__name__}: {exc}")
        report_line = "report: [red]not written[/]"

    if problems:
        table = Table(title=f"{len(problems)} failures", title_style="red")
        table.add_column("what failed", overflow="fold")
        for p in problems:
            table.add_row(escape(p))
        err.print(table)
    console.print(f"ledger: [bold]{escape(str(Path(db).resolve()) if '://' not in db else ledger_name(db))}[/]")
    console.print(report_line)
    cmd = _command_name()
    console.print("next, try:\n"
                  f"  {cmd} findings --db {db}\n"
                  f"  {cmd} findings --db {db} --relation contradicts\n"
                  f"  {cmd} serve --db {db}\n"
                  f"  {cmd} status --db {db}", soft_wrap=True)
    return 1 if problems else 0


def _command_name() -> str:
    """How the user can type redline here: `redline` when it is on PATH, else the path of
    the script that is running (after `make demo`, `.venv/bin/redline`)."""
    import os
    import shutil
    import sys

    script = Path(sys.argv[0])
    on_path = shutil.which("redline")
    if script.name != "redline" or (on_path and Path(on_path).resolve() == script.resolve()):
        return "redline"
    try:
        relative = os.path.relpath(script)
    except ValueError:
        relative = ".."
    return str(script.resolve()) if relative.startswith("..") else relative


def _close(executor: Any) -> None:
    close = getattr(executor, "close", None)
    if close is not None:
        close()
