"""Evaluate coders against reference labels, and topics against their documents.

Classification metrics follow the usual definitions (the same numbers scikit-learn gives for
single-label data); topic metrics are NPMI coherence (Bouma 2009; Lau et al. 2014) and topic
diversity (Dieng et al. 2020).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .agreement import cohen_kappa, is_missing, sorted_labels

__all__ = ["classification_report", "confusion", "npmi_coherence", "topic_diversity",
           "learning_curve", "ABSTAIN"]


class _Abstain:
    """A prediction of "no label": wrong for accuracy, but never a false positive."""

    def __repr__(self) -> str:
        return "ABSTAIN"


ABSTAIN = _Abstain()


def _pairs(y_true: Sequence, y_pred: Sequence) -> tuple[list, list]:
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred differ in length: {len(y_true)} vs {len(y_pred)}")
    kept = [(t, ABSTAIN if is_missing(p) else p) for t, p in zip(y_true, y_pred)
            if not is_missing(t)]
    return [t for t, _ in kept], [p for _, p in kept]


def _ratio(num: float, den: float) -> float:
    # Zero denominators score 0 (as scikit-learn's default zero_division does) so that a
    # label nobody predicted pulls the macro average down instead of vanishing from it.
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def classification_report(y_true: Sequence, y_pred: Sequence,
                          labels: Sequence | None = None) -> pd.DataFrame:
    """Per-label precision, recall, F1 and support, with macro and micro averages.

    Parameters
    ----------
    y_true : sequence
        Reference labels; items whose reference is None/NaN are dropped (not labelled).
    y_pred : sequence
        Predictions; None/NaN means the coder abstained: the item counts as wrong (a
        false negative of its true label) but as nobody's false positive.
    labels : sequence, optional
        Labels to report, in order. Default: every label in ``y_true`` or ``y_pred``.

    Returns
    -------
    DataFrame
        Indexed by label, then ``"macro"`` and ``"micro"``; columns ``precision``,
        ``recall``, ``f1`` and ``support``. The macro row is the unweighted mean over the
        labels that occur (support > 0 or predicted > 0), so listing a label that appears
        nowhere does not drag it down. With single-label data the micro F1 equals accuracy
        unless some items are excluded by ``labels`` or abstained. ``attrs`` holds
        ``accuracy``, ``kappa`` (Cohen's, abstentions as a category) and ``n``.
    """
    truth, pred = _pairs(y_true, y_pred)
    if labels is None:
        labels = sorted_labels([*truth, *(p for p in pred if p is not ABSTAIN)])
    counts = pd.DataFrame(
        [(sum(t == label and p == label for t, p in zip(truth, pred)),
          sum(t == label for t in truth), sum(p == label for p in pred)) for label in labels],
        index=pd.Index(list(labels), dtype=object), columns=["tp", "support", "predicted"])
    table = pd.DataFrame(index=counts.index)
    table["precision"] = [_ratio(tp, n) for tp, n in zip(counts["tp"], counts["predicted"])]
    table["recall"] = [_ratio(tp, n) for tp, n in zip(counts["tp"], counts["support"])]
    table["f1"] = [_f1(p, r) for p, r in zip(table["precision"], table["recall"])]
    table["support"] = counts["support"]
    occurring = (counts["support"] > 0) | (counts["predicted"] > 0)
    # mean() of no rows is nan, which is the honest macro score for data with no labels.
    macro = table.loc[occurring, ["precision", "recall", "f1"]].mean()
    total = counts[occurring].sum()
    micro_p = _ratio(total["tp"], total["predicted"])
    micro_r = _ratio(total["tp"], total["support"])
    micro = [micro_p, micro_r, _f1(micro_p, micro_r)] if occurring.any() else [np.nan] * 3
    table.loc["macro"] = [*macro, int(counts["support"].sum())]
    table.loc["micro"] = [*micro, int(counts["support"].sum())]
    table["support"] = table["support"].astype(int)
    table.index.name = "label"
    table.attrs.update(n=len(truth), kappa=cohen_kappa(truth, pred),
                       accuracy=float(np.mean([t == p for t, p in zip(truth, pred)]))
                       if truth else float("nan"))
    return table


def confusion(y_true: Sequence, y_pred: Sequence, labels: Sequence | None = None) -> pd.DataFrame:
    """Confusion matrix: rows are true labels, columns predicted labels.

    Items with a missing reference or prediction, or with a label outside ``labels``, are
    left out (so row sums can fall short of the support in :func:`classification_report`).

    Examples
    --------
    >>> confusion(["a", "a", "b"], ["a", "b", "b"]).to_numpy().tolist()
    [[1, 1], [0, 1]]
    """
    truth, pred = _pairs(y_true, y_pred)
    pairs = [(t, p) for t, p in zip(truth, pred) if p is not ABSTAIN]
    if labels is None:
        labels = sorted_labels(v for pair in pairs for v in pair)
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in pairs:
        if t in index and p in index:
            matrix[index[t], index[p]] += 1
    return pd.DataFrame(matrix, index=pd.Index(list(labels), name="true"),
                        columns=pd.Index(list(labels), name="predicted"))


def _npmi(n_docs: int, n_i: int, n_j: int, n_ij: int, eps: float) -> float:
    if n_ij == 0:
        return -1.0  # never together: the lower bound of NPMI (the limit as p_ij -> 0)
    p_ij = n_ij / n_docs
    denominator = -np.log(p_ij)
    if denominator < eps:
        return 1.0  # together in every document: the limit of NPMI for perfect co-occurrence
    return float(np.log(p_ij / ((n_i / n_docs) * (n_j / n_docs))) / denominator)


def npmi_coherence(topics: list[list[str]], documents: list[list[str]], top_n: int = 10,
                   eps: float = 1e-12) -> float:
    """Mean normalized PMI of each topic's top words, from document co-occurrence.

    Parameters
    ----------
    topics : list of list of str
        Each topic's words, best first; the first ``top_n`` are scored.
    documents : list of list of str
        Tokenised reference documents; a word "occurs" in a document if it is among its
        tokens (counts are ignored).
    top_n : int
        How many words per topic.
    eps : float
        Guard for pairs present in every document (``-log p(wi, wj) < eps``), which score 1.

    Returns
    -------
    float
        ``NPMI(wi, wj) = log(p(wi, wj) / (p(wi) p(wj))) / -log p(wi, wj)`` in [-1, 1],
        averaged over each topic's word pairs and then over topics. Pairs that never
        co-occur (including words absent from every document) get -1. nan when no topic
        has two words or there are no documents.
    """
    if not documents:
        return float("nan")
    doc_sets = [set(doc) for doc in documents]
    scores = []
    for topic in topics:
        words = list(dict.fromkeys(topic[:top_n]))
        if len(words) < 2:
            continue
        hits = {w: {d for d, doc in enumerate(doc_sets) if w in doc} for w in words}
        scores.append(np.mean([
            _npmi(len(doc_sets), len(hits[wi]), len(hits[wj]), len(hits[wi] & hits[wj]), eps)
            for wi, wj in combinations(words, 2)]))
    return float(np.mean(scores)) if scores else float("nan")


def topic_diversity(topics: list[list[str]], top_n: int = 10) -> float:
    """Share of unique words among all topics' top-``top_n`` words (1.0: no overlap).

    Examples
    --------
    >>> topic_diversity([["price", "fee"], ["price", "fee"]])
    0.5
    """
    words = [w for topic in topics for w in topic[:top_n]]
    return len(set(words)) / len(words) if words else float("nan")


def _take(data, index: np.ndarray):
    if hasattr(data, "iloc"):
        return data.iloc[index]
    if isinstance(data, np.ndarray):
        return data[index]
    return [data[i] for i in index]


def _orders(n_items: int, groups, rng: np.random.Generator) -> dict:
    """One random order of item positions per group (a single group when ``groups`` is None)."""
    if groups is None:
        return {None: rng.permutation(n_items)}
    groups = list(groups)
    if len(groups) != n_items:
        raise ValueError(f"groups has {len(groups)} entries for {n_items} training items")
    by_group: dict = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    return {g: rng.permutation(by_group[g]) for g in sorted_labels(by_group)}


def learning_curve(fit_predict: Callable, X_train, y_train, X_test, y_test, sizes: Sequence[int],
                   groups: Sequence | None = None, seed: int = 7) -> pd.DataFrame:
    """Score a coder trained on growing, seeded subsets of the training data.

    Parameters
    ----------
    fit_predict : callable
        ``fit_predict(X_subset, y_subset, X_test) -> predictions`` (one per test item;
        None counts as an abstention, see :func:`classification_report`).
    X_train, y_train : DataFrame, array or list
        Training items and labels, aligned; subsets keep the container type.
    X_test, y_test
        Held-out items and their reference labels.
    sizes : sequence of int
        Training sizes. Without ``groups``, n items in all; with ``groups``, n items from
        each group (all of a group's items when it has fewer). ``0`` trains on nothing.
    groups : sequence, optional
        Group of each training item (e.g. its label, or its interview) for stratified draws.
    seed : int
        Seed for the draws. Subsets are nested (each size extends the smaller ones), which
        keeps the curve from zig-zagging on sampling noise alone.

    Returns
    -------
    DataFrame
        One row per size: ``n``, ``n_train`` (items actually used), ``macro_f1``, ``kappa``
        and ``accuracy`` on the test set.
    """
    if len(X_train) != len(y_train):
        raise ValueError("X_train and y_train differ in length")
    orders = _orders(len(y_train), groups, np.random.default_rng(seed))
    rows = []
    for n in sizes:
        if n < 0:
            raise ValueError(f"training size must be >= 0, got {n}")
        index = np.sort(np.concatenate([order[:n] for order in orders.values()])).astype(int)
        predictions = list(fit_predict(_take(X_train, index), _take(y_train, index), X_test))
        report = classification_report(list(y_test), predictions)
        rows.append({"n": n, "n_train": len(index), "macro_f1": report.loc["macro", "f1"],
                     "kappa": report.attrs["kappa"], "accuracy": report.attrs["accuracy"]})
    return pd.DataFrame(rows, columns=["n", "n_train", "macro_f1", "kappa", "accuracy"])


def expected_calibration_error(correct: Sequence[bool], confidence: Sequence[float], bins: int = 10) -> float:
    """How far stated confidence is from observed accuracy: the bin-size-weighted mean of
    |accuracy − mean confidence| over equal-width confidence bins (0 = perfectly calibrated)."""
    correct = np.asarray(correct, dtype=float)
    confidence = np.clip(np.asarray(confidence, dtype=float), 0.0, 1.0)
    if not len(correct):
        return float("nan")
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            total += m.sum() * abs(correct[m].mean() - confidence[m].mean())
    return float(total / len(correct))
