"""Ingest: files → `Document`s (text, metadata, boilerplate spans, sha256 id).

`discover` walks paths; `read_path` picks the best reader from the registry, reads
the file, merges metadata (sidecar > page > command-line option; never invented)
and returns a Document whose id is the sha256 of the file's bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable, Iterator

from redline.registry import ReadError, choose_reader
from redline.schema import Document
from redline.store.base import now

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Every file under the given paths: (path, None), or (path, problem) if unusable."""
    for p in paths:
        p = Path(p)
        if not p.exists():
            yield p, "no such file or folder"
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not is_sidecar(f) and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f, None
        elif is_sidecar(p):
            continue
        else:
            yield p, None


def read_path(path: Path, options: dict[str, Any]) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror}") from exc
    if not data:
        raise ReadError("the file is empty")
    reader = choose_reader(path, data[:4096])
    if reader is None:
        raise ReadError("unsupported file type (no reader for it)")
    result = reader.read(path, data, options)
    if not result.text.strip():
        raise ReadError(f"no text could be read from it ({reader.name} reader)")
    meta = {k: options.get(k) for k in ("kind", "outlet") if options.get(k)}
    meta.update({k: v for k, v in result.metadata.items() if v})
    return Document(
        id=hashlib.sha256(data).hexdigest(), path=str(path), text=result.text,
        title=meta.get("title"), outlet=meta.get("outlet"), author=meta.get("author"),
        published=meta.get("published"), url=meta.get("url"), kind=meta.get("kind"),
        reader=reader.name, media_type=result.media_type, size=len(data),
        boilerplate=[list(b) for b in result.boilerplate], ocr_pages=result.ocr_pages, ingested_at=now(),
    )
