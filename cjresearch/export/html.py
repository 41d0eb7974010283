"""Self-contained HTML map: inline CSS and SVG, no script needed to read it, no network.

Every user-supplied string goes through Jinja's autoescape.
"""
from __future__ import annotations

import functools
import types

import jinja2

from ..model import JourneyMap
from .common import emotion_points, timestamp

QUOTES_SHOWN = 8


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cjresearch", "export/templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["ts"] = timestamp
    env.filters["condition"] = condition
    return env


def condition(value) -> str:
    """A persona rule condition as people read it: 'single, couple', '≥ 1', '25–40'."""
    if isinstance(value, dict):
        lo, hi = value.get("min"), value.get("max")
        if lo is not None and hi is not None:
            return f"{lo}–{hi}"
        return f"≥ {lo}" if lo is not None else f"≤ {hi}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(map(str, value))
    return str(value)


def _words(lang: str) -> dict:
    es = lang == "es"
    return {
        "persona": "Persona" if not es else "Persona", "quotes": "citas" if es else "quotes",
        "segments": "segmentos" if es else "segments", "participants": "participantes" if es else "participants",
        "emotion": "Emoción" if es else "Emotion", "draft": "propuesta" if es else "proposed",
        "no_evidence": "sin evidencia" if es else "no evidence", "more": "más" if es else "more",
        "generated": "Generado" if es else "Generated", "framework": "Marco" if es else "Framework",
        "map_wide": "Todo el recorrido" if es else "Whole journey", "phase": "Fase" if es else "Phase",
        "evidence_note": ("Cada elemento enlaza con las citas que lo respaldan." if es else
                          "Every item links to the quotes behind it."),
        "title": "Mapa del customer journey" if es else "Customer journey map",
    }


class _CellIndex:
    """The map as the template reads it, with ``items_in`` answered from items grouped by cell once.

    ``JourneyMap.items_in`` scans every item for every cell (lanes × phases calls); on a map of
    thousands of items that alone costs tens of milliseconds. Selection and order stay
    ``JourneyMap.items_in``'s own: it runs on each cell's items only.
    """

    def __init__(self, journey: JourneyMap):
        self._journey = journey
        self._cells: dict = {}
        for item in journey.items:
            self._cells.setdefault((item.lane, item.phase), []).append(item)

    def items_in(self, lane: str, phase: str | None = None, **kw):
        cell = types.SimpleNamespace(items=self._cells.get((lane, phase), []))
        return JourneyMap.items_in(cell, lane, phase, **kw)

    def __getattr__(self, name):
        return getattr(self._journey, name)


def render_html(journey: JourneyMap) -> str:
    # close to the rendered width, so the stretched SVG (columns must line up) barely distorts text
    width, height = max(240 * len(journey.phases), 480), 150
    lanes = [l for l in journey.lanes if l.scope == "phase" and l.id not in ("description", "emotion")]
    map_lanes = [l for l in journey.lanes if l.scope == "map"]
    return _env().get_template("map.html.j2").render(
        m=_CellIndex(journey), lanes=lanes, map_lanes=map_lanes, w=_words(journey.language),
        curve=emotion_points(journey.phases, width, height), cw=width, ch=height,
        quotes_shown=QUOTES_SHOWN, emotion_lane=next((l for l in journey.lanes if l.id == "emotion"), None),
        description_lane=next((l for l in journey.lanes if l.id == "description"), None))
