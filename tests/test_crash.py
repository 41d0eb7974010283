"""Crash safety: a child process writing to a project is SIGKILLed at a random (seeded) moment;
afterwards the project opens, is healthy, holds every write the child reported committed and
no half-written import.

The child prints one flushed line after each committed transaction (see ``crashkit.CHILD``).
``CJ_CRASH_ITERATIONS`` sets the number of kills per variant (default 5);
``bench/crash_loop.py`` runs the same loop 50 times.
"""
from __future__ import annotations

import os

import pytest

from crashkit import crash_loop

ITERATIONS = int(os.environ.get("CJ_CRASH_ITERATIONS", "5"))


@pytest.mark.parametrize("variant,seed", [("import", 20240), ("tag", 20241)])
def test_sigkill_leaves_project_consistent(variant, seed, tmp_path):
    summary = crash_loop(variant, tmp_path, ITERATIONS, seed=seed)
    assert summary["problems"] == []
    assert summary["kills"] + summary["finished"] == ITERATIONS
    assert summary["kills"] >= 1, "no child was killed mid-work: the test proves nothing"
    committed = summary["imports_committed"] if variant == "import" else summary["codings_committed"]
    assert committed > 0, "no write ever committed before a kill"
