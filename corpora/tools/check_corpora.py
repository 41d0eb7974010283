"""Sanity check of the demo corpus: formats, speakers, personas, survey size.

Independent of the cjresearch ingest code on purpose: it re-implements the format rules the
README states, so a corpus edit that breaks a rule is caught even if the parser is lenient.

Usage (from the repository root; needs python-docx and pyyaml):
    .venv/bin/python corpora/tools/check_corpora.py
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
INTERVIEWS = ROOT / "interviews"
INTERVIEWER_LABELS = {"Laura", "Sam", "Entrevistadora", "Interviewer"}

TURN = re.compile(r"^(?P<name>[^:\[\]\n]{1,40}): (?P<text>\S.*)$")
STAMPED = re.compile(r"^\[(?P<h>\d{2}):(?P<m>\d{2}):(?P<s>\d{2})\] (?P<name>[^:\n]{1,40}): (?P<text>\S.*)$")
OTTER_HEAD = re.compile(r"^(?P<name>\S[^:\n]{0,39}?)  (?P<ts>\d{1,2}:\d{2}(?::\d{2})?)$")
TIMING = {
    ".vtt": re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$"),
    ".srt": re.compile(r"^(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})$"),
}

problems: list[str] = []


def fail(msg: str) -> None:
    problems.append(msg)


def read_text(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


def secs(*parts: str) -> float:
    h, m, s = (int(p) for p in parts[:3])
    ms = int(parts[3]) if len(parts) > 3 else 0
    return h * 3600 + m * 60 + s + ms / 1000


def merge(cues: list[tuple[str, str, float | None]]) -> list[tuple[str, str, float | None]]:
    """Consecutive cues of one speaker are one turn."""
    turns: list[tuple[str, str, float | None]] = []
    for name, text, t in cues:
        if turns and turns[-1][0] == name:
            turns[-1] = (name, turns[-1][1] + " " + text, turns[-1][2])
        else:
            turns.append((name, text, t))
    return turns


def parse_plain(path: Path, text: str):
    lines = text.splitlines()
    meta = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        lines = lines[end + 1:]
    turns = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = TURN.match(line)
        if not m:
            fail(f"{path.name}: line {n} is not 'Name: text': {line[:50]!r}")
            continue
        turns.append((m["name"], m["text"], None))
    return turns, meta, "plain"


def parse_stamped(path: Path, text: str):
    turns = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = STAMPED.match(line)
        if not m:
            fail(f"{path.name}: line {n} is not '[hh:mm:ss] Name: text': {line[:50]!r}")
            continue
        turns.append((m["name"], m["text"], secs(m["h"], m["m"], m["s"])))
    return turns, {}, "timestamped"


def parse_otter(path: Path, text: str):
    turns = []
    for block in re.split(r"\n\s*\n", text.strip()):
        head, *body = block.split("\n")
        m = OTTER_HEAD.match(head)
        if not m or not body:
            fail(f"{path.name}: bad Otter block {head[:50]!r}")
            continue
        parts = [int(p) for p in m["ts"].split(":")]
        t = parts[0] * 60 + parts[1] if len(parts) == 2 else parts[0] * 3600 + parts[1] * 60 + parts[2]
        turns.append((m["name"], " ".join(b.strip() for b in body), float(t)))
    return turns, {}, "otter"


def parse_cues(path: Path, text: str):
    blocks = re.split(r"\n\s*\n", text.strip())
    if path.suffix == ".vtt":
        if blocks[0].strip() != "WEBVTT":
            fail(f"{path.name}: missing WEBVTT header")
        blocks = blocks[1:]
    cues = []
    prev_end = 0.0
    for b in blocks:
        lines = b.split("\n")
        if path.suffix == ".srt" or not TIMING[path.suffix].match(lines[0]):
            if not lines[0].strip().isdigit():
                fail(f"{path.name}: bad cue id {lines[0][:40]!r}")
            lines = lines[1:]
        tm = TIMING[path.suffix].match(lines[0])
        if not tm:
            fail(f"{path.name}: bad timing line {lines[0][:50]!r}")
            continue
        start, end = secs(*tm.groups()[:4]), secs(*tm.groups()[4:])
        if not (prev_end <= start < end):
            fail(f"{path.name}: timings not increasing at {lines[0]}")
        prev_end = end
        m = TURN.match(" ".join(lines[1:]))
        if len(lines) != 2 or not m:
            fail(f"{path.name}: cue text is not one 'Name: text' line: {lines[1:]!r}")
            continue
        cues.append((m["name"], m["text"], start))
    return merge(cues), {}, path.suffix[1:]


def parse_docx(path: Path):
    turns = []
    for n, p in enumerate(Document(str(path)).paragraphs, 1):
        if not p.text.strip():
            continue
        m = TURN.match(p.text)
        if not m:
            fail(f"{path.name}: paragraph {n} is not 'Name: text'")
            continue
        turns.append((m["name"], m["text"], None))
    return turns, {}, "docx"


def parse(path: Path):
    if path.suffix == ".docx":
        return (*parse_docx(path), "binary")
    text, enc = read_text(path)
    if path.suffix in (".vtt", ".srt"):
        return (*parse_cues(path, text), enc)
    first = next(line for line in text.splitlines() if line.strip())
    if STAMPED.match(first):
        return (*parse_stamped(path, text), enc)
    if OTTER_HEAD.match(first):
        return (*parse_otter(path, text), enc)
    return (*parse_plain(path, text), enc)


def matches(rule: dict, row: dict) -> bool:
    for key, cond in rule.items():
        value = row.get(key, "")
        if isinstance(cond, list):
            if str(value) not in {str(c) for c in cond}:
                return False
        elif isinstance(cond, dict):
            if value in ("", None):
                return False
            v = float(value)
            if "min" in cond and v < cond["min"]:
                return False
            if "max" in cond and v > cond["max"]:
                return False
        elif str(value) != str(cond):
            return False
    return True


def main() -> int:
    with open(ROOT / "participants.csv", encoding="utf-8", newline="") as f:
        people = list(csv.DictReader(f))
    participants = {p["name"]: p for p in people if p["role"] == "participant"}

    print(f"{'file':34} {'format':12} {'enc':7} {'lang':4} {'turns':>5} {'cust':>5} {'mm:ss':>6}  speakers")
    seen: dict[str, str] = {}
    for path in sorted(INTERVIEWS.iterdir()):
        turns, meta, fmt, enc = parse(path)
        speakers = sorted({t[0] for t in turns})
        customer = [s for s in speakers if s not in INTERVIEWER_LABELS]
        if len(customer) != 1 or len(speakers) != 2:
            fail(f"{path.name}: expected one interviewer + one participant, got {speakers}")
        name = customer[0] if customer else "?"
        if name not in participants:
            fail(f"{path.name}: speaker {name!r} not in participants.csv")
        elif name in seen:
            fail(f"{path.name}: {name} also interviewed in {seen[name]}")
        seen[name] = path.name
        lang = path.name[:2]
        if name in participants and participants[name]["language"] != lang:
            fail(f"{path.name}: file language {lang} != participant language")
        if meta and meta.get("language") != lang:
            fail(f"{path.name}: front matter language {meta.get('language')} != {lang}")
        if not 45 <= len(turns) <= 80:
            fail(f"{path.name}: {len(turns)} turns (want 45-80)")
        stamps = [t[2] for t in turns if t[2] is not None]
        if stamps and any(b <= a for a, b in zip(stamps, stamps[1:])):
            fail(f"{path.name}: timestamps not strictly increasing")
        if any(a[0] == b[0] for a, b in zip(turns, turns[1:])):
            fail(f"{path.name}: two consecutive turns by the same speaker")
        n_cust = sum(t[0] == name for t in turns)
        dur = f"{int(stamps[-1]) // 60:02d}:{int(stamps[-1]) % 60:02d}" if stamps else "-"
        print(f"{path.name:34} {fmt:12} {enc:7} {lang:4} {len(turns):5d} {n_cust:5d} {dur:>6}  {', '.join(speakers)}")
    missing = set(participants) - set(seen)
    if missing:
        fail(f"participants without a transcript: {sorted(missing)}")

    with open(ROOT / "survey" / "cesta_survey_2026.csv", encoding="utf-8", newline="") as f:
        survey = list(csv.DictReader(f))
    open_answers = sum(bool(r[c].strip()) for r in survey for c in ("reason_text", "improve_text"))
    langs = {lang: sum(r["language"] == lang for r in survey) for lang in ("es", "en")}
    print(f"\nsurvey: {len(survey)} respondents {langs}, {open_answers} non-empty open answers "
          f"of {2 * len(survey)}")
    if len(survey) < 320 or open_answers < 600:
        fail("survey too small")
    allowed = {"household": {"single", "couple", "family", "shared"},
               "plan": {"plus", "standard", "churned"}, "language": {"es", "en"}}
    for r in survey:
        for col, vals in allowed.items():
            if r[col] not in vals:
                fail(f"{r['respondent_id']}: bad {col} {r[col]!r}")
        if not 0 <= int(r["nps"]) <= 10:
            fail(f"{r['respondent_id']}: nps out of range")
    for p in participants.values():
        for col, vals in allowed.items():
            if p[col] not in vals:
                fail(f"participant {p['name']}: bad {col} {p[col]!r}")

    personas = yaml.safe_load((ROOT / "personas.yaml").read_text(encoding="utf-8"))["personas"]
    matched_any = set()
    print()
    for persona in personas:
        ps = [p for p in participants.values() if matches(persona["rule"], p)]
        ss = [r for r in survey if matches(persona["rule"], r)]
        matched_any |= {p["name"] for p in ps}
        pl = {p["language"] for p in ps}
        print(f"persona {persona['name']!r}: participants {[p['name'] for p in ps]}, survey {len(ss)}")
        if len(ps) < 3 or pl != {"es", "en"} or len(ss) < 80:
            fail(f"persona {persona['name']} matches too little")
        if not {"es", "en"} <= set(persona.get("summary", {})):
            fail(f"persona {persona['name']} lacks an es/en summary")
    neither = sorted(set(participants) - matched_any)
    print(f"participants matching neither persona: {neither}")
    if not neither:
        fail("every participant matches a persona")

    if problems:
        print("\nPROBLEMS:")
        for p in problems:
            print(" -", p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
