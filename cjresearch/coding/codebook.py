"""Learning the researcher's own codebook: one calibrated classifier per code, from their codings.

Any code a person applied (``manual``) or confirmed (``accepted``) is a positive example for that
code; a suggestion they **rejected** is a negative one, and so is a segment they coded in the same
dimension with other codes only. Codes are not exclusive (a quote can be "price" and "delivery"),
so each code gets its own one-vs-rest logistic regression over the multilingual sentence
embedding, retrained from scratch on every run: with cached embeddings that is a fraction of a
second, and it means a rejection changes the very next round of suggestions.

Confidence is a probability: with enough examples (``calibrate_at`` of each class) it is
Platt-calibrated by cross-validation, otherwise it is the regularised model's own probability,
shrunk towards the base rate. A code is suggested where that probability reaches ``suggest_at``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .base import CODING_COLUMNS, BaseCoder
from .embed import get_embedder

LABEL_COLUMNS = ["row", "dimension", "code", "positive"]


class CodebookCoder(BaseCoder):
    origin = "model"
    name = "codebook"

    def __init__(self, dimensions=("custom",), min_positive: int = 3, suggest_at: float = 0.5,
                 calibrate_at: int = 15, C: float = 4.0, unlabelled: int = 300,
                 unlabelled_weight: float = 0.5, positive_weight: float = 0.5, lexical_weight: float = 0.0,
                 embedder: str = "use",
                 seed: int = 7):
        self.dimensions = dimensions
        self.min_positive = min_positive
        self.suggest_at = suggest_at
        self.calibrate_at = calibrate_at
        self.C = C
        self.unlabelled = unlabelled
        self.unlabelled_weight = unlabelled_weight
        self.positive_weight = positive_weight
        self.lexical_weight = lexical_weight
        self.embedder = embedder
        self.seed = seed

    def features(self, segments: pd.DataFrame) -> np.ndarray:
        """Sentence embedding (meaning, across languages) ⊕ TF-IDF of folded words and word
        pairs fitted on the project's own segments (many codes are named by their words)."""
        texts = segments["text"].fillna("").astype(str).tolist()
        emb = np.asarray(get_embedder(self.embedder).encode(texts), dtype=np.float32)
        if not self.lexical_weight or not hasattr(self, "vocabulary_"):
            return emb
        words = self.vocabulary_.transform(texts).toarray().astype(np.float32)
        return np.hstack([emb, self.lexical_weight * words])

    def _fit_vocabulary(self, segments: pd.DataFrame) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from ..nlp import fold
        if not self.lexical_weight:
            return
        self.vocabulary_ = TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), min_df=2, max_features=5000,
                                           sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
        try:
            self.vocabulary_.fit(segments["text"].fillna("").astype(str).tolist())
        except ValueError:  # no word seen twice: meaning alone
            del self.vocabulary_

    def fit(self, segments: pd.DataFrame, labels: pd.DataFrame | None = None):
        """``labels``: long frame with :data:`LABEL_COLUMNS` — ``row`` indexes ``segments``,
        ``positive`` is False for a rejected suggestion. Codes with fewer than ``min_positive``
        positive examples are not learnt (listed in ``skipped_``)."""
        from sklearn.linear_model import LogisticRegression
        self.models_, self.n_examples_, self.skipped_, self.calibrated_ = {}, {}, {}, {}
        if labels is None or not len(labels) or segments is None or not len(segments):
            return self
        labels = labels[labels["dimension"].isin(self.dimensions)]
        rows = np.unique(labels["row"].to_numpy())
        self._fit_vocabulary(segments)
        x_all = self.features(segments.iloc[rows].reset_index(drop=True))
        where = {int(r): i for i, r in enumerate(rows)}
        rng = np.random.default_rng(self.seed)
        for (dim, code), own in labels.groupby(["dimension", "code"], sort=True):
            pos = sorted({int(r) for r in own.loc[own["positive"], "row"]})
            if len(pos) < self.min_positive:
                self.skipped_[(dim, code)] = f"{len(pos)} examples (needs {self.min_positive})"
                continue
            rejected = {int(r) for r in own.loc[~own["positive"], "row"]} - set(pos)
            # same dimension, other codes only: the person looked and chose something else
            coded_in_dim = {int(r) for r in labels.loc[(labels["dimension"] == dim) & labels["positive"], "row"]}
            neg = sorted(rejected | (coded_in_dim - set(pos)))
            x = [x_all[[where[r] for r in pos]], x_all[[where[r] for r in neg]] if neg else np.zeros((0, x_all.shape[1]), np.float32)]
            y = [np.ones(len(pos)), np.zeros(len(neg))]
            w = [np.full(len(pos), self.positive_weight), np.where(np.isin(neg, list(rejected)), 2.0, 1.0)]
            # most uncoded segments are not about this code: a seeded sample of them enters as
            # weak negatives (positive-unlabelled learning), so a handful of examples does not
            # make the model call everything a match
            pool = np.setdiff1d(np.arange(len(segments)), np.array(pos + neg, dtype=int))
            take = rng.choice(pool, size=min(len(pool), self.unlabelled), replace=False) if len(pool) else pool
            if len(take):
                x.append(self.features(segments.iloc[np.sort(take)].reset_index(drop=True)))
                y.append(np.zeros(len(take)))
                w.append(np.full(len(take), self.unlabelled_weight))
            x, y, w = np.vstack(x), np.concatenate(y), np.concatenate(w)
            # positives weigh as much, in total, as a share of the negatives: few examples must
            # still move the model, many examples should not swamp it
            w[y == 1] = self.positive_weight * w[y == 0].sum() / max(len(pos), 1)
            if len(set(y)) < 2:
                self.skipped_[(dim, code)] = "no negative examples"
                continue
            base = LogisticRegression(C=self.C, max_iter=2000, random_state=self.seed)
            n_min = int(min((y == 1).sum(), (y == 0).sum()))
            if n_min >= self.calibrate_at:
                from sklearn.calibration import CalibratedClassifierCV
                model = CalibratedClassifierCV(base, method="sigmoid", cv=3).fit(x, y, sample_weight=w)
                self.calibrated_[(dim, code)] = True
            else:
                model = base.fit(x, y, sample_weight=w)
                self.calibrated_[(dim, code)] = False
            self.models_[(dim, code)] = model
            self.n_examples_[(dim, code)] = (len(pos), len(neg))
        return self

    def predict_proba(self, segments: pd.DataFrame) -> pd.DataFrame:
        """One column per learnt code (``dimension:code``), one row per segment."""
        self.check_fitted("models_")
        if not self.models_ or not len(segments):
            return pd.DataFrame(index=range(len(segments)))
        x = self.features(segments)
        out = {}
        for (dim, code), model in self.models_.items():
            p = model.predict_proba(x)[:, 1]
            if not self.calibrated_[(dim, code)]:
                # few examples: a regularised LR is over-confident; pull towards the middle
                n = sum(self.n_examples_[(dim, code)])
                p = 0.5 + (p - 0.5) * n / (n + 10)
            out[f"{dim}:{code}"] = p
        return pd.DataFrame(out)

    def predict(self, segments: pd.DataFrame) -> pd.DataFrame:
        probs = self.predict_proba(segments)
        if probs.empty:
            return self.empty()
        lengths = segments["text"].fillna("").astype(str).str.len().to_numpy()
        rows = []
        for column in probs.columns:
            dim, code = column.split(":", 1)
            p = probs[column].to_numpy()
            for i in np.flatnonzero(p >= self.suggest_at):
                rows.append((int(i), dim, code, round(float(p[i]), 4), 0, int(lengths[i]), self.origin,
                             self.name, f"learnt from {self.n_examples_[(dim, code)][0]} examples"))
        return pd.DataFrame(rows, columns=CODING_COLUMNS)
