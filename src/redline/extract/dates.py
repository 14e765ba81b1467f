"""PLACEHOLDER being written: dates extraction."""

from redline.registry import ExtractContext


class DateExtractor:
    name = "dates"
    version = "0"
    produces = ("dates",)

    def extract(self, ctx: ExtractContext) -> dict:
        return {"dates": []}
