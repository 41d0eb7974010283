"""Crash-safety soak: the tests/test_crash.py loop, 50 kills per variant (or ``--iterations``).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/crash_loop.py [--iterations 50] [--seed 1] [-v]

Prints one summary line per variant: iterations, kills, committed writes, all-ok. Exit code 1
when any check failed (the problems are printed).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from crashkit import crash_loop  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variants", default="import,tag")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    ok = True
    for i, variant in enumerate(args.variants.split(",")):
        t0 = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=f"crash-{variant}-") as tmp:
            s = crash_loop(variant, Path(tmp), args.iterations, seed=args.seed + i,
                           log=print if args.verbose else None)
        committed = s["imports_committed"] if variant == "import" else s["codings_committed"]
        print(f"{variant:7s} iterations={s['iterations']} kills={s['kills']} "
              f"finished_before_kill={s['finished']} committed_writes={committed} "
              f"all_ok={s['ok']} seconds={time.monotonic() - t0:.1f}", flush=True)
        for problem in s["problems"]:
            print("   ", problem)
        ok &= s["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
