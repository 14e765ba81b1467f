"""Speed of the quantity stage against quantulum3 on the same sentences, in one run.

Our stage works on a spaCy Doc the pipeline has already parsed, so its own cost is
measured given the Doc (parsing is timed apart and reported for context).
quantulum3 parses raw text itself; its whole call is its cost.  Both run over the
same sentences (NewsQuant dev when ../shared/data is there, else a built-in sample),
after one warm-up pass each; the ratio is quantulum3 seconds / our seconds.
"""

from __future__ import annotations

import json
import time

from bench import shared

SAMPLE = [
    "Between 35,000 and 43,000 soldiers were killed in action, the document says.",
    "The ministry said approaching 200,000 had been killed and wounded since February.",
    "Partners have pledged tens of billions of dollars, including $20bn from one donor.",
    "Up to 300,000 forces could be deployed, and 12 brigades: 3 by Ukraine and 9 by partners.",
    "Prices rose 8.5% in March, while exports fell by twelve percent to EUR50m.",
    "About 97 NATO Special Operations troops were in the country on 3 November 2022.",
    "The convoy stretched 40km and carried more than 1,500 tonnes of fuel.",
    "Officials said fewer than 30 journalists were allowed in; call 555-0134 for details.",
]


def _sentences(quick: bool) -> list[str]:
    folder = shared("newsquant")
    if folder is not None:
        texts = [item["text"] for item in json.loads((folder / "newsquant_dev.json").read_text())]
    else:
        texts = SAMPLE * 20
    return texts[:80] if quick else texts


def _time(fn, items, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - t0)
    return best


def run(quick: bool) -> list[dict]:
    from quantulum3 import parser as quantulum

    from redline.extract.dates import DateExtractor
    from redline.extract.quantities import QuantityExtractor
    from redline.nlp import load_nlp
    from redline.registry import ExtractContext, Segment
    from redline.schema import Document

    texts = _sentences(quick)
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse_seconds = time.perf_counter() - t0

    # Contexts as the pipeline hands them to the stage: parsed, dates already found.
    contexts = []
    dates = DateExtractor()
    for i, doc in enumerate(docs):
        ctx = ExtractContext(Document(id=f"s{i}", path=f"s{i}", text=doc.text), [Segment(0, doc)], {})
        ctx.results["dates"] = dates.extract(ctx)["dates"]
        contexts.append(ctx)
    stage = QuantityExtractor()
    repeats = 2 if quick else 3
    _time(stage.extract, contexts[:10], 1)  # warm-up: regex compilation, lazy imports
    _time(quantulum.parse, texts[:10], 1)
    ours = _time(stage.extract, contexts, repeats)
    theirs = _time(quantulum.parse, texts, repeats)
    found_ours = sum(len(stage.extract(c)["quantities"]) for c in contexts)
    found_theirs = sum(len(quantulum.parse(t)) for t in texts)
    n = len(texts)
    return [
        {"what": "redline quantities stage (given the spaCy Doc)", "sentences": n, "seconds": ours,
         "ms_per_sentence": 1000 * ours / n, "quantities": found_ours, "ratio_vs_quantulum3": theirs / ours},
        {"what": "quantulum3 parser.parse", "sentences": n, "seconds": theirs,
         "ms_per_sentence": 1000 * theirs / n, "quantities": found_theirs, "ratio_vs_quantulum3": 1.0},
        {"what": "spaCy parse (context, paid once by the pipeline)", "sentences": n, "seconds": parse_seconds,
         "ms_per_sentence": 1000 * parse_seconds / n, "quantities": None, "ratio_vs_quantulum3": None},
    ]


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
