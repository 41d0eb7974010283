"""Coder and topic evaluation: values checked against scikit-learn and by hand."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix
from sklearn.metrics import precision_recall_fscore_support as prfs

from cjresearch.coding.evaluate import (classification_report, confusion, learning_curve,
                                        npmi_coherence, topic_diversity)

# --- classification_report / confusion --------------------------------------------------------

Y_TRUE = list("aabbcccd")
Y_PRED = list("abbbccad")


def test_report_matches_sklearn_on_fixed_example():
    report = classification_report(Y_TRUE, Y_PRED)
    assert list(report.index) == ["a", "b", "c", "d", "macro", "micro"]
    p, r, f, s = prfs(Y_TRUE, Y_PRED, labels=["a", "b", "c", "d"], zero_division=0)
    np.testing.assert_allclose(report.loc[["a", "b", "c", "d"], "precision"], p)
    np.testing.assert_allclose(report.loc[["a", "b", "c", "d"], "recall"], r)
    np.testing.assert_allclose(report.loc[["a", "b", "c", "d"], "f1"], f)
    assert report.loc[["a", "b", "c", "d"], "support"].tolist() == s.tolist()
    assert report.loc["macro", "f1"] == pytest.approx(0.775)
    assert report.loc["micro", "f1"] == pytest.approx(0.75) == report.attrs["accuracy"]
    assert report.attrs["kappa"] == pytest.approx(cohen_kappa_score(Y_TRUE, Y_PRED))
    assert report.attrs["n"] == 8


label_pairs = st.integers(min_value=1, max_value=50).flatmap(
    lambda n: st.tuples(st.lists(st.sampled_from("abcde"), min_size=n, max_size=n),
                        st.lists(st.sampled_from("abcdf"), min_size=n, max_size=n)))


@settings(max_examples=150, deadline=None)
@given(label_pairs)
def test_report_matches_sklearn_on_random_labels(pair):
    y_true, y_pred = pair
    report = classification_report(y_true, y_pred)
    labels = sorted(set(y_true) | set(y_pred))
    p, r, f, s = prfs(y_true, y_pred, labels=labels, zero_division=0)
    np.testing.assert_allclose(report.loc[labels, ["precision", "recall", "f1"]].to_numpy(),
                               np.column_stack([p, r, f]), atol=1e-12)
    for average in ("macro", "micro"):
        expected = prfs(y_true, y_pred, average=average, zero_division=0)[:3]
        np.testing.assert_allclose(report.loc[average, ["precision", "recall", "f1"]].to_numpy(
            dtype=float), expected, atol=1e-12)
    assert report.attrs["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    if len(set(y_true) | set(y_pred)) > 1:
        assert report.attrs["kappa"] == pytest.approx(cohen_kappa_score(y_true, y_pred), abs=1e-12)


def test_macro_ignores_labels_that_occur_nowhere():
    report = classification_report(Y_TRUE, Y_PRED, labels=["a", "b", "c", "d", "zzz"])
    assert report.loc["zzz"].tolist() == [0.0, 0.0, 0.0, 0]
    assert report.loc["macro", "f1"] == pytest.approx(0.775)  # sklearn would say 0.62


def test_abstentions_cost_recall_not_precision():
    report = classification_report(["a", "a", "b", "b"], ["a", None, "b", float("nan")])
    assert report.loc["a", "precision"] == 1.0 and report.loc["a", "recall"] == 0.5
    assert report.loc["micro", "precision"] == 1.0 and report.loc["micro", "recall"] == 0.5
    assert report.attrs["accuracy"] == 0.5
    assert report.loc["macro", "support"] == 4


def test_unlabelled_items_are_dropped():
    report = classification_report(["a", None, "b"], ["a", "b", "b"])
    assert report.attrs["n"] == 2 and report.attrs["accuracy"] == 1.0


def test_report_on_no_items_is_nan():
    report = classification_report([], [])
    assert math.isnan(report.loc["macro", "f1"]) and math.isnan(report.attrs["accuracy"])
    with pytest.raises(ValueError):
        classification_report(["a"], [])


def test_confusion_matches_sklearn():
    labels = ["a", "b", "c", "d"]
    matrix = confusion(Y_TRUE, Y_PRED)
    assert matrix.index.name == "true" and matrix.columns.name == "predicted"
    assert list(matrix.index) == labels == list(matrix.columns)
    expected = confusion_matrix(Y_TRUE, Y_PRED, labels=labels)
    np.testing.assert_array_equal(matrix.to_numpy(), expected)
    assert matrix.loc["c", "a"] == 1  # one true "c" predicted as "a"
    subset = confusion(Y_TRUE, Y_PRED, labels=["c", "a"])
    expected = confusion_matrix(Y_TRUE, Y_PRED, labels=["c", "a"])
    np.testing.assert_array_equal(subset.to_numpy(), expected)
    assert confusion(["a", "b"], ["a", None]).to_numpy().sum() == 1


# --- topics -----------------------------------------------------------------------------------

DOCS = [
    ["price", "fee", "expensive", "app"],
    ["price", "fee", "expensive"],
    ["delivery", "late", "courier"],
    ["delivery", "late", "courier", "app"],
    ["staff", "friendly"],
    ["staff", "rude"],
]


def test_npmi_words_that_always_cooccur_score_one():
    assert npmi_coherence([["price", "fee", "expensive"]], DOCS) == pytest.approx(1.0)


def test_npmi_words_that_never_cooccur_score_minus_one():
    assert npmi_coherence([["price", "courier", "friendly"]], DOCS) == -1.0
    assert npmi_coherence([["price", "unseen"]], DOCS) == -1.0


def test_npmi_hand_computed_values():
    # Independent: p(x) = p(y) = 1/2, p(x, y) = 1/4 -> PMI 0.
    docs = [["x", "y"], ["x"], ["y"], []]
    assert npmi_coherence([["x", "y"]], docs) == pytest.approx(0.0)
    # p(x) = 1/2, p(y) = 3/4, p(x, y) = 1/2 -> log(4/3) / log(2).
    docs = [["x", "y"], ["x", "y"], ["y"], []]
    assert npmi_coherence([["x", "y"]], docs) == pytest.approx(math.log(4 / 3) / math.log(2))
    # Present in every document: the limit, 1.
    assert npmi_coherence([["x", "y"]], [["x", "y"], ["y", "x"]]) == 1.0


def test_npmi_averages_topics_and_respects_top_n():
    good, bad = ["delivery", "late", "courier"], ["staff", "price", "late"]
    assert npmi_coherence([good, bad], DOCS) == pytest.approx(0.0)
    assert npmi_coherence([["price", "fee", "staff"]], DOCS, top_n=2) == pytest.approx(1.0)
    assert npmi_coherence([["price", "fee", "staff"]], DOCS, top_n=3) < 0
    assert math.isnan(npmi_coherence([["price"]], DOCS))
    assert math.isnan(npmi_coherence([good], []))


def test_topic_diversity():
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "b"]]) == 0.5
    assert topic_diversity([["a", "b", "x"], ["a", "b", "y"]], top_n=2) == 0.5
    assert math.isnan(topic_diversity([]))


# --- learning_curve ---------------------------------------------------------------------------

def _data(seed=0, n=60):
    rng = np.random.default_rng(seed)
    labels = rng.choice(["pain", "delight", "doubt"], size=n, p=[0.6, 0.3, 0.1])
    X = pd.DataFrame({"text": [f"segment {i}" for i in range(n)], "label_hint": labels})
    return X, pd.Series(labels)


class MajorityCoder:
    """Predicts the most common training label; None (abstains) with no training data."""

    def __init__(self):
        self.calls = []

    def __call__(self, X, y, X_test):
        self.calls.append((X.copy(), list(y)))
        if not len(y):
            return [None] * len(X_test)
        return [Counter(y).most_common(1)[0][0]] * len(X_test)


def test_learning_curve_shape_and_values():
    X, y = _data()
    X_test, y_test = ["t"] * 4, ["pain", "pain", "pain", "delight"]
    coder = MajorityCoder()
    curve = learning_curve(coder, X, y, X_test, y_test, sizes=[0, 5, 30])
    assert list(curve.columns) == ["n", "n_train", "macro_f1", "kappa", "accuracy"]
    assert curve["n"].tolist() == [0, 5, 30] and curve["n_train"].tolist() == [0, 5, 30]
    assert len(coder.calls[0][0]) == 0 and coder.calls[0][1] == []  # n=0: empty training data
    assert curve.loc[0, "accuracy"] == 0.0  # every test item abstained
    if Counter(coder.calls[2][1]).most_common(1)[0][0] == "pain":
        assert curve.loc[2, "accuracy"] == 0.75


def test_learning_curve_is_deterministic():
    X, y = _data()
    first, second, other = MajorityCoder(), MajorityCoder(), MajorityCoder()
    a = learning_curve(first, X, y, X.iloc[:10], y.iloc[:10], sizes=[3, 10, 20])
    b = learning_curve(second, X, y, X.iloc[:10], y.iloc[:10], sizes=[3, 10, 20])
    pd.testing.assert_frame_equal(a, b)
    assert [list(c[0].index) for c in first.calls] == [list(c[0].index) for c in second.calls]
    learning_curve(other, X, y, X.iloc[:10], y.iloc[:10], sizes=[3, 10, 20], seed=8)
    assert [list(c[0].index) for c in other.calls] != [list(c[0].index) for c in first.calls]


def test_learning_curve_subsets_are_nested_and_aligned():
    X, y = _data()
    coder = MajorityCoder()
    learning_curve(coder, X, y, X, y, sizes=[5, 15, 40])
    seen = [set(c[0].index) for c in coder.calls]
    assert seen[0] < seen[1] < seen[2]
    for subset, labels in coder.calls:
        assert subset["label_hint"].tolist() == labels  # X and y rows drawn together


def test_learning_curve_stratifies_per_group():
    X, y = _data()
    coder = MajorityCoder()
    curve = learning_curve(coder, X, y, X, y, sizes=[0, 2, 5, 100], groups=y)
    available = Counter(y)
    for n, (_, labels) in zip([0, 2, 5, 100], coder.calls):
        assert Counter(labels) == {g: min(n, k) for g, k in available.items() if min(n, k)}
    assert curve["n_train"].tolist() == [0, 6, sum(min(5, k) for k in available.values()), 60]


def test_learning_curve_accepts_plain_lists_and_arrays():
    X, y = list(range(20)), ["a", "b"] * 10
    seen = []

    def echo(X_sub, y_sub, X_test):
        seen.append((X_sub, y_sub))
        return ["a"] * len(X_test)

    learning_curve(echo, X, y, [0, 1], ["a", "b"], sizes=[4])
    learning_curve(echo, np.array(X), np.array(y), [0, 1], ["a", "b"], sizes=[4])
    assert isinstance(seen[0][0], list) and isinstance(seen[1][0], np.ndarray)
    assert [y[i] for i in seen[0][0]] == seen[0][1]
    with pytest.raises(ValueError):
        learning_curve(echo, X, y[:-1], [0], ["a"], sizes=[1])
    with pytest.raises(ValueError):
        learning_curve(echo, X, y, [0], ["a"], sizes=[-1])
