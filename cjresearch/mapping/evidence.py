"""Which label counts for each segment: a person's word first, then the most confident machine
suggestion above a threshold. Rejected codings never count."""
from __future__ import annotations

import functools

import pandas as pd

from .. import lexicons
from ..frameworks import text_in
from ..nlp import fold
from ..tables import SEGMENTS_SQL, attach_text

SINGLE = ("phase", "evidence", "valence")
MULTI = ("touchpoint", "aspect", "theme")


def select_ids(con, ids: list[int]) -> str:
    """Load ids into a temp table (fast for 100k participants) and return its name."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _sel_participants(id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM _sel_participants")
    con.executemany("INSERT INTO _sel_participants(id) VALUES (?)", [(i,) for i in ids])
    return "_sel_participants"


def effective_labels(con, participant_ids: list[int], min_confidence: float = 0.0) -> pd.DataFrame:
    """One row per evidence segment of these participants with its winning labels and the
    coding ids behind them (``phase_cid``, ``evidence_cid``, ``valence_cid``), plus lists of
    touchpoint and theme/aspect codings."""
    table = select_ids(con, participant_ids)
    segs = pd.read_sql_query(SEGMENTS_SQL + f" WHERE s.is_evidence = 1 AND s.participant_id IN "
                             f"(SELECT id FROM {table})", con)
    segs = attach_text(con, segs, at=segs.columns.get_loc("end") + 1)
    codings = pd.read_sql_query(
        f"""SELECT c.id AS cid, c.segment_id, k.dimension, k.name AS code, k.label AS code_label,
                   c.origin, c.status, COALESCE(c.confidence, 1.0) AS confidence
            FROM codings c JOIN codes k ON k.id = c.code_id JOIN segments s ON s.id = c.segment_id
            WHERE s.is_evidence = 1 AND c.status != 'rejected'
              AND s.participant_id IN (SELECT id FROM {table})""", con)
    trusted = (codings["origin"] == "manual") | (codings["status"] == "accepted")
    codings = codings[trusted | (codings["confidence"] >= min_confidence)].copy()
    codings["trusted"] = trusted[codings.index].astype(int)
    codings = codings.sort_values(["segment_id", "dimension", "trusted", "confidence", "cid"],
                                  ascending=[True, True, False, False, True])
    out = segs.set_index("segment_id")
    for dim in SINGLE:
        first = codings[codings["dimension"] == dim].drop_duplicates(["segment_id"])
        out[dim] = first.set_index("segment_id")["code"]
        out[f"{dim}_cid"] = first.set_index("segment_id")["cid"]
    out["valence"] = pd.to_numeric(out["valence"], errors="coerce")
    for dim in MULTI:
        rows = codings[codings["dimension"] == dim]
        # a person's codes beat machine ones inside a dimension too: keep trusted if any
        if not rows.empty:
            best = rows.groupby("segment_id")["trusted"].transform("max")
            rows = rows[rows["trusted"] == best]
        out[dim] = rows.groupby("segment_id").apply(
            lambda g: list(zip(g["code"], g["cid"], g["code_label"])), include_groups=False) \
            if not rows.empty else None
    return out.reset_index()


@functools.lru_cache(maxsize=None)
def display_labels() -> dict:
    from importlib import resources
    import yaml
    return yaml.safe_load(resources.files("cjresearch").joinpath("lexicons/labels.yaml").read_text("utf-8"))



@functools.lru_cache(maxsize=None)
def aspect_labels() -> dict[str, dict]:
    data = lexicons.load("en", "aspects")
    return {k: (v or {}).get("label", {}) for k, v in data.items()}


def group_of(row, lang: str, lane: str | None = None) -> tuple[str, str]:
    """The group an evidence segment is counted under on the map: its first curated aspect
    (readable, defined in the lexicons), else its discovered theme, else "Other …"."""
    aspects = row.get("aspect")
    if isinstance(aspects, list) and aspects:
        code = aspects[0][0]
        return f"aspect:{code}", text_in(aspect_labels().get(code, {}), lang) or code.replace("_", " ")
    themes = row.get("theme")
    if isinstance(themes, list) and themes:
        code, _, label = themes[0]
        return f"theme:{code}", label or code
    return "general", general_label(lang, lane)


def general_label(lang: str, lane: str | None = None) -> str:
    """The name of a lane's catch-all group ("Other doubts"), or the generic one."""
    labels = display_labels()
    return text_in(labels["others"].get(lane) or labels["general"], lang)


def assign_phases(frame: pd.DataFrame, framework: dict) -> pd.Series:
    """Framework phase id for each segment, from its classic phase; where two framework phases
    share a classic id, the later one takes the segment when one of its cues appears."""
    by_classic: dict[str, list[dict]] = {}
    for phase in framework["phases"]:
        for cid in phase.get("classic") or []:
            by_classic.setdefault(cid, []).append(phase)

    def pick(row):
        options = by_classic.get(row["phase"])
        if not options:
            return None
        if len(options) == 1:
            return options[0]["id"]
        text = fold(row["text"] or "")
        lang = row["language"] if row["language"] in ("es", "en") else "en"
        for phase in options[1:]:
            cues = (phase.get("cues") or {}).get(lang) or {}
            if any(fold(str(c)).rstrip("*") in text for c in cues):
                return phase["id"]
        return options[0]["id"]

    if frame.empty:
        return pd.Series([], dtype=object)
    return frame.apply(pick, axis=1)
