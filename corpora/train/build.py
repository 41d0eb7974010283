"""Assemble the hand-written training batches in src/ into the coder's shipped training set.

The items follow the same guidelines as the evaluation set (``corpora/eval/GUIDELINES.md``) but
are about *other* products and services than the evaluation set, so the held-out scores measure
how the coder carries to domains it was not trained on. This script validates every label with
the evaluation builder's rules, refuses any text that repeats or nearly repeats an evaluation
item, and writes ``cjresearch/lexicons/training.csv`` (deterministic: same src/ -> same bytes).

    python corpora/train/build.py            # build + print summary
    python corpora/train/build.py --check    # validate only, do not write
"""
from __future__ import annotations

import collections
import csv
import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

sys.dont_write_bytecode = True

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
ROOT = HERE.parent.parent
OUT = ROOT / "cjresearch" / "lexicons" / "training.csv"
GOLD = ROOT / "corpora" / "eval" / "coding_gold.csv"

_spec = importlib.util.spec_from_file_location("eval_build", ROOT / "corpora" / "eval" / "build.py")
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)

COLUMNS = ["id", "language", "domain", "source_type", "text", "phase", "evidence", "valence", "touchpoint"]


def load_batches() -> list[dict]:
    return ev.load_batches(SRC)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9ñ ]+", "", "".join(c for c in text if not unicodedata.combining(c)))


def _shingles(text: str, n: int = 5) -> set[str]:
    k = " ".join(_key(text).split())
    return {k[i:i + n] for i in range(max(1, len(k) - n + 1))}


def validate(rows: list[dict]) -> list[str]:
    """The evaluation builder's checks (labels, valence table, duplicates), with our domains, plus:
    no training text may repeat or nearly repeat (character 5-gram Jaccard >= 0.6) a gold item."""
    saved = ev.DOMAINS
    ev.DOMAINS = tuple(sorted({r["domain"] for r in rows}))
    try:
        errors = ev.validate(rows)
    finally:
        ev.DOMAINS = saved
    errors += [f"{r['_where']}: domain {r['domain']!r} is an evaluation domain"
               for r in rows if r["domain"] in ev.DOMAINS]
    errors += [f"{r['_where']}: domain must be lower_snake_case" for r in rows
               if not re.fullmatch(r"[a-z][a-z0-9_]*", r["domain"])]
    if GOLD.exists():
        with GOLD.open(encoding="utf-8", newline="") as fh:
            gold = [(g["id"], _shingles(g["text"])) for g in csv.DictReader(fh)]
        index = collections.defaultdict(set)
        for i, (_, sh) in enumerate(gold):
            for s in sh:
                index[s].add(i)
        for r in rows:
            sh = _shingles(r["text"])
            hits = collections.Counter(i for s in sh for i in index.get(s, ()))
            for i, common in hits.most_common(3):
                jac = common / len(sh | gold[i][1])
                if jac >= 0.6:
                    errors.append(f"{r['_where']}: too close to evaluation item {gold[i][0]} (Jaccard {jac:.2f})")
                    break
    return errors


def write_csv(rows: list[dict]) -> None:
    counters = collections.Counter()
    for r in rows:
        counters[r["language"]] += 1
        r["id"] = f"t{r['language']}-{counters[r['language']]:04d}"
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in COLUMNS})


def summary(rows: list[dict]) -> None:
    print(f"{len(rows)} items")
    for title, key in (("language", "language"), ("domain", "domain"), ("phase", "phase"),
                       ("evidence", "evidence"), ("source_type", "source_type")):
        c = collections.Counter(r[key] for r in rows)
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    c = collections.Counter((r["phase"], r["evidence"]) for r in rows)
    print("phase x evidence:")
    for p in ev.PHASES:
        print(f"  {p:<14}" + "".join(f"{e[:5]:>7} {c[(p, e)]:<4}" for e in ev.EVIDENCE))


def main(argv: list[str]) -> int:
    rows = load_batches()
    errors = validate(rows)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    if "--check" not in argv:
        write_csv(rows)
    summary(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
