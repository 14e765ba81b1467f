"""A person's corrections to entity resolution: merge two entities, split an alias off.

Corrections are stored as EntityOverride records and applied by every later
resolution run (see `resolve.resolve_entities`), so they survive re-analysis.  The
functions here are what `redline entities merge|split|list` call; each re-runs entity
resolution at once (it is cheap) so the ledger reflects the change immediately.
"""

from __future__ import annotations

from collections import Counter

from redline.link.names import fold
from redline.schema import Entity, EntityOverride, stable_id
from redline.store.base import now


class EntityNotFound(LookupError):
    pass


def find_entity(ledger, ref: str) -> Entity:
    """An entity by id, id prefix, name or alias (case and punctuation folded)."""
    by_id = ledger.select(Entity, "id = ?", (ref,))
    if by_id:
        return by_id[0]
    matches = ledger.select(Entity, "id LIKE ?", (ref + "%",)) if len(ref) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    wanted = fold(ref)
    named = [e for e in ledger.select(Entity)
             if fold(e.name) == wanted or any(fold(a) == wanted for a in (e.aliases or []))]
    if len(named) == 1:
        return named[0]
    if not named and not matches:
        raise EntityNotFound(f"no entity matches {ref!r}")
    options = ", ".join(f"{e.id} ({e.name}, {e.type})" for e in (named or matches)[:5])
    raise EntityNotFound(f"{ref!r} matches several entities: {options}; use an id")


def merge_entities(ledger, keep: str, absorb: str, by: str | None = None) -> EntityOverride:
    """Fold entity `absorb` into entity `keep` from now on."""
    kept, absorbed = find_entity(ledger, keep), find_entity(ledger, absorb)
    if kept.id == absorbed.id:
        raise ValueError("an entity cannot be merged with itself")
    override = EntityOverride(id=stable_id("override", "merge", kept.id, absorbed.id), action="merge",
                              entity_id=kept.id, other=absorbed.id, by=by, at=now())
    ledger.upsert([override])
    _reresolve(ledger)
    return override


def split_entity(ledger, entity: str, alias: str, by: str | None = None) -> EntityOverride:
    """Take every mention written as `alias` out of `entity`, into an entity of its own."""
    target = find_entity(ledger, entity)
    names = [target.name, *(target.aliases or [])]
    if fold(alias) not in {fold(n) for n in names}:
        raise ValueError(f"{alias!r} is not a name of {target.name} (names: {', '.join(names)})")
    override = EntityOverride(id=stable_id("override", "split", target.id, fold(alias)), action="split",
                              entity_id=target.id, other=alias, by=by, at=now())
    ledger.upsert([override])
    _reresolve(ledger)
    return override


def list_entities(ledger, entity_type: str | None = None, query: str | None = None,
                  limit: int | None = None) -> list[dict]:
    """Entities with their mention counts, most mentioned first."""
    counts = Counter({r["entity_id"]: r["n"] for r in ledger.execute(
        "SELECT entity_id, COUNT(*) AS n FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id")})
    rows = []
    wanted = fold(query) if query else None
    for e in ledger.select(Entity):
        if entity_type and e.type != entity_type:
            continue
        if wanted and wanted not in fold(e.name) and not any(wanted in fold(a) for a in (e.aliases or [])):
            continue
        rows.append({"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases or [],
                     "mentions": counts.get(e.id, 0)})
    rows.sort(key=lambda r: (-r["mentions"], r["name"].lower(), r["id"]))
    return rows[:limit] if limit else rows


def _reresolve(ledger) -> None:
    from redline.link import resolve

    resolve(ledger)
