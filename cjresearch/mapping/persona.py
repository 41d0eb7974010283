"""Personas select participants by their attributes.

Rule semantics: every key must match; a list means "one of"; ``{min, max}`` is an inclusive
numeric range; a scalar means equality (case- and accent-insensitive for text).

>>> matches({"household": "Family", "children": 2}, {"household": ["family"], "children": {"min": 1}})
True
"""
from __future__ import annotations

import json

from ..errors import UserError
from ..nlp import fold


def _number(value):
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _equal(value, wanted) -> bool:
    if value is None:
        return False
    a, b = _number(value), _number(wanted)
    if a is not None and b is not None:
        return a == b
    return fold(str(value).strip()) == fold(str(wanted).strip())


def matches(attributes: dict, rule: dict) -> bool:
    for key, cond in (rule or {}).items():
        value = attributes.get(key)
        if isinstance(cond, dict):
            number = _number(value)
            if number is None:
                return False
            if "min" in cond and number < float(cond["min"]):
                return False
            if "max" in cond and number > float(cond["max"]):
                return False
        elif isinstance(cond, (list, tuple, set)):
            if not any(_equal(value, c) for c in cond):
                return False
        elif not _equal(value, cond):
            return False
    return True


def validate_rule(rule, where="persona") -> dict:
    if rule is None:
        return {}
    if not isinstance(rule, dict):
        raise UserError("a persona rule must be a mapping of attribute -> condition", path=where)
    for key, cond in rule.items():
        if isinstance(cond, dict) and not set(cond) <= {"min", "max"}:
            raise UserError(f"rule for {key!r} may only use 'min' and 'max'", path=where)
        if isinstance(cond, dict) and any(_number(v) is None for v in cond.values()):
            raise UserError(f"rule for {key!r}: min/max must be numbers", path=where)
    return rule


def select_participants(con, rule: dict) -> list[int]:
    rows = con.execute("SELECT id, attributes FROM participants WHERE role='participant'").fetchall()
    return [r["id"] for r in rows if matches(json.loads(r["attributes"]), rule)]
