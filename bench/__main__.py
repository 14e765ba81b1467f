"""`make bench`: runs every bench/bench_*.py module and prints one table per module.

Each module exposes `run(quick: bool) -> list[dict]`: rows of measurements taken in
this run.  Speeds are reported as ratios against a baseline measured in the same
run, because these machines are shared and absolute times drift.
Results are also written to bench/out/bench.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time

from rich.console import Console
from rich.table import Table

import bench
from bench import OUT


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("only", nargs="*", help="module names (e.g. bench_pipeline); default all")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    console = Console()
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if n in args.only or n.removeprefix("bench_") in args.only]
    results: dict[str, list[dict]] = {}
    failed = False
    for name in names:
        console.rule(name)
        t0 = time.perf_counter()
        try:
            rows = importlib.import_module(f"bench.{name}").run(quick=args.quick)
        except Exception as exc:  # one broken benchmark must not hide the others
            console.print(f"[red]{name} failed:[/] {type(exc).__name__}: {exc}")
            failed = True
            continue
        results[name] = rows
        if rows:
            table = Table(title=f"{name} ({time.perf_counter() - t0:.0f}s)")
            keys = list(dict.fromkeys(k for r in rows for k in r))
            for k in keys:
                table.add_column(k)
            for r in rows:
                table.add_row(*(_fmt(r.get(k)) for k in keys))
            console.print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    return "" if v is None else str(v)


if __name__ == "__main__":
    sys.exit(main())
