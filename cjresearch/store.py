"""The SQLite project file: schema, migrations, transactions.

One file per project, WAL journal, every user action one ``atomic()`` transaction: a failure
part-way (bad input, a crash, a kill) leaves the project exactly as it was before the action.
"""
from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import time
from pathlib import Path

from .errors import UserError

SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, format TEXT,
  language TEXT, text TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, path TEXT,
  meta TEXT NOT NULL DEFAULT '{}', warnings TEXT NOT NULL DEFAULT '[]', imported_at TEXT);
CREATE TABLE participants(
  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT,
  role TEXT NOT NULL DEFAULT 'participant', attributes TEXT NOT NULL DEFAULT '{}');
CREATE TABLE turns(
  id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, speaker TEXT,
  participant_id INTEGER REFERENCES participants(id), is_evidence INTEGER NOT NULL DEFAULT 1,
  t0 REAL, t1 REAL, question TEXT, language TEXT);
CREATE TABLE segments(
  id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE, start INTEGER NOT NULL,
  end INTEGER NOT NULL, participant_id INTEGER REFERENCES participants(id), speaker TEXT,
  t0 REAL, t1 REAL, language TEXT, is_evidence INTEGER NOT NULL DEFAULT 1,
  CHECK (start >= 0 AND end > start));
CREATE TABLE codes(
  id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES codes(id), dimension TEXT NOT NULL,
  name TEXT NOT NULL, label TEXT, description TEXT, memo TEXT, colour TEXT,
  UNIQUE(dimension, name));
CREATE TABLE runs(id INTEGER PRIMARY KEY, coder TEXT NOT NULL, params TEXT, created_at TEXT);
CREATE TABLE codings(
  id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  code_id INTEGER NOT NULL REFERENCES codes(id), start INTEGER NOT NULL, end INTEGER NOT NULL,
  origin TEXT NOT NULL, coder TEXT, confidence REAL, author TEXT, status TEXT NOT NULL,
  created_at TEXT, run_id INTEGER REFERENCES runs(id), note TEXT,
  CHECK (status IN ('suggested','accepted','rejected')),
  CHECK (origin IN ('manual','rule','topic','model','ensemble')),
  CHECK (end > start));
CREATE TABLE personas(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, summary TEXT NOT NULL DEFAULT '{}',
  picture TEXT, rule TEXT NOT NULL DEFAULT '{}');
CREATE TABLE frameworks(id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE maps(
  id INTEGER PRIMARY KEY, persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  framework TEXT NOT NULL, language TEXT, created_at TEXT, updated_at TEXT,
  UNIQUE(persona_id, framework));
CREATE TABLE map_items(
  id INTEGER PRIMARY KEY, map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
  lane TEXT NOT NULL, phase TEXT, statement TEXT NOT NULL, status TEXT NOT NULL,
  origin TEXT NOT NULL, key TEXT, position INTEGER NOT NULL DEFAULT 0, edited INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT);
CREATE UNIQUE INDEX map_items_key ON map_items(map_id, key) WHERE key IS NOT NULL;
CREATE TABLE map_item_evidence(
  item_id INTEGER NOT NULL REFERENCES map_items(id) ON DELETE CASCADE,
  coding_id INTEGER NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
  PRIMARY KEY(item_id, coding_id));
CREATE INDEX turns_source ON turns(source_id);
CREATE INDEX segments_source ON segments(source_id, start);
CREATE INDEX segments_participant ON segments(participant_id);
CREATE INDEX codings_segment ON codings(segment_id);
CREATE INDEX codings_code ON codings(code_id, status);
CREATE INDEX codings_origin ON codings(origin, status);
CREATE INDEX evidence_coding ON map_item_evidence(coding_id);
"""

# Ordered migrations: version -> SQL script. A new version appends here; never edit old ones.
# v2: covering indexes for the Explorer's queries at a million segments (bench/bench_store.py)
_V2 = """
CREATE INDEX segments_participant_language ON segments(participant_id, language, is_evidence);
CREATE INDEX codings_segment_cover ON codings(segment_id, code_id, origin, status, confidence);
CREATE INDEX codings_code_confidence ON codings(code_id, origin, confidence, status, segment_id);
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2}


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA busy_timeout = 30000")
    con.execute("PRAGMA foreign_keys = ON")
    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":  # e.g. a read-only medium: still usable, just not concurrent
        con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA synchronous = NORMAL")
    return con


