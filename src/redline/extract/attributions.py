"""PLACEHOLDER being written: attributions extraction."""

from redline.registry import ExtractContext


class AttributionExtractor:
    name = "attributions"
    version = "0"
    produces = ("attributions",)

    def extract(self, ctx: ExtractContext) -> dict:
        return {"attributions": []}
