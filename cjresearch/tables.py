"""Row-level reads and writes over the project store, as tidy DataFrames where they leave it.

Pure SQL helpers; the :class:`~cjresearch.project.Project` façade decides what is one transaction.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import pandas as pd

from .model import ParsedSource, Segment
from .nlp import fold


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(parsed: ParsedSource) -> str:
    h = hashlib.sha256()
    h.update(parsed.kind.encode())
    h.update(b"\0")
    h.update(parsed.text.encode("utf-8"))
    return h.hexdigest()


def find_source_by_hash(con, sha: str):
    return con.execute("SELECT id, name FROM sources WHERE sha256=?", (sha,)).fetchone()


def insert_source(con, parsed: ParsedSource, sha: str, path: str, language: str | None) -> int:
    cur = con.execute(
        """INSERT INTO sources(name, kind, format, language, text, sha256, path, meta, warnings,
                               imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)""",
        (parsed.name, parsed.kind, parsed.format, language, parsed.text, sha, path,
         json.dumps(parsed.meta, default=str), json.dumps(parsed.warnings), now()))
    return cur.lastrowid


# -- participants ---------------------------------------------------------------------------

def participant_index(con) -> dict[str, tuple[int, str]]:
    """folded key or name -> (id, role)."""
    out = {}
    for row in con.execute("SELECT id, key, name, role FROM participants"):
        out.setdefault(fold(row["key"]), (row["id"], row["role"]))
        if row["name"]:
            out.setdefault(fold(row["name"]), (row["id"], row["role"]))
    return out


def upsert_participant(con, key: str, name: str | None = None, role: str = "participant",
                       attributes: dict | None = None, merge: bool = True) -> int:
    row = con.execute("SELECT id, attributes FROM participants WHERE key=?", (key,)).fetchone()
    if row is None and name:  # a transcript may have created it under the speaker's name
        row = con.execute("SELECT id, attributes FROM participants WHERE key=? AND "
                          "(name IS NULL OR name=?)", (name, name)).fetchone()
        if row is not None:
            con.execute("UPDATE participants SET key=? WHERE id=?", (key, row["id"]))
    if row is None:
        cur = con.execute("INSERT INTO participants(key, name, role, attributes) VALUES (?,?,?,?)",
                          (key, name, role, json.dumps(attributes or {}, default=str)))
        return cur.lastrowid
    attrs = json.loads(row["attributes"]) if merge else {}
    attrs.update({k: v for k, v in (attributes or {}).items() if v is not None})
    con.execute("UPDATE participants SET name=COALESCE(?, name), role=?, attributes=? WHERE id=?",
                (name, role, json.dumps(attrs, default=str), row["id"]))
    return row["id"]


def participants_frame(con) -> pd.DataFrame:
    rows = con.execute("SELECT id, key, name, role, attributes FROM participants").fetchall()
    records = [{"participant_id": r["id"], "key": r["key"], "name": r["name"], "role": r["role"],
                **json.loads(r["attributes"])} for r in rows]
    return pd.DataFrame.from_records(records)


# -- turns and segments ---------------------------------------------------------------------

def insert_turns(con, source_id: int, parsed: ParsedSource, participant_ids: list, evidence: list,
                 first_idx: int = 0) -> list[int]:
    """``first_idx``: the index of the first turn (a streamed import stores a source in chunks)."""
    ids = []
    for i, (turn, pid, ev) in enumerate(zip(parsed.turns, participant_ids, evidence), start=first_idx):
        cur = con.execute(
            """INSERT INTO turns(source_id, idx, start, end, speaker, participant_id, is_evidence,
                                 t0, t1, question, language) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
            (source_id, i, turn.start, turn.end, turn.speaker, pid, int(ev), turn.t0, turn.t1,
             turn.question, turn.language))
        ids.append(cur.lastrowid)
    return ids


def insert_segments(con, source_id: int, segments: list[Segment], turn_ids: list[int],
                    participant_ids: list) -> int:
    rows = [(source_id, turn_ids[s.turn_index], s.start, s.end, participant_ids[s.turn_index],
             s.speaker, s.t0, s.t1, s.language, int(s.is_evidence)) for s in segments]
    con.executemany(
        """INSERT INTO segments(source_id, turn_id, start, end, participant_id, speaker, t0, t1,
                                language, is_evidence) VALUES (?,?,?,?,?,?,?,?,?,?)""", rows)
    return len(rows)


