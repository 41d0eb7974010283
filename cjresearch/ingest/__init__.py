"""Readers: one per file format, each ``read(path, data, **options) -> ParsedSource``.

Adding a format is one module and one line in ``READERS``.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..model import ParsedSource

SUFFIXES = {
    ".txt": "transcript", ".md": "transcript", ".markdown": "transcript",
    ".vtt": "subtitles", ".srt": "subtitles",
    ".docx": "docx",
    ".csv": "survey", ".tsv": "survey", ".xlsx": "survey", ".xlsm": "survey",
}
MAX_BYTES = 200 * 1024 * 1024


def read(path: str | Path, **options) -> ParsedSource:
    """Parse one file into a :class:`ParsedSource` (text, turns, participants, warnings)."""
    path = Path(path)
    if path.is_dir():  # before the suffix check: a folder has no file type to complain about
        raise UserError("is a folder, not a file", path=path, hint="pass the files inside it")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise UserError(f"unknown file type '{path.suffix or '(none)'}'", path=path,
                        hint=f"supported: {known}, .qdpx")
    if not path.exists():
        raise UserError("file not found", path=path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(f"file is {size // 2**20} MB; the limit for one import is "
                        f"{MAX_BYTES // 2**20} MB", path=path, hint="split it")
    data = path.read_bytes()
    if kind == "transcript":
        from .transcript import read_transcript
        return read_transcript(path, data, **options)
    if kind == "subtitles":
        from .subtitles import read_subtitles
        return read_subtitles(path, data, **options)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(path, data, **options)
    from .survey import read_survey
    return read_survey(path, data, **options)
