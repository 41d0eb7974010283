"""Notebook widgets for the whole workflow (anywidget: ESM + CSS shipped next to this file).

- :class:`Tagger` — read a transcript or survey answers, select a span, assign codes, decide
  machine suggestions, undo; every change is one transaction in the project file.
- :class:`Explorer` — filters and linked Altair charts over the effective codings; a click lists
  the quotes behind a mark and opens one in the Tagger.
- :class:`MapBuilder` — a persona's map as a phases × lanes grid to accept, reword, merge,
  reorder, remove and add items, with a live preview and export buttons.
"""
from .explorer import Explorer
from .mapbuilder import MapBuilder
from .tagger import Tagger

__all__ = ["Explorer", "MapBuilder", "Tagger"]