@contextlib.contextmanager
def atomic(con: sqlite3.Connection):
    """One user action = one transaction. ``BEGIN IMMEDIATE`` takes the write lock up front, so
    two kernels writing to one project wait for each other instead of failing half-way."""
    if con.in_transaction:  # nested: the outer block owns commit/rollback
        yield con
        return
    for attempt in range(20):
        try:
            con.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
    else:
        raise UserError("the project is locked by another process; try again", path=_path(con))
    try:
        yield con
    except BaseException:
        _rollback(con)  # a failing ROLLBACK must not hide the error that caused it
        raise
    try:
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)  # never leave a transaction open: later actions would nest into it
        raise


def _rollback(con) -> None:
    if con.in_transaction:
        try:
            con.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _path(con) -> str:
    row = con.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "project"


def schema_version(con) -> int:
    has_meta = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con, path: Path) -> list[int]:
    """Bring the schema to ``SCHEMA_VERSION``; back up an existing older project first."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise UserError(
            f"project schema version {current} is newer than this cjresearch understands "
            f"({SCHEMA_VERSION})", path=path, hint="upgrade cjresearch to open it")
    pending = [v for v in sorted(MIGRATIONS) if v > current]
    if pending and current > 0:
        backup = path.with_name(f"{path.name}.v{current}.bak")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
    for version in pending:
        with atomic(con):
            for statement in _statements(MIGRATIONS[version]):
                con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                        (str(version),))
    return pending


def _statements(script: str):
    for part in script.split(";"):
        if part.strip():
            yield part


def get_meta(con, key: str, default=None):
    row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_meta(con, key: str, value) -> None:
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, json.dumps(value)))


def check_integrity(con) -> list[str]:
    """Problems found (empty when healthy): SQLite's own check plus our invariants."""
    problems = []
    result = con.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        problems.append(f"sqlite integrity_check: {result}")
    fk = con.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"{len(fk)} rows break a foreign key")
    # offsets checked in Python, one source at a time: SQLite's length()/substr() on UTF-8 text
    # walk it from the start, which made this check quadratic in a big survey source
    bad = shifted = 0
    blank = " \t\n"
    for (sid,) in con.execute("SELECT id FROM sources").fetchall():
        text = con.execute("SELECT text FROM sources WHERE id=?", (sid,)).fetchone()[0] or ""
        for start, end in con.execute("SELECT start, end FROM segments WHERE source_id=?", (sid,)):
            if end > len(text):
                bad += 1
            elif text[start:start + 1].strip(blank) == "" or text[end - 1:end].strip(blank) == "":
                shifted += 1
    if bad:
        problems.append(f"{bad} segments end past their source text")
    if shifted:
        problems.append(f"{shifted} segments start or end on white space: their offsets no longer "
                        "match the text")
    orphans = con.execute(
        """SELECT COUNT(*) FROM map_item_evidence e LEFT JOIN codings c ON c.id = e.coding_id
           WHERE c.id IS NULL""").fetchone()[0]
    if orphans:
        problems.append(f"{orphans} map evidence links point at codings that no longer exist")
    outside = con.execute(
        """SELECT COUNT(*) FROM codings c JOIN segments s ON s.id = c.segment_id
           WHERE c.start < s.start OR c.end > s.end""").fetchone()[0]
    if outside:
        problems.append(f"{outside} codings fall outside their segment")
    return problems
