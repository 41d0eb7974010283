"""Streamed survey import: chunk by chunk, the same rows the whole-file import stores; one
transaction per call (a bad row half-way leaves the project as it was); duplicates skipped."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

from cjresearch import Project  # noqa: E402
from cjresearch.errors import UserError  # noqa: E402
from cjresearch.ingest import stream  # noqa: E402

ATTRS = ["id", "language", "product", "persona", "age", "text"]


def survey(n: int, seed: int = 5, multiline: bool = True) -> pd.DataFrame:
    """Bilingual answers (es/en) with respondent id and attributes, plus a sparse second answer
    column, a multi-line answer with CRLF, a mojibake answer and a blank answer."""
    frame = synth.generate(n, seed=seed)[ATTRS].copy()
    frame["comment"] = ["" if i % 7 else t for i, t in enumerate(frame["text"][::-1])]
    frame.loc[3, "text"] = "El envÃ­o llegÃ³ tarde y la caja estaba rota, quÃ© pena."
    if multiline:
        frame.loc[10, "text"] = "Primera línea del pedido\r\nsegunda línea: llegó bien y a tiempo"
    frame.loc[12, "text"] = "   "
    return frame


def dump(path: Path) -> dict:
    """Every stored row that an import writes (not the import time stamp)."""
    con = sqlite3.connect(path)
    try:
        out = {"sources": con.execute(
            "SELECT id, name, kind, format, language, typeof(text), text, sha256, path, meta, "
            "warnings FROM sources ORDER BY id").fetchall()}
        for table in ("turns", "segments", "participants", "codes", "codings"):
            out[table] = con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        return out
    finally:
        con.close()


def imported(tmp_path, name, files, **options):
    p = Project.create(tmp_path / f"{name}.cjproj")
    try:
        results = p.import_files(files, **options)
    finally:
        p.close()
    return results, dump(tmp_path / f"{name}.cjproj")


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "encuesta.csv"
    survey(20_000).to_csv(path, index=False)
    return path


def test_streamed_import_stores_exactly_what_the_whole_file_import_stores(big_csv, tmp_path):
    whole, a = imported(tmp_path, "whole", [big_csv])
    streamed, b = imported(tmp_path, "streamed", [big_csv], chunksize=3_000, progress=False)
    assert whole == streamed
    assert streamed[0]["status"] == "imported"
    assert streamed[0]["participants"] == 19_999  # row 12 answered nothing
    assert streamed[0]["turns"] > 20_000  # the sparse second column adds answers
    for table in a:
        assert len(a[table]) == len(b[table]), table
        for row_a, row_b in zip(a[table], b[table]):
            assert row_a == row_b, table
    text = a["sources"][0][6]
    assert b["sources"][0][5] == "text"  # written through blob I/O, still TEXT (substr by chars)
    assert "El envío llegó tarde" in text and "Primera línea del pedido\nsegunda" in text
    assert "\r" not in text and len(a["segments"]) >= len(a["turns"])
    segment_languages = {row[9] for row in b["segments"]}
    assert segment_languages == {"es", "en"}  # detected per answer, in every chunk
    # offsets are character offsets into the stored text: the last segment quotes the last answer
    last = b["segments"][-1]
    assert text[last[3]:last[4]] == text.rsplit("\n\n", 1)[1]


def test_a_stray_byte_late_in_the_file_decodes_the_whole_file_the_same_way(tmp_path):
    # 10 000 rows are well past the first megabyte open_table sniffs the encoding from
    path = tmp_path / "latin.csv"
    frame = survey(10_000, seed=9)
    frame.loc[9_500, "text"] = "Pedí un café con leche y me trajeron un té frío, fatal el servicio."
    data = frame.to_csv(index=False).encode("utf-8")
    path.write_bytes(data.replace(b"caf\xc3\xa9", b"caf\xe9"))  # one cp1252 byte on row 9 500
    _, a = imported(tmp_path, "whole", [path])
    _, b = imported(tmp_path, "streamed", [path], chunksize=4_000)
    assert a == b
    assert "café" in a["sources"][0][6] and "envío" in a["sources"][0][6]


def _existing(tmp_path) -> Project:
    p = Project.create(tmp_path / "study.cjproj")
    small = tmp_path / "previa.csv"
    survey(300, seed=2).to_csv(small, index=False)
    interview = tmp_path / "entrevista.txt"
    interview.write_text("Entrevistador: ¿Cómo fue la compra?\n"
                         "Ana: Muy fácil, pero el envío tardó dos semanas y nadie me avisó.\n",
                         "utf-8")
    p.import_files([small, interview])
    return p


@pytest.mark.parametrize("damage, expect", [
    ("extra", "line 15000"),      # line 15 000 has two fields too many
    ("repeat", "row 14,999"),     # row 14 999 repeats the id of row 1
])
def test_a_bad_row_half_way_leaves_the_project_as_it_was(tmp_path, damage, expect):
    lines = survey(16_000, seed=4, multiline=False).to_csv(index=False).split("\n")
    if damage == "extra":
        lines[14_999] += ",sobra,de más"
    else:
        lines[14_999] = lines[1].split(",", 1)[0] + "," + lines[14_999].split(",", 1)[1]
    bad = tmp_path / "rota.csv"
    bad.write_text("\n".join(lines), "utf-8")
    p = _existing(tmp_path)
    try:
        before = dump(tmp_path / "study.cjproj")
        assert len(before["sources"]) == 2 and len(before["participants"]) > 300
        with pytest.raises(UserError) as err:
            p.import_files([bad], chunksize=2_000, progress=False)
        assert "rota.csv" in str(err.value) and expect in str(err.value)
        assert dump(tmp_path / "study.cjproj") == before
        assert not p.con.in_transaction
        # nothing is left half-open: the project takes the repaired file's first rows afterwards
        bad.write_text("\n".join(lines[:1_001]), "utf-8")
        r = p.import_files([bad], chunksize=300, progress=False)
        assert r[0]["status"] == "imported" and r[0]["participants"] == 999  # row 12: blank
        assert len(dump(tmp_path / "study.cjproj")["sources"]) == 3 and p.doctor() == []
    finally:
        p.close()


def test_duplicates_are_skipped_whichever_way_they_were_imported(tmp_path):
    path, copy = tmp_path / "a.csv", tmp_path / "copia.tsv"
    frame = survey(1_500, seed=3)
    frame.to_csv(path, index=False)
    frame.to_csv(copy, index=False, sep="\t")  # other bytes, same content
    p = Project.create(tmp_path / "d.cjproj")
    try:
        first = p.import_files([path])[0]
        before = dump(tmp_path / "d.cjproj")
        r = p.import_files([path, copy], chunksize=400, progress=False)
        assert [x["status"] for x in r] == ["skipped", "skipped"]
        assert {x["source_id"] for x in r} == {first["source_id"]}
        assert "already imported as 'a.csv'" in r[0]["warnings"][0]
        assert dump(tmp_path / "d.cjproj") == before
    finally:
        p.close()
    # streamed first, then whole; and the same file twice in one streamed call
    p = Project.create(tmp_path / "e.cjproj")
    try:
        r = p.import_files([path, copy], chunksize=400, progress=False)
        assert [x["status"] for x in r] == ["imported", "skipped"]
        assert p.import_files([copy])[0]["status"] == "skipped"
        assert len(dump(tmp_path / "e.cjproj")["sources"]) == 1
    finally:
        p.close()


def test_big_files_stream_without_being_asked(tmp_path, monkeypatch):
    path = tmp_path / "s.csv"
    survey(500).to_csv(path, index=False)
    assert not stream.should_stream(path, None)
    assert stream.should_stream(path, 100)
    assert not stream.should_stream(tmp_path / "s.xlsx", 100)
    calls = []
    real = stream.import_survey_stream
    monkeypatch.setattr(stream, "import_survey_stream",
                        lambda *a, **k: calls.append(k["chunksize"]) or real(*a, **k))
    monkeypatch.setattr(stream, "STREAM_THRESHOLD", path.stat().st_size - 1)
    assert stream.should_stream(path, None)
    with Project.create(tmp_path / "t.cjproj") as p:
        assert p.import_files([path], progress=False)[0]["status"] == "imported"
    assert calls == [None]


def test_progress_bar_on_rows_and_off_when_asked(tmp_path, capsys):
    path = tmp_path / "s.csv"
    survey(900).to_csv(path, index=False)
    with Project.create(tmp_path / "a.cjproj") as p:
        p.import_files([path], chunksize=300, progress=True)
    err = capsys.readouterr().err
    assert "importing s.csv" in err and "900" in err and "rows" in err
    with Project.create(tmp_path / "b.cjproj") as p:
        p.import_files([path], chunksize=300, progress=False)
    assert "importing" not in capsys.readouterr().err


def test_cli_chunksize(tmp_path):
    from click.testing import CliRunner

    from cjresearch.cli import cli
    path = tmp_path / "s.csv"
    survey(600).to_csv(path, index=False)
    proj = tmp_path / "c.cjproj"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(proj)]).exit_code == 0
    r = runner.invoke(cli, ["import", str(proj), str(path), "--chunksize", "250"])
    assert r.exit_code == 0, r.output
    assert "s.csv: " in r.output and "599 participants" in r.output
    assert runner.invoke(cli, ["import", str(proj), str(path), "--chunksize", "0"]).exit_code == 2
    r = runner.invoke(cli, ["import", str(proj), str(path), "--chunksize", "250"])
    assert r.exit_code == 0 and "skipped" in r.output
