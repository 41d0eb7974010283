"""Pictures of a map: the charts as PNG/SVG without a browser, the whole map as PNG/PDF through Chromium.

* charts: :func:`render_chart_images` turns each chart of :mod:`.charts` into files with vl-convert
  (a bundled Vega engine, no browser, no network: data are inline and external URLs are refused);
* the whole map: :func:`render_map_png` (full page) and :func:`render_map_pdf` (A3 landscape, the
  template's print stylesheet) open the self-contained HTML map in headless Chromium through
  playwright, with every request that is not a local file refused.

Chromium is looked up in ``$CJ_CHROMIUM``, then ``/usr/bin/chromium`` and the ``PATH``; it is never
downloaded. How ``export_map`` uses these (see :func:`export_images`):

=========  ====================================================================================
format     output
=========  ====================================================================================
png        the whole map, full page, one PNG file (needs Chromium)
pdf        the whole map on A3 landscape pages, one PDF file (needs Chromium)
charts     a folder with every chart as PNG and SVG (no browser needed)
svg        a folder with every chart as SVG only (no browser needed)
=========  ====================================================================================
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import UserError
from ..model import JourneyMap

CHART_FORMATS = ("png", "svg")
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--disable-default-apps"]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium",)  # Debian's; then chromium / chromium-browser on the PATH
CHROMIUM_HINT = "apt-get install chromium, set CJ_CHROMIUM to its path, or export --format charts for the charts"
CSS_PX_PER_MM = 96 / 25.4
A3_LANDSCAPE_MM = (420, 297)
PRINT_MARGIN_MM = 10  # the template's @page margin
PNG_SCALE = 2  # chart PNGs at twice the CSS size: sharp on screens and in slides


# -- charts through vl-convert ----------------------------------------------------------------

def chart_spec(chart) -> dict:
    spec = chart.to_dict()
    _refuse_urls(spec)
    return spec


def _refuse_urls(node) -> None:
    """Charts must carry their data: a URL would make the picture depend on the network."""
    if isinstance(node, dict):
        if isinstance(node.get("url"), str):
            raise ValueError(f"chart data must be inline, not a URL: {node['url']!r}")
        for value in node.values():
            _refuse_urls(value)
    elif isinstance(node, list):
        for value in node:
            _refuse_urls(value)


def chart_bytes(chart, fmt: str, language: str = "en") -> bytes:
    """One chart as PNG or SVG bytes; ``language`` picks the number format (0,5 in Spanish)."""
    import vl_convert as vlc
    spec = chart_spec(chart)
    locale = "es-ES" if language == "es" else "en-US"
    # allowed_base_urls=[]: vl-convert loads nothing from outside even if a spec asked it to
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=PNG_SCALE, allowed_base_urls=[], format_locale=locale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, allowed_base_urls=[], format_locale=locale).encode("utf-8")
    raise UserError(f"unknown chart format {fmt!r}", hint="png or svg")


def render_chart_images(journey: JourneyMap, out_dir: Path, formats=CHART_FORMATS) -> list[Path]:
    """Write every chart of the map as ``<name>.<fmt>`` into ``out_dir`` (created); returns the files."""
    from .charts import all_charts
    formats = tuple(f.lower().lstrip(".") for f in formats)
    bad = [f for f in formats if f not in CHART_FORMATS]
    if bad:
        raise UserError(f"unknown chart format {bad[0]!r}", hint="png or svg")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError("is a file; charts go into a folder", path=out_dir)
    if not out_dir.parent.exists():
        raise UserError("the folder does not exist", path=out_dir.parent)
    out_dir.mkdir(exist_ok=True)
    written = []
    for name, chart in all_charts(journey).items():
        for fmt in formats:
            written.append(_write_atomic(out_dir / f"{name}.{fmt}", chart_bytes(chart, fmt, journey.language)))
    return written


# -- the whole map through Chromium -----------------------------------------------------------

def chromium_executable() -> str:
    """Path of a Chromium to drive, or a UserError saying how to get one."""
    env = os.environ.get("CJ_CHROMIUM")
    if env:
        if os.path.exists(env) and os.access(env, os.X_OK):
            return env
        raise UserError("CJ_CHROMIUM does not point to an executable Chromium", path=env, hint=CHROMIUM_HINT)
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    raise UserError("PNG/PDF of the whole map needs Chromium, which is not installed", hint=CHROMIUM_HINT)


def _sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UserError("PNG/PDF of the whole map needs the playwright package (Python) to drive Chromium",
                        hint="pip install playwright (no browser download needed), or export --format charts")
    return sync_playwright


def _map_html_file(source, tmp: Path) -> Path:
    if isinstance(source, JourneyMap):
        from .html import render_html
        path = tmp / "map.html"
        path.write_text(render_html(source), encoding="utf-8")
        return path
    path = Path(source)
    if not path.is_file():
        raise UserError("no such HTML map", path=path, hint="export --format html first, or pass the map itself")
    return path.resolve()


def _local_only(route) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def _in_browser(source, work):
    """Open the map in a fresh headless Chromium and return ``work(page)``; nothing leaves the machine."""
    executable, sync_playwright = chromium_executable(), _sync_playwright()
    with tempfile.TemporaryDirectory(prefix="cj-map-") as tmp:
        path = _map_html_file(source, Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.route("**/*", _local_only)
                page.goto(path.as_uri(), wait_until="load")
                return work(page)
            finally:
                browser.close()


def _outside_event_loop(fn, *args):
    """playwright's sync API refuses to run inside a running asyncio loop (a Jupyter kernel has one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def map_width(journey_or_phases: int) -> int:
    """Viewport width for a full-page PNG: room for the lane column and ~260 px per phase."""
    return max(1280, 150 + 260 * journey_or_phases + 48)


