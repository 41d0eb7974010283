"""Pictures of the demo map: chart PNG/SVG through vl-convert, whole-map PNG/PDF through Chromium,
and the print stylesheet on an A3 landscape sheet. Files are opened and measured, not just written."""
from __future__ import annotations

import asyncio
import dataclasses
import http.server
import re
import struct
import threading
from collections import Counter

import pytest
from defusedxml import ElementTree

from browser import browser_page, require_chromium
from conftest import ARTIFACTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
A3_LANDSCAPE_PT = (1190.55, 841.89)
A3_CONTENT_PX = (round((420 - 20) * 96 / 25.4), round((297 - 20) * 96 / 25.4))  # 10 mm margins


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    return ["".join(el.itertext()).strip() for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "text"]


def datasets(chart) -> list[dict]:
    spec = chart.to_dict()
    assert '"url"' not in repr(spec).replace("'", '"'), "charts must embed their data"
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.fixture(scope="module")
def journey(demo):
    return demo.map(demo.personas()[0].name)


def shown(journey):
    return [i for i in journey.items if i.status != "removed"]


# -- charts: the numbers they show are the map's numbers ----------------------------------------

def test_heatmap_counts_are_the_items_segment_sums(journey):
    from cjresearch.export.charts import heatmap_chart
    lanes = {l.id for l in journey.lanes if l.scope == "phase"} - {"description", "emotion"}
    expected = Counter()
    for item in shown(journey):
        if item.lane in lanes and item.phase is not None:
            expected[(item.phase, item.lane)] += item.n_segments
    rows = datasets(heatmap_chart(journey))
    assert len(rows) == len(lanes) * len(journey.phases)  # empty cells are drawn as zeros
    got = {(r["phase_id"], r["lane_id"]): r["segments"] for r in rows}
    assert sum(got.values()) == sum(expected.values()) > 0
    assert {k: v for k, v in got.items() if v} == dict(expected)


def test_evidence_bars_and_emotion_points_match_the_map(journey):
    from cjresearch.export.charts import emotion_chart, evidence_chart, touchpoints_chart
    of_lane = {"motivations": "motivation", "doubts": "doubt", "pains": "pain", "does": "other", "thinks": "delight"}
    expected = Counter()
    for item in shown(journey):
        if item.lane in of_lane and item.phase:
            expected[(item.phase, of_lane[item.lane])] += item.n_segments
    bars = {(r["phase_id"], r["evidence_id"]): r["segments"] for r in datasets(evidence_chart(journey))}
    assert {k: v for k, v in bars.items() if v} == dict(expected)
    points = {r["phase_id"]: (r["emotion"], r["n"]) for r in datasets(emotion_chart(journey)) if "phase_id" in r}
    assert points == {p.id: (p.emotion, p.emotion_n) for p in journey.phases if p.emotion is not None}
    assert all(n > 0 for _, n in points.values())
    dots = sorted((r["phase_id"], r["touchpoint"], r["segments"]) for r in datasets(touchpoints_chart(journey)))
    assert dots == sorted((i.phase, i.statement, i.n_segments) for i in shown(journey) if i.lane == "touchpoints")


def test_chart_titles_and_phases_speak_the_map_language(journey, demo_copy):
    from cjresearch.export.charts import all_charts
    english = demo_copy.map(demo_copy.personas()[0].name, language="en")
    assert (journey.language, english.language) == ("es", "en")
    for j, word in ((journey, "Emoción por fase"), (english, "Emotion per phase")):
        charts = all_charts(j)
        assert charts["emotion-curve"].to_dict()["title"]["text"] == word
        heat_phases = list(dict.fromkeys(r["phase"] for r in datasets(charts["evidence-heatmap"])))
        assert heat_phases == [p.label for p in j.phases]
    assert [p.label for p in english.phases] != [p.label for p in journey.phases]


def test_chart_files_are_real_png_and_svg_with_the_phase_labels(journey, tmp_path):
    from cjresearch.export.images import render_chart_images
    files = render_chart_images(journey, tmp_path / "charts")
    assert sorted(f.name for f in files) == sorted(
        f"{n}.{ext}" for n in ("emotion-curve", "evidence-heatmap", "evidence-by-type", "touchpoints")
        for ext in ("png", "svg"))
    assert not list((tmp_path / "charts").glob("*.part"))
    for f in files:
        data = f.read_bytes()
        if f.suffix == ".png":
            width, height = png_size(data)
            assert 800 <= width <= 4000 and 300 <= height <= 4000, (f.name, width, height)
        else:
            texts = svg_texts(data)
            for phase in journey.phases:
                assert phase.label in texts, (f.name, phase.label)
    curve = svg_texts((tmp_path / "charts" / "emotion-curve.svg").read_bytes())
    first = next(p for p in journey.phases if p.emotion is not None and abs(p.emotion) >= 0.005)
    assert f"(n={first.emotion_n})" in " ".join(curve)
    assert f"{first.emotion:+.2f}".replace(".", ",") in " ".join(curve)  # Spanish decimal comma


