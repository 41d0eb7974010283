"""Two "notebook kernels" (separate processes) writing to ONE project at the same time.

Kernel A imports transcripts in batches and, after each import, tags a segment as author
``kernel-A``; kernel B tags existing segments as author ``kernel-B``. Both start on one barrier.
Afterwards every write is there (counts match exactly: no lost update), the project is healthy
and neither kernel saw an exception — in particular none saying "database is locked".
"""
from __future__ import annotations

from cjresearch import Project
from crashkit import Child, batches, check_project, warm_file, write_files

N_IMPORTS = 60      # kernel A: 60 import transactions (3 files each) + 60 tag transactions
N_TAGS = 1500       # kernel B: 1500 tag transactions


def test_two_kernels_write_one_project_without_lost_updates(tmp_path):
    path = tmp_path / "shared.cjproj"
    with Project.create(path) as p:
        p.import_files(write_files(tmp_path / "base", 0, 4, seed=5))
        segs = [r[0] for r in p.con.execute("SELECT id FROM segments ORDER BY id")]
    sent = batches(write_files(tmp_path / "new", 100, 3 * N_IMPORTS, seed=5), 3)
    a = Child({"mode": "import", "project": str(path), "batches": sent, "tag_author": "kernel-A",
               "warm": warm_file(tmp_path), "pause": 0.02}, tmp_path / "a.json")
    b = Child({"mode": "tag", "project": str(path), "segments": segs, "author": "kernel-B",
               "n": N_TAGS, "pause": 0.001}, tmp_path / "b.json")
    a.wait_ready(180)
    b.wait_ready(180)
    a.go()
    b.go()
    assert a.join(120) == 0, "".join(a.err)[-3000:]
    assert b.join(120) == 0, "".join(b.err)[-3000:]

    for child in (a, b):
        output = "\n".join(child.lines) + "".join(child.err)
        assert "database is locked" not in output
        assert "locked by another process" not in output
        assert child.reports("ERROR") == []
        assert child.finished

    imported, a_tags, b_tags = a.reports("IMPORTED"), a.reports("TAGGED"), b.reports("TAGGED")
    assert len(imported) == N_IMPORTS and len(a_tags) == N_IMPORTS and len(b_tags) == N_TAGS
    assert all(r["status"] == "imported" for rep in imported for r in rep["results"])

    with Project.open(path) as p:
        by_author = dict(p.con.execute(
            "SELECT author, COUNT(*) FROM codings WHERE origin='manual' GROUP BY author").fetchall())
        assert by_author == {"kernel-A": N_IMPORTS, "kernel-B": N_TAGS}
        assert p.con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 4 + 3 * N_IMPORTS
        notes = {r[0] for r in p.con.execute("SELECT note FROM codings")}
        assert notes == {f"kernel-A#{k}" for k in range(N_IMPORTS)} | {f"kernel-B#{n}" for n in range(N_TAGS)}
    with Project.create(tmp_path / "scratch.cjproj") as scratch:
        # healthy, every reported write present, no half import
        assert check_project(path, scratch, imported, a_tags + b_tags, sent) == []
    # the two kernels really overlapped in time
    assert a.started_at < b.ended_at and b.started_at < a.ended_at
    print(f"kernel A wrote for {a.ended_at - a.started_at:.2f}s, kernel B for {b.ended_at - b.started_at:.2f}s")
