"""Building blocks of the quantity extractor.

`numbers` parses written figures ("1.5 million", "twenty-six", "a dozen", "$20bn"),
`qualifiers` turns "approaching", "up to", "tens of thousands" into intervals,
`units` names currencies and units of measurement, and `scan` finds every figure in
a parsed sentence with what it counts and what it measures.  `redline.extract.quantities`
turns those findings into ledger records.
"""
