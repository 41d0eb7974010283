"""The Explorer: filter the coded evidence (persona, phase, evidence type, origin, confidence,
language, source) and read it through linked Altair charts — phase × evidence heat map with
counts, the emotion curve per persona with n per point, the top themes per phase. Clicking a
mark lists the quotes behind it; each opens in the Tagger.

Data path (see :mod:`cjresearch.widgets.data`): the tidy frame is loaded once; a filter change
is boolean masks + ``np.bincount``; only the aggregates are sent to the charts.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import altair as alt
import anywidget
import ipywidgets as W
import traitlets

from ..model import EVIDENCE, PHASE_LABELS
from .assets import module
from .data import CATEGORIES, ExplorerData, load_frame

HERE = Path(__file__).parent
PHASES = [p for p in PHASE_LABELS if p != "none"]
EVIDENCE_COLOURS = {"motivation": "#2b8cbe", "doubt": "#e6a532", "pain": "#d7301f", "delight": "#31a354",
                    "other": "#969696"}
QUOTES_SHOWN = 40


def _offline() -> None:
    """Charts must render with no network: load vega from vl-convert's bundle (once per kernel)."""
    if not getattr(alt.JupyterChart, "_is_offline", False):
        from tqdm.auto import tqdm
        with tqdm(total=1, desc="loading chart library (once)", leave=False, disable=None) as bar:
            alt.JupyterChart.enable_offline()
            bar.update(1)


def heat_chart(heat, width: int = 300) -> alt.Chart:
    pick = alt.selection_point(name="cell", fields=["phase", "evidence"], on="click", empty=False)
    base = alt.Chart(heat, title="Evidence per phase (segments)").encode(
        x=alt.X("phase:N", sort=PHASE_LABELS, title=None),
        y=alt.Y("evidence:N", sort=list(EVIDENCE), title=None))
    rect = base.mark_rect(cursor="pointer").encode(
        color=alt.Color("n:Q", scale=alt.Scale(scheme="blues"), legend=None),
        stroke=alt.condition(pick, alt.value("#222"), alt.value(None)),
        tooltip=["phase:N", "evidence:N", alt.Tooltip("n:Q", title="segments")]).add_params(pick)
    text = base.mark_text(fontSize=11).encode(
        text="n:Q", color=alt.condition("datum.n > 20", alt.value("white"), alt.value("#222")))
    return (rect + text).properties(width=width, height=170)


def emotion_chart(emotion, width: int = 300) -> alt.Chart:
    pick = alt.selection_point(name="point", fields=["persona", "phase"], on="click", empty=False)
    base = alt.Chart(emotion, title="Emotion per phase (mean valence, n per point)").encode(
        x=alt.X("phase:N", sort=PHASES, title=None),
        y=alt.Y("valence:Q", scale=alt.Scale(domain=[-1, 1]), title="valence"),
        color=alt.Color("persona:N", legend=alt.Legend(orient="bottom", title=None)))
    line = base.mark_line(point=False)
    dots = base.mark_circle(size=90, cursor="pointer").encode(
        tooltip=["persona:N", "phase:N", alt.Tooltip("valence:Q", format="+.2f"), alt.Tooltip("n:Q", title="segments")],
        opacity=alt.condition(pick, alt.value(1), alt.value(0.75))).add_params(pick)
    labels = base.mark_text(dy=-10, fontSize=10).encode(text=alt.Text("n:Q", format="d"))
    zero = alt.Chart().mark_rule(color="#bbb").encode(y=alt.datum(0))
    return alt.layer(zero, line, dots, labels, data=emotion).properties(width=width, height=170)


def themes_chart(themes, width: int = 260) -> alt.Chart:
    pick = alt.selection_point(name="bar", fields=["phase", "theme"], on="click", empty=False)
    # order and height come from the data (a rank column, a step per bar), so a filter change
    # only has to swap the rows of the spec, not rebuild it
    return alt.Chart(theme_rows(themes), title="Top themes per phase").mark_bar(cursor="pointer").encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField(field="rank", op="min"), title=None,
                axis=alt.Axis(labelLimit=220)),
        x=alt.X("n:Q", title="segments"),
        color=alt.Color("phase:N", sort=PHASE_LABELS, legend=None),
        stroke=alt.condition(pick, alt.value("#222"), alt.value(None)),
        tooltip=["phase:N", "theme:N", alt.Tooltip("n:Q", title="segments")]).add_params(pick) \
        .properties(width=width, height=alt.Step(14))


class SpecTemplate:
    """A chart's Vega-Lite spec, built (and validated) once by Altair; after a filter change only
    its data rows are swapped in. Building three Altair charts costs ~150 ms, swapping rows ~1 ms."""

    def __init__(self, chart: alt.Chart):
        self.spec = chart.to_dict()
        names = list(self.spec.get("datasets", {}))
        self.name = names[0] if len(names) == 1 else None

    def with_rows(self, frame) -> dict | None:
        if self.name is None:
            return None
        spec = dict(self.spec)
        spec["datasets"] = {self.name: json.loads(frame.to_json(orient="records", double_precision=6))}
        return spec


def theme_rows(themes):
    """Top themes with the bar label and their rank (phase order, then most segments first)."""
    if not len(themes):
        return themes.assign(label=[], rank=[])
    rows = themes.assign(label=themes["phase"] + " · " + themes["theme"]).sort_values(
        ["phase", "n"], key=lambda s: s.map(PHASE_LABELS.index) if s.name == "phase" else -s)
    return rows.assign(rank=range(len(rows)))


