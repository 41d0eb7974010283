"""Learned coder for phase and evidence: a blend of three logistic models, one over the dense
features [multilingual sentence embedding ⊕ rule scores], one over a kernel map of the same
features and one over the words and character n-grams of the text.

Zero-shot it learns from data shipped with the package: the exemplar sentences
(``lexicons/exemplars.yaml``, one label each) and the labelled training corpus
(``lexicons/training.csv``, phase and evidence per item, built from ``corpora/train/``, about
other products and services than the evaluation set). Given a researcher's labels it learns from
those too, the shipped data weighing less as labels grow.
Confidence is the blend's probability for its label (temperature-scaled on our dev split);
``margin`` drives "what to label next". A zero-shot fit depends only on shipped data, so it is
kept in the cache directory and loaded on the next run.
"""
from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..nlp import cache_dir, save_to_cache
from .base import CODING_COLUMNS, BaseCoder
from .blend import BlendModel, KernelMap, LexicalMap, stack_rows
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


@functools.lru_cache(maxsize=1)
def load_training() -> pd.DataFrame:
    """The shipped training corpus: text, language, phase, evidence, valence (empty when absent)."""
    ref = resources.files("cjresearch").joinpath("lexicons/training.csv")
    try:
        with ref.open("r", encoding="utf-8", newline="") as fh:
            frame = pd.read_csv(fh, keep_default_na=False, dtype=str)
    except FileNotFoundError:
        return pd.DataFrame(columns=["text", "language", "phase", "evidence", "valence"])
    return frame[["text", "language", "phase", "evidence", "valence"]]


