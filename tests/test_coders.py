"""One contract for every coder (scikit-learn style), checked the same way for each."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cjresearch.coding import CODING_COLUMNS, NotFittedError, make_coder

SEGMENTS = pd.DataFrame({
    "text": ["Me enteré por un anuncio en Instagram y me picó la curiosidad.",
             "Comparé precios con otras tres tiendas antes de decidirme.",
             "¿El envío gratis incluye los festivos? No lo dejaban claro.",
             "Pagué con tarjeta y me cobraron dos veces el pedido.",
             "The courier was two hours late and the eggs were smashed.",
             "Support sorted my refund in five minutes, brilliant.",
             "I cancelled my subscription and moved to a cheaper competitor.",
             "I've recommended them to half my office, honestly."],
    "language": ["es", "es", "es", "es", "en", "en", "en", "en"],
})


@pytest.fixture(scope="module", params=["rules", "semantic"])
def fitted(request):
    return request.param, make_coder(request.param).fit(SEGMENTS)


def test_predict_returns_codings_with_provenance(fitted):
    name, coder = fitted
    out = coder.predict(SEGMENTS)
    assert list(out.columns) == CODING_COLUMNS
    assert set(out["row"]) == set(range(len(SEGMENTS)))
    assert out["confidence"].between(0, 1).all()
    assert (out["origin"] == coder.origin).all()
    lengths = SEGMENTS["text"].str.len().to_numpy()
    assert ((out["start"] >= 0) & (out["end"] <= lengths[out["row"]]) & (out["end"] > out["start"])).all()
    for dim in ("phase", "evidence"):
        assert out[out.dimension == dim].groupby("row").size().eq(1).all()


def test_same_input_same_output(fitted):
    name, coder = fitted
    again = make_coder(name).fit(SEGMENTS).predict(SEGMENTS)
    pd.testing.assert_frame_equal(coder.predict(SEGMENTS), again)


def test_params_are_stored_not_used(fitted):
    name, coder = fitted
    params = coder.get_params()
    assert params and json.dumps(params, default=str)
    assert type(coder)(**params).get_params() == params


@pytest.mark.parametrize("name", ["rules", "semantic"])
def test_unfitted_use_is_a_clear_error(name):
    with pytest.raises(NotFittedError, match="fit"):
        make_coder(name).predict(SEGMENTS)


def test_rule_cues_point_at_the_words():
    out = make_coder("rules").fit().predict(SEGMENTS)
    touch = out[out.dimension == "touchpoint"]
    assert {"social", "delivery"} <= set(touch.code)
    for r in touch.itertuples():
        cues = json.loads(r.note)["cues"]
        assert cues
        for start, end, pattern in cues:
            assert SEGMENTS.text[r.row][start:end].strip()


def test_semantic_coder_learns_from_labels():
    """A label set the exemplars would not produce is learnt: the probability of the taught
    label rises on a new, similar sentence."""
    taught = pd.DataFrame({
        "text": ["The loyalty card gave me a free coffee.", "Collected 500 points this month.",
                 "Me regalaron un descuento por fidelidad.", "My points expired before I used them.",
                 "Canjeé los puntos por un vale.", "Points doubled on Tuesdays."],
        "language": ["en", "en", "es", "en", "es", "en"]})
    labels = pd.DataFrame({"phase": ["purchase"] * 6, "evidence": ["other"] * 6})
    probe = pd.DataFrame({"text": ["I redeemed my points for a voucher."], "language": ["en"]})
    before = make_coder("semantic").fit().predict_proba(probe)["phase"]["purchase"].iloc[0]
    after = make_coder("semantic").fit(taught, labels).predict_proba(probe)["phase"]["purchase"].iloc[0]
    assert after > before + 0.05


def test_rule_output_does_not_depend_on_the_string_hash_seed(tmp_path):
    """Two patterns of one label can match the same span ("los conocí" / "la conocí"); which one
    counts used to follow the per-process string hash, so the same text scored differently from
    one run to the next. Two interpreters with different PYTHONHASHSEED must agree exactly."""
    import os
    import subprocess
    import sys
    gold = pd.read_csv(Path(__file__).resolve().parents[1] / "corpora" / "eval" / "coding_gold.csv",
                       keep_default_na=False)
    sample = gold.groupby("language").head(120)[["text", "language"]]
    sample.to_csv(tmp_path / "in.csv", index=False)
    script = (
        "import json, sys, pandas as pd\n"
        "from cjresearch.coding.rules import RuleCoder\n"
        "from cjresearch.coding.features import rule_features\n"
        "f = pd.read_csv(sys.argv[1], keep_default_na=False)\n"
        "an = RuleCoder().fit().analyse_docs(f.text.tolist(), f.language.tolist())\n"
        "print(json.dumps({'x': rule_features(an).round(6).tolist(), 'cues': [a.cues for a in an]}))\n")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "in.csv")], env=env,
                              capture_output=True, text=True, check=True)
        outs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert sum(len(c) for c in outs[0]["cues"]) > 200  # the sample really exercises the lexicons
    assert outs[0] == outs[1]


def test_labels_for_one_dimension_leave_the_other_zero_shot():
    """--train with only a phase column: phase learns from it, evidence stays the zero-shot
    model exactly (not a refit of the same data that could drift)."""
    from cjresearch.coding.semantic import SemanticCoder
    gold = pd.read_csv(Path(__file__).resolve().parents[1] / "corpora" / "eval" / "coding_gold.csv",
                       keep_default_na=False)
    dev = gold[gold["split"] == "dev"].head(40).reset_index(drop=True)
    probe = gold[gold["split"] == "heldout"].head(12)[["text", "language"]].reset_index(drop=True)
    zero = SemanticCoder(seed=7).fit()
    taught = SemanticCoder(seed=7).fit(dev[["text", "language"]], dev[["phase"]])
    assert taught.n_labels_ == {"phase": 40}
    assert np.array_equal(taught.predict_proba(probe)["evidence"].to_numpy(),
                          zero.predict_proba(probe)["evidence"].to_numpy())
    assert not np.array_equal(taught.predict_proba(probe)["phase"].to_numpy(),
                              zero.predict_proba(probe)["phase"].to_numpy())
