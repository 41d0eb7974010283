"""The shipped training corpus and what the semantic coder does with it."""
from __future__ import annotations

import collections
import csv
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from cjresearch.coding.blend import BlendModel
from cjresearch.coding.semantic import SemanticCoder, load_training

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("train_build", ROOT / "corpora" / "train" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_corpus_is_exactly_what_the_sources_build():
    """training.csv is generated: it must match corpora/train/src item for item, every label must
    pass the evaluation set's checks, and no text may repeat or nearly repeat an evaluation item."""
    build = _build_module()
    rows = build.load_batches()
    assert build.validate(rows) == []
    shipped = load_training()
    assert len(shipped) == len(rows) >= 8000
    assert shipped["text"].tolist() == [r["text"] for r in rows]
    assert shipped["phase"].tolist() == [r["phase"] for r in rows]
    assert shipped["evidence"].tolist() == [r["evidence"] for r in rows]
    assert shipped["valence"].astype(int).tolist() == [r["valence"] for r in rows]


def test_corpus_is_bilingual_balanced_and_about_other_domains():
    build = _build_module()
    shipped = pd.read_csv(build.OUT, keep_default_na=False, dtype=str)
    langs = collections.Counter(shipped["language"])
    assert langs["es"] == langs["en"]
    with (ROOT / "corpora" / "eval" / "coding_gold.csv").open(encoding="utf-8", newline="") as fh:
        eval_domains = {r["domain"] for r in csv.DictReader(fh)}
    assert not set(shipped["domain"]) & eval_domains
    assert shipped["domain"].nunique() >= 60
    for dim, labels in (("phase", build.ev.PHASES), ("evidence", build.ev.EVIDENCE)):
        counts = shipped.groupby("language")[dim].value_counts().unstack()
        assert set(counts.columns) == set(labels)
        assert (counts.min(axis=1) >= 200).all(), counts  # every label well represented per language


def test_near_copies_of_evaluation_items_are_refused():
    build = _build_module()
    with (ROOT / "corpora" / "eval" / "coding_gold.csv").open(encoding="utf-8", newline="") as fh:
        item = next(r for r in csv.DictReader(fh) if len(r["text"]) > 60)
    near = item["text"].upper().replace(".", "!")  # case and punctuation do not hide a copy
    row = {"language": item["language"], "domain": "some_new_domain", "source_type": item["source_type"],
           "text": near, "phase": item["phase"], "evidence": item["evidence"],
           "valence": int(item["valence"]), "touchpoint": item["touchpoint"], "_where": "probe.py[0]"}
    errors = build.validate([row])
    assert len(errors) == 1 and "too close to evaluation item" in errors[0] and item["id"] in errors[0]
    row = dict(row, domain="hotel", text="Una frase nueva que no se parece a ninguna otra del conjunto.")
    assert any("evaluation domain" in e for e in build.validate([row]))


# Pairs that differ mostly in polarity: the sentence embedding places them close together, the
# lexical model of the blend must tell them apart (written for this test, not from any corpus).
POLARITY = [
    ("El técnico que vino a instalarlo fue amabilísimo y lo dejó todo limpio.", "es", "delight"),
    ("El técnico que vino a instalarlo fue un borde y lo dejó todo hecho un asco.", "es", "pain"),
    ("La recepcionista del taller nos trató de maravilla, un encanto.", "es", "delight"),
    ("La recepcionista del taller nos trató fatal, ni nos miraba.", "es", "pain"),
    ("The driver who dropped it off was lovely and even carried it upstairs.", "en", "delight"),
    ("The driver who dropped it off was rude and just dumped it at the gate.", "en", "pain"),
    ("Staff at the counter were brilliant, sorted everything in minutes.", "en", "delight"),
    ("Staff at the counter were useless, forty minutes and nothing sorted.", "en", "pain"),
]


def test_zero_shot_evidence_separates_praise_from_complaint():
    """In every pair the complaint gets more pain and less delight than the praise. The label
    itself is right for at least 6 of 8: measured 8/8 in English; two Spanish complaints
    ("fue un borde…", "nos trató fatal…") still come out delight/other, a known weak spot."""
    coder = SemanticCoder(seed=7).fit()
    frame = pd.DataFrame(POLARITY, columns=["text", "language", "evidence"])
    probs = coder.predict_proba(frame[["text", "language"]])["evidence"]
    praise, complaint = probs.iloc[0::2].reset_index(drop=True), probs.iloc[1::2].reset_index(drop=True)
    assert (complaint["pain"] > praise["pain"] + 0.2).all()
    assert (complaint["delight"] < praise["delight"]).all()
    predicted = probs.columns[probs.to_numpy().argmax(axis=1)]
    right = predicted == frame["evidence"].to_numpy()
    assert right.sum() >= 6 and right[frame["language"].to_numpy() == "en"].all()


def test_zero_shot_fit_is_kept_and_reused(monkeypatch, tmp_path):
    """The zero-shot fit depends only on parameters and shipped data: the second fit loads it
    (no map or model is fitted again) and predicts the same; other parameters fit afresh."""
    import shutil
    from cjresearch.coding import semantic
    from cjresearch.nlp import cache_dir
    SemanticCoder(seed=11, blend={"linear": 1.0, "kernel": 0.0, "lexical": 0.0})._prior_features(
        semantic.load_prior()[0])  # features of the shipped texts: computed once, copied in
    for kept in cache_dir().glob("prior-*.npy"):
        shutil.copy(kept, tmp_path / kept.name)
    monkeypatch.setenv("CJ_CACHE_DIR", str(tmp_path))
    # linear only keeps the test quick; reuse of prior features from the shared cache is not needed
    params = dict(seed=11, blend={"linear": 1.0, "kernel": 0.0, "lexical": 0.0})
    probe = pd.DataFrame({"text": ["No sé si renovar el año que viene, la subida fue fuerte."],
                          "language": ["es"]})
    first = SemanticCoder(**params).fit()
    saved = list(tmp_path.glob("zero-shot-*.pkl"))
    assert len(saved) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("fitted again instead of loading the kept zero-shot fit")
    monkeypatch.setattr(semantic, "load_prior", refuse)
    second = SemanticCoder(**params).fit()
    for dim in ("phase", "evidence"):
        assert np.array_equal(first.predict_proba(probe)[dim].to_numpy(), second.predict_proba(probe)[dim].to_numpy())
    monkeypatch.undo()
    monkeypatch.setenv("CJ_CACHE_DIR", str(tmp_path))
    SemanticCoder(**dict(params, seed=12)).fit()
    assert len(list(tmp_path.glob("zero-shot-*.pkl"))) == 2
    saved[0].write_bytes(b"not a pickle")  # a damaged file is ignored and rewritten
    SemanticCoder(**params).fit()
    assert saved[0].stat().st_size > 100


class _Fixed:
    def __init__(self, classes, p):
        self.classes_, self.p = np.array(classes), np.array(p, dtype=float)

    def predict_proba(self, x):
        return np.repeat(self.p[None, :], len(x), axis=0)


def test_blend_temperature_sharpens_without_changing_the_choice():
    parts = [("x", _Fixed(["doubt", "pain"], [0.3, 0.7])), ("v", _Fixed(["doubt", "other", "pain"], [0.5, 0.2, 0.3]))]
    inputs = {"x": np.zeros((2, 3)), "v": np.zeros((2, 5))}
    plain = BlendModel(parts, [0.5, 0.5]).predict_proba(inputs)
    sharp = BlendModel(parts, [0.5, 0.5], temperature=0.6).predict_proba(inputs)
    assert list(BlendModel(parts, [1, 1]).classes_) == ["doubt", "other", "pain"]
    assert np.allclose(plain[0], [0.4, 0.1, 0.5])
    assert np.allclose(sharp.sum(axis=1), 1.0)
    assert sharp[0].argmax() == plain[0].argmax() and sharp[0].max() > plain[0].max()


def test_a_new_model_version_does_not_load_an_old_fit(monkeypatch):
    """The kept fit holds fitted objects: when the code that fits them changes (MODEL_VERSION),
    the old file must not be reused, whatever the parameters and data."""
    from cjresearch.coding import semantic
    before = SemanticCoder(seed=7)._zero_shot_path()
    monkeypatch.setattr(semantic, "MODEL_VERSION", semantic.MODEL_VERSION + 1)
    assert SemanticCoder(seed=7)._zero_shot_path() != before
