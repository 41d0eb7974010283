"""Exporters render the same :class:`~cjresearch.model.JourneyMap` tree; one module per format."""
from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..model import JourneyMap

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".xlsx": "xlsx"}


def export_map(journey: JourneyMap, out: Path, format: str | None = None) -> Path:
    fmt = (format or FORMATS.get(out.suffix.lower()) or "").lower()
    if fmt not in set(FORMATS.values()):
        raise UserError(f"unknown export format {fmt or out.suffix!r}", path=out,
                        hint="html, md, json or xlsx")
    if out.exists() and out.is_dir():
        raise UserError("is a folder; give a file name", path=out)
    if not out.parent.exists():
        raise UserError("the folder does not exist", path=out.parent)
    if fmt == "html":
        from .html import render_html as render
    elif fmt == "md":
        from .markdown import render_markdown as render
    elif fmt == "xlsx":
        from .xlsx import render_xlsx as render
    else:
        from .jsonmap import render_json as render
    content = render(journey)
    tmp = out.with_name(out.name + ".part")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
    tmp.replace(out)  # never leave a half-written export behind
    return out
