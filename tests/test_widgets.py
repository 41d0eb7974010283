"""The widgets' Python side on the demo project: every action reaches the project file as one
transaction, undo restores exactly, the map builder's edits survive a rebuild and reach the
export, and the Explorer's aggregates equal direct counts."""
from __future__ import annotations

import collections
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from cjresearch.errors import UserError

WIDGETS = Path(__file__).resolve().parents[1] / "cjresearch" / "widgets"


def test_assets_ship_with_the_package():
    from cjresearch.widgets.assets import module
    for name in ("tagger.js", "mapbuilder.js", "explorer.js", "common.js", "widgets.css"):
        text = (WIDGETS / name).read_text(encoding="utf-8")
        assert text.strip()
        if name.endswith(".js"):
            assert "http" not in text.replace("http://www.w3", "")
    for name in ("tagger.js", "mapbuilder.js", "explorer.js"):
        esm = module(name)  # what the browser loads: shared helpers, then the widget, one definition each
        assert esm.count("export default") == 1 and esm.count("function h(") == 1
        assert esm.index("function h(") < esm.index("function render(")


# -- project operations used by the widgets -----------------------------------------------------

def test_tag_span_is_one_transaction(demo_copy):
    p = demo_copy
    seg = p.segments(evidence_only=True).iloc[5]
    before = len(p.codings())
    with pytest.raises(UserError):  # the second code's span is outside the segment: nothing stored
        p.tag_span(int(seg.segment_id), [("evidence", "pain"), ("dimension-that-does-not-exist", "x")],
                   int(seg.start), int(seg.end))
    assert len(p.codings()) == before
    ids = p.tag_span(int(seg.segment_id), [("evidence", "pain"), "late slot"], int(seg.start) + 2, int(seg.start) + 9,
                     author="ana")
    rows = p.codings().set_index("coding_id").loc[ids]
    assert list(rows["code"]) == ["pain", "late slot"] and set(rows["start"]) == {seg.start + 2}
    assert set(rows["dimension"]) == {"evidence", "custom"} and set(rows["origin"]) == {"manual"}
    assert p.untag(ids) == 2 and len(p.codings()) == before


def test_untag_never_deletes_machine_suggestions(demo_copy):
    p = demo_copy
    machine = int(p.codings().query("origin != 'manual'")["coding_id"].iloc[0])
    p.untag([machine])
    assert machine in set(p.codings()["coding_id"])


def test_codebook_and_inline_code(demo_copy):
    p = demo_copy
    code_id = p.add_code("  slot anxiety ")
    assert p.add_code("slot anxiety") == code_id
    book = p.codebook()
    row = book.set_index(["dimension", "name"]).loc[("custom", "slot anxiety")]
    assert row["n"] == 0
    n_pain = p.con.execute("SELECT COUNT(*) FROM codings c JOIN codes k ON k.id=c.code_id WHERE k.dimension='evidence' "
                           "AND k.name='pain' AND c.status != 'rejected'").fetchone()[0]
    assert book.set_index(["dimension", "name"]).loc[("evidence", "pain"), "n"] == n_pain
    with pytest.raises(UserError):
        p.add_code("  ")


def test_merge_reorder_and_delete_items(demo_copy):
    p = demo_copy
    persona = "Familia organizada"
    p.map(persona)
    items = p.map_items(persona)
    pains = items.query("lane == 'pains' and phase == 'experience' and status == 'proposed'")
    a, b = (int(i) for i in pains["item_id"].iloc[:2])
    evidence = {r[0] for r in p.con.execute("SELECT coding_id FROM map_item_evidence WHERE item_id IN (?,?)", (a, b))}
    new = p.merge_items([a, b], statement="Deliveries late or incomplete")
    got = {r[0] for r in p.con.execute("SELECT coding_id FROM map_item_evidence WHERE item_id=?", (new,))}
    assert got == evidence and evidence
    journey = p.map(persona)  # a rebuild keeps the merge and does not bring the originals back
    by_id = {i.id: i for i in journey.items}
    assert by_id[a].status == by_id[b].status == "removed"
    assert by_id[new].statement == "Deliveries late or incomplete" and by_id[new].status == "accepted"
    assert by_id[new].n_participants >= max(len({q.participant for q in by_id[a].quotes}), 1)
    cell = [i.id for i in journey.items_in("pains", "experience")]
    p.reorder_items(list(reversed(cell)))
    assert [i.id for i in p.map(persona).items_in("pains", "experience")] == list(reversed(cell))
    with pytest.raises(UserError):
        p.merge_items([a])
    with pytest.raises(UserError):
        p.delete_item(a)  # a proposal is removed, not deleted
    own = p.add_item(persona, "company_response", "SMS when a slot is missed", phase="experience")
    p.delete_item(own)
    assert own not in set(p.map_items(persona)["item_id"])