SEGMENTS_SQL = """
SELECT s.id AS segment_id, s.source_id, src.name AS source, src.kind AS source_kind,
       s.start, s.end,
       s.speaker, p.key AS participant, s.participant_id, s.t0, s.t1, s.language, s.is_evidence,
       t.question
FROM segments s JOIN sources src ON src.id = s.source_id
LEFT JOIN participants p ON p.id = s.participant_id
LEFT JOIN turns t ON t.id = s.turn_id
"""


def segments_frame(con, where: str = "", params=()) -> pd.DataFrame:
    frame = pd.read_sql_query(SEGMENTS_SQL + (" WHERE " + where if where else "") +
                              " ORDER BY s.source_id, s.start", con, params=params)
    return attach_text(con, frame, at=frame.columns.get_loc("end") + 1)


def attach_text(con, frame: pd.DataFrame, at: int | None = None, start: str = "start", end: str = "end",
                source: str = "source_id", column: str = "text") -> pd.DataFrame:
    """Add the quoted text of each row (``source`` text from ``start`` to ``end``), sliced in
    Python with each source read once. SQLite's ``substr()`` on UTF-8 text walks from the first
    character, so in one big survey source every quote cost O(source length): 20k answers took
    minutes, a million would never finish."""
    out = [None] * len(frame)
    if len(frame):
        starts, ends = frame[start].to_numpy(), frame[end].to_numpy()
        for sid, rows in frame.groupby(source, sort=False).indices.items():
            row = con.execute("SELECT text FROM sources WHERE id=?", (int(sid),)).fetchone()
            text = (row[0] if row else None) or ""
            for i in rows:
                out[i] = text[int(starts[i]):int(ends[i])]
    frame.insert(len(frame.columns) if at is None else at, column, pd.Series(out, index=frame.index, dtype=object))
    return frame


# -- codes and codings ----------------------------------------------------------------------

def ensure_code(con, dimension: str, name: str, label: str | None = None, parent_id=None,
                description: str | None = None, colour: str | None = None) -> int:
    row = con.execute("SELECT id FROM codes WHERE dimension=? AND name=?", (dimension, name)).fetchone()
    if row:
        return row["id"]
    cur = con.execute("INSERT INTO codes(dimension, name, label, parent_id, description, colour) "
                      "VALUES (?,?,?,?,?,?)", (dimension, name, label, parent_id, description, colour))
    return cur.lastrowid


def code_ids(con) -> dict[tuple[str, str], int]:
    return {(r["dimension"], r["name"]): r["id"] for r in con.execute("SELECT id, dimension, name FROM codes")}


CODINGS_SQL = """
SELECT c.id AS coding_id, c.segment_id, c.code_id, k.dimension, k.name AS code, c.start, c.end,
       c.origin, c.coder, c.confidence, c.author, c.status, c.created_at, c.note,
       s.source_id, s.participant_id, p.key AS participant, s.language, s.is_evidence
FROM codings c JOIN codes k ON k.id = c.code_id JOIN segments s ON s.id = c.segment_id
LEFT JOIN participants p ON p.id = s.participant_id
"""


def codings_frame(con, where: str = "", params=()) -> pd.DataFrame:
    return pd.read_sql_query(CODINGS_SQL + (" WHERE " + where if where else "") + " ORDER BY c.id",
                             con, params=params)


def insert_codings(con, rows: list[dict], run_id: int | None) -> int:
    stamp = now()
    con.executemany(
        """INSERT INTO codings(segment_id, code_id, start, end, origin, coder, confidence, author,
                               status, created_at, run_id, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
        [(r["segment_id"], r["code_id"], r["start"], r["end"], r["origin"], r.get("coder"),
          r.get("confidence"), r.get("author"), r.get("status", "suggested"), stamp, run_id,
          r.get("note")) for r in rows])
    return len(rows)
