"""WebVTT (Zoom, Teams) and SRT subtitles -> speaker turns.

Consecutive cues of one speaker become one turn. The stored text is a readable transcript,
one turn per line, ``[hh:mm:ss] Speaker: text``; turn offsets point at the spoken text.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import UserError
from ..model import ParsedSource, Turn
from .encoding import decode
from .transcript import parse_timestamp

_TIMING = re.compile(r"^\s*(?P<a>[\d:.,]+)\s*-->\s*(?P<b>[\d:.,]+)(?:\s+.*)?$")
_VALID_TS = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}$")
_VOICE = re.compile(r"^<v(?:\.[^ >]*)?\s+(?P<name>[^>]+)>(?P<text>.*?)(?:</v>)?$")
_PREFIX = re.compile(r"^(?P<name>[^\W\d_][\w .'’\-]{0,38}?):\s+(?P<text>.+)$")
_TAGS = re.compile(r"</?[^>]+>")


def read_subtitles(path: Path, data: bytes, **options) -> ParsedSource:
    text, warnings = decode(data, path)
    is_vtt = path.suffix.lower() == ".vtt"
    if is_vtt and not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise UserError("a WebVTT file must start with 'WEBVTT'", path=path)
    cues = list(_cues(text, path))
    if not cues:
        raise UserError("no subtitle cues found (lines like '00:00:01.000 --> 00:00:04.000')",
                        path=path)
    return _assemble(path, "vtt" if is_vtt else "srt", cues, warnings)


def _cues(text: str, path):
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _TIMING.match(lines[i])
        if "-->" in lines[i] and not m:
            raise UserError(f"line {i + 1}: malformed cue timing {lines[i].strip()!r}", path=path)
        if not m:
            i += 1
            continue
        a, b = m.group("a"), m.group("b")
        for ts in (a, b):
            if not _VALID_TS.match(ts):
                raise UserError(f"line {i + 1}: malformed timestamp {ts!r}", path=path,
                                hint="expected hh:mm:ss.mmm")
        t0, t1 = parse_timestamp(a), parse_timestamp(b)
        if t1 < t0:
            raise UserError(f"line {i + 1}: cue ends ({b}) before it starts ({a})", path=path)
        body = []
        i += 1
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        speaker, spoken = _speaker(" ".join(body))
        if spoken:
            yield t0, t1, speaker, spoken


def _speaker(body: str):
    m = _VOICE.match(body)
    if m:
        return m.group("name").strip(), html.unescape(_TAGS.sub("", m.group("text"))).strip()
    body = html.unescape(_TAGS.sub("", body)).strip()
    m = _PREFIX.match(body)
    if m and len(m.group("name").split()) <= 4:
        return m.group("name").strip(), m.group("text").strip()
    return None, body


def _assemble(path, fmt, cues, warnings) -> ParsedSource:
    merged: list[list] = []
    for t0, t1, speaker, spoken in cues:
        if merged and speaker == merged[-1][2] and (speaker is not None):
            merged[-1][1] = t1
            merged[-1][3].append(spoken)
        else:
            merged.append([t0, t1, speaker, [spoken]])
    parts, turns, pos = [], [], 0
    for t0, t1, speaker, spoken in merged:
        prefix = f"[{_hms(t0)}] " + (f"{speaker}: " if speaker else "")
        body = " ".join(spoken)
        line = prefix + body
        turns.append(Turn(start=pos + len(prefix), end=pos + len(line), speaker=speaker,
                          t0=t0, t1=t1))
        parts.append(line)
        pos += len(line) + 1
    if not any(t.speaker for t in turns):
        warnings.append("no speaker names in the cues; turns have no speaker")
    return ParsedSource(name=path.name, kind="interview", format=fmt, text="\n".join(parts),
                        turns=turns, warnings=warnings)


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
