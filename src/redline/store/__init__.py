"""The ledger: where every document, fragment, finding and verdict is kept."""

from __future__ import annotations

from redline.store.base import Ledger, SearchHit


def open_ledger(url: str, readonly: bool = False) -> Ledger:
    """A SQLite file path (default) or a postgresql:// URL."""
    if url.startswith(("postgresql://", "postgres://")):
        from redline.store.postgres import PostgresLedger

        return PostgresLedger(url)
    from redline.store.sqlite import SQLiteLedger

    return SQLiteLedger(url, readonly=readonly)


__all__ = ["Ledger", "SearchHit", "open_ledger"]
