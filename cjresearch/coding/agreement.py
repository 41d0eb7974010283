"""Inter-coder agreement: Cohen's kappa, Krippendorff's alpha and a per-dimension table.

Everything here is computed from the definitions (no scikit-learn), so the numbers can be
checked by hand against the textbook formulas:

* Cohen (1960), "A coefficient of agreement for nominal scales".
* Krippendorff (2011), "Computing Krippendorff's alpha-reliability" (coincidence matrices).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import UserError

__all__ = ["cohen_kappa", "krippendorff_alpha", "agreement_table", "is_missing", "sorted_labels"]

LEVELS = ("nominal", "interval")
CODING_KEYS = ("unit", "coder", "dimension", "code")


def is_missing(value) -> bool:
    """True for None, NaN, ``pd.NA`` and ``NaT``; False for any other scalar (including "")."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not "missing", whatever they hold
        return False


def sorted_labels(values: Iterable[Hashable]) -> list:
    """Unique labels in sorted order; falls back to sorting by ``str`` for mixed types."""
    unique = list(dict.fromkeys(values))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def cohen_kappa(a: Sequence, b: Sequence, labels: Sequence | None = None) -> float:
    """Cohen's kappa for two raters' nominal labels over the same items.

    Parameters
    ----------
    a, b : sequence
        Labels of rater A and rater B, item by item (equal length). Items where either
        label is None/NaN are dropped.
    labels : sequence, optional
        The categories to consider. Items whose label (from either rater) is not among them
        are dropped, as scikit-learn does. Default: every label seen.

    Returns
    -------
    float
        ``(p_o - p_e) / (1 - p_e)``. When both raters used one and the same label for every
        item, ``p_e = 1`` and the ratio is 0/0; we return 1.0 there because the raters did
        agree on every item (scikit-learn returns nan). nan when no item remains.

    Examples
    --------
    >>> round(cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), 3)
    0.5
    """
    if len(a) != len(b):
        raise ValueError(f"raters have different lengths: {len(a)} vs {len(b)}")
    pairs = [(x, y) for x, y in zip(a, b) if not is_missing(x) and not is_missing(y)]
    if labels is not None:
        allowed = set(labels)
        pairs = [(x, y) for x, y in pairs if x in allowed and y in allowed]
    if not pairs:
        return float("nan")
    index = {label: i for i, label in enumerate(dict.fromkeys(v for pair in pairs for v in pair))}
    table = np.zeros((len(index), len(index)))
    for x, y in pairs:
        table[index[x], index[y]] += 1
    table /= len(pairs)
    observed = float(np.trace(table))
    expected = float(table.sum(axis=1) @ table.sum(axis=0))
    if np.isclose(expected, 1.0):
        return 1.0
    return (observed - expected) / (1.0 - expected)


def _value_matrix(data) -> np.ndarray:
    frame = pd.DataFrame(data)  # accepts lists of lists, arrays and frames alike
    if frame.ndim != 2:
        raise ValueError("data must be 2-D: raters x units")
    return frame.to_numpy(dtype=object)


def _unit_counts(values: np.ndarray) -> tuple[np.ndarray, list]:
    """Units x categories matrix of how many raters gave each value to each unit."""
    present = [[v for v in column if not is_missing(v)] for column in values.T]
    categories = sorted_labels(v for unit in present for v in unit)
    index = {c: i for i, c in enumerate(categories)}
    counts = np.zeros((len(present), len(categories)))
    for u, unit in enumerate(present):
        for v in unit:
            counts[u, index[v]] += 1
    return counts, categories


