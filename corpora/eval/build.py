"""Assemble the hand-written batches in src/ into coding_gold.csv.

Every item in src/*.py was written and labelled by hand; this script only
validates the labels, assigns ids and the dev/heldout split, and writes the CSV.
It is deterministic: same src/ files -> byte-identical coding_gold.csv.

    python corpora/eval/build.py            # build + print summary
    python corpora/eval/build.py --check    # validate only, do not write
"""
from __future__ import annotations

import collections
import csv
import importlib.util
import random
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep src/ free of __pycache__

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "coding_gold.csv"

SEED = 20240917
HELDOUT_PER_LANGUAGE = 150

COLUMNS = ["id", "split", "language", "domain", "source_type", "text",
           "phase", "evidence", "valence", "touchpoint"]
LANGUAGES = ("es", "en")
PHASES = ("awareness", "consideration", "purchase", "experience", "loyalty", "none")
EVIDENCE = ("motivation", "doubt", "pain", "delight", "other")
VALENCES = (-1, 0, 1)
SOURCE_TYPES = ("interview", "survey", "review", "tweet")
TOUCHPOINTS = ("web", "app", "store", "email", "phone", "chat", "social", "search",
               "ads", "word_of_mouth", "reviews", "delivery", "sms", "mail", "")
DOMAINS = ("banking_app", "airline", "hotel", "telecom", "fashion_ecommerce",
           "food_delivery", "car_insurance", "utility", "gym", "pm_saas",
           "car_rental", "furniture_retail", "streaming", "online_grocery")
# Valence rule from GUIDELINES.md ("Valence"): which valences each evidence type allows.
ALLOWED_VALENCE = {
    "pain": {-1},
    "delight": {1},
    "other": {0},
    "motivation": {0, 1},
    "doubt": {0, -1},
}


def load_batches(src: Path = SRC) -> list[dict]:
    """Every item of every batch in ``src`` (the training corpus's builder reuses this)."""
    rows = []
    for path in sorted(src.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"batch_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for n, item in enumerate(mod.ITEMS):
            if len(item) != 6:
                raise ValueError(f"{path.name} item {n}: expected 6 fields, got {len(item)}")
            source_type, text, phase, evidence, valence, touchpoint = item
            rows.append({
                "language": mod.LANG, "domain": mod.DOMAIN, "source_type": source_type,
                "text": text, "phase": phase, "evidence": evidence,
                "valence": valence, "touchpoint": touchpoint,
                "_where": f"{path.name}[{n}]",
            })
    return rows


def validate(rows: list[dict]) -> list[str]:
    errors = []
    seen = {}
    for r in rows:
        w = r["_where"]
        checks = [
            (r["language"] in LANGUAGES, f"language {r['language']!r}"),
            (r["domain"] in DOMAINS, f"domain {r['domain']!r}"),
            (r["source_type"] in SOURCE_TYPES, f"source_type {r['source_type']!r}"),
            (r["phase"] in PHASES, f"phase {r['phase']!r}"),
            (r["evidence"] in EVIDENCE, f"evidence {r['evidence']!r}"),
            (r["valence"] in VALENCES, f"valence {r['valence']!r}"),
            (r["touchpoint"] in TOUCHPOINTS, f"touchpoint {r['touchpoint']!r}"),
            (r["text"] == r["text"].strip() and r["text"], "empty or unstripped text"),
        ]
        for ok, msg in checks:
            if not ok:
                errors.append(f"{w}: bad {msg}")
        if r["evidence"] in ALLOWED_VALENCE and r["valence"] not in ALLOWED_VALENCE[r["evidence"]]:
            errors.append(f"{w}: valence {r['valence']} not allowed for evidence {r['evidence']}")
        key = " ".join(r["text"].lower().split())
        if key in seen:
            errors.append(f"{w}: duplicate text of {seen[key]}")
        seen[key] = w
    return errors


def assign_ids_and_split(rows: list[dict]) -> None:
    counters = collections.Counter()
    for r in rows:  # file order (sorted file names), then item order
        counters[r["language"]] += 1
        r["id"] = f"{r['language']}-{counters[r['language']]:04d}"
        r["split"] = "dev"
    for lang in LANGUAGES:
        lang_rows = [r for r in rows if r["language"] == lang]
        strata = {p: [r for r in lang_rows if r["phase"] == p] for p in PHASES}
        total = len(lang_rows)
        # proportional quotas, largest remainder, so each language gets exactly HELDOUT_PER_LANGUAGE
        exact = {p: len(s) * HELDOUT_PER_LANGUAGE / total for p, s in strata.items()}
        quota = {p: int(x) for p, x in exact.items()}
        left = HELDOUT_PER_LANGUAGE - sum(quota.values())
        for p in sorted(PHASES, key=lambda p: (-(exact[p] - quota[p]), PHASES.index(p)))[:left]:
            quota[p] += 1
        for p, stratum in strata.items():
            rng = random.Random(f"{SEED}:{lang}:{p}")
            ordered = sorted(stratum, key=lambda r: r["id"])
            rng.shuffle(ordered)
            for r in ordered[:quota[p]]:
                r["split"] = "heldout"


def write_csv(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (LANGUAGES.index(r["language"]), r["id"]))
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in COLUMNS})


