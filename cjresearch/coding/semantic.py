"""Learned coder: logistic regression over [multilingual sentence embedding ⊕ rule scores].

Zero-shot it learns from the exemplar sentences shipped as data (``lexicons/exemplars.yaml``);
given a researcher's labels it learns from those too, the exemplars weighing less as labels grow.
Confidence is the model's probability for its label; ``margin`` drives "what to label next".
"""
from __future__ import annotations

import functools
import hashlib
import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..nlp import cache_dir
from .base import CODING_COLUMNS, BaseCoder
from .embed import get_embedder
from .features import rule_features
from .rules import RuleCoder


@functools.lru_cache(maxsize=1)
def load_exemplars() -> pd.DataFrame:
    """Exemplars as a frame: text, language, dimension, label."""
    ref = resources.files("cjresearch").joinpath("lexicons/exemplars.yaml")
    try:
        data = yaml.safe_load(ref.read_text("utf-8")) or {}
    except FileNotFoundError:
        data = {}
    rows = [(text, lang, dim, label)
            for dim, labels in data.items() for label, by_lang in (labels or {}).items()
            for lang, texts in (by_lang or {}).items() for text in texts or []]
    return pd.DataFrame(rows, columns=["text", "language", "dimension", "label"])


RULES_VERSION = 2  # bump when the rule features change for the same lexicons (2: deterministic matches)


@functools.lru_cache(maxsize=1)
def _lexicon_fingerprint() -> str:
    """Changes whenever any lexicon or exemplar file changes (they shape the prior features)."""
    h = hashlib.sha256(f"rules-{RULES_VERSION}".encode())
    root = resources.files("cjresearch").joinpath("lexicons")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".txt"):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


class BlendModel:
    """Probability average of a linear model (logistic regression on the raw features, where the
    rule scores weigh a lot and carry over to new text) and a non-linear one (RBF SVM with Platt
    probabilities on standardised features, which learns more from a researcher's labels).
    Exposes ``classes_`` and ``predict_proba`` like a scikit-learn classifier."""

    def __init__(self, models, weights):
        self.models = list(models)
        self.weights = [float(w) for w in weights]
        self.classes_ = self.models[0].classes_

    def predict_proba(self, x) -> np.ndarray:
        out = np.zeros((len(x), len(self.classes_)))
        index = {c: i for i, c in enumerate(self.classes_)}
        for model, w in zip(self.models, self.weights):
            cols = [index[c] for c in model.classes_]
            out[:, cols] += w * model.predict_proba(x)
        return out / sum(self.weights)

    def predict(self, x) -> np.ndarray:
        return self.classes_[self.predict_proba(x).argmax(axis=1)]


