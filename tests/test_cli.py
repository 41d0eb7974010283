"""The CLI mirrors the API; user errors are one line on stderr and exit 2, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import CORPORA, ROOT, write


def run(*args, cwd=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "cjresearch", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, env=env, timeout=300)


def test_full_workflow_through_the_cli(tmp_path):
    proj = tmp_path / "s.cjproj"
    assert run("init", proj).returncode == 0
    assert run("participants", proj, CORPORA / "participants.csv").returncode == 0
    interviews = sorted((CORPORA / "interviews").iterdir())[:4]
    r = run("import", proj, *interviews)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("segments") == 4
    r = run("personas", proj, CORPORA / "personas.yaml")
    assert r.returncode == 0 and r.stdout.count(":") >= 2
    r = run("code", proj)
    assert r.returncode == 0 and "suggestions" in r.stdout
    persona = r_persona = run("personas", proj).stdout.split(":")[0]
    r = run("map", proj, "--persona", persona)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "m.html"
    r = run("export", proj, "--persona", persona, "--format", "html", "-o", out)
    assert r.returncode == 0 and out.read_text("utf-8").startswith("<!doctype html>")
    assert run("doctor", proj).stdout.strip() == "ok"


@pytest.mark.parametrize("args, message", [
    (("import", "{proj}", "{tmp}/nothing.txt"), "file not found"),
    (("import", "{proj}", "{tmp}/empty.txt"), "file is empty"),
    (("import", "{proj}", "{tmp}/notes.pages"), "unknown file type"),
    (("import", "{proj}", "{tmp}/s.csv", "--text-column", "comment"), "no column named 'comment'"),
    (("map", "{proj}", "--persona", "Nobody"), "no persona named 'Nobody'"),
    (("code", "{tmp}/missing.cjproj"), "no project file"),
    (("export", "{proj}", "--persona", "Nobody", "-o", "{tmp}/x.html"), "no persona named"),
])
def test_user_errors_are_one_clear_line(tmp_path, args, message):
    proj = tmp_path / "p.cjproj"
    run("init", proj)
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "notes.pages", "x")
    write(tmp_path / "s.csv", "id,answer\n1,hola que tal estás hoy\n")
    r = run(*[a.format(proj=proj, tmp=tmp_path) for a in args])
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


@pytest.mark.parametrize("train_csv, message", [
    ("text,phase\nQuería algo más barato,awareness\nMe cobraron dos veces,checkout\n", "unknown phase labels ['checkout']"),
    ("answer,phase\nhola,awareness\n", "needs a 'text' column"),
    ("text,sentiment\nhola,positive\n", "needs a 'phase' and/or 'evidence' column"),
])
def test_bad_training_file_is_one_clear_line_and_the_output_is_untouched(tmp_path, train_csv, message):
    """--train is how a researcher's labels reach table mode: a bad file names itself and its
    problem in one line, and an OUT.csv from an earlier run is left exactly as it was."""
    pd.DataFrame({"text": ["Pedí el lunes y llegó el jueves."]}).to_csv(tmp_path / "in.csv", index=False)
    write(tmp_path / "labels.csv", train_csv)
    write(tmp_path / "out.csv", "id,phase\n1,purchase\n")
    r = run("code", tmp_path / "in.csv", "--text-column", "text", "--train", tmp_path / "labels.csv",
            "-o", tmp_path / "out.csv")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "labels.csv" in lines[0] and message in lines[0], lines
    assert (tmp_path / "out.csv").read_text() == "id,phase\n1,purchase\n"


def test_table_mode_keeps_rows_and_adds_labels(tmp_path):
    rows = pd.DataFrame({"id": [1, 2, 3], "text": [
        "Me enteré por un anuncio en la tele y me picó la curiosidad.",
        "The app crashed twice at checkout and charged me twice.",
        "No sé si renovar la suscripción, ha subido mucho el precio."]})
    rows.to_csv(tmp_path / "in.csv", index=False)
    r = run("code", tmp_path / "in.csv", "--text-column", "text", "-o", tmp_path / "out.csv")
    assert r.returncode == 0, r.stderr
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(out.columns) == ["id", "text", "phase", "evidence", "valence", "touchpoint", "confidence"]
    assert list(out.id) == [1, 2, 3]
    assert set(out.phase) <= {"awareness", "consideration", "purchase", "experience", "loyalty", "none"}
    assert set(out.evidence) <= {"motivation", "doubt", "pain", "delight", "other"}
    assert out.confidence.between(0, 1).all()