def table(title: str, counter: collections.Counter, keys=None) -> None:
    print(f"\n{title}")
    keys = keys or sorted(counter)
    for k in keys:
        print(f"  {str(k):<45} {counter[k]:>5}")
    print(f"  {'TOTAL':<45} {sum(counter.values()):>5}")


def summary(rows: list[dict]) -> list[str]:
    n = len(rows)
    print(f"{n} items -> {OUT.relative_to(HERE.parent.parent)}")
    print("\nsplit x language x phase")
    header = "  " + f"{'':<16}" + "".join(f"{p[:11]:>12}" for p in PHASES) + f"{'total':>8}"
    print(header)
    for split in ("dev", "heldout"):
        for lang in LANGUAGES:
            cells = [sum(1 for r in rows if r["split"] == split and r["language"] == lang and r["phase"] == p)
                     for p in PHASES]
            print("  " + f"{split + ' ' + lang:<16}" + "".join(f"{c:>12}" for c in cells) + f"{sum(cells):>8}")
        cells = [sum(1 for r in rows if r["split"] == split and r["phase"] == p) for p in PHASES]
        print("  " + f"{split + ' all':<16}" + "".join(f"{c:>12}" for c in cells) + f"{sum(cells):>8}")
    cells = [sum(1 for r in rows if r["phase"] == p) for p in PHASES]
    print("  " + f"{'all':<16}" + "".join(f"{c:>12}" for c in cells) + f"{sum(cells):>8}")
    table("language", collections.Counter(r["language"] for r in rows))
    table("evidence", collections.Counter(r["evidence"] for r in rows), EVIDENCE)
    table("phase x evidence", collections.Counter((r["phase"], r["evidence"]) for r in rows))
    table("valence", collections.Counter(r["valence"] for r in rows), VALENCES)
    table("domain", collections.Counter(r["domain"] for r in rows), DOMAINS)
    table("source_type", collections.Counter(r["source_type"] for r in rows), SOURCE_TYPES)
    table("source_type x language", collections.Counter((r["source_type"], r["language"]) for r in rows))
    table("touchpoint ('' = none)", collections.Counter(r["touchpoint"] for r in rows))

    # distribution targets from the brief; reported, not silently fixed
    warnings = []
    phase_n = collections.Counter(r["phase"] for r in rows)
    for p in PHASES[:-1]:
        if phase_n[p] < 150:
            warnings.append(f"phase {p}: {phase_n[p]} < 150")
        for lang in LANGUAGES:
            k = sum(1 for r in rows if r["phase"] == p and r["language"] == lang)
            if k < 70:
                warnings.append(f"phase {p} / {lang}: {k} < 70")
        k = sum(1 for r in rows if r["phase"] == p and r["split"] == "dev")
        if k < 100:
            warnings.append(f"dev phase {p}: {k} < 100")
    ev_n = collections.Counter(r["evidence"] for r in rows)
    for e in EVIDENCE:
        if ev_n[e] < 100:
            warnings.append(f"evidence {e}: {ev_n[e]} < 100")
    grocery = sum(1 for r in rows if r["domain"] == "online_grocery")
    if grocery > 0.10 * n:
        warnings.append(f"online_grocery {grocery} > 10%")
    if n < 900:
        warnings.append(f"only {n} items (< 900)")
    print("\nwarnings:" if warnings else "\nall distribution targets met")
    for w in warnings:
        print("  " + w)
    return warnings


def main(argv: list[str]) -> int:
    rows = load_batches()
    errors = validate(rows)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    assign_ids_and_split(rows)
    if "--check" not in argv:
        write_csv(rows)
    summary(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
