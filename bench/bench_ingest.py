"""Streamed survey import: rows/s and peak memory as the file grows.

Generates synthetic bilingual survey CSVs (``synth.generate``: respondent id, attribute columns,
one answer column), imports each into a fresh project in its own subprocess with
``Project.import_files([csv], chunksize=...)`` and reports rows/s and peak RSS (``ru_maxrss``).
Memory is bounded when peak RSS barely grows while the file grows 4×; the printed ratio is
peak-RSS growth over file-size growth (1.0 = memory grows like the file; the whole-file path,
``--whole``, is several times the file).

Peak RSS is read twice: after the last chunk is stored ("chunks") and at the end ("peak"). The
difference is the final write of the answer text, one SQLite value, which SQLite holds in memory
about twice over for a moment (see cjresearch/ingest/stream.py).

    .venv/bin/python bench/bench_ingest.py                      # 50 000 and 200 000 rows, < 3 min
    .venv/bin/python bench/bench_ingest.py --rows 100000 400000 --whole
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
COLUMNS = ["id", "language", "product", "persona", "age", "text"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def child(csv: str, project: str, chunksize: int) -> None:
    """One import in this process; prints a JSON line."""
    sys.path.insert(0, str(ROOT))
    from cjresearch import Project
    from cjresearch.ingest import stream
    import cjresearch.importing  # noqa: F401  (imports counted in the baseline)
    import cjresearch.segment  # noqa: F401
    from cjresearch.nlp import pipeline
    pipeline("es"), pipeline("en")
    marks = {"baseline": _rss_mb()}
    finish = stream._Import._finish

    def timed_finish(self):
        marks["chunks"] = _rss_mb()
        return finish(self)
    stream._Import._finish = timed_finish
    p = Project.create(project)
    t = time.perf_counter()
    result = p.import_files([csv], chunksize=chunksize or None, progress=False)[0]
    seconds = time.perf_counter() - t
    p.close()
    marks["peak"] = _rss_mb()
    print(json.dumps({"seconds": seconds, "turns": result["turns"], "segments": result["segments"],
                      **marks}))


def make_csv(rows: int, seed: int, out: Path) -> Path:
    import synth
    path = out / f"ingest-{rows}-{seed}.csv"
    if not path.exists():
        synth.generate(rows, seed=seed)[COLUMNS].to_csv(path.with_suffix(".tmp"), index=False)
        path.with_suffix(".tmp").rename(path)
    return path


def run(rows: int, csv: Path, out: Path, chunksize: int) -> dict:
    project = out / f"ingest-{rows}-{chunksize or 'whole'}.cjproj"
    for leftover in out.glob(project.name + "*"):
        leftover.unlink()
    proc = subprocess.run([sys.executable, __file__, "--child", str(csv), str(project),
                           str(chunksize)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if proc.returncode:
        sys.exit(proc.stderr)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for leftover in out.glob(project.name + "*"):
        leftover.unlink()
    return {"rows": rows, "file_mb": csv.stat().st_size / 2**20, **result}


def report(label: str, runs: list[dict]) -> None:
    print(f"\n{label}")
    print(f"{'rows':>9} {'file MB':>8} {'s':>7} {'rows/s':>8} {'base MB':>8} {'chunks MB':>10} "
          f"{'peak MB':>8}")
    for r in runs:
        print(f"{r['rows']:>9,} {r['file_mb']:>8.1f} {r['seconds']:>7.1f} "
              f"{r['rows'] / r['seconds']:>8,.0f} {r['baseline']:>8.0f} "
              f"{r.get('chunks', float('nan')):>10.0f} {r['peak']:>8.0f}")
    a, b = runs[0], runs[-1]
    if len(runs) > 1 and b["file_mb"] > a["file_mb"]:
        grow = b["file_mb"] - a["file_mb"]
        print(f"file grew {b['rows'] / a['rows']:.0f}x (+{grow:.1f} MB): peak RSS "
              f"+{b['peak'] - a['peak']:.1f} MB -> ratio {(b['peak'] - a['peak']) / grow:.2f}")
        if "chunks" in a and "chunks" in b:
            print(f"  while storing chunks (before the final text write): "
                  f"+{b['chunks'] - a['chunks']:.1f} MB -> ratio "
                  f"{(b['chunks'] - a['chunks']) / grow:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[50_000, 200_000])
    ap.add_argument("--chunksize", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--whole", action="store_true", help="also time the whole-file import")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = sorted(args.rows)
    files = {n: make_csv(n, args.seed, args.out) for n in sizes}
    report(f"streamed, chunksize {args.chunksize:,}",
           [run(n, files[n], args.out, args.chunksize) for n in sizes])
    if args.whole:
        report("whole file (no chunksize)", [run(n, files[n], args.out, 0) for n in sizes])


if __name__ == "__main__":
    main()
