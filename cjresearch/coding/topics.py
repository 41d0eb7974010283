"""Theme discovery per journey phase: one BERTopic model per group (phase), fully offline.

Embeddings come from our own embedders (multilingual USE by default), so Spanish and English
answers about the same thing share a theme; c-TF-IDF words label each theme in the language most
of its segments are in. Small groups fall back to a seeded, silhouette-chosen KMeans so a
30-answer phase still gets themes; ``fallbacks_`` says so. ``import bertopic`` costs ~20 s
(numba), so it happens inside ``fit`` only.
"""
from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import lexicons
from ..errors import UserError
from ..nlp import detect_language, stop_words
from .base import CODING_COLUMNS, BaseCoder
from .embed import Embedder, TfidfEmbedder, USEEmbedder, get_embedder

MIN_GROUP = 12            # fewer segments than this: no themes for the group
KMEANS_KS = (2, 3, 4, 5, 6)
WORD_POOL = 40            # c-TF-IDF words kept per theme before the language filter
LABEL_WORDS, N_REPRESENTATIVE = 3, 3
SEED_MULTIPLIER = 1.25    # at BERTopic's 2, generic aspect words (parcel, package) crowd out telling ones
MAX_THEME_SHARE = 0.4     # HDBSCAN may not return a theme holding more of the group than this
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # CountVectorizer's default token pattern


def min_cluster_size(n: int) -> int:
    """HDBSCAN ``min_cluster_size`` for ``n`` segments: 4 % of them, in [3, 100]. BERTopic's fixed 10
    shatters 10 000 answers into hundreds of micro-themes and asks too much of 40.

    >>> [min_cluster_size(n) for n in (40, 500, 10_000)]
    [3, 20, 100]
    """
    return int(min(100, max(3, round(n / 25))))


def umap_shape(n: int) -> tuple[int, int]:
    """(n_neighbors, n_components): ~sqrt(n) neighbours in [5, 15]; 5 components (fewer if tiny)."""
    return int(np.clip(round(np.sqrt(n)), 5, 15)), int(min(5, n - 2))


@functools.lru_cache(maxsize=None)
def aspect_seed_words() -> tuple[str, ...]:
    """Single-word aspect patterns of every lexicon language (the default c-TF-IDF seed words)."""
    words = set()
    for lang in ("es", "en"):
        for aspect in lexicons.load(lang, "aspects").values():
            words.update(p.lower() for p in (aspect or {}).get("patterns", {}) if " " not in p.strip())
    return tuple(sorted(words))


@functools.lru_cache(maxsize=None)
def bilingual_stop_words() -> tuple[str, ...]:
    # every token of every stop word, so CountVectorizer finds the list consistent with its tokens
    words = stop_words("es") | stop_words("en")
    return tuple(sorted({tok for w in words for tok in _TOKEN.findall(w.lower())}))


class SilhouetteKMeans:
    """KMeans with k chosen by silhouette, shaped to fit BERTopic's ``hdbscan_model`` slot."""

    def __init__(self, max_k: int = max(KMEANS_KS), seed: int = 7):
        self.max_k, self.seed = max_k, seed

    def fit(self, X, y=None):
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
        best_score, self.model_ = -2.0, None
        for k in [k for k in KMEANS_KS if k < len(X) and (k <= self.max_k or k == 2)]:
            model = KMeans(n_clusters=k, random_state=self.seed, n_init=10).fit(X)
            score = silhouette_score(X, model.labels_)
            if score > best_score + 1e-9:
                best_score, self.model_ = score, model
        self.k_, self.silhouette_, self.labels_ = self.model_.n_clusters, best_score, self.model_.labels_
        return self

    def predict(self, X):
        return self.model_.predict(X)


@dataclass
class _Group:
    """What one group's fit leaves behind. ``base`` are the fitted cluster ids; ``mapping`` sends
    them to current theme ids (merges), so merged themes predict as one without refitting."""
    model: object
    docs: list
    rows: np.ndarray              # positions in the fitted frame
    languages: np.ndarray
    embeddings: np.ndarray
    base: np.ndarray
    centroids: dict               # base id -> unit centroid
    floor: float                  # below this similarity to every centroid: an outlier
    mapping: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)   # theme id -> {code, label, words, language}

    @property
    def topics(self) -> np.ndarray:
        return np.array([self.mapping.get(t, t) for t in self.base], dtype=int)


