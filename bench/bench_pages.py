"""How fast the desk's pages are: every main view over HTTP, on a generated large ledger.

The ledger is generated directly (no extraction): 100,000 claims in 10,000 documents,
40,000 figures, 20,000 attributions and 50,000 findings (`--quick`: a tenth of that),
kept in bench/out/ so later runs reuse it.  Each page is fetched from a real uvicorn
server on 127.0.0.1; the row reports the median and worst of several fetches against
the budget (1 s at this size; 200 ms for the demo corpus, measured too when demo.db
exists in the repository, or REDLINE_BENCH_DEMO_DB names one).  The one-file report is timed as well.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import httpx

from bench import OUT, REPO
from redline.present import views, web
from redline.present.report import write_report
from redline.present.sample import fill_synthetic
from redline.schema import Claim
from redline.store import open_ledger

REPEATS = 5


def _ledger_file(claims: int) -> Path:
    path = OUT / f"pages-{claims}.db"
    if path.exists():
        ledger = open_ledger(str(path))
        ok = ledger.count(Claim) == claims
        ledger.close()
        if ok:
            return path
        path.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    ledger = open_ledger(str(path))
    fill_synthetic(ledger, claims=claims)
    ledger.execute("ANALYZE")
    ledger.close()
    print(f"generated {path.name} in {time.perf_counter() - t0:.1f}s")
    return path


def _pages(ledger) -> list[tuple[str, str]]:
    top = views.finding_rows(ledger, limit=1)
    group = (views.figure_groups(ledger, min_sources=2) or [None])[0]
    entity = views.entity_rows(ledger, limit=1)[0]
    pages = [("overview", "/"), ("findings", "/findings"),
             ("findings, filtered", "/findings?relation=contradicts&kind=news_report&min_score=0.5"),
             ("findings, page 200", "/findings?page=200"), ("documents", "/documents")]
    if top:
        pages.append(("finding", views.url("/findings", top[0]["id"])))
        pages.append(("document", views.url("/documents", top[0]["a_document_id"])))
    if entity:
        pages.append(("entity", views.url("/entities", entity[0]["id"])))
        pages.append(("findings by entity", "/findings?entity=" + entity[0]["name"].replace(" ", "+")))
    if group:
        pages.append(("figures", "/figures"))
        pages.append(("figures chart", group["link"]))
    pages += [("timeline", "/timeline"), ("search", "/search?q=soldiers+killed"), ("entities", "/entities")]
    return pages


def _measure(db: Path, corpus: str, budget_ms: float) -> list[dict]:
    ledger = open_ledger(str(db))
    rows = []
    with web.serving(web.create_app(ledger)) as base, httpx.Client(base_url=base, timeout=30) as client:
        for name, path in _pages(ledger):
            client.get(path)  # warm the page cache once, as a second visit would
            times = []
            for _ in range(REPEATS):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
            rows.append({"corpus": corpus, "page": name, "median ms": round(statistics.median(times), 1),
                         "worst ms": round(max(times), 1), "budget ms": budget_ms,
                         "ok": max(times) <= budget_ms, "kB": round(len(response.content) / 1024, 1)})
    t0 = time.perf_counter()
    write_report(ledger, OUT / f"report-{db.stem}.html")
    rows.append({"corpus": corpus, "page": "report (file)", "median ms": round((time.perf_counter() - t0) * 1000, 1),
                 "worst ms": None, "budget ms": None, "ok": None,
                 "kB": round((OUT / f"report-{db.stem}.html").stat().st_size / 1024, 1)})
    ledger.close()
    return rows


def run(quick: bool) -> list[dict]:
    claims = 10_000 if quick else 100_000
    rows = _measure(_ledger_file(claims), f"{claims // 1000}k claims", 1000.0)
    demo = Path(os.environ.get("REDLINE_BENCH_DEMO_DB", REPO / "demo.db"))
    if demo.exists():
        rows += _measure(demo, "demo corpus", 200.0)
    return rows


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