def _distance(categories: list, level: str) -> np.ndarray:
    if level == "nominal":
        return 1.0 - np.eye(len(categories))
    try:
        points = np.asarray(categories, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("interval alpha needs numeric values") from exc
    return (points[:, None] - points[None, :]) ** 2


def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha from the coincidence matrix.

    Parameters
    ----------
    data : array-like, raters x units
        One row per rater, one column per unit; None/NaN where a rater gave no value.
        Units with fewer than two values are not pairable and are ignored.
    level : {"nominal", "interval"}
        Metric for disagreements: 0/1 mismatch, or squared difference of numeric values.

    Returns
    -------
    float
        ``1 - (n - 1) * sum(o * d) / sum(n_c n_k d)``. nan when no unit is pairable. When
        every pairable value is the same, alpha is 0/0 (Krippendorff calls it undefined);
        like :func:`cohen_kappa` we return 1.0, since no disagreement was observed.

    Examples
    --------
    >>> krippendorff_alpha([[1, 2, 3, None], [1, 2, 3, 3]])
    1.0
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    counts, categories = _unit_counts(_value_matrix(data))
    m = counts.sum(axis=1)
    counts = counts[m >= 2]
    m = m[m >= 2]
    if counts.size == 0:
        return float("nan")
    # Coincidences: every ordered pair of values within a unit, weighted 1/(m_u - 1) so that
    # each unit contributes as many pairable values as it has.
    weighted = counts / (m - 1)[:, None]
    coincidence = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    totals = coincidence.sum(axis=1)
    n = totals.sum()
    delta = _distance(categories, level)
    observed = float((coincidence * delta).sum())
    expected = float((np.outer(totals, totals) * delta).sum())
    if expected == 0.0:
        return 1.0
    return float(1.0 - (n - 1) * observed / expected)


def _percent_agreement(a: Sequence, b: Sequence) -> float:
    if not len(a):
        return float("nan")
    return 100.0 * float(np.mean([x == y for x, y in zip(a, b)]))


def _stats(a: list, b: list) -> dict:
    return {"n_units": len(a), "kappa": cohen_kappa(a, b),
            "alpha": krippendorff_alpha([a, b]) if a else float("nan"),
            "percent_agreement": _percent_agreement(a, b)}


def _code_sets(codings: pd.DataFrame, coder: str) -> pd.Series:
    """Per unit, the set of codes this coder gave (a row with no code means "seen, none")."""
    rows = codings[codings["coder"] == coder]
    return rows.groupby("unit", sort=False)["code"].agg(
        lambda codes: frozenset(c for c in codes if not is_missing(c)))


def _set_label(codes: frozenset) -> str:
    return "+".join(map(str, sorted_labels(codes)))


def _dimension_rows(dimension, frame: pd.DataFrame, coder_a: str, coder_b: str,
                    by_code: bool) -> list[dict]:
    sets_a, sets_b = _code_sets(frame, coder_a), _code_sets(frame, coder_b)
    units = [u for u in sets_a.index if u in sets_b.index]
    a = [_set_label(sets_a[u]) for u in units]
    b = [_set_label(sets_b[u]) for u in units]
    rows = [{"dimension": dimension, **_stats(a, b)}]
    if not by_code:
        return rows
    used = sorted_labels(c for u in units for c in sets_a[u] | sets_b[u])
    for code in used:
        has_a = [code in sets_a[u] for u in units]
        has_b = [code in sets_b[u] for u in units]
        rows.append({"dimension": dimension, "code": code, **_stats(has_a, has_b)})
    return rows


def _overall(rows: list[dict]) -> dict:
    per_dimension = pd.DataFrame([r for r in rows if "code" not in r or is_missing(r["code"])])
    out = {"dimension": "overall", "n_units": int(per_dimension["n_units"].sum())}
    for column in ("kappa", "alpha", "percent_agreement"):
        ok = per_dimension[column].notna() & (per_dimension["n_units"] > 0)
        weights = per_dimension.loc[ok, "n_units"]
        out[column] = (float(np.average(per_dimension.loc[ok, column], weights=weights))
                       if weights.sum() else float("nan"))
    return out


def agreement_table(codings: pd.DataFrame, coder_a: str, coder_b: str,
                    by: str | None = "code") -> pd.DataFrame:
    """Agreement between two coders, per dimension and (optionally) per code.

    Parameters
    ----------
    codings : DataFrame
        Tidy codings with columns ``unit``, ``coder``, ``dimension`` and ``code``. A unit
        may carry several codes in one dimension; a row with a missing code records that
        the coder saw the unit and gave it no code.
    coder_a, coder_b : str
        Values of ``coder`` to compare, e.g. ``"person:ana"`` and ``"machine:rules"``.
    by : {"code", None}
        With ``"code"``, add one row per (dimension, code) scoring the binary decision
        "is this code present?" over the same units.

    Returns
    -------
    DataFrame
        Columns ``dimension``, (``code``), ``n_units``, ``kappa``, ``alpha`` (nominal) and
        ``percent_agreement`` (0-100). Only units both coders coded in a dimension count.
        Dimension rows compare each unit's whole code set (exact match); the last row,
        ``dimension="overall"``, averages the dimension rows weighted by ``n_units``.
    """
    missing = [c for c in CODING_KEYS if c not in codings.columns]
    if missing:
        raise UserError(f"codings frame lacks column(s) {missing}",
                        hint=f"needs {list(CODING_KEYS)}")
    if by not in ("code", None):
        raise UserError(f"by must be 'code' or None, not {by!r}")
    frame = codings[codings["coder"].isin([coder_a, coder_b])]
    rows: list[dict] = []
    for dimension in sorted_labels(frame["dimension"].dropna()):
        subset = frame[frame["dimension"] == dimension]
        rows.extend(_dimension_rows(dimension, subset, coder_a, coder_b, by == "code"))
    rows.append(_overall(rows) if rows else {"dimension": "overall", "n_units": 0})
    columns = ["dimension"] + (["code"] if by == "code" else []) + [
        "n_units", "kappa", "alpha", "percent_agreement"]
    table = pd.DataFrame(rows).reindex(columns=columns)
    table["n_units"] = table["n_units"].astype(int)
    return table
