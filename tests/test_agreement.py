"""Agreement statistics against hand computations, published examples and scikit-learn."""
from __future__ import annotations

import math
import warnings
from itertools import permutations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from cjresearch.coding.agreement import agreement_table, cohen_kappa, krippendorff_alpha
from cjresearch.errors import UserError

N = None
# Krippendorff's reliability data: 4 coders x 12 units (Krippendorff 2011, "Computing
# Krippendorff's alpha-reliability", section C; also on Wikipedia).
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


# --- Cohen's kappa ----------------------------------------------------------------------------

def test_kappa_small_hand_example():
    # p_o = 3/4; marginals A (1/2, 1/2), B (1/4, 3/4) -> p_e = 1/2; kappa = (3/4-1/2)/(1/2)
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]) == pytest.approx(0.5)


def test_kappa_two_by_two_table():
    # 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o = .7, p_e = .5*.6 + .5*.4 = .5
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_chance_and_systematic_disagreement():
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "a", "b", "b"]) == pytest.approx(0.0)
    assert cohen_kappa(["a", "b", "a", "b"], ["b", "a", "b", "a"]) == pytest.approx(-1.0)


def test_kappa_drops_missing_items():
    a = ["x", None, "x", "y", float("nan"), "y"]
    b = ["x", "y", "y", "y", "x", pd.NA]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(["x", "x", "y"], ["x", "y", "y"]))


def test_kappa_constant_identical_raters_is_one():
    assert cohen_kappa(["a"] * 5, ["a"] * 5) == 1.0
    assert cohen_kappa([True, True], [True, True]) == 1.0


def test_kappa_edge_cases():
    assert math.isnan(cohen_kappa([], []))
    assert math.isnan(cohen_kappa([None, "a"], ["b", None]))
    with pytest.raises(ValueError):
        cohen_kappa(["a"], ["a", "b"])


def test_kappa_labels_restrict_items_like_sklearn():
    a = ["a", "b", "c", "a", "c", "b", "a"]
    b = ["a", "b", "a", "c", "c", "b", "b"]
    assert cohen_kappa(a, b, labels=["a", "b"]) == pytest.approx(
        cohen_kappa_score(a, b, labels=["a", "b"]))


label_lists = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(*[st.lists(st.sampled_from("abcd"), min_size=n, max_size=n)] * 2))


@settings(max_examples=150, deadline=None)
@given(label_lists)
def test_kappa_matches_sklearn(pair):
    a, b = pair
    ours = cohen_kappa(a, b)
    if len(set(a) | set(b)) == 1:
        assert ours == 1.0  # scikit-learn says nan here; see the docstring
        return
    assert ours == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert ours == pytest.approx(cohen_kappa(b, a), abs=1e-12)


# --- Krippendorff's alpha ---------------------------------------------------------------------

def test_alpha_published_reliability_data():
    assert krippendorff_alpha(RELIABILITY_DATA) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(RELIABILITY_DATA, level="interval") == pytest.approx(0.849, abs=5e-4)
    # By hand: n = 40 pairable values, off-diagonal coincidences sum to 8 and
    # sum(n_c n_k, c != k) = 1216, so alpha = 1 - 39 * 8 / 1216 = 113/152.
    assert krippendorff_alpha(RELIABILITY_DATA) == pytest.approx(113 / 152, abs=1e-12)


def test_alpha_published_two_coder_examples():
    # Krippendorff 2011, sections A (binary) and B (nominal, two observers, no missing data).
    binary = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(binary) == pytest.approx(0.095, abs=5e-4)
    nominal = [list("aabbdcccedda"), list("babbbcccedd") + ["d"]]
    assert krippendorff_alpha(nominal) == pytest.approx(0.692, abs=5e-4)


def test_alpha_accepts_frames_and_nan_arrays():
    as_array = np.array(RELIABILITY_DATA, dtype=float)  # None -> nan
    assert krippendorff_alpha(as_array) == pytest.approx(113 / 152)
    frame = pd.DataFrame(RELIABILITY_DATA, index=["A", "B", "C", "D"])
    assert krippendorff_alpha(frame, "interval") == pytest.approx(0.849, abs=5e-4)


