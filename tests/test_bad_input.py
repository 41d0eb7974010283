"""Bad-input matrix: every kind of broken input, fed through the ``Project`` façade into a project
that already holds data. Each case either raises one :class:`UserError` naming the file and the
problem, or is a documented repair reported as a warning in the import result. After every case
the project passes ``doctor()`` and holds what it held before (plus the repaired source).

Fixtures live in ``tests/data/bad/`` and are written by ``tests/data/bad/make_fixtures.py``; the
10 MB single-line file is generated here in ``tmp_path``.
"""
from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest

from cjresearch import Project
from cjresearch.errors import UserError

BAD = Path(__file__).resolve().parent / "data" / "bad"
TABLES = ("sources", "segments", "codings", "participants", "turns", "personas", "frameworks")


def counts(project: Project) -> dict[str, int]:
    return {t: project.con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def loaded(tmp_path):
    """A project that already holds a participants list, a persona and one good transcript."""
    p = Project.create(tmp_path / "study.cjproj")
    p.import_participants(BAD / "participants.csv")
    p.add_persona("Familia", rule={"household": "family"})
    [result] = p.import_files([BAD / "good.txt"])
    assert result["status"] == "imported" and result["segments"] > 0
    assert p.doctor() == []
    yield p
    p.close()


# ---------------------------------------------------------------------------------------------
# Cases that must fail with one UserError naming the file and the problem.
# Each entry: id -> (action(project, tmp_path) , name expected in the message, problem words)

def _files(*names, **options):
    return lambda p, tmp: p.import_files([BAD / n for n in names], **options)


def _directory(p, tmp):
    folder = tmp / "interviews"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana: hola\n", "utf-8")
    return p.import_files([folder])


def _future_schema(p, tmp):
    other = Project.create(tmp / "future.cjproj")
    other.con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    other.con.commit()
    other.close()
    return Project.open(tmp / "future.cjproj")


ERRORS = {
    "empty-file": (_files("empty.txt"), "empty.txt", ["empty"]),
    "whitespace-only": (_files("whitespace.txt"), "whitespace.txt", ["empty"]),
    "binary-renamed-txt": (_files("binary.txt"), "binary.txt", ["binary"]),
    "pdf-renamed-txt": (_files("scan.txt"), "scan.txt", ["PDF"]),
    "truncated-docx": (_files("truncated.docx"), "truncated.docx", ["damaged", "truncated"]),
    "truncated-xlsx": (_files("truncated.xlsx"), "truncated.xlsx", ["Excel", "damaged"]),
    "csv-missing-text-column": (_files("no_text_column.csv"), "no_text_column.csv",
                                ["cannot tell which column holds the answers"]),
    "csv-named-text-column-missing": (_files("semicolon.csv", text_columns=["comment"]),
                                      "semicolon.csv", ["no column named 'comment'", "answer"]),
    "csv-duplicate-respondent-ids": (_files("duplicate_ids.csv"), "duplicate_ids.csv",
                                     ["repeat", "D1"]),
    "vtt-malformed-timestamp": (_files("bad_timestamp.vtt"), "bad_timestamp.vtt",
                                ["malformed", "00:0x:03.000"]),
    "vtt-without-header": (_files("no_header.vtt"), "no_header.vtt", ["WEBVTT"]),
    "srt-end-before-start": (_files("end_before_start.srt"), "end_before_start.srt",
                             ["ends", "before it starts"]),
    "unknown-extension": (_files("notes.pages"), "notes.pages", ["unknown file type '.pages'"]),
    "directory-path": (_directory, "interviews", ["folder"]),
    "nonexistent-path": (_files("no_such_interview.txt"), "no_such_interview.txt", ["not found"]),
    "bad-file-in-good-batch": (_files("latin1.txt", "empty.txt"), "empty.txt", ["empty"]),
    "map-unknown-framework": (lambda p, tmp: p.map("Familia", framework="no-such-framework"),
                              "no-such-framework", ["unknown framework"]),
    "framework-broken-yaml": (lambda p, tmp: p.add_framework(BAD / "broken_framework.yaml"),
                              "broken_framework.yaml", ["not valid YAML"]),
    "personas-yaml-not-a-list": (lambda p, tmp: p.import_personas(BAD / "personas_mapping.yaml"),
                                 "personas_mapping.yaml", ["expected a list"]),
    "participants-without-id-column": (
        lambda p, tmp: p.import_participants(BAD / "participants_no_id.csv"),
        "participants_no_id.csv", ["no column 'id'", "name, role, age"]),
    "participants-repeated-id": (lambda p, tmp: p.import_participants(BAD / "participants_repeat.csv"),
                                 "participants_repeat.csv", ["line 4", "'P1' repeats"]),
    "project-not-sqlite": (lambda p, tmp: Project.open(BAD / "not_sqlite.cjproj"),
                           "not_sqlite.cjproj", ["not a cjresearch project"]),
    "project-future-schema": (_future_schema, "future.cjproj", ["schema version 99", "newer"]),
}


@pytest.mark.parametrize("action, name, problems", list(ERRORS.values()), ids=list(ERRORS))
def test_bad_input_is_one_user_error_and_changes_nothing(loaded, tmp_path, action, name, problems):
    before = counts(loaded)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no stray warnings either: the error says it all
        with pytest.raises(UserError) as info:
            action(loaded, tmp_path)
    message = str(info.value)
    assert name in message, message
    problem = message.replace(str(info.value.path or ""), "")  # the words must not come from the name
    for words in problems:
        assert words.lower() in problem.lower(), message
    assert "\n" not in message, "one line, like the CLI prints it"
    assert loaded.doctor() == []
    assert counts(loaded) == before


# ---------------------------------------------------------------------------------------------
# Cases that are repaired: the file is imported as one new source, with a warning that says what
# was done, and nothing else in the project changes (beyond that source's turns/segments/people).

REPAIRS = {
    "latin-1": ("latin1.txt", {}, ["decoded as", "not UTF-8"], "El envío llegó tarde"),
    "cp1252": ("cp1252.txt", {}, ["decoded as cp1252"], "4,99 € de envío — demasiado"),
    "utf-16-with-bom": ("utf16_bom.txt", {}, ["decoded as utf-16"], "El envío llegó tarde"),
    "repairable-mojibake": ("mojibake.txt", {}, ["repaired mojibake in 7 words", "'Â¿QuÃ©' -> '¿Qué'"],
                            "El envío llegó tarde y pagué el recargo de más; qué pena."),
    "unrepairable-damage-kept": ("damaged.txt", {}, ["damaged beyond repair", "adquisicii?n",
                                                     "kept as is"], "primera adquisicii?n dudaba"),
    "nul-bytes-in-text": ("nul_bytes.txt", {}, ["removed NUL"], "Llegó sin la leche y tuve"),
    "csv-semicolon-delimiter": ("semicolon.csv", {}, [], "Llegó tarde; y sin bolsas, otra vez"),
    "csv-tab-delimiter-in-csv": ("tabs.csv", {}, [], "The courier was early, polite and careful"),
    "csv-quoted-newlines": ("quoted_newlines.csv", {}, [],
                            "First line of the answer\nsecond line, still the same answer"),
    "interviewer-only": ("interviewer_only.txt", {}, ["interviewer"], "¿Y la primera compra?"),
}


@pytest.mark.parametrize("name, options, expected, excerpt", list(REPAIRS.values()), ids=list(REPAIRS))
def test_repaired_input_adds_one_source_with_a_warning(loaded, name, options, expected, excerpt):
    before = counts(loaded)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        [result] = loaded.import_files([BAD / name], **options)
    assert result["status"] == "imported", result
    assert name in result["file"]
    joined = " | ".join(result["warnings"])
    for words in expected:
        assert words in joined, result["warnings"]
    if not expected:  # a well-formed variant: nothing to warn about
        assert result["warnings"] == [], result["warnings"]
    text = loaded.con.execute("SELECT text FROM sources WHERE id=?", (result["source_id"],)).fetchone()[0]
    assert excerpt in text
    assert "\x00" not in text and "\r" not in text
    _assert_only_new_source(loaded, before, result)


def _assert_only_new_source(project, before, result):
    assert project.doctor() == []
    after = counts(project)
    assert after["sources"] == before["sources"] + 1
    assert after["codings"] == before["codings"]
    assert after["personas"] == before["personas"] and after["frameworks"] == before["frameworks"]
    sid = result["source_id"]
    for table in ("segments", "turns"):
        added = project.con.execute(f"SELECT COUNT(*) FROM {table} WHERE source_id=?", (sid,)).fetchone()[0]
        assert after[table] == before[table] + added
    # the old source is untouched
    assert project.con.execute("SELECT COUNT(*) FROM segments WHERE source_id != ?",
                               (sid,)).fetchone()[0] == before["segments"]
    # new participants are only the new file's speakers/respondents, never a copy of old ones
    keys = [r[0] for r in project.con.execute("SELECT key FROM participants")]
    assert len(keys) == len(set(keys)) == after["participants"]


def test_survey_respondents_become_participants_once(loaded):
    before = counts(loaded)
    [result] = loaded.import_files([BAD / "semicolon.csv"])
    assert counts(loaded)["participants"] == before["participants"] + 2
    assert result["segments"] == 2


def test_ten_mb_single_line(loaded, tmp_path):
    """A 10 MB file with no line break at all (an export gone wrong): one 10-million-character
    turn cannot be split into sentences, so it is refused with one clear error (it used to end
    in spaCy's ValueError E088 after the file had been read)."""
    path = tmp_path / "one_line.txt"
    sentence = "El pedido llego tarde otra vez y nadie avisó del retraso. "
    path.write_bytes((sentence * (10 * 2**20 // len(sentence.encode()) + 1)).encode()[: 10 * 2**20])
    assert path.stat().st_size == 10 * 2**20 and b"\n" not in path.read_bytes()
    before = counts(loaded)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserError) as info:
            loaded.import_files([path])
    message = str(info.value)
    assert "one_line.txt" in message and "characters long" in message and "no line breaks" in message
    assert "\n" not in message
    assert loaded.doctor() == [] and counts(loaded) == before
