"""Codebooks: QDA-XML code trees -> our codes (dimension, name, parent), and ``.qdc`` import."""
from __future__ import annotations

import re
from pathlib import Path

from .. import store, tables
from ..errors import UserError
from .refi import Guids, dimension_of, local, parse_code_description, parse_xml
from .refi_read import Doc, read_codes

MAX_QDC_BYTES = 64 * 2**20


def store_codes(con, tree: list, known: dict, report: dict, default_dimension="custom") -> dict:
    """guid -> code id. A top-level, non-codable code named after one of our dimensions is that
    dimension; anything else lands in ``custom`` with its hierarchy kept."""
    ids: dict[str, int] = {}
    taken: dict[tuple[str, str], str] = {}

    def add(node, dimension, parent_id, parent_name):
        name = node["name"]
        if (dimension, name) in taken and taken[(dimension, name)] != node["guid"]:
            name = f"{parent_name}/{name}" if parent_name else f"{name} ({node['guid'][:8]})"
        taken[(dimension, name)] = node["guid"]
        description, memo, label = parse_code_description(node["description"])
        colour = node["color"] if node["color"] and re.fullmatch(r"#[0-9A-Fa-f]{3,6}", node["color"]) else None
        existing = con.execute("SELECT id FROM codes WHERE dimension=? AND name=?", (dimension, name)).fetchone()
        if existing:
            code_id = existing["id"]
            con.execute("""UPDATE codes SET label=COALESCE(label, ?), description=COALESCE(description, ?),
                           memo=COALESCE(memo, ?), colour=COALESCE(colour, ?),
                           parent_id=COALESCE(parent_id, ?) WHERE id=?""",
                        (label, description, memo, colour, parent_id if parent_id != code_id else None, code_id))
            report["codes_existing"] += 1
        else:
            code_id = tables.ensure_code(con, dimension, name, label=label, parent_id=parent_id,
                                         description=description, colour=colour)
            if memo:
                con.execute("UPDATE codes SET memo=? WHERE id=?", (memo, code_id))
            report["codes"] += 1
        ids[node["guid"]] = code_id
        known[Guids.key("code", dimension, name)] = node["guid"]
        for child in node["children"]:
            add(child, dimension, code_id, name)

    for node in tree:
        dim = dimension_of(node["name"])
        if dim and not node["codable"]:
            known[Guids.key("dimension", dim)] = node["guid"]
            for child in node["children"]:
                add(child, dim, None, None)
        else:
            add(node, default_dimension, None, None)
    return ids


def read_qdc(con, path: Path) -> dict:
    if not path.is_file():
        raise UserError("file not found", path=path)
    size = path.stat().st_size
    if size > MAX_QDC_BYTES:
        raise UserError(f"file is {size / 2**20:,.0f} MB; a codebook over {MAX_QDC_BYTES // 2**20} MB "
                        "is refused", path=path)
    root = parse_xml(path.read_bytes(), path, path.name)
    if local(root.tag) != "CodeBook":
        raise UserError(f"the root element is <{local(root.tag)}>, not <CodeBook>", path=path,
                        hint="not a REFI-QDA codebook (.qdc)")
    doc = Doc()
    codes_els = [c for c in root if local(c.tag) == "Codes"]
    if not codes_els:
        raise UserError("the codebook has no <Codes>", path=path)
    tree = []
    for codes in codes_els:
        tree += read_codes(codes, path, doc)
    for el in root:
        if local(el.tag) == "Sets":
            doc.lose("code sets", len(el))
        elif local(el.tag) != "Codes":
            doc.lose(f"unknown element <{local(el.tag)}>")
    report = {"file": str(path), "format": "qdc", "codes": 0, "codes_existing": 0}
    with store.atomic(con):
        guids = Guids(con)
        known = dict(guids.known)
        store_codes(con, tree, known, report)
        store.set_meta(con, "refi_guids", known)
    report["not_imported"] = dict(doc.loss)
    report["data_loss"] = [f"{k}: {v}" for k, v in sorted(doc.loss.items())]
    return report
