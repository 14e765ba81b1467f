"""PLACEHOLDER being written: entities extraction."""

from redline.registry import ExtractContext


class EntityExtractor:
    name = "entities"
    version = "0"
    produces = ("mentions",)

    def extract(self, ctx: ExtractContext) -> dict:
        return {"mentions": []}