def test_set_coding_status_undoes_a_decision(demo_copy):
    p = demo_copy
    cid = int(p.codings().query("origin == 'model'")["coding_id"].iloc[0])
    p.reject([cid])
    p.set_coding_status({cid: "suggested"})
    assert p.codings().set_index("coding_id").loc[cid, "status"] == "suggested"
    with pytest.raises(UserError):
        p.set_coding_status({cid: "maybe"})


# -- Tagger ------------------------------------------------------------------------------------

def test_tagger_tags_decides_and_undoes(demo_copy):
    from cjresearch.widgets import Tagger
    p = demo_copy
    t = Tagger(p, source="en_06_daniel.vtt", author="ana")
    assert {s["name"] for s in t.sources} >= {"en_06_daniel.vtt", "cesta_survey_2026.csv"}
    assert all(s["t0"] is not None for s in t.segments)  # VTT: every turn has a timestamp
    seg = next(s for s in t.segments if s["evidence"] and len(s["text"]) > 30)
    start, end = seg["start"] + 3, seg["start"] + 17
    # the browser sends exactly this message after a mouse selection and a code pick
    t._on_msg(t, {"op": "tag", "segment_id": seg["id"], "start": start, "end": end,
                  "codes": [["evidence", "doubt"], ["custom", "trust"]]}, [])
    con = sqlite3.connect(p.path)  # a second connection sees it: committed at once
    rows = con.execute("SELECT k.name, c.start, c.end, c.author FROM codings c JOIN codes k ON k.id=c.code_id "
                       "WHERE c.segment_id=? AND c.origin='manual' ORDER BY k.name", (seg["id"],)).fetchall()
    assert rows == [("doubt", start, end, "ana"), ("trust", start, end, "ana")]
    suggestion = next(c for c in t.codings if c["segment_id"] == seg["id"] and c["status"] == "suggested")
    t._on_msg(t, {"op": "accept", "ids": [suggestion["id"]]}, [])
    assert con.execute("SELECT status FROM codings WHERE id=?", (suggestion["id"],)).fetchone()[0] == "accepted"
    assert t.undo_depth == 2
    t._on_msg(t, {"op": "undo"}, [])
    assert con.execute("SELECT status FROM codings WHERE id=?", (suggestion["id"],)).fetchone()[0] == "suggested"
    t.undo()
    assert con.execute("SELECT COUNT(*) FROM codings WHERE segment_id=? AND origin='manual'", (seg["id"],)).fetchone()[0] == 0
    assert not t.undo() and t.status == "nothing to undo"
    t._on_msg(t, {"op": "tag", "segment_id": seg["id"], "start": seg["start"], "end": seg["end"] + 500,
                  "codes": [["evidence", "pain"]]}, [])
    assert t.status.startswith("error:") and "outside segment" in t.status
    con.close()


def test_tagger_creates_codes_and_opens_segments(demo_copy):
    from cjresearch.widgets import Tagger
    p = demo_copy
    t = Tagger(p)
    t._on_msg(t, {"op": "create_code", "name": "cold chain"}, [])
    assert {"dimension": "custom", "name": "cold chain", "label": "cold chain", "n": 0} in t.codebook
    survey_seg = int(p.segments().query("source_kind == 'survey'")["segment_id"].iloc[10])
    t.open_segment(survey_seg)
    assert t.focus == survey_seg and any(s["id"] == survey_seg and s["question"] for s in t.segments)
    with pytest.raises(UserError):
        t.show("no-such-file.txt")


# -- MapBuilder --------------------------------------------------------------------------------

