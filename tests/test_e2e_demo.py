"""End to end on the demo corpus: the `redline` CLI against examples/expected.json.

The pipeline runs ONCE per session (a session fixture): ingest + analyze into a
temporary SQLite ledger, export it as JSON, run ingest/analyze again (nothing new
must be processed), write the report and run `redline demo` on the same ledger.
Every test then checks one labelled expectation of examples/expected.json against
that one ledger, so a failure names exactly which planted quote, figure, date or
finding is missing (see examples/README.md for the format and matching rules).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redline.cli import main as cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
CORPUS = EXAMPLES / EXPECTED["corpus"]
SCHEMA_FILE = REPO / "docs" / "export.schema.json"
HAS_TESSERACT = shutil.which("tesseract") is not None
OCR_FILES = {d["file"] for d in EXPECTED["documents"] if d.get("ocr")}
NO_OCR = "tesseract is not installed: the scanned documents cannot be read (apt-get install tesseract-ocr)"
# Without Tesseract the scans fail to ingest (by design, with a message): expect the rest.
READABLE = len(EXPECTED["documents"]) - (0 if HAS_TESSERACT else len(OCR_FILES))
ITEM_TABLES = {"claim": "claims", "quantity": "quantities", "attribution": "attributions"}


def _run(*args: str) -> Any:
    """Invoke the CLI; an exception is kept on the result so that one broken step fails its own tests."""
    return CliRunner().invoke(cli, list(args))


def _explain(result: Any) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{result.output}\n{type(result.exception).__name__}: {result.exception}"
    return result.output


def _sidecar(file: str) -> dict[str, Any]:
    for ext in (".meta.json", ".meta.yaml", ".meta.yml"):
        path = CORPUS / (file + ext)
        if path.is_file():
            if ext == ".meta.json":
                return json.loads(path.read_text(encoding="utf-8"))
            import yaml

            return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise AssertionError(f"no sidecar for {file}")


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where `phrase` occurs in `text`, whitespace-insensitively: [(start, end), ...]."""
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Ledger:
    """The exported ledger, indexed for the checks below."""

    def __init__(self, export: dict[str, Any]):
        self.export = export
        self.docs_by_file: dict[str, dict[str, Any]] = {}
        for d in export.get("documents", []):
            self.docs_by_file[Path(d["path"]).name] = d
        self.file_of_doc = {d["id"]: name for name, d in self.docs_by_file.items()}
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        for kind, table in ITEM_TABLES.items():
            for r in export.get(table, []):
                self.items[(kind, r["id"])] = r
        self.attributions = {a["id"]: a for a in export.get("attributions", [])}

    def doc(self, file: str) -> dict[str, Any]:
        if file in OCR_FILES and not HAS_TESSERACT:
            pytest.skip(NO_OCR)
        assert file in self.docs_by_file, f"{file} was not ingested"
        return self.docs_by_file[file]

    def place(self, side: dict[str, str]) -> tuple[str, tuple[int, int]]:
        """(document id, span) of the first occurrence of a side's `contains`."""
        doc = self.doc(side["file"])
        found = _occurrences(doc["text"], side["contains"])
        assert found, f"expected.json: {side['contains']!r} not found in the ingested text of {side['file']}"
        return doc["id"], found[0]

    def of_file(self, table: str, file: str) -> list[dict[str, Any]]:
        doc_id = self.doc(file)["id"]
        return [r for r in self.export.get(table, []) if r["document_id"] == doc_id]

    def item_span(self, kind: str, record: dict[str, Any]) -> tuple[int, int]:
        if kind == "attribution":
            parts = [record.get(k) for k in ("source", "cue", "content")]
            parts = [p for p in parts if p]
            return min(p["start"] for p in parts), max(p["end"] for p in parts)
        return record["start"], record["end"]

    def matches(self, ref: dict[str, str], side: dict[str, str]) -> bool:
        """Whether finding side `ref` ({type, id}) is an item at the place `side` designates."""
        record = self.items.get((ref["type"], ref["id"]))
        if record is None:
            return False
        doc_id, place = self.place(side)
        return record["document_id"] == doc_id and _overlaps(self.item_span(ref["type"], record), place)

    def findings_between(self, a: dict[str, str], b: dict[str, str]) -> list[dict[str, Any]]:
        return [f for f in self.export.get("findings", [])
                if (self.matches(f["a"], a) and self.matches(f["b"], b))
                or (self.matches(f["a"], b) and self.matches(f["b"], a))]

    def evidence(self, ref: dict[str, str]) -> str:
        record = self.items[(ref["type"], ref["id"])]
        if ref["type"] == "attribution":
            return (record.get("content") or {}).get("text") or ""
        return record["text"]


