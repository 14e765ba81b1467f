"""The `redline` command: ingest a folder, analyse it, and look at what disagrees.

Each subcommand is a thin layer over the pipeline, the ledger and the presenters;
all of them take `--db` (a SQLite file, or a postgresql:// URL).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redline import __version__
from redline.schema import DOCUMENT_KINDS, RELATIONS

console = Console()
err = Console(stderr=True)

DB_HELP = "Ledger: a SQLite file or a postgresql://user@host/db URL (env REDLINE_DB)."


def _whoami() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (e.g. a container)
        return None


def open_db(db: str, must_exist: bool = True):
    from redline.store import open_ledger

    if must_exist and "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/] no ledger at {escape(db)}: run `redline ingest PATH... --db {escape(db)}` first",
                  soft_wrap=True)
        sys.exit(2)
    try:
        return open_ledger(db)
    except Exception as exc:
        err.print(f"[red]error:[/] cannot open the ledger {escape(db)}: {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)


class _Bars:
    """Rich progress bars keyed by phase, quiet when output is not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.progress = Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=False, disable=not enabled)
        self.tasks: dict[str, Any] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        self.progress.__exit__(*exc)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total or None)
        self.progress.update(self.tasks[phase], completed=done, total=total or None)


def _executor(executor: str, workers: int | None, scheduler: str | None):
    from redline.executor import make_executor

    try:
        return make_executor(executor, workers, scheduler)
    except Exception as exc:
        err.print(f"[red]error:[/] cannot start the {executor} executor: {exc}")
        sys.exit(2)


db_option = click.option("--db", default="redline.db", envvar="REDLINE_DB", show_default=True, help=DB_HELP)
exec_options = [
    click.option("--workers", "-j", type=int, default=None, help="Worker processes (default: up to 4)."),
    click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                 help="Where work runs: a local process pool, or a Dask cluster."),
    click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
                 "(default: a local Dask cluster)."),
]


def with_exec(f):
    for opt in reversed(exec_options):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redline")
