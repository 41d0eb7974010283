"""The widgets' front-end files: each ES module is the shared helpers (``common.js``) followed by
the widget's own file, so helpers are written once without a bundler or build step."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
CSS = HERE / "widgets.css"


def module(name: str) -> str:
    """The ES module source for one widget (``"tagger.js"`` …)."""
    return (HERE / "common.js").read_text("utf-8") + "\n" + (HERE / name).read_text("utf-8")
