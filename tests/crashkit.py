"""Helpers shared by tests/test_crash.py, tests/test_concurrency.py and bench/crash_loop.py.

A *child* is a separate Python process (``sys.executable``) that opens one project file and
writes to it in a loop — ``Project.import_files`` batches or ``Project.tag`` codings — printing
one flushed stdout line AFTER each transaction has committed. The parent may SIGKILL it at any
moment and then checks that every reported write is there and nothing half-written is visible.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, sys, time
from pathlib import Path
from cjresearch import Project

cfg = json.loads(Path(sys.argv[1]).read_text())
if cfg.get("warm"):  # load spaCy & co. (seconds) into a throwaway project, not the real one
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "warm.cjproj") as w:
            w.import_files([cfg["warm"]])
print("READY", flush=True)
sys.stdin.readline()  # a barrier: the parent says go (several kernels can start at once)
p = Project.open(cfg["project"])
print("OPEN", flush=True)

def report(kind, payload):
    print(kind + " " + json.dumps(payload), flush=True)

if cfg["mode"] == "import":
    for k, batch in enumerate(cfg["batches"]):
        try:
            res = p.import_files(batch)
        except BaseException as exc:
            report("ERROR", {"batch": k, "error": repr(exc)})
            continue
        # printed only after import_files returned, i.e. after COMMIT
        report("IMPORTED", {"batch": k, "files": batch,
                            "results": [{"file": r["file"], "status": r["status"],
                                         "source_id": r["source_id"], "turns": r.get("turns"),
                                         "segments": r.get("segments")} for r in res]})
        if cfg.get("tag_author"):
            seg = p.con.execute("SELECT id FROM segments WHERE source_id=? ORDER BY id LIMIT 1",
                                (res[0]["source_id"],)).fetchone()[0]
            try:
                cid = p.tag(seg, "import-side", author=cfg["tag_author"], note=f"{cfg['tag_author']}#{k}")
            except BaseException as exc:
                report("ERROR", {"tag": k, "error": repr(exc)})
                continue
            report("TAGGED", {"n": k, "id": cid, "segment": seg, "note": f"{cfg['tag_author']}#{k}"})
        time.sleep(cfg.get("pause", 0))
elif cfg["mode"] == "tag":
    segs, author = cfg["segments"], cfg["author"]
    for n in range(cfg["n"]):
        seg = segs[n % len(segs)]
        note = f"{author}#{n}"
        try:
            cid = p.tag(seg, f"crash-{n % 7}", author=author, note=note)
        except BaseException as exc:
            report("ERROR", {"n": n, "error": repr(exc)})
            continue
        report("TAGGED", {"n": n, "id": cid, "segment": seg, "note": note})
        time.sleep(cfg.get("pause", 0))
print("DONE", flush=True)
'''


# -- data ---------------------------------------------------------------------------------

_OPENERS = ["¿Cómo conociste el servicio?", "¿Qué tal el primer pedido?", "¿Y la entrega?",
            "¿Qué cambiarías?", "¿Lo recomendarías?", "¿Cómo fue el pago?"]
_ANSWERS = ["Me lo recomendó mi cuñada, que lo usa cada semana.",
            "El repartidor llegó una hora tarde y faltaban los yogures.",
            "Me enfadé bastante y llamé al servicio de atención.",
            "La aplicación es cómoda, pero el pago falló dos veces.",
            "Al final me devolvieron el dinero en tres días.",
            "Ahora hago la compra grande allí todos los meses."]


def transcript(i: int, seed: int = 0) -> str:
    """A small interview, unique per ``i`` (so no import is skipped as a duplicate)."""
    rng = random.Random(seed * 100003 + i)
    name = f"Persona{seed}x{i}"
    lines = []
    for q in range(rng.randint(2, 4)):
        lines.append(f"Entrevistadora: {rng.choice(_OPENERS)}")
        answer = " ".join(rng.sample(_ANSWERS, rng.randint(1, 3)))
        lines.append(f"{name}: {answer} (nota {i}-{q})")
    return "\n".join(lines) + "\n"


def write_files(folder: Path, start: int, count: int, seed: int = 0) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + count):
        path = folder / f"t{seed}_{i:05d}.txt"
        path.write_bytes(transcript(i, seed).encode("utf-8"))
        out.append(str(path))
    return out


def batches(files: list[str], size: int = 2) -> list[list[str]]:
    return [files[i:i + size] for i in range(0, len(files), size)]


# -- running a child ----------------------------------------------------------------------

class Child:
    """A child process whose complete stdout lines are collected by a reader thread."""

    def __init__(self, cfg: dict, cfg_path: Path):
        cfg_path.write_text(json.dumps(cfg))
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, str(cfg_path)], cwd=str(ROOT), env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self.lines: list[str] = []
        self.err: list[str] = []
        self.started_at = self.ended_at = None
        self._ready = threading.Event()
        self._t_out = threading.Thread(target=self._read, daemon=True)
        self._t_err = threading.Thread(target=lambda: self.err.extend(self.proc.stderr), daemon=True)
        self._t_out.start()
        self._t_err.start()

    def _read(self):
        for line in self.proc.stdout:
            if not line.endswith("\n"):  # cut off by the kill: not a complete report
                break
            self.lines.append(line.rstrip("\n"))
            if line.startswith("OPEN"):
                self.started_at = time.monotonic()
            elif line.startswith("DONE"):
                self.ended_at = time.monotonic()
            if line.startswith("READY"):
                self._ready.set()
        self._ready.set()

    def wait_ready(self, timeout: float = 60) -> None:
        if not self._ready.wait(timeout):
            raise TimeoutError("child never became ready")

    def go(self) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self) -> bool:
        """SIGKILL; True when the child was still running (a real mid-work kill)."""
        alive = self.proc.poll() is None
        if alive:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.join()
        return alive

    def join(self, timeout: float = 120) -> int:
        rc = self.proc.wait(timeout)
        self._t_out.join(10)
        self._t_err.join(10)
        return rc

    def reports(self, kind: str) -> list[dict]:
        return [json.loads(l.split(" ", 1)[1]) for l in self.lines if l.startswith(kind + " ")]

    @property
    def finished(self) -> bool:
        return "DONE" in self.lines


# -- checking -----------------------------------------------------------------------------

def expected_counts(scratch_project, files: list[str]) -> dict[str, tuple[int, int]]:
    """file -> (turns, segments) from a fresh import of that file into a scratch project."""
    out = {}
    for r in scratch_project.import_files(files):
        assert r["status"] == "imported", r
        out[r["file"]] = (r["turns"], r["segments"])
    return out


def check_project(path: Path, scratch, imported: list[dict] = (), tagged: list[dict] = (),
                  batches_sent: list[list[str]] = ()) -> list[str]:
    """Every problem found after a kill (empty when all is well)."""
    import sqlite3
    from cjresearch import Project

    problems = []
    try:
        p = Project.open(path)
    except Exception as exc:
        return [f"Project.open failed: {exc!r}"]
    try:
        con = p.con
        ic = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ic != "ok":
            problems.append(f"integrity_check: {ic}")
        doc = p.doctor()
        if doc:
            problems.append(f"doctor: {doc}")
        # no orphans anywhere
        for sql, what in [
            ("SELECT COUNT(*) FROM segments WHERE source_id NOT IN (SELECT id FROM sources)", "segments without source"),
            ("SELECT COUNT(*) FROM turns WHERE source_id NOT IN (SELECT id FROM sources)", "turns without source"),
            ("SELECT COUNT(*) FROM codings WHERE segment_id NOT IN (SELECT id FROM segments)", "codings without segment"),
            ("SELECT COUNT(*) FROM codings WHERE code_id NOT IN (SELECT id FROM codes)", "codings without code"),
        ]:
            n = con.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {what}")
        # every source complete: as many turns and segments as a fresh import of its file
        rows = con.execute(
            """SELECT s.id, s.path, (SELECT COUNT(*) FROM turns t WHERE t.source_id = s.id) nt,
                      (SELECT COUNT(*) FROM segments g WHERE g.source_id = s.id) ns
               FROM sources s""").fetchall()
        by_path = {r["path"]: r for r in rows}
        known = getattr(scratch, "_crash_expected", None)
        if known is None:
            known = scratch._crash_expected = {}
        missing = [r["path"] for r in rows if r["path"] not in known]
        if missing:
            known.update(expected_counts(scratch, missing))
        for r in rows:
            exp = known[r["path"]]
            if (r["nt"], r["ns"]) != exp or r["ns"] == 0:
                problems.append(f"half import: source {r['id']} ({Path(r['path']).name}) has "
                                f"{r['nt']} turns/{r['ns']} segments, a fresh import gives {exp[0]}/{exp[1]}")
        # every import reported committed is fully there
        for rep in imported:
            for res in rep["results"]:
                row = by_path.get(res["file"])
                if res["status"] != "imported":
                    continue
                if row is None or row["id"] != res["source_id"]:
                    problems.append(f"committed import lost: {res['file']}")
                elif row["ns"] != res["segments"] or row["nt"] != res["turns"]:
                    problems.append(f"committed import changed: {res['file']} {row['nt']}/{row['ns']} "
                                    f"vs reported {res['turns']}/{res['segments']}")
        # one import_files call is one transaction: a batch is all there or not at all
        for batch in batches_sent:
            present = [f in by_path for f in batch]
            if any(present) and not all(present):
                problems.append(f"batch partly imported: {[Path(f).name for f, x in zip(batch, present)]} -> {present}")
        # every coding reported committed is there, unchanged
        have = {r["id"]: r for r in con.execute(
            "SELECT id, segment_id, note, origin, status FROM codings WHERE origin='manual'")}
        for rep in tagged:
            row = have.get(rep["id"])
            if row is None:
                problems.append(f"committed coding lost: {rep}")
            elif (row["segment_id"], row["note"], row["origin"], row["status"]) != (
                    rep["segment"], rep["note"], "manual", "accepted"):
                problems.append(f"committed coding differs: {rep} vs {dict(row)}")
        notes = [r["note"] for r in have.values() if r["note"]]
        if len(notes) != len(set(notes)):
            problems.append("a coding was written twice")
    except sqlite3.DatabaseError as exc:
        problems.append(f"database error while checking: {exc!r}")
    finally:
        p.close()
    return problems


# -- the crash loop -------------------------------------------------------------------------

def warm_file(workdir: Path) -> str:
    path = workdir / "warm.txt"
    path.write_bytes(transcript(-1, seed=99).encode("utf-8"))
    return str(path)


def crash_loop(variant: str, workdir: Path, iterations: int, seed: int = 1234,
               max_delay: float = 0.6, log=None) -> dict:
    """Run ``iterations`` child processes writing to one project, SIGKILL each at a random
    (seeded) moment, check the project after each kill. Returns a summary dict.

    Children load their libraries before the parent lets them at the project, and the next
    child warms up while the current one runs, so the loop is not dominated by start-up time."""
    from cjresearch import Project

    rng = random.Random(seed)
    workdir.mkdir(parents=True, exist_ok=True)
    project_path = workdir / f"{variant}.cjproj"
    Project.create(project_path).close()
    scratch = Project.create(workdir / f"{variant}-scratch.cjproj")
    summary = {"variant": variant, "iterations": iterations, "kills": 0, "finished": 0,
               "imports_committed": 0, "codings_committed": 0, "problems": []}
    all_imported: list[dict] = []
    all_tagged: list[dict] = []
    all_batches: list[list[str]] = []
    segs: list[int] = []
    if variant == "tag":  # something to tag: a few transcripts imported up front
        with Project.open(project_path) as p:
            p.import_files(write_files(workdir / "base", 0, 6, seed=seed))
            segs = [r[0] for r in p.con.execute("SELECT id FROM segments ORDER BY id")]

    def spawn(it: int) -> tuple[Child, list]:
        if variant == "import":
            sent = batches(write_files(workdir / f"it{it}", it * 1000, 600, seed=seed), 2)
            cfg = {"mode": "import", "project": str(project_path), "batches": sent,
                   "warm": warm_file(workdir)}
        else:
            sent = []
            cfg = {"mode": "tag", "project": str(project_path), "segments": segs,
                   "author": f"crash-it{it}", "n": 20000}
        return Child(cfg, workdir / f"cfg-{variant}-{it}.json"), sent

    pending = [spawn(0)] if iterations else []
    try:
        for it in range(iterations):
            child, sent = pending.pop(0)
            child.wait_ready(180)
            if it + 1 < iterations:
                pending.append(spawn(it + 1))  # warms up while this one works
            all_batches.extend(sent)
            child.go()
            time.sleep(rng.uniform(0.0, max_delay))
            killed = child.kill()
            summary["kills"] += killed
            summary["finished"] += child.finished
            errors = child.reports("ERROR")
            if errors:
                summary["problems"].append(f"iteration {it}: child errors {errors[:3]}")
            if not killed and not child.finished:
                summary["problems"].append(f"iteration {it}: child died on its own: {''.join(child.err)[-2000:]}")
            imported, tagged = child.reports("IMPORTED"), child.reports("TAGGED")
            all_imported += imported
            all_tagged += tagged
            summary["imports_committed"] += len(imported)
            summary["codings_committed"] += len(tagged)
            problems = check_project(project_path, scratch, all_imported, all_tagged, all_batches)
            summary["problems"] += [f"iteration {it}: {x}" for x in problems]
            if log:
                log(f"  {variant} it={it} killed={killed} imports={len(imported)} codings={len(tagged)} "
                    f"problems={len(problems)}")
    finally:
        for child, _ in pending:
            child.kill()
        scratch.close()
    summary["ok"] = not summary["problems"]
    return summary
