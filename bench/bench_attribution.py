"""Attribution speed: words/s of the spaCy parse alone vs parse + attributions.

Both are measured in the same run on the same parsed texts (the attribution rules
timed on the Docs the parse produced) (PolNeAR dev articles when the
shared data is present, else the hand-written examples repeated), and reported as a
ratio, because absolute speeds drift on shared machines.  The parse is what the
pipeline pays anyway; the ratio says how much the attribution rules add to it.
"""

from __future__ import annotations

import json
import time

from bench import REPO, SHARED_DATA


def _texts(quick: bool) -> tuple[str, list[str]]:
    folder = SHARED_DATA / "polnear" / "dev" / "text"
    if folder.exists():
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        return "PolNeAR dev", texts[:10] if quick else texts[:40]
    handset = REPO / "tests" / "data" / "attributions_handset.jsonl"
    lines = [json.loads(line)["text"] for line in handset.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "hand-written set", ["\n\n".join(lines)] * (3 if quick else 20)


def run(quick: bool) -> list[dict]:
    from redline.extract.attribution import find_attributions
    from redline.nlp import load_nlp
    from redline.registry import Segment

    nlp = load_nlp()
    name, texts = _texts(quick)
    words = sum(len(t.split()) for t in texts)
    # Warm up both (first calls pay for lazy initialisation).
    find_attributions([Segment(0, nlp(texts[0][:2000]))])

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=8))
    parse_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    relations = sum(len(find_attributions([Segment(0, doc)])) for doc in docs)
    rules_seconds = time.perf_counter() - t0

    both_seconds = parse_seconds + rules_seconds
    rows = [{
        "texts": f"{name} ({len(texts)})",
        "words": words,
        "relations": relations,
        "parse words/s": round(words / parse_seconds),
        "parse+attributions words/s": round(words / both_seconds),
        "attributions alone words/s": round(words / rules_seconds),
        "ratio (parse+attr / parse)": round(parse_seconds / both_seconds, 3),
    }]
    rows.append(_long_document(nlp, 300 if quick else 1500))
    return rows


def _long_document(nlp, paragraphs: int) -> dict:
    """One long text dense with attributions: the rules must stay linear in its length
    (nesting looks for parents in a window, not among all pairs)."""
    from redline.extract.attribution import find_attributions
    from redline.registry import Segment

    text = "\n\n".join(
        f'Official {k} said that the depot had {k} trucks. "We are fine," the driver said, citing the logbook.'
        for k in range(paragraphs)
    )
    words = len(text.split())
    t0 = time.perf_counter()
    doc = nlp(text)
    parse_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    relations = len(find_attributions([Segment(0, doc)]))
    rules_seconds = time.perf_counter() - t0
    return {
        "texts": f"one long document ({paragraphs} paragraphs)",
        "words": words,
        "relations": relations,
        "parse words/s": round(words / parse_seconds),
        "parse+attributions words/s": round(words / (parse_seconds + rules_seconds)),
        "attributions alone words/s": round(words / rules_seconds),
        "ratio (parse+attr / parse)": round(parse_seconds / (parse_seconds + rules_seconds), 3),
    }
