"""Writing ``.qdpx`` and ``.qdc`` files. Read-only on the project; output replaced atomically.

Children of ``Project`` follow the schema's fixed order and an empty container is never written
(the schema requires at least one child in each). Sources go to ``sources/<GUID>.txt`` as UTF-8,
never also inline; ``basePath`` is never written.
"""
from __future__ import annotations

import decimal
import hashlib
import json
import os
import re
import zipfile
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import __version__
from ..errors import UserError
from ..model import DIMENSIONS
from ..store import get_meta
from .refi import (AUTO_CODER, NS_CODEBOOK, NS_PROJECT, RGB_RE, SOURCE_KIND, Guids, code_description,
                   coding_description)

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times: identical projects give identical files
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")  # xsd:dateTime


def write_qdpx(con, out: Path, redactor=None, project_name=None, include_suggestions=False) -> dict:
    _check_target(out)
    guids = Guids(con)
    seed = get_meta(con, "seed", 7)
    loss: dict[str, int] = defaultdict(int)
    root = ET.Element("Project", {"xmlns": NS_PROJECT, "name": project_name or _project_stem(con),
                                  "origin": f"cjresearch {__version__}"})
    sources, users, n_codings = _sources(con, guids, seed, redactor, include_suggestions, loss)
    if users:
        el = ET.SubElement(root, "Users")
        for name in sorted(users):
            ET.SubElement(el, "User", {"guid": guids("user", name), "name": name, "id": users[name]})
    codes = _codebook(con, guids, loss)
    if len(codes):
        ET.SubElement(root, "CodeBook").append(codes)
    variables, cases = _cases(con, guids, redactor, sources)
    if len(variables):
        root.append(variables)
    if len(cases):
        root.append(cases)
    if sources:
        el = ET.SubElement(root, "Sources")
        for src in sources:
            el.append(src["element"])
    _count_unexported(con, loss, include_suggestions)
    if redactor is not None:
        loss["participant names (pseudonymised cases carry no name)"] = con.execute(
            "SELECT COUNT(*) FROM participants WHERE name IS NOT NULL").fetchone()[0]
    xml = _serialise(root)
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(_entry("project.qde"), xml)
            for src in sources:
                zf.writestr(_entry(f"sources/{src['guid']}.txt"), src["text"].encode("utf-8"))
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return {"file": str(out), "format": "qdpx", "sources": len(sources), "codes": _count_codes(codes),
            "codings": n_codings, "users": len(users), "cases": len(cases), "variables": len(variables),
            "redacted": redactor is not None, "not_exported": dict(loss),
            "data_loss": [f"{k}: {v}" for k, v in sorted(loss.items()) if v]}


def write_qdc(con, out: Path) -> dict:
    _check_target(out)
    loss: dict[str, int] = defaultdict(int)
    codes = _codebook(con, Guids(con), loss)
    if not len(codes):
        raise UserError("the project has no codes to export", path=_project_path(con))
    root = ET.Element("CodeBook", {"xmlns": NS_CODEBOOK, "origin": f"cjresearch {__version__}"})
    root.append(codes)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(_serialise(root))
    os.replace(tmp, out)
    return {"file": str(out), "format": "qdc", "codes": _count_codes(codes), "not_exported": dict(loss),
            "data_loss": [f"{k}: {v}" for k, v in sorted(loss.items()) if v]}


def _check_target(out: Path) -> None:
    if not out.parent.exists():
        raise UserError("the folder does not exist", path=out.parent)
    if out.is_dir():
        raise UserError("is a folder; give a file name", path=out)


def _project_path(con) -> str:
    row = con.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else "project"


def _project_stem(con) -> str:
    return Path(_project_path(con)).stem or "project"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _serialise(root) -> bytes:
    """Pretty XML 1.0; characters XML cannot hold (control characters) are dropped from names
    and descriptions (source texts are separate files and keep them)."""
    for el in root.iter():
        if el.text:
            el.text = _NOT_XML.sub("", el.text)
        for k, v in el.attrib.items():
            el.set(k, _NOT_XML.sub("", v))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _count_codes(codes) -> int:
    return sum(1 for el in codes.iter("Code") if el.get("isCodable") == "true")


# -- codebook -------------------------------------------------------------------------------

