"""Where stage work runs: one small interface, a local implementation by default.

`Executor.map(fn, items)` applies a picklable function to each item and yields
`(item_index, result)` as results arrive, in any order.  The coordinator owns the
ledger and writes what comes back; workers never touch the store.  The local
executor uses a process pool (or the calling process when workers == 1), so the
same stage code runs in-process, in a pool, or on a cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        ...

    def close(self) -> None:
        ...


class LocalExecutor:
    """A process pool on this machine; `workers=1` runs in the calling process."""

    def __init__(self, workers: int | None = None, max_pending: int | None = None):
        self.workers = workers or max(1, min(os.cpu_count() or 1, 4))
        # Bounded in-flight work keeps memory proportional to batch size, not corpus size.
        self.max_pending = max_pending or self.workers * 2
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        if self.workers == 1:
            for i, item in enumerate(items):
                yield i, fn(item)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        pending: dict[Future, int] = {}
        for i, item in enumerate(items):
            pending[self._pool.submit(fn, item)] = i
            if len(pending) >= self.max_pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield pending.pop(fut), fut.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield pending.pop(fut), fut.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def make_executor(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Executor:
    if name == "local":
        return LocalExecutor(workers)
    if name == "dask":
        from redline.executor_dask import DaskExecutor

        return DaskExecutor(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown executor {name!r}: use 'local' or 'dask'")
