"""Ingest: files → `Document`s (text, metadata, boilerplate spans, sha256 id).

`discover` walks paths; `read_path` picks the best reader from the registry (content
sniffing beats the extension), reads the file, merges metadata field by field
(sidecar > the page's own metadata > --kind/--outlet options; nothing invented) and
returns a Document whose id is the sha256 of the file's bytes.

Every problem is a `ReadError` whose message a reporter can act on; the pipeline
records it against the file and goes on with the next one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from redline.ingest.metadata import find_sidecar, load_sidecar, merge_metadata, normalise_kind
from redline.registry import ReadError, ReadResult, choose_reader
from redline.schema import Document
from redline.store.base import now

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
HEAD_BYTES = 4096


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Every file under the given paths: (path, None), or (path, problem) if unusable.

    Sidecars and hidden files or folders (".git", ".DS_Store") inside a folder are
    skipped; a file named explicitly is always read.  Folders are walked lazily, one
    directory listing at a time, in name order; symbolic links to folders are not
    followed (a link can loop) and broken links are reported, never dropped silently.
    """
    for p in paths:
        p = Path(p)
        if p.is_symlink() and not p.exists():
            yield p, "broken symbolic link (its target does not exist)"
        elif not p.exists():
            yield p, "no such file or folder"
        elif p.is_dir():
            yield from _walk(p)
        elif is_sidecar(p):
            continue
        else:
            yield p, None


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"cannot list the folder: {exc.strerror}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            if not path.exists():
                yield path, "broken symbolic link (its target does not exist)"
                continue
            if path.is_dir():
                yield path, "symbolic link to a folder: not followed (name the folder itself to include it)"
                continue
        if entry.is_dir():
            yield from _walk(path)
        elif entry.is_file() and not is_sidecar(path):
            yield path, None


def option_metadata(options: dict[str, Any]) -> dict[str, Any]:
    """The --kind/--outlet options as metadata (the lowest priority source)."""
    out: dict[str, Any] = {}
    if options.get("outlet"):
        out["outlet"] = str(options["outlet"]).strip()
    if options.get("kind"):
        kind = normalise_kind(str(options["kind"]))
        if kind is None:
            raise ReadError(f"--kind {options['kind']!r} is not a document kind")
        out["kind"] = kind
    return out


def read_file(path: Path, options: dict[str, Any]) -> tuple[ReadResult, str, bytes, dict[str, Any]]:
    """Read one file: (reader's result, reader name, file bytes, merged metadata)."""
    sidecar = find_sidecar(path)
    # The sidecar is checked first: a typo in it should not wait for a long OCR run.
    side_meta = load_sidecar(sidecar) if sidecar is not None else {}
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a folder, not a file") from exc
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc
    if not data:
        raise ReadError("the file is empty")
    reader = choose_reader(path, data[:HEAD_BYTES])
    if reader is None:
        raise ReadError("unsupported file type: not text, Markdown, HTML, PDF, PNG, JPEG or TIFF")
    result = reader.read(path, data, options)
    if not result.text.strip():
        raise ReadError(f"no text could be read from it ({reader.name} reader)")
    metadata = merge_metadata(side_meta, result.metadata, option_metadata(options))
    return result, reader.name, data, metadata


def read_path(path: Path, options: dict[str, Any]) -> Document:
    result, reader_name, data, meta = read_file(path, options)
    return Document(
        id=hashlib.sha256(data).hexdigest(), path=str(path), text=result.text,
        title=meta.get("title"), outlet=meta.get("outlet"), author=meta.get("author"),
        published=meta.get("published"), url=meta.get("url"), kind=meta.get("kind"),
        reader=reader_name, media_type=result.media_type, size=len(data),
        boilerplate=[list(b) for b in result.boilerplate], ocr_pages=result.ocr_pages,
        page_starts=list(result.page_starts) if result.page_starts is not None else None, ingested_at=now(),
    )
