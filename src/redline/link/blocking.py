"""Which pairs of claims are worth typing: blocking, so linking grows linearly.

Comparing every claim with every other is quadratic.  Instead each claim gets a few
*keys* and only claims sharing a key are compared:

- each resolved entity it names ("e:<entity id>");
- each figure's (measure, counted thing) and counted thing alone ("q:...", "c:...");
- random-hyperplane signatures of its sentence vector ("h<table>:<bits>"), so that
  paraphrases that share no name still meet.

A block of up to `max_block` claims is compared all against all (one small matrix
product).  A bigger block (a name that half the corpus mentions) is ordered by a
projection of the vectors and each claim is compared with its `window` neighbours
only, so the work per claim is bounded and the total grows with the number of
claims, not its square.  Pairs below a similarity floor are dropped here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from redline.link.features import ClaimView
from redline.link.relations import counted_head, measure_of

SEED = 20260522  # fixed: the same ledger always yields the same candidate pairs


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


def lsh_keys(vectors: np.ndarray, tables: int = 4, bits: int = 10) -> list[list[str]]:
    if len(vectors) == 0:
        return []
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
    for i, v in enumerate(views):
        for k in blocking_keys(v):
            blocks[k].append(i)
    if vectors is not None and len(vectors):
        for i, keys in enumerate(lsh_keys(vectors)):
            for k in keys:
                blocks[k].append(i)
        projection = vectors @ np.random.default_rng(SEED + 1).standard_normal(vectors.shape[1]).astype(np.float32)
    else:
        projection = None
    seen: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) < 2:
            continue
        threshold = lsh_floor if key.startswith("h") else floor
        for i, j, sim in _block_pairs(members, vectors, projection, max_block, window):
            if (i, j) in seen:
                continue
            if sim is not None and sim < threshold:
                continue
            seen.add((i, j))
            yield i, j, sim


def _block_pairs(members: list[int], vectors, projection, max_block: int, window: int):
    if len(members) <= max_block:
        idx = np.array(members)
        sims = vectors[idx] @ vectors[idx].T if vectors is not None else None
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                s = float(sims[x, y]) if sims is not None else None
                yield (i, j, s) if i < j else (j, i, s)
        return
    # Too big for all-against-all: neighbours along a projection of the vectors
    # (or in corpus order without vectors), a bounded number per claim.
    order = sorted(members, key=lambda i: float(projection[i])) if projection is not None else sorted(members)
    for x, i in enumerate(order):
        neighbours = order[x + 1:x + 1 + window]
        if not neighbours:
            continue
        sims = vectors[neighbours] @ vectors[i] if vectors is not None else [None] * len(neighbours)
        for j, s in zip(neighbours, sims, strict=True):
            s = None if s is None else float(s)
            yield (i, j, s) if i < j else (j, i, s)
