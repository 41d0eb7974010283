"""Running coders against the store: machine codings are suggestions; a person's decisions stay.

Re-running a coder replaces its own open suggestions, never touches accepted, rejected or manual
codings, and does not suggest again what a person rejected. The default pipeline:

* ``semantic`` — phase and evidence (blend of embedding ⊕ rule scores, its kernel map and word/
  character n-grams), trained on the shipped exemplars and training corpus plus every
  phase/evidence coding a person made or accepted;
* ``codebook`` — the researcher's own codes (dimension ``custom``): one calibrated classifier per
  code with at least three examples, learnt from manual/accepted codings, rejections as negatives;
* ``rules`` — valence, touchpoints and aspects;
* ``topics`` — themes per phase (BERTopic, offline embedder), grouped by the phase just coded.
"""
from __future__ import annotations

import json

import pandas as pd

from . import tables
from .coding import make_coder
from .errors import UserError
from .model import DIMENSIONS

DEFAULT_PIPELINE = ("semantic", "codebook", "rules", "topics")
RULE_DIMENSIONS_WITH_MODEL = ("valence", "touchpoint", "aspect")


def trusted_labels(con, segs: pd.DataFrame, dimensions=("phase", "evidence")) -> pd.DataFrame | None:
    """Labels a person gave (manual) or confirmed (accepted), aligned with ``segs`` rows."""
    rows = con.execute(
        f"""SELECT c.segment_id, k.dimension, k.name FROM codings c JOIN codes k ON k.id = c.code_id
            WHERE (c.origin = 'manual' OR c.status = 'accepted')
              AND k.dimension IN ({','.join('?' * len(dimensions))})
            ORDER BY c.origin = 'manual', c.id""", dimensions).fetchall()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["segment_id", "dimension", "code"])
    wide = frame.drop_duplicates(["segment_id", "dimension"], keep="last").pivot(
        index="segment_id", columns="dimension", values="code")
    return wide.reindex(segs["segment_id"]).reset_index(drop=True)


def codebook_labels(con, segs: pd.DataFrame, dimensions=("custom",)) -> pd.DataFrame | None:
    """A person's decisions on codebook codes, long format (row, dimension, code, positive):
    manual and accepted codings are positive, rejected suggestions negative."""
    rows = con.execute(
        f"""SELECT c.segment_id, k.dimension, k.name,
                   CASE WHEN c.origin = 'manual' OR c.status = 'accepted' THEN 1 ELSE 0 END
            FROM codings c JOIN codes k ON k.id = c.code_id
            WHERE (c.origin = 'manual' OR c.status IN ('accepted', 'rejected'))
              AND k.dimension IN ({','.join('?' * len(dimensions))})""", tuple(dimensions)).fetchall()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["segment_id", "dimension", "code", "positive"])
    position = pd.Series(range(len(segs)), index=segs["segment_id"].to_numpy())
    frame["row"] = frame["segment_id"].map(position)
    frame = frame.dropna(subset=["row"]).astype({"row": int, "positive": bool})
    return frame[["row", "dimension", "code", "positive"]].reset_index(drop=True)


def compute(con, coders=DEFAULT_PIPELINE, progress=None) -> tuple[pd.DataFrame, list]:
    """Fit and run the coders (read-only); returns the segments and [(coder, predictions, codes)]."""
    segs = tables.segments_frame(con, "s.is_evidence = 1")
    results = []
    if not len(segs):
        return segs, results
    phases = None
    for name in coders:
        if progress:
            progress(name)
        if name == "rules":
            params = {"dimensions": RULE_DIMENSIONS_WITH_MODEL} if "semantic" in coders else {}
            coder = make_coder("rules", **params).fit(segs)
            predicted = coder.predict(segs)
        elif name == "semantic":
            coder = make_coder("semantic").fit(segs, trusted_labels(con, segs))
            predicted = coder.predict(segs)
            phases = predicted[predicted["dimension"] == "phase"]
        elif name == "codebook":
            labels = codebook_labels(con, segs)
            if labels is None:
                continue
            coder = make_coder("codebook", seed=_seed(con)).fit(segs, labels)
            predicted = coder.predict(segs)
            known = set(labels.loc[labels["positive"], "row"].astype(str) + "\0" + labels.loc[labels["positive"], "code"])
            if len(predicted):
                predicted = predicted[~(predicted["row"].astype(str) + "\0" + predicted["code"]).isin(known)]
        elif name == "topics":
            frame = _current_phases(con, segs, phases)
            known = frame["phase"].isin(["awareness", "consideration", "purchase", "experience", "loyalty"])
            if known.sum() < 12:
                continue
            coder = make_coder("topics", seed=_seed(con)).fit(frame)
            predicted = coder.predict(frame)
        else:
            coder = make_coder(name).fit(segs)
            predicted = coder.predict(segs)
        results.append((coder, predicted))
    return segs, results


