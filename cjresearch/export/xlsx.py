"""XLSX rendering of a map: a sheet per view, filters on, quotes with their source links.

* ``map``      phases as columns, lanes as rows, item statements with counts (what people present);
* ``items``    one row per item: lane, phase, statement, status, counts, felt valence;
* ``evidence`` one row per quote: item, quote text, participant, source, timestamp, offsets.
"""
from __future__ import annotations

import io

from ..model import JourneyMap
from .common import timestamp

_ILLEGAL = {i for i in range(32) if i not in (9, 10, 13)}


def _cell(value):
    """openpyxl refuses control characters (quotes keep everything else exactly)."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ord(ch) not in _ILLEGAL)
    return value


def _no_formulas(sheet) -> None:
    """A participant's words starting with '=' must stay text, never run as a formula."""
    for row in sheet.iter_rows():
        for c in row:
            if c.data_type == "f":
                c.data_type = "s"


def render_xlsx(journey: JourneyMap) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    wb = Workbook()
    grid = wb.active
    grid.title = "map"
    grid.append([_cell(journey.persona.name)] + [_cell(p.label) for p in journey.phases])
    grid.append(["emotion"] + [None if p.emotion is None else f"{p.emotion:+.2f} (n={p.emotion_n})"
                               for p in journey.phases])
    for lane in journey.lanes:
        if lane.scope != "phase" or lane.id == "emotion":
            continue
        row = [_cell(lane.label)]
        for phase in journey.phases:
            items = journey.items_in(lane.id, phase.id)
            row.append(_cell("\n".join(f"• {i.statement} ({i.n_participants}p/{i.n_segments}s)" for i in items)))
        grid.append(row)
    for lane in journey.lanes:
        if lane.scope == "map":
            for item in journey.items_in(lane.id, None):
                grid.append([_cell(lane.label), _cell(item.statement)])
    for col in range(1, len(journey.phases) + 2):
        grid.column_dimensions[get_column_letter(col)].width = 22 if col == 1 else 40
    for row in grid.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for c in grid[1]:
        c.font = Font(bold=True)
    items = wb.create_sheet("items")
    items.append(["item_id", "lane", "phase", "statement", "status", "origin", "participants", "segments",
                  "valence", "quotes"])
    for i in journey.items:
        items.append([i.id, i.lane, i.phase, _cell(i.statement), i.status, i.origin, i.n_participants,
                      i.n_segments, i.valence, len(i.quotes)])
    evidence = wb.create_sheet("evidence")
    evidence.append(["item_id", "lane", "phase", "statement", "quote", "participant", "speaker", "source",
                     "timestamp", "start", "end", "coding_id", "origin", "confidence", "language"])
    for i in journey.items:
        for q in i.quotes:
            evidence.append([i.id, i.lane, i.phase, _cell(i.statement), _cell(q.text), _cell(q.participant),
                             _cell(q.speaker), _cell(q.source), timestamp(q.t0), q.start, q.end,
                             q.coding_id, q.origin, q.confidence, q.language])
    for sheet in (grid, items, evidence):
        _no_formulas(sheet)
    for sheet in (items, evidence):
        sheet.auto_filter.ref = sheet.dimensions
        sheet.freeze_panes = "A2"
        for c in sheet[1]:
            c.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