class TopicCoder(BaseCoder):
    """Themes per ``group_column`` value (phases by default; 'none' is skipped).

    After ``fit``: ``themes_`` (one row per theme: group, theme_id, code, label, size, words,
    representative_rows = positions in the fitted frame, language), ``models_`` (group ->
    BERTopic), ``fallbacks_`` (group -> {method: kmeans|none, k, reason} where HDBSCAN was not
    used). ``nr_topics`` (an int) and ``max_themes_per_group`` cap themes per group. ``predict``
    gives each segment of a themed group its nearest theme; ``merge_themes`` / ``rename_theme``
    edit themes in place.
    """

    origin = "topic"

    def __init__(self, group_column="phase", min_topic_size=None, seed=7, embedder="use", nr_topics=None,
                 top_n_words=8, reduce_outliers=True, seed_words=None, max_themes_per_group=8):
        self.group_column = group_column
        self.min_topic_size = min_topic_size
        self.seed = seed
        self.embedder = embedder
        self.nr_topics = nr_topics
        self.top_n_words = top_n_words
        self.reduce_outliers = reduce_outliers
        self.seed_words = seed_words
        self.max_themes_per_group = max_themes_per_group

    # ----------------------------------------------------------------------------- fit
    def fit(self, segments: pd.DataFrame, labels=None):
        frame = _prepare(segments, self.group_column)
        self.embedder_ = self._make_embedder(frame["text"].tolist())
        embeddings = _unit(self.embedder_.encode(frame["text"].tolist()))
        self.models_, self.groups_, self.fallbacks_ = {}, {}, {}
        for group, rows in _group_rows(frame[self.group_column]).items():
            if len(rows) < MIN_GROUP:
                self.fallbacks_[group] = {"method": "none", "k": 0,
                                          "reason": f"only {len(rows)} segments (themes need {MIN_GROUP})"}
                continue
            state = self._fit_group(group, frame.iloc[rows], embeddings[rows], rows)
            self.models_[group], self.groups_[group] = state.model, state
        self.themes_ = self._themes_frame()
        return self

    def _make_embedder(self, texts) -> Embedder:
        """A fresh embedder per fit: USE vectors shift in the 7th decimal with the batch a text was
        encoded in, enough to move a UMAP layout, so reused cached vectors would break reproducibility."""
        if isinstance(self.embedder, Embedder):
            return self.embedder
        if self.embedder == "use":
            return USEEmbedder()
        if self.embedder == "tfidf":
            return TfidfEmbedder(seed=self.seed).fit(texts)
        return get_embedder(self.embedder)  # names it does not know raise UserError

    def _fit_group(self, group, frame, embeddings, rows) -> _Group:
        docs = frame["text"].tolist()
        model = self._bertopic(docs, _hdbscan(self.min_topic_size or min_cluster_size(len(docs)), len(docs)))
        topics = _fit_model(model, docs, embeddings)
        reason = _fallback_reason(topics)
        if reason:
            model = self._bertopic(docs, SilhouetteKMeans(self._cap(), self.seed))
            topics = _fit_model(model, docs, embeddings)
            self.fallbacks_[group] = {"method": "kmeans", "k": model.hdbscan_model.k_, "reason": reason}
        topics = self._finish(model, docs, topics, embeddings)
        centroids = {t: _centroid(embeddings[topics == t]) for t in sorted(set(topics)) if t != -1}
        return _Group(model, docs, np.asarray(rows), frame["language"].to_numpy(), embeddings, topics,
                      centroids, self._floor(embeddings, topics, centroids))

    def _floor(self, embeddings, topics, centroids) -> float:
        # with reduce_outliers every segment of a known group gets a theme (confidence says how
        # well); without, one less similar to its theme than every fitted member is an outlier
        if self.reduce_outliers:
            return -np.inf
        sims = [float(embeddings[i] @ centroids[t]) for i, t in enumerate(topics) if t != -1]
        return min(sims, default=1.0) - 1e-6

    def _cap(self) -> int:
        return min(int(self.nr_topics or self.max_themes_per_group), int(self.max_themes_per_group))

    def _bertopic(self, docs, cluster_model):
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer
        from umap import UMAP
        neighbours, components = umap_shape(len(docs))
        seed_topics, seed_words = _seed_lists(self.seed_words)
        return BERTopic(
            embedding_model=_backend_class()(self.embedder_),
            umap_model=UMAP(n_neighbors=neighbours, n_components=components, min_dist=0.0, metric="cosine",
                            random_state=self.seed, low_memory=True, n_jobs=1),
            hdbscan_model=cluster_model,
            vectorizer_model=_vectorizer(docs),
            ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True, seed_words=seed_words or None,
                                              seed_multiplier=SEED_MULTIPLIER),
            seed_topic_list=seed_topics, top_n_words=WORD_POOL, calculate_probabilities=False,
            language="multilingual", verbose=False)

    def _finish(self, model, docs, topics, embeddings) -> np.ndarray:
        """Cap the number of themes, then give outliers their nearest theme and relabel."""
        if len(set(topics) - {-1}) > self._cap():
            with _quiet():
                model.reduce_topics(docs, nr_topics=self._cap() + model._outliers)
            topics = np.asarray(model.topics_)
        if self.reduce_outliers and -1 in topics and len(set(topics)) > 1:
            with _quiet():
                new = model.reduce_outliers(docs, topics.tolist(), strategy="embeddings",
                                            embeddings=embeddings)
                model.update_topics(docs, topics=new, top_n_words=WORD_POOL,
                                    vectorizer_model=model.vectorizer_model, ctfidf_model=model.ctfidf_model)
            topics = np.asarray(model.topics_)
        return topics.astype(int)

    # ----------------------------------------------------------------------------- themes
    def _themes_frame(self) -> pd.DataFrame:
        records = [r for group, state in self.groups_.items() for r in self._group_themes(group, state)]
        columns = ["group", "theme_id", "code", "label", "size", "words", "representative_rows", "language"]
        return pd.DataFrame(records, columns=columns)

    def _group_themes(self, group, state: _Group) -> list[dict]:
        topics, out = state.topics, []
        for t in sorted(set(topics.tolist())):
            members = np.flatnonzero(topics == t)
            info = state.info.get(t) or self._theme_info(group, state, t, members)
            state.info[t] = info
            out.append({"group": group, "theme_id": int(t), **info, "size": int(len(members)),
                        "representative_rows": _representatives(state, members)})
        return out

    def _theme_info(self, group, state: _Group, t: int, members) -> dict:
        language = _majority(state.languages[members])
        if t == -1:
            return {"code": f"{group}:-1:outliers", "label": "outliers", "words": [], "language": language}
        native = [state.docs[i] for i in members if state.languages[i] == language]
        words = _native_words(state.model, t, native, self.top_n_words)
        top = words[0].replace(" ", "_") if words else "theme"
        return {"code": f"{group}:{t}:{top}", "label": _label(words) or f"theme {t}", "words": words,
                "language": language}

    def merge_themes(self, group, theme_ids, label=None) -> str:
        """Merge themes of ``group`` into the smallest id (its code changes, others keep theirs);
        returns the merged theme's code."""
        state, ids = self._state(group, theme_ids)
        target = ids[0]
        state.mapping.update({b: target for b, cur in zip(state.base, state.topics) if cur in ids})
        for t in ids:
            state.info.pop(t, None)
        with _quiet():
            state.model.update_topics(state.docs, topics=state.topics.tolist(), top_n_words=WORD_POOL,
                                      vectorizer_model=state.model.vectorizer_model,
                                      ctfidf_model=state.model.ctfidf_model)
        self.themes_ = self._themes_frame()
        if label:
            self.rename_theme(group, target, label)
        return state.info[target]["code"]

    def rename_theme(self, group, theme_id, label):
        state, (theme_id,) = self._state(group, [theme_id])
        state.info[theme_id]["label"] = str(label)
        self.themes_ = self._themes_frame()
        return self

    def _state(self, group, theme_ids) -> tuple[_Group, list[int]]:
        self.check_fitted("themes_")
        if group not in self.groups_:
            raise UserError(f"no themes for group {group!r}", hint=f"groups: {sorted(self.groups_)}")
        ids = sorted({int(t) for t in theme_ids})
        unknown = set(ids) - {t for t in self.groups_[group].info if t != -1}
        if unknown:
            raise UserError(f"group {group!r} has no theme {sorted(unknown)}", hint="see themes_")
        return self.groups_[group], ids

    # ----------------------------------------------------------------------------- predict
    def predict(self, segments: pd.DataFrame) -> pd.DataFrame:
        """Nearest fitted cluster centroid of the segment's group (cosine), mapped through merges;
        confidence is that cosine similarity. Segments of other groups get no coding."""
        self.check_fitted("themes_")
        frame = _prepare(segments, self.group_column)
        groups = frame[self.group_column].astype(str)
        positions = np.flatnonzero(groups.isin(list(self.groups_)).to_numpy())
        if not len(positions):
            return self.empty()
        embeddings = _unit(self.embedder_.encode(frame["text"].iloc[positions].tolist()))
        records = []
        for group, state in self.groups_.items():
            picked = np.flatnonzero(groups.iloc[positions].to_numpy() == group)
            records += self._predict_group(group, state, positions[picked], embeddings[picked], frame)
        codings = pd.DataFrame(records, columns=CODING_COLUMNS)
        return codings.sort_values("row", kind="stable", ignore_index=True) if records else self.empty()

    def _predict_group(self, group, state: _Group, positions, embeddings, frame) -> list[dict]:
        base_ids = sorted(state.centroids)
        sims = embeddings @ np.stack([state.centroids[b] for b in base_ids]).T
        out = []
        for pos, row_sims in zip(positions, sims):
            best = int(np.argmax(row_sims))
            if row_sims[best] < state.floor:
                continue
            theme = state.info[state.mapping.get(base_ids[best], base_ids[best])]
            out.append({"row": int(pos), "dimension": "theme", "code": theme["code"],
                        "confidence": round(float(np.clip(row_sims[best], 0.0, 1.0)), 4), "start": 0,
                        "end": len(frame["text"].iat[pos]), "origin": self.origin, "coder": "topics",
                        "note": json.dumps({"label": theme["label"], "group": group}, ensure_ascii=False)})
        return out