def store_results(con, segs, results) -> dict:
    summary = {"segments": len(segs)}
    for coder, predicted in results:
        codes = _theme_codes(con, coder) if coder.origin == "topic" else None
        summary[coder.origin] = _store_predictions(con, segs, predicted, coder, codes=codes)
        if coder.origin == "topic":
            summary["topic_fallbacks"] = {str(k): str(v) for k, v in getattr(coder, "fallbacks_", {}).items()}
    summary["codings"] = sum(v["codings"] for v in summary.values() if isinstance(v, dict) and "codings" in v)
    return summary


def _seed(con) -> int:
    from .store import get_meta
    return int(get_meta(con, "seed", 7))


def _current_phases(con, segs: pd.DataFrame, predicted: pd.DataFrame | None) -> pd.DataFrame:
    """Segments with the phase that counts for them: a person's, else this run's prediction,
    else the most confident stored suggestion."""
    rows = con.execute(
        """SELECT c.segment_id, k.name, (c.origin = 'manual' OR c.status = 'accepted') AS trusted
           FROM codings c JOIN codes k ON k.id = c.code_id
           WHERE k.dimension = 'phase' AND c.status != 'rejected'
           ORDER BY trusted, COALESCE(c.confidence, 0), c.id""").fetchall()
    stored = {r[0]: r[1] for r in rows}  # later rows win: trusted, then most confident
    trusted = {r[0]: r[1] for r in rows if r[2]}
    phase = segs["segment_id"].map(stored).astype(object)
    if predicted is not None and len(predicted):
        fresh = pd.Series(predicted["code"].to_numpy(), index=segs["segment_id"].to_numpy()[predicted["row"].to_numpy()])
        phase = segs["segment_id"].map(fresh).fillna(phase)
    phase = segs["segment_id"].map(trusted).astype(object).fillna(phase)
    return segs.assign(phase=phase.fillna("none").to_numpy())


def _theme_codes(con, coder) -> dict:
    """Theme codes with their readable labels, under one parent code per phase."""
    codes = {}
    for t in coder.themes_.itertuples():
        if t.theme_id == -1:
            continue
        parent = tables.ensure_code(con, "theme", f"phase:{t.group}", label=t.group)
        cid = tables.ensure_code(con, "theme", t.code, label=t.label, parent_id=parent,
                                 description=", ".join(t.words))
        con.execute("UPDATE codes SET label=? WHERE id=? AND (label IS NULL OR label != ?)", (t.label, cid, t.label))
        codes[("theme", t.code)] = cid
    return codes


def _store_predictions(con, segs: pd.DataFrame, predicted: pd.DataFrame, coder, codes=None) -> dict:
    origin = coder.origin
    run_id = con.execute("INSERT INTO runs(coder, params, created_at) VALUES (?,?,?)",
                         (type(coder).__name__, json.dumps(coder.get_params(), default=str), tables.now())).lastrowid
    # a coder replaces only its own open suggestions (two coders may share an origin)
    name = getattr(coder, "name", None)
    if name:
        con.execute("DELETE FROM codings WHERE origin=? AND status='suggested' AND coder=?", (origin, name))
    else:
        con.execute("DELETE FROM codings WHERE origin=? AND status='suggested'", (origin,))
    # never suggest again what a person decided (a machine code equal to a manual one stays:
    # it is what person-vs-machine agreement is measured on)
    decided = {(r[0], r[1]) for r in con.execute(
        "SELECT segment_id, code_id FROM codings WHERE origin=? AND status IN ('accepted','rejected')", (origin,))}
    codes = {**tables.code_ids(con), **(codes or {})}
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