def map_png_bytes(source, width: int | None = None) -> bytes:
    def shoot(page):
        n = page.locator("table.map thead th").count() - 1
        page.set_viewport_size({"width": width or map_width(max(n, 1)), "height": 1000})
        return page.screenshot(full_page=True, type="png")
    return _outside_event_loop(_in_browser, source, shoot)


def map_pdf_bytes(source, with_quotes: bool = False) -> bytes:
    def print_(page):
        if with_quotes:  # the print stylesheet then shows each item's first three quotes
            page.evaluate("document.querySelectorAll('details.item').forEach(d => { d.open = true; })")
        page.emulate_media(media="print")
        return page.pdf(prefer_css_page_size=True, print_background=True, format="A3", landscape=True)
    return _outside_event_loop(_in_browser, source, print_)


def render_map_png(source: JourneyMap | Path | str, out: Path, width: int | None = None) -> Path:
    """The whole map (a JourneyMap or an exported HTML file) as one full-page PNG."""
    return _write_atomic(Path(out), map_png_bytes(source, width))


def render_map_pdf(source: JourneyMap | Path | str, out: Path, with_quotes: bool = False) -> Path:
    """The whole map on A3 landscape pages, laid out by the template's print stylesheet.

    By default items print closed (statement and counts: a map that fits a wall); ``with_quotes``
    opens them so each shows its first three quotes."""
    return _write_atomic(Path(out), map_pdf_bytes(source, with_quotes))


# -- dispatch used by export_map ----------------------------------------------------------------

IMAGE_FORMATS = {"png", "pdf", "charts", "svg"}


def export_images(journey: JourneyMap, out: Path, fmt: str) -> Path:
    """``export_map`` for the picture formats (see the module docstring); returns what was written."""
    out = Path(out)
    if fmt in ("charts", "svg"):
        if out.suffix.lower() == ".svg":
            raise UserError("the map itself has no SVG form; charts go into a folder", path=out,
                            hint="give a folder name, e.g. -o charts/ (or --format png/pdf for the whole map)")
        render_chart_images(journey, out, CHART_FORMATS if fmt == "charts" else ("svg",))
        return out
    if out.exists() and out.is_dir():
        raise UserError("is a folder; give a file name", path=out)
    if not out.parent.exists():
        raise UserError("the folder does not exist", path=out.parent)
    return render_map_png(journey, out) if fmt == "png" else render_map_pdf(journey, out)


def _write_atomic(path: Path, data: bytes) -> Path:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # never leave a half-written picture behind
    return path
