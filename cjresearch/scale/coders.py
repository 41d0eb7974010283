"""The two table coders behind ``cjresearch code IN.csv`` (:mod:`cjresearch.scale.engine` streams
the table and runs them, locally or on Dask):

* :class:`FullCoder` (``"full"``, default): semantic coder (USE sentence embedding + rule scores)
  for phase/evidence, rule coder for valence and touchpoint; bound by the embedder.
* :class:`FastCoder` (``"fast"``): hashed word uni+bigrams and linear models distilled from the
  full coder on a seeded sample; no spaCy and no embedding at coding time.

Both are fitted once and then only ``label`` chunks, so the fitted state can be pickled to workers.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import UserError

CODERS = ("full", "fast")
OUT_COLUMNS = ["phase", "evidence", "valence", "touchpoint", "confidence"]


def _languages(texts, language: str) -> list[str]:
    from ..nlp import detect_language
    if language in ("es", "en"):
        return [language] * len(texts)
    return [detect_language(t, default="en") for t in texts]


class FullCoder:
    """The semantic coder for phase/evidence + the rule coder for valence/touchpoint, with the
    rule analysis done once per text (it feeds both)."""

    def __init__(self, language: str = "auto", seed: int = 7):
        self.language, self.seed = language, seed

    def fit(self, train: pd.DataFrame | None = None, sample: list[str] | None = None):
        from ..coding.semantic import SemanticCoder
        coder = SemanticCoder(seed=self.seed)
        if train is not None:
            texts = train["text"].astype(str)
            segs = pd.DataFrame({"text": texts, "language": _languages(texts.tolist(), self.language)})
            coder.fit(segs, train[[c for c in ("phase", "evidence") if c in train.columns]])
        else:
            coder.fit()
        # the fitted maps and models, without the rule coder (spaCy tables are rebuilt lazily)
        self.state_ = {k: v for k, v in vars(coder).items() if k.endswith("_") and k != "rules_"}
        return self

    def __getstate__(self):  # the spaCy tables are rebuilt lazily wherever the coder runs
        return {k: v for k, v in self.__dict__.items() if k not in ("semantic_",)}

    def _semantic(self):
        if "semantic_" not in self.__dict__:
            from ..coding.semantic import SemanticCoder
            coder = SemanticCoder(seed=self.seed)
            vars(coder).update(self.state_)
            self.semantic_ = coder
        return self.semantic_

    def label(self, texts: list[str], timings: dict | None = None) -> pd.DataFrame:
        from ..coding.embed import get_embedder
        from ..coding.features import rule_features
        clock = _Stopwatch(timings)
        coder = self._semantic()
        langs = _languages(texts, self.language)
        rules, embedder = coder._rules(), get_embedder(coder.embedder)
        if timings is not None:  # profiling: load tables and weights first so stages time apart
            for lang in set(langs):
                rules._tables(lang)
            clock("rules: spaCy import + lemma/lexicon tables")
        analyses = rules.analyse_docs(texts, langs)
        clock("rules: analysing the sample")
        if timings is not None:
            embedder.encode(["warm up"])
            clock("embedder: loading USE weights")
        emb = embedder.encode(texts)
        clock("embedder: encoding the sample")
        x = np.hstack([emb, coder.rule_weight * rule_features(analyses)]).astype(np.float32)
        probs = coder.predict_proba(None, x=x, texts=texts)
        clock("teacher: blended models")
        out, conf = {}, []
        for dim in ("phase", "evidence"):
            p = probs[dim]
            out[dim] = p.columns[p.to_numpy().argmax(axis=1)]
            conf.append(p.to_numpy().max(axis=1))
        decided = [rules.decide(a) for a in analyses]
        out["valence"] = [d["valence"][0] for d in decided]
        out["touchpoint"] = [d["touchpoint"][0][0] if d["touchpoint"] else "" for d in decided]
        out["confidence"] = [round(float(min(a, b)), 4) for a, b in zip(*conf)]
        return pd.DataFrame(out, columns=OUT_COLUMNS)


class _Stopwatch:
    """Adds the seconds since the previous call to ``timings[stage]`` (a no-op without a dict):
    the fit's own profile, printed by bench/bench_coding.py."""

    def __init__(self, timings: dict | None):
        import time
        self.timings, self._now = timings, time.perf_counter
        self.last = self._now()

    def __call__(self, stage: str) -> None:
        now = self._now()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


_WORD = re.compile(r"\w\w+")


def _words_and_bigrams(text: str) -> list[str]:
    """scikit-learn's default word uni+bigram analyser, written out: the same tokens (the
    matrices are identical, tested) at 1.4x the speed — hashing is most of the coding pass."""
    words = _WORD.findall(text.lower())
    return words + [a + " " + b for a, b in zip(words, words[1:])]


def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer
    return HashingVectorizer(n_features=2**18, analyzer=_words_and_bigrams, alternate_sign=False,
                             norm="l2", dtype=np.float32)


