"""Attribution extraction ("who said it"), in small parts.

- `cues`: the hand-written lexicon of verbs and nouns of saying, thinking, intending;
- `quotes`: quotation-mark pairing, speech vs scare quotes and titles;
- `rules`: dependency-parse rules giving source / cue / content spans;
- `transcripts`: speaker turns ("GEN. RYDER:", "Q:") in briefing transcripts;
- `nesting`: which attribution relays which ("The Times reported, citing officials");
- `resolution`: what a pronoun or description in the source slot refers to.

`find_attributions` runs them all over a document's parsed segments; the extractor
in `redline.extract.attributions` turns its results into ledger records.
"""

from redline.extract.attribution.nesting import find_attributions
from redline.extract.attribution.resolution import mentions_from_segments, resolve_speaker
from redline.extract.attribution.spans import Found

__all__ = ["Found", "find_attributions", "mentions_from_segments", "resolve_speaker"]
