"""How linking time grows with the number of claims: 1k, 10k, 100k.

The corpus is synthetic but shaped like news: claims name actors and places drawn
from pools that grow with the corpus (a few very common names, many rare ones),
carry figures of a handful of measures, and form stories (a claim's vector is its
story's centre plus noise, and it mostly names the story's actor and place).  What is timed is the
real link path after extraction: blocking (`candidate_pairs`) and relation typing
(`RuleClassifier.classify`) for every candidate pair.

Sentence vectors are synthetic here, because embedding 100k sentences would take
minutes on two cores; the embedding model's cost per claim is measured separately on
real sentences (`embed_ms_per_claim`) and is linear by construction (batches of 64,
cached by text hash, so a re-run embeds only new claims).

Target: 100x the claims costs less than 150x the time.
"""

from __future__ import annotations

import random
import time

import numpy as np

from redline.link.blocking import candidate_pairs
from redline.link.features import ClaimView, DocInfo, content_words
from redline.link.relations import RuleClassifier
from redline.schema import Claim, Quantity

MEASURES = ["killed", "wounded", "deployed", "pledged", "delivered", "displaced", None]
COUNTED = ["soldiers", "civilians", "troops", "tanks", "drones", "people", "residents"]
KINDS = ["news_report", "official_statement", "leaked_document", "transcript", "opinion"]


def _zipf_pick(rng: random.Random, pool: list[str]) -> str:
    # A few names are everywhere, most are rare (like real news).
    i = min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)
    return pool[i]


def synthetic_views(n: int, seed: int = 11) -> tuple[list[ClaimView], np.ndarray]:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    actors = [f"actor{i}" for i in range(max(20, n // 25))]
    places = [f"place{i}" for i in range(max(10, n // 50))]
    topics = max(10, n // 8)
    centres = np_rng.standard_normal((topics, 384)).astype(np.float32)
    vectors = np.zeros((n, 384), dtype=np.float32)
    views = []
    for i in range(n):
        topic = rng.randrange(topics)
        # Claims of one story mostly name its actor and place; some name others.
        story = random.Random(topic * 7919 + seed)
        actor = _zipf_pick(story, actors) if rng.random() < 0.7 else _zipf_pick(rng, actors)
        place = _zipf_pick(story, places) if rng.random() < 0.7 else _zipf_pick(rng, places)
        counted, measure = rng.choice(COUNTED), rng.choice(MEASURES)
        value = float(rng.choice([97, 120, 300, 1200, 13800, 40000, rng.randint(2, 90000)]))
        negative = rng.random() < 0.1
        text = (f"{actor} said {'no' if negative else int(value)} {counted} were {measure or 'counted'} "
                f"in {place} (topic {topic}).")
        doc = f"doc{i // 5}"
        claim = Claim(id=f"c{i}", document_id=doc, text=text, start=0, end=len(text),
                      polarity="negative" if negative else "positive")
        quantities = [] if negative else [Quantity(id=f"q{i}", document_id=doc, text=str(int(value)), start=0,
                                                   end=1, value=value, low=value, high=value, counted=counted,
                                                   measure=measure)]
        view = ClaimView(claim=claim, doc=DocInfo(doc, KINDS[(i // 5) % len(KINDS)], f"outlet{(i // 5) % 97}",
                                                   None, f"2024-0{1 + (i // 5) % 9}-1{(i // 5) % 10}"),
                         entities=frozenset({actor, place}), actors=frozenset({actor}), places=frozenset({place}),
                         entity_names={actor: actor, place: place}, quantities=quantities,
                         words=content_words(text), core_words=content_words(text),
                         provenance=f"outlet{(i // 5) % 97}", relayers=frozenset({f"outlet{(i // 5) % 97}"}),
                         outlet_key=f"outlet{(i // 5) % 97}")
        view.index = i
        views.append(view)
        v = centres[topic] + 0.6 * np_rng.standard_normal(384).astype(np.float32)
        vectors[i] = v / np.linalg.norm(v)
    return views, vectors


def time_linking(n: int) -> dict:
    views, vectors = synthetic_views(n)
    classifier = RuleClassifier()
    t0 = time.perf_counter()
    pairs = findings = 0
    for i, j, sim in candidate_pairs(views, vectors):
        pairs += 1
        if classifier.classify(views[i], views[j], sim) is not None:
            findings += 1
    seconds = time.perf_counter() - t0
    return {"claims": n, "candidate_pairs": pairs, "pairs_per_claim": round(pairs / n, 1),
            "findings": findings, "seconds": round(seconds, 2), "ms_per_claim": round(1000 * seconds / n, 3)}


def embedding_cost(n: int = 256) -> float:
    """Milliseconds per claim for the real MiniLM model on news-like sentences."""
    from redline.link.embed import Embedder

    rng = random.Random(3)
    sentences = [f"The ministry said {rng.randint(2, 90000)} {rng.choice(COUNTED)} were "
                 f"{rng.choice(['killed', 'wounded', 'deployed', 'evacuated'])} in the region of "
                 f"{rng.choice(['Kherson', 'Korvel', 'Darfur', 'Gaza', 'Idlib'])} last week, officials said."
                 for _ in range(n)]
    embedder = Embedder()
    embedder.embed(sentences[:8])  # warm-up
    t = time.perf_counter()
    embedder.embed(sentences)
    return 1000 * (time.perf_counter() - t) / n


def run(quick: bool = False) -> list[dict]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    # The machine is shared: small sizes are timed best of three so that the growth
    # ratio is not set by one noisy short run.
    rows = [min((time_linking(n) for _ in range(3 if n <= 10_000 else 1)), key=lambda r: r["seconds"])
            for n in sizes]
    base = rows[0]
    for r in rows:
        r["claims_ratio"] = r["claims"] // base["claims"]
        r["time_ratio"] = round(r["seconds"] / max(base["seconds"], 1e-9), 1)
    rows.append({"claims": "embedding (real model)", "ms_per_claim": round(embedding_cost(), 2)})
    return rows


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
