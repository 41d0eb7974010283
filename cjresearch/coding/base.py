"""The coder contract (scikit-learn style) and the shape of what coders return."""
from __future__ import annotations

import inspect

import pandas as pd

# start/end are offsets into the segment text (the project shifts them into the source text).
CODING_COLUMNS = ["row", "dimension", "code", "confidence", "start", "end", "origin", "coder", "note"]


class NotFittedError(RuntimeError):
    pass


class BaseCoder:
    """``__init__`` only stores parameters; ``fit`` learns (attributes ending in ``_``);
    ``predict`` returns a codings frame with :data:`CODING_COLUMNS`."""

    origin = "rule"

    def get_params(self) -> dict:
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {n: getattr(self, n) for n in names}

    def fit(self, segments: pd.DataFrame, labels: pd.DataFrame | None = None):
        return self

    def predict(self, segments: pd.DataFrame) -> pd.DataFrame:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise NotFittedError(f"{type(self).__name__} is not fitted; call fit() first")

    @staticmethod
    def empty() -> pd.DataFrame:
        return pd.DataFrame(columns=CODING_COLUMNS)
