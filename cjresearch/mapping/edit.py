"""A researcher's edits of a stored map: accept, reword, move, add, merge, reorder, delete items.
Each function runs inside the caller's transaction (the façade opens it) and raises
:class:`~cjresearch.errors.UserError` before writing when an item does not exist."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..errors import UserError
from ..tables import now

ITEM_STATUSES = ("proposed", "accepted", "removed")


def require_items(con, item_ids: list[int], path=None) -> dict:
    """The rows of these map items by id; one clear error naming the first that is missing."""
    rows = con.execute(f"SELECT * FROM map_items WHERE id IN ({','.join('?' * len(item_ids))})",
                       item_ids).fetchall() if item_ids else []
    found = {r["id"]: r for r in rows}
    missing = [i for i in item_ids if i not in found]
    if missing:
        raise UserError(f"no map item {missing[0]}", path=path)
    return found


def set_item(con, item_id: int, statement: str | None = None, status: str | None = None,
             position: int | None = None, path=None) -> None:
    if status is not None and status not in ITEM_STATUSES:
        raise UserError(f"unknown item status {status!r}", hint="proposed, accepted or removed")
    require_items(con, [item_id], path)
    if statement is not None:
        if not statement.strip():
            raise UserError("a map item needs a statement")
        con.execute("UPDATE map_items SET statement=?, edited=1, status='accepted', "
                    "updated_at=? WHERE id=?", (statement.strip(), now(), item_id))
    if status is not None:
        con.execute("UPDATE map_items SET status=?, updated_at=? WHERE id=?", (status, now(), item_id))
    if position is not None:
        con.execute("UPDATE map_items SET position=?, edited=1 WHERE id=?", (position, item_id))


def add_item(con, persona_id: int, framework_id: str, lane: str, statement: str, phase: str | None,
             coding_ids: Iterable[int] = ()) -> int:
    row = con.execute("SELECT id FROM maps WHERE persona_id=? AND framework=?",
                      (persona_id, framework_id)).fetchone()
    map_id = row["id"] if row else con.execute(
        "INSERT INTO maps(persona_id, framework, created_at, updated_at) VALUES (?,?,?,?)",
        (persona_id, framework_id, now(), now())).lastrowid
    item_id = con.execute(
        """INSERT INTO map_items(map_id, lane, phase, statement, status, origin, position, edited,
           updated_at) VALUES (?,?,?,?, 'accepted', 'manual', 100, 1, ?)""",
        (map_id, lane, phase, statement, now())).lastrowid
    con.executemany("INSERT INTO map_item_evidence(item_id, coding_id) VALUES (?,?)",
                    [(item_id, int(c)) for c in coding_ids])
    return item_id


def map_items(con, persona_id: int, framework_id: str) -> pd.DataFrame:
    return pd.read_sql_query(
        """SELECT i.id AS item_id, i.lane, i.phase, i.statement, i.status, i.origin, i.key,
                  i.position, i.edited, COUNT(e.coding_id) AS n_codings
           FROM map_items i JOIN maps m ON m.id = i.map_id
           LEFT JOIN map_item_evidence e ON e.item_id = i.id
           WHERE m.persona_id = ? AND m.framework = ?
           GROUP BY i.id ORDER BY i.lane, i.phase, i.position, i.id""",
        con, params=(persona_id, framework_id))


def merge_items(con, ids: list[int], statement: str | None = None, path=None) -> int:
    if len(set(ids)) < 2:
        raise UserError("pick at least two items to merge")
    found = require_items(con, ids, path)
    first = found[ids[0]]
    if len({r["map_id"] for r in found.values()}) > 1:
        raise UserError("items of different maps cannot be merged")
    text = (statement if statement is not None else first["statement"]).strip()
    if not text:
        raise UserError("a map item needs a statement")
    new_id = con.execute(
        """INSERT INTO map_items(map_id, lane, phase, statement, status, origin, position, edited,
           updated_at) VALUES (?,?,?,?, 'accepted', 'manual', ?, 1, ?)""",
        (first["map_id"], first["lane"], first["phase"], text, first["position"], now())).lastrowid
    con.execute(
        f"""INSERT OR IGNORE INTO map_item_evidence(item_id, coding_id)
            SELECT DISTINCT ?, coding_id FROM map_item_evidence
            WHERE item_id IN ({','.join('?' * len(ids))})""", [new_id, *ids])
    con.executemany("UPDATE map_items SET status='removed', edited=1, updated_at=? WHERE id=?",
                    [(now(), i) for i in ids])
    return new_id


def reorder_items(con, ids: list[int], path=None) -> None:
    require_items(con, ids, path)
    con.executemany("UPDATE map_items SET position=?, edited=1, updated_at=? WHERE id=?",
                    [(pos, now(), i) for pos, i in enumerate(ids)])


def delete_item(con, item_id: int, path=None) -> None:
    row = require_items(con, [item_id], path)[item_id]
    if row["origin"] != "manual":
        raise UserError("only your own items can be deleted", hint="remove a proposal instead")
    con.execute("DELETE FROM map_items WHERE id=?", (item_id,))
