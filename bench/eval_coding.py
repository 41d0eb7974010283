"""Coding accuracy on our labelled set (corpora/eval/coding_gold.csv), held-out part.

Prints per-label precision/recall/F1, macro-F1 and Cohen's kappa for phase and evidence, per
language: the rule coder alone and the semantic coder zero-shot; a learning curve with 0, 25, 50
and 100 training labels per phase drawn from the dev part; and theme coherence (NPMI) and
diversity of the topic step. Run: `.venv/bin/python bench/eval_coding.py` (about 2 minutes);
`--dev` scores the dev split only (zero-shot and 2-fold), where settings are chosen.
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


def calibration(coder, held) -> dict:
    """Expected calibration error of the top-1 confidence on held-out items, per dimension."""
    from cjresearch.coding.evaluate import expected_calibration_error
    out = {}
    for dim, p in coder.predict_proba(held).items():
        top = p.to_numpy().argmax(axis=1)
        correct = p.columns.to_numpy()[top] == held[dim].to_numpy()
        out[dim] = {"ece": round(expected_calibration_error(correct, p.to_numpy().max(axis=1)), 3),
                    "accuracy": round(float(correct.mean()), 3),
                    "mean_confidence": round(float(p.to_numpy().max(axis=1).mean()), 3)}
    return out


def codebook_curve(dev, held, sizes, seed) -> tuple[list[dict], pd.DataFrame | None]:
    """A researcher's own codebook, simulated with the touchpoint labels: n examples per code
    from dev (the rest of dev is the unlabelled pool), predictions on held-out, "none" where no
    code reaches the suggestion threshold. n = 0 is the rule lexicon, zero-shot."""
    from cjresearch.coding.codebook import CodebookCoder
    gold = held["touchpoint"].replace("", "none").to_numpy()
    rng = np.random.default_rng(seed)
    codes = sorted(c for c in dev["touchpoint"].unique() if c)
    order = {c: rng.permutation(np.flatnonzero(dev["touchpoint"].to_numpy() == c)) for c in codes}
    rows, last = [], None
    for n in sizes:
        if n == 0:
            pred = RuleCoder().fit().predict_labels(held[["text", "language"]])["touchpoint"].replace("", "none").to_numpy()
        else:
            idx = np.concatenate([order[c][:n] for c in codes])
            labels = pd.DataFrame({"row": idx, "dimension": "custom", "code": dev["touchpoint"].to_numpy()[idx],
                                   "positive": True})
            coder = CodebookCoder(seed=seed).fit(dev[["text", "language"]], labels)
            probs = coder.predict_proba(held)
            best = probs.to_numpy().argmax(axis=1)
            names = np.array([c.split(":", 1)[1] for c in probs.columns])
            pred = np.where(probs.to_numpy().max(axis=1) >= coder.suggest_at, names[best], "none")
        rep = classification_report(gold, pred)
        rows.append({"examples_per_code": n, "kappa": round(cohen_kappa(gold, pred), 3),
                     "macro_f1": round(float(rep.loc["macro", "f1"]), 3)})
        last = rep
    return rows, last


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


def dev_only(dev: pd.DataFrame, seed: int, detail: bool) -> None:
    """Where the coder's settings are chosen, without touching held-out: zero-shot on all of dev,
    then 2-fold on dev (train on one half's labels, score the other, average)."""
    show("Dev split, zero-shot", scores(dev, predict_semantic(SemanticCoder(seed=seed).fit(), dev)), detail)
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(dev), int)
    for ph in sorted(dev["phase"].unique()):
        idx = rng.permutation(np.flatnonzero(dev["phase"].to_numpy() == ph))
        fold[idx[len(idx) // 2:]] = 1
    runs = []
    for k in (0, 1):
        train, test = dev[fold == k].reset_index(drop=True), dev[fold != k].reset_index(drop=True)
        coder = SemanticCoder(seed=seed).fit(train[["text", "language"]], train[list(DIMS)])
        runs.append(scores(test, predict_semantic(coder, test)))
    print(f"\n### Dev split, 2-fold with ~{len(dev) // 2} labels (mean of the two folds)")
    print("| language | phase κ | evidence macro-F1 |")
    print("|---|---|---|")
    for lang in ("es", "en", "all"):
        k = np.mean([r[(lang, "phase")]["kappa"] for r in runs])
        f = np.mean([r[(lang, "evidence")]["macro_f1"] for r in runs])
        print(f"| {lang} | {k:.3f} | {f:.3f} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--detail", action="store_true", help="per-label tables")
    ap.add_argument("--no-topics", action="store_true")
    ap.add_argument("--dev", action="store_true",
                    help="score on the dev split only (where settings are tuned); held-out untouched")
    args = ap.parse_args(argv)
    gold = pd.read_csv(GOLD, keep_default_na=False)
    dev = gold[gold["split"] == "dev"].reset_index(drop=True)
    if args.dev:
        print(f"# Coding evaluation on the dev split — {len(dev)} items")
        dev_only(dev, args.seed, args.detail)
        return 0
    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    print(f"# Coding evaluation — {len(held)} held-out items ({(held.language == 'es').sum()} es, "
          f"{(held.language == 'en').sum()} en); training labels from {len(dev)} dev items")
    t0 = time.time()
    rules = RuleCoder().fit().predict_labels(held[["text", "language"]])
    r_rules = scores(held, rules)
    show("Rules only, zero-shot", r_rules, args.detail)
    semantic = SemanticCoder(seed=args.seed).fit()
    r_sem = scores(held, predict_semantic(semantic, held))
    show("Semantic coder (blend; shipped exemplars + training corpus only), zero-shot", r_sem, args.detail)
    curve = learning_curve(dev, held, (0, 25, 50, 100), args.seed)
    print("\n### Learning curve (training labels per phase from dev; scores on held-out)")
    cols = ["labels_per_phase", "train_items", "phase_kappa_es", "phase_kappa_en", "phase_kappa_all",
            "evidence_f1_es", "evidence_f1_en", "evidence_f1_all"]
    print(markdown(pd.DataFrame(curve)[cols]))
    cal = {"zero_shot": calibration(semantic, held)}
    coder100 = SemanticCoder(seed=args.seed)
    rng = np.random.default_rng(args.seed)
    idx = np.concatenate([rng.permutation(np.flatnonzero(dev["phase"].to_numpy() == ph))[:100]
                          for ph in sorted(dev["phase"].unique())])
    coder100.fit(dev.iloc[np.sort(idx)][["text", "language"]], dev.iloc[np.sort(idx)][list(DIMS)])
    cal["labels_100"] = calibration(coder100, held)
    print("\n### Calibration of the semantic coder's confidence (held-out; ECE 0 = perfect)")
    for k, v in cal.items():
        print(f"- {k}: " + "; ".join(f"{d} ECE {x['ece']} (accuracy {x['accuracy']}, mean confidence {x['mean_confidence']})"
                                     for d, x in v.items()))
    cb_rows, cb_report = codebook_curve(dev, held, (0, 5, 10, 20), args.seed)
    print("\n### Learning a codebook from examples (touchpoint codes as the researcher's own; "
          "0 = rule lexicon)")
    print(markdown(pd.DataFrame(cb_rows)))
    if args.detail and cb_report is not None:
        print("\nper code at 20 examples each:")
        print(cb_report[["precision", "recall", "f1", "support"]].round(3).to_string())
    topics = None
    if not args.no_topics:
        topics = topic_quality(gold[gold["phase"] != "none"].reset_index(drop=True), args.seed)
        print(f"\n### Topic step on all {len(gold)} labelled texts grouped by gold phase\n{topics}")
    print(f"\n(total {time.time() - t0:.0f} s)")
    summary = {"rules": {f"{l}_{d}": {k: v for k, v in x.items() if k != "report"} for (l, d), x in r_rules.items()},
               "semantic_zero_shot": {f"{l}_{d}": {k: v for k, v in x.items() if k != "report"} for (l, d), x in r_sem.items()},
               "learning_curve": curve, "calibration": cal, "codebook_curve": cb_rows, "topics": topics}
    (ROOT / "bench" / "results" / "eval_coding.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
