"""Markdown, JSON and XLSX renderings of the demo map, opened and checked, not just written."""
from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def journey_and_paths(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    persona = demo.personas()[0].name
    paths = {fmt: demo.export(out / f"map.{fmt}", persona=persona, format=fmt) for fmt in ("md", "json", "xlsx")}
    return demo.map(persona), paths


def test_xlsx_has_map_items_and_evidence_sheets_with_exact_quotes(journey_and_paths):
    import openpyxl
    journey, paths = journey_and_paths
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["map", "items", "evidence"]
    header = [c.value for c in wb["map"][1]]
    assert header == [journey.persona.name] + [p.label for p in journey.phases]
    evidence = list(wb["evidence"].iter_rows(min_row=2, values_only=True))
    assert len(evidence) == sum(len(i.quotes) for i in journey.items)
    quotes = {(q.coding_id, i.id): q.text for i in journey.items for q in i.quotes}
    for row in evidence:
        assert quotes[(row[11], row[0])] == row[4]
    items = {row[0]: row for row in wb["items"].iter_rows(min_row=2, values_only=True)}
    for item in journey.items:
        assert (items[item.id][6], items[item.id][7]) == (item.n_participants, item.n_segments)
    assert wb["evidence"].auto_filter.ref and wb["items"].auto_filter.ref


def test_xlsx_keeps_formula_looking_words_as_text(tmp_path):
    import io
    import openpyxl
    from cjresearch.export.xlsx import render_xlsx
    from cjresearch.model import JourneyMap, Lane, MapItem, Persona, PhaseColumn, Quote
    payload = '=HYPERLINK("http://evil.example","click")'
    quote = Quote(coding_id=1, segment_id=1, text=payload, source="s.txt", source_id=1, start=0,
                  end=len(payload), participant="P1", speaker="P1", t0=None, language="en")
    journey = JourneyMap(persona=Persona(name="=1+1"), framework="classic", framework_name="Classic",
                         language="en", phases=[PhaseColumn(id="experience", label="Experience", classic=["experience"])],
                         lanes=[Lane(id="pains", label="Pains")],
                         items=[MapItem(lane="pains", phase="experience", statement="=SUM(A1)", id=1, quotes=[quote],
                                        n_segments=1, n_participants=1)])
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(journey)))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert {c.value for c in cells} >= {payload, "=SUM(A1)", "=1+1"}
    assert all(c.data_type == "s" for c in cells)


def test_json_round_trips_the_tree(journey_and_paths):
    journey, paths = journey_and_paths
    data = json.loads(paths["json"].read_text("utf-8"))
    assert data["schema"] == "cjresearch.map/1"
    assert [p["id"] for p in data["phases"]] == [p.id for p in journey.phases]
    assert sum(len(i["quotes"]) for i in data["items"]) == sum(len(i.quotes) for i in journey.items)


def test_markdown_lists_phases_and_quotes(journey_and_paths):
    journey, paths = journey_and_paths
    text = paths["md"].read_text("utf-8")
    assert text.startswith(f"# {journey.persona.name}")
    for phase in journey.phases:
        assert f"## {phase.label}" in text
    quoted = [q for i in journey.items if i.phase for q in i.quotes[:1] if "\n" not in q.text and "|" not in q.text]
    assert quoted and all(q.text in text for q in quoted[:20])