def test_map_builder_actions_reach_store_and_export(demo_copy, tmp_path):
    from cjresearch.widgets import MapBuilder
    p = demo_copy
    mb = MapBuilder(p, persona="Familia organizada", out_dir=tmp_path)
    assert "html" in mb.formats and mb.preview_html.lstrip().lower().startswith("<!doctype html")
    proposed = [i for i in mb.items if i["status"] == "proposed" and i["n_participants"] >= 2]
    assert proposed and all(i["quotes"] for i in proposed)
    item = proposed[0]["id"]
    mb._on_msg(mb, {"op": "accept", "id": item}, [])
    mb._on_msg(mb, {"op": "edit", "id": item, "statement": "Weekly shop planned around <the slot>"}, [])
    assert "Weekly shop planned around &lt;the slot&gt;" in mb.preview_html  # live preview, escaped
    mb._on_msg(mb, {"op": "add", "lane": "company_response", "phase": "experience",
                    "statement": "Proactive SMS when a slot will be missed"}, [])
    mb._on_msg(mb, {"op": "add", "lane": "barrier", "statement": "Fear of substitutions"}, [])
    mb._on_msg(mb, {"op": "export", "format": "html"}, [])
    out = Path(mb.last_export)
    assert out == tmp_path / "map-familia-organizada.html"
    html = out.read_text(encoding="utf-8")
    for text in ("Weekly shop planned around &lt;the slot&gt;", "Proactive SMS when a slot will be missed",
                 "Fear of substitutions"):
        assert text in html
    items = p.map_items("Familia organizada").set_index("item_id")
    assert items.loc[item, "statement"] == "Weekly shop planned around <the slot>"
    assert items.loc[item, "status"] == "accepted"
    data = json.loads(mb.export("json").read_text(encoding="utf-8"))
    assert "Proactive SMS when a slot will be missed" in json.dumps(data, ensure_ascii=False)
    mb._on_msg(mb, {"op": "edit", "id": item, "statement": "  "}, [])
    assert mb.status.startswith("error:")
    assert p.map_items("Familia organizada").set_index("item_id").loc[item, "statement"] == \
        "Weekly shop planned around <the slot>"


def test_map_builder_merge_move_remove_restore(demo_copy, tmp_path):
    from cjresearch.widgets import MapBuilder
    p = demo_copy
    mb = MapBuilder(p, persona="Familia organizada", out_dir=tmp_path, preview=False)
    # the fullest cell of the map (lane x phase) with proposed items: which one it is depends on
    # what the coders found in the demo, the operations do not
    live = [i for i in mb.items if i["status"] != "removed" and i["phase"] and i["origin"] != "manual"]
    counts = collections.Counter((i["lane"], i["phase"]) for i in live)
    (lane, phase), n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    assert n >= 3
    cell = [i for i in mb.items if i["lane"] == lane and i["phase"] == phase and i["status"] != "removed"]
    mb._on_msg(mb, {"op": "move", "id": cell[-1]["id"], "delta": -1}, [])
    now = [i["id"] for i in mb.items if i["lane"] == lane and i["phase"] == phase and i["status"] != "removed"]
    assert now[-2] == cell[-1]["id"] and now[-1] == cell[-2]["id"]
    mb._on_msg(mb, {"op": "merge", "ids": [cell[0]["id"], cell[1]["id"]]}, [])
    merged = [i for i in mb.items if i["origin"] == "manual" and i["lane"] == lane]
    assert len(merged) == 1 and merged[0]["statement"] == cell[0]["statement"]
    assert merged[0]["n_segments"] >= max(cell[0]["n_segments"], cell[1]["n_segments"])
    mb._on_msg(mb, {"op": "remove", "id": cell[2]["id"]}, [])
    assert mb.item(cell[2]["id"])["status"] == "removed"
    mb._on_msg(mb, {"op": "restore", "id": cell[2]["id"]}, [])
    assert mb.item(cell[2]["id"])["status"] == "accepted"
    mb._on_msg(mb, {"op": "select", "persona": "Urban top-up shopper"}, [])
    assert mb.persona == "Urban top-up shopper" and all(i["id"] != merged[0]["id"] for i in mb.items)


# -- Explorer ----------------------------------------------------------------------------------

def test_explorer_aggregates_equal_direct_counts(demo_copy):
    from cjresearch.widgets import Explorer
    p = demo_copy
    ex = Explorer(p, charts=False)
    frame = ex.data.frame
    assert ex.data.n == int(p.con.execute(
        "SELECT COUNT(*) FROM segments WHERE is_evidence=1 AND participant_id IS NOT NULL").fetchone()[0])
    ex.set_filters(language=["es"], min_confidence=0.5)
    sub = frame[(frame["language"] == "es") & (frame["confidence"].fillna(1) >= 0.5)]
    heat = ex.aggregates["heat"].set_index(["phase", "evidence"])["n"]
    direct = sub.groupby(["phase", "evidence"]).size()
    assert heat.sort_index().to_dict() == direct.sort_index().to_dict()
    assert ex.panel.counts == {"n": len(sub), "total": ex.data.n}
    ex.set_filters(persona=["Familia organizada"])
    from cjresearch.mapping.persona import select_participants
    members = set(select_participants(p.con, p.persona("Familia organizada").rule))
    fam = frame[frame["participant_id"].isin(members)]
    emo = ex.aggregates["emotion"].set_index("phase")
    for phase, g in fam.dropna(subset=["valence"]).groupby("phase"):
        if phase != "none":
            assert emo.loc[phase, "n"] == len(g) and emo.loc[phase, "valence"] == pytest.approx(g["valence"].mean())
    quotes = ex.show_quotes({"phase": "experience", "evidence": "pain"})
    assert quotes and all(q["phase"] == "experience" and q["evidence"] == "pain" for q in quotes)
    assert {q["segment_id"] for q in quotes} <= set(fam["segment_id"])
    tagger = ex.open_quote(quotes[0]["segment_id"])
    assert tagger.focus == quotes[0]["segment_id"] and ex.tagger_box.children == (tagger,)