def main() -> None:
    """redline finds where sources disagree.

    \b
    Typical session:
      redline ingest ./leak ./press        read files into the ledger (redline.db)
      redline analyze                      extract claims, figures, quotes; link them
      redline findings                     what disagrees, ranked
      redline report -o report.html        one file to hand to an editor
      redline serve                        browse and confirm findings in the browser
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Kind of these documents, unless a sidecar says.")
@click.option("--outlet", help="Outlet of these documents, unless a sidecar or the page says.")
@click.option("--force", is_flag=True, help="Re-read files even when they look unchanged.")
@with_exec
def ingest(paths, db, kind, outlet, force, workers, executor, scheduler):
    """Read files and folders into the ledger.

    Text, Markdown, HTML, PDF (OCR for pages without text) and images (OCR).
    Metadata comes from a sidecar NAME.meta.json / NAME.meta.yaml next to a file,
    from the HTML page, or from --kind/--outlet. Unchanged files are skipped.
    A file that cannot be read is listed with the reason and the rest go on;
    the exit code is then 1 (2 for a usage or ledger error).
    """
    from redline.pipeline import ingest as run_ingest

    ledger = open_db(db, must_exist=False)
    ex = _executor(executor, workers, scheduler)
    options = {"kind": kind, "outlet": outlet, "force": force}
    try:
        with _Bars(err.is_terminal) as bars:
            summary = run_ingest(ledger, paths, options, ex, bars)
    finally:
        ex.close()
    updated = f"{len(summary.updated)} with new metadata, " if summary.updated else ""
    paged = f" (of which {len(summary.paged)} now with page numbers)" if summary.paged else ""
    console.print(f"ingested [bold]{len(summary.added)}[/] new, {updated}{len(summary.unchanged)} unchanged{paged}, "
                  f"[{'red' if summary.failed else 'green'}]{len(summary.failed)} failed[/] → {escape(db)}",
                  soft_wrap=True)
    for path, error in summary.failed:
        err.print(f"  [red]failed[/] {escape(path)}: {escape(error)}", soft_wrap=True)
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
@click.option("--force", is_flag=True, help="Re-extract every document, even unchanged ones.")
@with_exec
def analyze(db, force, workers, executor, scheduler):
    """Extract entities, quotes, figures, dates and claims, then link them into findings.

    Only documents that changed (or whose extractors changed) are processed again.
    """
    from redline.pipeline import analyze as run_analyze

    ledger = open_db(db)
    ex = _executor(executor, workers, scheduler)
    try:
        with _Bars(err.is_terminal) as bars:
            summary, link_summary = run_analyze(ledger, {"force": force}, ex, bars)
    finally:
        ex.close()
    counts = ", ".join(f"{n} {t}" for t, n in sorted(summary.counts.items()))
    console.print(f"analysed {summary.processed} documents ({summary.skipped} unchanged)"
                  + (f": {counts}" if counts else ""))
    console.print(f"findings: {escape(str(link_summary))}")
    for note in getattr(link_summary, "notes", []):
        err.print(f"  [yellow]note[/] {escape(note)}", soft_wrap=True)
    for doc_id, stage, error in summary.failed:
        err.print(f"  [red]failed[/] {doc_id[:12]} at {stage}: {escape(error)}", soft_wrap=True)
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
def status(db):
    """What is in the ledger, per stage, and every failure with its reason."""
    from redline.schema import Attribution, Claim, Document, Entity, Finding, Quantity

    ledger = open_db(db)
    table = Table(title=f"ledger {escape(db)}")
    table.add_column("records")
    table.add_column("count", justify="right")
    for name, t in (("documents", Document), ("entities", Entity), ("attributions", Attribution),
                    ("quantities", Quantity), ("claims", Claim), ("findings", Finding)):
        table.add_row(name, str(ledger.count(t)))
    console.print(table)
    stages = ledger.stage_summary()
    if stages:
        st = Table(title="stages")
        for c in ("stage", "status", "documents", "seconds"):
            st.add_column(c)
        for r in stages:
            st.add_row(r["stage"], r["status"], str(r["documents"]), str(r["seconds"]))
        console.print(st)
    failures = ledger.failures()
    if failures:
        ft = Table(title=f"{len(failures)} failures", title_style="red")
        for c in ("path", "stage", "error"):
            ft.add_column(c, overflow="fold")
        for f in failures:
            ft.add_row(escape(f["path"]), f["stage"] or "ingest", escape((f["error"] or "").splitlines()[0]))
        console.print(ft)
    else:
        console.print("[green]no failures[/]")


@main.command()
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", default=20, show_default=True)
def search(query, db, limit):
    """Full-text search over documents and claims ("quoted phrases" allowed)."""
    ledger = open_db(db)
    hits = ledger.search(" ".join(query), limit=limit)
    if not hits:
        console.print("no matches")
        return
    docs = {d.id: d for d in ledger.documents()}
    table = Table()
    for c in ("type", "document", "match"):
        table.add_column(c, overflow="fold")
    for h in hits:
        d = docs.get(h.document_id)
        snippet = escape(h.snippet).replace("\x02", "[bold yellow]").replace("\x03", "[/]")
        table.add_row(h.type, escape((d.title or d.path) if d else h.document_id), snippet)
    console.print(table)


@main.command()
@db_option
@click.option("--relation", type=click.Choice(RELATIONS), help="Only this relation.")
@click.option("--entity", help="Only findings whose evidence mentions this entity (name or alias).")
@click.option("--kind", "source_kind", type=click.Choice(DOCUMENT_KINDS), help="Only findings with a side from this kind of source.")
@click.option("--limit", default=30, show_default=True)
def findings(db, relation, entity, source_kind, limit):
    """Findings ranked by score: both sides, the relation and why."""
    ledger = open_db(db)
    from redline.present.terminal import print_findings
    from redline.present.views import entity_ids, finding_rows

    rows = finding_rows(ledger, relation=relation, entity=entity, source_kind=source_kind, limit=limit)
    if not rows and entity and not entity_ids(ledger, entity):
        # Not "no findings match": that reads as "this person is in no disagreement", when
        # the name is simply not one the ledger knows (a typo, or another spelling).
        word = entity.split()[-1] if entity.split() else entity
        console.print(f"no entity called {escape(repr(entity))} in this ledger, and no evidence mentions it; "
                      f"look for the name it goes by: redline entities list -q {escape(word)}", soft_wrap=True)
        return
    if not rows:
        console.print("no findings" + (" match those filters" if relation or entity or source_kind else
                                       " yet: run `redline analyze`"))
        return
    print_findings(console, rows)


@main.command()
@click.argument("finding_id")
@click.argument("verdict", type=click.Choice(["confirmed", "rejected", "clear"]))
@db_option
@click.option("--note", help="Why.")
@click.option("--by", default=None, help="Who (default: your login name).")
def verdict(finding_id, verdict, db, note, by):
    """Confirm or reject a finding (kept across re-runs)."""

    ledger = open_db(db)
    matches = [r["id"] for r in ledger.execute("SELECT id FROM findings WHERE id LIKE ?", (finding_id + "%",))]
    if len(matches) != 1:
        if not matches:
            err.print(f"[red]error:[/] no finding has an id starting with {escape(finding_id)!r}: "
                      "see the ids in `redline findings`")
        else:
            err.print(f"[red]error:[/] {len(matches)} findings have an id starting with {escape(finding_id)!r}: "
                      + ", ".join(m[:12] for m in matches[:10]) + " — give more characters")
        sys.exit(2)
    ledger.set_verdict(matches[0], None if verdict == "clear" else verdict, note, by or _whoami())
    console.print(f"{matches[0]}: {verdict}")


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="JSON file, or for CSV a folder (one file per record type).")
@click.option("--force", is_flag=True, help="CSV: write into a folder that holds other files too.")
def export(db, fmt, output, force):
    """Export the ledger (JSON follows docs/export.schema.json)."""
    from redline.present.export import ExportError, export_csv, export_json

    ledger = open_db(db)
    try:
        if fmt == "json":
            export_json(ledger, output)
        else:
            export_csv(ledger, output, force=force)
    except ExportError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)
    except OSError as exc:  # no permission, disk full: name the path, not a traceback
        err.print(f"[red]error:[/] cannot write {escape(str(output))}: {escape(exc.strerror or str(exc))}",
                  soft_wrap=True)
        sys.exit(2)
    console.print(f"wrote {escape(str(output))}")


@main.command()
@db_option
@click.option("-o", "--output", default="report.html", show_default=True, type=click.Path(path_type=Path))
def report(db, output):
    """Write a one-file HTML report to hand to an editor (works offline, prints well)."""
    from redline.present.report import write_report

    ledger = open_db(db)
    write_report(ledger, output)
    console.print(f"wrote {output}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True)
@click.option("--token", envvar="REDLINE_TOKEN", help="Access token; required to bind beyond 127.0.0.1.")
def serve(db, host, port, token):
    """Browse the ledger in your browser and confirm or reject findings."""
    from redline.present.web import serve as run_server

    run_server(db, host=host, port=port, token=token)


@main.command()
@click.option("--db", default="demo.db", show_default=True, help=DB_HELP)
@click.option("-o", "--output", default="report.html", show_default=True, type=click.Path(path_type=Path))
@click.option("--examples", default=None, type=click.Path(path_type=Path),
              help="Corpus folder (default: the bundled demo corpus).")
@with_exec
def demo(db, output, examples, workers, executor, scheduler):
    """Run the whole flow on the bundled demo corpus and print what it found."""
    from redline.demo import run_demo

    sys.exit(run_demo(db, output, examples, _executor(executor, workers, scheduler), console, err))


# --------------------------------------------------------------------------- entities
# (owned by the link stage: `redline entities list|merge|split`; logic in redline.link.overrides)


@main.group()
def entities():
    """List entities, and merge or split them (kept across re-runs)."""


@entities.command("list")
@db_option
@click.option("--type", "entity_type", type=click.Choice(["person", "organization", "place", "other"]))
@click.option("--query", "-q", help="Only entities whose name or an alias contains this.")
@click.option("--limit", default=50, show_default=True)
def entities_list(db, entity_type, query, limit):
    """Entities found across the corpus, most mentioned first."""
    from redline.link.overrides import list_entities

    rows = list_entities(open_db(db), entity_type, query, limit)
    if not rows:
        console.print("no entities" + (" match" if entity_type or query else " yet: run `redline analyze`"))
        return
    table = Table()
    for c in ("id", "name", "type", "mentions", "aliases"):
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(r["id"], escape(r["name"]), r["type"], str(r["mentions"]), escape(", ".join(r["aliases"])))
    console.print(table)


@entities.command("merge")
@click.argument("keep")
@click.argument("absorb")
@db_option
@click.option("--by", default=None, help="Who (default: your login name).")
def entities_merge(keep, absorb, db, by):
    """Fold entity ABSORB into entity KEEP (ids, id prefixes or names)."""

    from redline.link.overrides import EntityNotFound, merge_entities

    try:
        o = merge_entities(open_db(db), keep, absorb, by or _whoami())
    except (EntityNotFound, ValueError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    console.print(f"merged {o.other} into {o.entity_id}; run `redline analyze` to update findings")


@entities.command("split")
@click.argument("entity")
@click.argument("alias")
@db_option
@click.option("--by", default=None, help="Who (default: your login name).")
def entities_split(entity, alias, db, by):
    """Take the mentions written ALIAS out of ENTITY into an entity of their own."""

    from redline.link.overrides import EntityNotFound, split_entity

    try:
        o = split_entity(open_db(db), entity, alias, by or _whoami())
    except (EntityNotFound, ValueError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    console.print(f"split {o.other!r} off {o.entity_id}; run `redline analyze` to update findings")


# --------------------------------------------------------------------------- end of entities


if __name__ == "__main__":  # pragma: no cover
    main()
