"""Importing ``.qdpx`` projects and ``.qdc`` codebooks into an existing project.

Everything is read and checked first (archive limits, XML, code references, offsets); then one
transaction writes it, so a refused file leaves the project exactly as it was.

Texts: stored as given except line ends, which become ``\n`` once, offsets shifted to match
(see ``offsets.py``). A text identical to one already in the project is not stored twice.

Segments: each imported text goes through our normal import (speaker turns from ``Name: text``
lines, else paragraphs; a survey we exported is split back into its answers; then the
segmenter), so imported material is coded, mapped and checked like any other. A coding is
attached to the segment that contains it. A coding that crosses segments keeps its exact span:
the segments it touches are merged into one (the one holding most of the span keeps its turn and
speaker; it counts as evidence if any part did), and a coding that no segment covers (a speaker
label, a heading) gets a segment of its own. White space at the ends of a coded span is trimmed,
as our segments never start or end on it. The report counts each of these.

Who: a coding by one of our ``auto-coder: …`` users comes back as that machine coding (origin,
status, confidence from the selection's description); any other user's coding is a manual,
accepted coding with the user's name as author.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from .. import store, tables
from ..errors import UserError
from ..importing import MAX_TURN_CHARS, store_parsed
from ..ingest.transcript import _front_matter, _paragraph_turns, parse_turns
from ..model import ORIGINS, STATUSES, ParsedSource, Turn
from ..segment import trim_span
from . import offsets
from .refi import (AUTO_CODER, SOURCE_KIND, Guids, parse_coding_description, parse_xml)
from .refi_codes import store_codes
from .refi_read import Doc, read_project
from .safezip import SafeArchive, unsafe_name

# -- .qdpx ----------------------------------------------------------------------------------

def read_qdpx(con, path: Path) -> dict:
    with SafeArchive(path) as archive:
        qde = _find_qde(archive, path)
        doc = read_project(parse_xml(archive.read(qde), path, qde), path)
        texts = {s["guid"]: _source_text(archive, s, path, doc) for s in doc.sources}
    _check_code_refs(doc, path)
    prepared = [_prepare(s, texts[s["guid"]], doc, path) for s in doc.sources if texts[s["guid"]] is not None]
    with store.atomic(con):
        report = _store(con, doc, [p for p in prepared if p], path)
    report["qde"] = qde
    return report


def _check_code_refs(doc: Doc, path) -> None:
    defined, stack = set(), list(doc.codes)
    while stack:
        node = stack.pop()
        defined.add(node["guid"])
        stack += node["children"]
    for src in doc.sources:
        for sel in src["selections"]:
            for coding in sel["codings"]:
                if coding["code"] not in defined:
                    raise UserError(f"source {src['name']!r}: a coding in selection {sel['guid']} refers to "
                                    f"code {coding['code']}, which the codebook does not define", path=path)


def _find_qde(archive: SafeArchive, path) -> str:
    qdes = [n for n in archive.names() if n.lower().endswith(".qde")]
    unsafe = [n for n in qdes if unsafe_name(n)]
    at_root = [n for n in qdes if "/" not in n and n not in unsafe]
    if len(at_root) > 1:
        raise UserError(f"the archive holds {len(at_root)} project files ({', '.join(sorted(at_root))}); "
                        "expected one .qde at its root", path=path)
    if at_root:
        return at_root[0]
    if unsafe:
        raise UserError(f"refusing archive member {unsafe[0]!r}: its name contains "
                        f"{unsafe_name(unsafe[0])}", path=path)
    nested = f" (found {qdes[0]!r} in a folder)" if qdes else ""
    raise UserError(f"no .qde project file at the root of the archive{nested}", path=path,
                    hint="a .qdpx holds project.qde and a sources/ folder")


def _source_text(archive: SafeArchive, src: dict, path, doc: Doc) -> str | None:
    inline, ref = src["inline"], (src["path"] or "").strip()
    if inline is not None and inline.strip():
        if ref:
            doc.lose("sources with both inline text and a file (the inline text was used)")
        return inline
    if not ref:
        doc.skipped_sources.append(f"{src['name']} (no text)")
        doc.lose("sources without text")
        return None
    if not ref.lower().startswith("internal://"):
        doc.skipped_sources.append(f"{src['name']} (text outside the archive: {ref})")
        doc.lose("sources whose text lies outside the archive (never read from disk)")
        return None
    inner = ref[len("internal://"):]
    why = unsafe_name(inner)
    if why:
        raise UserError(f"source {src['name']!r}: refusing plainTextPath {ref!r}: it contains {why}",
                        path=path)
    member = archive.find(f"sources/{inner}")
    if member is None:
        raise UserError(f"source {src['name']!r}: plainTextPath {ref!r} names no file in the archive "
                        f"(expected sources/{inner})", path=path)
    data = archive.read(member)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{member} is not UTF-8 text ({exc.reason} at byte {exc.start})", path=path)


def _prepare(src: dict, raw: str, doc: Doc, path) -> dict | None:
    """Check offsets against the text, normalise line ends once and shift offsets to match."""
    text, options = offsets.readings(raw)
    reading = offsets.choose(text, options, src["selections"])
    if reading is None:
        bad = next(s for s in src["selections"] if not 0 <= s["start"] <= s["end"] <= len(raw))
        raise UserError(f"source {src['name']!r}: selection {bad['start']}-{bad['end']} lies outside "
                        f"its text of {len(raw):,} characters", path=path,
                        hint="offsets count Unicode code points from 0, end exclusive")
    if not text.strip():
        doc.skipped_sources.append(f"{src['name']} (empty text)")
        doc.lose("sources without text")
        return None
    name, _, mapper = reading
    if name != offsets.AS_GIVEN:
        doc.lose(f"sources whose offsets were {name} (detected from the quoted text; not a loss)")
    selections = []
    for sel in src["selections"]:
        a, b = mapper(sel["start"]), mapper(sel["end"])
        a2, b2 = trim_span(text, a, b)
        if a2 >= b2:
            doc.lose("empty or white-space-only selections", len(sel["codings"]))
            continue
        if (a2, b2) != (a, b):
            doc.lose("coded spans trimmed of white space at their ends (not a loss of text)", len(sel["codings"]))
        selections.append({**sel, "start": a2, "end": b2})
    return {**src, "text": text, "selections": selections, "crlf": "\r" in raw}


# -- writing --------------------------------------------------------------------------------

def _store(con, doc: Doc, sources: list[dict], path: Path) -> dict:
    guids = Guids(con)
    known = dict(guids.known)
    report = {"file": str(path), "format": "qdpx", "sources": 0, "sources_existing": 0, "codes": 0,
              "codes_existing": 0, "codings": 0, "codings_duplicate": 0, "participants": 0,
              "users": len(doc.users), "segments_merged": 0, "segments_added": 0,
              "line_ends_normalised": [], "skipped_sources": list(doc.skipped_sources), "source_ids": []}
    for guid, user in doc.users.items():
        known.setdefault(Guids.key("user", user["name"]), guid)
    code_ids = store_codes(con, doc.codes, known, report)
    _store_cases(con, doc, known, report)
    for src in sources:
        source_id = _store_source(con, src, path, known, report)
        report["source_ids"].append(source_id)
        if src["crlf"]:
            report["line_ends_normalised"].append(src["name"])
        sha = hashlib.sha256(src["text"].encode("utf-8")).hexdigest()
        present = {tuple(r) for r in con.execute(
            """SELECT c.start, c.end, c.code_id, c.origin, COALESCE(c.author, ''), COALESCE(c.coder, '')
               FROM codings c JOIN segments s ON s.id = c.segment_id WHERE s.source_id = ?""", (source_id,))}
        names = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, dimension, name FROM codes")}
        for sel in src["selections"]:
            for coding in sel["codings"]:
                _store_coding(con, source_id, sha, sel, coding, doc, (code_ids, names), present, known, report)
    store.set_meta(con, "refi_guids", known)
    if report["line_ends_normalised"]:
        doc.lose("CRLF line ends normalised to LF (offsets shifted to match; not a loss of text)",
                 len(report["line_ends_normalised"]))
    report["not_imported"] = dict(doc.loss)
    report["data_loss"] = [f"{k}: {v}" for k, v in sorted(doc.loss.items())] + \
        [f"skipped source {s}" for s in doc.skipped_sources]
    return report


def _typed(kind: str, raw: str):
    raw = raw.strip()
    try:
        if kind == "IntegerValue":
            return int(raw)
        if kind == "FloatValue":
            return float(raw)
        if kind == "BooleanValue":
            return raw.lower() in ("true", "1")
    except ValueError:
        pass
    return raw


def _store_cases(con, doc: Doc, known: dict, report: dict) -> None:
    for var_guid, var in doc.variables.items():
        known[Guids.key("variable", var["name"])] = var_guid
    for case in doc.cases:
        key = case["name"] or case["guid"]
        attrs = {doc.variables.get(g, {"name": g})["name"]: _typed(kind, raw)
                 for g, (kind, raw) in case["values"].items()}
        row = con.execute("SELECT role FROM participants WHERE key=?", (key,)).fetchone()
        role = str(attrs.pop("role", None) or (row["role"] if row else "participant"))
        description = case["description"]
        name = description if description and "\n" not in description and len(description) <= 200 else None
        tables.upsert_participant(con, key=key, name=name, role=role, attributes=attrs)
        known[Guids.key("case", key)] = case["guid"]
        report["participants"] += 1


def _store_source(con, src: dict, path: Path, known: dict, report: dict) -> int:
    text = src["text"]
    known[Guids.key("source", hashlib.sha256(text.encode("utf-8")).hexdigest())] = src["guid"]
    row = con.execute("SELECT id FROM sources WHERE text=? ORDER BY id LIMIT 1", (text,)).fetchone()
    if row:
        report["sources_existing"] += 1
        return row["id"]
    kind = "survey" if (src.get("description") or "").strip() == f"{SOURCE_KIND}survey" else "interview"
    meta, body = {}, 0
    if kind == "survey":  # our own export: answers separated by blank lines, no speaker labels
        turns = [Turn(start=m.start(), end=m.end()) for m in re.finditer(r"\S(?:(?!\n[ \t]*\n).)*", text, re.S)]
    else:
        try:
            meta, body = _front_matter(text, path)
        except UserError:  # a "---" block that is not ours: keep it as text
            meta, body = {}, 0
        turns = list(parse_turns(text, body)) or _paragraph_turns(text, body)
    longest = max((t.end - t.start for t in turns), default=0)
    if longest > MAX_TURN_CHARS:
        raise UserError(f"source {src['name']!r}: one turn is {longest:,} characters long (the limit is "
                        f"{MAX_TURN_CHARS:,})", path=path, hint="split the text into paragraphs")
    interviewers = meta.get("interviewer") or meta.get("interviewers") or []
    parsed = ParsedSource(
        name=src["name"], kind=kind, format="qdpx", text=text, turns=turns,
        language=meta.get("language") if meta.get("language") in ("es", "en") else None,
        meta={**{str(k): v for k, v in meta.items()}, "refi_guid": src["guid"]},
        interviewers={str(i) for i in ([interviewers] if isinstance(interviewers, str) else interviewers)},
        warnings=["CRLF line ends normalised to LF; coding offsets shifted to match"] if src["crlf"] else [])
    result = store_parsed(con, [(f"{path}#{src['name']}", parsed)])[0]
    if result["status"] == "imported":
        report["sources"] += 1
    else:
        report["sources_existing"] += 1
    return result["source_id"]


def _who(doc: Doc, coding: dict, description) -> dict:
    user = doc.users.get(coding["user"] or "", {"name": "anonymous", "id": ""})
    fields, note = parse_coding_description(description)
    ours = user["name"].startswith(AUTO_CODER) or user["id"].startswith("cjresearch:auto-coder:")
    if not ours:
        author = user["name"]
        if user["id"].startswith("cjresearch:person:"):  # ours: the author as stored, maybe none
            author = user["id"][len("cjresearch:person:"):] or None
        return {"origin": "manual", "coder": "person", "confidence": 1.0, "author": author,
                "status": "accepted", "note": note if fields else (description or "").strip() or None,
                "user": user["name"]}
    origin = fields.get("origin") if fields.get("origin") in ORIGINS and fields.get("origin") != "manual" else "model"
    status = fields.get("status") if fields.get("status") in STATUSES else "suggested"
    try:
        confidence = float(fields["confidence"]) if "confidence" in fields else None
    except ValueError:
        confidence = None
    coder = fields.get("coder") or user["name"][len(AUTO_CODER):].split(",")[0].strip() or origin
    return {"origin": origin, "coder": coder, "confidence": confidence, "author": None, "status": status,
            "note": note, "user": user["name"]}


def _store_coding(con, source_id, sha, sel, coding, doc, codes, present, known, report) -> None:
    code_ids, names = codes
    who = _who(doc, coding, sel["description"])
    code_id = code_ids[coding["code"]]
    start, end = sel["start"], sel["end"]
    identity = (sha, start, end, *names[code_id], who["user"])
    known[Guids.key("selection", *identity)] = sel["guid"]
    known[Guids.key("coding", *identity)] = coding["guid"]
    key = (start, end, code_id, who["origin"], who["author"] or "", who["coder"] or "")
    if key in present:
        report["codings_duplicate"] += 1
        return
    present.add(key)
    segment_id = _fit_segment(con, source_id, start, end, report)
    con.execute(
        """INSERT INTO codings(segment_id, code_id, start, end, origin, coder, confidence, author, status,
                               created_at, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
        (segment_id, code_id, start, end, who["origin"], who["coder"], who["confidence"], who["author"],
         who["status"], _timestamp(coding["created"]), who["note"]))
    report["codings"] += 1


