"""The codebook coder learns a researcher's own codes from a handful of examples, in both
languages, and listens to rejections."""
from __future__ import annotations

import re

import pytest

from conftest import CORPORA

PRICE = re.compile(r"precio|caro|price|expensive|cheap|barat|coste|cost", re.I)
DELIVERY = re.compile(r"entreg|repartid|reparto|delivery|driver|courier|franja|slot", re.I)


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    from cjresearch import Project
    p = Project.create(tmp_path_factory.mktemp("cb") / "survey.cjproj")
    p.import_files([CORPORA / "survey" / "cesta_survey_2026.csv"])
    segs = p.segments(evidence_only=True)
    price = segs["text"].str.contains(PRICE)
    delivery = segs["text"].str.contains(DELIVERY) & ~price
    # four examples per code and language: what a researcher tags in the first ten minutes
    for lang in ("es", "en"):
        for sid in segs[price & (segs["language"] == lang)]["segment_id"].head(4):
            p.tag(int(sid), "precio", author="ana")
        for sid in segs[delivery & (segs["language"] == lang)]["segment_id"].head(4):
            p.tag(int(sid), "entrega", author="ana")
    yield p, segs, set(segs.loc[price, "segment_id"]), set(segs.loc[delivery, "segment_id"])
    p.close()


def _suggested(p, code):
    c = p.codings()
    return c[(c["coder"] == "codebook") & (c["status"] == "suggested") & (c["code"] == code)]


def test_learns_custom_codes_from_eight_examples(survey):
    p, segs, price, delivery = survey
    summary = p.code(["codebook"])
    assert summary["model"]["codings"] > 0
    for code, truth in (("precio", price), ("entrega", delivery)):
        got = _suggested(p, code)
        hits = got["segment_id"].isin(truth)
        assert len(got) >= 10, code
        assert hits.mean() >= 0.6, (code, hits.mean())
        # both languages carry over from examples in both
        assert set(got.loc[hits, "language"]) == {"es", "en"}
        # never re-suggested where the person already tagged it
        manual = p.codings().query("origin == 'manual' and code == @code")["segment_id"]
        assert not set(got["segment_id"]) & set(manual)
        assert got["confidence"].between(0.5, 1.0).all()
        assert (got["note"].str.contains("learnt from 8 examples")).all()


def test_rejections_change_the_next_suggestions(survey):
    p, segs, price, _ = survey
    p.code(["codebook"])
    before = _suggested(p, "precio")
    wrong = before[~before["segment_id"].isin(price)]
    if wrong.empty:  # every suggestion right: reject the least confident instead
        wrong = before.nsmallest(3, "confidence")
    p.reject(wrong["coding_id"])
    p.code(["codebook"])
    after = _suggested(p, "precio")
    assert not set(after["segment_id"]) & set(wrong["segment_id"])
    assert after["segment_id"].isin(price).mean() >= before["segment_id"].isin(price).mean()
    # the rejected ones stay rejected, nothing else of the person's was touched
    c = p.codings()
    assert set(c.loc[c["status"] == "rejected", "coding_id"]) == set(wrong["coding_id"])
    assert (c["origin"] == "manual").sum() == 16


def test_codes_with_too_few_examples_are_not_learnt():
    import pandas as pd
    from cjresearch.coding.codebook import CodebookCoder
    segs = pd.DataFrame({"text": ["muy caro", "too expensive", "llegó tarde", "late again", "fine"],
                         "language": ["es", "en", "es", "en", "en"]})
    labels = pd.DataFrame({"row": [0, 1, 2], "dimension": "custom", "code": ["price", "price", "late"],
                           "positive": True})
    coder = CodebookCoder(min_positive=2).fit(segs, labels)
    assert ("custom", "price") in coder.models_
    assert coder.skipped_ == {("custom", "late"): "1 examples (needs 2)"}
    assert list(coder.predict_proba(segs).columns) == ["custom:price"]
