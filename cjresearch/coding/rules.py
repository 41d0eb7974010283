"""Rule coder: bilingual lexicons (data files) matched on lemmas, with negation, hedges,
questions and contrast ("…pero…", "…but…": the part after it carries the point).

Per segment it proposes one phase, one evidence type, one valence, and any touchpoints and
aspects it finds; each coding keeps the cues it rests on (in ``note``) and a confidence.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from .. import lexicons
from ..model import EVIDENCE, PHASES
from ..nlp import fold, pipeline
from .base import CODING_COLUMNS, BaseCoder
from .matcher import PhraseTable, lemma_table, token_keys

_SCORED = ("motivation", "doubt", "pain", "delight")
_BOUNDARY = {".", ",", ";", ":", "!", "?", "¿", "¡"}


@dataclass
class Analysis:
    phase: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    evidence: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    touchpoint: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    aspect: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    valence: float = 0.0
    questions: int = 0
    cues: list = field(default_factory=list)  # (start, end, dimension, label, pattern)


class _Tables:
    def __init__(self, lang: str):
        nlp = pipeline(lang)
        self.nlp = nlp
        self.lemmas = lemma_table(nlp)
        self.phase = PhraseTable(nlp, _pick(lexicons.load(lang, "phases"), PHASES))
        self.evidence = PhraseTable(nlp, _pick(lexicons.load(lang, "evidence"), _SCORED))
        self.touchpoint = PhraseTable(nlp, lexicons.load(lang, "touchpoints"))
        aspects = lexicons.load(lang, "aspects")
        self.aspect = PhraseTable(nlp, {k: (v or {}).get("patterns", {}) for k, v in aspects.items()})
        val = lexicons.load(lang, "valence")
        self.valence = PhraseTable(nlp, {"+": val.get("positive", {}), "-": val.get("negative", {})})
        self.negators = {fold(w) for w in val.get("negators", [])}
        self.intensifiers = {fold(k): float(v) for k, v in (val.get("intensifiers") or {}).items()}
        self.contrast = {fold(w) for w in val.get("contrast", [])}
        cues = lexicons.load(lang, "cues")
        self.hedges = PhraseTable(nlp, {"doubt": {h: 1.0 for h in cues.get("hedges", [])}})
        self.question_marks = set(cues.get("question_marks", ["?", "¿"]))


def _pick(table: dict, keys) -> dict:
    return {k: table.get(k) or {} for k in keys}


class RuleCoder(BaseCoder):
    """Zero-shot coder from lexicons.

    >>> coder = RuleCoder().fit()
    >>> frame = coder.predict_labels(pd.DataFrame({"text": ["The courier was two hours late."],
    ...                                            "language": ["en"]}))
    >>> frame.loc[0, "evidence"]
    'pain'
    """

    origin = "rule"
    name = "rules"

    def __init__(self, min_score: float = 1.0, contrast_boost: float = 1.5, negation_window: int = 3,
                 question_weight: float = 1.5,
                 dimensions=("phase", "evidence", "valence", "touchpoint", "aspect")):
        self.dimensions = dimensions
        self.min_score = min_score
        self.contrast_boost = contrast_boost
        self.negation_window = negation_window
        self.question_weight = question_weight

    def fit(self, segments=None, labels=None):
        self.tables_: dict[str, _Tables] = {}
        return self

    def _tables(self, lang: str) -> _Tables:
        self.check_fitted("tables_")
        lang = lang if lang in ("es", "en") else "en"
        if lang not in self.tables_:
            self.tables_[lang] = _Tables(lang)
        return self.tables_[lang]

    # -- analysis ---------------------------------------------------------------------------

    def analyse_docs(self, texts: list[str], languages: list[str]):
        """Yield one :class:`Analysis` per text, in order."""
        order = defaultdict(list)
        for i, lang in enumerate(languages):
            order[lang if lang in ("es", "en") else "en"].append(i)
        results: list[Analysis | None] = [None] * len(texts)
        for lang, idx in order.items():
            tables = self._tables(lang)
            docs = tables.nlp.pipe((texts[i] if isinstance(texts[i], str) else "" for i in idx),
                                   batch_size=512)
            for i, doc in zip(idx, docs):
                results[i] = self._analyse(doc, tables)
        return results

    def _analyse(self, doc, t: _Tables) -> Analysis:
        keys = [token_keys(tok, t.lemmas) for tok in doc]
        folded = [fold(tok.text) for tok in doc]
        factor = self._contrast_factors(folded, t)
        out = Analysis()

        def span(m):
            return doc[m.i].idx, doc[m.j - 1].idx + len(doc[m.j - 1].text)

        for m in t.phase.find(keys):
            out.phase[m.label] += m.weight * factor[m.i]
            out.cues.append((*span(m), "phase", m.label, m.pattern))
        for m in t.evidence.find(keys):
            label, w = m.label, m.weight * factor[m.i]
            if self._negated(folded, m.i, t) and not folded[m.i] in t.negators:
                # "no me gustó" is a pain; "no tuve ningún problema" leans positive.
                label, w = ("pain", w * 0.5) if label == "delight" else \
                           ("delight", w * 0.3) if label == "pain" else (label, w)
            out.evidence[label] += w
            out.cues.append((*span(m), "evidence", label, m.pattern))
        for m in t.hedges.find(keys):
            out.evidence["doubt"] += m.weight * factor[m.i]
            out.cues.append((*span(m), "evidence", "doubt", m.pattern))
        for i, tok in enumerate(doc):
            if tok.text in t.question_marks:
                out.questions += 1
                out.evidence["doubt"] += self.question_weight * factor[i] / (1 + (tok.text == "¿"))
        for m in t.touchpoint.find(keys):
            out.touchpoint[m.label] += m.weight
            out.cues.append((*span(m), "touchpoint", m.label, m.pattern))
        for m in t.aspect.find(keys):
            out.aspect[m.label] += m.weight
        for m in t.valence.find(keys):
            w = m.weight * factor[m.i]
            if m.i > 0:
                w *= t.intensifiers.get(folded[m.i - 1], 1.0)
            sign = 1 if m.label == "+" else -1
            if self._negated(folded, m.i, t) and folded[m.i] not in t.negators:
                sign = -sign
            out.valence += sign * w
        return out

    def _contrast_factors(self, folded, t: _Tables) -> list[float]:
        n = len(folded)
        cut = max((i for i, f in enumerate(folded) if f in t.contrast and 0 < i < n - 2), default=None)
        if cut is None:
            return [1.0] * n
        return [0.75 if i < cut else self.contrast_boost for i in range(n)]

    def _negated(self, folded, i: int, t: _Tables) -> bool:
        for k in range(i - 1, max(-1, i - 1 - self.negation_window), -1):
            if folded[k] in _BOUNDARY:
                return False
            if folded[k] in t.negators:
                return True
        return False

    # -- decisions --------------------------------------------------------------------------

    def decide(self, a: Analysis) -> dict:
        phase, p_conf = _top(a.phase, self.min_score, fallback="none")
        evidence, e_conf = _top({k: a.evidence.get(k, 0.0) for k in _SCORED}, self.min_score,
                                fallback="other")
        lean = {"pain": -0.8, "delight": 0.8}.get(evidence, 0.0)
        v = a.valence + lean
        valence = 1 if v >= 0.75 else -1 if v <= -0.75 else 0
        v_conf = min(0.95, 0.5 + 0.15 * abs(v)) if valence else 0.5
        touchpoints = sorted(((s, k) for k, s in a.touchpoint.items() if s >= self.min_score), reverse=True)
        aspects = sorted(((s, k) for k, s in a.aspect.items() if s >= self.min_score), reverse=True)
        return {"phase": (phase, p_conf), "evidence": (evidence, e_conf), "valence": (valence, v_conf),
                "touchpoint": [(k, min(0.95, 0.45 + 0.15 * s)) for s, k in touchpoints],
                "aspect": [(k, min(0.95, 0.45 + 0.15 * s)) for s, k in aspects[:2]]}

    def predict(self, segments: pd.DataFrame) -> pd.DataFrame:
        texts = segments["text"].tolist()
        langs = segments["language"].fillna("en").tolist()
        rows = []
        for row, (text, a) in enumerate(zip(texts, self.analyse_docs(texts, langs))):
            d = self.decide(a)
            for dim in ("phase", "evidence", "valence"):
                if dim not in self.dimensions:
                    continue
                label, conf = d[dim]
                cues = [c for c in a.cues if c[2] == dim]
                rows.append((row, dim, str(label), conf, 0, len(text), self.origin, "rules",
                             json.dumps({"cues": [[c[0], c[1], c[4]] for c in cues if c[3] == label]},
                                        ensure_ascii=False)))
            for dim in ("touchpoint", "aspect"):
                if dim not in self.dimensions:
                    continue
                for label, conf in d[dim]:
                    cues = [[c[0], c[1], c[4]] for c in a.cues if c[2] == dim and c[3] == label]
                    rows.append((row, dim, label, conf, 0, len(text), self.origin, "rules",
                                 json.dumps({"cues": cues}, ensure_ascii=False)))
        return pd.DataFrame(rows, columns=CODING_COLUMNS)

    def predict_labels(self, segments: pd.DataFrame) -> pd.DataFrame:
        """One row per segment: phase, evidence, valence, touchpoint, confidence."""
        texts = segments["text"].fillna("").astype(str).tolist()
        langs = segments["language"].fillna("en").tolist()
        out = []
        for a in self.analyse_docs(texts, langs):
            d = self.decide(a)
            tp = d["touchpoint"][0][0] if d["touchpoint"] else ""
            out.append({"phase": d["phase"][0], "evidence": d["evidence"][0], "valence": d["valence"][0],
                        "touchpoint": tp,
                        "confidence": round(min(d["phase"][1], d["evidence"][1]), 3)})
        return pd.DataFrame(out, columns=["phase", "evidence", "valence", "touchpoint", "confidence"])


def _top(scores: dict, min_score: float, fallback: str) -> tuple[str, float]:
    ranked = sorted(((s, k) for k, s in scores.items() if s > 0), reverse=True)
    if not ranked or ranked[0][0] < min_score:
        best = ranked[0][0] if ranked else 0.0
        return fallback, round(0.6 - 0.2 * min(best, 1.0), 3)
    top = ranked[0][0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    return ranked[0][1], round(min(0.97, 0.35 + 0.6 * (top - second) / (top + 1.0)), 3)


assert set(_SCORED) < set(EVIDENCE)
