"""Rebuild the .docx interview transcripts from their plain-text sources.

Each source in ``docx_src/`` holds one turn per line, ``Name: text``. The .docx gets one
paragraph per turn: the speaker label (``Name:``) as a bold run, then the text as a normal run,
so ``paragraph.text`` is exactly ``Name: text`` again.

Usage (from the repository root):
    .venv/bin/python corpora/tools/make_docx.py
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "docx_src"
OUT = HERE.parent / "interviews"

# Document properties per transcript (all invented).
META = {
    "es_03_carmen": {"title": "Entrevista 03 — Carmen (Sevilla)", "author": "Laura",
                     "language": "es-ES", "date": dt.datetime(2026, 3, 10, 11, 0)},
    "en_07_priya": {"title": "Interview 07 — Priya (Bristol)", "author": "Sam",
                    "language": "en-GB", "date": dt.datetime(2026, 2, 26, 19, 30)},
}


def read_turns(path: Path) -> list[tuple[str, str]]:
    turns = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if ": " not in line:
            raise ValueError(f"{path.name}:{n}: expected 'Name: text', got {line[:40]!r}")
        name, text = line.split(": ", 1)
        turns.append((name.strip(), text.strip()))
    return turns


def build(src: Path) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    meta = META.get(src.stem, {})
    props = doc.core_properties
    props.title = meta.get("title", src.stem)
    props.author = meta.get("author", "")
    props.language = meta.get("language", "")
    props.comments = "Invented sample interview for cjresearch (Cesta demo corpus)."
    if "date" in meta:
        props.created = meta["date"]
        props.modified = meta["date"]
    for name, text in read_turns(src):
        p = doc.add_paragraph()
        p.add_run(f"{name}:").bold = True
        p.add_run(f" {text}")
    out = OUT / f"{src.stem}.docx"
    OUT.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


def main() -> None:
    for src in sorted(SRC.glob("*.txt")):
        out = build(src)
        print(f"wrote {out.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
