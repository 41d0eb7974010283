"""Word transcripts: one paragraph per turn, ``Name: text`` (the name may be bold)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import UserError
from ..model import ParsedSource
from .encoding import damaged_places
from .transcript import _paragraph_turns, _source, parse_turns


def read_docx(path: Path, data: bytes, **options) -> ParsedSource:
    import docx  # python-docx; imported here so quick commands don't pay for it
    if not data.startswith(b"PK"):
        raise UserError("not a Word .docx file (no ZIP signature)", path=path,
                        hint="old .doc files must be saved as .docx first")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(f"the .docx file is damaged or truncated ({type(exc).__name__})", path=path)
    except Exception as exc:  # lxml errors inside a broken document part
        raise UserError(f"the .docx file cannot be read ({type(exc).__name__})", path=path)
    paragraphs = [p.text.replace("\r", "").strip() for p in document.paragraphs]
    for table in document.tables:  # some tools export "Speaker | Text" tables
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0] and cells[-1]:
                paragraphs.append(f"{cells[0]}: {cells[-1]}")
    text = "\n".join(p for p in paragraphs if p)
    if not text.strip():
        raise UserError("the .docx file has no text", path=path)
    warnings = []
    damage = damaged_places(text)
    if damage:
        warnings.append(f"text damaged beyond repair in {len(damage)} places; kept as is")
    turns = parse_turns(text)
    if not turns:
        turns = _paragraph_turns(text, 0)
        warnings.append("no speaker turns found ('Name: text'); each paragraph is one turn")
    return _source(path, "docx", text, list(turns), {}, warnings)
