"""Readers: every supported shape gives turns whose offsets point at what was said."""
from __future__ import annotations

import io
import warnings

import pytest

from cjresearch.errors import UserError
from cjresearch.ingest import read
from conftest import write

INTERVIEW = """---
title: Entrevista 07
language: es
interviewer: Laura
---
Laura: ¿Cómo conociste el servicio?
Marta: Me lo recomendó mi cuñada. Decía que le ahorraba
tiempo los sábados.
Laura: ¿Y la primera compra?
Marta: Fatal, el pedido llegó dos horas tarde.
"""


def spoken(src):
    return [(t.speaker, src.text[t.start:t.end]) for t in src.turns]


def test_plain_turns_with_front_matter_and_continuation(tmp_path):
    src = read(write(tmp_path / "e07.txt", INTERVIEW))
    assert src.meta["interviewer"] == "Laura" and src.language == "es"
    assert spoken(src) == [
        ("Laura", "¿Cómo conociste el servicio?"),
        ("Marta", "Me lo recomendó mi cuñada. Decía que le ahorraba\ntiempo los sábados."),
        ("Laura", "¿Y la primera compra?"),
        ("Marta", "Fatal, el pedido llegó dos horas tarde."),
    ]
    assert src.interviewers == {"Laura"}


def test_timestamped_turns(tmp_path):
    src = read(write(tmp_path / "t.md", "[00:00:05] Sam: How did you hear about it?\n"
                                        "[00:01:02] Daniel: An Instagram ad, honestly.\n"))
    assert [t.t0 for t in src.turns] == [5.0, 62.0]
    assert spoken(src)[1] == ("Daniel", "An Instagram ad, honestly.")


def test_otter_export(tmp_path):
    text = ("Sam  0:03\nSo, first order?\n\nPriya Shah  1:12\nIt was fine.\nThe driver was early.\n\n"
            "Sam  1:40\nAnd support?\n")
    src = read(write(tmp_path / "otter.txt", text))
    assert src.format == "otter"
    assert [(t.speaker, t.t0) for t in src.turns] == [("Sam", 3.0), ("Priya Shah", 72.0), ("Sam", 100.0)]
    assert src.text[src.turns[1].start:src.turns[1].end] == "It was fine.\nThe driver was early."


def test_webvtt_merges_cues_of_one_speaker(tmp_path):
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\nSam: Why did you cancel?\n\n"
           "2\n00:00:04.000 --> 00:00:06.000\n<v Jo Park>The fees went up</v>\n\n"
           "3\n00:00:06.000 --> 00:00:08.250\n<v Jo Park>and the app kept crashing.</v>\n")
    src = read(write(tmp_path / "z.vtt", vtt))
    assert spoken(src) == [("Sam", "Why did you cancel?"),
                           ("Jo Park", "The fees went up and the app kept crashing.")]
    assert (src.turns[1].t0, src.turns[1].t1) == (4.0, 8.25)


def test_srt(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAna: Hola.\n\n2\n00:00:02,500 --> 00:00:05,000\nLuis: Pedí por la app.\n"
    src = read(write(tmp_path / "a.srt", srt))
    assert spoken(src) == [("Ana", "Hola."), ("Luis", "Pedí por la app.")]


def test_docx(tmp_path):
    import docx
    document = docx.Document()
    for line in ["Entrevistadora: ¿Qué te hizo probarlo?", "Lucía: La entrega gratis el primer mes."]:
        name, text = line.split(": ", 1)
        par = document.add_paragraph()
        par.add_run(name).bold = True
        par.add_run(": " + text)
    document.save(tmp_path / "l.docx")
    src = read(tmp_path / "l.docx")
    assert spoken(src) == [("Entrevistadora", "¿Qué te hizo probarlo?"),
                           ("Lucía", "La entrega gratis el primer mes.")]


SURVEY = 'respondent_id;age;household;answer\nR1;34;family;"Llegó tarde; y sin bolsas"\nR2;29;single;Great prices, easy app\nR3;41;family;\n'


def test_survey_semicolon_csv(tmp_path):
    src = read(write(tmp_path / "s.csv", SURVEY), text_columns=["answer"])
    assert src.kind == "survey"
    assert [src.text[t.start:t.end] for t in src.turns] == ["Llegó tarde; y sin bolsas", "Great prices, easy app"]
    assert src.participants["R1"] == {"age": 34, "household": "family"}
    assert "R3" in src.participants  # no answer, but still a respondent with attributes


def test_survey_xlsx_guesses_text_column(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "plan", "comment"])
    ws.append(["A1", "plus", "The courier left it at the wrong door again"])
    ws.append(["A2", "standard", "Me encanta poder elegir la franja horaria"])
    wb.save(tmp_path / "s.xlsx")
    src = read(tmp_path / "s.xlsx")
    assert src.meta["text_columns"] == ["comment"] and len(src.turns) == 2


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8-sig", "utf-16"])
def test_encodings_are_detected(tmp_path, encoding):
    text = "Marta: El envío llegó tarde y pagué 4,99 € de más — fatal.\n"
    if encoding == "latin-1":
        text = text.replace("€", "EUR").replace("—", "-")
    with warnings.catch_warnings():
        src = read(write(tmp_path / "e.txt", text, encoding))
    assert src.text.strip() == text.strip()
    if encoding in ("latin-1", "cp1252"):
        assert any("not UTF-8" in w for w in src.warnings)


def test_mojibake_is_repaired_with_warning(tmp_path):
    broken = "Marta: El envío llegó tarde, qué pena.\n".encode("utf-8").decode("cp1252")
    src = read(write(tmp_path / "m.txt", broken))
    assert "El envío llegó tarde, qué pena." in src.text
    assert any("mojibake" in w for w in src.warnings)


def test_damage_beyond_repair_is_kept_and_flagged(tmp_path):
    src = read(write(tmp_path / "d.txt", "Ana: Antes de la primera adquisicii?n dudaba mucho.\n"))
    assert "adquisicii?n" in src.text
    assert any("damaged beyond repair" in w and "adquisicii?n" in w for w in src.warnings)


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("bin.txt", bytes(range(256)) * 4, "binary"),
    ("notes.pages", b"hello", "unknown file type"),
    ("bad.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:0x:03.000\nAna: hola\n", "malformed"),
    ("nohead.vtt", b"00:00:01.000 --> 00:00:03.000\nAna: hola\n", "WEBVTT"),
    ("trunc.docx", b"PK\x03\x04\x14\x00\x00\x00broken", "damaged"),
])
def test_bad_input_gives_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as info:
        read(path)
    assert name in str(info.value) and message.lower() in str(info.value).lower()


def test_missing_text_column_names_the_columns(tmp_path):
    with pytest.raises(UserError, match="no column named 'comment'.*respondent_id"):
        read(write(tmp_path / "s.csv", SURVEY), text_columns=["comment"])


def test_duplicate_respondent_ids(tmp_path):
    with pytest.raises(UserError, match="repeat"):
        read(write(tmp_path / "s.csv", "id,answer\n1,hola que tal todo bien\n1,otra respuesta larga aqui\n"),
             text_columns=["answer"])
