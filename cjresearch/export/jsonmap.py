"""JSON of a map, schema ``cjresearch.map/1`` (``schemas/map-1.schema.json`` documents every
field), and the way back: :func:`load_json` validates a file and rebuilds the
:class:`~cjresearch.model.JourneyMap`, so a map exported, versioned in a repository or edited by
another tool renders again exactly as it was."""
from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources
from pathlib import Path

from ..errors import UserError
from ..model import JourneyMap, Lane, MapItem, Persona, PhaseColumn, Quote

SCHEMA = "cjresearch.map/1"


@functools.lru_cache(maxsize=1)
def json_schema() -> dict:
    return json.loads(resources.files("cjresearch").joinpath("export/schemas/map-1.schema.json").read_text("utf-8"))


def to_dict(journey: JourneyMap) -> dict:
    data = dataclasses.asdict(journey)
    data["schema"] = SCHEMA
    return data


def render_json(journey: JourneyMap) -> str:
    return json.dumps(to_dict(journey), ensure_ascii=False, indent=2)


def _pick(cls, data: dict) -> dict:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def from_dict(data: dict) -> JourneyMap:
    """The inverse of :func:`to_dict` (fields a later minor version adds are ignored)."""
    items = [MapItem(**{**_pick(MapItem, i), "quotes": [Quote(**_pick(Quote, q)) for q in i.get("quotes", [])]})
             for i in data["items"]]
    return JourneyMap(**{**_pick(JourneyMap, data), "persona": Persona(**_pick(Persona, data["persona"])),
                         "phases": [PhaseColumn(**_pick(PhaseColumn, p)) for p in data["phases"]],
                         "lanes": [Lane(**_pick(Lane, lane)) for lane in data["lanes"]], "items": items})


def validate(data, path=None) -> None:
    import jsonschema
    if isinstance(data, dict) and data.get("schema") not in (None, SCHEMA):
        raise UserError(f"map schema {data.get('schema')!r} is not one this version reads ({SCHEMA})", path=path,
                        hint="upgrade cjresearch")
    errors = sorted(jsonschema.Draft202012Validator(json_schema()).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "the top level"
        raise UserError(f"not a cjresearch map: at {where}: {first.message}", path=path,
                        hint=f"{len(errors)} problem(s); the schema is cjresearch/export/schemas/map-1.schema.json")


def load_json(path) -> JourneyMap:
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UserError("file not found", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"not valid JSON ({exc})", path=path) from None
    validate(data, path)
    for item in data["items"]:
        for q in item["quotes"]:
            if q["end"] <= q["start"]:
                raise UserError(f"quote of segment {q['segment_id']} has end {q['end']} <= start {q['start']}", path=path)
    return from_dict(data)
