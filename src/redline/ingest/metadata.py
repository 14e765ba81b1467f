"""Document metadata: sidecar files, validation, and the published-date normaliser.

A sidecar is a small JSON or YAML file next to a document that says what the
document is.  For `memo.pdf` these names are looked for, and the FIRST that exists
is used (the others are ignored):

    memo.pdf.meta.json  memo.pdf.meta.yaml  memo.pdf.meta.yml    (full file name: wins)
    memo.meta.json      memo.meta.yaml      memo.meta.yml        (stem form)

The full-name form wins because it cannot be shared by accident: `memo.meta.json`
would also describe a `memo.txt` lying in the same folder.

Metadata is merged field by field in priority order — sidecar, then the page's own
metadata (HTML), then the --kind/--outlet options — and a field nobody gives stays
empty: nothing is invented.  Sidecars are validated strictly, because a typo
(`autor`, `kind: press`) would otherwise silently lose what the user meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from redline.registry import ReadError
from redline.schema import DOCUMENT_KINDS

METADATA_FIELDS = ("title", "outlet", "author", "published", "url", "kind")
SIDECAR_EXTENSIONS = (".meta.json", ".meta.yaml", ".meta.yml")


def sidecar_candidates(path: Path) -> list[Path]:
    """Where the sidecar of `path` may be, in priority order."""
    names = [path.name + ext for ext in SIDECAR_EXTENSIONS]
    if path.suffix:
        names += [path.stem + ext for ext in SIDECAR_EXTENSIONS]
    return [path.with_name(n) for n in names]


def find_sidecar(path: Path) -> Path | None:
    for candidate in sidecar_candidates(path):
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(sidecar: Path) -> dict[str, Any]:
    """The validated, normalised metadata of one sidecar file; ReadError names the problem."""
    where = f"sidecar {sidecar.name}"
    try:
        raw = sidecar.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"{where}: cannot be read ({exc})") from exc
    if sidecar.name.endswith(".json"):
        try:
            data = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise ReadError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    else:
        import yaml

        try:
            data = yaml.safe_load(raw) if raw.strip() else {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" (line {mark.line + 1})" if mark is not None else ""
            raise ReadError(f"{where}: not valid YAML{at}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(f"{where}: must be a mapping of fields (title, outlet, author, published, url, kind), "
                        f"not a {type(data).__name__}")
    return validate_metadata(data, where)


def validate_metadata(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Check keys and values, normalise `published` and `kind`; empty values are dropped."""
    unknown = sorted(str(k) for k in data if k not in METADATA_FIELDS)
    if unknown:
        raise ReadError(f"{where}: unknown key {', '.join(repr(k) for k in unknown)} "
                        f"(allowed: {', '.join(METADATA_FIELDS)})")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or value == "":
            continue
        if key == "published":
            try:
                out[key] = normalise_date(value)
            except ValueError as exc:
                raise ReadError(f"{where}: published date {value!r} {exc}") from exc
            continue
        if not isinstance(value, str):
            raise ReadError(f"{where}: {key} must be text, not {type(value).__name__} ({value!r})")
        value = value.strip()
        if key == "kind":
            kind = normalise_kind(value)
            if kind is None:
                raise ReadError(f"{where}: kind {value!r} is not one of {', '.join(DOCUMENT_KINDS)}")
            value = kind
        if value:
            out[key] = value
    return out


def normalise_kind(value: str) -> str | None:
    """The document kind for `value` ("News report" → news_report), or None if unknown."""
    kind = re.sub(r"[\s-]+", "_", value.strip().lower())
    return kind if kind in DOCUMENT_KINDS else None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
_HAS_MONTH_NAME = re.compile(r"[A-Za-z]{3,}")


def normalise_date(value: Any) -> str:
    """An ISO date YYYY-MM-DD from a date, datetime or date text; ValueError says why not.

    Accepted: ISO dates and date-times (the date as written, time zone not applied),
    dates with a month name ("3 November 2022", "Nov 3, 2022"), and numeric
    day/month/year only when unambiguous ("25/12/2022").  "03/11/2022" is refused:
    guessing between 3 November and 11 March would invent a fact.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"must be a date such as 2022-11-03, not {type(value).__name__}")
    text = value.strip()
    m = _ISO_DATE.match(text)
    if m:
        try:
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise ValueError(f"is not a real date ({exc})") from exc
        rest = text[m.end():]
        if rest and not re.fullmatch(r"[T ]\d{1,2}:\d{2}.*", rest):
            raise ValueError("is not a date (write it as YYYY-MM-DD)")
        return date.isoformat()
    m = _NUMERIC_DATE.fullmatch(text)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            raise ValueError("has a two-digit year (write it as YYYY-MM-DD)")
        if a <= 12 and b <= 12 and a != b:
            raise ValueError("is ambiguous (day/month or month/day?); write it as YYYY-MM-DD")
        day, month = (a, b) if a > 12 or a == b else (b, a)
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as exc:
            raise ValueError(f"is not a real date ({exc})") from exc
    if _HAS_MONTH_NAME.search(text) and re.search(r"\d{4}", text):
        import dateparser

        parsed = dateparser.parse(text, languages=["en"],
                                  settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                                            "RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is not None:
            return parsed.date().isoformat()
    raise ValueError("is not a date with day, month and year (write it as YYYY-MM-DD)")


def merge_metadata(*sources: dict[str, Any]) -> dict[str, Any]:
    """Field by field, the first source that gives a non-empty value wins."""
    out: dict[str, Any] = {}
    for source in sources:
        for key in METADATA_FIELDS:
            if key not in out and source.get(key):
                out[key] = source[key]
    return out
