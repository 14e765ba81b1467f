"""Charts drawn as inline SVG in Python: the figures interval chart and the timeline.

No JavaScript and no chart library: the desk and the one-file report embed the SVG
returned here, so charts work offline and print.  Every piece of document-derived
text goes through `escape` before it reaches the SVG string.

Figures chart: one row per figure; a dot for an exact figure, a bar for a range, and
an open end (a dashed tail running to the edge with an arrow) for 'over' (no upper
bound) or 'up to' (no lower bound).  Colour is the kind of the source.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from redline.present.views import clip, kind_label, parse_date
from redline.schema import DOCUMENT_KINDS

KIND_COLOURS = {
    "official_statement": "#27508a",
    "transcript": "#5f84b8",
    "leaked_document": "#7b3f94",
    "news_report": "#1c7a74",
    "opinion": "#b36b1f",
    "other": "#6b6f76",
    None: "#6b6f76",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def kind_colour(kind: str | None) -> str:
    return KIND_COLOURS.get(kind, KIND_COLOURS[None])


def _fmt_number(x: float) -> str:
    if abs(x) >= 1000 or x == int(x):
        return f"{x:,.0f}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    x = first
    while x <= high + step * 1e-9:
        ticks.append(round(x, 10))
        x += step
    return ticks


def legend(kinds: list[str | None]) -> Markup:
    """An HTML legend of the source kinds a chart uses."""
    items = []
    for kind in dict.fromkeys(kinds):
        items.append(
            f'<span class="legend-item"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
            f'rx="2" fill="{kind_colour(kind)}"/></svg> {escape(kind_label(kind))}</span>'
        )
    return Markup('<div class="legend">' + "".join(items) + "</div>")


def figures_chart(rows: list[dict[str, Any]], link: Callable[[dict[str, Any]], str] | None = None,
                  width: int = 1000, scale: str = "auto", title: str = "") -> Markup:
    """The intervals of every figure in `rows` on one axis (see module docstring)."""
    if not rows:
        return Markup("")
    finite = [v for r in rows for v in (r.get("low"), r.get("high"), r.get("value")) if v is not None]
    if not finite:
        return Markup("")
    top = max(finite)
    bottom = min(finite)
    positive = bottom > 0
    use_log = scale == "log" or (scale == "auto" and positive and top / bottom >= 50)
    label_w, value_w, row_h, pad_top, axis_h = 290, 190, 26, 10, 34  # room for "published 2026-03-10"
    x0, x1 = label_w, width - value_w
    height = pad_top + row_h * len(rows) + axis_h
    if use_log:
        lo_exp = math.floor(math.log10(bottom))
        hi_exp = math.ceil(math.log10(top * 1.05))
        if hi_exp == lo_exp:
            hi_exp += 1
        domain = (10 ** lo_exp, 10 ** hi_exp)

        def xpos(v: float) -> float:
            v = max(v, domain[0])
            return x0 + (math.log10(v) - lo_exp) / (hi_exp - lo_exp) * (x1 - x0)

        ticks = [10 ** e for e in range(lo_exp, hi_exp + 1)]
    else:
        # Leave room to the right of an open-ended figure, so its tail visibly runs on.
        open_lows = [r["low"] for r in rows if r.get("high") is None and r.get("low") is not None]
        right = max([top * 1.08] + [low * 1.3 for low in open_lows])
        domain = (0.0, right if right > 0 else 1.0)

        def xpos(v: float) -> float:
            return x0 + (v - domain[0]) / (domain[1] - domain[0]) * (x1 - x0)

        ticks = _nice_ticks(domain[0], domain[1])
    out = [
        f'<svg class="chart figures-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}" font-size="12">',
        f"<title>{escape(title or 'Figures by source')}</title>",
        '<defs><marker id="open-end" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="context-stroke"/></marker></defs>',
    ]
    axis_y = pad_top + row_h * len(rows) + 4
    for t in ticks:
        tx = xpos(t)
        out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{pad_top - 4}" y2="{axis_y}" stroke="#e3e1dc"/>')
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#5c5f66">'
                   f"{escape(_fmt_number(t))}</text>")
    out.append(f'<line x1="{x0}" x2="{x1}" y1="{axis_y}" y2="{axis_y}" stroke="#8a8d93"/>')
    if use_log:
        out.append(f'<text x="{x1}" y="{axis_y + 30}" text-anchor="end" fill="#5c5f66" font-style="italic">'
                   "log scale</text>")
    for i, r in enumerate(rows):
        cy = pad_top + row_h * i + row_h / 2
        colour = kind_colour(r.get("kind"))
        low, high, value = r.get("low"), r.get("high"), r.get("value")
        if low is None and high is None and value is not None:
            low = high = value
        who = r.get("label") or ""
        # Which date it is, always said: a figure's as-of date and a document's publication differ.
        date = (f"as of {r['as_of']}" if r.get("as_of") else f"published {r['published']}" if r.get("published")
                else r.get("date") or "")
        label = clip(f"{who}", 22)
        dates = r.get("dates") or date
        tooltip = f"{r.get('text') or ''} — {who}" + (f", {r['speaker']}" if r.get("speaker") else "") + (
            f" ({kind_label(r.get('kind'))}, {dates})" if dates else f" ({kind_label(r.get('kind'))})")
        row = [f"<title>{escape(tooltip)}</title>"]
        if i % 2 == 0:
            row.append(f'<rect x="0" y="{cy - row_h / 2:.1f}" width="{width}" height="{row_h}" fill="#f6f5f2"/>')
        row.append(f'<text x="{label_w - 10}" y="{cy + 4:.1f}" text-anchor="end" fill="#25272b">{escape(label)}'
                   f'<tspan fill="#7a7e86"> · {escape(date or "undated")}</tspan></text>')
        if low is not None and high is not None and low == high:
            row.append(f'<circle cx="{xpos(low):.1f}" cy="{cy:.1f}" r="5.5" fill="{colour}"/>')
        elif low is not None and high is not None:
            a, b = xpos(low), xpos(high)
            row.append(f'<rect x="{a:.1f}" y="{cy - 4:.1f}" width="{max(b - a, 2):.1f}" height="8" rx="4" '
                       f'fill="{colour}"/>')
        elif low is not None:
            # 'Over': known lower bound, no upper bound -- a dashed tail to the edge.
            a = xpos(low)
            hollow = r.get("qualifier") == "more_than"
            row.append(f'<line x1="{a:.1f}" x2="{x1 + 2:.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{colour}" '
                       f'stroke-width="3" stroke-dasharray="6 4" marker-end="url(#open-end)"/>')
            row.append(f'<circle cx="{a:.1f}" cy="{cy:.1f}" r="5" fill="{"#fff" if hollow else colour}" '
                       f'stroke="{colour}" stroke-width="2"/>')
        elif high is not None:
            # 'Up to': known upper bound, no lower bound -- a dashed tail from the axis start.
            b = xpos(high)
            row.append(f'<line x1="{b:.1f}" x2="{x0 - 6:.1f}" y1="{cy:.1f}" y2="{cy:.1f}" stroke="{colour}" '
                       f'stroke-width="3" stroke-dasharray="6 4" marker-end="url(#open-end)"/>')
            row.append(f'<circle cx="{b:.1f}" cy="{cy:.1f}" r="5" fill="{colour}" stroke="{colour}" stroke-width="2"/>')
        else:
            continue
        # The figure as written, in a column of its own so open ends never run into it.
        row.append(f'<text x="{x1 + 14:.1f}" y="{cy + 4:.1f}" fill="#25272b">{escape(clip(r.get("text") or "", 28))}'
                   "</text>")
        body = "".join(row)
        href = link(r) if link else None
        if href:
            out.append(f'<a href="{escape(href)}" class="chart-row">{body}</a>')
        else:
            out.append(f'<g class="chart-row">{body}</g>')
    out.append("</svg>")
    return Markup("".join(out))


def timeline_chart(items: list[dict[str, Any]], link: Callable[[dict[str, Any]], str] | None = None,
                   width: int = 1000) -> Markup:
    """Dated statements (circles) and figures (squares) on a time axis, one lane per source kind."""
    dated = [(parse_date(it.get("date")), it) for it in items]
    dated = [(d, it) for d, it in dated if d is not None]
    if not dated:
        return Markup("")
    present = {it.get("kind") for _, it in dated}
    kinds = [k for k in DOCUMENT_KINDS if k in present] + [k for k in present if k not in DOCUMENT_KINDS]
    first, last = _robust_range(sorted(d for d, _ in dated))
    span_days = (last - first).days
    label_w, pad_right, lane_h, pad_top, axis_h = 150, 50, 52, 8, 34
    x0, x1 = label_w, width - pad_right
    height = pad_top + lane_h * len(kinds) + axis_h + 14

    def xpos(d: dt.date) -> float:
        return x0 + (d - first).days / span_days * (x1 - x0)

    out = [
        f'<svg class="chart timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}" font-size="12">',
        "<title>Statements and figures over time</title>",
    ]
    axis_y = pad_top + lane_h * len(kinds) + 2
    for tick in _date_ticks(first, last):
        tx = xpos(tick)
        out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{pad_top}" y2="{axis_y}" stroke="#e3e1dc"/>')
        fmt = "%d %b %Y" if span_days <= 120 else "%b %Y"
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#5c5f66">'
                   f"{escape(tick.strftime(fmt))}</text>")
    out.append(f'<line x1="{x0}" x2="{x1}" y1="{axis_y}" y2="{axis_y}" stroke="#8a8d93"/>')
    stacks: dict[tuple[int, int], int] = {}
    for lane, kind in enumerate(kinds):
        cy = pad_top + lane * lane_h + lane_h / 2
        if lane % 2 == 0:
            out.append(f'<rect x="0" y="{cy - lane_h / 2:.1f}" width="{width}" height="{lane_h}" fill="#f6f5f2"/>')
        out.append(f'<text x="{label_w - 10}" y="{cy + 4:.1f}" text-anchor="end" fill="#25272b">'
                   f"{escape(kind_label(kind))}</text>")
    outside = {"before": 0, "after": 0}
    for d, it in sorted(dated, key=lambda p: p[0]):
        lane = kinds.index(it.get("kind"))
        if d < first or d > last:
            # Far from the rest: counted at the edge, listed in the table, not drawn.
            outside["before" if d < first else "after"] += 1
            continue
        x = xpos(d)
        # Marks on the same day in the same lane are stacked so none hides another.
        slot = stacks.get((lane, round(x / 6)), 0)
        stacks[(lane, round(x / 6))] = slot + 1
        offset = ((slot + 1) // 2) * 10 * (-1 if slot % 2 else 1) if slot < 5 else 0
        cy = pad_top + lane * lane_h + lane_h / 2 + offset
        colour = kind_colour(it.get("kind"))
        tip = f"{it.get('date')} — {it.get('label') or ''}: " + (f"{it['speaker']}: " if it.get("speaker") else "") + (
            it.get("text") or "")
        if it.get("type") == "figure":
            mark = (f'<rect x="{x - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="#fff" stroke="{colour}" '
                    f'stroke-width="2.5"/>')
        else:
            mark = f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="5.5" fill="{colour}" fill-opacity="0.85"/>'
        body = f"<title>{escape(clip(tip, 300))}</title>{mark}"
        href = link(it) if link else None
        out.append(f'<a href="{escape(href)}">{body}</a>' if href else f"<g>{body}</g>")
    if outside["before"]:
        out.append(f'<text x="{x0}" y="{axis_y + 30}" fill="#7a7e86" font-style="italic">◀ {outside["before"]} '
                   f"earlier, see the list</text>")
    if outside["after"]:
        out.append(f'<text x="{x1}" y="{axis_y + 30}" text-anchor="end" fill="#7a7e86" font-style="italic">'
                   f'{outside["after"]} later, see the list ▶</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _robust_range(dates: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The span to draw: everything, unless a few outliers would squeeze the rest into a corner.

    When the middle 90% of the dates covers less than a third of the whole span, the
    axis shows that middle part (with a margin) and the outliers are counted at its edges.
    """
    first, last = dates[0], dates[-1]
    if len(dates) >= 10:
        low, high = dates[len(dates) // 20], dates[-1 - len(dates) // 20]
        if (high - low).days * 3 < (last - first).days:
            margin = dt.timedelta(days=max(1, (high - low).days // 20))
            first, last = low - margin, high + margin
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    return first, last


def _date_ticks(first: dt.date, last: dt.date, count: int = 6) -> list[dt.date]:
    span = (last - first).days
    if span <= 14:
        step = max(1, span // count)
        return [first + dt.timedelta(days=i) for i in range(0, span + 1, step)]
    if span <= 120:
        step = max(7, span // count)
        return [first + dt.timedelta(days=i) for i in range(0, span + 1, step)]
    months = []
    y, m = first.year, first.month
    while dt.date(y, m, 1) <= last:
        if dt.date(y, m, 1) >= first:
            months.append(dt.date(y, m, 1))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    stride = max(1, len(months) // count)
    return months[::stride]
