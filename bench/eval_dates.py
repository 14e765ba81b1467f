"""`make eval-dates`: the date extractor scored on TimeBank + AQUAINT (TimeML).

Every `.tml` file under ../shared/data/timeml/tbaq-cleaned is read as plain text with
its TIMEX3 annotations; relative expressions resolve against the file's <DCT>.  Scored
on DATE expressions (TimeML's DURATION, TIME and SET are other types):

- relaxed span P/R/F1: a predicted point date (any granularity but duration and time)
  matches a gold DATE it overlaps, one to one;
- value accuracy: on matched pairs, whether our value equals the gold value.  The
  adapter maps our conventions to TimeML's: "now" (stored as the document date) is
  PRESENT_REF, "recently"/"in the future" are PAST_REF/FUTURE_REF, an ISO duration
  in years written for decades becomes TimeML's.

Prints a table and writes bench/out/eval_dates.json.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench import OUT, shared

REF_VALUES = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def read_tml(path: Path) -> tuple[str, dt.date | None, list[dict[str, Any]]]:
    """Plain text of <TEXT>, the DCT, and the TIMEX3 spans with type and value."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4})-?(\d{2})-?(\d{2})", raw, re.S)
    anchor = dt.date(int(dct.group(1)), int(dct.group(2)), int(dct.group(3))) if dct else None
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    parts: list[str] = []
    length = 0
    open_timex: dict[str, Any] | None = None
    timexes = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
            open_timex = {"start": length, "type": a.get("type"), "value": a.get("value")}
        elif open_timex is not None:
            open_timex["end"] = length
            timexes.append(open_timex)
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    for t in timexes:
        t["text"] = text[t["start"]:t["end"]]
    return text, anchor, timexes


def timeml_value(finding: Any) -> str | None:
    if finding.ref in REF_VALUES and (finding.ref != "present" or finding.granularity in (None, "day")):
        return REF_VALUES[finding.ref]
    return finding.value


def _canonical(value: str) -> str:
    """TimeML writes weeks unpadded ("2000-W8") and decades either "199" or "199X"."""
    v = value.upper()
    v = re.sub(r"-W0(\d)\b", r"-W\1", v)
    return re.sub(r"^(\d{3})X$", r"\1", v)


def _same(ours: str, gold: str) -> bool:
    return _canonical(ours) == _canonical(gold)


def evaluate(files: list[Path]) -> dict[str, Any]:
    from redline.extract.dates import find_dates
    from redline.nlp import load_nlp

    nlp = load_nlp()
    docs = [read_tml(p) for p in files]
    n_pred = n_gold = matched = correct = 0
    seconds = 0.0
    errors = []
    for (text, anchor, timexes), doc, path in zip(docs, nlp.pipe([d[0] for d in docs], batch_size=8), files,
                                                  strict=True):
        t0 = time.perf_counter()
        found = find_dates(doc, anchor)
        seconds += time.perf_counter() - t0
        predicted = [f for f in found if f.granularity not in ("duration", "time")]
        gold = [t for t in timexes if t["type"] == "DATE"]
        n_pred += len(predicted)
        n_gold += len(gold)
        used: set[int] = set()
        for f in predicted:
            j = next((k for k, g in enumerate(gold) if k not in used and f.start < g["end"] and g["start"] < f.end),
                     None)
            if j is None:
                errors.append({"file": path.name, "extra": text[f.start:f.end], "value": f.value})
                continue
            used.add(j)
            matched += 1
            value = timeml_value(f)
            if value is not None and _same(value, gold[j]["value"] or ""):
                correct += 1
            else:
                errors.append({"file": path.name, "text": text[f.start:f.end], "gold_text": gold[j]["text"],
                               "value": value, "gold": gold[j]["value"]})
        for k, g in enumerate(gold):
            if k not in used:
                errors.append({"file": path.name, "missed": g["text"], "gold": g["value"]})
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    return {
        "documents": len(files), "gold": n_gold, "predicted": n_pred, "matched": matched,
        "span": {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0},
        "value_accuracy": correct / matched if matched else 0.0,
        "seconds_in_dates_stage": seconds,
        "errors": errors,
    }


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    folder = shared("timeml", "tbaq-cleaned")
    if folder is None:
        return 0
    files = sorted(folder.rglob("*.tml"))
    report = evaluate(files)
    table = Table(title="dates on TimeBank+AQUAINT (DATE expressions)")
    for col in ("documents", "gold", "predicted", "span P", "span R", "span F1", "value accuracy (matched)"):
        table.add_column(col)
    s = report["span"]
    table.add_row(str(report["documents"]), str(report["gold"]), str(report["predicted"]), f"{s['p']:.3f}",
                  f"{s['r']:.3f}", f"{s['f1']:.3f}", f"{report['value_accuracy']:.3f}")
    Console(width=110).print(table)
    print("targets: relaxed span F1 0.88, value accuracy 0.80")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eval_dates.json").write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
