"""`make eval-attribution`: attribution quality on PolNeAR dev and on our hand-written set.

PolNeAR (../shared/data/polnear/dev) annotates every attribution in 84 news articles
as Source / Cue / Content spans (brat standoff; a content may be discontinuous).
Some articles were annotated more than once; we score against one annotation per
article, always the first .ann file in name order.  The extractor runs on the raw
article text, parsed here with `load_nlp` (no ledger).

Scores, per role and for whole relations:
- exact: a predicted span (for content: the list of its pieces) equals a gold one,
  character for character after trimming whitespace (so pieces with only whitespace
  between them count as one piece);
- overlap: a predicted span shares at least one token with a gold span of the role;
- tokens: token-level precision/recall of the role (proportional credit).
Role spans are compared as sets per document, so a source or content shared by two
relations counts once.  A relation matches exactly when its three roles do (a missing
source must be missing in both), and by overlap when each role present overlaps.

The hand-written set (tests/data/attributions_handset.jsonl) is scored as accuracy:
the share of its attributions found with exact source, cue and content, and among
those the share whose kind, stance and parent are right; for sources marked with
`resolves_to` (pronouns, descriptions), the share `resolve_speaker` resolves right.

Writes bench/out/eval_attribution.json.  `--cache PATH` keeps the parsed articles in
a spaCy DocBin between runs (the parse dominates the run time).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench import OUT, REPO, shared

Span = tuple[int, int]
ROLES = ("source", "cue", "content")
HANDSET = REPO / "tests" / "data" / "attributions_handset.jsonl"


# --------------------------------------------------------------------------- gold


def read_brat(path: Path) -> list[dict[str, list[Span] | None]]:
    """The attribution relations of one .ann file: role -> list of (start, end) pieces."""
    spans: dict[str, list[Span]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_and_spans = parts[1].split(" ", 1)
            if len(label_and_spans) < 2:
                continue
            pieces = []
            for piece in label_and_spans[1].split(";"):
                a, b = piece.split()
                pieces.append((int(a), int(b)))
            spans[parts[0]] = pieces
        elif line.startswith("E") and len(parts) >= 2:
            args = [a.split(":", 1) for a in parts[1].split()]
            # A role given twice is written "Content" and then "Content2" ('"A," he
            # said. "B."' as one relation): its pieces are one span in pieces.
            roles: dict[str, list[Span]] = {}
            for role, ref in args:
                role = role.rstrip("0123456789").lower()
                if ref in spans:
                    roles.setdefault(role, []).extend(spans[ref])
            relations.append({role: roles.get(role) for role in ROLES})
    return relations


def load_polnear(split: str = "dev") -> list[tuple[str, str, list[dict]]]:
    """(name, text, gold relations) per article, one annotation per article."""
    root = shared("polnear", split)
    if root is None:
        return []
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    out = []
    for stem, ann in sorted(chosen.items()):
        text_path = root / "text" / f"{stem}.txt"
        if text_path.exists():
            out.append((stem, text_path.read_text(encoding="utf-8"), read_brat(ann)))
    return out


# --------------------------------------------------------------------------- parsing


def parse_texts(texts: list[str], cache: Path | None) -> list[Any]:
    from redline.nlp import load_nlp

    nlp = load_nlp()
    key = hashlib.sha1(("\x00".join(texts) + nlp.meta.get("version", "")).encode()).hexdigest()[:12]
    if cache is not None:
        from spacy.tokens import DocBin

        path = cache.with_name(f"{cache.stem}-{key}.spacy")
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=8))
    if cache is not None:
        from spacy.tokens import DocBin

        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return docs


def predict(doc: Any) -> list[dict[str, list[Span] | None]]:
    from redline.extract.attribution import find_attributions
    from redline.registry import Segment

    return [
        {"source": [f.source] if f.source else None, "cue": [f.cue], "content": list(f.content)}
        for f in find_attributions([Segment(0, doc)])
    ]


# --------------------------------------------------------------------------- scoring


def _norm(text: str, pieces: list[Span] | None) -> tuple[Span, ...] | None:
    if not pieces:
        return None
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    # brat lists the pieces of a discontinuous span in annotation order, not text order.
    # Pieces with only whitespace between them (a quotation selected sentence by
    # sentence) are one span once whitespace is trimmed.
    merged: list[Span] = []
    for a, b in sorted(out):
        if merged and not text[merged[-1][1]:a].strip():
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged) or None


def _tokens(token_starts: list[int], token_ends: list[int], pieces: tuple[Span, ...] | None) -> frozenset[int]:
    if not pieces:
        return frozenset()
    out = set()
    for a, b in pieces:
        for i, (s, e) in enumerate(zip(token_starts, token_ends, strict=True)):
            if s < b and e > a:
                out.add(i)
    return frozenset(out)


class Counts:
    def __init__(self) -> None:
        self.tp = defaultdict(float)
        self.pred = defaultdict(float)
        self.gold = defaultdict(float)

    def add(self, key: str, tp_pred: float, tp_gold: float, pred: float, gold: float) -> None:
        self.tp[key + "/p"] += tp_pred
        self.tp[key + "/r"] += tp_gold
        self.pred[key] += pred
        self.gold[key] += gold

    def prf(self, key: str) -> dict[str, float]:
        p = self.tp[key + "/p"] / self.pred[key] if self.pred[key] else 0.0
        r = self.tp[key + "/r"] / self.gold[key] if self.gold[key] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_document(doc: Any, gold: list[dict], pred: list[dict], counts: Counts) -> None:
    text = doc.text
    starts = [t.idx for t in doc if not t.is_space]
    ends = [t.idx + len(t.text) for t in doc if not t.is_space]

    def tok(p):
        return _tokens(starts, ends, p)

    for role in ROLES:
        g = {s for r in gold if (s := _norm(text, r[role]))}
        p = {s for r in pred if (s := _norm(text, r[role]))}
        exact = len(g & p)
        counts.add(f"{role}/exact", exact, exact, len(p), len(g))
        gt = {s: tok(s) for s in g}
        pt = {s: tok(s) for s in p}
        p_hit = sum(1 for s in p if any(pt[s] & gt[x] for x in g))
        g_hit = sum(1 for s in g if any(gt[s] & pt[x] for x in p))
        counts.add(f"{role}/overlap", p_hit, g_hit, len(p), len(g))
        g_all = frozenset().union(*gt.values()) if gt else frozenset()
        p_all = frozenset().union(*pt.values()) if pt else frozenset()
        shared_tokens = len(g_all & p_all)
        counts.add(f"{role}/tokens", shared_tokens, shared_tokens, len(p_all), len(g_all))
    # Whole relations, matched one to one.
    gold_n = [{role: _norm(text, r[role]) for role in ROLES} for r in gold]
    pred_n = [{role: _norm(text, r[role]) for role in ROLES} for r in pred]
    for mode in ("exact", "overlap"):
        free = list(range(len(gold_n)))
        hits = 0
        for pr in pred_n:
            for k in free:
                if _relation_match(pr, gold_n[k], mode, tok):
                    free.remove(k)
                    hits += 1
                    break
        counts.add(f"relation/{mode}", hits, hits, len(pred_n), len(gold_n))


def _relation_match(pred: dict, gold: dict, mode: str, tok) -> bool:
    for role in ROLES:
        a, b = pred[role], gold[role]
        if a is None or b is None:
            if a != b and (role != "source" or mode == "exact"):
                return False
            continue
        if mode == "exact" and a != b:
            return False
        if mode == "overlap" and not tok(a) & tok(b):
            return False
    return True


def missed_cues(text: str, gold: list[dict], pred: list[dict], width: int = 60) -> list[dict[str, str]]:
    """Gold cues not predicted exactly, with the predicted cue they overlap (if any)
    and the words around them: what `--errors` prints to group the misses by hand."""
    predicted = {c for p in pred if (c := _norm(text, p["cue"]))}
    out = []
    for g in gold:
        cue = _norm(text, g["cue"])
        if not cue or cue in predicted:
            continue
        a, b = cue[0][0], cue[-1][1]
        near = [text[p[0][0]:p[-1][1]] for p in predicted if p[0][0] < b and a < p[-1][1]]
        out.append({"cue": text[a:b], "predicted": " | ".join(near),
                    "context": text[max(0, a - width):b + width].replace("\n", " ")})
    return out


def evaluate_polnear(cache: Path | None, limit: int | None = None, split: str = "dev",
                     errors: list | None = None, start: int = 0) -> dict[str, Any] | None:
    articles = load_polnear(split)
    if not articles:
        return None
    articles = articles[start:start + limit if limit else None]
    t0 = time.perf_counter()
    docs = parse_texts([text for _, text, _ in articles], cache)
    t1 = time.perf_counter()
    counts = Counts()
    n_pred = 0
    for (_name, _text, gold), doc in zip(articles, docs, strict=True):
        pred = predict(doc)
        n_pred += len(pred)
        if errors is not None:
            errors.extend(missed_cues(doc.text, gold, pred))
        score_document(doc, gold, pred, counts)
    t2 = time.perf_counter()
    result: dict[str, Any] = {
        "articles": len(articles),
        "gold_relations": sum(len(g) for _, _, g in articles),
        "predicted_relations": n_pred,
        "parse_seconds": round(t1 - t0, 1),
        "extract_seconds": round(t2 - t1, 1),
    }
    for role in (*ROLES, "relation"):
        modes = ("exact", "overlap") if role == "relation" else ("exact", "overlap", "tokens")
        result[role] = {mode: counts.prf(f"{role}/{mode}") for mode in modes}
    return result


# --------------------------------------------------------------------------- hand-written set


def load_handset(path: Path = HANDSET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def locate(text: str, phrase: str | None, occurrence: int = 0) -> Span | None:
    """The span of the `occurrence`-th appearance of `phrase` in `text` as whole
    words ("he" is not found inside "further")."""
    if phrase is None:
        return None
    left = r"(?<!\w)" if phrase[:1].isalnum() else ""
    right = r"(?!\w)" if phrase[-1:].isalnum() else ""
    matches = list(re.finditer(left + re.escape(phrase) + right, text))
    if len(matches) <= occurrence:
        raise ValueError(f"{phrase!r} is not in {text!r}")
    return matches[occurrence].span()


def evaluate_handset(path: Path = HANDSET) -> dict[str, Any]:
    """Accuracy of the extractor on the hand-written examples."""
    from redline.extract.attribution import find_attributions, mentions_from_segments, resolve_speaker
    from redline.nlp import load_nlp
    from redline.registry import Segment

    nlp = load_nlp()
    examples = load_handset(path)
    total = found = kind_ok = stance_ok = parent_ok = 0
    to_resolve = resolved = 0
    misses = []
    for ex in examples:
        text = ex["text"]
        segments = [Segment(0, nlp(text))]
        pred = find_attributions(segments)
        mentions = mentions_from_segments(segments)
        for g in ex["attributions"]:
            if g.get("resolves_to"):
                to_resolve += 1
                start, end = locate(text, g["source"], g.get("source_occurrence", 0))
                m = resolve_speaker(text, start, end, mentions)
                resolved += m is not None and _same_name(m.text, g["resolves_to"])
        keyed = {(f.source, f.cue, f.content[0][0], f.content[-1][1]): (k, f) for k, f in enumerate(pred)}
        gold_keys = []
        for g in ex["attributions"]:
            content = locate(text, g["content"], g.get("content_occurrence", 0))
            gold_keys.append((locate(text, g.get("source"), g.get("source_occurrence", 0)),
                              locate(text, g["cue"], g.get("cue_occurrence", 0)), content[0], content[1]))
        for g, key in zip(ex["attributions"], gold_keys, strict=True):
            total += 1
            hit = keyed.get(key)
            if hit is None:
                misses.append({"text": text[:80], "expected": g})
                continue
            found += 1
            k, f = hit
            kind_ok += f.kind == g["kind"]
            stance_ok += f.stance == g["stance"]
            want_parent = g.get("parent")
            got_parent = None
            if f.parent is not None:
                p = pred[f.parent]
                got_parent = next((j for j, gk in enumerate(gold_keys)
                                   if gk == (p.source, p.cue, p.content[0][0], p.content[-1][1])), -1)
            parent_ok += got_parent == want_parent
    linked, linked_total = _speakers_through_the_ledger(examples)
    return {
        "examples": len(examples),
        "attributions": total,
        "found_exact": round(found / total, 4) if total else 0.0,
        "kind_accuracy": round(kind_ok / found, 4) if found else 0.0,
        "stance_accuracy": round(stance_ok / found, 4) if found else 0.0,
        "parent_accuracy": round(parent_ok / found, 4) if found else 0.0,
        "speakers_to_resolve": to_resolve,
        "resolution_accuracy": round(resolved / to_resolve, 4) if to_resolve else 0.0,
        "ledger_resolution_accuracy": round(linked / linked_total, 4) if linked_total else 0.0,
        "misses": misses,
    }


def _same_name(found: str, wanted: str) -> bool:
    """Names equal but for a leading "the" (mentions are stored without it)."""
    def bare(name: str) -> str:
        return name[4:] if name.lower().startswith("the ") else name
    return bare(found) == bare(wanted)


def _speakers_through_the_ledger(examples: list[dict]) -> tuple[int, int]:
    """How many speakers to resolve end up with the right entity the way a user sees
    them: the texts ingested into a real SQLite ledger, extracted, and linked."""
    import tempfile

    from redline.link import resolve
    from redline.pipeline import extract
    from redline.schema import Attribution, Document, Mention
    from redline.store import open_ledger

    cases = [(f"h{i}", ex, g) for i, ex in enumerate(examples) for g in ex["attributions"] if g.get("resolves_to")]
    if not cases:
        return 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        ledger = open_ledger(str(Path(tmp) / "handset.db"))
        try:
            ids = {doc_id: ex for doc_id, ex, _ in cases}
            ledger.upsert([Document(id=doc_id, path=f"{doc_id}.txt", text=ex["text"], kind="news_report")
                           for doc_id, ex in ids.items()])
            extract(ledger, {})
            resolve(ledger)
            names: dict[str, set[str]] = {}
            for m in ledger.select(Mention):
                if m.entity_id:
                    names.setdefault(m.entity_id, set()).add(m.text)
            by_source = {(a.document_id, a.source.start, a.source.end): a.source_entity_id
                         for a in ledger.select(Attribution) if a.source}
        finally:
            ledger.close()
    ok = 0
    for doc_id, ex, g in cases:
        start, end = locate(ex["text"], g["source"], g.get("source_occurrence", 0))
        entity = by_source.get((doc_id, start, end))
        ok += any(_same_name(n, g["resolves_to"]) for n in names.get(entity or "", ()))
    return ok, len(cases)


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_attribution")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to keep parsed articles in")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--start", type=int, default=0,
                        help="skip the first N articles (with --limit, a slice no rule was written from)")
    parser.add_argument("--split", default="dev", help="PolNeAR split to score (dev; train as a second check)")
    parser.add_argument("--show-misses", action="store_true", help="print the hand-set attributions missed")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N PolNeAR gold cues missed (exactly), the most frequent cue words first")
    args = parser.parse_args(argv)
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    results: dict[str, Any] = {}
    errors: list[dict[str, str]] | None = [] if args.errors else None
    polnear = evaluate_polnear(args.cache, args.limit, args.split, errors, args.start)
    if polnear is not None:
        results[f"polnear_{args.split}"] = polnear
        table = Table(title=f"PolNeAR {args.split}: {polnear['articles']} articles, {polnear['gold_relations']} gold / "
                            f"{polnear['predicted_relations']} predicted relations")
        for col in ("role", "match", "precision", "recall", "F1"):
            table.add_column(col)
        for role in (*ROLES, "relation"):
            for mode, prf in polnear[role].items():
                table.add_row(role, mode, f"{prf['precision']:.3f}", f"{prf['recall']:.3f}", f"{prf['f1']:.3f}")
        console.print(table)
    if errors:
        # Printed only, never written to a file: the corpus's sentences stay out of the repo.
        freq: dict[str, int] = defaultdict(int)
        for e in errors:
            freq[e["cue"].lower()] += 1
        errors.sort(key=lambda e: (-freq[e["cue"].lower()], e["cue"].lower()))
        console.print(f"{len(errors)} gold cues missed; {sum(1 for e in errors if e['predicted'])} overlap a predicted cue")
        for e in errors[: args.errors]:
            console.print(f"[bold]{escape(e['cue'])}[/bold] (predicted: {escape(e['predicted']) or '-'})  "
                          f"... {escape(e['context'])} ...", highlight=False)
    handset = evaluate_handset()
    results["handset"] = handset
    table = Table(title=f"hand-written set: {handset['attributions']} attributions in {handset['examples']} texts")
    for col in ("found (exact 3 spans)", "kind", "stance", "parent", "speaker resolved",
                "speaker's entity in the ledger"):
        table.add_column(col)
    table.add_row(*(f"{handset[k]:.3f}" for k in ("found_exact", "kind_accuracy", "stance_accuracy",
                                                  "parent_accuracy", "resolution_accuracy",
                                                  "ledger_resolution_accuracy")))
    console.print(table)
    if args.show_misses:
        for miss in handset["misses"]:
            console.print(miss)
    OUT.mkdir(parents=True, exist_ok=True)
    whole_dev = args.split == "dev" and not args.limit and not args.start
    name = "eval_attribution.json" if whole_dev else f"eval_attribution_{args.split}.json"
    (OUT / name).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
