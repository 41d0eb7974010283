"""Table mode of ``cjresearch code``: every input row and column plus phase, evidence, valence,
touchpoint and confidence. No project file involved."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..model import EVIDENCE, PHASE_LABELS
from ..nlp import detect_language


def read_table(path: Path) -> pd.DataFrame:
    """The same reading (encoding repair, delimiter sniffing, XLSX) as survey import."""
    from ..ingest.survey import _read_frame
    if not path.exists():
        raise UserError("file not found", path=path)
    return _read_frame(path, path.read_bytes())


def _languages(texts, language: str) -> list[str]:
    if language in ("es", "en"):
        return [language] * len(texts)
    return [detect_language(t, default="en") for t in texts]


def read_training(path: Path) -> pd.DataFrame:
    frame = read_table(Path(path))
    if "text" not in frame.columns:
        raise UserError("a training file needs a 'text' column", path=path,
                        hint=f"columns are: {', '.join(map(str, frame.columns))}")
    dims = [c for c in ("phase", "evidence") if c in frame.columns]
    if not dims:
        raise UserError("a training file needs a 'phase' and/or 'evidence' column", path=path)
    allowed = {"phase": set(PHASE_LABELS), "evidence": set(EVIDENCE)}
    for dim in dims:
        values = frame[dim].astype(str).str.strip().str.lower()
        bad = sorted(set(values[(values != "") & ~values.isin(allowed[dim])]))
        if bad:
            raise UserError(f"unknown {dim} labels {bad[:5]}", path=path,
                            hint=", ".join(sorted(allowed[dim])))
        frame[dim] = values.where(values != "", None)
    return frame


def code_table(path: Path, out: Path, text_column: str = "text", language: str = "auto",
               train: Path | None = None) -> int:
    """Every input row and column plus phase, evidence, valence, touchpoint, confidence."""
    from .rules import RuleCoder
    from .semantic import SemanticCoder
    frame = read_table(Path(path))
    if text_column not in frame.columns:
        raise UserError(f"no column named {text_column!r}", path=path,
                        hint=f"columns are: {', '.join(map(str, frame.columns))}")
    labelled = read_training(train) if train else None
    texts = frame[text_column].fillna("").astype(str)
    segs = pd.DataFrame({"text": texts, "language": _languages(texts.tolist(), language)})
    coder = SemanticCoder()
    if labelled is not None:
        lab_segs = pd.DataFrame({"text": labelled["text"].astype(str),
                                 "language": _languages(labelled["text"].astype(str).tolist(), language)})
        coder.fit(lab_segs, labelled[[c for c in ("phase", "evidence") if c in labelled.columns]])
    else:
        coder.fit()
    probs = coder.predict_proba(segs)
    rules = RuleCoder().fit().predict_labels(segs)
    out_frame = frame.reset_index(drop=True).copy()
    conf = []
    for dim in ("phase", "evidence"):
        p = probs[dim]
        out_frame[dim] = p.columns[p.to_numpy().argmax(axis=1)]
        conf.append(p.to_numpy().max(axis=1))
    out_frame["valence"] = rules["valence"].to_numpy()
    out_frame["touchpoint"] = rules["touchpoint"].to_numpy()
    out_frame["confidence"] = [round(float(min(a, b)), 4) for a, b in zip(*conf)]
    tmp = Path(out).with_name(Path(out).name + ".part")
    out_frame.to_csv(tmp, index=False)
    tmp.replace(out)
    return len(out_frame)
