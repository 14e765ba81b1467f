"""The link stage: from extracted fragments to ranked findings, over the whole corpus.

`link(ledger, options, progress)` runs four steps and returns a `LinkSummary`:

1. entity resolution (`resolve`): Entity records written, Mention.entity_id and
   Attribution.source_entity_id set, the user's merges and splits applied;
2. claim views (`features`): each claim with its entities, figures, dates, source
   chain and document kind;
3. candidate pairs (`blocking`): sentence vectors (`embed`, cached in the ledger) and
   shared keys, so that the work grows with the corpus, not its square;
4. relation typing (`relations`): a `RelationClassifier` (rules by default) types
   each pair, and the findings replace the previous ones.  Finding ids hash the two
   claims, so verdicts, kept in their own table, stay attached across runs.

Options (all optional): ``link_embeddings`` (False: lexical similarity only, no
model), ``link_classifier`` (a RelationClassifier instance), ``link_max_block``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from redline.link.blocking import candidate_pairs
from redline.link.embed import EmbeddingModelMissing
from redline.link.features import ClaimView, DocInfo, build_views
from redline.link.relations import FirstOf, Judgement, RelationClassifier, RuleClassifier
from redline.link.resolve import resolve_entities, resolve_sources
from redline.schema import (
    RELATIONS,
    Attribution,
    Claim,
    DateMention,
    Entity,
    EntityOverride,
    Finding,
    Mention,
    Quantity,
    stable_id,
)
from redline.store.base import CURRENT_DOCUMENT_IDS

Progress = Callable[[str, int, int], None]
#: Order in which relations are listed: the alarming ones first.
RELATION_ORDER = ("contradicts", "numeric_conflict", "different_measure", "supports", "same")
assert set(RELATION_ORDER) == set(RELATIONS)

__all__ = ["ClaimView", "FirstOf", "Judgement", "LinkSummary", "RelationClassifier", "RuleClassifier", "claim_vectors",
           "finding_id", "link", "load_views"]


@dataclass
class LinkSummary:
    findings: int = 0
    by_relation: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    claims: int = 0
    candidate_pairs: int = 0
    vectors_computed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.by_relation[r]} {r}" for r in RELATION_ORDER if self.by_relation.get(r)]
        noun = "finding" if self.findings == 1 else "findings"
        return f"{self.findings} {noun}" + (": " + ", ".join(parts) if parts else "")


def finding_id(a_id: str, b_id: str) -> str:
    """Stable and symmetric: the same two claims always give the same finding id."""
    x, y = sorted((a_id, b_id))
    return stable_id("finding", "claim", x, "claim", y)


#: Only current documents are linked: an edited file's older version stays on record but
#: must not produce findings against its own new version.
CURRENT = f"document_id IN ({CURRENT_DOCUMENT_IDS})"


def _documents(ledger) -> dict[str, DocInfo]:
    rows = ledger.execute(f"SELECT id, kind, outlet, title, published, path FROM documents WHERE id IN ({CURRENT_DOCUMENT_IDS})")
    return {r["id"]: DocInfo(r["id"], r["kind"], r["outlet"], r["title"], r["published"], r["path"]) for r in rows}


def resolve(ledger) -> tuple[dict[str, Entity], dict[str, str], dict[str, str | None], list[Mention],
                             list[Attribution], dict[str, set[str]]]:
    """Entity resolution, written to the ledger; returns what the views need."""
    mentions: list[Mention] = ledger.select(Mention, CURRENT, order="document_id, start")  # type: ignore[assignment]
    overrides: list[EntityOverride] = ledger.select(EntityOverride)  # type: ignore[assignment]
    outlets = {r["id"]: r["outlet"] for r in ledger.execute(
        f"SELECT id, outlet FROM documents WHERE id IN ({CURRENT_DOCUMENT_IDS})") if r["outlet"]}
    resolution = resolve_entities(mentions, overrides, outlets)
    entities = {e.id: e for e in resolution.entities}
    attributions: list[Attribution] = ledger.select(Attribution, CURRENT, order="document_id")  # type: ignore[assignment]
    texts: dict[str, str | None] = {}

    def text_of(document_id: str) -> str | None:
        if document_id not in texts:
            rows = list(ledger.execute("SELECT text FROM documents WHERE id = ?", (document_id,)))
            texts.clear()  # attributions come in document order: keep one text at a time
            texts[document_id] = rows[0]["text"] if rows else None
        return texts[document_id]

    sources = resolve_sources(attributions, mentions, resolution.mention_entity,
                              {e.id: e.type for e in resolution.entities}, text_of)
    changed_mentions = [m.replace(entity_id=resolution.mention_entity.get(m.id)) for m in mentions
                        if m.entity_id != resolution.mention_entity.get(m.id)]
    changed_attributions = [a.replace(source_entity_id=sources.get(a.id)) for a in attributions
                            if a.source_entity_id != sources.get(a.id)]
    with ledger.transaction():
        ledger.execute("DELETE FROM entities")
        ledger.upsert(resolution.entities)
        ledger.upsert(changed_mentions)
        ledger.upsert(changed_attributions)
    attributions = [a.replace(source_entity_id=sources.get(a.id)) for a in attributions]  # type: ignore[misc]
    return entities, resolution.mention_entity, sources, mentions, attributions, resolution.broader


def load_views(ledger, claims: list[Claim] | None = None) -> list[ClaimView]:
    """Resolve entities and build a view of every claim (or of the given claims)."""
    entities, mention_entity, sources, mentions, attributions, broader = resolve(ledger)
    if claims is None:
        claims = ledger.select(Claim, CURRENT, order="document_id, start")  # type: ignore[assignment]
    quantities: list[Quantity] = ledger.select(Quantity, CURRENT)  # type: ignore[assignment]
    dates: list[DateMention] = ledger.select(DateMention, CURRENT)  # type: ignore[assignment]
    return build_views(claims, _documents(ledger), mentions, entities, mention_entity, attributions, sources,
                       quantities, dates, broader)


def claim_vectors(ledger, views: list[ClaimView], summary: LinkSummary | None = None) -> np.ndarray:
    from redline.link.embed import VectorCache

    cache = VectorCache(ledger)
    vectors = cache.vectors([v.text for v in views])
    if summary is not None:
        summary.vectors_computed = cache.computed
    return vectors


def _ordered(a: ClaimView, b: ClaimView) -> tuple[ClaimView, ClaimView]:
    """A is the earlier claim: by publication date, then document, then position."""
    def key(v: ClaimView):
        return (v.doc.published or "9999", v.doc.id, v.claim.start)
    return (a, b) if key(a) <= key(b) else (b, a)


def _count_independent_sources(findings: dict[str, Finding], views: dict[str, ClaimView]) -> dict[str, Finding]:
    """Say, on each agreement, how many independent root sources the whole group of
    agreeing claims rests on (two reports on the same unnamed officials count once)."""
    from redline.link.relations import independent

    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    agreeing = [f for f in findings.values() if f.relation in ("supports", "same")]
    for f in agreeing:
        parent.setdefault(f.a_id, f.a_id)
        parent.setdefault(f.b_id, f.b_id)
        parent[root(f.a_id)] = root(f.b_id)
    groups: dict[str, list[ClaimView]] = {}
    for claim_id in parent:
        groups.setdefault(root(claim_id), []).append(views[claim_id])
    sources: dict[str, int] = {}
    for key, members in groups.items():
        roots: list[ClaimView] = []
        for v in sorted(members, key=lambda v: v.id):
            if all(independent(v, r) for r in roots):
                roots.append(v)
        sources[key] = len(roots)
    out = dict(findings)
    for f in agreeing:
        n = sources[root(f.a_id)]
        members = len(groups[root(f.a_id)])
        if members > 2 or n == 1:
            note = (f" {members} claims agree, resting on {n} independent source{'s' if n != 1 else ''}.")
            out[f.id] = f.replace(explanation=f.explanation + note)  # type: ignore[assignment]
    return out


#: Each further conflict between the same two groups of agreeing claims is worth this
#: much of the one before it, down to CONFLICT_FLOOR (still above every non-conflict).
REPEAT_DECAY = 0.75
CONFLICT_FLOOR = 0.45
#: A conflict inside one document (an article reporting both sides) keeps this share.
WITHIN_DOCUMENT = 0.5
#: Each further pairing of the same two groups of figures that are different measures is
#: worth this much of the one before it, down to MEASURE_FLOOR: one figure reported in
#: several places reaches the linker as many pairs, and one explanation is enough.
MEASURE_REPEAT_DECAY = 0.7
MEASURE_FLOOR = 0.2


def _diversify(findings: dict[str, Finding], views: dict[str, ClaimView]) -> dict[str, Finding]:
    """Rank distinct disagreements (and distinct figures that only look like one) first.

    One denial against one leaked figure reaches the linker as many pairs (every copy of
    the denial against every copy of the figure); the strongest pair stays where it is
    and each further pair between the same two groups of agreeing claims is scored
    down, so the next distinct conflict is not buried under repeats.  A conflict within
    one document is an article reporting both sides, not a discovery: demoted strongly.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for f in findings.values():
        if f.relation in ("supports", "same"):
            parent[root(f.a_id)] = root(f.b_id)
    out = dict(findings)
    seen: Counter = Counter()
    conflicts = sorted((f for f in findings.values() if f.relation in ("contradicts", "numeric_conflict")),
                       key=lambda f: (-f.score, f.id))
    for f in conflicts:
        score, note = f.score, ""
        if views[f.a_id].doc.id == views[f.b_id].doc.id:
            score *= WITHIN_DOCUMENT
        else:
            key = frozenset((root(f.a_id), root(f.b_id)))
            repeats = seen[key]
            seen[key] += 1
            if repeats:
                score = max(CONFLICT_FLOOR, score * REPEAT_DECAY ** repeats)
                note = " Another pairing of a disagreement ranked above."
        if score != f.score or note:
            out[f.id] = f.replace(score=round(min(score, f.score), 4),  # type: ignore[assignment]
                                  explanation=f.explanation + note)
    measures = sorted((f for f in findings.values() if f.relation == "different_measure"),
                      key=lambda f: (-f.score, f.id))
    shown: dict[frozenset, list[tuple[frozenset, frozenset]]] = {}

    def values(claim_id: str) -> frozenset:
        return frozenset(x for q in views[claim_id].quantities for x in (q.value, q.low, q.high) if x is not None)

    for f in measures:
        # A repeat: the same two groups of agreeing claims, and a figure of the same
        # value on each side as a pairing already ranked above.
        a, b = (f.a_id, f.b_id) if root(f.a_id) <= root(f.b_id) else (f.b_id, f.a_id)
        earlier = shown.setdefault(frozenset((root(a), root(b))), [])
        va, vb = values(a), values(b)
        repeats = sum(1 for xa, xb in earlier if xa & va and xb & vb)
        earlier.append((va, vb))
        if repeats:
            score = max(MEASURE_FLOOR, f.score * MEASURE_REPEAT_DECAY ** repeats)
            out[f.id] = f.replace(score=round(min(score, f.score), 4),  # type: ignore[assignment]
                                  explanation=f.explanation + " Another pairing of the same figures ranked above.")
    return out


