"""PLACEHOLDER being written: linking."""


def link(ledger, options, progress=None):
    return "0 findings"
