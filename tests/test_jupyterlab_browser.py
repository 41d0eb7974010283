"""The widgets in a real JupyterLab 4 driven by Debian Chromium: run notebooks 01-03, tag a span
selected with the mouse, accept and reword a map item, export it with the button, and check that
the project file holds exactly what was done. Screenshots go to test-artifacts/widget-*.png."""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import CHROMIUM_ARGS, require_chromium
from conftest import ARTIFACTS, CORPORA, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BIN = Path(sys.executable).parent
WAIT = 240_000  # ms: the first notebook run builds the map and loads the chart library
NEW_WORDING = "Late deliveries make planning the week impossible (edited in the browser)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(demo, tmp_path_factory):
    """A JupyterLab server over a private copy of notebooks 01-03 and the demo project."""
    require_chromium()
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    for name in ("01_import_and_tag", "02_explore_themes", "03_build_map"):
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", root / "notebooks")
    (root / "out").mkdir()
    demo.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo.path, root / "out" / "demo.cjproj")
    (root / "corpora").symlink_to(CORPORA)
    home = root / ".jupyter-home"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython"),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    # start the notebook's own kernel without asking; no news pop-up
    for plugin, value in (("notebook-extension/tracker", '{"autoStartDefaultKernel": true}'),
                          ("apputils-extension/notification", '{"fetchNews": "false"}')):
        target = home / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(value)
    port, token = _free_port(), secrets.token_hex(16)
    log = (root / "lab.log").open("wb")
    proc = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}", f"--LabApp.user_settings_dir={home / 'settings'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (root / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "root": root}
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            pg = browser.new_page(viewport={"width": 1600, "height": 1100})
            pg.set_default_timeout(60_000)
            yield pg
        finally:
            browser.close()


def run_notebook(page, lab, name: str, ready: str) -> None:
    """Open a notebook, Run → Run All Cells, wait for ``ready`` (a selector in its widget)."""
    page.goto(f"{lab['url']}/lab/tree/notebooks/{name}.ipynb?token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell >> visible=true", timeout=120_000)
    # a fresh JupyterLab may ask which kernel to start: take the notebook's own (python3)
    page.wait_for_selector(".jp-Dialog .jp-mod-accept, .jp-Notebook-ExecutionIndicator[data-status='idle']:visible",
                           timeout=120_000)
    page.wait_for_timeout(1500)  # settle: the kernel dialog, if any, opens just after the panel
    dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    if dialog.count():
        dialog.first.click()
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    try:
        page.wait_for_selector(ready, timeout=WAIT)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"lab-failure-{name}.png"), full_page=True)
        outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").all_inner_texts()
        log = (lab["root"] / "lab.log").read_text(errors="replace")[-2000:]
        raise AssertionError(f"{name}: {ready} never appeared\noutputs: {outputs}\nserver log: {log}")
    # every cell has run: no cell is still queued or running ("[*]")
    page.wait_for_function(
        """() => { const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')];
                   return p.length && p.every(e => !e.textContent.includes('*')); }""", timeout=WAIT)
    errors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t.split("\n")[0]]
    assert not tracebacks, tracebacks[:1]


def test_map_builder_accept_edit_export(page, lab):
    from cjresearch import Project
    run_notebook(page, lab, "03_build_map", "[data-testid=mapbuilder] [data-testid=map-item]")
    mb = page.locator("[data-testid=mapbuilder]")
    card = mb.locator("[data-testid=map-item][data-status=proposed][data-lane=pains]").first
    item_id = int(card.get_attribute("data-item-id"))
    card.locator("[data-testid=item-accept]").click()
    card = mb.locator(f"[data-testid=map-item][data-item-id='{item_id}']")
    page.wait_for_selector(f"[data-testid=map-item][data-item-id='{item_id}'][data-status=accepted]")
    card.locator("[data-testid=item-edit]").click()
    editor = card.locator("[data-testid=item-editor]")
    editor.fill(NEW_WORDING)
    card.locator("[data-testid=item-save]").click()
    page.wait_for_function(
        """([id, text]) => document.querySelector(`[data-testid=map-item][data-item-id="${id}"] [data-testid=item-statement]`)
                            ?.textContent === text""", arg=[item_id, NEW_WORDING])
    out = lab["root"] / "out" / "map-familia-organizada.html"
    out.unlink(missing_ok=True)
    mb.locator("[data-testid=export-html]").click()
    page.wait_for_selector("[data-testid=mapbuilder] [data-testid=last-export]:has-text('map-familia-organizada.html')")
    page.wait_for_selector("[data-testid=mapbuilder] [data-testid=status]:has-text('exported')")
    assert NEW_WORDING in out.read_text(encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    mb.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "widget-mapbuilder.png"))
    with Project.open(lab["root"] / "out" / "demo.cjproj") as p:
        row = p.map_items("Familia organizada").set_index("item_id").loc[item_id]
        assert (row["statement"], row["status"], row["edited"]) == (NEW_WORDING, "accepted", 1)


