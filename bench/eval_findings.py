"""`make eval-findings`: how well the link stage types pairs of claims.

Two evaluations, both through the whole path (extractors, entity resolution, claim
views, sentence vectors, the relation classifier):

1. **The labelled pairs** in tests/data/claim_pairs.jsonl (our own sentences, 300+
   pairs over casualties, troops, aid, arms, budgets, elections, health, statements,
   with many hard negatives).  Each side becomes a tiny document; every claim of A is
   typed against every claim of B and the pair's prediction is the judgement with the
   highest score (None when no claim pair gets one).  Reported: precision, recall and
   F1 per relation, the confusion matrix, how often a `different_measure` pair is
   reported as a conflict (the target is never), and blocking recall (the share of
   labelled pairs that the candidate generator would have proposed at all).

2. **FEVER-Symmetric dev** (../shared/data/fever_symmetric/dev.jsonl; skipped with a
   message when absent): evidence = A, claim = B.  supports/same -> SUPPORTS,
   contradicts/numeric_conflict -> REFUTES.  "No relation" (and different_measure,
   which says the figures are not comparable) is counted as SUPPORTS in the headline
   accuracy: the pairs are topically linked by construction, and the classifier
   reports a conflict only when it has evidence of one, so finding none means "no
   contradiction found".  The strict accuracy (no relation = wrong) and the accuracy
   on the pairs that received a relation are printed beside it.

Usage: python -m bench.eval_findings [--pairs PATH] [--no-fever] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench import OUT, REPO, shared

PAIRS = REPO / "tests" / "data" / "claim_pairs.jsonl"
RELATIONS = ("contradicts", "numeric_conflict", "different_measure", "supports", "same")
CONFLICTS = ("contradicts", "numeric_conflict")


def _ledger(folder: str):
    from redline.store import open_ledger

    return open_ledger(str(Path(folder) / "eval.db"))


def predict_pairs(pairs: list[dict], embeddings: bool = True) -> tuple[list[str | None], dict]:
    """Run the whole path on each pair; returns the predicted relation per pair and stats."""
    import numpy as np

    from redline.link import claim_vectors, load_views
    from redline.link.blocking import candidate_pairs
    from redline.link.relations import RuleClassifier
    from redline.pipeline import extract
    from redline.schema import Document

    stats: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        ledger = _ledger(tmp)
        docs = []
        for n, p in enumerate(pairs):
            for side in ("a", "b"):
                s = p[side]
                docs.append(Document(id=f"{n:05d}{side}", path=f"{p.get('id', n)}-{side}.txt", text=s["text"],
                                     kind=s.get("kind"), published=s.get("published"),
                                     outlet=s.get("outlet") or f"Outlet {n}{side}"))
        ledger.upsert(docs)
        t = time.perf_counter()
        extract(ledger, {})
        stats["extract_seconds"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        views = load_views(ledger)
        vectors = claim_vectors(ledger, views) if embeddings else None
        for i, v in enumerate(views):
            v.index = i
        stats["link_prepare_seconds"] = round(time.perf_counter() - t, 1)
        by_doc = defaultdict(list)
        for v in views:
            by_doc[v.doc.id].append(v)
        candidates = {(views[i].id, views[j].id) for i, j, _ in candidate_pairs(views, vectors)}
        classifier = RuleClassifier()
        predictions: list[str | None] = []
        proposed: list[bool] = []
        missing_claims = 0
        for n, _ in enumerate(pairs):
            side_a, side_b = by_doc.get(f"{n:05d}a", []), by_doc.get(f"{n:05d}b", [])
            if not side_a or not side_b:
                missing_claims += 1
            best = None
            was_proposed = False
            for a in side_a:
                for b in side_b:
                    sim = float(np.dot(vectors[a.index], vectors[b.index])) if vectors is not None else None
                    j = classifier.classify(a, b, sim)
                    if (a.id, b.id) in candidates or (b.id, a.id) in candidates:
                        was_proposed = True
                    if j is not None and (best is None or j.score > best.score):
                        best = j
            predictions.append(best.relation if best else None)
            proposed.append(was_proposed)
        stats["pairs_without_claims"] = missing_claims
        stats["proposed"] = proposed
        ledger.close()
    return predictions, stats


def report_labelled(path: Path, limit: int | None = None) -> dict:
    pairs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if limit:
        pairs = pairs[:limit]
    predictions, stats = predict_pairs(pairs)
    gold = [p["relation"] for p in pairs]
    confusion: Counter = Counter(zip(gold, predictions, strict=True))
    rows = []
    for r in RELATIONS:
        tp = confusion[(r, r)]
        predicted = sum(n for (g, p), n in confusion.items() if p == r)
        actual = sum(n for (g, p), n in confusion.items() if g == r)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"relation": r, "gold": actual, "predicted": predicted, "correct": tp,
                     "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)})
    # Merged view: a conflict is a conflict, agreement is agreement.
    def group(x):
        return "conflict" if x in CONFLICTS else "agreement" if x in ("supports", "same") else x
    grouped = Counter((group(g), group(p)) for g, p in zip(gold, predictions, strict=True))
    dm_as_conflict = sum(n for (g, p), n in confusion.items() if g == "different_measure" and p in CONFLICTS)
    linked_gold = [i for i, g in enumerate(gold) if g is not None]
    blocking_recall = (sum(stats["proposed"][i] for i in linked_gold) / len(linked_gold)) if linked_gold else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predictions, strict=True)) / len(gold)
    errors = [{"id": p["id"], "gold": g, "predicted": pr, "a": p["a"]["text"], "b": p["b"]["text"]}
              for p, g, pr in zip(pairs, gold, predictions, strict=True) if g != pr]
    return {
        "pairs": len(pairs), "accuracy": round(accuracy, 3), "per_relation": rows,
        "conflict_vs_agreement": {f"{g}->{p}": n for (g, p), n in sorted(grouped.items(), key=str)},
        "different_measure_reported_as_conflict": dm_as_conflict,
        "none_reported_as_conflict": sum(n for (g, p), n in confusion.items() if g is None and p in CONFLICTS),
        "blocking_recall": round(blocking_recall, 3),
        "pairs_without_claims": stats["pairs_without_claims"],
        "seconds": {k: v for k, v in stats.items() if k.endswith("seconds")},
        "errors": errors,
    }


def _detokenize(text: str) -> str:
    """FEVER sentences are tokenised ("Cruz , who ..." / "-LRB-"): undo the obvious."""
    text = text.replace("-LRB-", "(").replace("-RRB-", ")").replace("-LSB-", "[").replace("-RSB-", "]")
    text = text.replace("``", '"').replace("''", '"').replace("--", "–")
    text = re.sub(r"\s+([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    text = re.sub(r"\s+'s\b", "'s", text)
    return " ".join(text.split())


def report_fever(limit: int | None = None) -> dict | None:
    path = shared("fever_symmetric", "dev.jsonl")
    if path is None:
        return None
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if limit:
        rows = rows[:limit]
    pairs = [{"id": r["id"], "a": {"text": _detokenize(r.get("evidence") or r.get("evidence_sentence") or r["sentence1"]),
                                   "kind": "other"},
              "b": {"text": _detokenize(r["claim"]), "kind": "other"}} for r in rows]
    predictions, _ = predict_pairs(pairs)
    gold = [r["gold_label"] for r in rows]
    mapped_default, mapped_strict = [], []
    for p in predictions:
        if p in CONFLICTS:
            mapped_default.append("REFUTES")
            mapped_strict.append("REFUTES")
        elif p in ("supports", "same"):
            mapped_default.append("SUPPORTS")
            mapped_strict.append("SUPPORTS")
        else:
            mapped_default.append("SUPPORTS")
            mapped_strict.append(None)
    n = len(gold)
    answered = [i for i, m in enumerate(mapped_strict) if m is not None]
    return {
        "pairs": n,
        "accuracy_no_relation_as_supports": round(sum(g == m for g, m in zip(gold, mapped_default, strict=True)) / n, 3),
        "accuracy_strict": round(sum(g == m for g, m in zip(gold, mapped_strict, strict=True)) / n, 3),
        "answered": len(answered),
        "accuracy_on_answered": round(sum(gold[i] == mapped_strict[i] for i in answered) / max(1, len(answered)), 3),
        "predicted": dict(Counter(str(p) for p in predictions)),
        "refutes_recall": round(sum(g == m == "REFUTES" for g, m in zip(gold, mapped_default, strict=True))
                                / max(1, gold.count("REFUTES")), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_findings")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--no-fever", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", action="store_true", help="print every mislabelled pair")
    args = parser.parse_args(argv)
    result = {"labelled": report_labelled(args.pairs, args.limit)}
    lab = result["labelled"]
    print(f"labelled pairs: {lab['pairs']}  accuracy {lab['accuracy']:.3f}  blocking recall {lab['blocking_recall']:.3f}")
    print(f"{'relation':<18}{'gold':>6}{'pred':>6}{'ok':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for r in lab["per_relation"]:
        print(f"{r['relation']:<18}{r['gold']:>6}{r['predicted']:>6}{r['correct']:>6}"
              f"{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}")
    print(f"different_measure reported as a conflict: {lab['different_measure_reported_as_conflict']}; "
          f"no-relation pairs reported as a conflict: {lab['none_reported_as_conflict']}")
    print("conflict/agreement view:", lab["conflict_vs_agreement"])
    if args.errors:
        for e in lab["errors"]:
            print(f"  {e['id']}: gold {e['gold']} got {e['predicted']}\n     A: {e['a']}\n     B: {e['b']}")
    if not args.no_fever:
        fever = report_fever(args.limit)
        if fever is not None:
            result["fever_symmetric"] = fever
            print(f"FEVER-Symmetric dev ({fever['pairs']} pairs): accuracy {fever['accuracy_no_relation_as_supports']:.3f} "
                  f"(no relation counted as SUPPORTS); strict {fever['accuracy_strict']:.3f}; "
                  f"{fever['answered']} pairs got a relation, accuracy on those {fever['accuracy_on_answered']:.3f}; "
                  f"REFUTES recall {fever['refutes_recall']:.3f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eval_findings.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
