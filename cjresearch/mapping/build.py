"""Build a persona's journey map: propose items from the effective codings, persist them
without touching what the researcher accepted, edited or removed, and read the map back with
quotes and counts computed from the stored evidence links."""
from __future__ import annotations

import json

import pandas as pd

from ..frameworks import lanes as lane_defs, text_in
from ..model import JourneyMap, Lane, MapItem, Persona, PhaseColumn, Quote
from ..tables import attach_text, now
from .evidence import assign_phases, display_labels, effective_labels, general_label, group_of
from .persona import select_participants

LANE_FOR_EVIDENCE = {"motivation": "motivations", "doubt": "doubts", "pain": "pains",
                     "other": "does", "delight": "thinks"}
MAX_ITEMS = 6  # per lane and phase; more would stop the map from being readable
MIN_PARTICIPANTS = 2  # one person's remark is a quote, not yet a finding the map should claim
PRE_PURCHASE = {"awareness", "consideration", "purchase"}


def _template(name: str, lang: str) -> str:
    return text_in(display_labels()["templates"][name], lang)


def labelled_segments(con, persona: Persona, framework: dict, min_confidence: float) -> pd.DataFrame:
    ids = select_participants(con, persona.rule)
    eff = effective_labels(con, ids, min_confidence)
    eff["fphase"] = assign_phases(eff, framework) if not eff.empty else None
    return eff


def _groups(frame: pd.DataFrame, lang: str, cid_column: str, lane: str | None = None,
            min_participants: int = MIN_PARTICIPANTS):
    """[(group_key, label, coding_ids, n_segments, n_participants)] ranked by support."""
    if frame.empty:
        return []
    keys = [group_of(r, lang, lane) for r in frame.to_dict("records")]
    frame = frame.assign(_g=[k for k, _ in keys], _label=[lab for _, lab in keys])
    out, rest = [], []

    def add(key, label, rows):
        cids = [int(c) for c in rows[cid_column].dropna()]
        if cids and rows["participant_id"].nunique() >= min_participants:
            out.append((key, label, cids, rows["segment_id"].nunique(), rows["participant_id"].nunique()))
            return True
        return False

    for key, rows in frame.groupby("_g", sort=False):
        if key == "general" or not add(key, rows["_label"].iloc[0], rows):
            rest.append(rows)
    # what no theme gathers from enough people (several people's doubts, each about something
    # else) is still a finding: pooled into the lane's catch-all group
    if rest:
        add("general", general_label(lang, lane), pd.concat(rest))
    # "general" is a catch-all: rank it after real themes of equal support
    return sorted(out, key=lambda g: (-g[4], -g[3], g[0] == "general", g[0]))


def propose(eff: pd.DataFrame, framework: dict, lang: str) -> list[dict]:
    proposals = []

    def add(lane, phase, group, statement, cids, position):
        proposals.append({"key": f"{lane}|{phase or '*'}|{group}", "lane": lane, "phase": phase,
                          "statement": statement, "cids": sorted(set(cids)), "position": position})

    emotions = {}
    for phase in framework["phases"]:
        pid = phase["id"]
        sub = eff[eff["fphase"] == pid] if not eff.empty else eff
        for evidence, lane in LANE_FOR_EVIDENCE.items():
            for pos, (g, label, cids, _, _) in enumerate(
                    _groups(sub[sub["evidence"] == evidence], lang, "evidence_cid", lane)[:MAX_ITEMS]):
                add(lane, pid, g, _template(lane, lang).format(label=label), cids, pos)
        tps = sub.dropna(subset=["touchpoint"]).explode("touchpoint") if "touchpoint" in sub else sub.iloc[0:0]
        if not tps.empty:
            tps = tps.assign(_tp=tps["touchpoint"].str[0], _cid=tps["touchpoint"].str[1])
            ranked = tps.groupby("_tp").agg(cids=("_cid", list), n=("participant_id", "nunique"),
                                            s=("segment_id", "nunique")).sort_values(["n", "s"], ascending=False)
            ranked = ranked[ranked["n"] >= MIN_PARTICIPANTS]
            for pos, (tp, row) in enumerate(ranked.head(MAX_ITEMS).iterrows()):
                label = text_in(display_labels()["touchpoint"].get(tp, tp), lang)
                add("touchpoints", pid, f"touchpoint:{tp}", label, row["cids"], pos)
        val = sub["valence"].dropna() if "valence" in sub else pd.Series(dtype=float)
        emotions[pid] = (float(val.mean()) if len(val) else None, int(len(val)))
        pains = _groups(sub[sub["evidence"] == "pain"], lang, "evidence_cid", "pains") if not sub.empty else []
        doubts = _groups(sub[sub["evidence"] == "doubt"], lang, "evidence_cid", "doubts") if not sub.empty else []
        pains = [g for g in pains if g[0] != "general"]
        doubts = [g for g in doubts if g[0] != "general"]
        for pos, (g, label, cids, _, n) in enumerate(pains[:2]):
            add("opportunities", pid, f"pain:{g}", _template("opportunity_pain", lang).format(
                label=label, participants=n), cids, pos)
        for pos, (g, label, cids, _, n) in enumerate(doubts[:1]):
            add("opportunities", pid, f"doubt:{g}", _template("opportunity_doubt", lang).format(
                label=label, participants=n), cids, 2 + pos)
    proposals += _key_moments(eff, emotions, lang)
    proposals += _map_wide(eff, framework, lang)
    return proposals