SELECT_WORDS = """(el) => {
  // character boxes of the first few words on the first line of this segment's text
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const chars = []; let n;
  while ((n = walker.nextNode())) for (let i = 0; i < n.length; i++) chars.push([n, i]);
  const text = el.textContent;
  const m = text.match(/^\\s*(\\S+\\s+\\S+\\s+\\S+)/);
  const a = m.index + m[0].length - m[1].length, b = a + m[1].length;
  const box = (k) => { const r = document.createRange(); r.setStart(chars[k][0], chars[k][1]);
                       r.setEnd(chars[k][0], chars[k][1] + 1); return r.getBoundingClientRect(); };
  const s = box(a), e = box(b - 1);
  return {a, b, x0: s.left + 1, y0: s.top + s.height / 2, x1: e.right - 1, y1: e.top + e.height / 2,
          start: +el.dataset.start, text: text.slice(a, b)};
}"""


def test_tagger_mouse_selection_is_stored_exactly(page, lab):
    from cjresearch import Project
    run_notebook(page, lab, "01_import_and_tag", "[data-testid=tagger] [data-testid=segment-text]")
    tagger = page.locator("[data-testid=tagger]")
    seg = tagger.locator("[data-testid=segment]:not(.cj-interviewer)").nth(3)
    seg.scroll_into_view_if_needed()
    seg_id = int(seg.get_attribute("data-segment-id"))
    text_el = seg.locator("[data-testid=segment-text]")
    geo = text_el.evaluate(SELECT_WORDS)
    assert abs(geo["y0"] - geo["y1"]) < 4, "the words must sit on one line"
    page.mouse.move(geo["x0"], geo["y0"])
    page.mouse.down()
    page.mouse.move((geo["x0"] + geo["x1"]) / 2, geo["y0"], steps=4)
    page.mouse.move(geo["x1"], geo["y1"], steps=4)
    page.mouse.up()
    picker = tagger.locator("[data-testid=code-picker]")
    picker.wait_for()
    start, end = geo["start"] + geo["a"], geo["start"] + geo["b"]
    assert (int(picker.get_attribute("data-start")), int(picker.get_attribute("data-end"))) == (start, end)
    picker.locator("[data-testid=code-option][data-dimension=evidence][data-code=pain]").click()
    picker.locator("[data-testid=code-search]").fill("slot anxiety")
    picker.locator("[data-testid=code-create]").click()
    picker.locator("[data-testid=apply-codes]").click()
    page.wait_for_selector(f"[data-segment-id='{seg_id}'] [data-testid=coding]:has-text('slot anxiety')")
    # one key: focus the segment, accept its highlighted suggestion with "a", undo with "u"
    seg.locator(".cj-meta").click()
    accepted_before = seg.locator(".cj-chip.cj-accepted").count()
    page.keyboard.press("a")
    page.wait_for_function(
        """([id, n]) => document.querySelectorAll(`[data-segment-id="${id}"] .cj-chip.cj-accepted`).length > n""",
        arg=[seg_id, accepted_before])
    ARTIFACTS.mkdir(exist_ok=True)
    tagger.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "widget-tagger.png"))
    with Project.open(lab["root"] / "out" / "demo.cjproj") as p:
        mine = p.codings().query("origin == 'manual' and segment_id == @seg_id")
        assert sorted(zip(mine["dimension"], mine["code"], mine["start"], mine["end"], mine["author"])) == [
            ("custom", "slot anxiety", start, end, "researcher"), ("evidence", "pain", start, end, "researcher")]
        text = p.con.execute("SELECT substr(s.text, ?, ?) FROM sources s JOIN segments g ON g.source_id = s.id "
                             "WHERE g.id = ?", (start + 1, end - start, seg_id)).fetchone()[0]
        assert text == geo["text"]
        accepted = p.codings().query("segment_id == @seg_id and origin != 'manual' and status == 'accepted'")
        assert len(accepted) == accepted_before + 1
    page.keyboard.press("u")
    page.wait_for_function(
        """([id, n]) => document.querySelectorAll(`[data-segment-id="${id}"] .cj-chip.cj-accepted`).length === n""",
        arg=[seg_id, accepted_before])


def test_explorer_click_lists_quotes_and_opens_tagger(page, lab):
    run_notebook(page, lab, "02_explore_themes", "[data-testid=explorer] [data-testid=filter-phase]")
    page.wait_for_selector(".vega-embed .mark-rect path, .vega-embed canvas", timeout=WAIT)
    explorer = page.locator("[data-testid=explorer]")
    # filters are live: choosing Spanish changes the count
    count = explorer.locator("[data-testid=count]").inner_text()
    explorer.locator("[data-testid=filter-language] [data-value=es]").click()
    page.wait_for_function("(c) => document.querySelector('[data-testid=count]').textContent !== c", arg=count)
    page.wait_for_timeout(1000)  # the charts re-embed with the filtered aggregates
    before = explorer.locator("[data-testid=quotes] .cj-dim").inner_text()
    assert "awareness" not in before  # the notebook left experience × pain listed
    # the first heat-map cell is awareness × motivation: a click lists its quotes
    page.locator(".vega-embed .mark-rect path").first.click(position={"x": 4, "y": 4})  # beside the count text
    page.wait_for_function(
        "() => /awareness/i.test(document.querySelector('[data-testid=quotes] .cj-dim')?.textContent || '')")
    assert explorer.locator("[data-testid=quote]").count() > 0
    explorer.locator("[data-testid=open-in-tagger]").first.click()
    page.wait_for_selector(".cj-seg.cj-focus")
    area = page.locator(".jp-OutputArea-output:has([data-testid=explorer])").first
    area.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-explorer.png"))