def link(ledger, options: dict[str, Any] | None = None, progress: Progress | None = None) -> LinkSummary:
    import time

    options = options or {}
    progress = progress or (lambda phase, done, total: None)
    summary = LinkSummary()
    t0 = time.perf_counter()
    progress("link", 0, 4)
    views = load_views(ledger)
    summary.claims = len(views)
    summary.entities = ledger.count(Entity)
    summary.seconds["resolve"] = round(time.perf_counter() - t0, 3)
    progress("link", 1, 4)

    t = time.perf_counter()
    vectors = None
    if options.get("link_embeddings", True) and views:
        try:
            vectors = claim_vectors(ledger, views, summary)
        except EmbeddingModelMissing as exc:
            # Linking still works on words alone; say so rather than fail the run.
            summary.notes.append(f"sentence vectors unavailable, linked on words only: {exc}")
    for i, v in enumerate(views):
        v.index = i
    summary.seconds["embed"] = round(time.perf_counter() - t, 3)
    progress("link", 2, 4)

    t = time.perf_counter()
    classifier: RelationClassifier = options.get("link_classifier") or RuleClassifier()
    findings: dict[str, Finding] = {}
    pairs = candidate_pairs(views, vectors, max_block=int(options.get("link_max_block", 48)))
    for i, j, sim in pairs:
        summary.candidate_pairs += 1
        a, b = _ordered(views[i], views[j])
        judgement = classifier.classify(a, b, sim)
        if judgement is None:
            continue
        fid = finding_id(a.id, b.id)
        findings[fid] = Finding(id=fid, relation=judgement.relation, a_type="claim", a_id=a.id,
                                b_type="claim", b_id=b.id, score=judgement.score,
                                explanation=judgement.explanation)
    by_id = {v.id: v for v in views}
    findings = _diversify(_count_independent_sources(findings, by_id), by_id)
    summary.seconds["classify"] = round(time.perf_counter() - t, 3)
    progress("link", 3, 4)

    ledger.replace_findings(sorted(findings.values(), key=lambda f: f.id))
    counts = Counter(f.relation for f in findings.values())
    summary.findings = len(findings)
    summary.by_relation = dict(counts)
    summary.seconds["total"] = round(time.perf_counter() - t0, 3)
    progress("link", 4, 4)
    return summary
