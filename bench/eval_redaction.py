"""Redaction quality on the planted test set (tests/data/redaction/planted_{es,en}.jsonl).

Recall: a gold span counts as caught when redacted spans cover every character of it (a
half-redacted phone number still leaks). Precision: a redacted span counts as right when it
overlaps a gold span; it is reported per predicted kind. Prints per-kind and per-language figures
and the misses, and the same for the "hard" items (written after the rules, never tuned to).
Run: `.venv/bin/python bench/eval_redaction.py [--misses]` (a few seconds).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cjresearch.redact import Redactor  # noqa: E402

DATA = ROOT / "tests" / "data" / "redaction"
LANGS = ("es", "en")


def load_items(lang: str) -> list[dict]:
    with open(DATA / f"planted_{lang}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def redactor_for(lang: str | None = None, salt: str = "eval") -> Redactor:
    """Every listed person (both languages: a Spanish interview may name an English participant)."""
    with open(DATA / "participants.csv", encoding="utf-8") as f:
        names = {row["id"]: row["name"] for row in csv.DictReader(f)}
    terms = json.loads((DATA / "terms.json").read_text("utf-8"))
    return Redactor(names=names, keys=list(names), terms=terms["es"] + terms["en"], salt=salt,
                    language=lang)


def score(items: list[dict], redactor: Redactor) -> dict:
    """{'recall': {kind: (caught, total)}, 'precision': {kind: (right, total)}, 'misses': [...],
    'false': [...]} with kind 'ALL' for the totals."""
    recall = defaultdict(lambda: [0, 0])
    precision = defaultdict(lambda: [0, 0])
    misses, false = [], []
    for item in items:
        spans = redactor.redact(item["text"]).spans
        covered = set()
        for s in spans:
            covered.update(range(s.start, s.end))
        for g in item["spans"]:
            ok = all(i in covered for i in range(g["start"], g["end"]))
            for k in (g["kind"], "ALL"):
                recall[k][0] += ok
                recall[k][1] += 1
            if not ok:
                misses.append((item["id"], g["kind"], g["text"], item["text"]))
        for s in spans:
            ok = any(s.start < g["end"] and g["start"] < s.end for g in item["spans"])
            for k in (s.kind, "ALL"):
                precision[k][0] += ok
                precision[k][1] += 1
            if not ok:
                false.append((item["id"], s.kind, item["text"][s.start:s.end], item["text"]))
    return {"recall": {k: tuple(v) for k, v in recall.items()},
            "precision": {k: tuple(v) for k, v in precision.items()}, "misses": misses, "false": false}


def ratio(pair) -> float:
    return pair[0] / pair[1] if pair[1] else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list missed gold spans and false alarms")
    args = ap.parse_args()
    kinds = ("EMAIL", "URL", "HANDLE", "PHONE", "ADDRESS", "ID", "NAME", "TERM", "ALL")
    print(f"{'lang':5}{'kind':9}{'recall':>16}{'precision':>18}")
    for lang in LANGS:
        result = score(load_items(lang), redactor_for(lang))
        for k in kinds:
            r, p = result["recall"].get(k, (0, 0)), result["precision"].get(k, (0, 0))
            print(f"{lang:5}{k:9}{ratio(r):8.3f} ({r[0]:>3}/{r[1]:<3}){ratio(p):8.3f} ({p[0]:>3}/{p[1]:<3})")
        items = load_items(lang)
        for part in ("core", "hard"):  # "hard": written after the rules and not tuned to
            sub = score([i for i in items if i.get("set") == part], redactor_for(lang))
            r, p = sub["recall"].get("ALL", (0, 0)), sub["precision"].get("ALL", (0, 0))
            print(f"{lang:5}{part:9}{ratio(r):8.3f} ({r[0]:>3}/{r[1]:<3}){ratio(p):8.3f} ({p[0]:>3}/{p[1]:<3})")
        if args.misses:
            for m in result["misses"]:
                print("  MISS", m)
            for m in result["false"]:
                print("  FALSE", m)


if __name__ == "__main__":
    main()