class SemanticCoder(BaseCoder):
    origin = "model"
    name = "semantic"

    def __init__(self, dimensions=("phase", "evidence"), embedder: str = "use", C: float = 1.0,
                 prior_weight: float = 1.0, rule_weight: float = 1.0, max_own_weight: float = 20.0,
                 seed: int = 7, svm_weight: dict | float | None = None, svm_C: float = 3.0):
        self.max_own_weight = max_own_weight
        self.dimensions = dimensions
        self.embedder = embedder
        self.C = C
        self.prior_weight = prior_weight
        self.rule_weight = rule_weight
        self.seed = seed
        # share of the RBF SVM in each dimension's probability average (0 = logistic model only),
        # chosen on our dev split: phase gained (+0.06/+0.09 κ zero-shot), evidence did not beyond
        # noise, so evidence stays linear
        self.svm_weight = {"phase": 0.5, "evidence": 0.0} if svm_weight is None else svm_weight
        self.svm_C = svm_C

    # -- features ---------------------------------------------------------------------------
    def _rules(self) -> RuleCoder:
        if not hasattr(self, "rules_"):
            self.rules_ = RuleCoder().fit()
        return self.rules_

    def features(self, segments: pd.DataFrame) -> np.ndarray:
        texts = segments["text"].fillna("").astype(str).tolist()
        langs = segments["language"].fillna("en").tolist()
        emb = get_embedder(self.embedder).encode(texts)
        rules = rule_features(self._rules().analyse_docs(texts, langs))
        return np.hstack([emb, self.rule_weight * rules]).astype(np.float32)

    # -- fit / predict ----------------------------------------------------------------------
    def fit(self, segments: pd.DataFrame | None = None, labels: pd.DataFrame | None = None):
        """``labels``: a frame aligned with ``segments`` rows, one column per dimension
        (missing values = unlabelled). Without labels the coder is zero-shot."""
        from sklearn.linear_model import LogisticRegression
        prior = load_exemplars()
        self.models_, self.n_labels_ = {}, {}
        x_own = None
        if labels is not None and segments is not None and len(segments):
            x_own = self.features(segments)
        width = x_own.shape[1] if x_own is not None else 0
        x_prior = self._prior_features(prior) if len(prior) else np.zeros((0, width), dtype=np.float32)
        for dim in self.dimensions:
            p = (prior["dimension"] == dim).to_numpy()
            xs, ys, ws = [x_prior[p]], [prior.loc[p, "label"].to_numpy()], [np.full(p.sum(), self.prior_weight)]
            if x_own is not None and dim in labels:
                y = labels[dim].reset_index(drop=True)
                have = y.notna() & (y.astype(str) != "")
                xs.append(x_own[have.to_numpy()])
                ys.append(y[have].astype(str).to_numpy())
                ws.append(np.full(int(have.sum()), self._own_weight(int(p.sum()), int(have.sum()))))
                self.n_labels_[dim] = int(have.sum())
            x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
            if len(set(y)) < 2:
                continue
            model = LogisticRegression(C=self.C, max_iter=3000, random_state=self.seed)
            model.fit(x, y, sample_weight=w)
            share = self._svm_share(dim)
            svm = self._svm(x, y, w) if share > 0 else None
            self.models_[dim] = model if svm is None else BlendModel([model, svm], [1.0 - share, share])
        return self

    def _svm_share(self, dim: str) -> float:
        w = self.svm_weight
        w = w.get(dim, 0.0) if isinstance(w, dict) else (w or 0.0)
        return float(min(1.0, max(0.0, w)))

    def _svm(self, x, y, w):
        """RBF SVM on standardised features, with libsvm's Platt probabilities (pairwise coupling,
        seeded internal 5-fold CV); they need a few items per class. On our dev split this beat
        one-vs-rest sigmoid calibration (CalibratedClassifierCV) zero-shot, so it stays while
        scikit-learn still has it (``probability`` is deprecated from 1.9, removed in 1.11)."""
        import warnings
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC
        _, counts = np.unique(y, return_counts=True)
        if counts.min() < 5:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                svm = SVC(C=self.svm_C, kernel="rbf", gamma="scale", probability=True,
                          random_state=self.seed)
                return make_pipeline(StandardScaler(), svm).fit(x, y, svc__sample_weight=w)
        except TypeError:  # scikit-learn without SVC(probability=...)
            from sklearn.calibration import CalibratedClassifierCV
            from sklearn.model_selection import StratifiedKFold
            svm = CalibratedClassifierCV(SVC(C=self.svm_C, kernel="rbf", gamma="scale"), method="sigmoid",
                                         cv=StratifiedKFold(5, shuffle=True, random_state=self.seed),
                                         ensemble=False)
            return make_pipeline(StandardScaler(), svm).fit(x, y, calibratedclassifiercv__sample_weight=w)

    def _prior_features(self, prior: pd.DataFrame) -> np.ndarray:
        """Exemplar features, cached on disk: they depend only on the lexicons and embedder."""
        key = f"exemplars-{self.embedder}-{self.rule_weight}-{_lexicon_fingerprint()}.npy"
        path = cache_dir() / key
        try:
            x = np.load(path)
            if x.shape[0] == len(prior):
                return x
        except (OSError, ValueError):
            pass
        x = self.features(prior)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".{os.getpid()}.part")
            with open(tmp, "wb") as fh:
                np.save(fh, x)
            tmp.replace(path)
        except OSError:  # a read-only home is fine: we just recompute next time
            pass
        return x

    def _own_weight(self, n_prior: int, n_own: int) -> float:
        """A researcher's few labels must outweigh generic exemplars; as labels grow the weight
        falls towards 1 (with 500 labels it is about 1.2)."""
        return float(min(self.max_own_weight, max(1.0, 0.5 * n_prior / max(n_own, 1))))

    def predict_proba(self, segments: pd.DataFrame, x: np.ndarray | None = None) -> dict[str, pd.DataFrame]:
        self.check_fitted("models_")
        x = self.features(segments) if x is None else x
        return {dim: pd.DataFrame(m.predict_proba(x), columns=m.classes_) for dim, m in self.models_.items()}

    def predict(self, segments: pd.DataFrame) -> pd.DataFrame:
        probs = self.predict_proba(segments)
        lengths = segments["text"].fillna("").astype(str).str.len().to_numpy()
        rows = []
        for dim, frame in probs.items():
            best = frame.to_numpy().argmax(axis=1)
            conf = frame.to_numpy().max(axis=1)
            for i, (b, c) in enumerate(zip(best, conf)):
                rows.append((i, dim, str(frame.columns[b]), round(float(c), 4), 0, int(lengths[i]),
                             self.origin, "semantic", None))
        return pd.DataFrame(rows, columns=CODING_COLUMNS)

    def margin(self, segments: pd.DataFrame, dimension: str = "phase") -> np.ndarray:
        """Top-1 minus top-2 probability: small = the model is unsure = worth labelling next."""
        p = np.sort(self.predict_proba(segments)[dimension].to_numpy(), axis=1)
        return p[:, -1] - p[:, -2]