def _key_moments(eff, emotions, lang) -> list[dict]:
    scored = [(e, n, p) for p, (e, n) in emotions.items() if e is not None and n >= 3]
    out = []
    if not scored:
        return out
    low, high = min(scored), max(scored)
    for (emotion, n, pid), evidence, name, keep in ((low, "pain", "key_moment_low", low[0] < 0),
                                                   (high, "delight", "key_moment_high", high[0] > 0)):
        if not keep:
            continue
        groups = [g for g in _groups(eff[(eff["fphase"] == pid) & (eff["evidence"] == evidence)], lang,
                                      "evidence_cid") if g[0] != "general"]
        if groups:
            g, label, cids, _, _ = groups[0]
            out.append({"key": f"key_moments|{pid}|{name}", "lane": "key_moments", "phase": pid,
                        "statement": _template(name, lang).format(emotion=emotion, n=n, label=label),
                        "cids": sorted(set(cids)), "position": 0 if name.endswith("low") else 1})
    return out


def _map_wide(eff, framework, lang) -> list[dict]:
    if eff.empty:
        return []
    early = {p["id"] for p in framework["phases"] if set(p.get("classic") or []) & PRE_PURCHASE}
    pre = eff[eff["fphase"].isin(early)]
    out = []
    labels = display_labels()["evidence"]
    blockers = []
    for kind in ("doubt", "pain"):
        for g, label, cids, s, n in _groups(pre[pre["evidence"] == kind], lang, "evidence_cid"):
            if g != "general":
                blockers.append((n, s, kind, g, label, cids))
    if blockers:
        n, s, kind, g, label, cids = max(blockers, key=lambda b: (b[0], b[1]))
        out.append({"key": f"barrier|*|{kind}:{g}", "lane": "barrier", "phase": None, "position": 0,
                    "statement": _template("barrier", lang).format(
                        label=label, kind=text_in(labels[kind], lang).lower(), participants=n),
                    "cids": sorted(set(cids))})
    motives = [m for m in _groups(pre[pre["evidence"] == "motivation"], lang, "evidence_cid")
               if m[0] != "general"]
    if motives:
        g, label, cids, s, n = motives[0]
        out.append({"key": f"purchase_insight|*|{g}", "lane": "purchase_insight", "phase": None,
                    "position": 0, "statement": _template("purchase_insight", lang).format(
                        label=label, participants=n), "cids": sorted(set(cids))})
    return out


def save_proposals(con, map_id: int, proposals: list[dict]) -> None:
    """Insert new proposals; refresh evidence of existing ones; keep every researcher edit,
    acceptance and removal; drop stale proposals nobody touched."""
    existing = {r["key"]: r for r in con.execute(
        "SELECT id, key, status, edited FROM map_items WHERE map_id=? AND key IS NOT NULL", (map_id,))}
    stamp = now()
    for p in proposals:
        row = existing.pop(p["key"], None)
        if row is None:
            item_id = con.execute(
                """INSERT INTO map_items(map_id, lane, phase, statement, status, origin, key, position,
                                         updated_at) VALUES (?,?,?,?, 'proposed', 'auto', ?,?,?)""",
                (map_id, p["lane"], p["phase"], p["statement"], p["key"], p["position"], stamp)).lastrowid
        else:
            item_id = row["id"]
            if not row["edited"]:
                con.execute("UPDATE map_items SET statement=?, position=?, updated_at=? WHERE id=?",
                            (p["statement"], p["position"], stamp, item_id))
            con.execute("DELETE FROM map_item_evidence WHERE item_id=?", (item_id,))
        con.executemany("INSERT OR IGNORE INTO map_item_evidence(item_id, coding_id) VALUES (?,?)",
                        [(item_id, c) for c in p["cids"]])
    for row in existing.values():  # no longer proposed by the data
        if row["status"] == "proposed" and not row["edited"]:
            con.execute("DELETE FROM map_items WHERE id=?", (row["id"],))