@pytest.fixture(scope="session")
def run(tmp_path_factory) -> dict[str, Any]:
    """The whole flow, once: ingest, analyze, export, re-run, report, demo."""
    tmp = tmp_path_factory.mktemp("e2e_demo")
    db = str(tmp / "demo.db")
    out: dict[str, Any] = {"tmp": tmp, "db": db}
    out["ingest"] = _run("ingest", str(CORPUS), "--db", db, "-j", "1")
    out["analyze"] = _run("analyze", "--db", db, "-j", "1")
    export_path = tmp / "export.json"
    out["export"] = _run("export", "--db", db, "--format", "json", "-o", str(export_path))
    out["data"] = json.loads(export_path.read_text(encoding="utf-8")) if export_path.exists() else {}
    out["ledger"] = Ledger(out["data"])
    out["ingest_again"] = _run("ingest", str(CORPUS), "--db", db, "-j", "1")
    out["analyze_again"] = _run("analyze", "--db", db, "-j", "1")
    out["report_path"] = tmp / "report.html"
    out["report"] = _run("report", "--db", db, "-o", str(out["report_path"]))
    out["demo_report_path"] = tmp / "demo-report.html"
    out["demo"] = _run("demo", "--db", db, "-o", str(out["demo_report_path"]), "--examples", str(EXAMPLES),
                       "-j", "1")
    return out


@pytest.fixture(scope="session")
def ledger(run) -> Ledger:
    return run["ledger"]


@pytest.fixture(scope="session")
def planted_scores(ledger) -> dict[int, float]:
    """For each planted finding found (by index), the best score among its matches."""
    scores = {}
    for i, f in enumerate(EXPECTED["findings"]):
        try:
            between = ledger.findings_between(f["a"], f["b"])
        except pytest.skip.Exception:  # a side is a scan and there is no OCR engine
            continue
        hits = [x["score"] for x in between if x["relation"] == f["relation"]]
        if hits:
            scores[i] = max(hits)
    return scores


def _ids(entries: list[dict[str, Any]], key) -> list[str]:
    return [f"{i}-{key(e)}"[:80] for i, e in enumerate(entries)]


# --------------------------------------------------------------------------- ingest


def test_the_corpus_is_ingested_and_analysed_without_failures(run):
    n = len(EXPECTED["documents"])
    assert len(list(CORPUS.glob("*.meta.*"))) == n, "every corpus file has exactly one sidecar"
    assert run["ingest"].exit_code == 0, _explain(run["ingest"])
    failed = n - READABLE
    assert f"ingested {READABLE} new" in run["ingest"].output, _explain(run["ingest"])
    assert f"{failed} failed" in run["ingest"].output, _explain(run["ingest"])
    assert run["analyze"].exit_code == 0, _explain(run["analyze"])
    assert f"analysed {READABLE} documents" in run["analyze"].output, _explain(run["analyze"])
    assert run["export"].exit_code == 0, _explain(run["export"])
    assert len(run["data"]["documents"]) == READABLE


@pytest.mark.parametrize("expected", EXPECTED["documents"], ids=_ids(EXPECTED["documents"], lambda e: e["file"]))
def test_document_kind_and_metadata(ledger, expected):
    doc = ledger.doc(expected["file"])
    assert doc["kind"] == expected["kind"]
    assert doc["title"] == expected["title"]
    for key, value in _sidecar(expected["file"]).items():
        if value is not None:
            assert str(doc[key]) == str(value), f"{key}: {doc[key]!r} != sidecar {value!r}"


@pytest.mark.parametrize("expected", [d for d in EXPECTED["documents"] if d.get("ocr")],
                         ids=[d["file"] for d in EXPECTED["documents"] if d.get("ocr")])
def test_scans_are_read_by_ocr(ledger, expected):
    if not HAS_TESSERACT:
        pytest.skip(NO_OCR)
    text = _collapse(ledger.doc(expected["file"])["text"])
    for phrase in expected["text_contains"]:
        assert _collapse(phrase) in text, f"OCR text of {expected['file']} lacks {phrase!r}:\n{text}"


@pytest.mark.parametrize("expected", EXPECTED["not_extracted"],
                         ids=_ids(EXPECTED["not_extracted"], lambda e: e["contains"]))
def test_boilerplate_figures_are_not_extracted(ledger, expected):
    doc = ledger.doc(expected["file"])
    places = _occurrences(doc["text"], expected["contains"])
    leaked = [q["text"] for q in ledger.of_file("quantities", expected["file"])
              if any(_overlaps((q["start"], q["end"]), p) for p in places)]
    assert not leaked, f"boilerplate figure extracted as a quantity in {expected['file']}: {leaked}"


