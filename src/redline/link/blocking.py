"""Which pairs of claims are worth typing: blocking, so linking grows linearly.

Comparing every claim with every other is quadratic.  Instead each claim gets a few
*keys* and only claims sharing a key are compared:

- each resolved entity it names ("e:<entity id>");
- each figure's (measure, counted thing) and counted thing alone ("q:...", "c:...");
- its three rarest words that some other claim also uses ("w:...");
- random-hyperplane signatures of its sentence vector ("h<table>:<bits>"), so that
  paraphrases that share no name still meet.

A block of up to `max_block` claims is compared all against all (one small matrix
product).  A bigger block (a name that half the corpus mentions) is ordered by a
hyperplane signature of the vectors (similar claims side by side) and each claim is
compared with its `window` neighbours only, so the work per claim is bounded and the total grows with the number of
claims, not its square.  Pairs below a similarity floor are dropped here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from redline.link.features import ClaimView
from redline.link.relations import counted_head, measure_of

SEED = 20260522  # fixed: the same ledger always yields the same candidate pairs
RARE_WORDS = 3  # keys per claim from its rarest shared words


def blocking_keys(view: ClaimView) -> set[str]:
    keys = {f"e:{e}" for e in view.entities}
    for q in view.quantities:
        # The counted thing as the classifier sees it ("servicemen" and "soldiers" meet).
        head = counted_head(q) or (q.unit or "").lower()
        measure = measure_of(q, view)
        if head:
            keys.add(f"c:{head}")
        if measure:
            keys.add(f"q:{measure}:{head}")
    return keys


def lsh_keys(vectors: np.ndarray, tables: int = 6, bits: int | None = None) -> list[list[str]]:
    if len(vectors) == 0:
        return []
    if bits is None:
        # About two dozen claims per bucket whatever the corpus size, so buckets stay
        # small enough to compare all against all.
        bits = int(min(14, max(8, math.ceil(math.log2(max(1, len(vectors)) / 24)))))
    rng = np.random.default_rng(SEED)
    planes = rng.standard_normal((tables, vectors.shape[1], bits)).astype(np.float32)
    out: list[list[str]] = [[] for _ in range(len(vectors))]
    weights = (1 << np.arange(bits)).astype(np.int64)
    for t in range(tables):
        signs = (vectors @ planes[t]) > 0
        codes = signs.astype(np.int64) @ weights
        for i, code in enumerate(codes.tolist()):
            out[i].append(f"h{t}:{code}")
    return out


def candidate_pairs(views: Sequence[ClaimView], vectors: np.ndarray | None, max_block: int = 48,
                    window: int = 24, floor: float = 0.3, lsh_floor: float = 0.55,
                    ) -> Iterator[tuple[int, int, float | None]]:
    """(i, j, similarity) for each candidate pair, i < j, each pair once."""
    blocks: dict[str, list[int]] = defaultdict(list)
    # The rarest words a claim shares with at least one other claim ("arrested",
    # "sabotaged"): a denial and an assertion may share nothing else.
    frequency: Counter = Counter(w for v in views for w in v.core_words if not w[0].isdigit())
    for i, v in enumerate(views):
        for k in blocking_keys(v):
            blocks[k].append(i)
        rare = sorted((frequency[w], w) for w in v.core_words if not w[0].isdigit() and frequency[w] >= 2)
        for _, w in rare[:RARE_WORDS]:
            blocks[f"w:{w}"].append(i)
    if vectors is not None and len(vectors):
        for i, keys in enumerate(lsh_keys(vectors)):
            for k in keys:
                blocks[k].append(i)
        # Order inside an oversized block: by a 16-bit hyperplane signature (similar
        # claims share it, so they sit side by side), then by one projection.
        planes = np.random.default_rng(SEED + 1).standard_normal((vectors.shape[1], 17)).astype(np.float32)
        projected = vectors @ planes
        signature = ((projected[:, :16] > 0).astype(np.int64) @ (1 << np.arange(16)).astype(np.int64))
        projection = signature.astype(np.float64) * 4.0 + np.tanh(projected[:, 16])
    else:
        projection = None
    seen: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) < 2:
            continue
        threshold = lsh_floor if key.startswith("h") else floor
        for i, j, sim in _block_pairs(members, vectors, projection, max_block, window, threshold):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            yield i, j, sim


def _block_pairs(members: list[int], vectors, projection, max_block: int, window: int, threshold: float):
    """Pairs of a block at or above the similarity threshold (every pair without vectors)."""
    if len(members) <= max_block:
        idx = np.array(members)
        if vectors is None:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    yield min(members[x], members[y]), max(members[x], members[y]), None
            return
        sims = vectors[idx] @ vectors[idx].T
        xs, ys = np.nonzero(np.triu(sims >= threshold, k=1))
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            i, j = members[x], members[y]
            yield min(i, j), max(i, j), float(sims[x, y])
        return
    # Too big for all-against-all: neighbours in an order that puts similar claims
    # side by side (or corpus order without vectors), a bounded number per claim.
    order = np.array(sorted(members, key=lambda i: float(projection[i])) if projection is not None
                     else sorted(members))
    for offset in range(1, window + 1):
        left, right = order[:-offset], order[offset:]
        if not len(left):
            break
        if vectors is None:
            for i, j in zip(left.tolist(), right.tolist(), strict=True):
                yield min(i, j), max(i, j), None
            continue
        sims = np.einsum("ij,ij->i", vectors[left], vectors[right])
        keep = np.nonzero(sims >= threshold)[0]
        for k in keep.tolist():
            i, j = int(left[k]), int(right[k])
            yield min(i, j), max(i, j), float(sims[k])