def chart_frames(aggregates: dict) -> dict:
    """What each chart shows, from :meth:`ExplorerData.aggregate`."""
    return {"heat": aggregates["heat"], "emotion": aggregates["emotion"], "themes": theme_rows(aggregates["themes"])}


def _clean(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


class ExplorerPanel(anywidget.AnyWidget):
    """Filters and the quote list (the charts are Altair ``JupyterChart`` widgets beside it)."""
    _esm = module("explorer.js")
    _css = HERE / "widgets.css"

    options = traitlets.Dict().tag(sync=True)   # column -> [values]
    filters = traitlets.Dict().tag(sync=True)   # column -> [chosen], min_confidence
    counts = traitlets.Dict().tag(sync=True)    # {n, total}
    focus = traitlets.Dict().tag(sync=True)     # the clicked mark
    quotes = traitlets.List().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)


class Explorer(W.VBox):
    def __init__(self, project, tagger=None, data: ExplorerData | None = None, charts: bool = True):
        self.project = project
        if data is None:
            frame, personas = load_frame(project)
            data = ExplorerData(frame, personas)
        self.data = data
        self._tagger = tagger
        self.panel = ExplorerPanel(options={c: list(data.categories[c]) for c in CATEGORIES},
                                   filters={}, counts={"n": data.n, "total": data.n})
        self.panel.on_msg(self._on_msg)
        self.panel.observe(lambda change: self.update(), names="filters")
        self.aggregates = data.aggregate({})
        self.charts: dict[str, alt.JupyterChart] = {}
        self._templates: dict[str, SpecTemplate] = {}
        if charts:
            _offline()
            for name, chart in self._chart_objects().items():
                self._templates[name] = SpecTemplate(chart)
                jc = alt.JupyterChart(chart)
                jc.observe(lambda change, name=name: self._on_selection(name, change.new), names="_vl_selections")
                self.charts[name] = jc
        self.tagger_box = W.VBox([])
        row = W.HBox(list(self.charts.values()), layout=W.Layout(flex_flow="row wrap", gap="12px"))
        super().__init__([self.panel, row, self.tagger_box])

    # -- state --------------------------------------------------------------------------------
    def _chart_objects(self) -> dict[str, alt.Chart]:
        a = self.aggregates
        return {"heat": heat_chart(a["heat"]), "emotion": emotion_chart(a["emotion"]),
                "themes": themes_chart(a["themes"])}

    def set_filters(self, **filters) -> None:
        """E.g. ``set_filters(persona=["Familia organizada"], language=["es"], min_confidence=0.5)``;
        no arguments clears them. The charts and ``self.aggregates`` follow."""
        self.panel.filters = {k: v for k, v in filters.items() if v not in (None, [], "")}

    def update(self) -> None:
        self.aggregates = self.data.aggregate(self.panel.filters)
        self.panel.counts = {"n": self.aggregates["n"], "total": self.data.n}
        frames = chart_frames(self.aggregates)
        for name, jc in self.charts.items():
            spec = self._templates[name].with_rows(frames[name])
            if spec is None:  # the first build had no single dataset to swap: rebuild
                jc.chart = self._chart_objects()[name]
            else:
                jc.spec = spec
        if self.panel.focus:
            self.show_quotes(self.panel.focus)

    def show_quotes(self, focus: dict) -> list[dict]:
        """List the quotes behind a mark: ``focus`` like {"phase": "purchase", "evidence": "pain"}."""
        focus = {k: v for k, v in focus.items() if k in CATEGORIES + ("theme",) and v is not None}
        rows = self.data.rows(self.panel.filters, focus, limit=QUOTES_SHOWN)
        self.panel.focus = focus
        self.panel.quotes = [{"segment_id": int(r.segment_id), "participant": _clean(r.participant),
                              "source": r.source, "t0": _clean(r.t0), "text": r.text, "phase": _clean(r.phase),
                              "evidence": _clean(r.evidence), "origin": _clean(r.origin),
                              "confidence": _clean(r.confidence)} for r in rows.itertuples()]
        return self.panel.quotes

    def _on_selection(self, name: str, selections: dict) -> None:
        """A click in a chart: vega's point-selection signal -> the clicked mark's field values."""
        for sel in (selections or {}).values():
            if not isinstance(sel, dict):
                continue
            value, store = sel.get("value"), sel.get("store") or []
            points = [dict(zip([f["field"] for f in e.get("fields", [])], e.get("values", [])))
                      for e in store if isinstance(e, dict)]
            if not points and isinstance(value, dict):  # the signal: {field: [value], vlPoint: ...}
                points = [{k: v[0] for k, v in value.items() if k != "vlPoint" and isinstance(v, list) and v}]
            if not points and isinstance(value, list):
                points = value
            if points and isinstance(points[0], dict) and points[0]:
                self.show_quotes(points[0])
                return

    @property
    def tagger(self):
        if self._tagger is None:
            from .tagger import Tagger
            self._tagger = Tagger(self.project)
        return self._tagger

    def open_quote(self, segment_id: int):
        """Open a quote in the Tagger (shown under the Explorer)."""
        tagger = self.tagger
        tagger.open_segment(int(segment_id))
        if tagger not in self.tagger_box.children:
            self.tagger_box.children = [tagger]
        return tagger

    def _on_msg(self, _widget, content, _buffers) -> None:
        from ..errors import UserError
        try:
            if content.get("op") == "open":
                self.open_quote(content["segment_id"])
            elif content.get("op") == "focus":
                self.show_quotes(content.get("focus") or {})
        except UserError as exc:
            self.panel.status = f"error: {exc}"
