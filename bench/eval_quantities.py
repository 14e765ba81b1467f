"""`make eval-quantities`: the quantity extractor scored on NewsQuant and our hard cases.

Scoring follows the CQE paper's set-up: per sentence, predicted quantities are
paired one-to-one with gold ones by value; precision, recall and F1 are given for
the value alone, value+unit, value+change, and for the referred concept (a paired
quantity whose concept shares at least one content word with the gold one).  The
four unit-type sets in the same folder are scored for value and value+unit.

The adapter maps our output to NewsQuant's conventions without changing the
extractor: a range or a vague magnitude is the value "low-high"; qualifiers become
changes (about/nearly '~', more_than/at_least '>', less_than/at_most '<',
increase 'up', decrease 'down', anything else '='; the level reached after a move
takes the move's direction, see `predicted_change`); ISO currency codes become
NewsQuant's unit names; a count's unit is the counted noun's head.
Also reports the accuracy of tests/data/quantities_handset.jsonl.
Writes bench/out/eval_quantities.json.
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any

from bench import OUT, REPO, shared
from redline.extract.quantity.qualifiers import CHANGE_WORDS

CHANGE_OF = {"about": "~", "nearly": "~", "more_than": ">", "at_least": ">", "less_than": "<", "at_most": "<",
             "increase": "up", "decrease": "down"}
UNIT_NAMES = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen", "CNY": "chinese yuan",
    "MYR": "malaysian ringgit", "ILS": "shekel", "INR": "indian rupee", "RUB": "russian ruble",
    "UAH": "ukrainian hryvnia", "AUD": "australian dollar", "CAD": "canadian dollar", "HKD": "hong kong dollar",
    "SGD": "singapore dollar", "NZD": "new zealand dollar", "CHF": "swiss franc", "KRW": "south korean won",
    "DKK": "danish krone", "SEK": "swedish krona", "NOK": "norwegian krone", "BRL": "brazilian real",
    "MXN": "mexican peso", "TRY": "turkish lira", "ZAR": "south african rand", "NGN": "nigerian naira",
    "KES": "kenyan shilling", "cent": "cent", "penny": "penny", "CRC": "costa rican colón", "GEL": "georgian lari",
    "LAK": "lao kip", "THB": "thai baht",
    "percent": "percentage", "percentage point": "percentage point",
    "square foot": "square feet", "pound": "pound-mass", "times": "count", "tonne": "metric ton",
}
#: "boils down to $21", "narrowed down to 3 sites": "down to" as "amounts to", not a fall.
DOWN_TO_IDIOMS = ("boil", "whittl", "narrow", "break", "broke", "pared", "paring", "got", "get")
STOP = frozenset("the a an of in on at to for and or by with from its their his her this that these those is are "
                 "was were be been per".split())


IRREGULAR_PLURALS = {"children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth",
                     "mice": "mouse", "geese": "goose", "people": "people", "person": "people"}


def _singular(word: str) -> str:
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    for suffix, repl in (("ies", "y"), ("ves", "f"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    return w


def _words(text: str | None) -> set[str]:
    if not text or text == "-":
        return set()
    return {_singular(w) for w in re.findall(r"[\w'-]+", text.lower()) if w not in STOP}


# --------------------------------------------------------------------------- adapter


def predicted_value(q: Any) -> tuple[float, float]:
    if q.value is not None:
        return (q.value, q.value)
    return (q.low if q.low is not None else q.high, q.high if q.high is not None else q.low)


def gold_value(v: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*(?:-\s*(-?[\d.]+(?:e[+-]?\d+)?))?\s*", str(v))
    if not m:
        return None
    a = float(m.group(1))
    b = float(m.group(2)) if m.group(2) else a
    return (min(a, b), max(a, b)) if m.group(2) else (a, a)


def same_value(p: tuple[float, float], g: tuple[float, float]) -> bool:
    def eq(x: float | None, y: float) -> bool:
        return x is not None and abs(x - y) <= 1e-6 * max(1.0, abs(y))
    return (eq(p[0], g[0]) and eq(p[1], g[1])) or (eq(min(p), g[0]) and eq(max(p), g[1]))


def predicted_unit(q: Any) -> str | None:
    if q.unit:
        return UNIT_NAMES.get(q.unit, q.unit)
    if q.counted:
        return q.counted
    return None


def same_unit(pred: str | None, gold: dict) -> bool:
    g = (gold.get("normalized_unit") or "-").lower()
    if pred is None:
        return g in ("-", "", "count")
    p = pred.lower()
    if p == g or _singular(p) == _singular(g):
        return True
    gw = [w for w in re.findall(r"[\w-]+", g)]
    pw = [w for w in re.findall(r"[\w-]+", p)]
    # A count: the head nouns agree ("NATO troops" vs "troop"); a currency: the last word.
    return bool(gw and pw and _singular(gw[-1]) == _singular(pw[-1]))


def predicted_change(q: Any, records: list[Any] | None = None, text: str = "", moved: str | None = None) -> str:
    """NewsQuant's change label for one of our figures.

    Two conventions differ from ours and are mapped here: NewsQuant often gives the
    level reached after a move the move's direction ("rose 8.1 percent to 99.20 yuan",
    "climbed to 6.7%": both 'up'), while redline keeps that level a plain figure
    (qualifier null) because it is a level, not a change; and NewsQuant writes a
    movement "from X to Y" as a plain range ('='), where redline's qualifier keeps its
    direction."""
    if q.value is None and q.qualifier in ("increase", "decrease") and q.text.lower().startswith("from "):
        return "="  # "rose from 240 to 273": NewsQuant writes a movement as a range, '='
    if moved in ("increase", "decrease") and q.qualifier not in ("more_than", "at_least", "less_than", "at_most"):
        # "rose about 1.7 percent": NewsQuant labels the move over an approximation (but
        # keeps a bound: "lost more than 60%" is '>'); the scanner keeps both (Figure.change).
        return CHANGE_OF[moved]
    change = CHANGE_OF.get(q.qualifier or "", "=")
    if change != "=" or not text:
        return change
    before = text[max(0, q.start - 60):q.start]
    for p in sorted(records or [], key=lambda r: -r.end):
        if p.end <= q.start and p.qualifier in ("increase", "decrease") and \
                re.fullmatch(r"\s*(?:\w+\s+){0,2}?(?:to|at)\s+(?:end\s+at\s+|close\s+at\s+|a\s+close\s+of\s+)?",
                             text[p.end:q.start]):
            return CHANGE_OF[p.qualifier]
    m = re.search(r"(?:(\w+)\s+)?(\w+)\s+to\s+$", before)
    if m and m.group(2).lower() in CHANGE_WORDS and not (
            m.group(2).lower() == "down" and (m.group(1) or "").lower().startswith(DOWN_TO_IDIOMS)):
        return CHANGE_OF[CHANGE_WORDS[m.group(2).lower()]]
    return change


# --------------------------------------------------------------------------- scoring


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def extract_sentences(texts: list[str]) -> list[tuple[list[Any], dict[tuple[int, int], Any], float]]:
    """Quantity records for each sentence, the scanner's figures by span (they carry the
    concept words and the direction of a change, which the ledger does not store), and
    the seconds spent."""
    from redline.extract.dates import DateExtractor
    from redline.extract.quantities import QuantityExtractor
    from redline.extract.quantity.scan import find_figures
    from redline.nlp import load_nlp
    from redline.registry import ExtractContext, Segment
    from redline.schema import Document

    nlp = load_nlp()
    dates, quantities = DateExtractor(), QuantityExtractor()
    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        t0 = time.perf_counter()
        document = Document(id=f"s{i}", path=f"s{i}", text=doc.text, published=None)
        ctx = ExtractContext(document, [Segment(0, doc)], {})
        ctx.results["dates"] = dates.extract(ctx)["dates"]
        records = quantities.extract(ctx)["quantities"]
        skip = [(d.start, d.end) for d in ctx.results["dates"] if d.granularity != "duration"]
        figures = {(f.start, f.end): f for f in find_figures(doc, skip=skip)}
        out.append((records, figures, time.perf_counter() - t0))
    return out


def score(items: list[dict], with_change: bool = True) -> dict[str, Any]:
    texts = [it["text"] for it in items]
    results = extract_sentences(texts)
    n_pred = n_gold = 0
    tp = {"value": 0, "value+unit": 0, "value+change": 0, "concept": 0}
    n_pred_concept = n_gold_concept = 0
    errors = []
    for it, (records, figures, _) in zip(items, results, strict=True):
        golds = [g for g in it["quantities"] if gold_value(g["value"]) is not None]
        n_pred += len(records)
        n_gold += len(golds)
        n_gold_concept += sum(1 for g in golds if _words(g.get("referred_concepts")))
        used: set[int] = set()
        for q in records:
            figure = figures.get((q.start, q.end))
            concept = figure.concept if figure is not None else []
            moved = figure.change if figure is not None else None
            if concept:
                n_pred_concept += 1
            pv = predicted_value(q)
            match = next((j for j, g in enumerate(golds) if j not in used and same_value(pv, gold_value(g["value"]))),
                         None)
            if match is None:
                errors.append({"text": it["text"], "extra": q.text, "value": pv})
                continue
            used.add(match)
            g = golds[match]
            tp["value"] += 1
            if same_unit(predicted_unit(q), g):
                tp["value+unit"] += 1
            else:
                errors.append({"text": it["text"], "unit": predicted_unit(q), "gold_unit": g.get("normalized_unit"),
                               "figure": q.text})
            change = predicted_change(q, records, it["text"], moved)
            if with_change and change == g.get("change", "="):
                tp["value+change"] += 1
            elif with_change:
                errors.append({"text": it["text"], "change": change, "gold_change": g.get("change"),
                               "figure": q.text})
            if concept and _words(" ".join(concept)) & _words(g.get("referred_concepts")):
                tp["concept"] += 1
            elif with_change:
                errors.append({"text": it["text"], "concept": concept, "gold_concept": g.get("referred_concepts"),
                               "figure": q.text})
        for j, g in enumerate(golds):
            if j not in used:
                errors.append({"text": it["text"], "missed": g["value"], "unit": g.get("normalized_unit")})
    out: dict[str, Any] = {"sentences": len(items), "gold": n_gold, "predicted": n_pred}
    for k in ("value", "value+unit") + (("value+change",) if with_change else ()):
        out[k] = _prf(tp[k], n_pred, n_gold)
    if with_change:
        out["concept"] = _prf(tp["concept"], n_pred_concept, n_gold_concept)
    out["errors"] = errors
    return out


# --------------------------------------------------------------------------- hand-written cases


def handset_accuracy() -> dict[str, Any]:
    """The share of tests/data/quantities_handset.jsonl the extractor gets fully right."""
    path = REPO / "tests" / "data" / "quantities_handset.jsonl"
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    results = extract_sentences([c["text"] for c in cases])
    failures = []
    for case, (records, _, _) in zip(cases, results, strict=True):
        problem = _check_case(case, records)
        if problem:
            failures.append({"id": case["id"], "problem": problem})
    return {"cases": len(cases), "correct": len(cases) - len(failures),
            "accuracy": (len(cases) - len(failures)) / len(cases), "failures": failures}


def _check_case(case: dict, records: list[Any]) -> str | None:
    text = case["text"]
    piece = case.get("absent") or case["find"]
    at = text.index(piece)
    covering = [q for q in records if q.start <= at and at + len(piece) <= q.end]
    if "absent" in case:
        return f"read as a quantity: {covering[0].text!r}" if covering else None
    if len(covering) != 1:
        return f"found {len(covering)} figures"
    q = covering[0]
    for name in ("value", "low", "high", "qualifier", "unit", "counted", "measure"):
        if name not in case:
            continue
        got, want = getattr(q, name), case[name]
        if isinstance(want, (int, float)) and isinstance(got, (int, float)):
            if abs(got - want) > 1e-6 * max(1.0, abs(want)):
                return f"{name}: {got!r} != {want!r}"
        elif got != want:
            return f"{name}: {got!r} != {want!r}"
    if case.get("total_of"):
        at_total = text.index(case["total_of"])
        totals = [t for t in records if t.start <= at_total < t.end]
        if not totals or q.total_id != totals[0].id:
            return "not linked to its total"
    return None


# --------------------------------------------------------------------------- main


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=110)
    report: dict[str, Any] = {}
    folder = shared("newsquant")
    if folder is not None:
        dev = json.loads((folder / "newsquant_dev.json").read_text())
        report["newsquant_dev"] = score(dev)
        for name in ("currency", "dimension", "age", "temperature"):
            path = folder / f"{name}-model.json"
            if path.exists():
                report[f"{name}-model"] = score(json.loads(path.read_text()), with_change=False)
    report["handset"] = handset_accuracy()

    table = Table(title="quantities: F1 (value P/R in brackets)")
    for col in ("set", "n", "value", "value+unit", "value+change", "concept"):
        table.add_column(col)
    for name, r in report.items():
        if name == "handset":
            continue
        cells = [f"{r[k]['f1']:.3f}" if k in r else "" for k in ("value", "value+unit", "value+change", "concept")]
        cells[0] += f" ({r['value']['p']:.2f}/{r['value']['r']:.2f})"
        table.add_row(name, str(r["sentences"]), *cells)
    h = report["handset"]
    table.add_row("handset accuracy", str(h["cases"]), f"{h['accuracy']:.3f}", "", "", "")
    console.print(table)
    if "newsquant_dev" in report:
        console.print("targets on NewsQuant dev: value 0.93, value+unit 0.87, value+change 0.89, concept 0.78")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eval_quantities.json").write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())


