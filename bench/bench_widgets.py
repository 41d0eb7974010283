"""Explorer filter change over 100k segments: goal < 100 ms to recompute what the charts show.

Synthetic frame with the Explorer's columns (cjresearch.widgets.data.synthetic_frame), loaded once;
each filter change = boolean masks over integer category codes + np.bincount aggregates. Also times
building the three Altair chart specs from those aggregates (what is sent to the browser).
Run: .venv/bin/python bench/bench_widgets.py
"""
from __future__ import annotations

import statistics
import time

import numpy as np

from cjresearch.widgets.data import ExplorerData, synthetic_frame
from cjresearch.widgets.explorer import emotion_chart, heat_chart, themes_chart

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
    agg_ms, chart_ms = [], []
    for _ in range(5):
        for f in FILTERS:
            t = time.perf_counter()
            agg = data.aggregate(f)
            agg_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            for chart in (heat_chart(agg["heat"]), emotion_chart(agg["emotion"]), themes_chart(agg["themes"])):
                chart.to_dict()
            chart_ms.append((time.perf_counter() - t) * 1000)
    a, c = statistics.median(agg_ms), statistics.median(chart_ms)
    print(f"frame: {N} segments, built once in {load:.2f} s")
    print(f"filter change -> aggregates: median {a:.1f} ms, max {max(agg_ms):.1f} ms "
          f"(goal {GOAL_MS:.0f} ms: ratio {a / GOAL_MS:.2f})")
    print(f"aggregates -> 3 Altair chart specs: median {c:.1f} ms (sent to the browser; not part of the goal)")
    print(f"filter change end to end: median {statistics.median(np.add(agg_ms, chart_ms)):.1f} ms "
          f"(ratio {statistics.median(np.add(agg_ms, chart_ms)) / GOAL_MS:.2f})")
    if a > GOAL_MS:
        raise SystemExit(f"too slow: {a:.1f} ms > {GOAL_MS:.0f} ms")


if __name__ == "__main__":
    main()
