"""Notebooks 01-03 (import and tag, explore, build a map) run top to bottom with no edits on a
copy of the demo project built from corpora/, the way `make demo` leaves it in out/."""
from __future__ import annotations

import shutil

import nbformat
import pytest

from conftest import CORPORA, ROOT

WORKFLOW = ["01_import_and_tag", "02_explore_themes", "03_build_map"]


@pytest.fixture(scope="module")
def workdir(demo, tmp_path_factory):
    root = tmp_path_factory.mktemp("workflow")
    (root / "notebooks").mkdir()
    (root / "out").mkdir()
    demo.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo.path, root / "out" / "demo.cjproj")
    (root / "corpora").symlink_to(CORPORA)
    return root


@pytest.mark.parametrize("name", WORKFLOW)
def test_workflow_notebook_is_saved_clean_and_explained(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and sum(c.cell_type == "markdown" for c in nb.cells) >= 4


@pytest.mark.slow
@pytest.mark.parametrize("name", WORKFLOW)
def test_workflow_notebook_runs_top_to_bottom(name, workdir):
    from nbclient import NotebookClient
    path = workdir / "notebooks" / f"{name}.ipynb"
    shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    # each notebook shows its widget (a widget view, not just a repr)
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the notebook must display its widget"
    if name == "03_build_map":
        exports = sorted(p.name for p in (workdir / "out" / "exports").iterdir())
        assert "map-familia.html" in exports and "map-familia.json" in exports