def test_alpha_trivial_cases():
    assert krippendorff_alpha([["a", "b", "c"], ["a", "b", "c"]]) == 1.0
    assert krippendorff_alpha([[1, 5, 9], [1, 5, 9], [1, None, 9]], "interval") == 1.0
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) == 1.0  # no variation: 0/0, taken as 1
    assert math.isnan(krippendorff_alpha([["a", None], [None, "b"]]))  # nothing pairable
    assert krippendorff_alpha([["a", "b"], ["b", "a"]]) < 0


def test_alpha_ignores_units_with_one_rating():
    extended = [row + [value] for row, value in zip(RELIABILITY_DATA, [7, N, N, N])]
    assert krippendorff_alpha(extended) == pytest.approx(krippendorff_alpha(RELIABILITY_DATA))


def test_alpha_bad_arguments():
    with pytest.raises(ValueError):
        krippendorff_alpha(RELIABILITY_DATA, level="ratio")
    with pytest.raises(ValueError):
        krippendorff_alpha([["a", "b"], ["a", "c"]], level="interval")


def _alpha_by_pairs(data, delta):
    """Krippendorff's alpha straight from pairable values: 1 - D_o / D_e."""
    units = [[v for v in column if v is not None] for column in zip(*data)]
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    within = sum(sum(delta(x, y) for x, y in permutations(u, 2)) / (len(u) - 1) for u in units) / n
    between = sum(delta(x, y) for x, y in permutations(values, 2)) / (n * (n - 1))
    return 1 - within / between


rating_tables = st.tuples(st.integers(2, 4), st.integers(2, 8)).flatmap(
    lambda shape: st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)),
                                    min_size=shape[1], max_size=shape[1]),
                           min_size=shape[0], max_size=shape[0]))


@settings(max_examples=150, deadline=None)
@given(rating_tables)
def test_alpha_matches_pairwise_definition(data):
    for level, delta in (("nominal", lambda x, y: float(x != y)),
                         ("interval", lambda x, y: float(x - y) ** 2)):
        ours = krippendorff_alpha(data, level)
        units = [[v for v in col if v is not None] for col in zip(*data)]
        pairable = [v for u in units if len(u) >= 2 for v in u]
        if not pairable:
            assert math.isnan(ours)
        elif len(set(pairable)) == 1:
            assert ours == 1.0
        else:
            assert ours == pytest.approx(_alpha_by_pairs(data, delta), abs=1e-9)
        # Neither the order of raters nor of units matters.
        shuffled = [row[::-1] for row in data[::-1]]
        assert krippendorff_alpha(shuffled, level) == pytest.approx(ours, nan_ok=True)


@settings(max_examples=100, deadline=None)
@given(label_lists)
def test_alpha_two_raters_is_small_sample_scotts_pi(pair):
    a, b = pair
    values = a + b
    n = len(values)
    p_o = np.mean([x == y for x, y in zip(a, b)])
    p_e = sum((values.count(c) / n) ** 2 for c in set(values))
    if p_e == 1:
        return
    pi = (p_o - p_e) / (1 - p_e)
    assert krippendorff_alpha([a, b]) == pytest.approx(1 - (1 - pi) * (n - 1) / n, abs=1e-9)


# --- agreement_table --------------------------------------------------------------------------

ANA, RULES = "person:ana", "machine:rules"


@pytest.fixture
def codings():
    rows = []
    phases = {ANA: ["aware", "consider", "consider", "buy", "buy", "use"],
              RULES: ["aware", "consider", "buy", "buy", "buy", "use"]}
    for coder, labels in phases.items():
        rows += [(f"s{i}", coder, "phase", label) for i, label in enumerate(labels)]
    aspects = {ANA: [["price"], ["price", "delivery"], [], ["delivery"], ["staff"], ["price"]],
               RULES: [["price"], ["price"], [], ["delivery"], ["staff", "price"], ["price"]]}
    for coder, sets in aspects.items():
        for i, codes in enumerate(sets):
            rows += [(f"s{i}", coder, "aspect", c) for c in codes or [None]]
    rows += [("s9", ANA, "phase", "use"),                # only Ana coded s9: must not count
             ("s0", "person:bea", "phase", "buy"),       # a third coder: ignored
             ("s0", ANA, "evidence", "pain")]            # a dimension RULES never coded
    return pd.DataFrame(rows, columns=["unit", "coder", "dimension", "code"])


