"""Table mode of ``cjresearch code``: every input row and column plus phase, evidence, valence,
touchpoint and confidence. No project file involved."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..ingest.encoding import decode
from ..nlp import detect_language


def read_table(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise UserError("file not found", path=path)
    if path.suffix.lower() == ".xlsx":
        try:
            return pd.read_excel(path, dtype=str).fillna("")
        except Exception as exc:
            raise UserError(f"the Excel file cannot be read ({type(exc).__name__})", path=path)
    text, _ = decode(path.read_bytes(), path)
    from ..ingest.survey import _sniff_delimiter
    sep = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise UserError(f"not a readable CSV table: {str(exc).splitlines()[0]}", path=path)


def code_table(path: Path, out: Path, text_column: str = "text", language: str = "auto") -> int:
    from .rules import RuleCoder
    frame = read_table(Path(path))
    if text_column not in frame.columns:
        raise UserError(f"no column named {text_column!r}", path=path,
                        hint=f"columns are: {', '.join(map(str, frame.columns))}")
    texts = frame[text_column].fillna("").astype(str)
    langs = [language] * len(texts) if language in ("es", "en") else \
        [detect_language(t, default="en") for t in texts]
    labels = RuleCoder().fit().predict_labels(pd.DataFrame({"text": texts, "language": langs}))
    result = pd.concat([frame.reset_index(drop=True), labels], axis=1)
    tmp = Path(out).with_name(Path(out).name + ".part")
    result.to_csv(tmp, index=False)
    tmp.replace(out)
    return len(result)