# --------------------------------------------------------------------------------- helpers
def _prepare(segments: pd.DataFrame, group_column: str) -> pd.DataFrame:
    missing = [c for c in ("text", group_column) if c not in segments.columns]
    if missing:
        raise UserError(f"segments have no {missing[0]!r} column", hint=f"columns: {list(segments.columns)}")
    frame = segments.reset_index(drop=True).copy()
    frame["text"] = frame["text"].fillna("").astype(str)
    if "language" not in frame.columns:
        frame["language"] = [detect_language(t, "en") for t in frame["text"]]
    frame["language"] = frame["language"].fillna("en").astype(str)
    return frame


def _group_rows(values: pd.Series) -> dict:
    """group -> positions, in order of first appearance; 'none' and blanks carry no theme."""
    named = values[values.map(lambda v: isinstance(v, str) and v.strip() not in ("", "none"))]
    return {g: np.flatnonzero((values == g).to_numpy()) for g in pd.unique(named)}


def _hdbscan(size: int, n: int):
    """Few core samples keep outliers down; no theme may hold over 40 % of the group, else
    diffuse answers come back as one blob (a group it cannot split falls back to KMeans)."""
    from hdbscan import HDBSCAN
    size = max(2, int(size))
    return HDBSCAN(min_cluster_size=size, min_samples=min(size, max(3, round(np.sqrt(size)))),
                   max_cluster_size=max(size, int(MAX_THEME_SHARE * n)), metric="euclidean",
                   cluster_selection_method="eom", prediction_data=True, core_dist_n_jobs=1)


