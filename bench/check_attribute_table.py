"""Check that redline's attribute table tags exactly like the model's own attribute_ruler.

Parses texts with the model as shipped and with the table in its place, and compares
every token's tag, POS, morphology, lemma, dependency and head.  Texts: PolNeAR's (from
../shared/data) when present, plus the demo corpus.  Exit status 1 on any difference.

`python -m bench.check_attribute_table [--limit N]`
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import shared

ROOT = Path(__file__).resolve().parent.parent


def _texts(limit: int | None) -> list[str]:
    files = sorted((ROOT / "examples" / "corpus").glob("*.txt")) + sorted((ROOT / "examples" / "corpus").glob("*.md"))
    polnear = shared("polnear")
    if polnear is not None:
        files += sorted(polnear.glob("*/text/*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    return texts[:limit] if limit else texts


def _signature(doc) -> list[tuple]:
    return [(t.i, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    import spacy  # noqa: F401

    from redline import attribute_table
    from redline.nlp import MODEL_PACKAGE

    stock = __import__(MODEL_PACKAGE).load()
    table = __import__(MODEL_PACKAGE).load()
    if not attribute_table.install(table):
        print("the table could not model this model's rules: redline keeps spaCy's ruler")
        return 1
    texts = _texts(args.limit)
    tokens = differing = 0
    for a, b in zip(stock.pipe(texts), table.pipe(texts), strict=True):
        sa, sb = _signature(a), _signature(b)
        tokens += len(sa)
        for x, y in zip(sa, sb, strict=True):
            if x != y:
                differing += 1
                if differing <= 20:
                    print(f"differs at token {x[0]} ({a[x[0]].text!r}): spaCy {x[1:]} / table {y[1:]}")
    print(f"{len(texts)} texts, {tokens:,} tokens, {differing} differing")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