def _codebook(con, guids: Guids, loss) -> ET.Element:
    """``<Codes>``: one non-codable parent per dimension, our codes below it by ``parent_id``."""
    rows = con.execute("SELECT id, parent_id, dimension, name, label, description, memo, colour "
                       "FROM codes ORDER BY dimension, name").fetchall()
    by_id = {r["id"]: r for r in rows}
    children = defaultdict(list)
    for r in rows:
        parent = by_id.get(r["parent_id"])
        nested = parent is not None and parent["dimension"] == r["dimension"] and not _cycle(r, by_id)
        children[r["parent_id"] if nested else ("dim", r["dimension"])].append(r)
    codes = ET.Element("Codes")
    dims = [d for d in DIMENSIONS if children.get(("dim", d))]
    dims += sorted(k[1] for k in children if isinstance(k, tuple) and k[1] not in DIMENSIONS)
    for dim in dims:
        node = ET.SubElement(codes, "Code", {"guid": guids("dimension", dim), "name": dim,
                                             "isCodable": "false"})
        ET.SubElement(node, "Description").text = f"cjresearch dimension {dim!r}"
        for r in children[("dim", dim)]:
            _code(node, r, children, guids, loss)
    return codes


def _cycle(row, by_id) -> bool:
    seen, cur = {row["id"]}, by_id.get(row["parent_id"])
    while cur is not None:
        if cur["id"] in seen:
            return True
        seen.add(cur["id"])
        cur = by_id.get(cur["parent_id"])
    return False


def _code(parent, r, children, guids, loss) -> None:
    attrs = {"guid": guids("code", r["dimension"], r["name"]), "name": r["name"], "isCodable": "true"}
    if r["colour"]:
        if RGB_RE.fullmatch(r["colour"]):
            attrs["color"] = r["colour"]
        else:
            loss["code colours that are not #RRGGBB"] += 1
    el = ET.SubElement(parent, "Code", attrs)
    text = code_description(r["description"], r["memo"], r["label"], r["name"])
    if text:
        ET.SubElement(el, "Description").text = text
    for child in children.get(r["id"], []):
        _code(el, child, children, guids, loss)


# -- sources and codings --------------------------------------------------------------------

def _user_name(row, seed) -> tuple[str, str]:
    if row["origin"] == "manual":
        return row["author"] or "anonymous", f"cjresearch:person:{row['author'] or ''}"
    coder = row["coder"] or row["origin"]
    return f"{AUTO_CODER}{coder}, seed {seed}", f"cjresearch:auto-coder:{row['origin']}:{coder}"


def _sources(con, guids, seed, redactor, include_suggestions, loss):
    wanted = "c.origin = 'manual' OR c.status = 'accepted'"
    if include_suggestions:
        wanted += " OR c.status = 'suggested'"
    out, users, n_codings, shas = [], {}, 0, set()
    for src in con.execute("SELECT id, name, text, kind FROM sources ORDER BY id").fetchall():
        text, name, mapper = src["text"], src["name"], None
        if redactor is not None:
            red = redactor.redact(text)
            text, name, mapper = red.text, redactor.redact(name).text, _mappers(red)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if sha in shas:  # the same text stored twice (as survey and as interview): keep both apart
            sha = f"{sha}:{src['id']}"
        shas.add(sha)
        guid = guids("source", sha)
        el = ET.Element("TextSource", {"guid": guid, "name": name,
                                       "plainTextPath": f"internal://{guid}.txt"})
        ET.SubElement(el, "Description").text = f"{SOURCE_KIND}{src['kind']}"
        rows = con.execute(
            f"""SELECT c.start, c.end, c.origin, c.coder, c.confidence, c.author, c.status,
                       c.created_at, c.note, k.dimension, k.name AS code
                FROM codings c JOIN segments s ON s.id = c.segment_id JOIN codes k ON k.id = c.code_id
                WHERE s.source_id = ? AND c.status != 'rejected' AND ({wanted})
                ORDER BY c.start, c.end, k.dimension, k.name, c.id""", (src["id"],)).fetchall()
        seen = set()
        for r in rows:
            start, end = (r["start"], r["end"]) if mapper is None else (mapper[0](r["start"]), mapper[1](r["end"]))
            if not 0 <= start < end <= len(text):
                loss["codings whose span redaction left empty"] += 1
                continue
            user, user_id = _user_name(r, seed)
            identity = (sha, start, end, r["dimension"], r["code"], user)
            if identity in seen:
                loss["duplicate codings (same span, code and coder)"] += 1
                continue
            seen.add(identity)
            users[user] = user_id
            sel = ET.SubElement(el, "PlainTextSelection", {
                "guid": guids("selection", *identity), "name": _snippet(text[start:end]),
                "startPosition": str(start), "endPosition": str(end),
                "creatingUser": guids("user", user)})
            note = r["note"] if redactor is None or not r["note"] else redactor.redact(r["note"]).text
            ET.SubElement(sel, "Description").text = coding_description(
                r["origin"], r["coder"], r["status"], r["confidence"], note)
            coding = ET.SubElement(sel, "Coding", {"guid": guids("coding", *identity),
                                                   "creatingUser": guids("user", user)})
            if r["created_at"] and _DATETIME.fullmatch(r["created_at"]):
                coding.set("creationDateTime", r["created_at"])
            ET.SubElement(coding, "CodeRef", {"targetGUID": guids("code", r["dimension"], r["code"])})
            n_codings += 1
        out.append({"id": src["id"], "guid": guid, "text": text, "element": el})
    return out, users, n_codings


