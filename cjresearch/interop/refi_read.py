"""Reading a QDA-XML document into plain dicts (no database): checks the schema's essentials
and collects what we cannot carry, so the import can refuse a bad file before writing anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UserError
from .refi import GUID_RE, local

_SKIPPED_SOURCES = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio",
                    "VideoSource": "video"}
_PROJECT_CHILDREN = ("Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets",
                     "Graphs", "Description", "NoteRef")


@dataclass
class Doc:
    users: dict = field(default_factory=dict)        # guid -> {"name", "id"}
    codes: list = field(default_factory=list)        # tree of {"guid","name","codable","color","description","children"}
    variables: dict = field(default_factory=dict)    # guid -> {"name", "type"}
    cases: list = field(default_factory=list)        # {"guid","name","description","values": {var_guid: value}}
    sources: list = field(default_factory=list)      # {"guid","name","inline","path","selections"}
    loss: dict = field(default_factory=dict)         # what did not carry -> count
    skipped_sources: list = field(default_factory=list)

    def lose(self, what: str, n: int = 1) -> None:
        self.loss[what] = self.loss.get(what, 0) + n


def children(el, name: str):
    return [c for c in el if local(c.tag) == name]


def text_of(el, name: str) -> str | None:
    found = children(el, name)
    return found[0].text if found and found[0].text is not None else (None if not found else "")


def guid_of(el, path, what: str) -> str:
    guid = (el.get("guid") or "").strip()
    if not GUID_RE.fullmatch(guid):
        raise UserError(f"a <{what}> has no valid guid ({guid or 'missing'})", path=path,
                        hint="not a REFI-QDA file this program can read")
    return guid.strip("{}").lower()


def ref_of(el, path, what: str) -> str:
    guid = (el.get("targetGUID") or "").strip()
    if not GUID_RE.fullmatch(guid):
        raise UserError(f"a <{what}> has no valid targetGUID ({guid or 'missing'})", path=path)
    return guid.strip("{}").lower()


def read_codes(codes_el, path, doc: Doc) -> list:
    out = []
    for el in children(codes_el, "Code"):
        name = el.get("name")
        if name is None or not name.strip():
            raise UserError("a <Code> has no name", path=path)
        codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
        if children(el, "NoteRef"):
            doc.lose("notes attached to codes", len(children(el, "NoteRef")))
        out.append({"guid": guid_of(el, path, "Code"), "name": name.strip(), "codable": codable,
                    "color": el.get("color"), "description": text_of(el, "Description"),
                    "children": read_codes(el, path, doc)})
    return out


def read_project(root, path) -> Doc:
    if local(root.tag) != "Project":
        raise UserError(f"the root element is <{local(root.tag)}>, not <Project>", path=path,
                        hint="not a REFI-QDA project")
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns not in ("", "urn:QDA-XML:project:1.0"):
        raise UserError(f"the project uses namespace {ns!r}, not urn:QDA-XML:project:1.0", path=path)
    doc = Doc()
    for el in root:
        name = local(el.tag)
        if name == "Users":
            for u in children(el, "User"):
                doc.users[guid_of(u, path, "User")] = {"name": u.get("name") or u.get("id") or "anonymous",
                                                       "id": u.get("id") or ""}
        elif name == "CodeBook":
            for codes in children(el, "Codes"):
                doc.codes += read_codes(codes, path, doc)
        elif name == "Variables":
            for v in children(el, "Variable"):
                doc.variables[guid_of(v, path, "Variable")] = {
                    "name": (v.get("name") or "").strip() or "variable",
                    "type": v.get("typeOfVariable") or "Text"}
        elif name == "Cases":
            doc.cases += [_case(c, path, doc) for c in children(el, "Case")]
        elif name == "Sources":
            for src in el:
                kind = local(src.tag)
                if kind == "TextSource":
                    doc.sources.append(_text_source(src, path, doc))
                else:
                    what = _SKIPPED_SOURCES.get(kind, kind)
                    doc.skipped_sources.append(f"{src.get('name') or src.get('guid')} ({what})")
                    doc.lose(f"{what} sources (only text sources are imported)")
        elif name in _PROJECT_CHILDREN:
            n = len(el) if name in ("Notes", "Links", "Sets", "Graphs") else 1
            doc.lose({"Notes": "notes", "Links": "links", "Sets": "sets", "Graphs": "graphs",
                      "Description": "the project description", "NoteRef": "project notes"}[name], n)
        else:
            doc.lose(f"unknown element <{name}>")
    if not doc.sources and not doc.codes and not doc.cases and not doc.skipped_sources:
        raise UserError("the project holds no sources, codes or cases: nothing to import", path=path,
                        hint="is it an empty export?")
    return doc


def _case(el, path, doc: Doc) -> dict:
    values = {}
    for vv in children(el, "VariableValue"):
        refs = children(vv, "VariableRef")
        if not refs:
            raise UserError("a <VariableValue> has no <VariableRef>", path=path)
        for v in vv:
            if local(v.tag).endswith("Value") and local(v.tag) != "VariableValue":
                values[ref_of(refs[0], path, "VariableRef")] = (local(v.tag), v.text or "")
    for what in ("CodeRef", "SelectionRef"):
        if children(el, what):
            doc.lose(f"case links to {what[:-3].lower()}s", len(children(el, what)))
    description = text_of(el, "Description")
    return {"guid": guid_of(el, path, "Case"), "name": (el.get("name") or "").strip(),
            "description": description.strip() if description else None, "values": values}


def _position(sel, attr: str, path) -> int:
    raw = sel.get(attr)
    try:
        return int((raw or "").strip())
    except ValueError:
        raise UserError(f"selection {sel.get('guid')}: {attr} {raw!r} is not a whole number", path=path)


def _text_source(el, path, doc: Doc) -> dict:
    guid = guid_of(el, path, "TextSource")
    selections = []
    for sel in children(el, "PlainTextSelection"):
        start, end = _position(sel, "startPosition", path), _position(sel, "endPosition", path)
        codings = []
        for coding in children(sel, "Coding"):
            refs = children(coding, "CodeRef")
            if len(refs) != 1:
                raise UserError(f"a <Coding> in selection {sel.get('guid')} holds {len(refs)} <CodeRef> "
                                "(the schema asks for exactly one)", path=path)
            user = (coding.get("creatingUser") or sel.get("creatingUser") or "").strip("{}").lower()
            codings.append({"guid": guid_of(coding, path, "Coding"), "code": ref_of(refs[0], path, "CodeRef"),
                            "user": user or None, "created": coding.get("creationDateTime")})
            if children(coding, "NoteRef"):
                doc.lose("notes attached to codings", len(children(coding, "NoteRef")))
        if children(sel, "NoteRef"):
            doc.lose("notes attached to selections", len(children(sel, "NoteRef")))
        if not codings:
            doc.lose("selections without a coding")
            continue
        selections.append({"guid": guid_of(sel, path, "PlainTextSelection"), "start": start, "end": end,
                           "name": sel.get("name"),
                           "description": text_of(sel, "Description"), "codings": codings})
    for what, label in (("Coding", "codings of a whole source"), ("NoteRef", "notes attached to sources"),
                        ("VariableValue", "variable values of sources")):
        if children(el, what):
            doc.lose(label, len(children(el, what)))
    if el.get("richTextPath"):
        doc.lose("rich-text versions of sources (the plain text is imported)")
    return {"guid": guid, "name": (el.get("name") or "").strip() or f"{guid}.txt",
            "description": text_of(el, "Description"),
            "inline": text_of(el, "PlainTextContent"), "path": el.get("plainTextPath"),
            "selections": selections}
