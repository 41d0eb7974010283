"""Themes are the researcher's to shape: rename, merge, promote to a code, and find per persona."""
from __future__ import annotations

import pytest

from cjresearch.errors import UserError


def test_themes_list_counts_that_match_the_codings(demo_copy):
    p = demo_copy
    themes = p.themes()
    assert len(themes) >= 5 and set(themes["phase"]) <= {"awareness", "consideration", "purchase", "experience", "loyalty"}
    c = p.codings()
    c = c[(c["dimension"] == "theme") & (c["status"] != "rejected")]
    for t in themes.head(5).itertuples():
        assert t.segments == c.loc[c["code"] == t.code, "segment_id"].nunique()


def test_renamed_theme_becomes_the_map_statement(demo_copy):
    p = demo_copy
    persona = p.personas()[0].name
    before = p.map(persona)
    theme_items = [i for i in before.items if "|theme:" in (i.key or "")]
    assert theme_items, "the demo map groups some evidence by discovered theme"
    themes = p.themes()
    for i, t in enumerate(themes.itertuples()):
        p.rename_theme(t.code, f"Tema renombrado {i}")
    after = p.map(persona)
    renamed = [i.statement for i in after.items if i.statement.startswith("Tema renombrado")]
    assert len(renamed) >= len(theme_items) // 2, "items grouped by a theme show its (new) name"
    assert set(p.themes()["label"]) == {f"Tema renombrado {i}" for i in range(len(themes))}
    with pytest.raises(UserError, match="no theme"):
        p.rename_theme("nope", "x")


def test_merge_moves_codings_and_drops_the_merged_codes(demo_copy):
    p = demo_copy
    themes = p.themes()
    phase = themes["phase"].value_counts().index[0]
    a, b = themes[themes["phase"] == phase].head(2)["code"]
    union = set(p.codings().query("code in [@a, @b] and status != 'rejected'")["segment_id"])
    p.merge_themes([a, b], into=a, label="Entrega y horarios")
    after = p.themes()
    assert b not in set(after["code"])
    merged = after[after["code"] == a].iloc[0]
    assert merged["label"] == "Entrega y horarios" and merged["segments"] == len(union)
    assert p.doctor() == []


def test_a_theme_becomes_a_codebook_code_to_review(demo_copy):
    p = demo_copy
    t = p.themes().iloc[0]
    n = p.theme_to_code(t["code"], "Mi código")
    c = p.codings()
    mine = c[(c["dimension"] == "custom") & (c["code"] == "Mi código")]
    assert n == len(mine) == t["segments"] and (mine["status"] == "suggested").all()
    assert p.theme_to_code(t["code"], "Mi código") == 0  # not twice


def test_themes_per_persona_on_demand(demo):
    from cjresearch.mapping.persona import select_participants
    persona = demo.personas()[0]
    found = demo.discover_themes(persona.name)
    assert len(found) >= 2 and found["size"].min() >= 1
    members = set(select_participants(demo.con, persona.rule))
    segs = demo.segments(evidence_only=True)
    persona_texts = set(segs.loc[segs["participant_id"].isin(members), "text"])
    quotes = [q for qs in found["quotes"] for q in qs]
    assert quotes and all(q in persona_texts for q in quotes)
    # reproducible: same seed, same themes
    again = demo.discover_themes(persona.name)
    assert list(again["label"]) == list(found["label"])
