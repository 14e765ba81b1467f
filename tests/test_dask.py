"""The Dask executor: same results as the local run, model loaded once per worker.

A real local Dask cluster (worker processes on 127.0.0.1) is started once for the
module and closed at the end; one test also connects by scheduler address, as
`--scheduler tcp://HOST:PORT` does on a real cluster.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from redline.executor import LocalExecutor, make_executor
from redline.executor_dask import DaskExecutor
from redline.pipeline import extract, ingest
from redline.schema import Document, StageRun
from redline.store import open_ledger
from test_pipeline import make_corpus
from test_postgres import ledger_dump

REDLINE = str(Path(sys.executable).with_name("redline"))


@pytest.fixture(scope="module")
def dask_ex():
    ex = make_executor("dask", workers=2)
    assert isinstance(ex, DaskExecutor)
    yield ex
    ex.close()


def _square(x: int) -> int:
    if x == -1:
        raise ValueError("bad item")
    return x * x


def _model_loads() -> tuple[int, int, int]:
    from redline.nlp import load_nlp

    info = load_nlp.cache_info()
    return os.getpid(), info.misses, info.hits


def test_map_yields_every_index_once_with_bounded_work_in_flight(dask_ex):
    pulled = []

    def items():
        for i in range(40):
            pulled.append(i)
            yield i

    seen = {}
    for i, result in dask_ex.map(_square, items()):
        # Never more than max_pending items are taken ahead of the results.
        assert len(pulled) - len(seen) <= dask_ex.max_pending
        seen[i] = result
    assert seen == {i: i * i for i in range(40)}


def test_a_failing_task_raises_in_the_coordinator(dask_ex):
    with pytest.raises(ValueError, match="bad item"):
        list(dask_ex.map(_square, [1, -1, 2]))


def test_dask_run_gives_the_same_ledger_as_the_local_run(tmp_path, dask_ex):
    make_corpus(tmp_path / "c", 24)
    local = open_ledger(str(tmp_path / "local.db"))
    ingest(local, [tmp_path / "c"], executor=LocalExecutor(1))
    extract(local, executor=LocalExecutor(1), batch_size=4)
    dist = open_ledger(str(tmp_path / "dask.db"))
    ingest(dist, [tmp_path / "c"], executor=dask_ex)
    summary = extract(dist, executor=dask_ex, batch_size=4)
    assert summary.processed == 24 and not summary.failed
    assert ledger_dump(dist) == ledger_dump(local)
    assert dist.count(StageRun, "stage = 'extract' AND status = 'ok'") == 24

    # 6 batches over 2 workers: each worker process loaded the model exactly once.
    loads = dask_ex.run_on_workers(_model_loads)
    assert len(loads) == 2
    assert {misses for _, misses, _ in loads.values()} == {1}
    assert sum(misses + hits for _, misses, hits in loads.values()) >= 6
    assert len({pid for pid, _, _ in loads.values()}) == 2 and os.getpid() not in {p for p, _, _ in loads.values()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_on_a_cluster_started_as_the_docs_say(tmp_path):
    """`dask scheduler` + `dask worker --preload redline.executor_dask` processes, then
    `redline ingest/analyze --executor dask --scheduler tcp://...` against them."""
    make_corpus(tmp_path / "c", 8)

    def model_loads():  # nested: shipped by value, as the worker cannot import this test module
        from redline.nlp import load_nlp

        info = load_nlp.cache_info()
        return os.getpid(), info.misses, info.hits

    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard", "--preload", "redline.executor_dask"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        probe = DaskExecutor(scheduler=address, timeout=60)
        try:
            probe.client.wait_for_workers(1, timeout=90)
            # The preload loaded the model as the worker started, before any task.
            ((pid, misses, hits),) = probe.run_on_workers(model_loads).values()
            assert (misses, hits) == (1, 0)
            db = str(tmp_path / "l.db")
            for cmd in (["ingest", str(tmp_path / "c")], ["analyze"]):
                r = subprocess.run([REDLINE, *cmd, "--db", db, "--executor", "dask", "--scheduler", address],
                                   capture_output=True, text=True, timeout=180)
                assert r.returncode == 0, r.stderr
            assert "ingested" not in r.stdout and "analysed 8 documents" in r.stdout
            ((pid2, misses, hits),) = probe.run_on_workers(model_loads).values()
            assert pid2 == pid and misses == 1 and hits >= 1  # same process, model reused
        finally:
            probe.close()
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    led = open_ledger(db)
    assert led.count(Document) == 8 and led.count(StageRun, "stage = 'extract' AND status = 'ok'") == 8


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    r = subprocess.run([REDLINE, "ingest", str(tmp_path), "--db", str(tmp_path / "l.db"), "--executor", "dask",
                        "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert r.returncode == 2
    assert "cannot start the dask executor" in r.stderr