def test_svg_format_wants_a_folder_and_chromium_errors_are_user_errors(journey, tmp_path, monkeypatch):
    from cjresearch.errors import UserError
    from cjresearch.export import images
    with pytest.raises(UserError, match="folder"):
        images.export_images(journey, tmp_path / "map.svg", "svg")
    monkeypatch.setenv("CJ_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(UserError, match="CJ_CHROMIUM") as err:
        images.render_map_png(journey, tmp_path / "map.png")
    assert err.value.path == str(tmp_path / "no-chromium")
    monkeypatch.delenv("CJ_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(images, "CHROMIUM_CANDIDATES", (str(tmp_path / "chromium"),))
    with pytest.raises(UserError, match="needs Chromium") as err:
        images.render_map_pdf(journey, tmp_path / "map.pdf")
    assert "apt-get install chromium" in err.value.hint
    assert not (tmp_path / "map.pdf").exists() and not (tmp_path / "map.png").exists()


# -- the whole map in Chromium ----------------------------------------------------------------

@pytest.mark.browser
def test_map_png_is_full_page_even_from_a_notebook_event_loop(journey, tmp_path):
    require_chromium()
    from cjresearch.export.images import map_width, render_map_png

    async def in_kernel():  # a Jupyter kernel runs an asyncio loop; playwright's sync API refuses it
        return render_map_png(journey, tmp_path / "map.png")

    out = asyncio.run(in_kernel())
    width, height = png_size(out.read_bytes())
    assert width == map_width(len(journey.phases))
    assert height > 1500  # full page: the lanes run well below one screen


@pytest.mark.browser
def test_map_pdf_is_a3_landscape(journey, tmp_path):
    require_chromium()
    from cjresearch.export.images import render_map_pdf
    data = render_map_pdf(journey, tmp_path / "map.pdf", with_quotes=True).read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    for w, h in boxes:
        assert float(w) == pytest.approx(A3_LANDSCAPE_PT[0], abs=1.5)
        assert float(h) == pytest.approx(A3_LANDSCAPE_PT[1], abs=1.5)
    assert len(boxes) >= 2  # the demo map with its quotes does not fit one sheet


@pytest.mark.browser
def test_print_css_keeps_every_phase_column_on_the_sheet(journey, tmp_path):
    from cjresearch.export.html import render_html
    # a six-phase map with an unbreakable 90-character statement: the worst case for a fixed table
    extra = dataclasses.replace(journey.phases[-1], id="advocacy", label="Recomendación")
    long_word = "entrega" * 13
    pain = next(i for i in journey.items if i.lane == "pains")
    items = list(journey.items) + [dataclasses.replace(pain, phase="advocacy", statement=long_word)]
    wide = dataclasses.replace(journey, phases=list(journey.phases) + [extra], items=items)
    path = tmp_path / "map.html"
    path.write_text(render_html(wide), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page() as page:
        page.set_viewport_size({"width": A3_CONTENT_PX[0], "height": A3_CONTENT_PX[1]})
        page.goto(path.as_uri())
        page.evaluate("document.querySelectorAll('details.item').forEach(d => { d.open = true; })")
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / "map-print-a3.png"), full_page=True)
        headers = page.locator("table.map thead th[id^=phase-]")
        assert headers.count() == 6
        for box in (headers.nth(k).bounding_box() for k in range(6)):
            assert box["x"] >= 0 and box["x"] + box["width"] <= A3_CONTENT_PX[0] + 0.5
        overflowing = page.evaluate("""() => [...document.querySelectorAll('table.map td, table.map th')]
            .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 40))""")
        assert overflowing == []
        assert long_word in page.inner_text("table.map")
        shown_quotes = page.evaluate("""() => [...document.querySelectorAll('details.item ul.quotes')]
            .map(ul => [...ul.children].filter(li => li.offsetParent !== null).length)""")
        assert shown_quotes and max(shown_quotes) == 3  # opened items print at most three quotes
        assert page.evaluate("document.documentElement.scrollWidth") <= A3_CONTENT_PX[0]


@pytest.mark.browser
def test_map_rendering_requests_nothing_from_outside(tmp_path):
    require_chromium()
    from cjresearch.export.images import render_map_png
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        page = tmp_path / "page.html"
        page.write_text(f'<!doctype html><link rel="stylesheet" href="{url}/x.css"><img src="{url}/x.png">'
                        f'<table class="map"><thead><tr><th>Lane</th><th>A</th></tr></thead></table>')
        png_size(render_map_png(page, tmp_path / "page.png").read_bytes())
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