# --------------------------------------------------------------------------- extraction


@pytest.mark.parametrize("expected", EXPECTED["quotes"],
                         ids=_ids(EXPECTED["quotes"], lambda e: f"{e['source']}-{e['content_contains']}"))
def test_quote(ledger, expected):
    candidates = []
    for a in ledger.of_file("attributions", expected["file"]):
        source = _collapse((a.get("source") or {}).get("text")).lower()
        content = _collapse((a.get("content") or {}).get("text")).lower()
        if expected["source"].lower() in source and _collapse(expected["content_contains"]).lower() in content:
            candidates.append(a)
    assert candidates, (f"no attribution in {expected['file']} with source ~ {expected['source']!r} and content ~ "
                        f"{expected['content_contains']!r}; found: "
                        + "; ".join(f"{(a.get('source') or {}).get('text')!r} -> "
                                    f"{_collapse((a.get('content') or {}).get('text'))[:60]!r}"
                                    for a in ledger.of_file("attributions", expected["file"])))
    good = [a for a in candidates if a["kind"] == expected["kind"] and a["stance"] == expected["stance"]]
    assert good, (f"wanted kind={expected['kind']} stance={expected['stance']}, got "
                  + ", ".join(f"kind={a['kind']} stance={a['stance']}" for a in candidates))
    if expected.get("relayed_by"):
        parents = [ledger.attributions.get(a["parent_id"]) for a in good if a.get("parent_id")]
        sources = [_collapse((p.get("source") or {}).get("text")) for p in parents if p]
        assert any(expected["relayed_by"].lower() in s.lower() for s in sources), (
            f"not relayed through {expected['relayed_by']!r}; parents' sources: {sources}")


def _same_number(got: Any, want: Any) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return abs(float(got) - float(want)) < 1e-6


@pytest.mark.parametrize("expected", EXPECTED["quantities"],
                         ids=_ids(EXPECTED["quantities"], lambda e: f"{e['file'][:12]}-{e['text_contains']}"))
def test_quantity(ledger, expected):
    _, place = ledger.place({"file": expected["file"], "contains": expected["text_contains"]})
    candidates = [q for q in ledger.of_file("quantities", expected["file"])
                  if _overlaps((q["start"], q["end"]), place)]
    assert candidates, f"no quantity at {expected['text_contains']!r} in {expected['file']}"
    checks = [k for k in ("low", "high", "measure") if k in expected]

    def fits(q: dict[str, Any]) -> bool:
        return all(q[k] == expected[k] if k == "measure" else _same_number(q[k], expected[k]) for k in checks)

    assert any(fits(q) for q in candidates), (
        f"wanted {({k: expected[k] for k in checks})}, got "
        + "; ".join(f"{q['text']!r}: low={q['low']} high={q['high']} measure={q['measure']!r}" for q in candidates))


@pytest.mark.parametrize("expected", EXPECTED["dates"],
                         ids=_ids(EXPECTED["dates"], lambda e: f"{e['file'][:12]}-{e['text_contains']}"))
def test_date(ledger, expected):
    _, place = ledger.place({"file": expected["file"], "contains": expected["text_contains"]})
    candidates = [d for d in ledger.of_file("dates", expected["file"]) if _overlaps((d["start"], d["end"]), place)]
    assert candidates, f"no date mention at {expected['text_contains']!r} in {expected['file']}"
    assert any((d["value"] or "").startswith(expected["value"]) for d in candidates), (
        f"wanted {expected['value']}, got " + ", ".join(f"{d['text']!r}={d['value']}" for d in candidates))


# --------------------------------------------------------------------------- findings


@pytest.mark.parametrize("expected", EXPECTED["findings"],
                         ids=_ids(EXPECTED["findings"], lambda e: f"{e['relation']}-{e['a']['contains']}"))
def test_planted_finding(ledger, expected):
    between = ledger.findings_between(expected["a"], expected["b"])
    assert any(f["relation"] == expected["relation"] for f in between), (
        f"no {expected['relation']} finding ({expected['why']}); findings between these items: "
        + (", ".join(f"{f['relation']} {f['score']:.2f}" for f in between) or "none"))


@pytest.mark.parametrize("expected", EXPECTED["non_findings"],
                         ids=_ids(EXPECTED["non_findings"], lambda e: e["a"]["contains"]))
def test_non_finding(ledger, planted_scores, expected):
    between = ledger.findings_between(expected["a"], expected["b"])
    wrong = [f"{f['relation']} ({f['explanation']})" for f in between if f["relation"] in expected["must_not_be"]]
    assert not wrong, f"{expected['why']} But the linker says: {wrong}"