def _timestamp(value) -> str:
    if value:
        try:
            datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return value.strip()
        except ValueError:
            pass
    return tables.now()


def _fit_segment(con, source_id: int, start: int, end: int, report: dict) -> int:
    """The segment holding ``[start, end)``: the one that contains it, else the touched segments
    merged into one, else a new segment for a span that no segment covers."""
    rows = con.execute("SELECT id, start, end, is_evidence FROM segments WHERE source_id=? AND start < ? "
                       "AND end > ? ORDER BY start", (source_id, end, start)).fetchall()
    if len(rows) == 1 and rows[0]["start"] <= start and end <= rows[0]["end"]:
        return rows[0]["id"]
    if rows:  # the segment holding most of the span keeps its turn and speaker
        keep = max(rows, key=lambda r: (min(end, r["end"]) - max(start, r["start"]), -r["start"]))["id"]
        others = [r["id"] for r in rows if r["id"] != keep]
        lo, hi = min(start, rows[0]["start"]), max(end, max(r["end"] for r in rows))
        marks = ",".join("?" * len(others))
        if others:
            con.execute(f"UPDATE codings SET segment_id=? WHERE segment_id IN ({marks})", (keep, *others))
            con.execute(f"DELETE FROM segments WHERE id IN ({marks})", others)
        con.execute("UPDATE segments SET start=?, end=?, is_evidence=? WHERE id=?",
                    (lo, hi, max(r["is_evidence"] for r in rows), keep))
        report["segments_merged"] += 1
        return keep
    turn = (con.execute("SELECT * FROM turns WHERE source_id=? AND start <= ? AND end > ? ORDER BY start DESC "
                        "LIMIT 1", (source_id, start, start)).fetchone()
            or con.execute("SELECT * FROM turns WHERE source_id=? AND start >= ? ORDER BY start LIMIT 1",
                           (source_id, end)).fetchone()  # a speaker label: the turn it opens
            or con.execute("SELECT * FROM turns WHERE source_id=? ORDER BY start DESC LIMIT 1",
                           (source_id,)).fetchone())
    report["segments_added"] += 1
    return con.execute(
        """INSERT INTO segments(source_id, turn_id, start, end, participant_id, speaker, t0, t1, language,
                                is_evidence) VALUES (?,?,?,?,?,?,?,?,?,?)""",
        (source_id, turn["id"] if turn else None, start, end, turn["participant_id"] if turn else None,
         turn["speaker"] if turn else None, turn["t0"] if turn else None, turn["t1"] if turn else None,
         turn["language"] if turn else None, turn["is_evidence"] if turn else 1)).lastrowid
