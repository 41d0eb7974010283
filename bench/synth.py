"""Synthetic, labelled survey answers (es + en) from the templates in corpora/synth/templates.yaml.

Every answer carries its known topic, journey phase and evidence type, so the benchmarks measure
quality as well as speed. Deterministic for a given seed, whatever the chunk size of the caller:
rows are made in fixed blocks of ``BLOCK`` rows, block ``b`` drawing from ``default_rng([seed, b])``.
About 1 s per 100 000 answers.

    .venv/bin/python bench/synth.py 100000 -o out/synth-100k.csv --seed 7
    .venv/bin/python bench/synth.py            # 10 000 answers -> out/bench/synth-10000.csv
"""
from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "corpora" / "synth" / "templates.yaml"
BLOCK = 50_000
COLUMNS = ["id", "language", "product", "persona", "age", "text", "topic", "phase", "evidence"]
PERSONAS = ("familia", "urbano", "senior", "estudiante")
_FOLD = str.maketrans("áéíóúñÁÉÍÓÚÑ", "aeiounAEIOUN")


@functools.lru_cache(maxsize=None)
def templates(path: str = str(TEMPLATES)) -> dict:
    return yaml.safe_load(Path(path).read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def _plan(path: str = str(TEMPLATES)):
    """Flattened tables: topic list, per (topic, lang) template lists, per (domain, lang) slots."""
    t = templates(path)
    topics = sorted(t["topics"])
    domains = sorted(t["domains"])
    slots = {}
    for d in domains:
        for lang in ("es", "en"):
            slots[d, lang] = {**t["common"][lang], **t["domains"][d][lang]}
    return t, topics, domains, slots


def _block(n: int, seed: int, block: int, es_share: float, path: str) -> pd.DataFrame:
    t, topics, domains, slots = _plan(path)
    rng = np.random.default_rng([seed, block])
    topic_i = rng.integers(0, len(topics), n)
    lang_es = rng.random(n) < es_share
    dom_i = rng.integers(0, len(domains), n)
    tmpl_r = rng.integers(0, 1 << 30, n)
    open_r = rng.integers(0, 1 << 30, n)
    close_r = rng.integers(0, 1 << 30, n)
    slot_r = rng.integers(0, 1 << 30, (n, 3))
    noise = rng.random(n)
    persona_i = rng.integers(0, len(PERSONAS), n)
    age = rng.integers(18, 80, n)
    texts, langs = [], []
    for k in range(n):
        lang = "es" if lang_es[k] else "en"
        topic = t["topics"][topics[topic_i[k]]]
        options = topic[lang]
        s = slots[domains[dom_i[k]], lang]
        r = slot_r[k]
        values = {name: vals[(r[j % 3] >> j) % len(vals)] for j, (name, vals) in enumerate(s.items())}
        text = options[tmpl_r[k] % len(options)].format(**values)
        text = text[0].upper() + text[1:]
        opener = t["openers"][lang][open_r[k] % len(t["openers"][lang])]
        if opener:
            text = opener + text[0].lower() + text[1:] if not text.startswith(("I ", "I'")) else opener + text
        text += t["closers"][lang][close_r[k] % len(t["closers"][lang])]
        x = noise[k]
        if x < 0.08:  # typed on a phone: no accents, all lower case
            text = text.translate(_FOLD).lower()
        elif x < 0.12:
            text = text.rstrip(".")
        texts.append(text)
        langs.append(lang)
    topic_names = np.asarray(topics, dtype=object)[topic_i]
    return pd.DataFrame({
        "language": langs, "product": np.asarray(domains, dtype=object)[dom_i],
        "persona": np.asarray(PERSONAS, dtype=object)[persona_i], "age": age, "text": texts,
        "topic": topic_names,
        "phase": [t["topics"][x]["phase"] for x in topic_names],
        "evidence": [t["topics"][x]["evidence"] for x in topic_names]})


def iter_chunks(n: int, seed: int = 7, es_share: float = 0.55, path: Path = TEMPLATES):
    """Frames of at most ``BLOCK`` rows, in order; ids are ``S0000001``…"""
    for b, start in enumerate(range(0, n, BLOCK)):
        m = min(BLOCK, n - start)
        frame = _block(m, seed, b, es_share, str(path))
        frame.insert(0, "id", [f"S{i:07d}" for i in range(start + 1, start + m + 1)])
        yield frame


def generate(n: int, seed: int = 7, es_share: float = 0.55, path: Path = TEMPLATES) -> pd.DataFrame:
    """``n`` labelled answers (columns :data:`COLUMNS`)."""
    chunks = list(iter_chunks(n, seed, es_share, path))
    if not chunks:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(chunks, ignore_index=True)[COLUMNS]


def write_csv(path: Path, n: int, seed: int = 7, es_share: float = 0.55) -> Path:
    """Stream ``n`` answers to a CSV without holding them all in memory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for i, chunk in enumerate(iter_chunks(n, seed, es_share)):
            chunk[COLUMNS].to_csv(fh, index=False, header=(i == 0))
    return path


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("-o", "--output", type=Path, help="default: out/bench/synth-N.csv")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="1 000 answers")
    args = ap.parse_args(argv)
    n = 1000 if args.quick else args.n
    out = args.output or ROOT / "out" / "bench" / f"synth-{n}.csv"
    write_csv(out, n, args.seed)
    print(f"{n} answers -> {out}")


if __name__ == "__main__":
    sys.exit(main())
