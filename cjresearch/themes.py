"""Themes in the store: discovered by the ``topics`` coder, shaped by the researcher.

A theme is a code of dimension ``theme`` under one parent per phase (``phase:<id>``); its label is
the statement a map shows for the items it groups. These functions work inside the caller's
transaction (the :class:`~cjresearch.project.Project` façade opens it).
"""
from __future__ import annotations

import pandas as pd

from . import tables
from .errors import UserError
from .store import _path

COLUMNS = ["code_id", "code", "label", "phase", "words", "segments", "participants"]


def list_themes(con, phase: str | None = None) -> pd.DataFrame:
    rows = con.execute(
        """SELECT k.id AS code_id, k.name AS code, COALESCE(k.label, k.name) AS label,
                  COALESCE(par.label, '') AS phase, k.description AS words,
                  COUNT(DISTINCT c.segment_id) AS segments, COUNT(DISTINCT s.participant_id) AS participants
           FROM codes k LEFT JOIN codes par ON par.id = k.parent_id
           LEFT JOIN codings c ON c.code_id = k.id AND c.status != 'rejected'
           LEFT JOIN segments s ON s.id = c.segment_id
           WHERE k.dimension = 'theme' AND k.name NOT LIKE 'phase:%'
           GROUP BY k.id ORDER BY phase, segments DESC, k.id""").fetchall()
    frame = pd.DataFrame([dict(r) for r in rows], columns=COLUMNS)
    return frame[frame["phase"] == phase].reset_index(drop=True) if phase else frame


def theme_id(con, code: str) -> int:
    row = con.execute("SELECT id FROM codes WHERE dimension='theme' AND name=?", (code,)).fetchone()
    if row is None:
        raise UserError(f"no theme {code!r}", path=_path(con), hint="Project.themes() lists them")
    return row["id"]


def rename_theme(con, code: str, label: str) -> None:
    if not str(label).strip():
        raise UserError("a theme's name cannot be empty", path=_path(con))
    con.execute("UPDATE codes SET label=? WHERE id=?", (str(label).strip(), theme_id(con, code)))


def merge_themes(con, codes: list[str], into: str, label: str | None = None) -> int:
    target = theme_id(con, into)
    others = [theme_id(con, c) for c in codes if c != into]
    moved = 0
    for cid in others:
        con.execute("""DELETE FROM codings WHERE code_id=? AND segment_id IN
                       (SELECT segment_id FROM codings WHERE code_id=?)""", (cid, target))
        moved += con.execute("UPDATE codings SET code_id=? WHERE code_id=?", (target, cid)).rowcount
        con.execute("DELETE FROM codes WHERE id=?", (cid,))
    if label:
        con.execute("UPDATE codes SET label=? WHERE id=?", (label, target))
    return moved


def theme_to_code(con, code: str, name: str | None = None) -> int:
    theme = theme_id(con, code)
    label = con.execute("SELECT COALESCE(label, name) FROM codes WHERE id=?", (theme,)).fetchone()[0]
    new = tables.ensure_code(con, "custom", name or label, label=name or label)
    rows = con.execute(
        """SELECT segment_id, start, end, confidence FROM codings WHERE code_id=? AND status != 'rejected'
           AND segment_id NOT IN (SELECT segment_id FROM codings WHERE code_id=?)""", (theme, new)).fetchall()
    tables.insert_codings(con, [{"segment_id": r["segment_id"], "code_id": new, "start": r["start"],
                                 "end": r["end"], "origin": "topic", "coder": "theme",
                                 "confidence": r["confidence"], "note": f"from theme {label}"}
                                for r in rows], None)
    return len(rows)


def discover_themes(con, rule: dict | None, by: str = "phase", min_topic_size: int | None = None,
                    seed: int = 7, progress: bool = False, name: str | None = None) -> pd.DataFrame:
    """Fit themes on the evidence of the participants ``rule`` selects (everyone when None),
    grouped by ``by``; read-only."""
    from .coding.topics import TopicCoder
    from .coding_run import _current_phases
    from .mapping.persona import select_participants
    segs = tables.segments_frame(con, "s.is_evidence = 1")
    if rule is not None:
        keep = set(select_participants(con, rule))
        segs = segs[segs["participant_id"].isin(keep)].reset_index(drop=True)
    frame = _current_phases(con, segs, None) if by == "phase" else segs
    if by not in frame.columns:
        raise UserError(f"cannot group themes by {by!r}", hint="phase, language, source or speaker")
    frame = frame[frame[by].notna() & (frame[by].astype(str) != "none")].reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=["group", "theme_id", "label", "size", "words", "quotes"])
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=1, desc=f"themes for {name or 'everyone'}")
    coder = TopicCoder(group_column=by, min_topic_size=min_topic_size, seed=seed).fit(frame)
    if bar:
        bar.update(1)
        bar.close()
    out = coder.themes_[coder.themes_["theme_id"] != -1].copy()
    out["quotes"] = [[frame["text"].iat[r] for r in rows[:3]] for rows in out["representative_rows"]]
    return out[["group", "theme_id", "label", "size", "words", "quotes"]].reset_index(drop=True)
