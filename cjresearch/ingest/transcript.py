"""Plain-text and Markdown transcripts, including Otter-style exports.

Recognised turn shapes (one per line; other non-empty lines continue the previous turn):

* ``Name: text``
* ``[00:01:02] Name: text`` (also ``(01:02)`` and ``00:01:02 Name: text``)
* Otter: a line ``Name  0:03`` (two or more spaces, then m:ss or h:mm:ss), text on the lines below.

An optional YAML front matter block (``---`` ... ``---``) gives title, language, interviewer(s)
and participant.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import UserError
from ..model import ParsedSource, Turn
from .encoding import decode

_NAME = r"[^\W\d_][\w .'’\-]{0,38}?"
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_SPEAKER_LINE = re.compile(
    rf"^[ \t]*(?:[\[(]?(?P<ts>{_TS})[\])]?[ \t]+)?(?:\*\*)?(?P<name>{_NAME})(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]+(?P<text>\S.*)$")
_OTTER_HEAD = re.compile(rf"^(?P<name>{_NAME})[ \t]{{2,}}(?P<ts>{_TS})[ \t]*$")
_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.S)
_MAX_SPEAKER_WORDS = 4


def parse_timestamp(value: str) -> float:
    """``"01:02:03.5"`` -> 3723.5 seconds; ``"0:03"`` -> 3.0."""
    value = value.replace(",", ".")
    parts = value.split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def read_transcript(path: Path, data: bytes, **options) -> ParsedSource:
    text, warnings = decode(data, path)
    meta, body_start = _front_matter(text, path)
    turns = parse_turns(text, body_start)
    fmt = "otter" if turns and getattr(turns, "otter", False) else path.suffix.lower().lstrip(".")
    if not turns:
        turns = _paragraph_turns(text, body_start)
        warnings.append("no speaker turns found ('Name: text'); each paragraph is one turn")
    return _source(path, fmt, text, list(turns), meta, warnings)


def _source(path, fmt, text, turns, meta, warnings) -> ParsedSource:
    interviewers = meta.get("interviewer") or meta.get("interviewers") or []
    if isinstance(interviewers, str):
        interviewers = [interviewers]
    src = ParsedSource(name=path.name, kind="interview", format=fmt, text=text, turns=turns,
                       language=meta.get("language"), meta=meta, warnings=warnings,
                       interviewers={str(i) for i in interviewers})
    if meta.get("participant") and not any(t.speaker for t in turns):
        for t in turns:
            t.speaker = str(meta["participant"])
    return src


def _front_matter(text: str, path) -> tuple[dict, int]:
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    try:
        meta = yaml.safe_load(m.group("body")) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"front matter is not valid YAML: {exc}".split("\n")[0], path=path)
    if not isinstance(meta, dict):
        raise UserError("front matter must be 'key: value' lines", path=path)
    return {str(k): v for k, v in meta.items()}, m.end()


class _Turns(list):
    otter = False


def parse_turns(text: str, offset: int = 0) -> list[Turn]:
    """Speaker turns in ``text[offset:]``; offsets in the result are into ``text``."""
    lines = _lines(text, offset)
    otter_heads = sum(1 for _, _, line in lines if _OTTER_HEAD.match(line))
    if otter_heads >= 2:
        turns = _Turns(_otter_turns(lines))
        turns.otter = True
        return turns
    turns = _Turns()
    for start, end, line in lines:
        m = _SPEAKER_LINE.match(line)
        if m and len(m.group("name").split()) <= _MAX_SPEAKER_WORDS:
            t0 = parse_timestamp(m.group("ts")) if m.group("ts") else None
            turns.append(Turn(start=start + m.start("text"), end=end, speaker=_clean(m.group("name")),
                              t0=t0))
        elif turns and line.strip():
            turns[-1].end = end
    return turns


def _otter_turns(lines) -> list[Turn]:
    turns: list[Turn] = []
    speaker, t0 = None, None
    for start, end, line in lines:
        head = _OTTER_HEAD.match(line)
        if head:
            speaker, t0 = _clean(head.group("name")), parse_timestamp(head.group("ts"))
            turns.append(Turn(start=-1, end=-1, speaker=speaker, t0=t0))
        elif line.strip() and turns:
            lead = len(line) - len(line.lstrip())
            if turns[-1].start < 0:
                turns[-1].start = start + lead
            turns[-1].end = end
    return [t for t in turns if t.start >= 0]


def _paragraph_turns(text: str, offset: int) -> list[Turn]:
    turns = []
    for m in re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n).*\S)*", text[offset:]):
        turns.append(Turn(start=offset + m.start(), end=offset + m.end()))
    return turns


def _lines(text: str, offset: int):
    """(start, end-without-trailing-space, line) for each line from ``offset``."""
    out = []
    pos = offset
    for line in text[offset:].split("\n"):
        stripped = line.rstrip()
        out.append((pos, pos + len(stripped), stripped))
        pos += len(line) + 1
    return out


def _clean(name: str) -> str:
    return name.strip().strip("*").strip()
