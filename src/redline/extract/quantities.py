"""PLACEHOLDER being written: quantities extraction."""

from redline.registry import ExtractContext


class QuantityExtractor:
    name = "quantities"
    version = "0"
    produces = ("quantities",)

    def extract(self, ctx: ExtractContext) -> dict:
        return {"quantities": []}
