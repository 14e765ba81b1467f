"""Benchmarks and evaluations: speed via `make bench`, quality via `make eval-*`.

Evaluation data is read from `../shared/data` (never copied into the repository);
a benchmark whose data is absent says so and is skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("REDLINE_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "bench" / "out"


def shared(*parts: str) -> Path | None:
    """A path under ../shared/data, or None (with a message) when it is not there."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        print(f"skipped: {p} is not present (evaluation data lives in ../shared/data)")
        return None
    return p
