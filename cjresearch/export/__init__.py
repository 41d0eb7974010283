"""Exporters render the same :class:`~cjresearch.model.JourneyMap` tree; one module per format."""
from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..model import JourneyMap

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".xlsx": "xlsx",
           ".png": "png", ".pdf": "pdf", ".qdpx": "qdpx", ".qdc": "qdc"}
# png/pdf: the whole map through headless Chromium; charts/svg: a folder of chart images
MAP_FORMATS = ("html", "md", "json", "xlsx", "png", "pdf", "charts", "svg")
PROJECT_FORMATS = ("qdpx", "qdc")


def format_of(out: Path, format: str | None = None) -> str:
    """The format asked for, else the one the file name implies; one clear error otherwise."""
    fmt = (format or FORMATS.get(Path(out).suffix.lower()) or "").lower()
    if fmt not in MAP_FORMATS + PROJECT_FORMATS:
        raise UserError(f"unknown export format {fmt or Path(out).suffix!r}", path=out,
                        hint=", ".join(MAP_FORMATS + PROJECT_FORMATS))
    return fmt


def export_map(journey: JourneyMap, out: Path, format: str | None = None) -> Path:
    out = Path(out)
    fmt = format_of(out, format)
    if fmt in PROJECT_FORMATS:
        raise UserError(f"{fmt} exports the whole project, not one map", path=out,
                        hint="Project.export(out, format=...) or `cjresearch export PROJECT --format qdpx`")
    if fmt in ("png", "pdf", "charts", "svg"):
        from .images import export_images
        return export_images(journey, out, fmt)
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
