"""Notebooks run top to bottom on corpora/ with no edits, and are saved without outputs."""
from __future__ import annotations

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_saved_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code"), "clear outputs before committing"


TOUR = [p for p in NOTEBOOKS if p.name.startswith("00_")]


# 01-03 run on a private copy of the demo project in tests/test_notebooks_workflow.py
@pytest.mark.slow
@pytest.mark.parametrize("path", TOUR, ids=[p.name for p in TOUR])
def test_notebook_runs_top_to_bottom(path):
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
