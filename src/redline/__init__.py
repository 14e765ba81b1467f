"""redline finds where sources disagree.

The flow, one sub-package per stage: `ingest` (files → documents) → `extract`
(documents → fragments: entities, attributions, quantities, dates, claims) →
`store` (the ledger) → `link` (fragments across documents → findings) → `present`
(terminal, web UI, report, exports).  `pipeline` coordinates them; `schema`
declares every record once.
"""

__version__ = "0.1.0"
