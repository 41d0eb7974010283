"""The façade over a real SQLite file: transactions, re-import, personas, manual codes."""
from __future__ import annotations

import sqlite3

import pytest

from cjresearch import Project, UserError
from cjresearch.store import SCHEMA_VERSION
from conftest import write

TRANSCRIPT = """Entrevistadora: ¿Cómo conociste el servicio?
Marta: Me lo recomendó mi cuñada, que lo usa cada semana.
Entrevistadora: ¿Qué tal el primer pedido?
Marta: El repartidor llegó una hora tarde y faltaban los yogures. Me enfadé bastante.
"""
PARTICIPANTS = "id,name,role,household,children,age\nP01,Marta,participant,family,2,38\nI01,Entrevistadora,interviewer,,,\n"


def counts(p):
    return {t: p.con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sources", "turns", "segments", "participants", "codings")}


def test_import_links_speakers_to_participants_and_skips_interviewer(project, tmp_path):
    project.import_participants(write(tmp_path / "people.csv", PARTICIPANTS))
    [result] = project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    assert result["status"] == "imported" and result["language"] == "es"
    segs = project.segments()
    evidence = segs[segs.is_evidence == 1]
    assert set(evidence.participant) == {"P01"}
    assert set(segs[segs.is_evidence == 0].text) == {"¿Cómo conociste el servicio?",
                                                     "¿Qué tal el primer pedido?"}
    text = project.con.execute("SELECT text FROM sources").fetchone()[0]
    for row in segs.itertuples():
        assert text[row.start:row.end] == row.text


def test_interviewer_guessed_from_questions_when_unnamed(project, tmp_path):
    text = TRANSCRIPT.replace("Entrevistadora", "Laura")
    [result] = project.import_files([write(tmp_path / "m.txt", text)])
    assert any("treated 'Laura' as the interviewer" in w for w in result["warnings"])
    assert project.participants().set_index("key").loc["Laura", "role"] == "interviewer"


def test_reimport_same_content_does_not_duplicate(project, tmp_path):
    f = write(tmp_path / "marta.txt", TRANSCRIPT)
    project.import_files([f])
    before = counts(project)
    [again] = project.import_files([write(tmp_path / "copy-of-marta.txt", TRANSCRIPT)])
    assert again["status"] == "skipped" and counts(project) == before


def test_a_bad_file_in_a_batch_stores_nothing(project, tmp_path):
    project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    before = counts(project)
    good = write(tmp_path / "other.txt", TRANSCRIPT.replace("Marta", "Lucía"))
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(UserError, match="scan.txt"):
        project.import_files([good, bad])
    assert counts(project) == before
    assert project.doctor() == []


def test_project_from_the_future_is_refused(tmp_path):
    path = tmp_path / "new.cjproj"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(UserError, match="newer"):
        Project.open(path)


def test_not_a_project(tmp_path):
    with pytest.raises(UserError, match="not a cjresearch project"):
        Project.open(write(tmp_path / "notes.cjproj", "hello"))
    with pytest.raises(UserError, match="no project file"):
        Project.open(tmp_path / "missing.cjproj")


def test_personas_select_by_attributes(project, tmp_path):
    project.import_participants(write(tmp_path / "people.csv", PARTICIPANTS + "P02,Tom,participant,single,0,27\n"))
    project.add_persona("Familias", {"household": ["family"], "children": {"min": 1}})
    from cjresearch.mapping import select_participants
    keys = {project.con.execute("SELECT key FROM participants WHERE id=?", (i,)).fetchone()[0]
            for i in select_participants(project.con, project.persona("Familias").rule)}
    assert keys == {"P01"}
    with pytest.raises(UserError, match="no persona named 'Nadie'.*Familias"):
        project.persona("Nadie")
    with pytest.raises(UserError, match="min"):
        project.add_persona("Bad", {"age": {"from": 3}})


def test_manual_tag_is_accepted_and_never_replaced_by_machine(project, tmp_path):
    project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    seg = project.segments(evidence_only=True).iloc[-1]
    cid = project.tag(int(seg.segment_id), "pain", dimension="evidence", author="ana")
    project.code()
    project.code()  # twice: the coder's own suggestions are replaced, nothing else
    codings = project.codings()
    manual = codings[codings.origin == "manual"]
    assert list(manual.coding_id) == [cid] and manual.iloc[0].status == "accepted"
    machine = codings[codings.origin != "manual"]
    assert (machine.status == "suggested").all()
    per_dim = machine.groupby(["segment_id", "dimension"]).size()
    assert per_dim.loc[(int(seg.segment_id), "phase")] == 1 and per_dim.loc[(int(seg.segment_id), "evidence")] == 1
    with pytest.raises(UserError, match="outside segment"):
        project.tag(int(seg.segment_id), "x", start=0, end=3)


def test_rejected_suggestion_is_not_suggested_again(project, tmp_path):
    project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    project.code()
    first = project.codings()
    target = first[(first.dimension == "phase")].iloc[0]
    project.reject([int(target.coding_id)])
    project.code()
    again = project.codings()
    same = again[(again.segment_id == target.segment_id) & (again.code_id == target.code_id)]
    assert list(same.status) == ["rejected"]


def test_accepting_and_rejecting_changes_the_next_suggestions(project, tmp_path):
    lines = ["Marta: Me apunté al programa de puntos y ya canjeé dos vales.",
             "Marta: Los puntos se acumulan con cada compra, está bien.",
             "Marta: Con los puntos me llevé una batidora gratis.",
             "Marta: Me enteré por un anuncio en la radio.",
             "Marta: El repartidor llegó tarde y sin disculparse.",
             "Marta: Canjear los puntos en la app es facilísimo."]
    project.import_files([write(tmp_path / "m.txt", "\n".join(lines) + "\n")])
    project.code(coders=["semantic"])
    first = project.codings()
    phase = first[first.dimension == "phase"].set_index("segment_id")
    segs = project.segments(evidence_only=True).set_index("segment_id")
    points = [s for s in segs.index if "puntos" in segs.text[s]]
    assert len(points) == 4
    taught, rejected, probe = points[:2], points[2], points[3]
    label = phase.loc[taught[0], "code"]
    # the researcher accepts the model's label on two segments and rejects it on a third
    project.accept([int(phase.loc[s, "coding_id"]) for s in taught if phase.loc[s, "code"] == label])
    project.reject([int(phase.loc[rejected, "coding_id"])])
    project.code(coders=["semantic"])
    again = project.codings()
    fresh = again[(again.dimension == "phase") & (again.status == "suggested")].set_index("segment_id")
    # a rejected suggestion is not made again
    assert rejected not in fresh.index or fresh.loc[rejected, "code"] != phase.loc[rejected, "code"]
    # accepted labels are training data: the unlabelled look-alike moves towards that label —
    # it is now that label if it was another, or that label more confidently if it already was
    assert fresh.loc[probe, "code"] == label
    if phase.loc[probe, "code"] == label:
        assert fresh.loc[probe, "confidence"] > phase.loc[probe, "confidence"] + 0.02
    # and nothing the researcher decided was touched
    decided = again[again.status != "suggested"].set_index("coding_id")["status"].to_dict()
    assert sorted(decided.values()).count("rejected") == 1


CUSTOM_FRAMEWORK = """id: tres-tiempos
name: {es: "Antes, durante, después", en: "Before, during, after"}
phases:
  - id: antes
    label: {es: Antes, en: Before}
    classic: [awareness, consideration]
  - id: durante
    label: {es: Durante, en: During}
    classic: [purchase]
  - id: despues
    label: {es: Después, en: After}
    classic: [experience, loyalty]
"""


def test_researchers_add_their_own_framework(project, tmp_path):
    fid = project.add_framework(write(tmp_path / "tres.yaml", CUSTOM_FRAMEWORK))
    assert fid == "tres-tiempos"
    assert [p["id"] for p in project.framework("tres-tiempos")["phases"]] == ["antes", "durante", "despues"]
    broken = CUSTOM_FRAMEWORK.replace("classic: [experience, loyalty]", "classic: [experience]")
    with pytest.raises(UserError, match=r"broken.yaml.*loyalty"):
        project.add_framework(write(tmp_path / "broken.yaml", broken))
    with pytest.raises(UserError, match="not valid YAML"):
        project.add_framework(write(tmp_path / "bad.yaml", "id: x\nphases: [\n"))


def test_agreement_between_a_person_and_the_machine(project, tmp_path):
    project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    project.code(coders=["semantic"])
    machine = project.codings()
    machine = machine[machine.dimension == "phase"].set_index("segment_id")["code"]
    segs = list(machine.index)
    # the person agrees on the first segment and disagrees on the second
    project.tag(segs[0], machine[segs[0]], dimension="phase", author="ana")
    other = "loyalty" if machine[segs[1]] != "loyalty" else "awareness"
    project.tag(segs[1], other, dimension="phase", author="ana")
    table = project.agreement("person:ana", "model", by="dimension")
    row = table[table.dimension == "phase"].iloc[0]
    assert row.n_units == 2 and row.percent_agreement == 50.0
    with pytest.raises(UserError, match="no codings by 'person:bob'"):
        project.agreement("person:bob", "model")


def test_doctor_reports_damage_and_the_cli_exits_1(project, tmp_path):
    import subprocess
    import sys
    project.import_files([write(tmp_path / "marta.txt", TRANSCRIPT)])
    sid = int(project.segments(evidence_only=True).segment_id.iloc[0])
    project.tag(sid, "pain", dimension="evidence")
    assert project.doctor() == []
    con = project.con
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("UPDATE segments SET start = start - 1 WHERE id = ?", (sid,))  # shift onto a space/newline
    con.execute("UPDATE codings SET end = end + 500 WHERE segment_id = ?", (sid,))
    problems = project.doctor()
    assert any("white space" in p for p in problems) and any("outside their segment" in p for p in problems)
    r = subprocess.run([sys.executable, "-m", "cjresearch", "doctor", str(project.path)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "problem:" in r.stdout and "Traceback" not in r.stderr


def test_quotes_are_sliced_by_characters_as_sqlite_counts_them(project, tmp_path):
    """Quote text is cut in Python (SQLite's substr() walks UTF-8 from the start: quadratic in
    a big survey); on accents, ñ, emoji and CJK it must equal SQLite's own substr()."""
    rows = ["id,answer"] + [f"R{i:03d},\"{t}\"" for i, t in enumerate([
        "La app 📱 me avisó del retraso, qué alivio 🙏", "Ñandú, pingüino y café: todo llegó bien",
        "配送 was late again 😤 and nobody called", "Me encantó — de verdad — el trato en tienda"] * 25)]
    (tmp_path / "survey.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    project.import_files([tmp_path / "survey.csv"])
    segs = project.segments()
    con = project.con
    by_sql = dict(con.execute("SELECT s.id, substr(src.text, s.start + 1, s.end - s.start) FROM segments s "
                              "JOIN sources src ON src.id = s.source_id").fetchall())
    assert len(segs) >= 100 and any("📱" in t for t in segs.text)
    assert all(by_sql[int(i)] == t for i, t in zip(segs.segment_id, segs.text))
    assert project.doctor() == []
    last = int(segs.segment_id.iloc[-1])
    con.execute("UPDATE segments SET end = end + 10000 WHERE id = ?", (last,))
    assert any("end past their source text" in p for p in project.doctor())
