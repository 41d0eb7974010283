"""Altair charts of a journey map: tidy frames first, then one chart per question people ask.

* :func:`emotion_chart`     how it felt in each phase, with how many segments stand behind each point;
* :func:`heatmap_chart`     where the evidence sits (phase × lane, segments per cell);
* :func:`evidence_chart`    what kind of evidence each phase holds (stacked by evidence type);
* :func:`touchpoints_chart` which touchpoints come up in which phase and how they felt.

Each chart embeds its data (no URLs, so it renders offline and in a file), uses colour-blind-safe
colours (Okabe–Ito for categories, a blue/vermillion diverging scale for valence) and speaks the
map's language. The frames are public so that the notebook Explorer and the tests use the same
numbers the pictures show. Removed items are left out, as on the map itself.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..model import JourneyMap

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "vermillion": "#D55E00", "green": "#009E73",
             "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "grey": "#8C8C8C"}
EVIDENCE_COLOURS = {"motivation": OKABE_ITO["blue"], "doubt": OKABE_ITO["orange"],
                    "pain": OKABE_ITO["vermillion"], "delight": OKABE_ITO["green"], "other": OKABE_ITO["grey"]}
# felt valence: vermillion (bad) - light grey (neutral) - blue (good); never red against green
VALENCE_RANGE = [OKABE_ITO["vermillion"], "#D9D9D9", OKABE_ITO["blue"]]
NON_EVIDENCE_LANES = ("description", "emotion")  # phase lanes that hold no coded evidence
WIDTH = 560

_WORDS = {
    "en": {"emotion": "Emotion per phase", "emotion_sub": "mean valence of the phase's segments (n = segments)",
           "heatmap": "Evidence per phase and lane", "heatmap_sub": "segments behind the items of each cell",
           "evidence": "Evidence per phase by type", "touchpoints": "Touchpoints per phase and how they felt",
           "phase": "Phase", "lane": "Lane", "valence": "Mean valence", "segments": "Segments",
           "items": "Items", "participants": "Participants", "type": "Evidence type", "touchpoint": "Touchpoint",
           "felt": "Felt valence"},
    "es": {"emotion": "Emoción por fase", "emotion_sub": "valencia media de los segmentos de la fase (n = segmentos)",
           "heatmap": "Evidencia por fase y carril", "heatmap_sub": "segmentos que respaldan los elementos de cada celda",
           "evidence": "Evidencia por fase y tipo", "touchpoints": "Puntos de contacto por fase y cómo se vivieron",
           "phase": "Fase", "lane": "Carril", "valence": "Valencia media", "segments": "Segmentos",
           "items": "Elementos", "participants": "Participantes", "type": "Tipo de evidencia",
           "touchpoint": "Punto de contacto", "felt": "Valencia percibida"},
}


def words(journey: JourneyMap) -> dict:
    return _WORDS.get(journey.language, _WORDS["en"])


def signed(value: float, lang: str) -> str:
    """'+0.18' in English, '+0,18' in Spanish (the axes follow the same locale)."""
    text = f"{round(value, 2) + 0.0:+.2f}"  # + 0.0: no '-0.00' for a tiny negative mean
    return text.replace(".", ",") if lang == "es" else text


def _shown(journey: JourneyMap):
    return [i for i in journey.items if i.status != "removed"]


def _evidence_of_lane() -> dict[str, str]:
    from ..mapping.build import LANE_FOR_EVIDENCE
    return {lane: evidence for evidence, lane in LANE_FOR_EVIDENCE.items()}


def _evidence_labels(lang: str) -> dict[str, str]:
    from ..frameworks import text_in
    from ..mapping.evidence import display_labels
    return {k: text_in(v, lang) for k, v in display_labels()["evidence"].items()}


# -- tidy frames ------------------------------------------------------------------------------

def phase_frame(journey: JourneyMap) -> pd.DataFrame:
    """One row per phase: order, label, mean emotion (None when no segment) and its n."""
    return pd.DataFrame([{"order": k, "phase_id": p.id, "phase": p.label, "emotion": p.emotion, "n": p.emotion_n,
                          "label": "" if p.emotion is None else f"{signed(p.emotion, journey.language)} (n={p.emotion_n})"}
                         for k, p in enumerate(journey.phases)],
                        columns=["order", "phase_id", "phase", "emotion", "n", "label"])


def cell_frame(journey: JourneyMap) -> pd.DataFrame:
    """One row per (phase, evidence lane), empty cells included with zeros so gaps show."""
    lanes = [l for l in journey.lanes if l.scope == "phase" and l.id not in NON_EVIDENCE_LANES]
    totals = {}
    for item in _shown(journey):
        t = totals.setdefault((item.phase, item.lane), [0, 0])
        t[0] += 1
        t[1] += item.n_segments
    rows = []
    for lane in lanes:
        for phase in journey.phases:
            n_items, n_segments = totals.get((phase.id, lane.id), (0, 0))
            rows.append({"phase_id": phase.id, "phase": phase.label, "lane_id": lane.id, "lane": lane.label,
                         "items": n_items, "segments": n_segments})
    return pd.DataFrame(rows, columns=["phase_id", "phase", "lane_id", "lane", "items", "segments"])


def evidence_frame(journey: JourneyMap) -> pd.DataFrame:
    """Segments per (phase, evidence type), from the lanes each evidence type feeds."""
    of_lane, labels = _evidence_of_lane(), _evidence_labels(journey.language)
    sums = {}
    for item in _shown(journey):
        if item.lane in of_lane and item.phase is not None:
            key = (item.phase, of_lane[item.lane])
            sums[key] = sums.get(key, 0) + item.n_segments
    rows = [{"phase_id": p.id, "phase": p.label, "evidence_id": e, "evidence": labels.get(e, e),
             "segments": sums.get((p.id, e), 0)}
            for p in journey.phases for e in EVIDENCE_COLOURS]
    return pd.DataFrame(rows, columns=["phase_id", "phase", "evidence_id", "evidence", "segments"])


def touchpoint_frame(journey: JourneyMap) -> pd.DataFrame:
    """One row per touchpoint item shown on the map, with its felt valence (None when unknown)."""
    labels = {p.id: p.label for p in journey.phases}
    rows = [{"phase_id": i.phase, "phase": labels[i.phase], "touchpoint": i.statement, "valence": i.valence,
             "segments": i.n_segments, "participants": i.n_participants}
            for i in _shown(journey) if i.lane == "touchpoints" and i.phase in labels]
    return pd.DataFrame(rows, columns=["phase_id", "phase", "touchpoint", "valence", "segments", "participants"])


# -- charts -----------------------------------------------------------------------------------

def _phase_axis(journey: JourneyMap, title: str, **kw) -> alt.X:
    # the map's phase order, every phase shown even when it has no data point
    order = [p.label for p in journey.phases]
    return alt.X("phase:N", title=title, sort=order, scale=alt.Scale(domain=order),
                 axis=alt.Axis(labelAngle=0, labelLimit=160), **kw)


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "", anchor="start")


def emotion_chart(journey: JourneyMap) -> alt.Chart:
    w = words(journey)
    data = phase_frame(journey)
    data = data[data["emotion"].notna()]
    x = _phase_axis(journey, w["phase"])
    y = alt.Y("emotion:Q", title=w["valence"], scale=alt.Scale(domain=[-1, 1]))
    tooltip = [alt.Tooltip("phase:N", title=w["phase"]), alt.Tooltip("emotion:Q", title=w["valence"], format="+.2f"),
               alt.Tooltip("n:Q", title=w["segments"])]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#999999", strokeDash=[4, 4]).encode(y="zero:Q")
    line = base.mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5)
    points = base.mark_point(filled=True, size=110, stroke="#4a5366", strokeWidth=1, opacity=1).encode(
        color=alt.Color("emotion:Q", title=w["valence"], legend=None,
                        scale=alt.Scale(domain=[-1, 0, 1], range=VALENCE_RANGE)))
    text = base.mark_text(dy=-14, fontSize=11, color="#1d2330").encode(text="label:N")
    return alt.layer(zero, line, points, text).properties(
        width=WIDTH, height=260, title=_title(w["emotion"], w["emotion_sub"]))


def heatmap_chart(journey: JourneyMap) -> alt.Chart:
    w = words(journey)
    data = cell_frame(journey)
    lanes = list(dict.fromkeys(data["lane"]))
    base = alt.Chart(data).encode(
        x=_phase_axis(journey, w["phase"]).axis(labelAngle=0, orient="top", labelLimit=160),
        y=alt.Y("lane:N", title=w["lane"], sort=lanes, axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("phase:N", title=w["phase"]), alt.Tooltip("lane:N", title=w["lane"]),
                 alt.Tooltip("segments:Q", title=w["segments"]), alt.Tooltip("items:Q", title=w["items"])])
    top = max(int(data["segments"].max()) if len(data) else 0, 1)
    rect = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("segments:Q", title=w["segments"], scale=alt.Scale(scheme="blues", domain=[0, top])))
    # dark text on light cells, white on dark ones, so every count stays readable
    text = base.mark_text(fontSize=12).encode(
        text="segments:Q",
        color=alt.condition(alt.datum.segments > top * 0.55, alt.value("#ffffff"), alt.value("#1d2330")))
    return alt.layer(rect, text).properties(width=WIDTH, height=28 * max(len(lanes), 1),
                                            title=_title(w["heatmap"], w["heatmap_sub"]))


def evidence_chart(journey: JourneyMap) -> alt.Chart:
    w = words(journey)
    data = evidence_frame(journey)
    labels = _evidence_labels(journey.language)
    kinds = list(EVIDENCE_COLOURS)
    data = data.assign(stack=data["evidence_id"].map(kinds.index))
    return alt.Chart(data).mark_bar().encode(
        x=_phase_axis(journey, w["phase"]),
        y=alt.Y("sum(segments):Q", title=w["segments"]),
        color=alt.Color("evidence:N", title=w["type"],
                        scale=alt.Scale(domain=[labels.get(k, k) for k in kinds], range=list(EVIDENCE_COLOURS.values()))),
        order=alt.Order("stack:Q"),
        tooltip=[alt.Tooltip("phase:N", title=w["phase"]), alt.Tooltip("evidence:N", title=w["type"]),
                 alt.Tooltip("segments:Q", title=w["segments"])],
    ).properties(width=WIDTH, height=260, title=_title(w["evidence"]))


def touchpoints_chart(journey: JourneyMap) -> alt.Chart:
    w = words(journey)
    data = touchpoint_frame(journey)
    data = data.assign(felt=[("" if v is None or pd.isna(v) else signed(v, journey.language)) for v in data["valence"]])
    touchpoints = list(dict.fromkeys(data["touchpoint"]))
    base = alt.Chart(data).encode(
        x=_phase_axis(journey, w["phase"]).axis(labelAngle=0, orient="top", labelLimit=160),
        y=alt.Y("touchpoint:N", title=w["touchpoint"], sort=touchpoints, axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("touchpoint:N", title=w["touchpoint"]), alt.Tooltip("phase:N", title=w["phase"]),
                 alt.Tooltip("valence:Q", title=w["felt"], format="+.2f"),
                 alt.Tooltip("segments:Q", title=w["segments"]),
                 alt.Tooltip("participants:Q", title=w["participants"])])
    dots = base.mark_circle(opacity=0.9, stroke="#4a5366", strokeWidth=0.5).encode(
        color=alt.Color("valence:Q", title=w["felt"], scale=alt.Scale(domain=[-1, 0, 1], range=VALENCE_RANGE)),
        size=alt.Size("segments:Q", title=w["segments"], scale=alt.Scale(range=[60, 600], zero=False),
                      legend=alt.Legend(format="d", tickMinStep=1)))
    text = base.mark_text(dy=16, fontSize=10, color="#1d2330").encode(text="felt:N")
    return alt.layer(dots, text).properties(width=WIDTH, height=34 * max(len(touchpoints), 1),
                                            title=_title(w["touchpoints"]))


CHARTS = {"emotion-curve": emotion_chart, "evidence-heatmap": heatmap_chart,
          "evidence-by-type": evidence_chart, "touchpoints": touchpoints_chart}


def all_charts(journey: JourneyMap) -> dict[str, alt.Chart]:
    """{file stem: chart} in the order a report would show them."""
    return {name: build(journey) for name, build in CHARTS.items()}
