"""Small helpers shared by the renderers."""
from __future__ import annotations


def timestamp(seconds) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def emotion_points(phases, width: int, height: int, pad: int = 24):
    """SVG coordinates for the emotion curve: x per phase column centre, y from -1 (bottom) to +1."""
    n = max(len(phases), 1)
    step = width / n  # columns are equal width, so the point sits over its column's centre
    pts = []
    for i, ph in enumerate(phases):
        if ph.emotion is None:
            continue
        x = step * (i + 0.5)
        y = pad + (1 - (ph.emotion + 1) / 2) * (height - 2 * pad)
        pts.append((round(x, 1), round(y, 1), ph))
    return pts
