"""The pieces the semantic coder blends: two maps of its inputs (a kernel map of the dense
features, TF-IDF of the words) and the weighted, temperature-scaled average of the logistic
models fitted on them. Plain fitted objects, pickled in the zero-shot cache."""
from __future__ import annotations

import numpy as np


class KernelMap:
    """Dense features -> standardised -> a seeded Nystroem approximation of the RBF kernel, so a
    logistic regression on the result is a non-linear model with probabilities straight from the
    model. On our dev split it matched an RBF SVM with Platt probabilities while fitting about
    10x faster."""

    def __init__(self, n_components: int = 1500, seed: int = 7):
        self.n_components, self.seed = n_components, seed

    def fit(self, x):
        from sklearn.kernel_approximation import Nystroem
        from sklearn.preprocessing import StandardScaler
        self.scaler_ = StandardScaler().fit(x)
        self.map_ = Nystroem(gamma=1.0 / x.shape[1], n_components=min(self.n_components, len(x)),
                             random_state=self.seed).fit(self.scaler_.transform(x))
        return self

    def transform(self, x) -> np.ndarray:
        return self.map_.transform(self.scaler_.transform(x)).astype(np.float32)


def _fold(text: str) -> str:
    """Lower case without accents, so "información", "informacion" and "INFORMACIÓN" are one word."""
    import unicodedata
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


class LexicalMap:
    """Texts -> TF-IDF of word uni+bigrams and character 2-5-grams (within word bounds) of the
    accent-folded text. It keeps the wording the sentence embedding blurs: polarity words
    ("borde", "lovely"), negations, question forms, slang and misspellings. Learning from it needs
    many labelled texts, which the shipped training corpus gives."""

    def fit(self, texts):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union
        self.vectorizer_ = make_union(
            TfidfVectorizer(preprocessor=_fold, ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                            dtype=np.float32),
            TfidfVectorizer(preprocessor=_fold, analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                            sublinear_tf=True, dtype=np.float32))
        return self.vectorizer_.fit_transform(list(texts)).tocsr()

    def transform(self, texts):
        return self.vectorizer_.transform(list(texts)).tocsr()


class BlendModel:
    """Weighted probability average of logistic models that each read one input: the dense
    features (``"x"``), their kernel map (``"z"``) or the lexical vectors (``"v"``). Exposes
    ``classes_`` and ``predict_proba(inputs)`` with ``inputs`` a dict of those arrays."""

    def __init__(self, parts, weights, temperature: float = 1.0):
        self.parts = list(parts)  # (input name, fitted model)
        self.weights = [float(w) for w in weights]
        self.temperature = float(temperature)
        self.classes_ = np.unique(np.concatenate([m.classes_ for _, m in self.parts]))

    def predict_proba(self, inputs: dict) -> np.ndarray:
        n = next(iter(inputs.values())).shape[0]
        out = np.zeros((n, len(self.classes_)))
        index = {c: i for i, c in enumerate(self.classes_)}
        for (source, model), w in zip(self.parts, self.weights):
            cols = [index[c] for c in model.classes_]
            out[:, cols] += w * model.predict_proba(inputs[source])
        out /= sum(self.weights)
        if self.temperature != 1.0:  # an average of regularised models is under-confident
            out = np.power(np.clip(out, 1e-12, 1.0), 1.0 / self.temperature)
            out /= out.sum(axis=1, keepdims=True)
        return out


def stack_rows(a, b):
    """Rows of ``b`` under rows of ``a``, dense or sparse."""
    import scipy.sparse as sp
    return sp.vstack([a, b]).tocsr() if sp.issparse(a) else np.vstack([a, b])
