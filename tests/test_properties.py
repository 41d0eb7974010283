"""Property tests: whatever bytes arrive, ingest either parses or raises the one documented
error type; and an older project migrates after a backup is written."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cjresearch import Project, UserError, store
from cjresearch.ingest import read

SUFFIXES = [".txt", ".md", ".vtt", ".srt", ".csv", ".docx", ".xlsx"]
TEXTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(st.binary(max_size=400), TEXTY.map(lambda t: t.encode("utf-8")),
                         st.lists(st.tuples(st.sampled_from(["Ana", "Sam", "Entrevistadora", "R1"]), TEXTY),
                                  max_size=6).map(lambda ts: "\n".join(f"{a}: {b}" for a, b in ts).encode())),
       suffix=st.sampled_from(SUFFIXES))
def test_ingest_parses_or_raises_only_user_error(tmp_path, payload, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(payload)
    try:
        src = read(path)
    except UserError as exc:
        assert path.name in str(exc)
        return
    for turn in src.turns:
        assert 0 <= turn.start <= turn.end <= len(src.text)


def test_older_project_is_migrated_after_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "old.cjproj"
    with Project.create(path) as p:
        p.add_persona("Keep me", {"household": "family"})
    # a future release adds a column; opening the v1 file must back it up, then migrate
    new_version = store.SCHEMA_VERSION + 1
    monkeypatch.setattr(store, "SCHEMA_VERSION", new_version)
    monkeypatch.setitem(store.MIGRATIONS, new_version, "ALTER TABLE personas ADD COLUMN colour TEXT")
    with Project.open(path) as p:
        assert store.schema_version(p.con) == new_version
        assert [x.name for x in p.personas()] == ["Keep me"]
        assert "colour" in {r[1] for r in p.con.execute("PRAGMA table_info(personas)")}
    backup = tmp_path / f"old.cjproj.v{new_version - 1}.bak"
    assert backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(new_version - 1)
    assert con.execute("SELECT name FROM personas").fetchall() == [("Keep me",)]
    con.close()


def test_a_failing_migration_leaves_the_project_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.cjproj"
    Project.create(path).close()
    new_version = store.SCHEMA_VERSION + 1
    monkeypatch.setattr(store, "SCHEMA_VERSION", new_version)
    monkeypatch.setitem(store.MIGRATIONS, new_version, "ALTER TABLE no_such_table ADD COLUMN x TEXT")
    with pytest.raises(UserError, match="cannot open the project"):
        Project.open(path)
    monkeypatch.undo()
    with Project.open(path) as p:
        assert store.schema_version(p.con) == store.SCHEMA_VERSION and p.doctor() == []


def test_a_version_1_project_gets_the_version_2_indexes_after_a_backup(tmp_path):
    """The real v1 → v2 step: a project written by the first schema opens, is backed up, and
    gains the Explorer's covering indexes without losing a row."""
    path = tmp_path / "old.cjproj"
    con = store.connect(path)
    for statement in store._statements(store.MIGRATIONS[1]):
        con.execute(statement)
    con.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    con.execute("INSERT INTO sources(name, kind, text, sha256) VALUES ('a.txt', 'interview', 'Hola, qué tal', 'x')")
    con.execute("INSERT INTO segments(source_id, start, end) VALUES (1, 0, 5)")
    con.close()
    with Project.open(path) as p:
        assert store.schema_version(p.con) == 2
        names = {r[0] for r in p.con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"segments_participant_language", "codings_segment_cover", "codings_code_confidence"} <= names
        assert p.con.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == 1
    backup = sqlite3.connect(tmp_path / "old.cjproj.v1.bak")
    assert backup.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
