"""Write the bad-input fixtures used by tests/test_bad_input.py into this folder.

Run: ``.venv/bin/python tests/data/bad/make_fixtures.py``. Every output is small (< 4 KB) and
deterministic, so the files can be committed; re-running rewrites them byte for byte. The 10 MB
single-line case is generated inside the test (tmp_path), never stored.
"""
from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
_FIXED = datetime.datetime(2026, 1, 1)

GOOD = ("---\ninterviewer: Laura\nlanguage: es\n---\n"
        "Laura: ¿Cómo conociste el servicio?\n"
        "Marta: Me lo recomendó mi cuñada. Decía que le ahorraba tiempo los sábados.\n"
        "Laura: ¿Y la primera compra?\n"
        "Marta: Fatal, el pedido llegó dos horas tarde y sin bolsas.\n")
SPANISH = ("Laura: ¿Qué tal la última entrega?\n"
           "Pilar: El envío llegó tarde y pagué el recargo de más; qué pena.\n")
CP1252 = ("Laura: ¿Cuánto pagaste?\n"
          "Pilar: Pagué 4,99 € de envío — demasiado para un pedido pequeño.\n")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _rezip(data: bytes) -> bytes:
    """The same archive with fixed entry dates and docProps/ (save-time stamps) last, so the
    truncated prefix is byte-stable."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted(z.namelist(), key=lambda n: n.startswith("docProps/"))
        return _zip({name: z.read(name) for name in names})


def _docx_bytes() -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph("Laura: ¿Qué te hizo probarlo?")
    document.add_paragraph("Lucía: La entrega gratis el primer mes.")
    document.core_properties.created = document.core_properties.modified = _FIXED
    buf = io.BytesIO()
    document.save(buf)
    return _rezip(buf.getvalue())


def _xlsx_bytes() -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "plan", "comment"])
    ws.append(["A1", "plus", "The courier left it at the wrong door again"])
    wb.properties.created = wb.properties.modified = _FIXED
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def fixtures() -> dict[str, bytes]:
    return {
        "good.txt": GOOD.encode("utf-8"),
        "latin1.txt": SPANISH.encode("latin-1"),
        "cp1252.txt": CP1252.encode("cp1252"),
        "utf16_bom.txt": SPANISH.replace("Pilar", "Rocío").encode("utf-16"),  # BOM + LE
        "mojibake.txt": SPANISH.replace("Pilar", "Nuria").encode("utf-8").decode("cp1252")
                        .encode("utf-8"),
        "damaged.txt": ("Laura: ¿Por qué dudaste?\n"
                        "Ana: Antes de la primera adquisicii?n dudaba mucho del servicio.\n").encode(),
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t\n   \r\n",
        "binary.txt": bytes(range(256)) * 4,
        "scan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        # first 600 bytes of a real DOCX / XLSX: a ZIP whose central directory is missing
        "truncated.docx": _docx_bytes()[:600],
        "truncated.xlsx": _xlsx_bytes()[:600],
        "semicolon.csv": ("respondent_id;age;answer\n"
                          "S1;34;\"Llegó tarde; y sin bolsas, otra vez\"\n"
                          "S2;29;Great prices and an easy app to use\n").encode(),
        "tabs.csv": ("respondent_id\tage\tanswer\n"
                     "T1\t41\tThe courier was early, polite and careful\n"
                     "T2\t52\tMe encanta poder elegir la franja horaria\n").encode(),
        "quoted_newlines.csv": ("respondent_id,answer\n"
                                "Q1,\"First line of the answer\nsecond line, still the same answer\"\n"
                                "Q2,\"One more answer with a, comma inside\"\n").encode(),
        "no_text_column.csv": b"respondent_id,age,plan\nN1,34,plus\nN2,29,basic\n",
        "duplicate_ids.csv": ("respondent_id,answer\nD1,hola que tal todo bien por aqui\n"
                              "D1,otra respuesta larga para el mismo id\n").encode(),
        "nul_bytes.txt": ("Laura: ¿Qué pasó con el pedido?\n"
                          "Elena: Llegó\x00 sin la leche y\x00 tuve que reclamar.\n").encode(),
        "bad_timestamp.vtt": b"WEBVTT\n\n1\n00:00:01.000 --> 00:0x:03.000\nAna: hola\n",
        "no_header.vtt": b"1\n00:00:01.000 --> 00:00:03.000\nAna: hola\n",
        "end_before_start.srt": b"1\n00:00:05,000 --> 00:00:02,000\nAna: Hola.\n",
        "notes.pages": b"hello, this is an Apple Pages file\n",
        "broken_framework.yaml": b"id: mine\nphases:\n  - id: discover\n    classic: [awareness\n",
        "personas_mapping.yaml": b"personas:\n  name: Familia\n  rule: {household: family}\n",
        "participants_no_id.csv": b"name,role,age\nMarta,participant,34\nLaura,interviewer,40\n",
        "participants_repeat.csv": b"id,name,role\nP1,Marta,participant\nP2,Pilar,participant\n"
                                   b"P1,Marta B,participant\n",
        "participants.csv": b"id,name,role,household\nMarta,Marta,participant,family\n"
                            b"Laura,Laura,interviewer,\n",
        "not_sqlite.cjproj": b"this is not a project, just some text someone renamed\n",
        "interviewer_only.txt": ("Entrevistadora: ¿Cómo conociste el servicio?\n"
                                 "Entrevistadora: ¿Y la primera compra?\n"
                                 "Entrevistadora: ¿Volverías a pedir?\n").encode(),
    }


def main() -> None:
    for name, data in fixtures().items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(fixtures())} fixtures to {HERE}")


if __name__ == "__main__":
    main()