def _fit_model(model, docs, embeddings) -> np.ndarray:
    with _quiet():  # guided modelling edits the embeddings it gets: hand it a copy
        topics, _ = model.fit_transform(docs, embeddings=embeddings.copy())
    return np.asarray(topics, dtype=int)


def _fallback_reason(topics: np.ndarray) -> str | None:
    found, outliers = len(set(topics.tolist()) - {-1}), float(np.mean(topics == -1))
    if found < 2 or outliers > 0.5:
        return f"HDBSCAN found {found} theme(s) and left {outliers:.0%} of segments as outliers"
    return None


def _vectorizer(docs):
    """Bilingual bag of words for c-TF-IDF. BERTopic fits it on one joined document per theme, so
    its own ``min_df`` would count themes; the vocabulary is therefore chosen over segments."""
    from sklearn.feature_extraction.text import CountVectorizer
    params = {"stop_words": list(bilingual_stop_words()), "ngram_range": (1, 2)}
    min_df = 1 if len(docs) < 30 else max(2, round(len(docs) / 1000))  # segments a label term needs
    try:
        vocabulary = CountVectorizer(min_df=min_df, **params).fit(docs).vocabulary_
    except ValueError:  # every term rarer than min_df (or only stop words): keep the full vocabulary
        vocabulary = None
    return CountVectorizer(vocabulary=sorted(vocabulary) if vocabulary else None, **params)


