"""Assemble corpora/survey/cesta_survey_2026.csv from the hand-written open answers.

The answers themselves are literal lists in survey_answers_es.py / survey_answers_en.py (no
templates, no slot filling). This script only decides, with a seeded random generator, which
respondent gave which pair of answers and what that respondent's attributes are, so that the
attributes are plausible for the texts and correlate the way real data does:
  * families order more often than people living alone; Plus members order more;
  * an answer about "my three kids" lands on a household with three children, an answer
    mentioning £ lands in Manchester or Bristol, € in Dublin;
  * NPS follows how bad the improvement answer is (praise -> 9-10, rant -> 0-4), is a bit
    higher for Plus members and lower for churned respondents;
  * about 5 % of the open answers are left empty, as in every real export.

Usage (from the repository root):
    python corpora/tools/make_survey.py
"""
from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import survey_answers_en  # noqa: E402
import survey_answers_es  # noqa: E402

OUT = HERE.parent / "survey" / "cesta_survey_2026.csv"
SEED = 2026
PER_LANGUAGE = 175
EMPTY_PER_COLUMN = 9  # per language and column: 36 of 700 open answers (~5 %) left blank

CITIES = {
    "es": {"Madrid": 0.46, "Valencia": 0.29, "Sevilla": 0.25},
    "en": {"Manchester": 0.37, "Bristol": 0.31, "Dublin": 0.32},
}
HOUSEHOLDS = ("family", "couple", "single", "shared")
COLUMNS = ["respondent_id", "language", "age", "city", "household", "children", "plan",
           "orders_per_month", "nps", "reason_text", "improve_text"]


def parse(block: str) -> list[dict]:
    """Lines 'text ## tags' -> [{'text', 'tags', 'sev', 'city'}]."""
    out = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        text, _, tag_str = line.partition(" ## ")
        tags = set(tag_str.split())
        city = next((t.split("=", 1)[1] for t in tags if t.startswith("city=")), None)
        sev = next((int(t) for t in tags if t.isdigit()), None)
        out.append({"text": text.strip().replace("\\n", "\n"), "tags": tags, "sev": sev,
                    "city": city})
    return out


def allowed_cities(item: dict, lang: str) -> set[str]:
    cities = set(CITIES[lang])
    if item["city"]:
        return {item["city"]}
    if lang == "en":
        t = item["text"]
        if re.search(r"£|Harlow|quid|big four|\bpounds?\b", t):
            cities -= {"Dublin"}
        if re.search(r"€|\beuros?\b|Luas|Ireland|Swords|\bmam\b", t):
            cities = {"Dublin"}
    return cities


HOUSE_TAG = {"f": "family", "f3": "family", "s": "single", "c": "couple", "h": "shared"}


def household_of(tags: set[str]) -> str | None:
    found = {HOUSE_TAG[t] for t in tags if t in HOUSE_TAG}
    return found.pop() if len(found) == 1 else ("conflict" if found else None)


def compatible(a: dict, b: dict, lang: str) -> bool:
    tags = a["tags"] | b["tags"]
    if household_of(tags) == "conflict":
        return False
    if "o" in tags and ({"y", "h", "b"} & tags or household_of(tags) == "family"):
        return False
    if {"b", "t"} <= tags or {"y", "t"} <= tags:
        return False
    if {"p", "n"} <= tags and "x" not in tags:
        return False
    if "x" in a["tags"] | b["tags"] and b["sev"] == 0:
        return False
    kids = {t for t in tags if re.fullmatch(r"k\d", t)}
    if len(kids) > 1 or len({t for t in tags if t.startswith("age=")}) > 1:
        return False
    return bool(allowed_cities(a, lang) & allowed_cities(b, lang))


def pick(rnd: random.Random, weights: dict):
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


