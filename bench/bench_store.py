"""The ledger at scale: size and memory per document, flat memory, SQLite vs PostgreSQL.

1. Memory: the pipeline (ingest + extract, one worker) runs in a child process over
   generated small documents, once for a small and once for a 20× larger corpus; the
   child's peak RSS must stay flat (within 20 %), since memory follows the batch and
   not the corpus.  Ledger bytes and peak memory are reported per 1k documents.
2. Writes: the coordinator's real write path (`write_stage`, one transaction per
   document) into SQLite and into PostgreSQL, as claims/s and their ratio.
3. Search: p50/p95 of `Ledger.search` on a ledger of 1M claims (100k with --quick),
   generated straight into the tables by bulk inserts (COPY for PostgreSQL).  The
   generated databases are kept under $REDLINE_BENCH_DIR (default /tmp/redline-bench-store)
   and reused by later runs when their size matches.  Queries are split into specific
   terms (names, rare words: what people search for) and the most common words, which
   match most of the ledger and are reported apart.

PostgreSQL parts run when the server binaries are installed (a private cluster on
127.0.0.1 is started and stopped here); otherwise they are reported as skipped.
REDLINE_BENCH_PARTS=memory,writes,search picks parts (default: all three).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import REPO

BENCH_DIR = Path(os.environ.get("REDLINE_BENCH_DIR", "/tmp/redline-bench-store"))
_SYLLABLES = ["ka", "ro", "mi", "ten", "vo", "lar", "is", "un", "del", "sa", "gor", "ne", "pol", "tri", "ba",
              "zen", "ko", "ma", "rin", "est", "vu", "an", "sel", "dor"]
_COMMON = ["the", "said", "officials", "were", "killed", "troops", "report", "ministry", "people", "city",
           "government", "forces", "according", "week", "attack", "spokesman", "police", "president",
           "million", "army", "region", "border", "statement", "sources", "military"]


# --------------------------------------------------------------------------- text


def _vocabulary(n: int = 20000) -> list[str]:
    rng = random.Random(5)
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return _COMMON + sorted(words)


class _Sentences:
    """News-like sentences: a few very common words plus Zipf-distributed rarer ones."""

    def __init__(self, seed: int):
        self.vocab = _vocabulary()
        self.rng = random.Random(seed)
        weights = [1 / (r + 1) for r in range(len(self.vocab))]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def words(self, k: int) -> list[str]:
        import bisect

        return [self.vocab[min(bisect.bisect(self.cum, self.rng.random()), len(self.vocab) - 1)] for _ in range(k)]

    def sentence(self) -> str:
        w = self.words(self.rng.randint(8, 16))
        w.insert(self.rng.randint(0, len(w)), str(self.rng.randint(2, 90000)))
        return " ".join(w).capitalize() + "."


def _news_doc(rng: random.Random, i: int) -> str:
    who = ["The defence ministry", "A spokesperson for the governor", "Colonel Ana Ruiz", "The regional council",
           "Officials in the capital", "The health agency", "Senator Paul Okafor"]
    what = ["that {n} soldiers were killed near the river", "that {n} people had been evacuated since March",
            "no troops were deployed in the north", "about {n} homes lost power after the storm",
            "the budget rose by {n} million dollars", "at least {n} patients were treated on Friday"]
    s = " ".join(f"{rng.choice(who)} said {rng.choice(what).format(n=rng.randint(2, 90000))}." for _ in range(2))
    return f"Note {i}\n\n{s}\n"


def _row(measure: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> dict:
    return {"measure": measure, "value": value, "unit": unit, "target": target,
            "ok": "" if ok is None else ("yes" if ok else "NO")}


# --------------------------------------------------------------------------- 1. memory


def _child_pipeline(folder: str, db: str) -> None:
    """Runs in a child process: the pipeline over `folder`, then its peak RSS as JSON."""
    import resource

    from redline.pipeline import extract, ingest
    from redline.store import open_ledger

    ledger = open_ledger(db)
    t0 = time.perf_counter()
    s = ingest(ledger, [folder])
    e = extract(ledger)
    ledger.close()
    print(json.dumps({"seconds": time.perf_counter() - t0, "added": len(s.added), "processed": e.processed,
                      "failed": len(s.failed) + len(e.failed),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _memory_rows(quick: bool) -> list[dict]:
    small, large = (250, 2500) if quick else (1000, 20000)
    tmp = Path(tempfile.mkdtemp(prefix="redline-bench-mem-"))
    rows = []
    try:
        results = {}
        for n in (small, large):
            folder = tmp / f"c{n}"
            rng = random.Random(n)
            for i in range(n):
                sub = folder / f"d{i // 1000:03d}"
                if i % 1000 == 0:
                    sub.mkdir(parents=True)
                (sub / f"n{i:06d}.txt").write_text(_news_doc(rng, i), encoding="utf-8")
            db = tmp / f"l{n}.db"
            code = f"from bench.bench_store import _child_pipeline; _child_pipeline({str(folder)!r}, {str(db)!r})"
            out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                                 check=True, timeout=3600)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if r["failed"] or r["processed"] != n:
                raise RuntimeError(f"pipeline run incomplete: {r}")
            r["db_mb"] = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists()) / 2**20
            results[n] = r
            shutil.rmtree(folder)
        for n, r in results.items():
            rows.append(_row(f"peak RSS, pipeline over {n:,} generated documents", r["maxrss_mb"], "MB"))
            rows.append(_row(f"ledger size per 1k documents ({n:,} documents)", r["db_mb"] * 1000 / n, "MB"))
            rows.append(_row(f"pipeline speed ({n:,} small documents, 1 worker)", n / r["seconds"], "docs/s"))
        ratio = results[large]["maxrss_mb"] / results[small]["maxrss_mb"]
        rows.append(_row(f"peak RSS {large:,} ÷ {small:,} documents", ratio, "×", "≤ 1.2", ratio <= 1.2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


# --------------------------------------------------------------------------- 2. writes


def _write_rows(ledgers: dict, quick: bool) -> list[dict]:
    from redline.schema import Claim, Document, stable_id

    n_docs, per_doc = (200, 10) if quick else (1000, 10)
    gen = _Sentences(11)
    docs = []
    for i in range(n_docs):
        sentences = [gen.sentence() for _ in range(per_doc)]
        docs.append((f"{i:064x}", " ".join(sentences), sentences))
    rows, rates = [], {}
    for name, ledger in ledgers.items():
        t0 = time.perf_counter()
        for doc_id, text, sentences in docs:
            with ledger.transaction():
                ledger.upsert([Document(id=doc_id, path=f"/w/{doc_id[-8:]}.txt", text=text)])
                claims, pos = [], 0
                for s in sentences:
                    start = text.index(s, pos)
                    pos = start + len(s)
                    claims.append(Claim(id=stable_id(doc_id, start), document_id=doc_id, text=s, start=start, end=pos))
                ledger.write_stage(doc_id, "extract", "bench", {"claims": claims}, 0.0)
        seconds = time.perf_counter() - t0
        rates[name] = n_docs * per_doc / seconds
        rows.append(_row(f"write {n_docs} documents with {per_doc} claims each, one transaction per document "
                         f"({name})", rates[name], "claims/s"))
    if len(rates) == 2:
        rows.append(_row("write speed PostgreSQL ÷ SQLite", rates["postgresql"] / rates["sqlite"], "×"))
    return rows


# --------------------------------------------------------------------------- 3. search


def _claim_rows(n_claims: int, n_docs: int):
    """Deterministic (document rows, claim rows) for a ledger of `n_claims` claims."""
    gen = _Sentences(23)
    for d in range(n_docs):
        doc_id = f"{d:064x}"
        yield "doc", (doc_id, f"/gen/{d:07d}.txt", f"Generated document {d}", " ".join(gen.sentence() for _ in range(3)))
        per = n_claims // n_docs
        for c in range(per):
            text = gen.sentence()
            yield "claim", (f"{d:07d}{c:05d}", doc_id, text, 0, len(text))


def _sqlite_ledger(n_claims: int, n_docs: int) -> tuple[str, float | None]:
    from redline.store import open_ledger

    path = BENCH_DIR / f"claims-{n_claims}.db"
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            if conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == n_claims:
                return str(path), None
        except sqlite3.Error:
            pass
        conn.close()
        path.unlink()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    open_ledger(str(path)).close()
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        docs, claims = [], []
        for kind, row in _claim_rows(n_claims, n_docs):
            (docs if kind == "doc" else claims).append(row)
            if len(claims) >= 50_000:
                conn.executemany("INSERT INTO documents (id, path, title, text) VALUES (?, ?, ?, ?)", docs)
                conn.executemany('INSERT INTO claims (id, document_id, text, start, "end") VALUES (?, ?, ?, ?, ?)', claims)
                docs, claims = [], []
        conn.executemany("INSERT INTO documents (id, path, title, text) VALUES (?, ?, ?, ?)", docs)
        conn.executemany('INSERT INTO claims (id, document_id, text, start, "end") VALUES (?, ?, ?, ?, ?)', claims)
    conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('optimize')")
    conn.close()
    return str(path), time.perf_counter() - t0


def _pg_ledger(cluster, n_claims: int, n_docs: int) -> tuple[str, float | None]:
    import psycopg

    from redline.store.postgres import PostgresLedger

    name = f"claims_{n_claims}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    url = cluster.url(name)
    if exists:
        with psycopg.connect(url) as conn:
            try:
                if conn.execute("SELECT COUNT(*) FROM claims_fts").fetchone()[0] == n_claims:
                    return url, None
            except psycopg.Error:
                pass
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')
    cluster.create_database(name)
    PostgresLedger(url).close()
    t0 = time.perf_counter()
    with psycopg.connect(url) as conn:
        # Bulk load: COPY with the FTS trigger off, then the search index built in one pass.
        conn.execute("ALTER TABLE claims DISABLE TRIGGER claims_fts_trigger")
        conn.execute("ALTER TABLE documents DISABLE TRIGGER documents_fts_trigger")
        conn.execute("DROP INDEX idx_claims_fts_tsv")
        with conn.cursor() as cur:
            with cur.copy("COPY documents (id, path, title, text) FROM STDIN") as docs_copy:
                buf = io.StringIO()
                claims_buf = io.StringIO()
                for kind, row in _claim_rows(n_claims, n_docs):
                    target = buf if kind == "doc" else claims_buf
                    target.write("\t".join(str(v) for v in row) + "\n")
                docs_copy.write(buf.getvalue())
            with cur.copy('COPY claims (id, document_id, text, start, "end") FROM STDIN') as claims_copy:
                claims_copy.write(claims_buf.getvalue())
        del buf, claims_buf
        conn.execute("INSERT INTO documents_fts (id, tsv) SELECT id, setweight(to_tsvector('english', "
                     "coalesce(title, '')), 'A') || setweight(redline_safe_tsv(text), 'B') FROM documents")
        conn.execute("INSERT INTO claims_fts (id, tsv) SELECT id, to_tsvector('english', coalesce(text, '')) FROM claims")
        conn.execute("CREATE INDEX idx_claims_fts_tsv ON claims_fts USING gin (tsv)")
        conn.execute("ALTER TABLE claims ENABLE TRIGGER claims_fts_trigger")
        conn.execute("ALTER TABLE documents ENABLE TRIGGER documents_fts_trigger")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return url, time.perf_counter() - t0


def _queries(n: int) -> dict[str, list[str]]:
    rng = random.Random(99)
    vocab = _vocabulary()
    specific = vocab[len(_COMMON) + 200:]  # below the few hundred most frequent words
    gen = _Sentences(23)
    queries: dict[str, list[str]] = {"specific": [], "common": []}
    for i in range(n):
        r = i % 4
        if r in (0, 1):
            queries["specific"].append(rng.choice(specific))
        elif r == 2:
            queries["specific"].append(f"{rng.choice(specific)} {rng.choice(vocab[len(_COMMON):])}")
        else:
            words = gen.words(12)
            k = rng.randint(0, 10)
            queries["specific"].append(f'"{words[k]} {words[k + 1]}"')
    for _ in range(max(10, n // 10)):
        queries["common"].append(rng.choice(_COMMON[:12]))
    return queries


def _time_search(ledger, queries: list[str]) -> list[float]:
    for q in queries[:5]:  # warm caches
        ledger.search(q)
    out = []
    for q in queries:
        t0 = time.perf_counter()
        ledger.search(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _search_rows(cluster, quick: bool) -> list[dict]:
    from redline.store import open_ledger

    n_claims = int(os.environ.get("REDLINE_BENCH_CLAIMS", 100_000 if quick else 1_000_000))
    n_docs = n_claims // 100
    targets = [("sqlite", lambda: _sqlite_ledger(n_claims, n_docs))]
    if cluster is not None:
        targets.append(("postgresql", lambda: _pg_ledger(cluster, n_claims, n_docs)))
    queries = _queries(100 if quick else 200)
    rows = []
    for name, build in targets:
        url, build_seconds = build()
        ledger = open_ledger(url)
        assert ledger.count(__import__("redline.schema", fromlist=["Claim"]).Claim) == n_claims
        built = "reused" if build_seconds is None else f"generated in {build_seconds:.0f} s"
        for group, qs in queries.items():
            ms = _time_search(ledger, qs)
            what = f"search {n_claims:,} claims, {len(qs)} queries, {group} terms ({name}; ledger {built})"
            rows.append(_row(what + ", p50", statistics.median(ms), "ms"))
            p95 = _pct(ms, 95)
            rows.append(_row(what + ", p95", p95, "ms", "< 100" if group == "specific" else "",
                             p95 < 100 if group == "specific" else None))
        ledger.close()
    return rows


# --------------------------------------------------------------------------- run


def run(quick: bool) -> list[dict]:
    from redline.store.postgres import TemporaryCluster, find_pg_bin

    parts = set(os.environ.get("REDLINE_BENCH_PARTS", "memory,writes,search").split(","))
    rows = _memory_rows(quick) if "memory" in parts else []
    cluster = None
    if find_pg_bin("initdb") and find_pg_bin("pg_ctl"):
        # Kept between runs (fsync on: it holds a database worth reusing).
        cluster = TemporaryCluster(fsync=True, keep=str(BENCH_DIR / "pg")).start()
    else:
        rows.append({"measure": "PostgreSQL parts skipped: initdb/pg_ctl are not installed"})
    try:
        if "writes" in parts:
            rows += _writes(cluster, quick)
        if "search" in parts:
            rows += _search_rows(cluster, quick)
    finally:
        if cluster is not None:
            cluster.stop()
    return rows


def _writes(cluster, quick: bool) -> list[dict]:
    from redline.store import open_ledger

    tmp = Path(tempfile.mkdtemp(prefix="redline-bench-write-"))
    ledgers = {"sqlite": open_ledger(str(tmp / "w.db"))}
    if cluster is not None:
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_writes")
        ledgers["postgresql"] = open_ledger(cluster.create_database("bench_writes"))
    try:
        return _write_rows(ledgers, quick)
    finally:
        for led in ledgers.values():
            led.close()
        shutil.rmtree(tmp, ignore_errors=True)
