"""REFI-QDA (QDA-XML 1.0) projects (``.qdpx``) and codebooks (``.qdc``): export and import.

Usage::

    report = export_qdpx(project.con, "study.qdpx")  # report["data_loss"]: what did not carry
    report = import_qdpx(other.con, "study.qdpx")    # one transaction; the same for .qdc

Conventions kept on both sides (see ``tests/data/refi-qda/README.md``):

* offsets count Unicode code points from 0, end exclusive — the same as Python ``str`` indices,
  which is what our stored offsets already are;
* GUIDs are ``uuid5`` of a per-project namespace and the object's identity (its content, not its
  row id), so two exports of one project are identical and an imported object keeps the GUID it
  arrived with (kept in the project's ``meta`` under ``refi_guids``);
* a machine coding is exported as the coding of a separate user, ``auto-coder: rules, seed 7``,
  with origin, status and confidence in the selection's ``Description``; such codings come back
  as machine codings with the same status.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from ..errors import UserError
from ..model import DIMENSIONS
from ..store import get_meta

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
AUTO_CODER = "auto-coder: "
SOURCE_KIND = "cjresearch source kind: "  # a TextSource's Description: interview or survey
GUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                     r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}")
RGB_RE = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_CODING_KEYS = ("origin", "coder", "status", "confidence")


class Guids:
    """Deterministic GUIDs: the one an object was imported with, else uuid5(namespace, identity)."""

    def __init__(self, con):
        created, seed = get_meta(con, "created_at"), get_meta(con, "seed")
        self.ns = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:cjresearch:project:{created}:{seed}")
        self.known = dict(get_meta(con, "refi_guids", {}) or {})
        self._given: dict[str, str] = {}
        self._used: set[str] = set()

    @staticmethod
    def key(kind: str, *identity) -> str:
        return kind + ":" + "\x1f".join(str(x) for x in identity)

    def __call__(self, kind: str, *identity) -> str:
        key = self.key(kind, *identity)
        if key in self._given:
            return self._given[key]
        guid = self.known.get(key)
        if not guid or not GUID_RE.fullmatch(guid) or guid.lower() in self._used:
            guid = str(uuid.uuid5(self.ns, key))
        self._used.add(guid.lower())
        self._given[key] = guid
        return guid


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(data: bytes, path, what: str):
    """Parse untrusted XML: entity declarations (billion laughs, XXE) are refused."""
    try:
        return SafeET.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise UserError(f"{what} declares XML entities ({type(exc).__name__}); refusing it, as "
                        "entities can expand without bound or read local files", path=path)
    except ET.ParseError as exc:
        raise UserError(f"{what} is not well-formed XML ({exc})", path=path)


# -- descriptions that carry what QDA-XML has no attribute for ------------------------------

def coding_description(origin, coder, status, confidence, note) -> str:
    """``origin: rule; coder: rules; status: suggested; confidence: 0.8123`` then the note."""
    fields = [("origin", origin), ("coder", coder), ("status", status),
              ("confidence", None if confidence is None else f"{float(confidence):.4f}")]
    head = "; ".join(f"{k}: {str(v).replace(';', ',')}" for k, v in fields if v is not None)
    return head + (f"\n{note}" if note else "")


def parse_coding_description(text: str | None) -> tuple[dict, str | None]:
    if not text:
        return {}, None
    head, _, rest = text.partition("\n")
    fields = {}
    for part in head.split("; "):
        key, sep, value = part.partition(": ")
        if not sep or key not in _CODING_KEYS:
            return {}, text.strip() or None
        fields[key] = value.strip()
    return fields, rest.strip() or None


def code_description(description, memo, label, name) -> str | None:
    parts = [description] if description else []
    if label and label != name:
        parts.append("Label: " + " ".join(str(label).split()))
    if memo:
        parts.append("Memo: " + memo)
    return "\n\n".join(parts) or None


def parse_code_description(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(description, memo, label) back from :func:`code_description`."""
    if not text:
        return None, None, None
    memo = label = None
    m = re.search(r"(?:\A|\n\n)Memo: ", text)
    if m:
        memo, text = text[m.end():], text[:m.start()]
    m = re.search(r"(?:\A|\n\n)Label: ([^\n]*)\Z", text)
    if m:
        label, text = m.group(1), text[:m.start()]
    return text.strip() or None, memo, label


def dimension_of(name: str) -> str | None:
    folded = name.strip().lower()
    return folded if folded in DIMENSIONS else None


# -- the public functions -------------------------------------------------------------------

def export_qdpx(con, out_path, *, redactor=None, project_name=None, include_suggestions=False) -> dict:
    """Write the project as a ``.qdpx``; returns counts and what did not carry (``data_loss``)."""
    from .refi_export import write_qdpx
    return write_qdpx(con, Path(out_path), redactor=redactor, project_name=project_name,
                      include_suggestions=include_suggestions)


def export_qdc(con, out_path) -> dict:
    """Write the codebook alone as a ``.qdc`` (Codebook 1.0)."""
    from .refi_export import write_qdc
    return write_qdc(con, Path(out_path))


def import_qdpx(con, path) -> dict:
    """Add a ``.qdpx`` project's text sources, codes, codings and cases in one transaction."""
    from .refi_import import read_qdpx
    return read_qdpx(con, Path(path))


def import_qdc(con, path) -> dict:
    """Add a ``.qdc`` codebook's codes in one transaction."""
    from .refi_codes import read_qdc
    return read_qdc(con, Path(path))
