"""Explorer filter change over 100k segments: goal < 100 ms to recompute what the charts show.

Synthetic frame with the Explorer's columns (cjresearch.widgets.data.synthetic_frame), loaded once;
each filter change = boolean masks over integer category codes + np.bincount aggregates, then the
three chart specs the browser receives: built once by Altair, after that only their rows swapped
(what ``Explorer.update`` does). Rebuilding the charts with Altair each time is timed for contrast.
Run: .venv/bin/python bench/bench_widgets.py
"""
from __future__ import annotations

import statistics
import time

import numpy as np

from cjresearch.widgets.data import ExplorerData, synthetic_frame
from cjresearch.widgets.explorer import SpecTemplate, chart_frames, emotion_chart, heat_chart, themes_chart

N = 100_000
GOAL_MS = 100.0
FILTERS = [
    {},
    {"language": ["es"]},
    {"persona": ["families"], "min_confidence": 0.5},
    {"phase": ["purchase", "experience"], "evidence": ["pain", "doubt"], "origin": ["model", "accepted"]},
    {"persona": ["families", "urban"], "language": ["en"], "source": [f"source_{i:03d}.txt" for i in range(10)]},
]


def main() -> None:
    t = time.perf_counter()
    frame = synthetic_frame(N, seed=7)
    pid = frame["participant_id"].to_numpy()
    data = ExplorerData(frame, {"families": pid % 3 == 0, "urban": pid % 5 == 0})
    load = time.perf_counter() - t
    first = data.aggregate({})
    templates = {"heat": SpecTemplate(heat_chart(first["heat"])), "emotion": SpecTemplate(emotion_chart(first["emotion"])),
                 "themes": SpecTemplate(themes_chart(first["themes"]))}
    agg_ms, spec_ms, rebuild_ms = [], [], []
    for _ in range(5):
        for f in FILTERS:
            t = time.perf_counter()
            agg = data.aggregate(f)
            agg_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            frames = chart_frames(agg)
            specs = [templates[k].with_rows(frames[k]) for k in templates]
            assert all(s is not None for s in specs)
            spec_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            for chart in (heat_chart(agg["heat"]), emotion_chart(agg["emotion"]), themes_chart(agg["themes"])):
                chart.to_dict()
            rebuild_ms.append((time.perf_counter() - t) * 1000)
    a, c, r = statistics.median(agg_ms), statistics.median(spec_ms), statistics.median(rebuild_ms)
    total = statistics.median(np.add(agg_ms, spec_ms))
    print(f"frame: {N} segments, built once in {load:.2f} s")
    print(f"filter change -> aggregates: median {a:.1f} ms, max {max(agg_ms):.1f} ms")
    print(f"aggregates -> 3 chart specs (rows swapped): median {c:.1f} ms; "
          f"rebuilding them with Altair instead: {r:.1f} ms ({r / max(c, 1e-3):.0f}x slower)")
    print(f"filter change end to end: median {total:.1f} ms (goal < {GOAL_MS:.0f} ms: ratio {total / GOAL_MS:.2f})")
    if total > GOAL_MS:
        raise SystemExit(f"too slow: {total:.1f} ms > {GOAL_MS:.0f} ms")


if __name__ == "__main__":
    main()