def _mappers(red):
    """(start map, end map). A redactor whose ``map`` takes a side maps an end that cuts a
    placeholder to the placeholder's end, so the quote keeps all of it."""
    try:
        red.map(0, "end")
    except TypeError:
        return red.map, red.map
    return (lambda p: red.map(p, "start")), (lambda p: red.map(p, "end"))


def _snippet(text: str, n: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"


# -- participants as cases ------------------------------------------------------------------

def _cases(con, guids, redactor, sources):
    people = con.execute("SELECT id, key, name, role, attributes FROM participants ORDER BY key").fetchall()
    attrs = {p["id"]: {"role": p["role"], **json.loads(p["attributes"] or "{}")} for p in people}
    kinds: dict[str, str] = {}
    for values in attrs.values():
        for k, v in values.items():
            if v is not None:
                kinds[k] = _merge_kind(kinds.get(k), _kind(v))
    variables = ET.Element("Variables")
    for name in sorted(kinds):
        ET.SubElement(variables, "Variable", {"guid": guids("variable", name), "name": name,
                                              "typeOfVariable": kinds[name]})
    source_guid = {s["id"]: s["guid"] for s in sources}
    spoken = defaultdict(set)
    for r in con.execute("SELECT DISTINCT participant_id, source_id FROM segments WHERE participant_id IS NOT NULL"):
        spoken[r[0]].add(source_guid.get(r[1]))
    cases = ET.Element("Cases")
    for p in people:
        name = redactor.pseudonym(p["key"]) if redactor is not None else p["key"]
        case = ET.SubElement(cases, "Case", {"guid": guids("case", name), "name": name})
        if redactor is None and p["name"]:
            ET.SubElement(case, "Description").text = p["name"]
        for k in sorted(attrs[p["id"]]):
            value = attrs[p["id"]][k]
            if value is None:
                continue
            vv = ET.SubElement(case, "VariableValue")
            ET.SubElement(vv, "VariableRef", {"targetGUID": guids("variable", k)})
            kind = kinds[k]
            ET.SubElement(vv, f"{kind}Value").text = _format_value(value, kind)
        for guid in sorted(g for g in spoken.get(p["id"], ()) if g):
            ET.SubElement(case, "SourceRef", {"targetGUID": guid})
    return variables, cases


def _kind(v) -> str:
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, int):
        return "Integer"
    if isinstance(v, float):
        return "Float"
    return "Text"


def _merge_kind(a, b) -> str:
    if a is None or a == b:
        return b
    return "Float" if {a, b} == {"Integer", "Float"} else "Text"


def _format_value(v, kind: str) -> str:
    if kind == "Boolean":
        return "true" if v else "false"
    if kind == "Float":  # xsd:decimal has no exponent
        return format(decimal.Decimal(repr(float(v))), "f")
    return str(v)


def _count_unexported(con, loss, include_suggestions) -> None:
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    if not include_suggestions:
        loss["suggested codings (pass include_suggestions=True to export them)"] = one(
            "SELECT COUNT(*) FROM codings WHERE status = 'suggested' AND origin != 'manual'")
    loss["rejected codings"] = one("SELECT COUNT(*) FROM codings WHERE status = 'rejected'")
    loss["personas"] = one("SELECT COUNT(*) FROM personas")
    loss["journey maps"] = one("SELECT COUNT(*) FROM maps")
    loss["map items (with their evidence links)"] = one("SELECT COUNT(*) FROM map_items")
    loss["frameworks added to the project"] = one("SELECT COUNT(*) FROM frameworks")
    loss["segment boundaries (rebuilt by the segmenter on import)"] = one("SELECT COUNT(*) FROM segments")
    loss["turn timestamps (kept only where the text shows them)"] = one(
        "SELECT COUNT(*) FROM turns WHERE t0 IS NOT NULL")
    loss["survey answers' respondent and question"] = one("SELECT COUNT(*) FROM turns WHERE question IS NOT NULL")
    loss["coder runs and their parameters"] = one("SELECT COUNT(*) FROM runs")
    loss["source metadata (format, language, import warnings)"] = one("SELECT COUNT(*) FROM sources")
