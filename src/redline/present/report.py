"""The one-file HTML report (`redline report -o FILE.html`): the thing to send an editor.

One self-contained file: CSS inlined, charts as inline SVG, no script, no external
resource (a Content-Security-Policy meta tag forbids both), print styles included.
It holds a summary, the ranked findings with both pieces of evidence in context, a
chart per disputed measure, the timeline and the list of sources.  Sizes are capped
so that a report of a huge ledger stays a readable document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup

from redline.present import views
from redline.present.charts import figures_chart, legend, timeline_chart
from redline.present.templating import STATIC, environment, stylesheet
from redline.store.base import Ledger

MAX_FINDINGS = 60
MAX_CHARTS = 12
MAX_TIMELINE = 150
MAX_SOURCES = 1000


def report_context(ledger: Ledger, title: str = "Where the sources disagree") -> dict[str, Any]:
    """Everything the report shows, gathered through the shared query layer."""
    o = views.overview(ledger, top=0)
    ranked = views.finding_rows(ledger, limit=MAX_FINDINGS * 2)
    chosen = [r for r in ranked if r["verdict"] != "rejected"][:MAX_FINDINGS]
    findings = [d for d in (views.finding_detail(ledger, r["id"]) for r in chosen) if d is not None]
    charts = []
    kinds: list[str | None] = []
    for group in views.figure_groups(ledger, min_sources=2)[:MAX_CHARTS]:
        series = views.figure_series(ledger, group["measure"], group["counted"], limit=60, place=group["place"])
        if len(series) < 2:
            continue
        kinds += [r["kind"] for r in series]
        charts.append({"group": group, "series": series,
                       "svg": figures_chart(series, title=" ".join(
                           p for p in (group["measure"], group["counted"], group["place"] and f"in {group['place']}")
                           if p))})
    timeline = views.timeline_items(ledger, limit=MAX_TIMELINE)
    documents, _ = views.document_rows(ledger, limit=MAX_SOURCES)
    return {
        "title": title,
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "o": o,
        "findings": findings,
        "charts": charts,
        "legend": legend(kinds) if charts else Markup(""),
        "timeline": timeline,
        "timeline_svg": timeline_chart(timeline),
        "documents": documents,
        "ledger_name": views.ledger_name(ledger),
        "css": Markup(stylesheet()),
        "report_css": Markup((STATIC / "report.css").read_text(encoding="utf-8")),
    }


def render_report(ledger: Ledger, title: str = "Where the sources disagree") -> str:
    return environment().get_template("report.html").render(**report_context(ledger, title))


def write_report(ledger: Ledger, path: str | Path, title: str = "Where the sources disagree") -> Path:
    """Write the report to `path` (atomically) and return the path."""
    path = Path(path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_report(ledger, title), encoding="utf-8")
    tmp.replace(path)
    return path
