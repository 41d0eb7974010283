"""Numeric features shared by the learned coders: the rule coder's scores per label."""
from __future__ import annotations

import numpy as np

from ..model import PHASES

_EVIDENCE = ("motivation", "doubt", "pain", "delight")
_TOUCH = ("web", "app", "store", "email", "phone", "chat", "social", "search", "ads", "word_of_mouth",
          "reviews", "delivery", "sms", "mail")
RULE_FEATURES = [f"phase:{p}" for p in PHASES] + [f"evidence:{e}" for e in _EVIDENCE] + \
    ["valence", "question", "touchpoints"]


def rule_features(analyses) -> np.ndarray:
    """One row per rule-coder :class:`Analysis`: phase and evidence scores (log-damped), valence."""
    rows = []
    for a in analyses:
        row = [a.phase.get(p, 0.0) for p in PHASES] + [a.evidence.get(e, 0.0) for e in _EVIDENCE]
        row += [a.valence, float(getattr(a, "questions", 0)), float(len(a.touchpoint))]
        rows.append(row)
    x = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(RULE_FEATURES))
    return np.sign(x) * np.log1p(np.abs(x))
