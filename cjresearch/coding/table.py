"""Table mode of ``cjresearch code``: every input row and column plus phase, evidence, valence,
touchpoint and confidence. No project file involved."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..model import EVIDENCE, PHASE_LABELS


def read_table(path: Path) -> pd.DataFrame:
    """The same reading (encoding repair, delimiter sniffing, XLSX) as survey import."""
    from ..ingest.survey import _read_frame
    if not path.exists():
        raise UserError("file not found", path=path)
    return _read_frame(path, path.read_bytes())


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


def code_table(path, out: Path, text_column: str = "text", language: str = "auto",
               train: Path | None = None, *, engine: str = "local", scheduler: str | None = None,
               chunksize: int | None = None, coder: str = "full", progress: bool | None = None) -> int:
    """Every input row and column plus phase, evidence, valence, touchpoint, confidence.

    ``path`` may also be a DataFrame. Big CSVs (or any, given ``chunksize``) are streamed in
    chunks; ``engine="dask"`` codes the chunks on a dask.distributed cluster (see
    :func:`cjresearch.scale.engine.code_table`); the output is the same either way."""
    from ..scale.engine import code_table as run
    return run(path, out, text_column=text_column, language=language, train=train, coder=coder,
               engine=engine, scheduler=scheduler, chunksize=chunksize, progress=progress)