class FastCoder:
    """Hashed word uni+bigrams -> one logistic model (SGD) per output, distilled from :class:`FullCoder`
    on a sample (the teacher's labels), plus the shipped exemplars and training corpus (phase,
    evidence and, from the corpus, valence) and the researcher's labels when given (weighted 3×)."""

    TRAIN_WEIGHT = 3.0
    EXEMPLAR_WEIGHT = 1.0

    def __init__(self, language: str = "auto", seed: int = 7, alpha: float = 1e-5):
        self.language, self.seed, self.alpha = language, seed, alpha

    def fit(self, train: pd.DataFrame | None = None, sample: list[str] | None = None):
        from sklearn.linear_model import SGDClassifier
        sample = [t for t in (sample or []) if t.strip()]
        self.timings_ = getattr(self, "timings_", {})
        clock = _Stopwatch(self.timings_)
        teacher = FullCoder(self.language, self.seed).fit(train)
        clock("teacher: fitting on the exemplars (+ labels)")
        taught = teacher.label(sample, self.timings_) if sample else pd.DataFrame(columns=OUT_COLUMNS)
        clock = _Stopwatch(self.timings_)
        hasher = _hasher()
        x_sample = hasher.transform(sample) if sample else None
        from ..coding.semantic import load_exemplars, load_training
        ex, corpus = load_exemplars(), load_training()
        exemplars = {dim: ex[ex["dimension"] == dim] for dim in ("phase", "evidence")}
        x_corpus = hasher.transform(corpus["text"].tolist()) if len(corpus) else None
        self.models_ = {}
        for dim in ("phase", "evidence", "valence", "touchpoint"):
            xs, ys, ws = [], [], []
            if sample:
                xs.append(x_sample)
                ys.append(taught[dim].astype(str).to_numpy())
                ws.append(np.ones(len(sample)))
            if dim in exemplars:  # the shipped exemplars: labelled text in both languages
                xs.append(hasher.transform(exemplars[dim]["text"].tolist()))
                ys.append(exemplars[dim]["label"].astype(str).to_numpy())
                ws.append(np.full(len(exemplars[dim]), self.EXEMPLAR_WEIGHT))
            if x_corpus is not None and dim in corpus.columns:  # the shipped training corpus
                xs.append(x_corpus)
                ys.append(corpus[dim].astype(str).to_numpy())
                ws.append(np.full(len(corpus), self.EXEMPLAR_WEIGHT))
            if train is not None and dim in train.columns:
                have = train[dim].notna() & (train[dim].astype(str) != "")
                if have.any():
                    xs.append(hasher.transform(train.loc[have, "text"].astype(str).tolist()))
                    ys.append(train.loc[have, dim].astype(str).to_numpy())
                    ws.append(np.full(int(have.sum()), self.TRAIN_WEIGHT))
            if not xs:
                continue
            import scipy.sparse as sp
            x, y, w = sp.vstack(xs).tocsr(), np.concatenate(ys), np.concatenate(ws)
            if len(set(y)) < 2:
                self.models_[dim] = str(y[0])
                continue
            model = SGDClassifier(loss="log_loss", alpha=self.alpha, max_iter=100, tol=1e-4,
                                  random_state=self.seed)
            self.models_[dim] = model.fit(x, y, sample_weight=w)
        clock("student: hashing + SGD")
        if "phase" not in self.models_ or "evidence" not in self.models_:
            raise UserError("the fast coder needs some answers to learn from", hint="the table is empty")
        return self

    def label(self, texts: list[str]) -> pd.DataFrame:
        x = _hasher().transform(texts)
        out, conf = {}, []
        for dim in ("phase", "evidence", "valence", "touchpoint"):
            model = self.models_.get(dim, "")
            if isinstance(model, str):
                out[dim] = [model] * len(texts)
                if dim in ("phase", "evidence"):
                    conf.append(np.ones(len(texts)))
                continue
            p = model.predict_proba(x)
            out[dim] = model.classes_[p.argmax(axis=1)]
            if dim in ("phase", "evidence"):
                conf.append(p.max(axis=1))
        out["valence"] = [int(v) if str(v).lstrip("-").isdigit() else 0 for v in out["valence"]]
        out["confidence"] = [round(float(min(a, b)), 4) for a, b in zip(*conf)]
        return pd.DataFrame(out, columns=OUT_COLUMNS)


def make_coder(kind: str, language: str = "auto", seed: int = 7):
    if kind == "full":
        return FullCoder(language, seed)
    if kind == "fast":
        return FastCoder(language, seed)
    raise UserError(f"unknown coder {kind!r}", hint=", ".join(CODERS))


def code_chunk(coder, chunk: pd.DataFrame, text_column: str) -> pd.DataFrame:
    """One chunk: every input column plus :data:`OUT_COLUMNS` (what runs on a worker)."""
    texts = chunk[text_column].fillna("").astype(str).tolist()
    labels = coder.label(texts) if texts else pd.DataFrame(columns=OUT_COLUMNS)
    out = chunk.reset_index(drop=True).copy()
    for col in OUT_COLUMNS:
        out[col] = labels[col].to_numpy() if len(labels) else pd.Series(dtype=object)
    return out