def load_prior() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Everything the coder learns from before any researcher label, as (texts, labels):
    ``texts`` has one row per distinct text (text, language); ``labels`` has row (into texts),
    dimension, label and source (``exemplar`` or ``training``)."""
    ex, tr = load_exemplars(), load_training()
    texts = pd.concat([ex[["text", "language"]], tr[["text", "language"]]], ignore_index=True)
    texts = texts.drop_duplicates(ignore_index=True)
    where = {(t, lang): i for i, (t, lang) in enumerate(zip(texts["text"], texts["language"]))}
    rows = [(where[(t, lang)], dim, label, "exemplar")
            for t, lang, dim, label in zip(ex["text"], ex["language"], ex["dimension"], ex["label"])]
    for dim in ("phase", "evidence"):
        rows += [(where[(t, lang)], dim, label, "training")
                 for t, lang, label in zip(tr["text"], tr["language"], tr[dim]) if label]
    return texts, pd.DataFrame(rows, columns=["row", "dimension", "label", "source"])


_PRIOR_INPUTS: dict = {}  # zero-shot cache path -> the shipped texts through the fitted maps


BLEND = {"linear": 0.25, "kernel": 0.25, "lexical": 0.5}
# temperature of the blended probabilities per dimension (< 1 sharpens): the log-loss minimum on
# our dev split, zero-shot; without it mean confidence was 0.67 for 0.82 accuracy (phase)
TEMPERATURE = {"phase": 0.6, "evidence": 0.7}

RULES_VERSION = 2  # bump when the rule features change for the same lexicons (2: deterministic matches)
MODEL_VERSION = 1  # bump when the maps, models or fitting change: a kept zero-shot fit is then stale


@functools.lru_cache(maxsize=1)
def _lexicon_fingerprint() -> str:
    """Changes whenever any lexicon, exemplar or training file changes (they shape the prior
    features)."""
    h = hashlib.sha256(f"rules-{RULES_VERSION}".encode())
    root = resources.files("cjresearch").joinpath("lexicons")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".txt", ".csv"):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


class SemanticCoder(BaseCoder):
    origin = "model"
    name = "semantic"

    def __init__(self, dimensions=("phase", "evidence"), embedder: str = "use", C: float = 1.0,
                 prior_weight: float = 1.0, training_weight: float = 1.0, rule_weight: float = 1.0,
                 max_own_weight: float = 20.0, seed: int = 7, blend: dict | None = None,
                 kernel_C: float = 3.0, lexical_C: float = 3.0, temperature: dict | None = None):
        self.max_own_weight = max_own_weight
        self.dimensions = dimensions
        self.embedder = embedder
        self.C = C
        self.prior_weight = prior_weight
        self.training_weight = training_weight
        self.rule_weight = rule_weight
        self.seed = seed
        # share of each model in the probability average: the logistic model of the dense
        # features (rule scores weigh a lot there and carry over to new text), the kernel model of
        # the same features and the lexical model of the words; chosen on our dev split
        self.blend = dict(BLEND) if blend is None else dict(blend)
        self.kernel_C = kernel_C
        self.lexical_C = lexical_C
        self.temperature = dict(TEMPERATURE) if temperature is None else dict(temperature)

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
        (missing values = unlabelled). Without labels the coder is zero-shot.

        The zero-shot fit (maps and models learnt from the shipped data) is kept in the cache;
        with labels, the researcher's texts go through the same maps and each model starts from
        its zero-shot solution, so a refit after every accepted code takes seconds."""
        if not any(self.blend.get(k, 0) > 0 for k in ("linear", "kernel", "lexical")):
            raise ValueError("SemanticCoder: blend gives every model a weight of 0")
        own = labels is not None and segments is not None and len(segments)
        if not self._load_zero_shot():
            self._fit_zero_shot()
            self._save_zero_shot()
        if not own:
            return self
        texts, prior = load_prior()
        base = self._prior_inputs(texts)
        x_own = self.features(segments)
        extra = self._inputs(x_own, segments["text"].fillna("").astype(str).tolist())
        inputs = {k: stack_rows(base[k], extra[k]) for k in base}
        zero_shot, self.models_, self.n_labels_ = self.models_, {}, {}
        for dim in self.dimensions:
            sel = prior[prior["dimension"] == dim]
            rows, y, w = self._prior_rows(sel)
            lab = labels[dim].reset_index(drop=True) if dim in labels else pd.Series([], dtype=object)
            have = (lab.notna() & (lab.astype(str) != "")).to_numpy()
            if not have.any():  # no label for this dimension: the zero-shot model stands
                if dim in zero_shot:
                    self.models_[dim] = zero_shot[dim]
                continue
            rows = np.concatenate([rows, len(texts) + np.flatnonzero(have)])
            y = np.concatenate([y, lab[have].astype(str).to_numpy()])
            w = np.concatenate([w, np.full(int(have.sum()), self._own_weight(len(sel), int(have.sum())))])
            self.n_labels_[dim] = int(have.sum())
            self._fit_dimension(dim, inputs, rows, y, w, start=zero_shot.get(dim))
        return self

    def _prior_rows(self, sel: pd.DataFrame):
        weight = np.where(sel["source"].to_numpy() == "training", self.training_weight, self.prior_weight)
        return sel["row"].to_numpy().astype(int), sel["label"].to_numpy(), weight

    def _fit_zero_shot(self) -> None:
        texts, prior = load_prior()
        self.models_, self.n_labels_ = {}, {}
        if not len(texts):
            return
        x = self._prior_features(texts)
        inputs = self._inputs(x, texts["text"].tolist(), fit=True)
        _PRIOR_INPUTS[self._zero_shot_path()] = inputs
        for dim in self.dimensions:
            self._fit_dimension(dim, inputs, *self._prior_rows(prior[prior["dimension"] == dim]))

    def _prior_inputs(self, texts: pd.DataFrame) -> dict:
        """The shipped texts through the fitted maps, kept for the life of the process."""
        key = self._zero_shot_path()
        if key not in _PRIOR_INPUTS:
            _PRIOR_INPUTS.clear()
            _PRIOR_INPUTS[key] = self._inputs(self._prior_features(texts), texts["text"].tolist())
        return _PRIOR_INPUTS[key]

    def _fit_dimension(self, dim, inputs, rows, y, w, start=None) -> None:
        """One logistic model per input, blended. ``start``: the zero-shot blend of this
        dimension, whose solutions initialise the models when the classes are the same."""
        from sklearn.base import clone
        from sklearn.linear_model import LogisticRegression
        if len(set(y)) < 2:
            return
        previous = {source: m for source, m in start.parts} if start is not None else {}
        parts, weights = [], []
        for source, key, C in (("x", "linear", self.C), ("z", "kernel", self.kernel_C),
                               ("v", "lexical", self.lexical_C)):
            if self.blend.get(key, 0) <= 0:
                continue
            # Newton-CG: the same optimum as lbfgs several times faster on these inputs; a refit
            # that starts from the zero-shot solution needs only a looser tolerance (4x faster)
            model = LogisticRegression(C=C, solver="newton-cg", tol=1e-4, max_iter=500,
                                       random_state=self.seed)
            old = previous.get(source)
            if old is not None and set(old.classes_) == set(y):
                model = clone(model).set_params(warm_start=True, tol=1e-3)
                model.classes_, model.coef_, model.intercept_ = old.classes_, old.coef_.copy(), old.intercept_.copy()
            parts.append((source, model.fit(inputs[source][rows], y, sample_weight=w)))
            weights.append(self.blend[key])
        self.models_[dim] = BlendModel(parts, weights, self.temperature.get(dim, 1.0))

    _FITTED = ("models_", "n_labels_", "kernel_map_", "lexical_map_")

    def _zero_shot_path(self) -> Path:
        import sklearn
        params = repr(sorted((k, v) for k, v in self.get_params().items()))
        key = hashlib.sha256(f"model-{MODEL_VERSION}|{params}|{sklearn.__version__}|{np.__version__}|"
                             f"{_lexicon_fingerprint()}".encode()).hexdigest()[:20]
        return cache_dir() / f"zero-shot-{key}.pkl"

    def _load_zero_shot(self) -> bool:
        """The zero-shot fit depends only on the parameters and the shipped data: reuse the one
        this user's cache holds (written by :meth:`_save_zero_shot`, nowhere else)."""
        import pickle
        try:
            with open(self._zero_shot_path(), "rb") as fh:
                state = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return False
        if not isinstance(state, dict) or "models_" not in state or not set(state) <= set(self._FITTED):
            return False
        vars(self).update(state)
        return True

    def _save_zero_shot(self) -> None:
        import pickle
        state = {k: getattr(self, k) for k in self._FITTED if hasattr(self, k)}
        save_to_cache(self._zero_shot_path(),
                      lambda fh: pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL))

    def _inputs(self, x: np.ndarray, texts, fit: bool = False) -> dict:
        """The inputs the blended models read: dense features, their kernel map, lexical vectors
        (the maps are fitted on the training pool when ``fit``)."""
        inputs = {"x": x}
        if self.blend.get("kernel", 0) > 0:
            if fit:
                self.kernel_map_ = KernelMap(seed=self.seed).fit(x)
            inputs["z"] = self.kernel_map_.transform(x)
        if self.blend.get("lexical", 0) > 0:
            if fit:
                self.lexical_map_ = LexicalMap()
                inputs["v"] = self.lexical_map_.fit_transform(texts)
            else:
                inputs["v"] = self.lexical_map_.transform(texts)
        return inputs

    def _prior_features(self, prior: pd.DataFrame) -> np.ndarray:
        """Features of the shipped texts, cached on disk: they depend only on the lexicons,
        exemplars, training corpus and embedder."""
        key = f"prior-{self.embedder}-{self.rule_weight}-{_lexicon_fingerprint()}.npy"
        path = cache_dir() / key
        try:
            x = np.load(path)
            if x.shape[0] == len(prior):
                return x
        except (OSError, ValueError):
            pass
        x = self.features(prior)
        save_to_cache(path, lambda fh: np.save(fh, x))
        return x

    def _own_weight(self, n_prior: int, n_own: int) -> float:
        """A researcher's few labels must outweigh generic exemplars; as labels grow the weight
        falls towards 1 (with 500 labels it is about 1.2)."""
        return float(min(self.max_own_weight, max(1.0, 0.5 * n_prior / max(n_own, 1))))

    def predict_proba(self, segments: pd.DataFrame | None, x: np.ndarray | None = None,
                      texts: list[str] | None = None) -> dict[str, pd.DataFrame]:
        """Probabilities per dimension. ``x`` (dense features) and ``texts`` may be given when the
        caller already has them; otherwise both come from ``segments``."""
        self.check_fitted("models_")
        x = self.features(segments) if x is None else x
        if texts is None:
            texts = segments["text"].fillna("").astype(str).tolist()
        inputs = self._inputs(x, texts)
        return {dim: pd.DataFrame(m.predict_proba(inputs), columns=m.classes_)
                for dim, m in self.models_.items()}

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


def warm_up(seed: int = 7) -> Path:
    """Build what the first coding run on a machine would otherwise build (lemma tables,
    features of the shipped texts, the zero-shot fit) and return the cache directory.
    ``make install`` runs it, so the first ``cjresearch code`` is as quick as the next ones."""
    SemanticCoder(seed=seed).fit()
    return cache_dir()

