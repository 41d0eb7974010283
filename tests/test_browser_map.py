"""The exported map opened from disk in real Chromium: renders, expands to quotes, runs nothing."""
from __future__ import annotations

import pytest

from browser import browser_page
from conftest import ARTIFACTS
from test_export_html import PAYLOADS

pytestmark = pytest.mark.browser


def test_demo_map_opens_from_disk_and_items_expand(demo):
    ARTIFACTS.mkdir(exist_ok=True)
    path = demo.demo_maps[0]
    with browser_page() as page:
        blocked = []
        page.on("request", lambda r: blocked.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto(path.as_uri())
        assert page.locator("table.map thead th").count() == 6  # lane header + 5 phases
        item = page.locator("tr.lane-pains details.item").first
        quote = item.locator("blockquote").first
        assert not quote.is_visible()
        item.locator("summary").click()
        assert quote.is_visible() and quote.inner_text().strip()
        page.screenshot(path=str(ARTIFACTS / "map-demo.png"), full_page=False)
        assert blocked == []


def test_payloads_do_not_execute(project, tmp_path):
    from conftest import write
    project.import_participants(write(tmp_path / "p.csv", "id,name,household\nP1,Ana,family\nP2,Bo,family\n"))
    project.import_files([write(tmp_path / "i.txt", "".join(
        f"{who}: The courier was late {p} and the app crashed.\n" for p in PAYLOADS for who in ("Ana", "Bo")))])
    project.add_persona(PAYLOADS[1], {"household": "family"}, summary={"en": PAYLOADS[0]},
                        picture="javascript:window.__pwned=1")
    project.code()
    persona = project.personas()[0].name
    journey = project.map(persona)
    for item, payload in zip(journey.items, PAYLOADS * 10):
        project.set_item(item.id, statement=payload)
    out = project.export(tmp_path / "x.html", persona=persona)
    with browser_page() as page:
        page.goto(out.as_uri())
        for summary in page.locator("details.item > summary").all()[:20]:
            summary.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert PAYLOADS[0] in page.inner_text("body")
