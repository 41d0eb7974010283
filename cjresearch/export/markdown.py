"""Markdown rendering of a map: one section per phase, items with counts and their quotes."""
from __future__ import annotations

from ..model import JourneyMap
from .common import timestamp


def _md(text: str) -> str:
    return (text or "").replace("\n", " ").replace("|", "\\|")


def render_markdown(journey: JourneyMap) -> str:
    lines = [f"# {_md(journey.persona.name)} — {_md(journey.framework_name)}", "",
             _md(journey.persona.summary_in(journey.language)), "",
             f"{journey.n_participants} participants · {journey.n_segments} segments", ""]
    for phase in journey.phases:
        emo = "" if phase.emotion is None else f" (emotion {phase.emotion:+.2f}, n={phase.emotion_n})"
        lines += [f"## {_md(phase.label)}{emo}", ""]
        for lane in journey.lanes:
            items = journey.items_in(lane.id, phase.id)
            if not items:
                continue
            lines += [f"### {_md(lane.label)}", ""]
            for item in items:
                lines.append(f"- **{_md(item.statement)}** — {item.n_participants} participants, "
                             f"{item.n_segments} segments")
                for q in item.quotes[:3]:
                    when = f", {timestamp(q.t0)}" if q.t0 is not None else ""
                    lines.append(f"  > {_md(q.text)} — {_md(q.participant or '?')}, {_md(q.source)}{when}")
            lines.append("")
    for lane in journey.lanes:
        if lane.scope == "map":
            for item in journey.items_in(lane.id, None):
                lines += [f"**{_md(lane.label)}:** {_md(item.statement)}", ""]
    return "\n".join(lines) + "\n"
