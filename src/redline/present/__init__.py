"""The present stage: what people see of the ledger.

`views` is the one query layer; `export` writes JSON and CSV; `report` writes the
one-file HTML report; `web` is the local desk (`redline serve`); `terminal` prints
findings as blocks (`redline findings`, `redline demo`); `charts` draws the
figures and timeline charts as inline SVG; `sample` builds small and large ledgers
for tests, screenshots and benchmarks.
"""