def attributes(rnd: random.Random, reason: dict, improve: dict, lang: str) -> dict:
    tags = reason["tags"] | improve["tags"]
    sev = improve["sev"] if improve["text"] else None

    household = household_of(tags)
    if household is None:
        if "o" in tags:
            household = pick(rnd, {"single": 0.45, "couple": 0.55})
        elif "y" in tags:
            household = pick(rnd, {"shared": 0.38, "single": 0.32, "couple": 0.25, "family": 0.05})
        else:
            household = pick(rnd, {"family": 0.33, "couple": 0.26, "single": 0.23, "shared": 0.18})

    kids = next((int(t[1]) for t in tags if re.fullmatch(r"k\d", t)), None)
    if household != "family":
        children = 0
    elif kids:
        children = kids
    elif "f3" in tags:
        children = pick(rnd, {3: 0.8, 4: 0.2})
    else:
        children = pick(rnd, {1: 0.40, 2: 0.45, 3: 0.12, 4: 0.03})

    stated = next((int(t[4:]) for t in tags if t.startswith("age=")), None)
    if stated:
        age = stated
    elif "o" in tags:
        age = round(rnd.triangular(60, 84, 66))
    elif "b" in tags:  # baby, toddler or pregnancy in the answer
        age = round(rnd.triangular(24, 43, 33))
    elif "t" in tags:  # teenage children
        age = round(rnd.triangular(38, 58, 46))
    elif "y" in tags:
        age = rnd.randint(19, 30)
    elif household == "family":
        age = round(rnd.triangular(27, 55, 39))
    elif household == "shared":
        age = round(rnd.triangular(19, 36, 25))
    else:
        band = pick(rnd, {"young": 0.52, "mid": 0.33, "old": 0.15})
        age = {"young": lambda: rnd.randint(22, 35), "mid": lambda: rnd.randint(36, 59),
               "old": lambda: rnd.randint(60, 79)}[band]()

    if "x" in tags:
        plan = "churned"
    elif "p" in tags:
        plan = "plus"
    elif "n" in tags:
        plan = "standard"
    else:
        base = {"family": {"plus": 0.52, "standard": 0.40, "churned": 0.08},
                "couple": {"plus": 0.38, "standard": 0.53, "churned": 0.09},
                "single": {"plus": 0.27, "standard": 0.64, "churned": 0.09},
                "shared": {"plus": 0.10, "standard": 0.80, "churned": 0.10}}[household]
        if sev == 3:
            base = {"plus": base["plus"] * 0.7, "standard": base["standard"] * 0.6, "churned": 0.45}
        plan = pick(rnd, base)
        if plan == "churned" and sev != 3:
            plan = "standard"

    if plan == "churned":
        orders = pick(rnd, {0: 0.7, 1: 0.3})
    elif plan == "plus":
        lo, hi, mode = {"family": (3, 12, 6), "couple": (2, 8, 4), "single": (2, 6, 3),
                        "shared": (2, 5, 3)}[household]
        orders = round(rnd.triangular(lo, hi, mode))
    else:
        lo, hi, mode = {"family": (1, 6, 3), "couple": (1, 4, 2), "single": (1, 4, 2),
                        "shared": (1, 3, 1)}[household]
        orders = round(rnd.triangular(lo, hi, mode))

    nps_pool = {None: [9, 8, 7, 10, 6, 8, 9, 10], 0: [10, 10, 9, 9, 9, 8, 10, 10, 7],
                1: [9, 8, 8, 7, 9, 6, 8, 9, 10, 7, 8], 2: [7, 6, 5, 5, 4, 3, 6, 2, 7, 8],
                3: [0, 1, 2, 2, 3, 4, 1, 0, 5, 3]}
    nps = rnd.choice(nps_pool[sev])
    if plan == "plus" and rnd.random() < 0.4:
        nps += 1
    if plan == "churned":
        nps -= rnd.choice([0, 1, 2])
    if "-" in reason["tags"]:
        nps -= rnd.choice([1, 2])
    nps = max(0, min(10, nps))

    city = pick(rnd, {c: w for c, w in CITIES[lang].items()
                      if c in allowed_cities(reason, lang) & allowed_cities(improve, lang)})
    return {"age": age, "city": city, "household": household, "children": children,
            "plan": plan, "orders_per_month": orders, "nps": nps}


def pair_up(rnd: random.Random, reasons: list[dict], improves: list[dict], lang: str):
    """Shuffle both columns and pair every reason with a compatible improvement answer."""
    for _ in range(200):
        r, i = reasons[:], improves[:]
        rnd.shuffle(r)
        rnd.shuffle(i)
        pairs = []
        for a in r:
            j = next((k for k, b in enumerate(i) if compatible(a, b, lang)), None)
            if j is None:
                break
            pairs.append((a, i.pop(j)))
        else:
            return pairs
    raise RuntimeError(f"could not pair the {lang} answers")


def column(rnd: random.Random, items: list[dict]) -> list[dict]:
    """Exactly PER_LANGUAGE entries: the written answers (surplus dropped at random) plus blanks."""
    keep = PER_LANGUAGE - EMPTY_PER_COLUMN
    if len(items) < keep:
        raise ValueError(f"need at least {keep} answers, have {len(items)}")
    items = rnd.sample(items, keep)
    blank = {"text": "", "tags": set(), "sev": None, "city": None}
    return items + [dict(blank) for _ in range(EMPTY_PER_COLUMN)]


def build() -> list[dict]:
    rnd = random.Random(SEED)
    rows = []
    for lang, mod in (("es", survey_answers_es), ("en", survey_answers_en)):
        reasons = column(rnd, parse(mod.REASONS))
        improves = column(rnd, parse(mod.IMPROVES))
        for reason, improve in pair_up(rnd, reasons, improves, lang):
            row = {"language": lang, **attributes(rnd, reason, improve, lang),
                   "reason_text": reason["text"], "improve_text": improve["text"]}
            rows.append(row)
    rnd.shuffle(rows)  # answers arrived interleaved, not by language
    for n, row in enumerate(rows, 1):
        row["respondent_id"] = f"R{n:04d}"
    return rows


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} respondents to {OUT}")


if __name__ == "__main__":
    main()
