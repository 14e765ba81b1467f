"""Registers the built-in extractors, in the order they run."""

from redline.extract.attributions import AttributionExtractor
from redline.extract.claims import ClaimExtractor
from redline.extract.dates import DateExtractor
from redline.extract.entities import EntityExtractor
from redline.extract.quantities import QuantityExtractor
from redline.registry import register_extractor

for _extractor in (EntityExtractor(), DateExtractor(), AttributionExtractor(), QuantityExtractor(),
                   ClaimExtractor()):
    register_extractor(_extractor)