def build_map(con, persona: Persona, framework: dict, lang: str,
              min_confidence: float = 0.0) -> tuple[int, pd.DataFrame]:
    """Persist proposals; returns the map id and the labelled segments read_map can reuse."""
    row = con.execute("SELECT id FROM maps WHERE persona_id=? AND framework=?",
                      (persona.id, framework["id"])).fetchone()
    if row:
        map_id = row["id"]
        con.execute("UPDATE maps SET language=?, updated_at=? WHERE id=?", (lang, now(), map_id))
    else:
        map_id = con.execute("INSERT INTO maps(persona_id, framework, language, created_at, updated_at) "
                             "VALUES (?,?,?,?,?)", (persona.id, framework["id"], lang, now(), now())).lastrowid
    eff = labelled_segments(con, persona, framework, min_confidence)
    save_proposals(con, map_id, propose(eff, framework, lang))
    return map_id, eff


QUOTES_SQL = """
SELECT e.item_id, c.id AS coding_id, c.segment_id, c.start, c.end, c.origin, c.confidence,
       src.name AS source, src.id AS source_id,
       p.key AS participant, s.participant_id, s.speaker, s.t0, s.language
FROM map_item_evidence e JOIN map_items i ON i.id = e.item_id JOIN codings c ON c.id = e.coding_id
JOIN segments s ON s.id = c.segment_id JOIN sources src ON src.id = s.source_id
LEFT JOIN participants p ON p.id = s.participant_id
WHERE i.map_id = ? AND c.status != 'rejected'
ORDER BY e.item_id, COALESCE(c.confidence, 1) DESC, src.name, c.start
"""


def read_map(con, map_id: int, persona: Persona, framework: dict, lang: str,
             min_confidence: float = 0.0, project: str = "", eff: pd.DataFrame | None = None) -> JourneyMap:
    if eff is None:
        eff = labelled_segments(con, persona, framework, min_confidence)
    valence_of = dict(zip(eff["segment_id"], eff["valence"])) if not eff.empty else {}
    quotes = attach_text(con, pd.read_sql_query(QUOTES_SQL, con, params=(map_id,)))
    by_item = {k: g for k, g in quotes.groupby("item_id")}
    items = []
    for r in con.execute("SELECT * FROM map_items WHERE map_id=? ORDER BY lane, phase, position, id", (map_id,)):
        q = by_item.get(r["id"])
        item = MapItem(lane=r["lane"], phase=r["phase"], statement=r["statement"], status=r["status"],
                       origin=r["origin"], key=r["key"], position=r["position"], id=r["id"])
        if q is not None:
            item.quotes = [Quote(coding_id=int(x.coding_id), segment_id=int(x.segment_id), text=x.text,
                                 source=x.source, source_id=int(x.source_id), start=int(x.start),
                                 end=int(x.end), participant=x.participant, speaker=x.speaker,
                                 t0=None if pd.isna(x.t0) else float(x.t0), language=x.language,
                                 origin=x.origin, confidence=None if pd.isna(x.confidence) else float(x.confidence))
                           for x in q.itertuples()]
            item.n_segments = int(q["segment_id"].nunique())
            item.n_participants = int(q["participant_id"].dropna().nunique())
            vals = [valence_of.get(s) for s in q["segment_id"].unique()]
            vals = [v for v in vals if v is not None and not pd.isna(v)]
            item.valence = round(sum(vals) / len(vals), 3) if vals else None
        items.append(item)
    phases = []
    for phase in framework["phases"]:
        sub = eff[eff["fphase"] == phase["id"]] if not eff.empty else eff
        val = sub["valence"].dropna() if "valence" in sub else pd.Series(dtype=float)
        phases.append(PhaseColumn(id=phase["id"], label=text_in(phase["label"], lang),
                                  classic=list(phase.get("classic") or []),
                                  description=text_in(phase.get("description"), lang),
                                  emotion=round(float(val.mean()), 3) if len(val) else None,
                                  emotion_n=int(len(val))))
    lanes = [Lane(id=l["id"], label=text_in(l["label"], lang), scope=l.get("scope", "phase"),
                  help=text_in(l.get("help", ""), lang)) for l in lane_defs()]
    n_part = int(eff["participant_id"].nunique()) if not eff.empty else 0
    return JourneyMap(persona=persona, framework=framework["id"],
                      framework_name=text_in(framework["name"], lang), language=lang, phases=phases,
                      lanes=lanes, items=items, n_participants=n_part, n_segments=int(len(eff)),
                      project=project, generated_at=now(), id=map_id)


def persona_from_row(row) -> Persona:
    return Persona(id=row["id"], name=row["name"], summary=json.loads(row["summary"]),
                   rule=json.loads(row["rule"]), picture=row["picture"])