def test_explorer_data_masks_match_pandas():
    from cjresearch.widgets.data import ExplorerData, synthetic_frame
    frame = synthetic_frame(5000, seed=3)
    personas = {"odd": (frame["participant_id"] % 2 == 1).to_numpy()}
    data = ExplorerData(frame, personas)
    filters = {"persona": ["odd"], "phase": ["purchase", "experience"], "origin": ["model"], "min_confidence": 0.4}
    m = data.mask(filters)
    want = (frame["participant_id"] % 2 == 1) & frame["phase"].isin(["purchase", "experience"]) & \
        (frame["origin"] == "model") & (frame["confidence"] >= 0.4)
    assert np.array_equal(m, want.to_numpy())
    agg = data.aggregate(filters)
    themes = agg["themes"]
    sub = frame[want & (frame["theme"] != "—")]
    top = sub[sub["phase"] == "purchase"]["theme"].value_counts()
    assert themes.query("phase == 'purchase'")["n"].iloc[0] == top.iloc[0]
    assert data.mask({"language": ["xx"]}).sum() == 0


def test_swapping_rows_gives_the_spec_altair_would_build():
    """The Explorer's fast refresh (rows swapped into a spec built once) equals a full rebuild."""
    from cjresearch.widgets.data import ExplorerData, synthetic_frame
    from cjresearch.widgets.explorer import SpecTemplate, chart_frames, emotion_chart, heat_chart, themes_chart
    frame = synthetic_frame(5_000, seed=3)
    pid = frame["participant_id"].to_numpy()
    data = ExplorerData(frame, {"families": pid % 3 == 0})
    builders = {"heat": heat_chart, "emotion": emotion_chart, "themes": themes_chart}
    first = data.aggregate({})
    templates = {k: SpecTemplate(b(first[k])) for k, b in builders.items()}
    for filters in ({"language": ["es"]}, {"persona": ["families"], "min_confidence": 0.6}):
        agg = data.aggregate(filters)
        frames = chart_frames(agg)
        for k, build in builders.items():
            fast = templates[k].with_rows(frames[k])
            full = build(agg[k]).to_dict()
            (rows,) = fast["datasets"].values()
            (want,) = full["datasets"].values()
            rounded = [{c: round(v, 6) if isinstance(v, float) else v for c, v in r.items()} for r in want]
            assert rows == rounded, k
            # the same spec up to the names Altair generates per build (dataset hash, view ids)
            import re

            def norm(spec):
                text = json.dumps({key: v for key, v in spec.items() if key != "datasets"}, sort_keys=True)
                return re.sub(r"view_[0-9a-f]+_", "view_", re.sub(r"data-[0-9a-f]+", "D", text))
            assert norm(fast) == norm(full), k


def test_quotes_of_a_click_are_the_most_confident_in_order():
    """rows() picks the top rows by partition: the same rows, in the same order, as sorting the
    filtered frame by confidence (missing last) then segment id — ties and gaps included."""
    import numpy as np

    from cjresearch.widgets.data import ExplorerData, synthetic_frame
    f = synthetic_frame(20000, seed=3)
    f.loc[f.sample(300, random_state=1).index, "confidence"] = np.nan
    f["confidence"] = f["confidence"].round(2)  # many ties at the cut
    data = ExplorerData(f, {"half": f.participant_id.to_numpy() % 2 == 0})
    for filters, focus in (({}, {}), ({"language": ["es"]}, {"phase": "experience"}),
                           ({"persona": ["half"]}, {"evidence": "pain"})):
        m = data.mask(filters)
        for col, value in focus.items():
            m &= data.codes[col] == data.categories[col].index(value)
        for limit in (20, 50, len(f)):
            expected = data.frame[m].sort_values(["confidence", "segment_id"], ascending=[False, True]).head(limit)
            got = data.rows(filters, focus, limit)
            assert got.index.tolist() == expected.index.tolist()
    assert data.rows({}, {}, len(f))["confidence"].isna().sum() == 300
