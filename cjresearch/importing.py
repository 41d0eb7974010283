"""Import steps behind ``Project.import_files``: parse everything first, then store.

Speakers become participants: a name or id in the participants list, the interviewer (named
in front matter, the interviewer-label lexicon, ``--interviewer``, a participant row with role
``interviewer``, or — failing all that — the speaker who mostly asks questions), or a new
participant keyed by the speaker label.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from . import lexicons, tables
from .errors import UserError
from .ingest import read
from .ingest.encoding import decode
from .ingest.survey import _sniff_delimiter, _value
from .model import ParsedSource
from .nlp import fold
from .segment import segment_source


# spaCy's ``nlp.max_length``: one turn longer than this cannot be split into sentences.
MAX_TURN_CHARS = 1_000_000


def parse_all(paths: list[Path], **options) -> list[tuple[Path, ParsedSource]]:
    if not paths:
        raise UserError("no files given to import")
    parsed = [(p, read(p, **options)) for p in paths]
    for path, src in parsed:
        check_turn_length(src.turns, path)
    return parsed


def check_turn_length(turns, path) -> None:
    """One clear error when a turn is longer than ``MAX_TURN_CHARS`` (a text with no line breaks
    or speaker turns to split it at)."""
    longest = max((t.end - t.start for t in turns), default=0)
    if longest > MAX_TURN_CHARS:
        raise UserError(f"one turn is {longest:,} characters long (the limit is "
                        f"{MAX_TURN_CHARS:,}); the text has no line breaks or speaker "
                        "turns to split it at", path=path,
                        hint="split it into paragraphs or 'Name: text' lines")


def import_paths(con, paths: list[Path], text_columns=None, id_column=None, language: str = "auto",
                 interviewers=frozenset(), chunksize: int | None = None,
                 progress: bool | None = None) -> list[dict]:
    """``Project.import_files``: files read whole are parsed first (nothing is stored if one is
    bad); big CSV/TSV surveys (or any, given ``chunksize``) are streamed while storing
    (:mod:`cjresearch.ingest.stream`). All in one transaction, results in the order given."""
    from . import store
    from .ingest.stream import import_survey_stream, should_stream
    if not paths:
        raise UserError("no files given to import")
    streamed = [should_stream(p, chunksize) for p in paths]
    whole = [p for p, s in zip(paths, streamed) if not s]
    parsed = iter(parse_all(whole, text_columns=text_columns, id_column=id_column) if whole else [])
    results = []
    with store.atomic(con):
        for path, stream in zip(paths, streamed):
            if stream:
                results.append(import_survey_stream(con, path, text_columns, id_column, language,
                                                    chunksize=chunksize, progress=progress))
            else:
                results += store_parsed(con, [next(parsed)], language=language,
                                        interviewers=set(interviewers))
    return results


def _interviewer_labels() -> set[str]:
    labels = set()
    for lang in ("es", "en"):
        try:
            labels |= {fold(x) for x in lexicons.load(lang, "cues").get("interviewer_labels", [])}
        except UserError:
            pass
    return labels


def _questioner(parsed: ParsedSource) -> str | None:
    """The speaker whose turns are mostly questions, when there are at least two speakers."""
    stats: dict[str, list[int]] = {}
    for t in parsed.turns:
        if t.speaker:
            s = stats.setdefault(t.speaker, [0, 0])
            s[0] += 1
            s[1] += "?" in parsed.text[t.start:t.end]
    if len(stats) < 2:
        return None
    share = {k: q / n for k, (n, q) in stats.items() if n >= 2}
    if not share:
        return None
    best = max(share, key=share.get)
    return best if share[best] >= 0.5 and sorted(share.values())[-2:][0] < share[best] else None


def store_parsed(con, parsed_files, language: str = "auto", interviewers: set[str] = frozenset()) -> list[dict]:
    results = []
    known_interviewers = _interviewer_labels() | {fold(i) for i in interviewers}
    for path, parsed in parsed_files:
        sha = tables.content_hash(parsed)
        dup = tables.find_source_by_hash(con, sha)
        if dup:
            results.append({"file": str(path), "status": "skipped", "source_id": dup["id"],
                            "warnings": [f"same content already imported as {dup['name']!r}"]})
            continue
        if parsed.kind == "survey":
            pids, evidence = _survey_participants(con, parsed)
        else:
            pids, evidence = _interview_participants(con, parsed, known_interviewers)
        if parsed.kind != "survey" and parsed.turns and not any(evidence):
            parsed.warnings.append("only the interviewer speaks in this file; none of it counts "
                                   "as evidence (check the speaker labels)")
        lang = language if language in ("es", "en") else None
        flags = dict(zip(map(id, parsed.turns), evidence))
        segments = segment_source(parsed, lambda t: flags[id(t)], language=lang)
        src_lang = lang or _majority([t.language for t, e in zip(parsed.turns, evidence) if e]) \
            or _majority([t.language for t in parsed.turns])
        source_id = tables.insert_source(con, parsed, sha, str(path), src_lang)
        turn_ids = tables.insert_turns(con, source_id, parsed, pids, evidence)
        n = tables.insert_segments(con, source_id, segments, turn_ids, pids)
        results.append({"file": str(path), "status": "imported", "source_id": source_id,
                        "kind": parsed.kind, "format": parsed.format, "language": src_lang,
                        "turns": len(parsed.turns), "segments": n,
                        "participants": len({p for p, e in zip(pids, evidence) if e and p}),
                        "warnings": list(parsed.warnings)})
    return results


def _majority(values):
    values = [v for v in values if v]
    return max(set(values), key=values.count) if values else None


def _survey_participants(con, parsed: ParsedSource):
    ids = {}
    for key, attrs in parsed.participants.items():
        ids[key] = tables.upsert_participant(con, key=key, attributes=attrs)
    return [ids.get(t.respondent) for t in parsed.turns], [True] * len(parsed.turns)


def _interview_participants(con, parsed: ParsedSource, known: set[str]):
    index = tables.participant_index(con)
    named = known | {fold(i) for i in parsed.interviewers}
    has_interviewer = any(fold(t.speaker or "") in named or index.get(fold(t.speaker or ""), (0, ""))[1]
                          == "interviewer" for t in parsed.turns)
    if not has_interviewer:
        guess = _questioner(parsed)
        if guess:
            named = named | {fold(guess)}
            parsed.warnings.append(f"treated {guess!r} as the interviewer (most turns are questions); "
                                   "say otherwise with --interviewer")
    resolved: dict[str, tuple[int | None, bool]] = {}
    for t in parsed.turns:
        speaker = t.speaker
        if speaker is None or speaker in resolved:
            continue
        key = fold(speaker)
        hit = index.get(key)
        is_interviewer = key in named or (hit is not None and hit[1] == "interviewer")
        if hit is None:
            pid = tables.upsert_participant(con, key=speaker, name=speaker,
                                            role="interviewer" if is_interviewer else "participant")
            index[key] = (pid, "interviewer" if is_interviewer else "participant")
        else:
            pid = hit[0]
        resolved[speaker] = (pid, not is_interviewer)
    participant = parsed.meta.get("participant")
    default = (index.get(fold(str(participant)), (None, ""))[0], True) if participant else (None, True)
    pairs = [resolved.get(t.speaker, default) if t.speaker else default for t in parsed.turns]
    return [p for p, _ in pairs], [e for _, e in pairs]


def read_participants(path: Path, id_column: str, name_column: str, role_column: str) -> list[dict]:
    if path.suffix.lower() not in (".csv", ".tsv"):
        raise UserError("a participants list must be a .csv or .tsv file", path=path)
    if not path.exists():
        raise UserError("file not found", path=path)
    text, _ = decode(path.read_bytes(), path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or id_column not in reader.fieldnames:
        raise UserError(f"no column {id_column!r}", path=path,
                        hint=f"columns are: {', '.join(reader.fieldnames or [])}")
    rows, seen = [], set()
    for line, row in enumerate(reader, start=2):
        key = (row.get(id_column) or "").strip()
        if not key:
            raise UserError(f"line {line}: empty {id_column!r}", path=path)
        if key in seen:
            raise UserError(f"line {line}: participant id {key!r} repeats", path=path)
        seen.add(key)
        attrs = {k: _value(v) for k, v in row.items()
                 if k not in (id_column, name_column, role_column) and k is not None}
        role = (row.get(role_column) or "participant").strip().lower() or "participant"
        rows.append({"key": key, "name": (row.get(name_column) or "").strip() or None, "role": role,
                     "attributes": attrs})
    return rows


def read_personas(path: Path) -> list[dict]:
    if not path.exists():
        raise UserError("file not found", path=path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"not valid YAML: {str(exc).splitlines()[0]}", path=path)
    except UnicodeDecodeError:
        raise UserError("not a UTF-8 text file", path=path)
    items = data.get("personas") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise UserError("expected a list under 'personas:'", path=path)
    out = []
    for i, p in enumerate(items):
        if not isinstance(p, dict) or not p.get("name"):
            raise UserError(f"personas[{i}] needs a 'name'", path=path)
        out.append({"name": str(p["name"]), "rule": p.get("rule") or {}, "summary": p.get("summary"),
                    "picture": p.get("picture")})
    return out
