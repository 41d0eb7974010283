"""Running coders against the store: machine codings are suggestions; a person's decisions stay.

Re-running a coder replaces its own open suggestions, never touches accepted, rejected or manual
codings, and does not suggest again what a person rejected.
"""
from __future__ import annotations

import json

import pandas as pd

from . import tables
from .coding import make_coder
from .errors import UserError
from .model import DIMENSIONS


def run_coders(con, coders: list[str]) -> dict:
    segs = tables.segments_frame(con, "s.is_evidence = 1")
    summary = {"segments": len(segs)}
    for name in coders:
        coder = make_coder(name).fit(segs)
        predicted = coder.predict(segs) if len(segs) else coder.empty()
        summary[name] = _store_predictions(con, segs, predicted, coder)
    return summary


def _store_predictions(con, segs: pd.DataFrame, predicted: pd.DataFrame, coder) -> dict:
    origin = coder.origin
    run_id = con.execute("INSERT INTO runs(coder, params, created_at) VALUES (?,?,?)",
                         (type(coder).__name__, json.dumps(coder.get_params()), tables.now())).lastrowid
    con.execute("DELETE FROM codings WHERE origin=? AND status='suggested'", (origin,))
    decided = {(r[0], r[1]) for r in con.execute(
        "SELECT segment_id, code_id FROM codings WHERE origin=? AND status IN ('accepted','rejected')", (origin,))}
    codes = tables.code_ids(con)
    seg_ids = segs["segment_id"].to_numpy()
    seg_start = segs["start"].to_numpy()
    rows = []
    for r in predicted.itertuples(index=False):
        key = (r.dimension, r.code)
        if key not in codes:
            codes[key] = tables.ensure_code(con, r.dimension, r.code)
        sid = int(seg_ids[r.row])
        if (sid, codes[key]) in decided:
            continue
        base = int(seg_start[r.row])
        rows.append({"segment_id": sid, "code_id": codes[key], "start": base + int(r.start),
                     "end": base + int(r.end), "origin": origin, "coder": r.coder,
                     "confidence": float(r.confidence), "note": r.note})
    tables.insert_codings(con, rows, run_id)
    return {"run": run_id, "codings": len(rows)}


def manual_coding(con, segment_id: int, dimension: str, code: str, start, end, author, note) -> int:
    if dimension not in DIMENSIONS:
        raise UserError(f"unknown dimension {dimension!r}", hint=", ".join(DIMENSIONS))
    seg = con.execute("SELECT start, end FROM segments WHERE id=?", (segment_id,)).fetchone()
    if seg is None:
        raise UserError(f"no segment {segment_id}")
    start = seg["start"] if start is None else int(start)
    end = seg["end"] if end is None else int(end)
    if not (seg["start"] <= start < end <= seg["end"]):
        raise UserError(f"span {start}-{end} is outside segment {segment_id} ({seg['start']}-{seg['end']})")
    code_id = tables.ensure_code(con, dimension, str(code))
    tables.insert_codings(con, [{"segment_id": segment_id, "code_id": code_id, "start": start, "end": end,
                                 "origin": "manual", "coder": "person", "confidence": 1.0,
                                 "author": author, "status": "accepted", "note": note}], None)
    return con.execute("SELECT last_insert_rowid()").fetchone()[0]
