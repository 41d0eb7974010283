"""Coding accuracy on our labelled set (corpora/eval/coding_gold.csv), held-out part.

Prints per-label precision/recall/F1, macro-F1 and Cohen's kappa for phase and evidence, per
language: the rule coder alone and the semantic coder zero-shot; a learning curve with 0, 25, 50
and 100 training labels per phase drawn from the dev part; and theme coherence (NPMI) and
diversity of the topic step. Run: `.venv/bin/python bench/eval_coding.py` (about 2 minutes).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cjresearch.coding.agreement import cohen_kappa  # noqa: E402
from cjresearch.coding.evaluate import classification_report  # noqa: E402
from cjresearch.coding.rules import RuleCoder  # noqa: E402
from cjresearch.coding.semantic import SemanticCoder  # noqa: E402

GOLD = ROOT / "corpora" / "eval" / "coding_gold.csv"
DIMS = ("phase", "evidence")


def scores(gold: pd.DataFrame, pred: pd.DataFrame) -> dict:
    out = {}
    for lang in ("es", "en", "all"):
        m = np.ones(len(gold), bool) if lang == "all" else (gold["language"] == lang).to_numpy()
        for dim in DIMS:
            rep = classification_report(gold[dim].to_numpy()[m], pred[dim].to_numpy()[m])
            out[(lang, dim)] = {"kappa": round(cohen_kappa(gold[dim].to_numpy()[m], pred[dim].to_numpy()[m]), 3),
                                "macro_f1": round(float(rep.loc["macro", "f1"]), 3), "report": rep}
    return out


def show(title: str, result: dict, detail: bool) -> None:
    print(f"\n### {title}")
    print("| language | phase κ | phase macro-F1 | evidence κ | evidence macro-F1 |")
    print("|---|---|---|---|---|")
    for lang in ("es", "en", "all"):
        p, e = result[(lang, "phase")], result[(lang, "evidence")]
        print(f"| {lang} | {p['kappa']:.3f} | {p['macro_f1']:.3f} | {e['kappa']:.3f} | {e['macro_f1']:.3f} |")
    if detail:
        for dim in DIMS:
            rep = result[("all", dim)]["report"]
            print(f"\n{dim} per label (both languages):")
            print(rep[["precision", "recall", "f1", "support"]].round(3).to_string())


def markdown(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def predict_semantic(coder, frame) -> pd.DataFrame:
    probs = coder.predict_proba(frame)
    return pd.DataFrame({d: p.columns[p.to_numpy().argmax(axis=1)] for d, p in probs.items()})


def learning_curve(dev, held, sizes, seed) -> list[dict]:
    rows = []
    rng = np.random.default_rng(seed)
    order = {ph: rng.permutation(np.flatnonzero(dev["phase"].to_numpy() == ph)) for ph in sorted(dev["phase"].unique())}
    for n in sizes:
        idx = np.concatenate([o[:n] for o in order.values()]) if n else np.array([], int)
        train = dev.iloc[np.sort(idx)]
        coder = SemanticCoder(seed=seed)
        coder.fit(train[["text", "language"]], train[list(DIMS)]) if n else coder.fit()
        result = scores(held, predict_semantic(coder, held))
        row = {"labels_per_phase": n, "train_items": int(len(train))}
        for lang in ("es", "en", "all"):
            row[f"phase_kappa_{lang}"] = result[(lang, "phase")]["kappa"]
            row[f"evidence_f1_{lang}"] = result[(lang, "evidence")]["macro_f1"]
        rows.append(row)
    return rows


def topic_quality(frame: pd.DataFrame, seed: int) -> dict:
    from cjresearch.coding.evaluate import npmi_coherence, topic_diversity
    from cjresearch.coding.topics import TopicCoder
    from cjresearch.nlp import fold, stop_words
    import re
    coder = TopicCoder(seed=seed).fit(frame.assign(phase=frame["phase"]))
    themes = coder.themes_[coder.themes_["theme_id"] != -1]
    stop = stop_words("es") | stop_words("en")
    docs = [[w for w in re.findall(r"\w+", fold(t)) if w not in stop] for t in frame["text"]]
    topics = [[fold(w) for w in words for w in w.split()] for words in themes["words"]]
    return {"themes": int(len(themes)), "npmi": round(npmi_coherence(topics, docs, top_n=8), 3),
            "diversity": round(topic_diversity(topics, top_n=8), 3),
            "fallbacks": {str(k): str(v) for k, v in getattr(coder, "fallbacks_", {}).items()}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--detail", action="store_true", help="per-label tables")
    ap.add_argument("--no-topics", action="store_true")
    args = ap.parse_args(argv)
    gold = pd.read_csv(GOLD, keep_default_na=False)
    dev = gold[gold["split"] == "dev"].reset_index(drop=True)
    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    print(f"# Coding evaluation — {len(held)} held-out items ({(held.language == 'es').sum()} es, "
          f"{(held.language == 'en').sum()} en); training labels from {len(dev)} dev items")
    t0 = time.time()
    rules = RuleCoder().fit().predict_labels(held[["text", "language"]])
    r_rules = scores(held, rules)
    show("Rules only, zero-shot", r_rules, args.detail)
    semantic = SemanticCoder(seed=args.seed).fit()
    r_sem = scores(held, predict_semantic(semantic, held))
    show("Semantic coder (embedding ⊕ rule scores, exemplars only), zero-shot", r_sem, args.detail)
    curve = learning_curve(dev, held, (0, 25, 50, 100), args.seed)
    print("\n### Learning curve (training labels per phase from dev; scores on held-out)")
    cols = ["labels_per_phase", "train_items", "phase_kappa_es", "phase_kappa_en", "phase_kappa_all",
            "evidence_f1_es", "evidence_f1_en", "evidence_f1_all"]
    print(markdown(pd.DataFrame(curve)[cols]))
    topics = None
    if not args.no_topics:
        topics = topic_quality(gold[gold["phase"] != "none"].reset_index(drop=True), args.seed)
        print(f"\n### Topic step on all {len(gold)} labelled texts grouped by gold phase\n{topics}")
    print(f"\n(total {time.time() - t0:.0f} s)")
    summary = {"rules": {f"{l}_{d}": {k: v for k, v in x.items() if k != "report"} for (l, d), x in r_rules.items()},
               "semantic_zero_shot": {f"{l}_{d}": {k: v for k, v in x.items() if k != "report"} for (l, d), x in r_sem.items()},
               "learning_curve": curve, "topics": topics}
    (ROOT / "bench" / "results" / "eval_coding.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