def _seed_lists(seed_words) -> tuple[list | None, list]:
    """(seed_topic_list, flat seed words). A dict {name: words} guides clustering as well;
    a flat list (default: aspect words) only boosts those words in the c-TF-IDF labels."""
    if isinstance(seed_words, dict):
        topics = [[w.lower() for w in words] for words in seed_words.values() if words]
        return topics or None, sorted({w for words in topics for w in words})
    words = aspect_seed_words() if seed_words is None else seed_words
    return None, sorted({w.lower() for w in words})


def _native_words(model, t: int, native_docs, n: int) -> list[str]:
    """Top c-TF-IDF words of theme ``t`` that occur in its majority-language segments."""
    analyzer = model.vectorizer_model.build_analyzer()
    present = {term for doc in native_docs for term in analyzer(doc)}
    ranked = [w for w, score in (model.get_topic(t) or []) if w and score > 0]
    return [w for w in ranked if w in present][:n] or ranked[:n]


def _label(words) -> str:
    """Up to three top words, skipping any whose tokens are already shown: 'entrega · tarde · franja'."""
    shown, seen = [], set()
    for word in words:
        if len(shown) < LABEL_WORDS and not set(word.split()) <= seen:
            shown.append(word)
            seen |= set(word.split())
    return " · ".join(shown)


def _representatives(state: _Group, members) -> list[int]:
    sims = state.embeddings[members] @ _centroid(state.embeddings[members])
    return [int(state.rows[members[i]]) for i in np.argsort(-sims, kind="stable")[:N_REPRESENTATIVE]]


def _majority(values) -> str:
    values = [str(v) for v in values]
    return max(sorted(set(values)), key=values.count) if values else "en"


def _unit(x) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _centroid(x) -> np.ndarray:
    return _unit(np.asarray(x).mean(axis=0, keepdims=True))[0]


@functools.lru_cache(maxsize=None)
def _backend_class():
    """Our embedders as a BERTopic backend: BERTopic swaps anything that is not a ``BaseEmbedder``
    for a sentence-transformers model, which it would have to download."""
    from bertopic.backend import BaseEmbedder

    class OfflineBackend(BaseEmbedder):
        def __init__(self, inner: Embedder):
            super().__init__()
            self.inner = inner

        def embed(self, documents, verbose=False):
            return _unit(self.inner.encode(list(documents)))

    return OfflineBackend


@contextlib.contextmanager
def _quiet():
    """BERTopic warns on every custom topic assignment; ours are deliberate."""
    log = logging.getLogger("BERTopic")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)
