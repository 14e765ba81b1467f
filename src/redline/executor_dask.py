"""Stage work on a Dask distributed cluster: `--executor dask [--scheduler tcp://HOST:PORT]`.

Same contract as `LocalExecutor.map`: apply a picklable function to each item and
yield `(index, result)` as results arrive.  Workers only compute; results travel back
to the coordinator, which stays the single writer of the ledger.

Without a scheduler address a `LocalCluster` of worker *processes* is started on
127.0.0.1 (one thread each, since the work is CPU-bound Python) and stopped by
`close()`.  Each worker process keeps its imported modules between tasks, so the
spaCy model (`redline.nlp.load_nlp`, cached per process) is loaded once per worker,
not once per task.  In-flight tasks are bounded, so the coordinator's memory follows
the batch size and not the corpus size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class DaskExecutor:
    """Run `map` on a Dask cluster, an existing one or a private local one."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 max_pending: int | None = None, timeout: float | None = None):
        from distributed import Client, LocalCluster

        self._cluster = None
        # timeout None: Dask's own setting (distributed.comm.timeouts.connect) applies.
        if scheduler:
            kw = {} if timeout is None else {"timeout": timeout}
            self.client = Client(scheduler, set_as_default=False, **kw)
            self.workers = workers or max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))
        else:
            self.workers = workers or max(1, min(os.cpu_count() or 1, 4))
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                silence_logs=40,  # logging.ERROR: keep the CLI's output clean
                # No dashboard, and the scheduler's small HTTP endpoint on a free local
                # port rather than the fixed 8787 another user's cluster may hold.
                dashboard_address=None,
                scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            )
            self.client = Client(self._cluster, set_as_default=False)
        # Twice the workers keeps every worker busy while one result is being written.
        self.max_pending = max_pending or self.workers * 2

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed

        pending: dict[str, int] = {}
        done_iter = None
        for i, item in enumerate(items):
            # pure=False: the same item submitted twice (a re-run) must run again.
            fut = self.client.submit(fn, item, pure=False)
            pending[fut.key] = i
            if done_iter is None:
                done_iter = as_completed([fut], loop=self.client.loop, with_results=False)
            else:
                done_iter.add(fut)
            if len(pending) >= self.max_pending:
                fut = next(done_iter)
                yield pending.pop(fut.key), self._result(fut)
        for fut in done_iter or ():
            yield pending.pop(fut.key), self._result(fut)

    @staticmethod
    def _result(fut: Any) -> Any:
        try:
            return fut.result()
        finally:
            fut.release()  # the cluster forgets it at once: no result piles up on workers

    def run_on_workers(self, fn: Callable[[], Any]) -> dict[str, Any]:
        """Call `fn()` once in every worker process: worker address -> its result."""
        return self.client.run(fn)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None  # type: ignore[assignment]
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def dask_setup(worker: Any) -> None:
    """`dask worker ... --preload redline.executor_dask`: load the spaCy model when the
    worker starts, so the first extraction task does not pay for it.  A worker without
    the model still serves ingest; the extraction task then reports the missing model."""
    import logging

    try:
        from redline.nlp import load_nlp

        load_nlp()
    except Exception as exc:  # noqa: BLE001 - a worker must start even without the model
        logging.getLogger("redline").warning("redline: spaCy model not preloaded: %s", exc)
