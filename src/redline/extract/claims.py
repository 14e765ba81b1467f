"""PLACEHOLDER being written: claims extraction."""

from redline.registry import ExtractContext


class ClaimExtractor:
    name = "claims"
    version = "0"
    produces = ("claims",)

    def extract(self, ctx: ExtractContext) -> dict:
        return {"claims": []}