def test_every_planted_finding_ranks_above_every_non_finding(ledger, planted_scores):
    """A finding between the two sides of a non-finding, whatever its relation, scores below them all."""
    assert planted_scores, "none of the planted findings of examples/expected.json was found"
    lowest_planted = min(planted_scores.values())
    outranking = []
    for nf in EXPECTED["non_findings"]:
        try:
            between = ledger.findings_between(nf["a"], nf["b"])
        except pytest.skip.Exception:  # a side is a scan and there is no OCR engine
            continue
        for f in between:
            if f["score"] >= lowest_planted:
                outranking.append(f"{f['relation']} {f['score']:.2f} between {nf['a']['contains']!r} and "
                                  f"{nf['b']['contains']!r}")
    assert not outranking, f"lowest planted finding scores {lowest_planted:.2f}; outranked by: {outranking}"


# --------------------------------------------------------------------------- outputs and re-runs


def test_rerunning_on_the_unchanged_corpus_processes_nothing_new(run):
    n = READABLE
    again = run["ingest_again"]
    assert again.exit_code == 0, _explain(again)
    assert "ingested 0 new" in again.output and f"{n} unchanged" in again.output, _explain(again)
    analysed = run["analyze_again"]
    assert analysed.exit_code == 0, _explain(analysed)
    assert f"analysed 0 documents ({n} unchanged)" in analysed.output, _explain(analysed)


def test_report_holds_the_top_finding_with_both_quotes(run, ledger):
    assert run["report"].exit_code == 0, _explain(run["report"])
    findings = sorted(ledger.export.get("findings", []), key=lambda f: (-f["score"], f["id"]))
    assert findings, "no findings in the ledger, so the report cannot show one"
    # Evidence is marked up span by span in the report: compare the page's visible text.
    page = _collapse(html.unescape(re.sub(r"<[^>]+>", "", run["report_path"].read_text(encoding="utf-8"))))
    top = findings[0]
    for ref in (top["a"], top["b"]):
        evidence = _collapse(ledger.evidence(ref))
        assert evidence and evidence in page, f"report lacks the top finding's evidence {evidence!r}"


def test_json_export_validates_against_the_published_schema(run):
    import jsonschema

    assert SCHEMA_FILE.is_file(), "docs/export.schema.json is missing"
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(run["data"], schema)
    assert run["data"]["documents"] and run["data"]["quantities"], "the export of the demo corpus is empty"


def test_demo_command_summarises_the_corpus(run):
    result = run["demo"]
    output = result.output
    if not HAS_TESSERACT:
        pytest.skip(NO_OCR + "; the demo then reports the two scans as failures and exits 1")
    assert result.exit_code == 0, _explain(result)
    assert f"{len(EXPECTED['documents'])} documents" in output
    for kind in {d["kind"] for d in EXPECTED["documents"]}:
        assert kind in output
    for relation in ("contradicts", "numeric_conflict", "different_measure", "supports"):
        assert relation in output
    assert "redline serve --db" in output and "redline findings --db" in output
    assert str(run["demo_report_path"].name) in output.replace("\n", "")
    assert run["demo_report_path"].is_file()


def test_demo_without_a_corpus_says_where_it_looked(tmp_path):
    missing = tmp_path / "no-examples"
    result = _run("demo", "--db", str(tmp_path / "d.db"), "--examples", str(missing), "-j", "1")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "no-examples" in result.output


def test_expected_json_is_well_formed():
    """The labels themselves: known kinds and relations, existing files, one entry per corpus file."""
    from redline.schema import ATTRIBUTION_KINDS, DOCUMENT_KINDS, RELATIONS, STANCES

    files = {d["file"] for d in EXPECTED["documents"]}
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and ".meta." not in p.name}
    assert files == on_disk, f"expected.json documents vs corpus files differ: {files ^ on_disk}"
    assert all(d["kind"] in DOCUMENT_KINDS for d in EXPECTED["documents"])
    for q in EXPECTED["quotes"]:
        assert q["file"] in files and q["kind"] in ATTRIBUTION_KINDS and q["stance"] in STANCES, q
    for q in EXPECTED["quantities"] + EXPECTED["dates"] + EXPECTED["not_extracted"]:
        assert q["file"] in files, q
    for f in EXPECTED["findings"]:
        assert f["relation"] in RELATIONS and f["a"]["file"] in files and f["b"]["file"] in files, f
    for n in EXPECTED["non_findings"]:
        assert set(n["must_not_be"]) <= set(RELATIONS) and n["a"]["file"] in files and n["b"]["file"] in files, n
    assert {f["relation"] for f in EXPECTED["findings"]} == set(RELATIONS), "every relation is planted at least once"
