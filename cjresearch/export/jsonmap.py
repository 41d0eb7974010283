"""JSON rendering of a map (schema ``cjresearch.map/1``); the exports issue documents and
round-trips it."""
from __future__ import annotations

import dataclasses
import json

from ..model import JourneyMap

SCHEMA = "cjresearch.map/1"


def to_dict(journey: JourneyMap) -> dict:
    data = dataclasses.asdict(journey)
    data["schema"] = SCHEMA
    return data


def render_json(journey: JourneyMap) -> str:
    return json.dumps(to_dict(journey), ensure_ascii=False, indent=2)