def test_agreement_table_dimension_rows(codings):
    table = agreement_table(codings, ANA, RULES, by=None)
    assert list(table.columns) == ["dimension", "n_units", "kappa", "alpha", "percent_agreement"]
    assert list(table["dimension"]) == ["aspect", "evidence", "phase", "overall"]
    phase = table.set_index("dimension").loc["phase"]
    assert phase["n_units"] == 6
    # p_o = 5/6; p_e = (1*1 + 2*1 + 2*3 + 1*1) / 36 = 10/36 -> kappa = 20/26
    assert phase["kappa"] == pytest.approx(20 / 26)
    assert phase["percent_agreement"] == pytest.approx(100 * 5 / 6)
    assert phase["alpha"] == pytest.approx(krippendorff_alpha(
        [["aware", "consider", "consider", "buy", "buy", "use"],
         ["aware", "consider", "buy", "buy", "buy", "use"]]))
    evidence = table.set_index("dimension").loc["evidence"]
    assert evidence["n_units"] == 0 and math.isnan(evidence["kappa"])


def test_agreement_table_compares_code_sets(codings):
    aspect = agreement_table(codings, ANA, RULES, by=None).set_index("dimension").loc["aspect"]
    # Units s1 (price+delivery vs price) and s4 (staff vs price+staff) differ; s2 is "no code"
    # for both, which is agreement.
    assert aspect["n_units"] == 6
    assert aspect["percent_agreement"] == pytest.approx(100 * 4 / 6)
    a = ["price", "delivery+price", "", "delivery", "staff", "price"]
    b = ["price", "price", "", "delivery", "price+staff", "price"]
    assert aspect["kappa"] == pytest.approx(cohen_kappa_score(a, b))


def test_agreement_table_per_code_presence(codings):
    table = agreement_table(codings, ANA, RULES)
    assert "code" in table.columns
    rows = table.dropna(subset=["code"]).set_index(["dimension", "code"])
    assert set(rows.loc["aspect"].index) == {"price", "delivery", "staff"}
    price = rows.loc[("aspect", "price")]
    ana = [True, True, False, False, False, True]
    machine = [True, True, False, False, True, True]
    assert price["kappa"] == pytest.approx(cohen_kappa_score(ana, machine))
    assert price["alpha"] == pytest.approx(krippendorff_alpha([ana, machine]))
    assert price["percent_agreement"] == pytest.approx(100 * 5 / 6)
    assert rows.loc[("aspect", "staff"), "kappa"] == 1.0
    assert rows.loc[("phase", "aware"), "n_units"] == 6


def test_agreement_table_overall_is_weighted_by_units(codings):
    table = agreement_table(codings, ANA, RULES).set_index("dimension")
    dims = table.loc[["aspect", "phase"]]
    dims = dims[dims["code"].isna()]
    overall = table.loc["overall"]
    assert overall["n_units"] == 12
    assert overall["kappa"] == pytest.approx(np.average(dims["kappa"], weights=dims["n_units"]))
    assert table.index[-1] == "overall"


def test_agreement_table_rejects_bad_input(codings):
    with pytest.raises(UserError, match="code"):
        agreement_table(codings.drop(columns="code"), ANA, RULES)
    with pytest.raises(UserError):
        agreement_table(codings, ANA, RULES, by="coder")


def test_agreement_table_with_no_shared_units():
    frame = pd.DataFrame({"unit": ["u1", "u2"], "coder": [ANA, RULES],
                          "dimension": ["phase", "phase"], "code": ["buy", "buy"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy "mean of empty slice" noise
        table = agreement_table(frame, ANA, RULES)
    assert table["n_units"].tolist() == [0, 0]
    assert math.isnan(table.iloc[-1]["kappa"])
